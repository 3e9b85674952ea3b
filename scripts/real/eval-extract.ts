// Extraction on real documents (samples/real/records, records read by hand): runs vanban's pipeline on
// each document, writes the record it produces and scores it against the hand-read one with
// ../shared/eval/score_extract.py, then prints a table per document and per kind (directive and assignee
// F1, and whether the issuer, the number and the date are right).
//
//   npx tsx scripts/real/eval-extract.ts [--from truth|scan] [--only qn-11-ct,anh12] [--out /tmp/vanban-eval-extract]
//
// The records vanban produced and report.md go to OUT/truth or OUT/scan.
//
// --from truth (default): the record's truth text (samples/real/records/<id>.txt) uploaded as a text file,
//   through the same path as a text upload (ingest -> repair -> extract).
// --from scan: the source scan or photo in ../shared/realscans (only the pages the record covers), through
//   ingest -> OCR -> repair -> extract. Documents that have no scan (the corpus texts) are run from their
//   text and marked "text" in the table. OCR is slow (~2 s a page on 2 cores): wrap the run in `timeout`.
// --no-repair (with --from truth): the same path with the repair stage left out (the text as typed goes to
//   extraction), to tell what repair changes in a clean text from what extraction misses.
// Needs ../shared (the scorer, and the scans for --from scan); skips with a message when it is absent.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultLimits } from '../../src/config.js';
import type { NoticeRecordT } from '../../src/record.js';
import { createPipeline } from '../../src/pipeline/create.js';
import { openRuntime } from '../../src/runtime/node/runtime.js';
import { levenshtein } from '../../src/text/distance.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const SHARED = resolve(ROOT, '../shared');
const RECORDS = join(ROOT, 'samples/real/records');

const { values } = parseArgs({
  options: {
    from: { type: 'string', default: 'truth' },
    only: { type: 'string' },
    out: { type: 'string' },
    workers: { type: 'string' },
    'no-repair': { type: 'boolean' },
  },
});
const from = values.from as string;
if (from !== 'truth' && from !== 'scan') {
  console.error('--from must be truth or scan');
  process.exit(2);
}
const scorer = join(SHARED, 'eval/score_extract.py');
if (!existsSync(scorer)) {
  console.error(`skipped: ${SHARED} is not here (the scorer ${scorer} is needed)`);
  process.exit(0);
}
if (from === 'scan' && !existsSync(join(SHARED, 'realscans'))) {
  console.error(`skipped: ${join(SHARED, 'realscans')} is not here (needed for --from scan)`);
  process.exit(0);
}

/** The hand-read record: the gold format of ../shared/gold/README.md plus the fields listed in samples/real/records/README.md. */
interface GoldRecord {
  doc: string;
  kind: string;
  issuer: string | null;
  date: string | null;
  number: string | null;
  number_handwritten?: boolean;
  number_printed?: string;
  issued_date?: string | null;
  issued_day_handwritten?: boolean;
  source: { file: string; pages: number[] | null };
  directives: unknown[];
}

const out = join(resolve(values.out ?? '/tmp/vanban-eval-extract'), values['no-repair'] && from === 'truth' ? 'truth-no-repair' : from);
mkdirSync(out, { recursive: true });
const only = values.only?.split(',').filter(Boolean);
const ids = readdirSync(RECORDS)
  .filter((f) => f.endsWith('.json'))
  .map((f) => basename(f, '.json'))
  .filter((id) => !only || only.includes(id))
  .sort();
if (!ids.length) {
  console.error(`no records${only ? ` among ${only.join(',')}` : ''} in ${RECORDS}`);
  process.exit(1);
}

// a fresh store each run: a record stored by an earlier run (an older extractor) is never returned
const dbPath = join(out, 'eval.db');
for (const f of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) rmSync(f, { force: true });
const rt = await openRuntime({ dbPath, limits: defaultLimits, ocrWorkers: Number(values.workers ?? 2) });
const noRepair = !!values['no-repair'] && from === 'truth';
// the runtime's own pipeline, or the same stages with an identity repair
const pipeline = noRepair
  ? createPipeline({ store: rt.store, limits: defaultLimits, gazetteer: rt.gazetteer, repair: async (lines) => lines })
  : rt.pipeline;

// ---- comparisons of the header fields
const fold = (s: string | null | undefined) =>
  (s ?? '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[ðđ]/g, 'đ')
    .replace(/uỷ/g, 'ủy')
    .replace(/hoà/g, 'hòa')
    .replace(/\bubnd\b/g, 'ủy ban nhân dân')
    .replace(/\bhđnd\b/g, 'hội đồng nhân dân')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
/** issuer right: the same body once folded (UBND = Ủy ban nhân dân, case, punctuation), edit similarity >= 0.85 */
function issuerOk(g: GoldRecord, o: NoticeRecordT): boolean {
  const a = fold(g.issuer);
  const b = fold(o.issuer);
  if (!a || !b) return a === b;
  return 1 - levenshtein(a, b) / Math.max(a.length, b.length) >= 0.85;
}
const numFold = (s: string | null | undefined) => (s ?? '').normalize('NFC').replace(/\s+/g, '').replace(/[Ðð]/g, 'Đ').toUpperCase();
/** 'ok', 'hw' (handwritten number flagged, printed part right) or 'no' */
function numberOk(g: GoldRecord, o: NoticeRecordT): string {
  if (numFold(o.number) === numFold(g.number)) return 'ok';
  if (g.number_handwritten && o.number_handwritten && g.number_printed && numFold(o.number) === numFold(g.number_printed)) return 'hw';
  return 'no';
}
/** 'ok', 'hw' (the day is handwritten and the record flags it) or 'no' */
function dateOk(g: GoldRecord, o: NoticeRecordT): string {
  if ((o.date ?? null) === (g.date ?? null)) return 'ok';
  if (g.date && g.issued_date === g.date && o.issued_date === g.date) return 'ok';
  if (g.issued_day_handwritten && o.issued_day_handwritten) return 'hw';
  return 'no';
}

// ---- run and score
interface Row {
  id: string;
  kind: string;
  input: string;
  gold: number;
  found: number;
  p: number;
  r: number;
  f1: number;
  af1: number;
  deadlines: string;
  issuer: boolean;
  number: string;
  date: string;
  seconds: number;
  issuerOut: string | null;
  numberOut: string | null;
  dateOut: string | null;
}
const rows: Row[] = [];
const failed: string[] = [];
for (const id of ids) {
  const goldFile = join(RECORDS, `${id}.json`);
  const gold = JSON.parse(readFileSync(goldFile, 'utf8')) as GoldRecord;
  const src = gold.source?.file ?? '';
  const scan = from === 'scan' && src.startsWith('realscans/') ? join(SHARED, src) : null;
  if (scan && !existsSync(scan)) {
    console.error(`${id}: ${scan} missing, skipped`);
    continue;
  }
  const bytes = scan ? readFileSync(scan) : readFileSync(join(RECORDS, `${id}.txt`));
  const filename = scan ? basename(scan) : `${id}.txt`;
  const t0 = Date.now();
  let record: NoticeRecordT;
  try {
    let doc = await pipeline.ingest({ bytes: new Uint8Array(bytes), filename });
    const pages = gold.source?.pages;
    // only the pages the record covers (e.g. a submission without the draft resolution attached to it)
    if (scan && pages?.length) doc = { ...doc, pages: doc.pages.filter((p) => pages.includes(p.number)) };
    ({ record } = await pipeline.complete(doc));
  } catch (err) {
    // one document's failure is reported and scored as nothing found; the others still run
    console.error(`${id}: the pipeline failed: ${(err as Error).message}`);
    failed.push(id);
    record = {
      id,
      doc: filename,
      doc_type: null,
      title: null,
      issuer: null,
      date: null,
      references: [],
      directives: [],
      statistics: [],
    } as unknown as NoticeRecordT;
  }
  const seconds = (Date.now() - t0) / 1000;
  const outFile = join(out, `${id}.json`);
  writeFileSync(outFile, `${JSON.stringify(record, null, 2)}\n`);
  const line = execFileSync('python3', [scorer, goldFile, outFile], { encoding: 'utf8' }).trim();
  const num = (re: RegExp) => Number(re.exec(line)?.[1] ?? Number.NaN);
  const row: Row = {
    id,
    kind: gold.kind,
    input: scan ? 'scan' : 'text',
    gold: gold.directives.length,
    found: record.directives.length,
    p: num(/directives P ([\d.]+)/),
    r: num(/ R ([\d.]+)/),
    f1: num(/directives P [\d.]+ R [\d.]+ F1 ([\d.]+)/),
    af1: num(/assignees F1 ([\d.]+)/),
    deadlines: /deadlines (\d+\/\d+)/.exec(line)?.[1] ?? '',
    issuer: issuerOk(gold, record),
    number: numberOk(gold, record),
    date: dateOk(gold, record),
    seconds,
    issuerOut: record.issuer,
    numberOut: record.number,
    dateOut: record.date ?? record.issued_date,
  };
  rows.push(row);
  console.error(`${id}: ${line} (${seconds.toFixed(1)} s)`);
}
await rt.close();

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '-');
const yes = (b: boolean) => (b ? 'ok' : 'no');
const docTable = [
  '| document | kind | input | directives gold / found | directive P / R / F1 | assignee F1 | deadlines | issuer | number | date |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.id} | ${r.kind} | ${r.input} | ${r.gold} / ${r.found} | ${f3(r.p)} / ${f3(r.r)} / ${f3(r.f1)} | ${f3(r.af1)} | ${r.deadlines} | ` +
      `${yes(r.issuer)} | ${r.number} | ${r.date} |`,
  ),
].join('\n');
const kinds = [...new Set(rows.map((r) => r.kind))];
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const count = (rs: Row[], f: (r: Row) => boolean) => `${rs.filter(f).length}/${rs.length}`;
const kindRow = (k: string, rs: Row[]) =>
  `| ${k} | ${rs.length} | ${rs.reduce((n, r) => n + r.gold, 0)} / ${rs.reduce((n, r) => n + r.found, 0)} | ${f3(mean(rs.map((r) => r.f1)))} | ` +
  `${f3(mean(rs.map((r) => r.af1)))} | ${count(rs, (r) => r.issuer)} | ${count(rs, (r) => r.number !== 'no')} | ${count(rs, (r) => r.date !== 'no')} |`;
const kindTable = [
  '| kind | documents | directives gold / found | mean directive F1 | mean assignee F1 | issuer right | number right | date right |',
  '|---|---|---|---|---|---|---|---|',
  ...kinds.map((k) =>
    kindRow(
      k,
      rows.filter((r) => r.kind === k),
    ),
  ),
  kindRow('all', rows),
].join('\n');
const header = rows
  .map((r) => `- ${r.id}: issuer ${JSON.stringify(r.issuerOut)}, number ${JSON.stringify(r.numberOut)}, date ${JSON.stringify(r.dateOut)}`)
  .join('\n');
const report = [
  `from ${from}${noRepair ? ' (no repair)' : ''}: ${rows.length} documents, ${rows.reduce((n, r) => n + r.seconds, 0).toFixed(1)} s`,
  '',
  docTable,
  '',
  kindTable,
  '',
  'number/date "hw": written by hand into the printed blank, and the record flags it (the printed part of the number is right).',
  '',
  ...(failed.length ? [`pipeline failures (scored as nothing found): ${failed.join(', ')}`, ''] : []),
  'What vanban read in the header:',
  header,
].join('\n');
writeFileSync(join(out, 'report.md'), `${report}\n`);
console.log(report);
console.error(`records and report.md in ${out}`);
