// The web app's sessions and CSRF rules, without a browser: sign-in with a key, cookie flags, expiry,
// CSRF on forms and on cookie-authenticated API writes, a revoked key's sessions, sign-out.
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashKey } from '../../src/store/sql/keys.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { openSession, randomToken } from '../../src/web/session.js';
import { createKey, ROOT, startTestServer } from '../helpers/server.js';

type Srv = Awaited<ReturnType<typeof startTestServer>>;
const notice = readFileSync(join(ROOT, 'samples/text/ke-hoach.txt'));

/** Signs in with the key; returns the session cookie, the CSRF token of the pages and the raw Set-Cookie. */
async function signIn(url: string, key: string) {
  const form = await fetch(`${url}/login`);
  const loginCookie = /vb_login=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')![1];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
  const r = await fetch(`${url}/login`, {
    method: 'POST', redirect: 'manual',
    headers: { cookie: `vb_login=${loginCookie}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ key, _csrf: csrf, next: '/tasks' }),
  });
  const setCookie = r.headers.get('set-cookie') ?? '';
  const token = /vb_session=([^;]+)/.exec(setCookie)?.[1];
  if (!token) return { status: r.status, location: r.headers.get('location'), setCookie, cookie: '', csrf: '', body: await r.text() };
  const cookie = `vb_session=${token}`;
  const page = await (await fetch(`${url}/documents`, { headers: { cookie } })).text();
  return { status: r.status, location: r.headers.get('location'), setCookie, cookie, csrf: /name="csrf-token" content="([^"]+)"/.exec(page)![1], body: '' };
}

describe('web sessions and CSRF', () => {
  let srv: Srv;
  let directive = '';
  let docId = '';
  beforeAll(async () => {
    srv = await startTestServer();
    const up = await fetch(`${srv.url}/v1/documents?filename=ke-hoach.txt`, { method: 'POST', body: notice, headers: { ...srv.auth, 'content-type': 'text/plain; charset=utf-8' } });
    docId = ((await up.json()) as { id: string }).id;
    const dirs = (await (await fetch(`${srv.url}/v1/directives?document=${docId}`, { headers: srv.auth })).json()) as { items: { id: string }[] };
    directive = dirs.items[0].id;
  });
  afterAll(() => srv?.cleanup());

  it('sends pages without a session to /login, keeps /healthz and /docs open', async () => {
    for (const path of ['/', '/documents', '/tasks?status=open', `/documents/${docId}`, '/search?q=ke+hoach', '/upload']) {
      const r = await fetch(srv.url + path, { redirect: 'manual' });
      expect(r.status, path).toBe(303);
      expect(r.headers.get('location')).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
    expect((await fetch(`${srv.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${srv.url}/docs`)).status).toBe(200);
    expect((await fetch(`${srv.url}/v1/documents`)).status).toBe(401);
  });

  it('signs in with a key: an HttpOnly, SameSite=Strict, Path=/ cookie for 12 hours; the token is stored hashed', async () => {
    const s = await signIn(srv.url, srv.key);
    expect(s.status).toBe(303);
    expect(s.location).toBe('/tasks');
    expect(s.setCookie).toMatch(/HttpOnly/);
    expect(s.setCookie).toMatch(/SameSite=Strict/);
    expect(s.setCookie).toMatch(/Path=\//);
    expect(s.setCookie).toMatch(/Max-Age=43200/);
    expect(s.setCookie).not.toMatch(/Secure/); // plain http on loopback
    const expires = Date.parse(/Expires=([^;]+)/.exec(s.setCookie)![1]);
    expect(Math.abs(expires - (Date.now() + 12 * 3600_000))).toBeLessThan(60_000);
    const db = new Database(srv.dbPath, { readonly: true });
    const rows = db.prepare('SELECT token_hash, key_name FROM sessions').all() as { token_hash: string; key_name: string }[];
    db.close();
    const token = s.cookie.split('=')[1];
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
    expect(rows.some((r) => r.key_name === 'test-admin')).toBe(true);
  });

  it('sets Secure on the cookie when the request is https', async () => {
    const store = await openSqliteStore(srv.dbPath);
    const app = new Hono().get('/', async (c) => {
      await openSession(c, store, { name: 'test-admin', role: 'admin', source: 'stored' });
      return c.text('ok');
    });
    const r = await app.request('https://vanban.example/');
    await store.close();
    expect(r.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('refuses a wrong key with an error in words, and a login form without its CSRF token', async () => {
    const s = await signIn(srv.url, `vb_${'A'.repeat(43)}`);
    expect(s.status).toBe(401);
    expect(s.body).toContain('Khóa API không đúng hoặc đã bị thu hồi');
    const r = await fetch(`${srv.url}/login`, { method: 'POST', body: new URLSearchParams({ key: srv.key }), redirect: 'manual' });
    expect(r.status).toBe(403);
    expect(r.headers.get('set-cookie') ?? '').not.toMatch(/vb_session/);
  });

  it('never redirects to another origin after sign-in', async () => {
    const form = await fetch(`${srv.url}/login`);
    const loginCookie = /vb_login=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')![1];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
    const r = await fetch(`${srv.url}/login`, {
      method: 'POST', redirect: 'manual', headers: { cookie: `vb_login=${loginCookie}` },
      body: new URLSearchParams({ key: srv.key, _csrf: csrf, next: '//evil.example/x' }),
    });
    expect(r.headers.get('location')).toBe('/documents');
  });

  it('lets the cookie read /v1 routes; cookie writes need the X-CSRF-Token header', async () => {
    const s = await signIn(srv.url, srv.key);
    expect((await fetch(`${srv.url}/v1/documents`, { headers: { cookie: s.cookie } })).status).toBe(200);
    const patch = (headers: Record<string, string>) =>
      fetch(`${srv.url}/v1/directives/${directive}`, { method: 'PATCH', headers: { cookie: s.cookie, 'content-type': 'application/json', ...headers }, body: '{"status":"in_progress","note":"từ web"}' });
    const missing = await patch({});
    expect(missing.status).toBe(403);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('csrf');
    expect((await patch({ 'x-csrf-token': randomToken() })).status).toBe(403);
    expect((await patch({ 'x-csrf-token': s.csrf })).status).toBe(200);
    // the audit row names the key behind the session
    const audit = (await (await fetch(`${srv.url}/v1/audit?target=${directive}`, { headers: srv.auth })).json()) as { items: { key: string; action: string }[] };
    expect(audit.items[0]).toMatchObject({ key: 'test-admin', action: 'directive.status.in_progress' });
    // a Bearer key works as before, without any CSRF header
    expect((await fetch(`${srv.url}/v1/directives/${directive}`, { method: 'PATCH', headers: { ...srv.auth, 'content-type': 'application/json' }, body: '{"status":"open"}' })).status).toBe(200);
  });

  it('refuses a form POST without the CSRF token (403) and accepts it with the token', async () => {
    const s = await signIn(srv.url, srv.key);
    const post = (body: Record<string, string>) =>
      fetch(`${srv.url}/tasks/${directive}/status`, { method: 'POST', redirect: 'manual', headers: { cookie: s.cookie }, body: new URLSearchParams(body) });
    expect((await post({ status: 'done', note: 'x' })).status).toBe(403);
    expect((await post({ status: 'done', note: 'x', _csrf: 'nope' })).status).toBe(403);
    const ok = await post({ status: 'done', note: 'đã xong', _csrf: s.csrf, back: '/tasks?status=done' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/tasks?status=done');
    const d = (await (await fetch(`${srv.url}/v1/directives/${directive}`, { headers: srv.auth })).json()) as { status: string; status_note: string };
    expect(d).toMatchObject({ status: 'done', status_note: 'đã xong' });
  });

  it('lets a reader session read but not write', async () => {
    const reader = await createKey(srv.dbPath, 'reader', 'web-reader');
    const s = await signIn(srv.url, reader);
    expect((await fetch(`${srv.url}/tasks`, { headers: { cookie: s.cookie } })).status).toBe(200);
    const r = await fetch(`${srv.url}/tasks/${directive}/status`, { method: 'POST', headers: { cookie: s.cookie }, body: new URLSearchParams({ status: 'open', _csrf: s.csrf }) });
    expect(r.status).toBe(403);
    const api = await fetch(`${srv.url}/v1/directives/${directive}`, { method: 'PATCH', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' }, body: '{"status":"open"}' });
    expect(api.status).toBe(403);
  });

  it('ends an expired session', async () => {
    const store = await openSqliteStore(srv.dbPath);
    const token = randomToken();
    await store.createSession({ tokenHash: await hashKey(token), keyName: 'test-admin', source: 'stored', role: 'admin', csrf: randomToken(), expiresAt: new Date(Date.now() - 1000).toISOString() });
    await store.close();
    const cookie = `vb_session=${token}`;
    expect((await fetch(`${srv.url}/documents`, { headers: { cookie }, redirect: 'manual' })).status).toBe(303);
    expect((await fetch(`${srv.url}/v1/documents`, { headers: { cookie } })).status).toBe(401);
  });

  it("stops a revoked key's sessions", async () => {
    const key = await createKey(srv.dbPath, 'editor', 'web-laptop');
    const s = await signIn(srv.url, key);
    expect((await fetch(`${srv.url}/v1/documents`, { headers: { cookie: s.cookie } })).status).toBe(200);
    const store = await openSqliteStore(srv.dbPath);
    expect(await store.revokeKey('web-laptop')).toBe(true);
    await store.close();
    expect((await fetch(`${srv.url}/v1/documents`, { headers: { cookie: s.cookie } })).status).toBe(401);
    expect((await fetch(`${srv.url}/documents`, { headers: { cookie: s.cookie }, redirect: 'manual' })).status).toBe(303);
  });

  it('signs out with the CSRF token only, and the old cookie no longer works', async () => {
    const s = await signIn(srv.url, srv.key);
    expect((await fetch(`${srv.url}/logout`, { method: 'POST', headers: { cookie: s.cookie }, redirect: 'manual' })).status).toBe(403);
    const out = await fetch(`${srv.url}/logout`, { method: 'POST', headers: { cookie: s.cookie }, body: new URLSearchParams({ _csrf: s.csrf }), redirect: 'manual' });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/login');
    expect(out.headers.get('set-cookie')).toMatch(/vb_session=;.*Max-Age=0/);
    expect((await fetch(`${srv.url}/v1/documents`, { headers: { cookie: s.cookie } })).status).toBe(401);
  });

  it('serves its CSS and JS with long caching, an ETag and 304s', async () => {
    const page = await (await fetch(`${srv.url}/login`)).text();
    for (const href of [/href="(\/assets\/app\.css\?v=[0-9a-f]+)"/.exec(page)![1], /src="(\/assets\/app\.js\?v=[0-9a-f]+)"/.exec(page)![1]]) {
      const r = await fetch(srv.url + href);
      expect(r.status).toBe(200);
      expect(r.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const again = await fetch(srv.url + href, { headers: { 'if-none-match': r.headers.get('etag')! } });
      expect(again.status).toBe(304);
    }
  });
});
