// The Worker measured offline: bundle size (wrangler's dry-run build), cold start and first upload in
// workerd (miniflare: local D1, models/ as assets), and repair speed inside workerd (words/s).
// usage: node --expose-gc --import tsx bench/worker.ts [--runs 5]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Miniflare } from 'miniflare';
import { Decoder } from '../src/repair/decoder.js';
import { modelFromContents } from '../src/repair/model.js';
import { D1Executor, type D1DatabaseLike, type D1Migration } from '../src/store/d1.js';

// the pool's own splitter of migration files into statements (its .d.ts re-exports do not resolve under NodeNext)
const { readD1Migrations } = (await import('@cloudflare/vitest-pool-workers/config')) as unknown as {
  readD1Migrations(dir: string): Promise<D1Migration[]>;
};

const ROOT = new URL('../', import.meta.url).pathname;
const GOLD = join(ROOT, '../shared/gold');
const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1] || 5);
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_HIDE_BANNER: 'true', NO_UPDATE_NOTIFIER: '1' };
const tmp = mkdtempSync(join(tmpdir(), 'vanban-worker-bench-'));
const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
const words = (t: string) => t.match(/\S+/g)?.length ?? 0;

/** wrangler's own bundle (what `wrangler deploy` uploads), written to dir */
function bundle(dir: string, entry?: string): string {
  execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', dir, ...(entry ? [entry] : [])], { cwd: ROOT, env, stdio: 'pipe' });
  const js = readdirSync(dir).find((f) => f.endsWith('.js'));
  if (!js) throw new Error(`no bundle in ${dir}`);
  return join(dir, js);
}

/** The bench's own admin key (the VANBAN_ADMIN_KEY secret of a deployment), sent with every request. */
const ADMIN_KEY = 'bench-'.padEnd(48, '0');
const auth = { authorization: `Bearer ${ADMIN_KEY}` };

function start(script: string): Miniflare {
  return new Miniflare({
    // listed, not analysed: pdfjs keeps a dynamic import() of a computed path that is never taken here
    modules: [{ type: 'ESModule', path: script, contents: readFileSync(script, 'utf8') }],
    modulesRoot: dirname(script),
    compatibilityDate: '2026-03-01',
    compatibilityFlags: ['nodejs_compat'],
    d1Databases: ['DB'],
    d1Persist: false,
    bindings: { VANBAN_MAX_UPLOAD_BYTES: '524288', VANBAN_MAX_PAGES: '200', VANBAN_OCR_SERVICE: '', VANBAN_ADMIN_KEY: ADMIN_KEY },
    assets: { directory: join(ROOT, 'models'), binding: 'MODELS', routerConfig: { invoke_user_worker_ahead_of_assets: true, has_user_worker: true } },
  });
}

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await f();
  return [r, performance.now() - t];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// -- bundle
const main = bundle(join(tmp, 'main'));
const size = statSync(main).size;
const gz = gzipSync(readFileSync(main), { level: 9 }).length;
console.log(`bundle: ${kib(size)} (gzip ${kib(gz)}); Workers limit 3 MB free / 10 MB paid, compressed`);
const modelFiles = ['lm/lm.bin.gz', 'lm/vocab.txt', 'lm/abbrev.tsv', 'channel/eng.tsv', 'channel/vie.tsv'].map((f) => join(ROOT, 'models', f));
const assetBytes = modelFiles.filter(existsSync).reduce((n, f) => n + statSync(f).size, 0);
console.log(`repair model as static assets (MODELS): ${kib(assetBytes)} fetched on the first upload per isolate`);

// -- model memory (the same objects the Worker builds; V8 heap + array buffers, measured in Node)
if (existsSync(modelFiles[0])) {
  global.gc?.();
  const m0 = process.memoryUsage();
  const lmBin = new Uint8Array(gunzipSync(readFileSync(modelFiles[0])));
  const text = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8') : undefined);
  const model = modelFromContents({ lmBin, vocab: text(modelFiles[1])!, abbrev: text(modelFiles[2]), channels: { eng: text(modelFiles[3]), vie: text(modelFiles[4]) } });
  global.gc?.();
  const m1 = process.memoryUsage();
  const mb = (n: number) => (n / 2 ** 20).toFixed(0);
  console.log(`model in memory: heap +${mb(m1.heapUsed - m0.heapUsed)} MB, array buffers +${mb(m1.arrayBuffers - m0.arrayBuffers)} MB ` +
    `(vocabulary ${model.lm.vocab.length}); isolate limit 128 MB`);
  if (existsSync(join(GOLD, 'raw'))) {
    const dec = new Decoder(model);
    for (const f of readdirSync(join(GOLD, 'raw'))) dec.decode(readFileSync(join(GOLD, 'raw', f), 'utf8').split('\n'));
    global.gc?.();
    const m2 = process.memoryUsage();
    console.log(`decoder candidate caches after the dev notices: heap +${mb(m2.heapUsed - m1.heapUsed)} MB`);
  }
}

// -- cold start: runtime start, first response, first upload (loads the model), warm upload
const notices = existsSync(join(GOLD, 'restored'))
  ? readdirSync(join(GOLD, 'restored')).sort().map((f) => readFileSync(join(GOLD, 'restored', f), 'utf8'))
  : [readFileSync(join(ROOT, 'test/worker/fixtures/thong-bao-ha-tang.txt'), 'utf8')];
const migrations = await readD1Migrations(join(ROOT, 'src/store/migrations'));
const cold: Record<string, number[]> = { start: [], empty: [], first: [], upload1: [], upload2: [], pdf: [], read: [] };
const emptyScript = join(tmp, 'empty.js');
writeFileSync(emptyScript, 'export default { fetch() { return new Response("ok"); } };');
const samplePdf = join(ROOT, 'samples/scans/notice-3.text.pdf');
for (let r = 0; r < RUNS; r++) {
  const [mf, startMs] = await timed(async () => {
    const m = start(main);
    await m.ready;
    return m;
  });
  const db = (await mf.getD1Database('DB')) as unknown as D1DatabaseLike;
  await new D1Executor(db, { migrations }).migrate();
  const [res, firstMs] = await timed(() => mf.dispatchFetch('http://vanban.local/healthz'));
  await res.text();
  const up = (t: string, n: number) =>
    timed(async () => {
      const x = await mf.dispatchFetch(`http://vanban.local/v1/documents?filename=n${n}.txt`, { method: 'POST', body: t, headers: { 'content-type': 'text/plain', ...auth } });
      const body = (await x.json()) as { id: string };
      if (x.status !== 201) throw new Error(`upload: ${x.status} ${JSON.stringify(body)}`);
      return body.id;
    });
  // the same runtime with an empty Worker: the difference is this Worker's own startup
  const [, emptyMs] = await timed(async () => {
    const m = start(emptyScript);
    await m.ready;
    await m.dispose();
  });
  cold.empty.push(emptyMs);
  const [id, up1] = await up(notices[0], 1);
  const [, up2] = await up(notices[notices.length - 1] + `\n${r}`, 2);
  if (existsSync(samplePdf)) {
    const [, pdfMs] = await timed(async () => {
      const x = await mf.dispatchFetch('http://vanban.local/v1/documents?filename=n.pdf', { method: 'POST', body: readFileSync(samplePdf), headers: auth });
      if (x.status !== 201) throw new Error(`pdf upload: ${x.status} ${await x.text()}`);
      await x.text();
    });
    cold.pdf.push(pdfMs);
  }
  const [, readMs] = await timed(async () => (await mf.dispatchFetch(`http://vanban.local/v1/documents/${id}`, { headers: auth })).text());
  cold.start.push(startMs);
  cold.first.push(firstMs);
  cold.upload1.push(up1);
  cold.upload2.push(up2);
  cold.read.push(readMs);
  await mf.dispose();
}
const f = (xs: number[]) => `${median(xs).toFixed(0)} ms`;
console.log(`cold start (median of ${RUNS}): workerd up with this Worker ${f(cold.start)} (with an empty Worker ${f(cold.empty)}), ` +
  `first response (/healthz) ${f(cold.first)}, first upload ${f(cold.upload1)} (model load + repair + extract + D1), ` +
  `next upload ${f(cold.upload2)}, first PDF ${cold.pdf.length ? f(cold.pdf) : 'n/a'} (loads pdfjs), read ${f(cold.read)}`);

// -- repair speed inside workerd
const raw = existsSync(join(GOLD, 'raw'))
  ? readdirSync(join(GOLD, 'raw')).sort().map((f) => readFileSync(join(GOLD, 'raw', f), 'utf8').replace(/\n$/, ''))
  : notices.map((t) => t.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D'));
const rb = bundle(join(tmp, 'repair'), 'bench/worker-repair.ts');
const mf = start(rb);
await mf.ready;
const post = (path: string, body = '') => mf.dispatchFetch(`http://bench.local${path}`, { method: 'POST', body });
const [status, loadMs] = await timed(async () => (await (await post('/load')).json()) as { model: string; reason?: string });
console.log(`repair model load in workerd (fetch from assets, gunzip, index): ${loadMs.toFixed(0)} ms`);
if (status.model !== 'ngram') throw new Error(`model not loaded: ${status.reason}`);
const body = raw.join('\n');
const n = words(body);
// the first call fills the decoder's candidate caches
const [, firstRepair] = await timed(async () => (await post('/repair', body)).text());
const rep: number[] = [];
const echo: number[] = [];
for (let r = 0; r < RUNS; r++) {
  echo.push((await timed(async () => (await post('/echo', body)).text()))[1]);
  rep.push((await timed(async () => (await post('/repair', body)).text()))[1]);
}
await mf.dispose();
const ms = median(rep) - median(echo);
console.log(`repair in workerd: ${n} words (${raw.length} raw OCR notices) in ${ms.toFixed(0)} ms = ${Math.round((n / ms) * 1000)} words/s ` +
  `(warm isolate, median of ${RUNS}; the first call, caches empty: ${firstRepair.toFixed(0)} ms)`);
rmSync(tmp, { recursive: true, force: true });
