// The web app inside workerd with a local D1: the Vietnamese sign-in page, the session cookie, the lists
// of an uploaded text notice and its tasks, CSRF on forms, the assets and their caching, the sign-in limit.
import { SELF, env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import notice from './fixtures/thong-bao-ha-tang.txt?raw';
import { insertKey } from './keys.js';

const BASE = 'http://vanban.test';
const KEY = 'vb_workerd-web-test-editor-key-0123456789abcd';
beforeAll(() => insertKey(env.DB, 'w-web', 'editor', KEY));

/** The sign-in form's CSRF cookie and token, then POST /login with the key. */
async function signIn(key: string, ip = '203.0.113.7') {
  const form = await SELF.fetch(`${BASE}/login`, { headers: { 'cf-connecting-ip': ip } });
  const loginCookie = /vb_login=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')![1];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
  const r = await SELF.fetch(`${BASE}/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'cf-connecting-ip': ip, cookie: `vb_login=${loginCookie}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ key, _csrf: csrf, next: '/documents' }),
  });
  const token = /vb_session=([^;]+)/.exec(r.headers.get('set-cookie') ?? '')?.[1];
  return { response: r, setCookie: r.headers.get('set-cookie') ?? '', cookie: token ? `vb_session=${token}` : '' };
}

describe('Worker web app', () => {
  it('GET /login answers the Vietnamese sign-in page with its CSP', async () => {
    const r = await SELF.fetch(`${BASE}/login`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(r.headers.get('cache-control')).toBe('no-store');
    const body = await r.text();
    expect(body).toContain('<html lang="vi">');
    expect(body).toContain('<h1>Đăng nhập</h1>');
    expect(body).toContain('<label for="key">Khóa API</label>');
  });

  it('signs in with a key, lists an uploaded notice and its tasks, refuses a form without the CSRF token', async () => {
    const up = await SELF.fetch(`${BASE}/v1/documents?filename=thong-bao.txt`, {
      method: 'POST', body: notice, headers: { authorization: `Bearer ${KEY}`, 'content-type': 'text/plain; charset=utf-8' },
    });
    expect(up.status).toBe(201);
    const rec = (await up.json()) as { id: string; directives: { id: string }[] };

    // the notice filters of the search and the document list's sort, on D1
    const api = async (path: string) => {
      const r = await SELF.fetch(BASE + path, { headers: { authorization: `Bearer ${KEY}` } });
      return { status: r.status, body: (await r.json()) as { total: number; items: { document_id?: string; id?: string; snippet?: string }[]; error?: { code: string; message: string } } };
    };
    const hits = await api('/v1/search?q=dau+noi&kind=thong+bao&issuer=son+lam&date_from=2025-05-28&date_to=2025-05-28');
    expect(hits.status).toBe(200);
    expect(hits.body.total).toBeGreaterThan(0);
    expect(hits.body.items.every((h) => h.document_id === rec.id && h.snippet!.includes('<mark>'))).toBe(true);
    expect((await api('/v1/search?q=dau+noi&kind=ke+hoach')).body.total).toBe(0);
    expect((await api('/v1/search?q=dau+noi&date_from=2025-05-29')).body.total).toBe(0);
    const bad = await api('/v1/search?q=dau+noi&date_from=2025-06-01&date_to=2025-05-01');
    expect([bad.status, bad.body.error?.code]).toEqual([400, 'bad_date']);
    expect((await api('/v1/documents?sort=issuer&order=asc&kind=thong+bao')).body.items.map((d) => d.id)).toEqual([rec.id]);
    expect((await api('/v1/documents?sort=title')).status).toBe(400);

    const s = await signIn(KEY);
    expect(s.response.status).toBe(303);
    expect(s.response.headers.get('location')).toBe('/documents');
    expect(s.setCookie).toMatch(/vb_session=[A-Za-z0-9_-]{43}/);
    expect(s.setCookie).toMatch(/HttpOnly/);
    expect(s.setCookie).toMatch(/SameSite=Strict/);

    const docs = await SELF.fetch(`${BASE}/documents`, { headers: { cookie: s.cookie } });
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toMatch(/^text\/html/);
    const list = await docs.text();
    expect(list).toContain(`<a href="/documents/${rec.id}">`);
    expect(list).toContain('57/TB-UBND');
    expect(list).toContain('Ủy ban nhân dân huyện Sơn Lâm');

    const tasks = await (await SELF.fetch(`${BASE}/tasks`, { headers: { cookie: s.cookie } })).text();
    // four tasks (fixture): the upload's ids are the stored ones
    expect([...tasks.matchAll(/<tr id="task-([0-9a-f]{16}-\d+)"/g)].map((m) => m[1]).sort()).toEqual(rec.directives.map((d) => d.id).sort());
    expect(tasks).toContain('đôn đốc nhà thầu hoàn thành');

    const csrf = /name="csrf-token" content="([^"]+)"/.exec(list)![1];
    const post = (body: Record<string, string>) =>
      SELF.fetch(`${BASE}/tasks/${rec.directives[0].id}/status`, { method: 'POST', redirect: 'manual', headers: { cookie: s.cookie }, body: new URLSearchParams(body) });
    const refused = await post({ status: 'done' });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('thiếu hoặc sai mã chống giả mạo');
    const ok = await post({ status: 'done', _csrf: csrf });
    expect(ok.status).toBe(303);
    // an API write with the cookie but without X-CSRF-Token is refused too
    const cookieWrite = await SELF.fetch(`${BASE}/v1/directives/${rec.directives[1].id}`, {
      method: 'PATCH', headers: { cookie: s.cookie, 'content-type': 'application/json' }, body: '{"status":"done"}',
    });
    expect(cookieWrite.status).toBe(403);
  });

  it('serves /assets/app.js and /assets/app.css with their cache headers and ETags', async () => {
    const page = await (await SELF.fetch(`${BASE}/login`)).text();
    const hrefs = [/href="(\/assets\/app\.css\?v=[0-9a-f]+)"/.exec(page)![1], /src="(\/assets\/app\.js\?v=[0-9a-f]+)"/.exec(page)![1]];
    for (const [href, type] of [[hrefs[0], 'text/css'], [hrefs[1], 'text/javascript']]) {
      const r = await SELF.fetch(BASE + href);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toContain(type);
      expect(r.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(r.headers.get('etag')).toMatch(/^"[0-9a-f]{8}"$/);
      expect((await r.text()).length).toBeGreaterThan(1000);
      expect((await SELF.fetch(BASE + href, { headers: { 'if-none-match': r.headers.get('etag')! } })).status).toBe(304);
      // without the version: a short cache
      const bare = await SELF.fetch(BASE + href.replace(/\?.*$/, ''));
      expect(bare.headers.get('cache-control')).toBe('public, max-age=300');
      await bare.arrayBuffer();
    }
  });

  it('refuses sign-ins from an address after 10 failures in a minute (CF-Connecting-IP), others go on', async () => {
    const ip = '198.51.100.23';
    for (let i = 0; i < 10; i++) expect((await signIn(`vb_${'D'.repeat(43)}`, ip)).response.status).toBe(401);
    const blocked = await signIn(KEY, ip);
    expect(blocked.response.status).toBe(429);
    expect(Number(blocked.response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.cookie).toBe('');
    expect(await blocked.response.text()).toContain('Đăng nhập sai quá 10 lần trong một phút');
    expect((await signIn(KEY, '198.51.100.24')).response.status).toBe(303);
  });
});
