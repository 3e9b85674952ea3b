// Synthetic test: held-out corpus paragraphs (split 2, never used for LM or channel training) rendered
// and OCR'd by ocr-pairs.ts, then repaired. Word accuracy before/after per OCR engine, scored like
// score_text.py --words (page level: OCR may merge or drop lines).
//
// make the set:  node --import tsx scripts/repair/ocr-pairs.ts --split 2 --pages 30 --seed 99 --out /tmp/rep/pairs2.jsonl
// score:         node --import tsx scripts/repair/eval-synthetic.ts --pairs /tmp/rep/pairs2.jsonl
//                [--models DIR] [--uniform 1] [--order 2] [--profile eng|vie|auto] [--conf 1] [--trust 93] [--adapt 0]
//                [--sample 0.25] [--beam 4]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Decoder } from '../../src/repair/decoder.js';
import { loadRepairModel } from '../../src/runtime/node/models.js';
import { normText } from '../../src/repair/text.js';
import { levenshtein } from '../../src/text/distance.js';
import { alignPage, type PairRecord } from './align.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const PAIRS = args.get('pairs') ?? '/tmp/rep/pairs2.jsonl';
const models = args.get('models');
const dec = new Decoder(loadRepairModel(models ? pathToFileURL(resolve(models) + '/') : undefined));

function words(s: string): string[] {
  return normText(s)
    .replace(/([^\p{L}\p{N}_\s])/gu, ' $1 ')
    .split(/\s+/)
    .filter((t) => /[\p{L}\p{N}_]/u.test(t));
}

const stats = new Map<string, { n: number; before: number; after: number; pages: number; rb: number; ra: number }>();
// words of the truth read exactly right, among words the OCR kept (junk from specks left out)
const right = (truth: string[], out: string[]): number =>
  alignPage(truth, out).filter(([t, o]) => normText(t) === normText(o)).length;
for (const line of readFileSync(PAIRS, 'utf8').split('\n')) {
  if (!line) continue;
  const r = JSON.parse(line) as PairRecord;
  const ocrLines = r.ocr.map((o) => o.text);
  const res = dec.decode(ocrLines, {
    profile: args.get('profile') ?? 'auto',
    uniformChannel: args.get('uniform') === '1',
    lmOrder: args.has('order') ? Number(args.get('order')) : undefined,
    channelWeight: args.has('mu') ? Number(args.get('mu')) : undefined,
    trustConfidence: args.has('trust') ? Number(args.get('trust')) : undefined,
    adapt: args.has('adapt') ? args.get('adapt') === '1' : undefined,
    adaptSample: args.has('sample') ? Number(args.get('sample')) : undefined,
    beam: args.has('beam') ? Number(args.get('beam')) : undefined,
  }, args.get('conf') === '1' ? r.ocr.map((o) => o.words.map((w) => w.conf)) : undefined);
  const gold = words(r.truth.join('\n'));
  const before = levenshtein(gold, words(ocrLines.join('\n')));
  const after = levenshtein(gold, words(res.map((x) => x.text).join('\n')));
  let s = stats.get(r.engine);
  if (!s) stats.set(r.engine, (s = { n: 0, before: 0, after: 0, pages: 0, rb: 0, ra: 0 }));
  s.rb += right(r.truth, ocrLines);
  s.ra += right(r.truth, res.map((x) => x.text));
  s.n += gold.length;
  s.before += before;
  s.after += after;
  s.pages++;
}
for (const [engine, s] of stats) {
  console.log(
    `${engine}: ${s.pages} pages, ${s.n} words: word accuracy before ${(1 - s.before / s.n).toFixed(4)} after ${(1 - s.after / s.n).toFixed(4)}; ` +
      `words right before ${(s.rb / s.n).toFixed(4)} after ${(s.ra / s.n).toFixed(4)}`,
  );
}
