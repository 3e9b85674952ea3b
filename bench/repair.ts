// Repair speed: model load time and RSS, time for the largest dev notice, words/s on one core.
// usage: node --import tsx bench/repair.ts [FILE ...]   (default: the dev notices in ../shared/gold/raw)
// The machine's load average is printed at the end: figures taken under other load are not comparable.
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Decoder } from '../src/repair/decoder.js';
import { RepairModel } from '../src/repair/model.js';

const GOLD_RAW = new URL('../../shared/gold/raw', import.meta.url).pathname;

const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : readdirSync(GOLD_RAW)
        .sort()
        .map((f) => `${GOLD_RAW}/${f}`);
const docs = files.map((f) => readFileSync(f, 'utf8').replace(/\n$/, '').split('\n'));
const cpuMs = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1000;
const rss0 = process.memoryUsage().rss;
const t0 = performance.now();
const cl = process.cpuUsage();
const model = RepairModel.load();
const loadMs = performance.now() - t0;
const rss1 = process.memoryUsage().rss;
const words = (d: string[]): number => d.reduce((n, l) => n + (l.match(/\S+/g)?.length ?? 0), 0);

console.log(`model load ${loadMs.toFixed(0)} ms wall, ${cpuMs(process.cpuUsage(cl)).toFixed(0)} ms CPU, RSS +${((rss1 - rss0) / 2 ** 20).toFixed(0)} MB (total ${(rss1 / 2 ** 20).toFixed(0)} MB)`);

// cold: a fresh decoder (empty candidate cache) per document
for (let i = 0; i < docs.length; i++) {
  const dec = new Decoder(model);
  const t = performance.now();
  const c0 = process.cpuUsage();
  dec.decode(docs[i]);
  const ms = performance.now() - t;
  const cpu = cpuMs(process.cpuUsage(c0));
  console.log(`${files[i].split('/').pop()}: ${docs[i].length} lines, ${words(docs[i])} words, cold ${ms.toFixed(1)} ms wall, ${cpu.toFixed(1)} ms CPU`);
}
// warm: the decoder as a server keeps it (candidate cache filled), with and without document adaptation
for (const adapt of [true, false]) {
  const dec = new Decoder(model);
  for (const d of docs) dec.decode(d, { adapt });
  let n = 0;
  let rounds = 0;
  const t = performance.now();
  const c1 = process.cpuUsage();
  while (performance.now() - t < 4000 || rounds < 2) {
    for (const d of docs) {
      dec.decode(d, { adapt });
      n += words(d);
    }
    rounds++;
  }
  const s = (performance.now() - t) / 1000;
  const cs = cpuMs(process.cpuUsage(c1)) / 1000;
  // the largest notice alone, several times: one run can meet a collection or another process
  const biggest = docs.reduce((a, b) => (a.length >= b.length ? a : b));
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < 9; r++) {
    const tb = performance.now();
    const cb = process.cpuUsage();
    dec.decode(biggest, { adapt });
    wall.push(performance.now() - tb);
    cpu.push(cpuMs(process.cpuUsage(cb)));
  }
  const med = (a: number[]): string => [...a].sort((x, y) => x - y)[a.length >> 1].toFixed(1);
  console.log(
    `warm, adapt ${adapt ? 'on ' : 'off'}: ${(n / s).toFixed(0)} words/s wall, ${(n / cs).toFixed(0)} words/s CPU over ${rounds} rounds; ` +
      `largest notice (${biggest.length} lines) median of 9: ${med(wall)} ms wall, ${med(cpu)} ms CPU (fastest ${Math.min(...wall).toFixed(1)} ms wall)`,
  );
}
console.log(`RSS at end ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
