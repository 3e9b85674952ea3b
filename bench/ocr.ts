// OCR speed: pages/s of the tesseract.js pool vs the native `tesseract` CLI on the same page images,
// both using 2 cores, measured in one run (rounds interleaved so both see the same machine load).
//
//   npx tsx bench/ocr.ts [--rounds 2] [--workers 2] [--psm 3] [--lang-path DIR] [--prep flattenCurves=false]
//
// --lang-path: the pool reads with DIR/vie.traineddata.gz instead of the packaged best_int model (e.g. a
// gzipped copy of Debian's tessdata_fast model, to compare model speed, not shipped).
//
// Installs Debian's tesseract-ocr + tesseract-ocr-vie with apt-get when `tesseract` is missing (needs root).
// The ratio is against the CLI with its defaults, i.e. Debian's `vie` model, which is the small
// tessdata_fast network; a second native line reads with our model (4.0.0_best_int) for an engine-to-engine view.
// Reports: pages/s (pool, raw tesseract.js workers, native), the ratio pool/native, CPU seconds per page
// (less sensitive to other jobs on a shared machine than wall time; native via /usr/bin/time when present),
// peak RSS of this process (it holds the pool's worker threads, as the server does).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import { createWorker, OEM } from 'tesseract.js';
import { defaultLimits } from '../src/config.js';
import { readImage } from '../src/ingest/image.js';
import { locateModel } from '../src/ocr/model.js';
import { createOcrPool } from '../src/ocr/tesseract.js';

const ROOT = new URL('../', import.meta.url).pathname;
const { values } = parseArgs({ options: { rounds: { type: 'string' }, workers: { type: 'string' }, psm: { type: 'string' }, 'rss-of': { type: 'string' }, 'lang-path': { type: 'string' }, prep: { type: 'string' } } });
// page preparation overrides, as in scripts/samples/eval-ocr.ts: --prep flattenCurves=false
const prep = Object.fromEntries((values.prep?.split(',').filter(Boolean) ?? []).map((kv) => {
  const [k, v] = kv.split('=');
  return [k, v === 'true' ? true : v === 'false' ? false : Number(v)];
}));
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

interface Timing { wall: number; cpu: number }
const cpuSince = (c0: NodeJS.CpuUsage) => { const c = process.cpuUsage(c0); return (c.user + c.system) / 1e6; };

/** A page file as the pool gets it from ingest (decoded to grey pixels; timed, as native decodes its file). */
const ingested = async (f: string, number: number) => ({ ...(await readImage(new Uint8Array(readFileSync(f)), defaultLimits))[0], number, dpi: 300 });

async function runPool(files: string[]): Promise<Timing> {
  const pool = createOcrPool({ workers, psm, orientation: false, langPath: values['lang-path'], preprocess: prep })!;
  // warm: workers started and model loaded before timing, as in a running server
  await Promise.all(files.slice(0, workers).map(async (f) => pool.recognize(await ingested(f, 1))));
  const t = performance.now();
  const c0 = process.cpuUsage();
  await Promise.all(files.map(async (f, i) => pool.recognize(await ingested(f, i + 1))));
  const r = { wall: (performance.now() - t) / 1000, cpu: cpuSince(c0) };
  await pool.close();
  return r;
}

async function runRawWorkers(files: string[]): Promise<Timing> {
  const model = locateModel()!;
  const ws = await Promise.all(
    Array.from({ length: workers }, () => createWorker('vie', OEM.LSTM_ONLY, { langPath: model.langPath, gzip: true, cacheMethod: 'none' })),
  );
  for (const w of ws) await w.setParameters({ tessedit_pageseg_mode: psm as never, user_defined_dpi: '300' });
  const t = performance.now();
  const c0 = process.cpuUsage();
  let next = 0;
  await Promise.all(ws.map(async (w) => {
    while (next < files.length) await w.recognize(readFileSync(files[next++]), {}, { blocks: true, text: false });
  }));
  const r = { wall: (performance.now() - t) / 1000, cpu: cpuSince(c0) };
  await Promise.all(ws.map((w) => w.terminate()));
  return r;
}

const TIME = '/usr/bin/time';

async function runNative(files: string[], dir: string, tessdata?: string): Promise<Timing> {
  const t = performance.now();
  let next = 0;
  let cpu = 0;
  const one = (f: string, i: number) =>
    new Promise<void>((resolve, reject) => {
      const args = [f, join(dir, `native-out-${i}`), ...(tessdata ? ['--tessdata-dir', tessdata] : []), '-l', 'vie', '--psm', psm, '--dpi', '300', 'tsv'];
      const usage = join(dir, `native-cpu-${i}`);
      const timed = existsSync(TIME);
      const c = spawn(timed ? TIME : 'tesseract', timed ? ['-f', '%U %S', '-o', usage, 'tesseract', ...args] : args, {
        env: { ...process.env, OMP_THREAD_LIMIT: '1' },
        stdio: 'ignore',
      });
      c.on('exit', (code) => {
        if (code !== 0) return reject(new Error(`tesseract exited ${code}`));
        if (timed) cpu += readFileSync(usage, 'utf8').trim().split(/\s+/).reduce((a, x) => a + Number(x), 0);
        resolve();
      });
    });
  await Promise.all(Array.from({ length: workers }, async () => {
    while (next < files.length) { const i = next++; await one(files[i], i); }
  }));
  return { wall: (performance.now() - t) / 1000, cpu: existsSync(TIME) ? cpu : NaN };
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
  const ours = join(dir, 'tessdata');
  mkdirSync(ours);
  writeFileSync(join(ours, 'vie.traineddata'), gunzipSync(readFileSync(locateModel()!.file)));
  const t = { pool: { wall: 0, cpu: 0 }, raw: { wall: 0, cpu: 0 }, native: { wall: 0, cpu: 0 }, nativeOurs: { wall: 0, cpu: 0 } };
  const add = (a: Timing, b: Timing) => { a.wall += b.wall; a.cpu += b.cpu; };
  for (let r = 0; r < rounds; r++) {
    add(t.native, await runNative(files, dir));
    phase = 'pool';
    add(t.pool, await runPool(files));
    phase = 'other';
    add(t.raw, await runRawWorkers(files));
    add(t.nativeOurs, await runNative(files, dir, ours));
  }
  const n = files.length * rounds;
  const line = (name: string, x: Timing) =>
    `${name.padEnd(29)}${(n / x.wall).toFixed(3)} pages/s   ${(x.cpu / n).toFixed(2)} CPU s/page` +
    (x === t.native ? '' : `   ratio ${(t.native.wall / x.wall).toFixed(2)} (CPU: ${(t.native.cpu / x.cpu).toFixed(2)})`);
  console.log(`${files.length} pages x ${rounds} rounds, ${workers} workers/processes, psm ${psm}, ${availableParallelism()} cores; native: ${version}`);
  console.log(`machine load (1 min average) ${load0.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after the timed rounds`);
  console.log(line('native tesseract CLI', t.native));
  console.log(line('vanban pool (prep+OCR)', t.pool));
  console.log(line('raw tesseract.js workers', t.raw));
  console.log(line('native, our best_int model', t.nativeOurs));
  const child = spawnSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--rss-of', files.join(','), '--workers', String(workers), '--psm', psm], { encoding: 'utf8' });
  const alone = Number(child.stdout.trim().split('\n').pop());
  console.log(`peak RSS, pool alone     ${(alone / 2 ** 20).toFixed(0)} MB (a process holding ${workers} workers, reading the pages twice)`);
  console.log(`peak RSS, this process   ${(peak / 2 ** 20).toFixed(0)} MB (also held the raw workers and pages of other rounds)`);
} finally {
  clearInterval(sampler);
  rmSync(dir, { recursive: true, force: true });
}
