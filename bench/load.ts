// Load on the real server (`node dist/cli/main.js serve`, built JS) on loopback with a temp SQLite file and an
// admin key, driven by autocannon. Scenarios:
//   a. reads alone: 50 clients, 20 s (a listing, one record, a search, in turn);
//   b. /healthz latency (5 clients) while one 10 MB text is uploaded, repaired, extracted and stored;
//   c. mixed: 50 clients, 20 s: 30 reading, 15 uploading distinct texts, 5 sending bad uploads; then every
//      upload answered 2xx is looked up (none may be missing) and the documents are counted.
// Targets on 2 cores: (b) /healthz p99 < 100 ms; (c) read p99 < 300 ms; no good upload lost.
// Measures and prints, does not assert. Build first (`npm run build`).
// usage: timeout 600 npx tsx bench/load.ts [--threads N] [--duration 20] [--big-mb 10] [--only a,b,c] [--json]
//   --threads: VANBAN_REPAIR_THREADS for the server (0: repair on the event loop, as before the threads)
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { spawnServer } from '../test/helpers/server.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const { values } = parseArgs({
  options: {
    threads: { type: 'string' },
    duration: { type: 'string' },
    'big-mb': { type: 'string' },
    only: { type: 'string' },
    json: { type: 'boolean' },
  },
});
const DURATION = Number(values.duration ?? 20);
const BIG_MB = Number(values['big-mb'] ?? 10);
const ONLY = new Set((values.only ?? 'a,b,c').split(','));
const CLI = join(ROOT, 'dist/cli/main.js');
if (!existsSync(CLI)) throw new Error('dist/ is missing: run `npm run build` first');

const SAMPLES = ['bao-cao', 'cong-van-kinh-gui', 'ke-hoach', 'quyet-dinh-dieu'].map((n) =>
  readFileSync(join(ROOT, `samples/text/${n}.txt`), 'utf8'),
);
let uniq = 0;
/** A sample notice made its own (a numbered line at the end), so each upload is a new document. */
const distinctNotice = (tag: string) => `${SAMPLES[uniq % SAMPLES.length]}\nPhụ lục ${tag}-${process.pid}-${uniq++}\n`;

// ---- the server ------------------------------------------------------------------------------------
interface Server {
  url: string;
  auth: string;
  child: ChildProcess;
  cleanup(): void;
}

async function startServer(): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'vanban-load-'));
  const env: Record<string, string> = { VANBAN_UPLOADS_PER_MINUTE: '1000000', VANBAN_JOBS_PER_KEY: '1000' };
  if (values.threads !== undefined) env.VANBAN_REPAIR_THREADS = values.threads;
  const { url, key, child } = await spawnServer(join(dir, 'vanban.db'), env);
  return {
    url,
    auth: `Bearer ${key}`,
    child,
    cleanup() {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const upload = async (srv: Server, text: string, name: string) => {
  const r = await fetch(`${srv.url}/v1/documents?filename=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { authorization: srv.auth, 'content-type': 'text/plain; charset=utf-8' },
    body: text,
  });
  return { status: r.status, body: (await r.json()) as { id?: string } };
};

const documentCount = async (srv: Server) =>
  ((await (await fetch(`${srv.url}/v1/documents?limit=1`, { headers: { authorization: srv.auth } })).json()) as { total: number }).total;

// ---- figures ---------------------------------------------------------------------------------------
interface Row {
  scenario: string;
  type: string;
  clients: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  note?: string;
}
const rows: Row[] = [];

function row(scenario: string, type: string, r: autocannon.Result, note?: string): Row {
  const out: Row = {
    scenario,
    type,
    clients: r.connections,
    requests: r.requests.total,
    rps: Math.round(r.requests.total / (r.duration || 1)),
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    note,
  };
  rows.push(out);
  return out;
}

const run = (opts: autocannon.Options) =>
  new Promise<{ instance: autocannon.Instance; result: Promise<autocannon.Result> }>((resolve) => {
    let done!: (r: autocannon.Result) => void;
    const result = new Promise<autocannon.Result>((r) => (done = r));
    const instance = autocannon({ timeout: 60, ...opts }, (err, res) => {
      if (err) throw err;
      done(res);
    });
    resolve({ instance, result });
  });

// ---- scenarios -------------------------------------------------------------------------------------
async function seed(srv: Server): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < 8; i++) {
    const r = await upload(srv, distinctNotice('seed'), `seed-${i}.txt`);
    if (r.body.id) ids.push(r.body.id);
  }
  return ids;
}

const readRequests = (ids: string[]): autocannon.Request[] => [
  { method: 'GET', path: '/v1/documents?limit=20' },
  { method: 'GET', path: `/v1/documents/${ids[0]}` },
  { method: 'GET', path: '/v1/search?q=ke%20hoach' },
  { method: 'GET', path: `/v1/documents/${ids[ids.length - 1]}` },
];

async function readsAlone(srv: Server, ids: string[]) {
  const { result } = await run({
    url: srv.url,
    connections: 50,
    duration: DURATION,
    headers: { authorization: srv.auth },
    requests: readRequests(ids),
  });
  row('a: reads alone', 'read', await result);
}

async function healthDuringBigIngest(srv: Server) {
  const parts: string[] = [];
  for (let size = 0; size < BIG_MB * 1e6; ) {
    parts.push(distinctNotice('big'));
    size += Buffer.byteLength(parts[parts.length - 1]);
  }
  const text = parts.join('');
  const t0 = performance.now();
  let settled = false;
  const pending = upload(srv, text, 'big.txt').finally(() => (settled = true));
  // /healthz from 5 clients for as long as the upload takes
  const { instance, result } = await run({ url: `${srv.url}/healthz`, connections: 5, duration: 3600 });
  // and one sent every 50 ms whether or not the last has answered: a closed loop of 5 clients sends
  // nothing while the server is stalled, so its p99 hides a stall; this one counts every request it held
  const open: Promise<number>[] = [];
  const timer = setInterval(() => {
    const t = performance.now();
    open.push(
      fetch(`${srv.url}/healthz`)
        .then(async (r) => (await r.arrayBuffer(), performance.now() - t))
        // a connection the stalled server dropped: counted as an error
        .catch(() => Number.POSITIVE_INFINITY),
    );
  }, 50);
  const big = await pending;
  const secs = (performance.now() - t0) / 1000;
  clearInterval(timer);
  instance.stop();
  void settled;
  row(`b: ${BIG_MB} MB ingest`, '/healthz', await result, `upload ${big.status} in ${secs.toFixed(1)} s`);
  const lat = (await Promise.all(open)).sort((a, b) => a - b);
  const ok = lat.filter((x) => Number.isFinite(x));
  const q = (f: number) => Math.round(ok[Math.min(ok.length - 1, Math.floor(f * ok.length))]);
  rows.push({
    scenario: `b: ${BIG_MB} MB ingest`,
    type: '/healthz every 50 ms',
    clients: 1,
    requests: lat.length,
    rps: 20,
    p50: q(0.5),
    p99: q(0.99),
    max: q(1),
    non2xx: 0,
    errors: lat.filter((x) => !Number.isFinite(x)).length,
    note: `over 1 s: ${lat.filter((x) => x > 1000).length}`,
  });
}

async function mixed(srv: Server, ids: string[]) {
  const before = await documentCount(srv);
  const good = new Set<string>();
  const statuses: Record<string, number> = {};
  const goodUpload: autocannon.Request = {
    method: 'POST',
    path: '/v1/documents',
    setupRequest: (req) => {
      const n = uniq;
      return {
        ...req,
        headers: { ...req.headers, 'content-type': 'text/plain; charset=utf-8', 'x-filename': `load-${n}.txt` },
        body: distinctNotice('mixed'),
      };
    },
    onResponse: (status, body) => {
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status >= 200 && status < 300) good.add((JSON.parse(body) as { id: string }).id);
    },
  };
  // bad uploads in turn: empty, binary, UTF-16, an unknown content type
  const elf = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...Array.from({ length: 2000 }, (_, i) => (i * 37) & 255)]);
  const bad: autocannon.Request[] = [
    { method: 'POST', path: '/v1/documents', headers: { 'content-type': 'text/plain' }, body: '' },
    { method: 'POST', path: '/v1/documents', headers: { 'content-type': 'application/octet-stream' }, body: elf },
    {
      method: 'POST',
      path: '/v1/documents',
      headers: { 'content-type': 'text/plain' },
      body: Buffer.from(`\uFEFF${SAMPLES[0].slice(0, 2000)}`, 'utf16le'),
    },
    { method: 'POST', path: '/v1/documents', headers: { 'content-type': 'application/x-unknown' }, body: 'x'.repeat(500) },
  ];
  const headers = { authorization: srv.auth };
  const common = { url: srv.url, duration: DURATION, headers };
  const [reads, ups, bads] = await Promise.all([
    run({ ...common, connections: 30, requests: readRequests(ids) }),
    run({ ...common, connections: 15, requests: [goodUpload] }),
    run({ ...common, connections: 5, requests: bad }),
  ]);
  const rr = await reads.result;
  const ur = await ups.result;
  const br = await bads.result;
  // every upload answered 2xx must be stored
  let missing = 0;
  for (const id of good) {
    const r = await fetch(`${srv.url}/v1/documents/${id}`, { headers });
    await r.arrayBuffer();
    if (r.status !== 200) missing++;
  }
  const after = await documentCount(srv);
  row('c: mixed', 'read', rr);
  row(
    'c: mixed',
    'good upload',
    ur,
    `status ${JSON.stringify(statuses)}; stored ${good.size - missing}/${good.size}, documents +${after - before}`,
  );
  const badCodes = Object.entries(br.statusCodeStats ?? {})
    .map(([k, v]) => `${k}:${v.count}`)
    .join(' ');
  row('c: mixed', 'bad upload', br, `status ${badCodes}`);
  return { lost: missing, stored: after - before, good: good.size };
}

/** the server's resident memory (Linux), MB */
const rssMb = (srv: Server) => {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${srv.child.pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
};

// ---- main ------------------------------------------------------------------------------------------
const srv = await startServer();
const rss: string[] = [];
let mixedResult: Awaited<ReturnType<typeof mixed>> | undefined;
try {
  const ids = await seed(srv);
  rss.push(`after seeding ${rssMb(srv)} MB`);
  if (ONLY.has('a')) await readsAlone(srv, ids);
  if (ONLY.has('b')) {
    await healthDuringBigIngest(srv);
    rss.push(`after the big ingest ${rssMb(srv)} MB`);
  }
  if (ONLY.has('c')) {
    mixedResult = await mixed(srv, ids);
    rss.push(`after the mixed load ${rssMb(srv)} MB`);
  }
} finally {
  srv.cleanup();
}

const threads = values.threads ?? 'default (min(2, cores))';
if (values.json) {
  console.log(JSON.stringify({ threads, duration: DURATION, rows, mixed: mixedResult, rss }, null, 1));
} else {
  console.log(`repair threads: ${threads}; ${DURATION} s per timed scenario`);
  const head = ['scenario', 'type', 'clients', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx', 'errors', 'note'];
  const body = rows.map((r) =>
    [r.scenario, r.type, r.clients, r.requests, r.rps, r.p50, r.p99, r.max, r.non2xx, r.errors, r.note ?? ''].map(String),
  );
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const b of body) console.log(line(b));
  console.log(`server RSS: ${rss.join('; ')}`);
  if (mixedResult) console.log(`good uploads answered 2xx: ${mixedResult.good}; missing afterwards: ${mixedResult.lost}`);
}
