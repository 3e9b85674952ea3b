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
import { toks, wordErrors } from './words.js';

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
    const lines = [...text].map(confuse).join('').split('\n');
    const confidences = lines.map((l) => l.split(/\s+/).filter(Boolean).map(() => 96));
    words += toks(text).length;
    before += wordErrors(text, lines.join('\n'));
    plain += wordErrors(text, (await repairer.repairLines(lines, { profile: 'vie', confidences, adapt: false })).join('\n'));
    adapted += wordErrors(text, (await repairer.repairLines(lines, { profile: 'vie', confidences, adapt: true })).join('\n'));
  }
  console.log(`| ${name} | ${words} | ${pct(before, words)} | ${pct(plain, words)} | ${pct(adapted, words)} |`);
}
