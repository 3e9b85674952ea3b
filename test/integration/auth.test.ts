// Access control as an attacker and as an operator meet it: the real server (`vanban serve` in a child
// process, loopback, a real SQLite file), keys made by the CLI, each request with its expected status.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, spawnServer, tempDir } from '../helpers/server.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Who = 'none' | 'wrong' | 'revoked' | 'reader' | 'editor' | 'admin' | 'basic' | 'long';

const tmp = tempDir('vanban-auth-');
afterAll(() => tmp.cleanup());

const notice = readFileSync(join(ROOT, 'samples/text/ke-hoach.txt'));
const small = (n: number) => `THÔNG BÁO số ${n}/TB-UBND\nSở Tài chính chủ trì thực hiện kiểm tra lần ${n} trước ngày 30/12/2025.\n`;
// shaped like a key, never issued
const WRONG = `vb_${'A'.repeat(43)}`;

async function createKey(db: string, role: string, name: string): Promise<string> {
  const r = await runCli(['keys', 'create', '--role', role, '--name', name, '--db', db]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.trimEnd().split('\n').at(-1)!;
}

describe('API keys against the real server', () => {
  const db = join(tmp.dir, 'auth.db');
  let srv: Awaited<ReturnType<typeof spawnServer>>;
  const keys: Record<string, string> = {};
  let docId = '';
  let directiveId = '';

  const headersFor = (who: Who): Record<string, string> => {
    if (who === 'none') return {};
    if (who === 'wrong') return { authorization: `Bearer ${WRONG}` };
    if (who === 'basic') return { authorization: `Basic ${btoa(`admin:${keys.admin}`)}` };
    if (who === 'long') return { authorization: `Bearer vb_${'x'.repeat(5000)}` };
    return { authorization: `Bearer ${keys[who]}` };
  };
  const call = async (who: Who, method: string, path: string, body?: string, type = 'application/json') => {
    const headers = { ...headersFor(who), ...(body === undefined ? {} : { 'content-type': type }) };
    const r = await fetch(srv.url + path, { method, headers, body });
    const text = await r.text();
    let json: Json | null = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // /docs is HTML
    }
    return { status: r.status, body: json, headers: r.headers };
  };
  const admin = (path: string) => call('admin', 'GET', path);
  const documents = async () => (await admin('/v1/documents')).body!.total as number;
  const auditTotal = async () => (await admin('/v1/audit')).body!.total as number;

  beforeAll(async () => {
    // no key in the store: the server makes the first admin key and prints it once
    srv = await spawnServer(db, { VANBAN_UPLOADS_PER_MINUTE: '3', VANBAN_ALLOW_PRIVATE_WEBHOOKS: 'true' }, { key: false });
    keys.admin = srv.stdout().trimEnd().split('\n').at(-1)!;
    keys.reader = await createKey(db, 'reader', 'desk-reader');
    keys.editor = await createKey(db, 'editor', 'desk-editor');
    keys.revoked = await createKey(db, 'editor', 'old-laptop');
    expect((await runCli(['keys', 'revoke', 'old-laptop', '--db', db])).code).toBe(0);
    const up = await fetch(`${srv.url}/v1/documents?filename=ke-hoach.txt`, {
      method: 'POST', body: notice, headers: { ...headersFor('editor'), 'content-type': 'text/plain; charset=utf-8' },
    });
    expect(up.status).toBe(201);
    docId = ((await up.json()) as Json).id;
    const dirs = (await admin(`/v1/directives?document=${docId}`)).body!;
    directiveId = dirs.items[0].id;
  });
  afterAll(() => srv?.child.kill());

  it('prints the first admin key once on stdout, with how to use it, and makes it work', () => {
    const out = srv.stdout();
    expect(keys.admin).toMatch(/^vb_[A-Za-z0-9_-]{43}$/);
    expect(out).toMatch(/created the admin key "admin"/);
    expect(out).toContain(`curl -H "Authorization: Bearer $KEY" ${srv.url}/v1/documents`);
    expect(out.split(keys.admin).length - 1).toBe(1);
    expect(srv.stderr()).not.toContain(keys.admin);
  });

  // [who, method, path, expected status, expected error code, body]
  const cases: [Who, string, string, number, string | null, string?][] = [
    ['none', 'GET', '/healthz', 200, null],
    ['none', 'GET', '/docs', 200, null],
    ['none', 'GET', '/v1/openapi.json', 200, null],
    ['wrong', 'GET', '/healthz', 200, null],
    ['none', 'GET', '/v1/documents', 401, 'unauthorized'],
    ['wrong', 'GET', '/v1/documents', 401, 'invalid_key'],
    ['revoked', 'GET', '/v1/documents', 401, 'invalid_key'],
    ['basic', 'GET', '/v1/documents', 401, 'unauthorized'],
    ['long', 'GET', '/v1/documents', 401, 'invalid_key'],
    ['none', 'GET', '/v1/no-such-route', 401, 'unauthorized'],
    ['reader', 'GET', '/v1/documents', 200, null],
    ['reader', 'GET', '/v1/directives', 200, null],
    ['reader', 'GET', '/v1/search?q=ke+hoach', 200, null],
    ['none', 'POST', '/v1/repair', 401, 'unauthorized', '{"text":"so tai chinh"}'],
    ['none', 'POST', '/v1/documents?filename=a.txt', 401, 'unauthorized', small(1)],
    ['wrong', 'POST', '/v1/documents?filename=a.txt', 401, 'invalid_key', small(1)],
    ['revoked', 'POST', '/v1/documents?filename=a.txt', 401, 'invalid_key', small(1)],
    ['reader', 'POST', '/v1/documents?filename=a.txt', 403, 'forbidden', small(1)],
    ['reader', 'PATCH', '/v1/directives/{directive}', 403, 'forbidden', '{"status":"done"}'],
    ['none', 'PATCH', '/v1/directives/{directive}', 401, 'unauthorized', '{"status":"done"}'],
    ['reader', 'DELETE', '/v1/documents/{doc}', 403, 'forbidden'],
    ['wrong', 'DELETE', '/v1/documents/{doc}', 401, 'invalid_key'],
    ['editor', 'POST', '/v1/webhooks', 403, 'forbidden', '{"url":"http://127.0.0.1:9/hook"}'],
    ['reader', 'POST', '/v1/webhooks', 403, 'forbidden', '{"url":"http://127.0.0.1:9/hook"}'],
    ['editor', 'GET', '/v1/webhooks', 403, 'forbidden'],
    // percent-encoded, the path still names the webhooks the router reaches
    ['editor', 'POST', '/v1/%77ebhooks', 403, 'forbidden', '{"url":"http://127.0.0.1:9/hook"}'],
    ['editor', 'GET', '/v1/%61udit', 403, 'forbidden'],
    ['editor', 'DELETE', '/v1/webhooks/00000000-0000-4000-8000-000000000000', 403, 'forbidden'],
    ['none', 'GET', '/v1/audit', 401, 'unauthorized'],
    ['reader', 'GET', '/v1/audit', 403, 'forbidden'],
    ['editor', 'GET', '/v1/audit', 403, 'forbidden'],
    ['admin', 'GET', '/v1/audit', 200, null],
    ['admin', 'GET', '/v1/audit?actor=x', 400, 'unknown_parameter'],
    ['admin', 'GET', '/v1/webhooks', 200, null],
    ['reader', 'GET', '/v1/documents/{doc}/history', 200, null],
    ['none', 'GET', '/v1/documents/{doc}/history', 401, 'unauthorized'],
    // a key in the URL is refused, even a valid one, even beside a valid header
    ['none', 'GET', '/v1/documents?key={reader}', 400, 'key_in_query'],
    ['none', 'GET', '/v1/documents?api_key={admin}', 400, 'key_in_query'],
    ['reader', 'GET', '/v1/search?q=ke+hoach&token={reader}', 400, 'key_in_query'],
    ['none', 'POST', '/v1/documents?filename=a.txt&access_token={editor}', 400, 'key_in_query', small(1)],
    ['none', 'GET', '/healthz?key={admin}', 400, 'key_in_query'],
  ];

  it.each(cases)('%s %s %s -> %i', async (who, method, rawPath, status, code, body) => {
    const path = rawPath
      .replace('{doc}', docId)
      .replace('{directive}', directiveId)
      .replace(/\{(reader|editor|admin)\}/, (_, k: string) => keys[k]);
    const docsBefore = await documents();
    const auditBefore = await auditTotal();
    const r = await call(who, method, path, body);
    expect(r.status).toBe(status);
    if (code) expect(r.body?.error?.code).toBe(code);
    if (status === 401) expect(r.headers.get('www-authenticate')).toMatch(/^Bearer realm="vanban"/);
    if (status >= 400) {
      // a refused request stores nothing and leaves no audit row
      expect(await documents()).toBe(docsBefore);
      expect(await auditTotal()).toBe(auditBefore);
    }
    // the server is up after each
    expect((await fetch(`${srv.url}/healthz`)).status).toBe(200);
  });

  it('audits each successful write with the key, action, target, time and client address', async () => {
    const patched = await call('editor', 'PATCH', `/v1/directives/${directiveId}`, '{"status":"in_progress"}');
    expect(patched.status).toBe(200);
    const hook = await call('admin', 'POST', '/v1/webhooks', '{"url":"http://127.0.0.1:9/hook"}');
    expect(hook.status).toBe(201);
    const audit = (await admin('/v1/audit')).body!;
    expect(audit.items.slice(0, 3).map((e: Json) => [e.key, e.action, e.target, e.document_id, e.client, e.status])).toEqual([
      ['admin', 'webhook.create', hook.body!.id, null, '127.0.0.1', 201],
      ['desk-editor', 'directive.status.in_progress', directiveId, docId, '127.0.0.1', 200],
      ['desk-editor', 'document.upload', docId, docId, '127.0.0.1', 201],
    ]);
    expect(Date.now() - Date.parse(audit.items[0].at)).toBeLessThan(60_000);
    const byEditor = (await admin('/v1/audit?key_name=desk-editor')).body!;
    expect(byEditor.items.map((e: Json) => e.action)).toEqual(['directive.status.in_progress', 'document.upload']);
    expect((await admin(`/v1/audit?target=${directiveId}`)).body!.total).toBe(1);
  });

  it("shows a document's history to readers (without client addresses), also after its deletion", async () => {
    const del = await call('editor', 'DELETE', `/v1/documents/${docId}`);
    expect(del.status).toBe(204);
    const h = await call('reader', 'GET', `/v1/documents/${docId}/history`);
    expect(h.status).toBe(200);
    expect(h.body!.items.map((e: Json) => [e.key, e.action, e.client])).toEqual([
      ['desk-editor', 'document.delete', null],
      ['desk-editor', 'directive.status.in_progress', null],
      ['desk-editor', 'document.upload', null],
    ]);
    expect((await call('admin', 'GET', `/v1/documents/${docId}/history`)).body!.items[0].client).toBe('127.0.0.1');
    expect((await call('reader', 'GET', '/v1/documents/0123456789abcdef/history')).status).toBe(404);
    expect((await call('reader', 'GET', '/v1/documents/zz/history')).status).toBe(400);
  });

  it('limits uploads per key per minute: 429 with Retry-After, nothing stored', async () => {
    const burst = await createKey(db, 'editor', 'burst');
    const upload = (n: number) =>
      fetch(`${srv.url}/v1/documents?filename=n${n}.txt`, { method: 'POST', body: small(n), headers: { authorization: `Bearer ${burst}`, 'content-type': 'text/plain' } });
    for (const n of [11, 12, 13]) expect((await upload(n)).status, `upload ${n}`).toBe(201);
    const before = await documents();
    const refused = await upload(14);
    expect(refused.status).toBe(429);
    const wait = Number(refused.headers.get('retry-after'));
    expect(wait >= 1 && wait <= 60).toBe(true);
    expect(((await refused.json()) as Json).error.code).toBe('rate_limited');
    expect(await documents()).toBe(before);
    // another key is not held back by this one's uploads
    expect((await call('editor', 'POST', '/v1/documents?filename=n15.txt', small(15), 'text/plain')).status).toBe(201);
  });

  it('never writes a key to its logs', async () => {
    // every key was used, right and wrong, by now
    for (const k of [keys.reader, keys.editor, keys.revoked, WRONG]) {
      expect(srv.stderr()).not.toContain(k);
      expect(srv.stdout()).not.toContain(k);
    }
    expect(srv.stdout().split(keys.admin).length - 1).toBe(1);
    expect(srv.stderr()).not.toContain(keys.admin);
  });
});

describe('vanban keys', () => {
  const db = join(tmp.dir, 'cli.db');

  it('creates a key printed as the last line of stdout only, lists without secrets, revokes', async () => {
    const r = await runCli(['keys', 'create', '--role', 'editor', '--name', 'scanner-room', '--db', db]);
    expect(r.code).toBe(0);
    const key = r.stdout.trimEnd().split('\n').at(-1)!;
    expect(key).toMatch(/^vb_[A-Za-z0-9_-]{43}$/);
    expect(r.stderr).not.toContain(key);
    const list = await runCli(['keys', 'list', '--db', db]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^scanner-room\teditor\t\d{4}-\d\d-\d\dT[^\t]+\t-$/m);
    expect(list.stdout + list.stderr).not.toContain(key);
    expect(list.stdout).not.toMatch(/[0-9a-f]{64}/);
    const json = JSON.parse((await runCli(['keys', 'list', '--json', '--db', db])).stdout) as Json[];
    expect(json.map((k) => Object.keys(k).sort())).toEqual([['created_at', 'name', 'revoked_at', 'role']]);
    expect((await runCli(['keys', 'revoke', 'scanner-room', '--db', db])).code).toBe(0);
    expect((await runCli(['keys', 'list', '--db', db])).stdout).toMatch(/^scanner-room\teditor\t\S+\t\d{4}-\d\d-\d\dT\S+$/m);
  });

  it.each([
    [['keys', 'create', '--role', 'root', '--name', 'x'], /unknown role "root"/],
    [['keys', 'create', '--role', 'editor'], /needs --name/],
    [['keys', 'create', '--name', 'y'], /needs --role/],
    [['keys', 'create', '--role', 'reader', '--name', 'bad name'], /key name/],
    [['keys', 'revoke', 'nobody'], /no active key named "nobody"/],
    [['keys', 'revoke'], /one NAME/],
    [['keys', 'rotate'], /unknown keys action "rotate"/],
    [['keys'], /needs an action/],
  ])('refuses %j', async (args, message) => {
    const r = await runCli([...args, '--db', db]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).not.toMatch(/vb_/);
  });

  it('refuses a name already taken, revoked or not', async () => {
    expect((await runCli(['keys', 'create', '--role', 'reader', '--name', 'twice', '--db', db])).code).toBe(0);
    const again = await runCli(['keys', 'create', '--role', 'admin', '--name', 'twice', '--db', db]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/"twice" already exists/);
    expect(again.stdout).toBe('');
    expect((await runCli(['keys', 'revoke', 'twice', '--db', db])).code).toBe(0);
    expect((await runCli(['keys', 'create', '--role', 'reader', '--name', 'twice', '--db', db])).code).not.toBe(0);
    expect((await runCli(['keys', 'revoke', 'twice', '--db', db])).code).not.toBe(0);
  });
});

describe('starting without a first key', () => {
  it('refuses to listen beyond loopback when the first key is turned off and none exists', async () => {
    const r = await runCli(['serve', '--host', '0.0.0.0', '--port', '0', '--db', join(tmp.dir, 'net.db')], undefined, { VANBAN_NO_BOOTSTRAP_KEY: 'true' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refusing to listen on 0\.0\.0\.0.*no API key/);
    expect(r.stdout).toBe('');
  });

  it('on loopback, starts, warns and refuses every request that needs a key', async () => {
    const s = await spawnServer(join(tmp.dir, 'nokey.db'), { VANBAN_NO_BOOTSTRAP_KEY: 'true' }, { key: false });
    try {
      expect(s.stderr()).toMatch(/WARNING: no API key/);
      expect(s.stdout()).toBe('');
      expect((await fetch(`${s.url}/v1/documents`)).status).toBe(401);
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    } finally {
      s.child.kill();
    }
  });
});

describe('public reads (VANBAN_PUBLIC_READ=true)', () => {
  let srv: Awaited<ReturnType<typeof spawnServer>>;
  beforeAll(async () => {
    srv = await spawnServer(join(tmp.dir, 'public.db'), { VANBAN_PUBLIC_READ: 'true' });
  });
  afterAll(() => srv?.child.kill());

  it.each([
    ['GET', '/v1/documents', {}, 200],
    ['GET', '/v1/directives.csv', {}, 200],
    ['GET', '/v1/documents', { authorization: `Bearer ${WRONG}` }, 401],
    ['POST', '/v1/documents?filename=a.txt', {}, 401],
    ['POST', '/v1/repair', {}, 401],
    ['GET', '/v1/audit', {}, 401],
    ['GET', '/v1/webhooks', {}, 401],
  ] as const)('%s %s %j -> %i', async (method, path, headers, status) => {
    const r = await fetch(srv.url + path, { method, headers: { ...headers, 'content-type': 'text/plain' }, body: method === 'POST' ? small(1) : undefined });
    expect(r.status).toBe(status);
  });
});

describe('OCR jobs per key', () => {
  it('refuses a scan beyond the key\'s limit of queued and running jobs (429 with Retry-After)', async () => {
    const srv = await spawnServer(join(tmp.dir, 'jobs.db'), { VANBAN_JOBS_PER_KEY: '1', VANBAN_OCR_WORKERS: '1' });
    try {
      // two different blank pages: both are scans, so each upload makes a job
      const page = async (grey: number) => new Uint8Array(await sharp({ create: { width: 600, height: 800, channels: 3, background: { r: grey, g: grey, b: grey } } }).png().toBuffer());
      const key = { authorization: `Bearer ${srv.key}`, 'content-type': 'image/png' };
      const first = await fetch(`${srv.url}/v1/documents?filename=a.png`, { method: 'POST', body: await page(255), headers: key });
      expect(first.status).toBe(202);
      const second = await fetch(`${srv.url}/v1/documents?filename=b.png`, { method: 'POST', body: await page(250), headers: key });
      expect(second.status).toBe(429);
      expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await second.json()) as Json).error.message).toMatch(/1 scans queued or being read/);
      // once the first job is over, the key may send another scan
      const job = ((await first.json()) as Json).job.id as string;
      for (let i = 0; i < 120; i++) {
        const state = ((await (await fetch(`${srv.url}/v1/jobs/${job}`, { headers: key })).json()) as Json).state;
        if (state === 'done' || state === 'failed') break;
        await new Promise((r) => setTimeout(r, 500));
      }
      const third = await fetch(`${srv.url}/v1/documents?filename=b.png`, { method: 'POST', body: await page(250), headers: key });
      expect(third.status).toBe(202);
    } finally {
      srv.child.kill();
    }
  });
});
