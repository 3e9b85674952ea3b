// Repair the dev notices (gold/raw) and score them with the shared scorer.
// usage: node --import tsx scripts/repair/eval-dev.ts [--models DIR] [--uniform 1] [--order 2]
//        [--mu 1] [--profile eng] [--out /tmp/rep/dev] [--diff 1] [--adapt 0] [--beta 30]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { Decoder } from '../../src/repair/decoder.js';
import { loadRepairModel } from '../../src/runtime/node/models.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const GOLD = args.get('gold') ?? '../shared/gold';
const OUT = args.get('out') ?? '/tmp/rep/dev';
const models = args.get('models');
const model = loadRepairModel(models ? pathToFileURL(resolve(models) + '/') : undefined);
const dec = new Decoder(model);
mkdirSync(OUT, { recursive: true });
let tot = 0;
let err = 0;
for (const f of readdirSync(`${GOLD}/raw`).sort()) {
  const lines = readFileSync(`${GOLD}/raw/${f}`, 'utf8').replace(/\n$/, '').split('\n');
  const t0 = performance.now();
  const res = dec.decode(lines, {
    profile: args.get('profile') ?? 'auto',
    uniformChannel: args.get('uniform') === '1',
    lmOrder: args.has('order') ? Number(args.get('order')) : undefined,
    channelWeight: args.has('mu') ? Number(args.get('mu')) : undefined,
    adapt: args.has('adapt') ? args.get('adapt') === '1' : undefined,
    adaptWeight: args.has('beta') ? Number(args.get('beta')) : undefined,
  });
  const ms = performance.now() - t0;
  writeFileSync(`${OUT}/${f}`, res.map((r) => r.text).join('\n') + '\n');
  const score = execFileSync('python3', [`${GOLD}/../eval/score_text.py`, `${GOLD}/restored/${f}`, `${OUT}/${f}`, '--lines', '--words'])
    .toString()
    .trim();
  const m = score.match(/tokens (\d+) token_errors (\d+)/)!;
  tot += Number(m[1]);
  err += Number(m[2]);
  console.log(`${f}: ${score} (${res.length}/${lines.length} lines, ${ms.toFixed(0)} ms)`);
  if (args.get('diff') === '1') {
    const gold = readFileSync(`${GOLD}/restored/${f}`, 'utf8').split('\n');
    res.forEach((r, i) => {
      const g = gold[i] ?? '';
      const a = r.text.split(/\s+/);
      const b = g.split(/\s+/);
      const bad: string[] = [];
      for (let k = 0; k < Math.max(a.length, b.length); k++) if (a[k] !== b[k]) bad.push(`${lines[i].split(/\s+/)[k]}->${a[k]}|${b[k]}`);
      if (bad.length) console.log(`  ${i + 1}: ${bad.join('  ')}`);
    });
  }
}
console.log(`ALL: word accuracy ${(1 - err / tot).toFixed(4)} (${err} errors / ${tot})`);
