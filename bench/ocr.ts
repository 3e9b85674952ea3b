// OCR speed: pages/s of the tesseract.js pool vs the native `tesseract` CLI on the same page images,
// both using 2 cores, measured in one run (rounds interleaved so both see the same machine load).
//
//   npx tsx bench/ocr.ts [--rounds 2] [--workers 2] [--psm 3]
//
// Installs Debian's tesseract-ocr + tesseract-ocr-vie with apt-get when `tesseract` is missing (needs root).
// Reports: pages/s (pool, raw tesseract.js workers, native), the ratio pool/native, peak RSS of this process
// (it holds the pool's worker threads, as the server does).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { createWorker, OEM } from 'tesseract.js';
import { locateModel } from '../src/ocr/model.js';
import { createOcrPool } from '../src/ocr/tesseract.js';

const ROOT = new URL('../', import.meta.url).pathname;
const { values } = parseArgs({ options: { rounds: { type: 'string' }, workers: { type: 'string' }, psm: { type: 'string' }, 'rss-of': { type: 'string' } } });
const rounds = Number(values.rounds ?? 2);
const workers = Number(values.workers ?? 2);
const psm = values.psm ?? '3';

function ensureNative(): string {
  const has = spawnSync('tesseract', ['--list-langs'], { encoding: 'utf8' });
  if (has.status === 0 && /\bvie\b/.test(has.stdout + has.stderr)) return spawnSync('tesseract', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
  console.error('installing tesseract-ocr and tesseract-ocr-vie with apt-get ...');
  execFileSync('apt-get', ['update'], { stdio: 'ignore' });
  execFileSync('apt-get', ['install', '-y', 'tesseract-ocr', 'tesseract-ocr-vie'], { stdio: 'ignore' });
  return spawnSync('tesseract', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
}

/** The committed scans as 300 dpi greyscale PNG pages (the low-dpi ones upscaled), one file each. */
async function pages(dir: string): Promise<string[]> {
  const files = ['notice-1.clean.png', 'notice-1.degraded.jpg', 'notice-1.harsh.jpg', 'notice-1.lowres100.jpg', 'notice-1.lowres75.jpg', 'notice-3.degraded.webp'];
  const out: string[] = [];
  for (const f of files) {
    const src = readFileSync(join(ROOT, 'samples/scans', f));
    const m = await sharp(src).metadata();
    const dpi = m.density && m.density > 50 ? m.density : Math.round(m.width! / 8.27);
    const png = await sharp(src).grayscale().resize({ width: Math.round((m.width! * 300) / dpi), kernel: 'lanczos3' }).png().withMetadata({ density: 300 }).toBuffer();
    const p = join(dir, f.replace(/\.\w+$/, '.png'));
    writeFileSync(p, png);
    out.push(p);
  }
  return out;
}

async function runPool(files: string[]): Promise<number> {
  const pool = createOcrPool({ workers, psm, orientation: false })!;
  // warm: workers started and model loaded before timing, as in a running server
  await Promise.all(files.slice(0, workers).map((f) => pool.recognize({ number: 1, kind: 'image', image: readFileSync(f), dpi: 300 })));
  const t = performance.now();
  await Promise.all(files.map((f, i) => pool.recognize({ number: i + 1, kind: 'image', image: readFileSync(f), dpi: 300 })));
  const s = (performance.now() - t) / 1000;
  await pool.close();
  return s;
}

async function runRawWorkers(files: string[]): Promise<number> {
  const model = locateModel()!;
  const ws = await Promise.all(
    Array.from({ length: workers }, () => createWorker('vie', OEM.LSTM_ONLY, { langPath: model.langPath, gzip: true, cacheMethod: 'none' })),
  );
  for (const w of ws) await w.setParameters({ tessedit_pageseg_mode: psm as never, user_defined_dpi: '300' });
  const t = performance.now();
  let next = 0;
  await Promise.all(ws.map(async (w) => {
    while (next < files.length) await w.recognize(readFileSync(files[next++]), {}, { blocks: true, text: false });
  }));
  const s = (performance.now() - t) / 1000;
  await Promise.all(ws.map((w) => w.terminate()));
  return s;
}

async function runNative(files: string[], dir: string): Promise<number> {
  const t = performance.now();
  let next = 0;
  const one = (f: string) =>
    new Promise<void>((resolve, reject) => {
      const c = spawn('tesseract', [f, join(dir, 'native-out'), '-l', 'vie', '--psm', psm, '--dpi', '300', 'tsv'], {
        env: { ...process.env, OMP_THREAD_LIMIT: '1' },
        stdio: 'ignore',
      });
      c.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`tesseract exited ${code}`))));
    });
  await Promise.all(Array.from({ length: workers }, async () => {
    while (next < files.length) await one(files[next++]);
  }));
  return (performance.now() - t) / 1000;
}

// Child mode: only the pool reads the pages, so the peak RSS is the pool's alone (as in the server).
if (values['rss-of']) {
  const files = values['rss-of'].split(',');
  let top = 0;
  const timer = setInterval(() => (top = Math.max(top, process.memoryUsage().rss)), 50);
  await runPool(files);
  await runPool(files);
  clearInterval(timer);
  console.log(top);
  process.exit(0);
}

const version = ensureNative();
const load0 = loadavg()[0];
const dir = mkdtempSync(join(tmpdir(), 'vanban-bench-'));
let phase: 'pool' | 'other' = 'other';
let peak = 0;
const sampler = setInterval(() => {
  if (phase === 'pool') peak = Math.max(peak, process.memoryUsage().rss);
}, 50);
try {
  const files = await pages(dir);
  const t = { pool: 0, raw: 0, native: 0 };
  for (let r = 0; r < rounds; r++) {
    t.native += await runNative(files, dir);
    phase = 'pool';
    t.pool += await runPool(files);
    phase = 'other';
    t.raw += await runRawWorkers(files);
  }
  const n = files.length * rounds;
  const rate = (s: number) => n / s;
  console.log(`${files.length} pages x ${rounds} rounds, ${workers} workers/processes, psm ${psm}, ${availableParallelism()} cores; native: ${version}`);
  console.log(`machine load (1 min average) ${load0.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after the timed rounds`);
  console.log(`native tesseract CLI     ${rate(t.native).toFixed(3)} pages/s`);
  console.log(`vanban pool (prep+OCR)   ${rate(t.pool).toFixed(3)} pages/s   ratio ${(t.native / t.pool).toFixed(2)}`);
  console.log(`raw tesseract.js workers ${rate(t.raw).toFixed(3)} pages/s   ratio ${(t.native / t.raw).toFixed(2)}`);
  const child = spawnSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--rss-of', files.join(','), '--workers', String(workers), '--psm', psm], { encoding: 'utf8' });
  const alone = Number(child.stdout.trim().split('\n').pop());
  console.log(`peak RSS, pool alone     ${(alone / 2 ** 20).toFixed(0)} MB (a process holding ${workers} workers, reading the pages twice)`);
  console.log(`peak RSS, this process   ${(peak / 2 ** 20).toFixed(0)} MB (also held the raw workers and pages of other rounds)`);
} finally {
  clearInterval(sampler);
  rmSync(dir, { recursive: true, force: true });
}
