// Extraction on real documents that have no gold record: splits the corpus' administrative texts into
// documents and prints, per document, what extraction finds, so a person can read it against the text.
// A generalisation check beside the scored dev set (the dev notices are three; offices send every kind).
//
//   npx tsx scripts/review-corpus.ts [--kind "THÔNG BÁO"] [--n 6] [--seed 1] [--directives] [--out DIR]
//
// --kind: the kind line as printed (THÔNG BÁO, KẾ HOẠCH, CHỈ THỊ, QUYẾT ĐỊNH, NGHỊ QUYẾT, BÁO CÁO), or CÔNG VĂN (default: all)
// --directives: one line per directive (section, lead/cooperating agencies, deadline, text)
// --out: also write each document's text and record there (never into the repository: corpus text)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { extractText } from '../src/extract/index.js';
import { loadGazetteer } from '../src/runtime/node/models.js';

const { values } = parseArgs({
  options: {
    kind: { type: 'string' },
    n: { type: 'string' },
    seed: { type: 'string' },
    directives: { type: 'boolean' },
    out: { type: 'string' },
    corpus: { type: 'string' },
  },
});
const corpus = resolve(values.corpus ?? new URL('../../shared/corpus/tvpl_vanban.txt', import.meta.url).pathname);
const perKind = Number(values.n ?? 6);
const KINDS = ['THÔNG BÁO', 'KẾ HOẠCH', 'CHỈ THỊ', 'QUYẾT ĐỊNH', 'NGHỊ QUYẾT', 'BÁO CÁO', 'CÔNG VĂN'];
const kinds = values.kind ? [values.kind.toUpperCase()] : KINDS;

// a document starts one line above its "Số: ..." line (the issuer) and ends at "Nơi nhận" or the next one
const lines = readFileSync(corpus, 'utf8').split('\n');
const starts = lines.flatMap((l, i) => (/^Số: ?\S+/.test(l) ? [i] : []));
const docs: { kind: string; lines: string[] }[] = [];
starts.forEach((s, k) => {
  const end = k + 1 < starts.length ? starts[k + 1] - 1 : lines.length;
  let body = lines.slice(Math.max(0, s - 1), end);
  const close = body.findIndex((l) => l.startsWith('Nơi nhận'));
  if (close >= 0) body = body.slice(0, close + 1);
  // a công văn prints no kind line: its "V/v" subject or "Kính gửi" marks it
  const letter = lines.slice(s, s + 8).some((l) => /^V\/v\b|^Kính gửi/u.test(l.trim())) ? 'CÔNG VĂN' : undefined;
  const kind = lines.slice(s + 1, s + 4).find((l) => KINDS.includes(l.trim()))?.trim() ?? letter;
  if (kind && kinds.includes(kind) && body.length >= 15) docs.push({ kind, lines: body });
});

// a seeded shuffle, so a review can be repeated and shared
let state = Number(values.seed ?? 1) >>> 0 || 1;
const rand = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const picked: typeof docs = [];
for (const kind of kinds) {
  const pool = docs.filter((d) => d.kind === kind);
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  picked.push(...pool.slice(0, perKind));
}
if (values.out) mkdirSync(values.out, { recursive: true });

const short = (s: string | null | undefined, n: number) => (s ?? '-').replace(/\s+/g, ' ').slice(0, n);
const totals = { docs: 0, directives: 0, lead: 0, deadline: 0 };
for (const [i, d] of picked.entries()) {
  const name = `${d.kind.replace(/\s+/g, '_')}_${i}`;
  const rec = await extractText(d.lines.join('\n'), { id: name, doc: `${name}.txt`, gazetteer: await loadGazetteer() });
  const ds = rec.directives;
  const lead = ds.filter((x) => x.assignees.some((a) => a.role === 'lead')).length;
  const due = ds.filter((x) => x.deadline).length;
  totals.docs++;
  totals.directives += ds.length;
  totals.lead += lead;
  totals.deadline += due;
  console.log(
    `${name.padEnd(16)} ${String(d.lines.length).padStart(4)} lines  ${short(rec.doc_type, 20).padEnd(20)} ${short(rec.number, 16).padEnd(16)} ` +
      `directives ${String(ds.length).padStart(3)} (lead ${lead}, deadline ${due})  refs ${rec.references.length}  stats ${rec.statistics.length}  | ${short(rec.title, 70)}`,
  );
  if (values.directives) {
    for (const x of ds) {
      const who = x.assignees.map((a) => `${a.role === 'lead' ? '' : '+'}${a.agency}`).join('; ');
      const due1 = x.deadline ? (x.deadline.date ?? x.deadline.rule ?? x.deadline.kind) : '';
      console.log(`    ${short(x.section, 10).padEnd(10)} ${short(who, 50).padEnd(50)} ${String(due1).padEnd(12)} ${short(x.text, 90)}`);
    }
  }
  if (values.out) {
    writeFileSync(join(values.out, `${name}.txt`), d.lines.join('\n') + '\n');
    writeFileSync(join(values.out, `${name}.json`), JSON.stringify(rec, null, 2));
  }
}
console.log(
  `\n${totals.docs} documents of ${docs.length} (${kinds.join(', ')}): ${totals.directives} directives, ${totals.lead} with a lead, ${totals.deadline} with a deadline`,
);
