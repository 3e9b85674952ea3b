// Repair speed: model load time and RSS, time for the largest dev notice, words/s on one core.
// usage: node --import tsx bench/repair.ts [--src] [FILE ...]   (default: the dev notices in ../shared/gold/raw)
// Times the build that the CLI and server run (dist/, after `npm run build`); --src times the TypeScript
// sources through tsx instead (about 5% slower in interleaved runs).
// The machine's load average is printed at the end: figures taken under other load are not comparable.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type * as DecoderModule from '../src/repair/decoder.js';
import type * as ModelModule from '../src/runtime/node/models.js';

const args = process.argv.slice(2).filter((a) => a !== '--src');
const dist = new URL('../dist/repair/', import.meta.url);
const built = !process.argv.includes('--src') && existsSync(new URL('decoder.js', dist));
const from = built ? dist : new URL('../src/repair/', import.meta.url);
const { Decoder } = (await import(new URL('decoder.js', from).href)) as typeof DecoderModule;
const { loadRepairModel } = (await import(new URL('../runtime/node/models.js', from).href)) as typeof ModelModule;
console.log(`timing ${built ? 'the build (dist/)' : 'the sources (src/, through tsx)'}`);

const GOLD_RAW = new URL('../../shared/gold/raw', import.meta.url).pathname;

const files =
  args.length > 0
    ? args
    : readdirSync(GOLD_RAW)
        .sort()
        .map((f) => `${GOLD_RAW}/${f}`);
const docs = files.map((f) => readFileSync(f, 'utf8').replace(/\n$/, '').split('\n'));
const cpuMs = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1000;
const rss0 = process.memoryUsage().rss;
const t0 = performance.now();
const cl = process.cpuUsage();
const model = loadRepairModel();
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
// warm: the decoder as a server keeps it (candidate cache filled), with and without document adaptation,
// alternating round by round so both see the same machine (its speed drifts over minutes)
const modes = [true, false];
const decs = modes.map(() => new Decoder(model));
modes.forEach((adapt, m) => { for (const d of docs) decs[m].decode(d, { adapt }); });
const n = [0, 0];
const secs = [0, 0];
const cpus = [0, 0];
let rounds = 0;
const t = performance.now();
while (performance.now() - t < 8000 || rounds < 2) {
  modes.forEach((adapt, m) => {
    const tw = performance.now();
    const c1 = process.cpuUsage();
    for (const d of docs) {
      decs[m].decode(d, { adapt });
      n[m] += words(d);
    }
    secs[m] += (performance.now() - tw) / 1000;
    cpus[m] += cpuMs(process.cpuUsage(c1)) / 1000;
  });
  rounds++;
}
// the largest notice alone, several times: one run can meet a collection or another process
const biggest = docs.reduce((a, b) => (a.length >= b.length ? a : b));
const wall: number[][] = [[], []];
const cpu: number[][] = [[], []];
for (let r = 0; r < 9; r++) {
  modes.forEach((adapt, m) => {
    const tb = performance.now();
    const cb = process.cpuUsage();
    decs[m].decode(biggest, { adapt });
    wall[m].push(performance.now() - tb);
    cpu[m].push(cpuMs(process.cpuUsage(cb)));
  });
}
const med = (a: number[]): string => [...a].sort((x, y) => x - y)[a.length >> 1].toFixed(1);
modes.forEach((adapt, m) => {
  console.log(
    `warm, adapt ${adapt ? 'on ' : 'off'}: ${(n[m] / secs[m]).toFixed(0)} words/s wall, ${(n[m] / cpus[m]).toFixed(0)} words/s CPU over ${rounds} rounds; ` +
      `largest notice (${biggest.length} lines) median of 9: ${med(wall[m])} ms wall, ${med(cpu[m])} ms CPU (fastest ${Math.min(...wall[m]).toFixed(1)} ms wall)`,
  );
});
console.log(`RSS at end ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
