// Repair on clean text against repair on OCR text: what it changes in clean typed Vietnamese, and the word
// accuracy it reaches on mangled and scanned text, all from one run of the sources.
//
//   timeout 900 npx tsx bench/repair-clean.ts [--only clean,gold,real,renders] [--out /tmp/repair-clean] [--list 40]
//
// (a) clean: samples/real/records/*.txt, ../shared/gold/restored/*.txt and samples/text/*.txt as input: lines and words
//     repair changed (should be none), the changed words listed;
// (b) gold: ../shared/gold/raw -> ../shared/gold/restored word accuracy;
// (c) real: cached OCR of real pages (/tmp/real-final/*.ocr.txt, truth samples/real/truth) and renders
//     (/tmp/eval-<font>/*.ocr.json with the OCR word confidences, truth /tmp/renders-<font>/*.txt).
// Word accuracy is 1 - word edit distance / gold words over the whole text, tokens as
// ../shared/eval/score_text.py GOLD OUT --words splits them (its Python scorer is slow on whole notices).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { TextLineT } from '../src/record.js';
import { createRepairer } from '../src/repair/index.js';
import { toks, wordErrors } from './words.js';
import { loadRepairModel } from '../src/runtime/node/models.js';

const ROOT = new URL('../', import.meta.url).pathname;
const GOLD = join(ROOT, '../shared/gold');
const { values } = parseArgs({
  options: { only: { type: 'string' }, out: { type: 'string' }, list: { type: 'string' } },
});
const only = new Set((values.only ?? 'clean,gold,real,renders').split(','));
const OUT = values.out ?? '/tmp/repair-clean';
const LIST = Number(values.list ?? 40);
mkdirSync(OUT, { recursive: true });

const repairer = createRepairer(loadRepairModel());
const readLines = (f: string): string[] => readFileSync(f, 'utf8').replace(/\n$/, '').split('\n');
const txt = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.txt')).sort() : []);

interface Score { words: number; errors: number }
const score = (gold: string, out: string): Score => {
  return { words: toks(gold).length, errors: wordErrors(gold, out) };
};
const add = (a: Score, b: Score): Score => ({ words: a.words + b.words, errors: a.errors + b.errors });
const pct = (s: Score): string => `${(100 * (1 - s.errors / Math.max(1, s.words))).toFixed(2)}% (${s.errors} wrong of ${s.words})`;

const t0 = Date.now();

// (a) clean text through repair
if (only.has('clean')) {
  const sets: [string, string, string[]][] = [
    ['records', join(ROOT, 'samples/real/records'), txt(join(ROOT, 'samples/real/records'))],
    ['gold-restored', join(GOLD, 'restored'), txt(join(GOLD, 'restored'))],
    ['samples-text', join(ROOT, 'samples/text'), txt(join(ROOT, 'samples/text'))],
  ];
  for (const [label, dir, files] of sets) {
    let lines = 0;
    let changedLines = 0;
    let words = 0;
    const changed: string[] = [];
    mkdirSync(join(OUT, label), { recursive: true });
    for (const f of files) {
      const input = readLines(join(dir, f));
      const out = await repairer.repairLines(input);
      writeFileSync(join(OUT, label, f), out.join('\n') + '\n');
      for (let i = 0; i < input.length; i++) {
        const a = input[i].normalize('NFC');
        lines++;
        words += a.split(/\s+/).filter(Boolean).length;
        if (a === out[i]) continue;
        changedLines++;
        const aw = a.split(/\s+/).filter(Boolean);
        const bw = out[i].split(/\s+/).filter(Boolean);
        if (aw.length !== bw.length) changed.push(`${f}:${i + 1}: "${a}" -> "${out[i]}"`);
        else for (let k = 0; k < aw.length; k++) if (aw[k] !== bw[k]) changed.push(`${f}:${i + 1}: ${aw[k]} -> ${bw[k]}   (${aw.slice(Math.max(0, k - 3), k + 4).join(' ')})`);
      }
    }
    console.log(`clean ${label}: ${files.length} files, ${lines} lines, ${words} words: ${changedLines} lines changed, ${changed.length} words changed`);
    for (const c of changed.slice(0, LIST)) console.log(`  ${c}`);
    if (changed.length > LIST) console.log(`  ... ${changed.length - LIST} more`);
  }
}

// (b) gold raw -> restored
if (only.has('gold')) {
  let total: Score = { words: 0, errors: 0 };
  mkdirSync(join(OUT, 'gold'), { recursive: true });
  for (const f of txt(join(GOLD, 'raw'))) {
    const out = await repairer.repairLines(readLines(join(GOLD, 'raw', f)));
    writeFileSync(join(OUT, 'gold', f), out.join('\n') + '\n');
    const s = score(readFileSync(join(GOLD, 'restored', f), 'utf8'), out.join('\n'));
    total = add(total, s);
    console.log(`gold ${f}: ${pct(s)}`);
  }
  console.log(`gold raw -> restored: ${pct(total)}`);
}

// (c) real pages, cached OCR (text only: no word confidences kept)
if (only.has('real')) {
  const dir = '/tmp/real-final';
  let ocr: Score = { words: 0, errors: 0 };
  let rep: Score = { words: 0, errors: 0 };
  mkdirSync(join(OUT, 'real'), { recursive: true });
  for (const f of existsSync(dir) ? readdirSync(dir).filter((x) => x.endsWith('.ocr.txt')).sort() : []) {
    const name = f.replace(/\.ocr\.txt$/, '');
    const truthFile = join(ROOT, 'samples/real/truth', `${name}.txt`);
    if (!existsSync(truthFile)) continue;
    const input = readLines(join(dir, f));
    const out = await repairer.repairLines(input);
    writeFileSync(join(OUT, 'real', `${name}.txt`), out.join('\n') + '\n');
    const truth = readFileSync(truthFile, 'utf8');
    const a = score(truth, input.join('\n'));
    const b = score(truth, out.join('\n'));
    ocr = add(ocr, a);
    rep = add(rep, b);
    console.log(`real ${name}: ocr ${pct(a)}  +repair ${pct(b)}`);
  }
  console.log(`real pages: ocr ${pct(ocr)}  +repair ${pct(rep)}`);
}

// (c) renders, cached OCR with word confidences, repaired as the pipeline does
if (only.has('renders')) {
  const byVariant = new Map<string, { ocr: Score; rep: Score }>();
  for (const font of ['freeserif', 'liberation', 'dejavu', 'noto']) {
    const dir = `/tmp/eval-${font}`;
    if (!existsSync(dir)) continue;
    mkdirSync(join(OUT, `eval-${font}`), { recursive: true });
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.ocr.json')).sort()) {
      const m = /^(.*)\.([a-z0-9]+)\.(?:jpg|png)\.ocr\.json$/.exec(f);
      if (!m) continue;
      const truthFile = `/tmp/renders-${font}/${m[1]}.txt`;
      if (!existsSync(truthFile)) continue;
      const lines = JSON.parse(readFileSync(join(dir, f), 'utf8')) as TextLineT[];
      const out = (await repairer.repair(lines)).map((l) => l.text);
      writeFileSync(join(OUT, `eval-${font}`, f.replace(/\.ocr\.json$/, '.txt')), out.join('\n') + '\n');
      const truth = readFileSync(truthFile, 'utf8');
      const key = `${font} ${m[2]}`;
      const t = byVariant.get(key) ?? { ocr: { words: 0, errors: 0 }, rep: { words: 0, errors: 0 } };
      t.ocr = add(t.ocr, score(truth, lines.map((l) => l.text).join('\n')));
      t.rep = add(t.rep, score(truth, out.join('\n')));
      byVariant.set(key, t);
    }
  }
  let all = { ocr: { words: 0, errors: 0 }, rep: { words: 0, errors: 0 } };
  for (const [k, t] of byVariant) {
    console.log(`renders ${k.padEnd(22)} ocr ${pct(t.ocr)}  +repair ${pct(t.rep)}`);
    all = { ocr: add(all.ocr, t.ocr), rep: add(all.rep, t.rep) };
  }
  console.log(`renders all: ocr ${pct(all.ocr)}  +repair ${pct(all.rep)}`);
}
console.log(`(${((Date.now() - t0) / 1000).toFixed(0)} s; outputs in ${OUT})`);
