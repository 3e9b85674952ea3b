// Word accuracy of OCR alone and OCR + repair, per sample variant, scored by the shared scorer.
//
//   npx tsx scripts/samples/eval-ocr.ts [DIR=samples/scans] [--model 4.0.0_best_int|4.0.0] [--engine lstm|combined] [--psm 3]
//        [--prep deskew=false,minDpi=0,normalize=true] [--param tessedit_do_invert=0,...] [--only harsh,lowres75] [--files held] [--no-orientation] [--no-dropped]
//        [--workers 2] [--out /tmp/vanban-eval] [--scorer ../shared/eval/score_text.py]
//
// DIR holds manifest.json (see make-samples.ts). Every file goes through the real ingest + OCR stages.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultLimits } from '../../src/config.js';
import { ingest } from '../../src/ingest/index.js';
import { readImage } from '../../src/ingest/image.js';
import { readPdf } from '../../src/ingest/pdf.js';
import { ocr } from '../../src/ocr/index.js';
import type { ModelVariant } from '../../src/ocr/model.js';
import type { PreprocessOptions } from '../../src/ocr/preprocess.js';
import { createOcrPool } from '../../src/ocr/tesseract.js';
import { flattenLines } from '../../src/pipeline/types.js';
import { lazyRepairer } from '../../src/runtime/node/models.js';
import type { SampleEntry } from './make-samples.js';

const repairer = lazyRepairer();

const ROOT = new URL('../../', import.meta.url).pathname;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    model: { type: 'string' },
    engine: { type: 'string' },
    psm: { type: 'string' },
    prep: { type: 'string' },
    param: { type: 'string' },
    only: { type: 'string' },
    // file-name prefix: the held-out pages of a set make-samples.ts rendered beside its own notices
    files: { type: 'string' },
    'no-orientation': { type: 'boolean' },
    'no-dropped': { type: 'boolean' },
    'no-repair': { type: 'boolean' },
    workers: { type: 'string' },
    out: { type: 'string' },
    scorer: { type: 'string' },
  },
});

const dir = resolve(positionals[0] ?? join(ROOT, 'samples/scans'));
const out = resolve(values.out ?? '/tmp/vanban-eval');
const scorer = resolve(values.scorer ?? join(ROOT, '../shared/eval/score_text.py'));
mkdirSync(out, { recursive: true });
const manifest: SampleEntry[] = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
const only = values.only?.split(',');
const prep: Partial<PreprocessOptions> = {};
for (const kv of values.prep?.split(',').filter(Boolean) ?? []) {
  const [k, v] = kv.split('=');
  (prep as Record<string, unknown>)[k] = v === 'true' ? true : v === 'false' ? false : Number(v);
}
const pool = createOcrPool({
  workers: Number(values.workers ?? 2),
  variant: (values.model as ModelVariant) ?? undefined,
  engine: values.engine as 'lstm' | 'combined' | undefined,
  psm: values.psm,
  preprocess: prep,
  orientation: !values['no-orientation'],
  dropped: !values['no-dropped'],
  params: Object.fromEntries((values.param?.split(',').filter(Boolean) ?? []).map((kv) => kv.split('=') as [string, string])),
});
if (!pool) throw new Error('the vie model is not installed');
const readers = { 'application/pdf': readPdf, 'image/png': readImage, 'image/jpeg': readImage, 'image/tiff': readImage, 'image/webp': readImage } as const;

function score(truth: string, file: string): { tokens: number; errors: number } {
  const r = spawnSync('python3', [scorer, truth, file, '--words'], { encoding: 'utf8' });
  const m = /tokens (\d+) token_errors (\d+)/.exec(r.stdout);
  if (!m) throw new Error(`scorer failed: ${r.stderr || r.stdout}`);
  return { tokens: Number(m[1]), errors: Number(m[2]) };
}

const pct = (x: { tokens: number; errors: number }) => `${((100 * (x.tokens - x.errors)) / Math.max(1, x.tokens)).toFixed(2)}%`;
type Tally = { tokens: number; ocr: number; repaired: number; pages: number; ms: number };
const byVariant = new Map<string, Tally>();
const t0 = Date.now();
const entries = manifest.filter((e) => (!only || only.includes(e.variant)) && (!values.files || e.file.startsWith(values.files)));
// documents run two at a time so both workers stay busy on one-page samples
let next = 0;
async function worker() {
  while (next < entries.length) {
    const e = entries[next++];
    const started = Date.now();
    const bytes = new Uint8Array(readFileSync(join(dir, e.file)));
    const doc = await ingest({ bytes, filename: e.file }, { limits: defaultLimits, readers });
    const pages = await ocr(doc, { recognize: pool!.recognize });
    const ocrLines = flattenLines(pages);
    const lines = ocrLines.map((l) => l.text);
    const ocrFile = join(out, `${e.file}.ocr.txt`);
    writeFileSync(ocrFile, lines.join('\n') + '\n');
    // the lines with word confidences, for repair experiments without OCR
    writeFileSync(join(out, `${e.file}.ocr.json`), JSON.stringify(ocrLines));
    const a = score(join(dir, e.truth), ocrFile);
    let b = a;
    if (!values['no-repair']) {
      // as the pipeline repairs: with the OCR word confidences, trusted text layers left as they are
      const layer = new Set(pages.pages.filter((p) => p.source === 'text-layer').map((p) => p.number));
      const repaired = await repairer().repair(ocrLines.filter((l) => !layer.has(l.page)));
      let k = 0;
      const fixed = ocrLines.map((l) => (layer.has(l.page) ? l.text : repaired[k++].text));
      const repFile = join(out, `${e.file}.repaired.txt`);
      writeFileSync(repFile, fixed.join('\n') + '\n');
      b = score(join(dir, e.truth), repFile);
    }
    const ms = Date.now() - started;
    const t = byVariant.get(e.variant) ?? { tokens: 0, ocr: 0, repaired: 0, pages: 0, ms: 0 };
    t.tokens += a.tokens; t.ocr += a.errors; t.repaired += b.errors; t.pages += doc.pages.length; t.ms += ms;
    byVariant.set(e.variant, t);
    const src = pages.pages.map((p) => p.source).join(',');
    console.log(`${e.file.padEnd(40)} ${src.padEnd(12)} words ${String(a.tokens).padStart(5)}  ocr ${pct(a)}  +repair ${pct(b)}  ${ms} ms`);
  }
}
await Promise.all([worker(), worker()]);
await pool.close();

console.log(`\nvariant              words   OCR      OCR+repair  pages  (model ${values.model ?? 'default'} ${values.engine ?? 'lstm'}, psm ${values.psm ?? '3'}, prep ${values.prep ?? 'default'}${values.param ? `, params ${values.param}` : ''})`);
let all = { tokens: 0, ocr: 0, repaired: 0 };
for (const [v, t] of [...byVariant].sort()) {
  console.log(`${v.padEnd(20)} ${String(t.tokens).padStart(6)}  ${pct({ tokens: t.tokens, errors: t.ocr }).padStart(7)}  ${pct({ tokens: t.tokens, errors: t.repaired }).padStart(9)}  ${String(t.pages).padStart(5)}`);
  all = { tokens: all.tokens + t.tokens, ocr: all.ocr + t.ocr, repaired: all.repaired + t.repaired };
}
console.log(`${'all'.padEnd(20)} ${String(all.tokens).padStart(6)}  ${pct({ tokens: all.tokens, errors: all.ocr }).padStart(7)}  ${pct({ tokens: all.tokens, errors: all.repaired }).padStart(9)}   ${((Date.now() - t0) / 1000).toFixed(1)} s`);
if (!existsSync(scorer)) console.error(`(scorer ${scorer} missing)`);
