// Learn the OCR-noise channel from (truth, OCR) page pairs made by ocr-pairs.ts: align tokens, then
// re-estimate character operation costs by hard-EM over the weighted edit distance (3 rounds), and
// keep frequent whole-token confusions. One table per OCR profile (eng, vie).
//
// usage: node --import tsx scripts/repair/train-channel.ts --pairs /tmp/rep/pairs1.jsonl --out models/channel
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Channel, type ChannelDefaults, type Op } from '../../src/repair/channel.js';
import { isSyllable } from '../../src/repair/text.js';
import { alignPage, type PairRecord } from './align.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const PAIRS = (args.get('pairs') ?? '/tmp/rep/pairs1.jsonl').split(',');
const OUT = args.get('out') ?? 'models/channel';
const MINTOK = Number(args.get('mintok') ?? 2);
const KEEP: Record<string, number> = { eng: 6, vie: 3.5 };

const recs: PairRecord[] = PAIRS.flatMap((p) =>
  readFileSync(p, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as PairRecord),
);


function learn(engine: string): void {
  const pairs: [string, string][] = [];
  // how often a word is read right, by OCR confidence (tenths)
  const confN = new Array(10).fill(0);
  const confRight = new Array(10).fill(0);
  for (const r of recs) {
    if (r.engine !== engine) continue;
    const conf = r.ocr.map((x) => x.words.map((w) => w.conf));
    for (const [t, o, c] of alignPage(r.truth, r.ocr.map((x) => x.text), conf)) {
      const tl = t.toLowerCase();
      if (!isSyllable(tl)) continue;
      pairs.push([tl, o.toLowerCase()]);
      if (c !== undefined) {
        const b = Math.max(0, Math.min(9, Math.floor(c / 10)));
        confN[b]++;
        if (tl === o.toLowerCase()) confRight[b]++;
      }
    }
  }
  let right = 0;
  for (const [t, o] of pairs) if (t === o) right++;
  console.error(`${engine}: ${pairs.length} aligned syllables, ${((100 * right) / pairs.length).toFixed(1)}% read right`);

  // keep: cost of leaving a non-syllable token as printed; tuned on the synthetic split, not learned
  const d: ChannelDefaults = { subSame: 1.5, sub: 3, ins: 2.5, del: 2.5, keep: Number(args.get(`keep-${engine}`) ?? KEEP[engine]) };
  let text = '';
  let ch = Channel.parse(engine, '');
  Object.assign(ch.d, d);
  for (let round = 0; round < 3; round++) {
    const tChar = new Map<string, number>();
    const sub = new Map<string, number>();
    const del = new Map<string, number>();
    const ins = new Map<string, number>();
    const split = new Map<string, number>();
    let obsChars = 0;
    const inc = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);
    for (const [t, o] of pairs) {
      const ops: Op[] = [];
      ch.cost(t, o, ops);
      obsChars += [...o].length;
      for (let k = 0; k < ops.length; k++) {
        const op = ops[k];
        if (op.t) inc(tChar, op.t);
        if (op.t && op.o.length === 2) inc(split, op.t + '\t' + op.o);
        else if (op.t && op.o) inc(sub, op.t + '\t' + op.o);
        else if (op.t) inc(del, op.t);
        else {
          inc(ins, op.o);
          // a letter read as two glyphs: substitution next to an insertion
          const prev = ops[k - 1];
          const next = ops[k + 1];
          if (prev?.t && prev.o.length === 1) inc(split, prev.t + '\t' + prev.o + op.o);
          if (next?.t && next.o.length === 1) inc(split, next.t + '\t' + op.o + next.o);
        }
      }
    }
    const rows: string[] = [];
    const lc = (n: number, tot: number): string => (-Math.log10(n / tot)).toFixed(3);
    for (const [k, n] of sub) {
      const t = k.split('\t')[0];
      if (n >= 2) rows.push(`sub\t${k}\t${lc(n, (tChar.get(t) ?? 0) + 1)}`);
    }
    for (const [k, n] of split) {
      const t = k.split('\t')[0];
      if (n >= 3) rows.push(`split\t${k}\t${lc(n, (tChar.get(t) ?? 0) + 1)}`);
    }
    for (const [t, n] of del) if (n >= 2) rows.push(`del\t${t}\t\t${lc(n, (tChar.get(t) ?? 0) + 1)}`);
    for (const [o, n] of ins) if (n >= 2) rows.push(`ins\t\t${o}\t${lc(n, obsChars)}`);
    // unseen operations: a little less likely than the rarest seen ones
    let totalSub = 0;
    for (const n of sub.values()) totalSub += n;
    d.sub = Number((-Math.log10(1 / (totalSub + 1)) * 0.75).toFixed(3));
    d.subSame = Number((d.sub * 0.6).toFixed(3));
    d.ins = Number(lc(1, obsChars + 1));
    d.del = Number(lc(1, obsChars + 1));
    text =
      `# channel ${engine}: learned from ${pairs.length} aligned syllables (round ${round + 1})\n` +
      Object.entries(d)
        .map(([k, v]) => `default\t${k}\t${v}`)
        .join('\n') +
      '\n' +
      rows.sort().join('\n') +
      '\n';
    ch = Channel.parse(engine, text);
    console.error(`${engine} round ${round + 1}: ${rows.length} operations`);
  }
  // whole-token confusions
  const tok = new Map<string, number>();
  const tCount = new Map<string, number>();
  for (const [t, o] of pairs) {
    tok.set(t + '\t' + o, (tok.get(t + '\t' + o) ?? 0) + 1);
    tCount.set(t, (tCount.get(t) ?? 0) + 1);
  }
  const tokRows: string[] = [];
  for (const [k, n] of tok) {
    if (n < MINTOK) continue;
    const [t, o] = k.split('\t');
    if (t === o) continue;
    tokRows.push(`tok\t${t}\t${o}\t${(-Math.log10(n / (tCount.get(t)! + 1))).toFixed(3)}`);
  }
  text += tokRows.sort().join('\n') + '\n';
  // confidence calibration: cost added to every reading other than the word as printed, from the
  // log odds of a word at that confidence being right against the odds of any word being right
  let n = 0;
  let ok = 0;
  for (let b = 0; b < 10; b++) (n += confN[b]), (ok += confRight[b]);
  if (n > 0) {
    const odds = (a: number, m: number): number => (a + 1) / (m - a + 1);
    const base = Math.log10(odds(ok, n));
    for (let b = 0; b < 10; b++) {
      if (confN[b] < 50) continue;
      text += `conf\t${b}\t\t${(Math.log10(odds(confRight[b], confN[b])) - base).toFixed(3)}\n`;
    }
  }
  mkdirSync(OUT, { recursive: true });
  writeFileSync(`${OUT}/${engine}.tsv`, text);
  console.error(`${engine}: wrote ${OUT}/${engine}.tsv (${tokRows.length} token confusions)`);
}

for (const e of ['eng', 'vie']) if (recs.some((r) => r.engine === e)) learn(e);
