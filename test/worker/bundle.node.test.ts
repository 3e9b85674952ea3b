// The deployable artifact: wrangler's own bundle (what `wrangler deploy` uploads) boots in workerd with
// the [define], [alias] and [assets] of wrangler.toml, stays within the free plan's size, and serves.
// Runs in Node (it spawns wrangler), as the "bundle" project of vitest.workers.config.ts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { D1Executor, type D1DatabaseLike, type D1Migration } from '../../src/store/d1.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'vanban-bundle-'));
let mf: Miniflare;
let script: string;
// the deployed way of a first key: a secret (`wrangler secret put VANBAN_ADMIN_KEY`)
const ADMIN_KEY = 'bundle-test-admin-secret-0123456789abcdef';
const auth = { authorization: `Bearer ${ADMIN_KEY}` };

beforeAll(async () => {
  execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', dir], {
    cwd: ROOT,
    stdio: 'pipe',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_HIDE_BANNER: 'true' },
  });
  script = join(dir, 'worker.js');
  mf = new Miniflare({
    // listed, not analysed: pdfjs keeps a dynamic import() of a computed path that is never taken here
    modules: [{ type: 'ESModule', path: script, contents: readFileSync(script, 'utf8') }],
    modulesRoot: dir,
    compatibilityDate: '2026-03-01',
    compatibilityFlags: ['nodejs_compat'],
    d1Databases: ['DB'],
    bindings: { VANBAN_MAX_UPLOAD_BYTES: '524288', VANBAN_MAX_PAGES: '200', VANBAN_OCR_SERVICE: '', VANBAN_ADMIN_KEY: ADMIN_KEY },
    assets: { directory: join(ROOT, 'models'), binding: 'MODELS', routerConfig: { invoke_user_worker_ahead_of_assets: true, has_user_worker: true } },
  });
  const { readD1Migrations } = (await import('@cloudflare/vitest-pool-workers/config')) as unknown as {
    readD1Migrations(d: string): Promise<D1Migration[]>;
  };
  const migrations = await readD1Migrations(join(ROOT, 'src/store/migrations'));
  await new D1Executor((await mf.getD1Database('DB')) as unknown as D1DatabaseLike, { migrations }).migrate();
}, 120_000);

afterAll(async () => {
  await mf?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('Worker bundle', () => {
  it('fits the free plan (3 MB compressed) and leaves the model out', () => {
    expect(readdirSync(dir).filter((f) => f.endsWith('.js'))).toEqual(['worker.js']);
    const gz = gzipSync(readFileSync(script), { level: 9 }).length;
    expect(gz).toBeLessThan(3 * 1024 * 1024);
    // the model (7.5 MB gzipped) comes from assets: bundled, it would show here
    expect(readFileSync(script).length).toBeLessThan(6 * 1024 * 1024);
  });

  it('serves text, a text-layer PDF and refuses a scan', async () => {
    const health = (await (await mf.dispatchFetch('http://vanban.local/healthz?load')).json()) as { runtime: string; repair: { model: string } };
    expect(health).toMatchObject({ runtime: 'workers', repair: { model: 'ngram' } });
    const post = (name: string, body: Uint8Array | string) =>
      mf.dispatchFetch(`http://vanban.local/v1/documents?filename=${name}`, { method: 'POST', body, headers: auth });
    const text = await post('n.txt', readFileSync(join(ROOT, 'test/worker/fixtures/thong-bao-ha-tang.txt'), 'utf8'));
    expect(text.status).toBe(201);
    const pdf = await post('n.pdf', readFileSync(join(ROOT, 'samples/scans/notice-3.text.pdf')));
    expect(pdf.status).toBe(201);
    const scan = await post('n.png', readFileSync(join(ROOT, 'samples/scans/notice-1.clean.png')));
    expect(scan.status).toBe(415);
    const search = (await (await mf.dispatchFetch('http://vanban.local/v1/search?q=cap+nuoc', { headers: auth })).json()) as { total: number };
    expect(search.total).toBeGreaterThan(0);
    expect((await mf.dispatchFetch('http://vanban.local/v1/search?q=cap+nuoc')).status).toBe(401);
  });
});
