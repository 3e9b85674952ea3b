// Word accuracy on the real-document dev set (samples/real/truth): per page, per document and per
// condition, for plain `tesseract -l vie` on the same page image (the anchor), vanban's OCR alone and
// vanban's OCR + repair, all scored by ../shared/eval/score_text.py --words.
//
//   npx tsx scripts/real/eval-real.ts [--only qn-46-tb,anh12] [--out /tmp/vanban-real] [--workers 2] [--no-anchor]
//
// Needs ../shared/realscans (the documents are not in the repository) and, for the anchor, Debian's
// tesseract-ocr-vie and poppler-utils: installed here with apt-get when missing and run as root.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultLimits } from '../../src/config.js';
import { readImage } from '../../src/ingest/image.js';
import { ingest } from '../../src/ingest/index.js';
import { readPdf } from '../../src/ingest/pdf.js';
import { ocr } from '../../src/ocr/index.js';
import { createOcrPool } from '../../src/ocr/tesseract.js';
import { flattenLines } from '../../src/pipeline/types.js';
import { createRepairer } from '../../src/repair/index.js';
import { loadRepairModel } from '../../src/runtime/node/models.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const SHARED = resolve(ROOT, '../shared');
const TRUTH = join(ROOT, 'samples/real/truth');

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    out: { type: 'string' },
    workers: { type: 'string' },
    'no-anchor': { type: 'boolean' },
    // page preparation overrides, as in scripts/samples/eval-ocr.ts: --prep maxDpi=300,deskew=false
    prep: { type: 'string' },
    scorer: { type: 'string' },
  },
});

export interface TruthMeta {
  source: string;
  page: number;
  condition: string;
  kind: string;
}

if (!existsSync(join(SHARED, 'realscans'))) {
  console.error(`skipped: ${join(SHARED, 'realscans')} is not here`);
  process.exit(0);
}
const scorer = resolve(values.scorer ?? join(SHARED, 'eval/score_text.py'));
const out = resolve(values.out ?? '/tmp/vanban-real');
mkdirSync(out, { recursive: true });

function ensureAnchorTools(): boolean {
  const has = () => spawnSync('tesseract', ['--list-langs'], { encoding: 'utf8' }).stdout?.includes('vie') && spawnSync('pdftoppm', ['-v']).status === 0;
  if (has()) return true;
  if (process.getuid?.() === 0) {
    console.error('installing tesseract-ocr-vie and poppler-utils (apt-get)...');
    spawnSync('apt-get', ['install', '-y', '-q', 'tesseract-ocr-vie', 'poppler-utils'], { stdio: 'inherit' });
  }
  if (has()) return true;
  console.error('no anchor: install Debian tesseract-ocr-vie and poppler-utils');
  return false;
}
const anchor = !values['no-anchor'] && ensureAnchorTools();

function score(truth: string, file: string): { tokens: number; errors: number } {
  const r = spawnSync('python3', [scorer, truth, file, '--words'], { encoding: 'utf8' });
  const m = /tokens (\d+) token_errors (\d+)/.exec(r.stdout);
  if (!m) throw new Error(`scorer failed on ${file}: ${r.stderr || r.stdout}`);
  return { tokens: Number(m[1]), errors: Number(m[2]) };
}

/** The page image plain tesseract reads: the PDF page rendered at 300 dpi (the scans' own) without annotations, or the photo. */
function anchorText(src: string, page: number, name: string): string {
  let image = src;
  if (src.endsWith('.pdf')) {
    const prefix = join(out, `${name}.anchor`);
    // the scan without the e-signature stamps signing software draws as annotations (vanban reads it so too)
    execFileSync('pdftoppm', ['-r', '300', '-hide-annotations', '-f', String(page), '-l', String(page), '-singlefile', '-png', src, prefix]);
    image = `${prefix}.png`;
  }
  return execFileSync('tesseract', [image, '-', '-l', 'vie'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

const only = values.only?.split(',');
const pages = readdirSync(TRUTH)
  .filter((f) => f.endsWith('.meta.json'))
  .map((f) => ({ name: f.replace(/\.meta\.json$/, ''), meta: JSON.parse(readFileSync(join(TRUTH, f), 'utf8')) as TruthMeta }))
  .filter((p) => !only || only.some((o) => p.name.startsWith(o)))
  .sort((a, b) => a.name.localeCompare(b.name));

const prep: Record<string, unknown> = {};
for (const kv of values.prep?.split(',').filter(Boolean) ?? []) {
  const [k, v] = kv.split('=');
  prep[k] = v === 'true' ? true : v === 'false' ? false : v === 'auto' ? 'auto' : Number(v);
}
const pool = createOcrPool({ workers: Number(values.workers ?? 2), preprocess: prep });
if (!pool) throw new Error('the vie model is not installed');
const repairer = createRepairer(loadRepairModel());
const readers = { 'application/pdf': readPdf, 'image/png': readImage, 'image/jpeg': readImage, 'image/tiff': readImage, 'image/webp': readImage } as const;

type Score = { tokens: number; errors: number };
interface Row { name: string; meta: TruthMeta; anchor?: Score; ocr: Score; repaired: Score; seconds: number }
const rows: Row[] = [];
const docCache = new Map<string, Awaited<ReturnType<typeof ingest>>>();
for (const { name, meta } of pages) {
  const rel = meta.source.replace(/^(\.\.\/)?shared\//, '').replace(/^realscans\//, '');
  const src = join(SHARED, 'realscans', rel);
  if (!existsSync(src)) {
    console.error(`${name}: ${src} missing, skipped`);
    continue;
  }
  const truth = join(TRUTH, `${name}.txt`);
  let doc = docCache.get(src);
  if (!doc) {
    doc = await ingest({ bytes: new Uint8Array(readFileSync(src)), filename: basename(src) }, { limits: defaultLimits, readers });
    docCache.set(src, doc);
  }
  const page = doc.pages.find((p) => p.number === meta.page);
  if (!page) throw new Error(`${name}: ${src} has no page ${meta.page}`);
  const t0 = Date.now();
  const read = await ocr({ ...doc, pages: [page] }, { recognize: pool.recognize });
  const seconds = (Date.now() - t0) / 1000;
  const lines = flattenLines(read);
  // as the pipeline does: a trusted text layer is not repaired
  const repaired = read.pages[0].source === 'text-layer' ? lines : await repairer.repair(lines);
  const ocrFile = join(out, `${name}.ocr.txt`);
  const repFile = join(out, `${name}.repaired.txt`);
  writeFileSync(ocrFile, lines.map((l) => l.text).join('\n') + '\n');
  writeFileSync(repFile, repaired.map((l) => l.text).join('\n') + '\n');
  const row: Row = { name, meta, ocr: score(truth, ocrFile), repaired: score(truth, repFile), seconds };
  if (anchor) {
    const anchorFile = join(out, `${name}.tesseract.txt`);
    writeFileSync(anchorFile, anchorText(src, meta.page, name));
    row.anchor = score(truth, anchorFile);
  }
  rows.push(row);
  const pct = (s?: Score) => (s ? `${((100 * (s.tokens - s.errors)) / Math.max(1, s.tokens)).toFixed(1)}%` : '-');
  console.error(`${name}: ${row.ocr.tokens} words, tesseract ${pct(row.anchor)}, vanban OCR ${pct(row.ocr)}, + repair ${pct(row.repaired)} (${read.pages[0].source}, ${seconds.toFixed(1)} s)`);
}
await pool.close();

const pct = (rs: Row[], pick: (r: Row) => Score | undefined) => {
  const ss = rs.map(pick).filter((s): s is Score => !!s);
  if (!ss.length) return '-';
  const t = ss.reduce((n, s) => n + s.tokens, 0);
  const e = ss.reduce((n, s) => n + s.errors, 0);
  return `${((100 * (t - e)) / Math.max(1, t)).toFixed(2)}%`;
};
const words = (rs: Row[]) => rs.reduce((n, r) => n + r.ocr.tokens, 0);
const table = (title: string, key: (r: Row) => string) => {
  const groups = new Map<string, Row[]>();
  for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  const lines = [`| ${title} | pages | words | tesseract -l vie | vanban OCR | vanban OCR + repair |`, '|---|---|---|---|---|---|'];
  for (const [k, rs] of groups) {
    lines.push(`| ${k} | ${rs.length} | ${words(rs)} | ${pct(rs, (r) => r.anchor)} | ${pct(rs, (r) => r.ocr)} | ${pct(rs, (r) => r.repaired)} |`);
  }
  return lines.join('\n');
};
const blank = rows.filter((r) => r.ocr.tokens === 0);
const wordCount = (f: string) => readFileSync(f, 'utf8').split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
const blankLine = blank.length
  ? `blank pages (words produced where none are printed): ${blank
      .map((r) => `${r.name} vanban ${wordCount(join(out, `${r.name}.repaired.txt`))}${anchor ? `, tesseract ${wordCount(join(out, `${r.name}.tesseract.txt`))}` : ''}`)
      .join('; ')}`
  : '';
rows.splice(0, rows.length, ...rows.filter((r) => r.ocr.tokens > 0));
const report = [
  table('condition', (r) => r.meta.condition),
  '',
  table('document', (r) => r.name.replace(/\.p\d+$/, '')),
  '',
  table('page', (r) => r.name),
  '',
  `all pages: ${rows.length}, ${words(rows)} words; vanban OCR seconds per page (pool of ${values.workers ?? 2}): ` +
    `${(rows.reduce((n, r) => n + r.seconds, 0) / Math.max(1, rows.length)).toFixed(1)}`,
  blankLine,
].join('\n');
writeFileSync(join(out, 'report.md'), report + '\n');
console.log(report);
console.error(`outputs and report.md in ${out}`);
