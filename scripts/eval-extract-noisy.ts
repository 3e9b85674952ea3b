// Extraction on synthetic OCR noise: the committed sample notices (samples/text/*.txt with their
// .expected.json) degraded the way the dev OCR degrades text, then repaired and extracted, and
// scored against the expected records with ../shared/eval/score_extract.py.
// The noise is a character channel learned from the dev set: ../shared/gold/raw (OCR) aligned line
// by line with ../shared/gold/restored (truth), word by word where a line has as many words on
// both sides, then character by character (edit-distance backtrace). It is applied at random with a
// fixed seed, several seeds per notice.
// usage: npx tsx scripts/eval-extract-noisy.ts [--seeds N] [--rate X] [--out DIR] [--no-repair] [--dir DIR]
//   --rate scales the learned error rate (1 = as in the dev OCR)
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { extractText } from '../src/extract/index.js';
import { lazyRepairer, loadGazetteer } from '../src/runtime/node/models.js';
import { rng, ScoreTable, scoreExtract } from './eval-lib.js';

const repairer = lazyRepairer();
const gazetteer = await loadGazetteer();

const argv = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const seeds = Number(opt('seeds', '3'));
const rate = Number(opt('rate', '1'));
const outDir = resolve(opt('out', '/tmp/vanban-extract-noisy'));
const useRepair = !argv.includes('--no-repair');
const rawDir = resolve('../shared/gold/raw');
const truthDir = resolve('../shared/gold/restored');
// --dir: another set of notices with NAME.expected.json beside each NAME.txt (e.g. corpus documents
// written out by scripts/review-corpus.ts --out, their clean-text records standing as expected: robustness)
const sampleDir = resolve(opt('dir', 'samples/text'));
const scorer = resolve('../shared/eval/score_extract.py');
mkdirSync(outDir, { recursive: true });

/** Character alignment of a truth word to its OCR reading: for each truth char, what OCR wrote. */
function alignChars(t: string, o: string): string[] {
  const n = t.length, m = o.length;
  const d: number[][] = Array.from({ length: n + 1 }, (_, i) => Array.from({ length: m + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= n; i++)
    for (let j = 1; j <= m; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (t[i - 1] === o[j - 1] ? 0 : 1));
  const out: string[] = new Array(n).fill('');
  let i = n, j = m;
  const extra: string[] = [];
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && d[i][j] === d[i - 1][j - 1] + (t[i - 1] === o[j - 1] ? 0 : 1)) {
      out[i - 1] = o[j - 1] + extra.splice(0).join('');
      i--, j--;
    } else if (j > 0 && (i === 0 || d[i][j] === d[i][j - 1] + 1)) {
      extra.unshift(o[j - 1]); // an inserted char goes with the truth char before it
      j--;
    } else {
      out[i - 1] = extra.splice(0).join('');
      i--;
    }
  }
  if (extra.length && n) out[0] = extra.join('') + out[0];
  return out;
}

/** Channel: truth char -> list of (OCR string, count). */
function learnChannel(): Map<string, Map<string, number>> {
  const ch = new Map<string, Map<string, number>>();
  for (const f of readdirSync(rawDir).filter((x) => x.endsWith('.txt'))) {
    const raw = readFileSync(join(rawDir, f), 'utf8').normalize('NFC').split('\n');
    const truth = readFileSync(join(truthDir, f), 'utf8').normalize('NFC').split('\n');
    for (let k = 0; k < Math.min(raw.length, truth.length); k++) {
      const tw = truth[k].split(/\s+/).filter(Boolean);
      const ow = raw[k].split(/\s+/).filter(Boolean);
      if (tw.length !== ow.length) continue;
      tw.forEach((t, x) => {
        const o = ow[x];
        if (o.length > t.length * 2 + 2) return; // junk, not a reading of the word
        alignChars(t, o).forEach((got, c) => {
          let m = ch.get(t[c]);
          if (!m) ch.set(t[c], (m = new Map()));
          m.set(got, (m.get(got) ?? 0) + 1);
        });
      });
    }
  }
  return ch;
}

function degrade(text: string, ch: Map<string, Map<string, number>>, rand: () => number): string {
  let out = '';
  for (const c of text.normalize('NFC')) {
    const m = ch.get(c);
    if (!m || c === '\n') {
      out += c;
      continue;
    }
    const total = [...m.values()].reduce((a, b) => a + b, 0);
    const keep = m.get(c) ?? 0;
    // with probability rate * P(error | c), draw an error reading in proportion to its count
    if (rand() >= Math.min(1, rate * (1 - keep / total))) {
      out += c;
      continue;
    }
    const errs = [...m.entries()].filter(([k]) => k !== c);
    let r = rand() * errs.reduce((a, [, n]) => a + n, 0);
    let pick = errs[errs.length - 1][0];
    for (const [k, n] of errs) if ((r -= n) < 0) { pick = k; break; }
    out += pick;
  }
  return out;
}

const channel = learnChannel();
const table = new ScoreTable('notice.seed');
for (const f of readdirSync(sampleDir).filter((x) => x.endsWith('.txt')).sort()) {
  const truth = readFileSync(join(sampleDir, f), 'utf8');
  const gold = join(sampleDir, f.replace(/\.txt$/, '.expected.json'));
  if (!existsSync(gold)) continue;
  for (let s = 1; s <= seeds; s++) {
    const noisy = degrade(truth, channel, rng(s * 7919 + f.length));
    const name = `${basename(f, '.txt')}.s${s}`;
    writeFileSync(join(outDir, `${name}.txt`), noisy);
    const text = useRepair ? (await repairer().repairLines(noisy.split('\n'))).join('\n') : noisy;
    writeFileSync(join(outDir, `${name}.repaired.txt`), text);
    const rec = await extractText(text, { id: basename(f, '.txt'), doc: f, gazetteer, rawText: noisy });
    const out = join(outDir, `${name}.json`);
    writeFileSync(out, JSON.stringify(rec, null, 2));
    table.add(name, scoreExtract(scorer, gold, out));
  }
}
table.print();
console.log(`noisy text, repaired text and records in ${outDir}${useRepair ? ' (noisy -> repairLines -> extract)' : ' (noisy -> extract)'}`);
