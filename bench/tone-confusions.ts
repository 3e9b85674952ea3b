// Systematic tone-mark and vowel confusions, as a scan in an unfamiliar font makes them on every page:
// each restored dev notice with one confusion applied to every syllable that has it (hỏi read as sắc, ngã as
// sắc, nặng lost, ơ read as ô, ư as u), every word given OCR confidence 96 (the OCR was sure), then
// repaired. Words right before and after repair, with and without the document adaptation (the second
// pass whose substitution costs are learned from the document's own decoded words).
//
//   timeout 600 npx tsx bench/tone-confusions.ts
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRepairer } from '../src/repair/index.js';
import { loadRepairModel } from '../src/runtime/node/models.js';

const ROOT = new URL('../', import.meta.url).pathname;
const RESTORED = join(ROOT, '../shared/gold/restored');
if (!existsSync(RESTORED)) {
  console.error(`${RESTORED} is missing: nothing to measure`);
  process.exit(0);
}

const decomposed = (c: string) => c.normalize('NFD');
const confusions: Record<string, (c: string) => string> = {
  'hỏi → sắc': (c) => decomposed(c).replace('\u0309', '\u0301').normalize('NFC'),
  'ngã → sắc': (c) => decomposed(c).replace('\u0303', '\u0301').normalize('NFC'),
  'nặng lost': (c) => decomposed(c).replace('\u0323', '').normalize('NFC'),
  'ơ → ô': (c) => decomposed(c).replace(/([oO])\u031b/, '$1\u0302').normalize('NFC'),
  'ư → u': (c) => decomposed(c).replace(/([uU])\u031b/, '$1').normalize('NFC'),
};

const toks = (s: string) =>
  s
    .normalize('NFC')
    .replace(/([^\p{L}\p{N}_\s])/gu, ' $1 ')
    .split(/\s+/)
    .filter((t) => /[\p{L}\p{N}_]/u.test(t));

function wrong(gold: string[], out: string[]): number {
  let prev = Array.from({ length: out.length + 1 }, (_, j) => j);
  for (let i = 1; i <= gold.length; i++) {
    const cur = [i];
    for (let j = 1; j <= out.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (gold[i - 1] === out[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[out.length];
}

const repairer = createRepairer(loadRepairModel());
const files = readdirSync(RESTORED).filter((f) => f.endsWith('.txt')).sort();
const pct = (n: number, of: number) => `${((100 * (of - n)) / of).toFixed(2)}%`;
console.log('| confusion | words | confused | after repair | after repair, adapted |');
console.log('|---|---|---|---|---|');
for (const [name, confuse] of [['none', (c: string) => c] as const, ...Object.entries(confusions)]) {
  let words = 0;
  let before = 0;
  let plain = 0;
  let adapted = 0;
  for (const f of files) {
    const text = readFileSync(join(RESTORED, f), 'utf8').normalize('NFC');
    const gold = toks(text);
    const lines = [...text].map(confuse).join('').split('\n');
    const confidences = lines.map((l) => l.split(/\s+/).filter(Boolean).map(() => 96));
    words += gold.length;
    before += wrong(gold, toks(lines.join('\n')));
    plain += wrong(gold, toks((await repairer.repairLines(lines, { profile: 'vie', confidences, adapt: false })).join('\n')));
    adapted += wrong(gold, toks((await repairer.repairLines(lines, { profile: 'vie', confidences, adapt: true })).join('\n')));
  }
  console.log(`| ${name} | ${words} | ${pct(before, words)} | ${pct(plain, words)} | ${pct(adapted, words)} |`);
}
