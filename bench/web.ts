// The web app in a real browser (playwright-core driving Debian's chromium, headless) against the real
// server (`node dist/cli/main.js serve`, built JS) on loopback with a temp SQLite file:
//   - first contentful paint, load and page weight of each page (median of several loads; page weight is
//     every byte the page fetched, HTML + CSS + JS, without the page images of scans);
//   - the review page of a 10-page scan (a PDF of 10 scanned pages, uploaded and read by OCR first);
//   - the tasks page's first screen over 100k directives (1,000 notices of 100 directives each, written
//     into the store before the server starts).
// Targets (issue 21): FCP < 1 s and < 300 KB per page; the 10-page review < 1.5 s; tasks over 100k < 500 ms.
// Every load is a first visit (the browser's cache off). Measures and prints, does not assert. Build first (`npm run build`).
// usage: timeout 900 npx tsx bench/web.ts [--runs 5] [--directives 100000] [--no-scan] [--shots DIR]
//   --shots: also save a screenshot of each page (1280x800, and two at 390x844) into DIR (the docs' pictures)
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { extractText } from '../src/extract/index.js';
import { loadGazetteer } from '../src/runtime/node/models.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { spawnServer } from '../test/helpers/server.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const { values } = parseArgs({
  options: {
    runs: { type: 'string' },
    directives: { type: 'string' },
    'no-scan': { type: 'boolean' },
    shots: { type: 'string' },
  },
});
const RUNS = Number(values.runs ?? 5);
const DIRECTIVES = Number(values.directives ?? 100_000);
const CLI = join(ROOT, 'dist/cli/main.js');
if (!existsSync(CLI)) throw new Error('dist/ is missing: run `npm run build` first');
const CHROMIUM = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!CHROMIUM) throw new Error('no chromium found: apt-get install chromium, or set CHROMIUM_PATH');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const log = (s: string) => process.stderr.write(`${s}\n`);

// ---- the store, seeded before the server starts ------------------------------------------------------
/** 1,000 notices of 100 directives each (a sample plan's directives repeated with other deadlines). */
async function seedDirectives(db: string, total: number) {
  const store = await openSqliteStore(db);
  const gazetteer = await loadGazetteer();
  const text = readFileSync(join(ROOT, 'samples/text/ke-hoach.txt'), 'utf8');
  const base = await extractText(text, { id: 'seed', doc: 'ke-hoach.txt', gazetteer });
  if (!base.directives.length) throw new Error('the sample plan has no directives');
  const perDoc = 100;
  const lines = text.split('\n').map((t, i) => ({ page: 1, line: i + 1, text: t }));
  const t0 = performance.now();
  for (let d = 0; d * perDoc < total; d++) {
    const id = (0x1000000000000000n + BigInt(d)).toString(16).slice(0, 16);
    const directives = Array.from({ length: Math.min(perDoc, total - d * perDoc) }, (_, k) => {
      const src = base.directives[k % base.directives.length];
      const day = new Date(Date.UTC(2025, 0, 1) + ((d * perDoc + k) % 730) * 86_400_000).toISOString().slice(0, 10);
      return { ...src, text: `${src.text} (${d}-${k})`, deadline: { date: day, kind: 'before' as const, text: `trước ngày ${day}` } };
    });
    const record = { ...base, id, doc: `ke-hoach-${d}.txt`, directives };
    await store.putDocument({
      id,
      sha256: id.padEnd(64, '0'),
      filename: record.doc,
      mediaType: 'text/plain',
      original: new TextEncoder().encode(`${text}\n${d}\n`),
      pages: [{ number: 1, source: 'text' }],
      lines,
      rawLines: lines,
      record,
    });
  }
  log(`seeded ${total} directives in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  await store.close();
}

// ---- the server ------------------------------------------------------------------------------------
interface Server {
  url: string;
  key: string;
  child: ChildProcess;
}

/** A PDF of `pages` scanned pages (a sample scan repeated), uploaded and read; its document id. */
async function uploadScan(srv: Server, pages: number): Promise<string> {
  const pdf = await PDFDocument.create();
  // a sample inspection notice with three tasks (a 150 dpi scan), as JPEG: what scanners put in PDFs
  const jpg = await pdf.embedJpg(await sharp(join(ROOT, 'samples/scans/notice-2.tiff')).jpeg({ quality: 80 }).toBuffer());
  for (let i = 0; i < pages; i++) {
    const page = pdf.addPage([595, 842]);
    page.drawImage(jpg, { x: 0, y: 0, width: 595, height: 842 });
  }
  const auth = { authorization: `Bearer ${srv.key}` };
  const form = new FormData();
  form.append('file', new Blob([(await pdf.save()) as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }), 'scan-10.pdf');
  const r = await fetch(`${srv.url}/v1/documents`, { method: 'POST', body: form, headers: auth });
  const body = (await r.json()) as { id?: string; job?: { id: string }; links?: { document: string } };
  if (r.status === 201 || r.status === 200) return body.id!;
  if (r.status !== 202 || !body.job) throw new Error(`scan upload: ${r.status} ${JSON.stringify(body)}`);
  const t0 = performance.now();
  for (;;) {
    await new Promise((res) => setTimeout(res, 2000));
    const j = (await (await fetch(`${srv.url}/v1/jobs/${body.job.id}`, { headers: auth })).json()) as { state: string; pages_done: number; document_id: string };
    if (j.state === 'done') {
      log(`10-page scan read in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
      return j.document_id;
    }
    if (j.state === 'failed') throw new Error('the scan job failed');
  }
}

// ---- measuring a page ---------------------------------------------------------------------------------
interface Sample {
  fcp: number;
  load: number;
  bytes: number;
  requests: number;
}

async function measure(page: Page, url: string): Promise<Sample> {
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  const load = Date.now() - t0;
  await page.waitForLoadState('networkidle');
  // strings, not functions: tsx adds helpers to functions that the page does not have.
  // The paint entry may come after the load event on a fast page: wait for it (up to 3 s).
  const fcp = (await page.evaluate(`new Promise((resolve) => {
    const seen = () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
    if (seen() !== undefined) return resolve(seen());
    new PerformanceObserver(() => seen() !== undefined && resolve(seen())).observe({ type: 'paint', buffered: true });
    setTimeout(() => resolve(-1), 3000);
  })`)) as number;
  // bytes as they came over the wire (headers and body), without the page images of scans
  const sizes = (await page.evaluate(`[...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
    .filter((e) => !/\\/pages\\/\\d+\\/image/.test(e.name)).map((e) => e.transferSize)`)) as number[];
  return { fcp, load, bytes: sizes.reduce((a, b) => a + b, 0), requests: sizes.length };
}

/** A page whose every load is a first visit: nothing from the browser's cache. */
async function uncached(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  return page;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'vanban-web-'));
  const db = join(dir, 'vanban.db');
  const rows: string[] = [];
  let srv: Server | undefined;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  try {
    await seedDirectives(db, DIRECTIVES);
    const started = await spawnServer(db);
    srv = { url: started.url, key: started.key!, child: started.child };
    // a text notice of its own, for the review page
    const up = await fetch(`${srv.url}/v1/documents?filename=bao-cao.txt`, {
      method: 'POST',
      headers: { authorization: `Bearer ${srv.key}`, 'content-type': 'text/plain; charset=utf-8' },
      body: readFileSync(join(ROOT, 'samples/text/bao-cao.txt')),
    });
    const textId = ((await up.json()) as { id: string }).id;
    const scanId = values['no-scan'] ? null : await uploadScan(srv, 10);

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await uncached(context);
    await page.goto(`${srv.url}/login`);
    await page.fill('#key', srv.key);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.press('#key', 'Enter')]);

    // [label, path, screenshot name]
    const pages: [string, string, string][] = [
      ['sign-in', '/login', 'login'],
      [`documents (${(Math.ceil(DIRECTIVES / 100) + 1).toLocaleString('en')} notices)`, '/documents', 'documents'],
      ['upload', '/upload', 'upload'],
      ['search "ke hoach"', '/search?q=ke+hoach', 'search'],
      [`tasks (${DIRECTIVES.toLocaleString('en')} directives)`, '/tasks', 'tasks'],
      ['review: a text notice', `/documents/${textId}`, 'review-text'],
    ];
    if (scanId) pages.push(['review: a 10-page scan', `/documents/${scanId}`, 'review-scan']);
    const shots = values.shots;
    if (shots) mkdirSync(shots, { recursive: true });
    for (const [name, path, shot] of pages) {
      const samples: Sample[] = [];
      // the sign-in page is seen signed out
      const p = path === '/login' ? await uncached(await browser.newContext({ viewport: { width: 1280, height: 800 } })) : page;
      for (let i = 0; i < RUNS; i++) samples.push(await measure(p, srv.url + path));
      if (shots) {
        await p.screenshot({ path: join(shots, `${shot}.png`) });
        // a review page again with its second directive selected: the lines (and on a scan, the place) marked
        const pick = p.locator('.directive-pick').nth(1);
        if (shot.startsWith('review') && (await pick.count())) {
          await pick.click();
          await p.screenshot({ path: join(shots, `${shot}-selected.png`) });
        }
      }
      const s = {
        fcp: median(samples.map((x) => x.fcp)),
        load: median(samples.map((x) => x.load)),
        bytes: median(samples.map((x) => x.bytes)),
        requests: median(samples.map((x) => x.requests)),
      };
      rows.push(`| ${name} | ${s.fcp.toFixed(0)} | ${s.load} | ${(s.bytes / 1024).toFixed(1)} | ${s.requests} |`);
      log(rows.at(-1)!);
    }
    if (shots) {
      // the same session on a phone-sized screen
      const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, storageState: await context.storageState() });
      const pp = await phone.newPage();
      for (const [, path, shot] of pages.filter(([, , n]) => n === 'tasks' || n === 'review-text')) {
        await pp.goto(srv.url + path, { waitUntil: 'load' });
        await pp.screenshot({ path: join(shots, `${shot}-phone.png`) });
      }
      await phone.close();
    }
    console.log(`${RUNS} loads each, median; chromium ${browser.version()}; the server and the browser on the same machine\n`);
    console.log('| page | first contentful paint ms | load ms | page weight KB | requests |');
    console.log('|---|---|---|---|---|');
    for (const r of rows) console.log(r);
  } finally {
    await browser.close();
    srv?.child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
