// The product path's cost per page: ingest (sniff, header checks, decode, split) then OCR with the pool,
// one document after another as the job queue runs them, on the committed scans, a PDF page that takes the
// 300 dpi render path, and a long 300 dpi TIFF (for peak memory).
//
//   npx tsx bench/ocr-ingest.ts [--rounds 3] [--workers 2] [--long 12] [--texts FILE]
//   npx tsx bench/ocr-ingest.ts --prep 5      ingest + page preparation only (no tesseract), 5 times a file
//
// Each round runs in a fresh process (peak RSS is the kernel's VmHWM of that process, pool included); the
// long TIFF in a process of its own. CPU is process.cpuUsage(), which counts every thread of the process
// (tesseract.js workers, libvips). --texts writes the OCR text of every file (first round) as JSON, to check
// that two versions of the code read the same pixels into the same words. Tesseract's own work on a page does
// not depend on how the page reached it, and moves with machine load: --prep times the part that does.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { PDFDocument, rgb } from 'pdf-lib';
import sharp from 'sharp';
import { defaultLimits } from '../src/config.js';
import { ingest } from '../src/ingest/index.js';
import { readImage } from '../src/ingest/image.js';
import { readPdf } from '../src/ingest/pdf.js';
import { ocr } from '../src/ocr/index.js';
import { preprocess } from '../src/ocr/preprocess.js';
import { createOcrPool } from '../src/ocr/tesseract.js';
import { flattenLines } from '../src/pipeline/types.js';

const ROOT = new URL('../', import.meta.url).pathname;
const SCANS = join(ROOT, 'samples/scans');
const SAMPLES = ['notice-1.clean.png', 'notice-1.degraded.jpg', 'notice-1.harsh.jpg', 'notice-1.lowres100.jpg', 'notice-1.lowres75.jpg',
  'notice-2.tiff', 'notice-3.degraded.webp', 'notice-3.upside-down.jpg', 'notice-2.scanned.pdf'];
const readers = { 'application/pdf': readPdf, 'image/png': readImage, 'image/jpeg': readImage, 'image/tiff': readImage, 'image/webp': readImage } as const;

const { values } = parseArgs({
  options: {
    rounds: { type: 'string' }, workers: { type: 'string' }, long: { type: 'string' }, texts: { type: 'string' }, child: { type: 'string' },
    prep: { type: 'string' },
  },
});
const workers = Number(values.workers ?? 2);

interface FileResult { file: string; pages: number; ingestCpu: number; cpu: number; wall: number; text: string }
interface ChildResult { files: FileResult[]; peakRss: number }

const cpuNow = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1e6; };
const peakRss = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) * 1024;

async function child(files: string[]): Promise<ChildResult> {
  const pool = createOcrPool({ workers })!;
  // warm, as in a running server: workers started, model and pdfjs loaded
  for (const f of ['notice-2.tiff', 'notice-3.text.pdf']) {
    const warm = await ingest({ bytes: new Uint8Array(readFileSync(join(SCANS, f))), filename: f }, { limits: defaultLimits, readers });
    await ocr(warm, { recognize: pool.recognize });
  }
  const out: FileResult[] = [];
  for (const f of files) {
    const bytes = new Uint8Array(readFileSync(f));
    const c0 = cpuNow();
    const t0 = performance.now();
    const doc = await ingest({ bytes, filename: basename(f) }, { limits: defaultLimits, readers });
    const ingestCpu = cpuNow() - c0;
    const pages = await ocr(doc, { recognize: pool.recognize });
    out.push({
      file: basename(f), pages: doc.pages.length, ingestCpu, cpu: cpuNow() - c0, wall: (performance.now() - t0) / 1000,
      text: flattenLines(pages).map((l) => l.text).join('\n'),
    });
  }
  await pool.close();
  return { files: out, peakRss: peakRss() };
}

if (values.child) {
  console.log(JSON.stringify(await child(values.child.split(','))));
  process.exit(0);
}

/** A page of one scan plus a drawn rule: not a lone image, so ingest renders it at 300 dpi. */
async function renderedPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const png = await pdf.embedPng(readFileSync(join(SCANS, 'notice-1.clean.png')));
  const page = pdf.addPage([595.3, 841.9]);
  page.drawImage(png, { x: 0, y: 0, width: 595.3, height: 841.9 });
  page.drawRectangle({ x: 30, y: 20, width: 535, height: 0.5, color: rgb(0.5, 0.5, 0.5) });
  return pdf.save();
}

/** n pages of 300 dpi scans (grey, noisy ones upscaled) in one TIFF. */
async function longTiff(n: number): Promise<Buffer> {
  const srcs = ['notice-1.clean.png', 'notice-1.degraded.jpg', 'notice-3.degraded.webp'];
  const pages: Buffer[] = [];
  for (const s of srcs) {
    pages.push(await sharp(join(SCANS, s)).resize({ width: 2480, height: 3508, fit: 'fill' }).grayscale().raw().toBuffer());
  }
  const all = Buffer.concat(Array.from({ length: n }, (_, i) => pages[i % pages.length]));
  return sharp(all, { raw: { width: 2480, height: 3508 * n, channels: 1, pageHeight: 3508 } })
    .tiff({ compression: 'lzw', xres: 300 / 25.4, yres: 300 / 25.4 }).toBuffer();
}

function run(files: string[]): ChildResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--child', files.join(','), '--workers', String(workers)], {
    encoding: 'utf8', maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`bench child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const mb = (x: number) => `${(x / 2 ** 20).toFixed(0)} MB`;

/** Ingest and preprocess each file `times` times: CPU and wall seconds per page, medians. */
async function prepOnly(files: string[], times: number) {
  const rows: { file: string; pages: number; cpu: number[]; wall: number[] }[] = [];
  for (const f of files) rows.push({ file: basename(f), pages: 0, cpu: [], wall: [] });
  for (let k = 0; k <= times; k++) {
    for (let i = 0; i < files.length; i++) {
      const bytes = new Uint8Array(readFileSync(files[i]));
      const c0 = cpuNow();
      const t0 = performance.now();
      const doc = await ingest({ bytes, filename: rows[i].file }, { limits: defaultLimits, readers });
      let pages = 0;
      for (const p of doc.pages) {
        if (!p.image) continue;
        await preprocess({ data: await p.image.pixels(), width: p.image.width, height: p.image.height }, p.dpi!);
        pages++;
      }
      // the first pass warms libvips and pdfjs
      if (k === 0) continue;
      rows[i].pages = pages;
      rows[i].cpu.push((cpuNow() - c0) / pages);
      rows[i].wall.push((performance.now() - t0) / 1000 / pages);
    }
  }
  console.log('file                              pages  ingest+prep CPU s/page  wall s/page   (medians)');
  for (const r of rows) console.log(`${r.file.padEnd(34)}${String(r.pages).padStart(5)}  ${median(r.cpu).toFixed(3).padStart(22)}  ${median(r.wall).toFixed(3).padStart(11)}`);
}

const rounds = Number(values.rounds ?? 3);
const longPages = Number(values.long ?? 12);
const dir = mkdtempSync(join(tmpdir(), 'vanban-bench-ingest-'));
try {
  const rendered = join(dir, 'rendered-300dpi.pdf');
  writeFileSync(rendered, await renderedPdf());
  const long = join(dir, `long-${longPages}p-300dpi.tiff`);
  writeFileSync(long, await longTiff(longPages));
  const files = [...SAMPLES.map((f) => join(SCANS, f)), rendered];
  const load0 = loadavg()[0];
  if (values.prep) {
    await prepOnly([...files, long], Number(values.prep));
    console.log(`machine load (1 min) ${load0.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after`);
  } else {
    await fullPath(files, long, load0);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

async function fullPath(files: string[], long: string, load0: number) {
  const results: ChildResult[] = [];
  const longs: ChildResult[] = [];
  for (let r = 0; r < rounds; r++) {
    results.push(run(files));
    if (longPages > 0) longs.push(run([long]));
  }
  console.log(`${rounds} rounds, ${workers} workers, ${availableParallelism()} cores; machine load (1 min) ${load0.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after`);
  console.log('file                              pages  ingest CPU s  CPU s/page  wall s/page   (medians over rounds)');
  const row = (name: string, per: FileResult[]) => {
    const pages = per[0].pages;
    console.log(`${name.padEnd(34)}${String(pages).padStart(5)}  ${median(per.map((x) => x.ingestCpu)).toFixed(3).padStart(12)}  ${median(per.map((x) => x.cpu / pages)).toFixed(3).padStart(10)}  ${median(per.map((x) => x.wall / pages)).toFixed(3).padStart(11)}`);
  };
  for (let i = 0; i < files.length; i++) row(basename(files[i]), results.map((r) => r.files[i]));
  const totals = results.map((r) => r.files.reduce((a, f) => ({ pages: a.pages + f.pages, cpu: a.cpu + f.cpu, wall: a.wall + f.wall, ingest: a.ingest + f.ingestCpu }), { pages: 0, cpu: 0, wall: 0, ingest: 0 }));
  const n = totals[0].pages;
  console.log(`${'all above'.padEnd(34)}${String(n).padStart(5)}  ${median(totals.map((t) => t.ingest)).toFixed(3).padStart(12)}  ${median(totals.map((t) => t.cpu / n)).toFixed(3).padStart(10)}  ${median(totals.map((t) => t.wall / n)).toFixed(3).padStart(11)}`);
  console.log(`peak RSS (process with the pool) ${results.map((r) => mb(r.peakRss)).join(', ')}`);
  if (longs.length) {
    row(basename(long), longs.map((r) => r.files[0]));
    console.log(`peak RSS, ${longPages}-page TIFF alone   ${longs.map((r) => mb(r.peakRss)).join(', ')}`);
  }
  const unstable = results.slice(1).some((r) => r.files.some((f, i) => f.text !== results[0].files[i].text));
  if (unstable) console.log('warning: the OCR text differed between rounds');
  if (values.texts) {
    const texts = Object.fromEntries([...results[0].files, ...(longs[0]?.files ?? [])].map((f) => [f.file.replace(/^long-.*/, 'long.tiff'), f.text]));
    writeFileSync(values.texts, JSON.stringify(texts, null, 1));
  }
}
