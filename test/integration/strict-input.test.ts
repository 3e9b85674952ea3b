// Input the server does not know is refused, never silently ignored: unknown query parameters (a
// misspelt filter would return everything) and a second file in one upload; links built from the
// configured public URL, never from the Host header. Real server on loopback.
import { readFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicUrlFrom } from '../../src/config.js';
import { isLoopback } from '../../src/cli/commands.js';
// the test server's admin key rides along (see test/helpers/server.ts)
import { keyedFetch as fetch, spawnServer, startTestServer, tempDir } from '../helpers/server.js';

describe('strict input', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.cleanup());

  const get = async (path: string) => {
    const res = await fetch(`${server.url}${path}`);
    return { status: res.status, body: (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null };
  };

  it('answers 400 naming each unknown query parameter', async () => {
    for (const [path, names] of [
      ['/v1/directives?document_id=abc', ['document_id']],
      ['/v1/directives.csv?agency=so&formt=csv', ['formt']],
      ['/v1/search?q=ke+hoach&foo=1&bar=2', ['foo', 'bar']],
      ['/v1/documents?sort_by=date', ['sort_by']], // sort itself is known since the list sorts
      ['/v1/agencies?zz=1', ['zz']],
      ['/v1/agencies/so-tai-chinh/directives?agency=x', ['agency']],
      // routes that take no query parameters refuse any
      ['/v1/documents/0123456789abcdef?fields=all', ['fields']],
      ['/v1/jobs/00000000-0000-4000-8000-000000000000?verbose=1', ['verbose']],
      ['/v1/webhooks?all=1', ['all']],
    ] as const) {
      const r = await get(path);
      expect(r.status, path).toBe(400);
      expect(r.body?.error?.code, path).toBe('unknown_parameter');
      for (const n of names) expect(r.body?.error?.message, path).toContain(n);
    }
  });

  it('accepts the known parameters', async () => {
    for (const path of ['/v1/directives?document=0123456789abcdef&limit=5', '/v1/search?q=ke+hoach&in=lines', '/v1/documents?limit=5&signed_by=so', '/v1/agencies?q=so']) {
      expect((await get(path)).status, path).toBe(200);
    }
  });

  it('refuses an upload with a misspelt parameter and stores nothing; /healthz takes a probe\'s own', async () => {
    const count = async () => ((await (await fetch(`${server.url}/v1/documents?limit=100`)).json()) as { total: number }).total;
    const before = await count();
    const r = await fetch(`${server.url}/v1/documents?filname=a.txt`, { method: 'POST', body: 'Kế hoạch số 1/KH-UBND', headers: { 'content-type': 'text/plain' } });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'unknown_parameter', message: expect.stringContaining('filname') });
    expect(await count()).toBe(before);
    expect((await fetch(`${server.url}/healthz?probe=lb`)).status).toBe(200);
  });

  it('refuses two files in one upload and stores neither', async () => {
    const form = new FormData();
    form.append('file', new Blob(['Thông báo số 1\nSở Tài chính chủ trì thực hiện.\n'], { type: 'text/plain' }), 'a.txt');
    form.append('file', new Blob(['Thông báo số 2\nSở Nội vụ chủ trì thực hiện.\n'], { type: 'text/plain' }), 'b.txt');
    const res = await fetch(`${server.url}/v1/documents`, { method: 'POST', body: form });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('several_files');
    const list = await get('/v1/documents');
    expect((list.body as unknown as { total: number }).total).toBe(0);
  });
});

describe('absolute links', () => {
  const icsWithHost = (base: string, host: string, key: string) =>
    new Promise<string>((resolve, reject) => {
      const u = new URL('/v1/directives.ics', base);
      const req = request({ host: u.hostname, port: u.port, path: u.pathname, headers: { host, authorization: `Bearer ${key}` } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.end();
    });

  async function withNotice(publicUrl: string | undefined, run: (url: string, key: string) => Promise<void>) {
    const server = await startTestServer({ publicUrl });
    try {
      const form = new FormData();
      form.append('file', new Blob([readFileSync(new URL('../../samples/text/ke-hoach.txt', import.meta.url))], { type: 'text/plain' }), 'ke-hoach.txt');
      expect((await fetch(`${server.url}/v1/documents`, { method: 'POST', body: form })).status).toBe(201);
      await run(server.url, server.key);
    } finally {
      await server.cleanup();
    }
  }

  it('come from VANBAN_PUBLIC_URL, never from the Host header', async () => {
    await withNotice('https://vanban.example.gov.vn/qn', async (url, key) => {
      const ics = await icsWithHost(url, 'evil.example:666', key);
      expect(ics).toContain('BEGIN:VEVENT');
      expect(ics).not.toContain('evil.example');
      expect(ics).toMatch(/^URL:https:\/\/vanban\.example\.gov\.vn\/qn\/v1\/directives\/[^\s]+\r?$/m);
    });
  });

  it('make the webhook payload and the OpenAPI document absolute with VANBAN_PUBLIC_URL, relative without', async () => {
    for (const publicUrl of ['https://vanban.example.gov.vn/qn', undefined]) {
      const got: string[] = [];
      const rx = createServer((req, res) => {
        let body = '';
        req.setEncoding('utf8');
        req.on('data', (c: string) => (body += c));
        req.on('end', () => {
          got.push(body);
          res.end('ok');
        });
      });
      await new Promise<void>((r) => rx.listen(0, '127.0.0.1', () => r()));
      const server = await startTestServer({ publicUrl, allowPrivateWebhooks: true });
      try {
        const hook = `http://127.0.0.1:${(rx.address() as AddressInfo).port}/hook`;
        expect((await fetch(`${server.url}/v1/webhooks`, { method: 'POST', body: JSON.stringify({ url: hook }), headers: { 'content-type': 'application/json' } })).status).toBe(201);
        const up = await fetch(`${server.url}/v1/documents?filename=ke-hoach.txt`, {
          method: 'POST',
          body: readFileSync(new URL('../../samples/text/ke-hoach.txt', import.meta.url)),
          headers: { 'content-type': 'text/plain; charset=utf-8' },
        });
        expect(up.status).toBe(201);
        const { id } = (await up.json()) as { id: string };
        const end = Date.now() + 10_000;
        while (!got.length && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
        expect(JSON.parse(got[0]).document.links.self).toBe(`${publicUrl ?? ''}/v1/documents/${id}`);
        const spec = (await (await fetch(`${server.url}/v1/openapi.json`)).json()) as { servers?: { url: string }[] };
        expect(spec.servers).toEqual(publicUrl ? [{ url: publicUrl }] : undefined);
      } finally {
        await server.cleanup();
        rx.close();
      }
    }
  });

  it('are left out without a public URL', async () => {
    await withNotice(undefined, async (url, key) => {
      const ics = await icsWithHost(url, 'evil.example:666', key);
      expect(ics).toContain('BEGIN:VEVENT');
      expect(ics).not.toContain('evil.example');
      expect(ics).not.toMatch(/^URL:/m);
    });
  });

  it('refuses a malformed VANBAN_PUBLIC_URL at start', () => {
    expect(publicUrlFrom('https://vanban.example/')).toBe('https://vanban.example');
    expect(publicUrlFrom(undefined)).toBeUndefined();
    for (const bad of ['vanban.example', 'ftp://vanban.example', 'https://vanban.example/?x=1', 'https://u:p@vanban.example']) expect(() => publicUrlFrom(bad), bad).toThrow(/VANBAN_PUBLIC_URL/);
  });
});

describe('binding to the network', () => {
  it('warns loudly when listening beyond loopback, and not on loopback', async () => {
    const tmp = tempDir('vanban-bind-');
    const open = await spawnServer(join(tmp.dir, 'a.db'), { HOST: '0.0.0.0' });
    const quiet = await spawnServer(join(tmp.dir, 'b.db'));
    try {
      expect(open.stderr()).toMatch(/WARNING: listening on 0\.0\.0\.0.*needs an API key/);
      expect(quiet.stderr()).not.toMatch(/WARNING/);
    } finally {
      open.child.kill();
      quiet.child.kill();
      tmp.cleanup();
    }
    expect(isLoopback('127.0.0.1') && isLoopback('localhost') && isLoopback('[::1]')).toBe(true);
    expect(isLoopback('0.0.0.0') || isLoopback('192.168.1.5') || isLoopback('::')).toBe(false);
  });
});
