// The search filters (kind, issuer, notice date) on GET /v1/search and the web search form, the document
// list's sort and filters on GET /v1/documents, the order of the tasks page's "all" tab, and the limit on
// failed sign-ins. Two notices, whose values are read by hand from their text:
//   test/worker/fixtures/thong-bao-ha-tang.txt: THÔNG BÁO Kết luận ..., Ủy ban nhân dân huyện Sơn Lâm, 57/TB-UBND,
//     inspection on 28/5/2025 (the record's date); tasks due 15/7/2025, 31/7/2025, in 6/2025 (30/6), monthly (undated)
//   samples/text/ke-hoach.txt: KẾ HOẠCH, Ủy ban nhân dân xã Hòa Phú, 21/KH-UBND, 03/11/2025; tasks due in quarter
//     I/2026 (31/3), the first half of 2026 (30/6), quarterly (undated), before 20/12/2026, in 2026 (31/12), weekly
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginLimits } from '../../src/api/access.js';
import { ROOT, startTestServer } from '../helpers/server.js';

type Srv = Awaited<ReturnType<typeof startTestServer>>;
const THONG_BAO = new Uint8Array(readFileSync(join(ROOT, 'test/worker/fixtures/thong-bao-ha-tang.txt')));
const KE_HOACH = new Uint8Array(readFileSync(join(ROOT, 'samples/text/ke-hoach.txt')));

interface ErrorBody {
  error: { code: string; message: string };
}

/** Signs in through the form; the session cookie and the pages' CSRF token. */
async function signIn(url: string, key: string, headers: Record<string, string> = {}) {
  const form = await fetch(`${url}/login`, { headers });
  const loginCookie = /vb_login=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')![1];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
  const r = await fetch(`${url}/login`, {
    method: 'POST', redirect: 'manual',
    headers: { ...headers, cookie: `vb_login=${loginCookie}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ key, _csrf: csrf }),
  });
  const token = /vb_session=([^;]+)/.exec(r.headers.get('set-cookie') ?? '')?.[1];
  return { response: r, cookie: token ? `vb_session=${token}` : '' };
}

describe('search filters, document list, tasks order', () => {
  let srv: Srv;
  let tb = '';
  let kh = '';
  let cookie = '';
  const api = async <T>(path: string) => {
    const r = await fetch(srv.url + path, { headers: srv.auth });
    return { status: r.status, body: (await r.json()) as T };
  };
  const page = async (path: string) => {
    const r = await fetch(srv.url + path, { headers: { cookie } });
    return { status: r.status, html: await r.text() };
  };

  beforeAll(async () => {
    srv = await startTestServer();
    const up = async (name: string, body: Uint8Array<ArrayBuffer>) =>
      ((await (await fetch(`${srv.url}/v1/documents?filename=${name}`, { method: 'POST', body, headers: { ...srv.auth, 'content-type': 'text/plain; charset=utf-8' } })).json()) as { id: string }).id;
    tb = await up('thong-bao.txt', THONG_BAO);
    kh = await up('ke-hoach.txt', KE_HOACH);
    cookie = (await signIn(srv.url, srv.key)).cookie;
  });
  afterAll(() => srv?.cleanup());

  const searchDocs = async (qs: string) => {
    const r = await api<{ items: { document_id: string; snippet: string }[]; total: number }>(`/v1/search?q=uy+ban+nhan+dan${qs}`);
    expect(r.status, qs).toBe(200);
    return [...new Set(r.body.items.map((h) => h.document_id))].sort();
  };

  it('GET /v1/search keeps the hits of the notices that kind, issuer and the date range select', async () => {
    expect(await searchDocs('')).toEqual([tb, kh].sort());
    expect(await searchDocs('&kind=thong+bao')).toEqual([tb]);
    expect(await searchDocs(`&kind=${encodeURIComponent('KẾ HOẠCH')}`)).toEqual([kh]);
    expect(await searchDocs('&issuer=hoa+phu')).toEqual([kh]);
    expect(await searchDocs(`&issuer=${encodeURIComponent('huyện Sơn Lâm')}`)).toEqual([tb]);
    expect(await searchDocs('&issuer=son+lam&kind=ke+hoach')).toEqual([]);
    expect(await searchDocs('&date_from=2025-06-01')).toEqual([kh]);
    expect(await searchDocs('&date_to=2025-06-01')).toEqual([tb]);
    expect(await searchDocs('&date_from=2025-05-28&date_to=2025-05-28')).toEqual([tb]);
    expect(await searchDocs('&date_from=2025-11-03&date_to=2025-12-31&in=lines')).toEqual([kh]);
    // the words are still marked
    const r = await api<{ items: { snippet: string }[] }>('/v1/search?q=hoa+phu&issuer=hoa+phu');
    expect(r.body.items[0].snippet).toContain('<mark>');
  });

  it.each([
    ['date_from=2025-13-01', 'bad_date', 'date_from'],
    ['date_to=03/11/2025', 'bad_date', 'date_to'],
    ['date_from=2025-12-01&date_to=2025-11-01', 'bad_date', 'date_from'],
    ['doc_type=ke+hoach', 'unknown_parameter', 'doc_type'],
    ['kind=' + 'x'.repeat(201), 'bad_request', 'kind'],
  ])('GET /v1/search?q=x&%s: 400 %s naming %s', async (qs, code, name) => {
    const r = await api<ErrorBody>(`/v1/search?q=uy+ban&${qs}`);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe(code);
    expect(r.body.error.message).toContain(name);
  });

  it('documents the new parameters in OpenAPI', async () => {
    const spec = (await (await fetch(`${srv.url}/v1/openapi.json`)).json()) as { paths: Record<string, { get: { parameters: { name: string }[] } }> };
    const names = (p: string) => spec.paths[p].get.parameters.map((x) => x.name);
    expect(names('/v1/search')).toEqual(expect.arrayContaining(['q', 'in', 'kind', 'issuer', 'date_from', 'date_to']));
    expect(names('/v1/documents')).toEqual(expect.arrayContaining(['sort', 'order', 'kind', 'issuer', 'date_from', 'date_to', 'signed_by']));
  });

  it('GET /v1/documents sorts and filters as the web list does', async () => {
    const ids = async (qs: string) => {
      const r = await api<{ items: { id: string }[]; total: number }>(`/v1/documents${qs}`);
      expect(r.status, qs).toBe(200);
      return r.body.items.map((d) => d.id);
    };
    expect(await ids('?sort=date')).toEqual([kh, tb]); // 2025-11-03, then 2025-05-28
    expect(await ids('?sort=date&order=asc')).toEqual([tb, kh]);
    expect(await ids('?sort=number')).toEqual([kh, tb]); // 21/KH-UBND < 57/TB-UBND
    expect(await ids('?sort=directives')).toEqual([kh, tb]); // 6 tasks, then 4
    expect(await ids('?sort=issuer&order=desc')).toEqual([kh, tb]); // ... xã Hòa Phú > ... huyện Sơn Lâm
    expect(await ids('?kind=thong+bao+ket+luan')).toEqual([tb]);
    expect(await ids('?kind=hoa')).toEqual([]); // whole words: not the 'hoa' of 'hoạch'
    expect(await ids(`?issuer=${encodeURIComponent('Hòa Phú')}`)).toEqual([kh]);
    expect(await ids('?date_from=2025-06-01')).toEqual([kh]);
    for (const [qs, code, name] of [['?sort=title', 'bad_sort', 'sort'], ['?order=up', 'bad_sort', 'order'], ['?sort_by=date', 'unknown_parameter', 'sort_by'],
      ['?date_from=2025-02-30', 'bad_date', 'date_from'], ['?date_from=2026-01-01&date_to=2025-01-01', 'bad_date', 'date_to']]) {
      const r = await api<ErrorBody>(`/v1/documents${qs}`);
      expect(r.status, qs).toBe(400);
      expect(r.body.error.code, qs).toBe(code);
      expect(r.body.error.message, qs).toContain(name);
    }
  });

  it('the web search form has labelled notice filters, and filtered results stay highlighted', async () => {
    const form = await page('/search');
    for (const [id, name, label] of [['f-doc-kind', 'kind', 'Loại văn bản'], ['f-issuer', 'issuer', 'Cơ quan ban hành'], ['f-date-from', 'date_from', 'Ngày văn bản từ'], ['f-date-to', 'date_to', 'Đến ngày'], ['f-deadline-kind', 'deadline_kind', 'Loại hạn']]) {
      expect(form.html).toContain(`<label for="${id}">${label}</label>`);
      expect(form.html).toMatch(new RegExp(`id="${id}" name="${name}"`));
    }
    const hits = await page('/search?q=uy+ban+nhan+dan&issuer=son+lam&kind=&date_from=&date_to=');
    expect(hits.status).toBe(200);
    expect(hits.html).toContain(`/documents/${tb}#L`);
    expect(hits.html).not.toContain(`/documents/${kh}#L`);
    expect(hits.html).toMatch(/<mark>Ủy<\/mark> <mark>ban<\/mark> <mark>nhân<\/mark> <mark>dân<\/mark>/);
    // task filters with notice filters and words: the tasks, their words marked
    const tasks = await page('/search?q=dau+noi&status=open&kind=thong+bao');
    expect(tasks.html).toContain('2 nhiệm vụ khớp'); // 'thẩm định dự toán phần đấu nối ...', 'vận động ... đăng ký đấu nối'
    expect(tasks.html).toContain('<mark>đấu</mark> <mark>nối</mark>');
    const dated = await page('/search?date_from=2025-11-01&deadline_kind=before');
    expect(dated.html).toContain('1 nhiệm vụ khớp'); // "trước ngày 20/12/2026"
    expect(dated.html).toContain(`/documents/${kh}#L`);
  });

  it('the web search form refuses a malformed date, a reversed range and unknown parameters, naming them', async () => {
    const bad = await page('/search?q=x&date_from=2025-02-30');
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('date_from');
    const reversed = await page('/search?q=x&date_from=2025-12-01&date_to=2025-11-01');
    expect(reversed.status).toBe(400);
    expect(reversed.html).toContain('01/12/2025');
    const unknown = await page('/search?q=x&issuer_name=y');
    expect(unknown.status).toBe(400);
    expect(unknown.html).toContain('issuer_name');
  });

  it('lists tasks still to do first in the "all" tab (overdue first, then by deadline), done ones after, and says so', async () => {
    const patch = (id: string, status: string) =>
      fetch(`${srv.url}/v1/directives/${id}`, { method: 'PATCH', headers: { ...srv.auth, 'content-type': 'application/json' }, body: JSON.stringify({ status }) });
    expect((await patch(`${tb}-1`, 'done')).status).toBe(200); // due 15/7/2025: was second
    expect((await patch(`${kh}-1`, 'in_progress')).status).toBe(200);
    const all = await page('/tasks');
    const order = [...all.html.matchAll(/<tr id="task-([0-9a-f]{16}-\d+)"/g)].map((m) => m[1]);
    // not done by deadline: 30/6/2025, 31/7/2025, 31/3/2026 (in progress), 30/6/2026, 20/12/2026, 31/12/2026, then
    // the undated by document and order; then the done one
    expect(order).toEqual([`${tb}-3`, `${tb}-2`, `${kh}-1`, `${kh}-2`, `${kh}-4`, `${kh}-5`,
      ...[`${tb}-4`, `${kh}-3`, `${kh}-6`].sort(), `${tb}-1`]);
    expect(all.html).toContain('việc chưa xong (chưa thực hiện, đang thực hiện) trước, quá hạn đầu tiên rồi theo hạn');
    expect(all.html).toContain('việc đã hoàn thành xếp sau');
    expect(all.html).toContain('10 nhiệm vụ');
    // a tab by status keeps the deadline order alone
    const done = await page('/tasks?status=done');
    expect([...done.html.matchAll(/<tr id="task-([0-9a-f]{16}-\d+)"/g)].map((m) => m[1])).toEqual([`${tb}-1`]);
  });
});

describe('failed sign-ins per address', () => {
  it('counts failures per client address in a sliding minute', () => {
    let t = 1_000_000;
    const limits = new LoginLimits({ loginFailuresPerMinute: 3 }, () => t);
    for (let i = 0; i < 3; i++) {
      expect(limits.blocked('10.0.0.1')).toBeNull();
      limits.fail('10.0.0.1');
      t += 1000;
    }
    expect(limits.blocked('10.0.0.1')).toBe(57); // the first failure leaves the window 57 s later
    expect(limits.blocked('10.0.0.2')).toBeNull();
    t += 57_000;
    expect(limits.blocked('10.0.0.1')).toBeNull();
  });

  it('answers 429 with Retry-After and a Vietnamese message after N failures, even for the right key', async () => {
    const srv = await startTestServer({ access: { publicRead: false, uploadsPerMinute: 1000, jobsPerKey: 100, loginFailuresPerMinute: 3 } });
    try {
      for (let i = 0; i < 3; i++) expect((await signIn(srv.url, `vb_${'B'.repeat(43)}`)).response.status).toBe(401);
      const blocked = await signIn(srv.url, srv.key);
      expect(blocked.response.status).toBe(429);
      expect(Number(blocked.response.headers.get('retry-after'))).toBeGreaterThanOrEqual(55);
      expect(Number(blocked.response.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(blocked.cookie).toBe('');
      const body = await blocked.response.text();
      expect(body).toContain('Đăng nhập sai quá 3 lần trong một phút từ địa chỉ này');
      expect(body).toContain('role="alert"');
      // the API with a Bearer key is not this limit's business
      expect((await fetch(`${srv.url}/v1/documents`, { headers: srv.auth })).status).toBe(200);
    } finally {
      await srv.cleanup();
    }
  });

  it('lets a client that signs in right stay under the limit', async () => {
    const srv = await startTestServer({ access: { publicRead: false, uploadsPerMinute: 1000, jobsPerKey: 100, loginFailuresPerMinute: 3 } });
    try {
      for (let i = 0; i < 2; i++) expect((await signIn(srv.url, `vb_${'C'.repeat(43)}`)).response.status).toBe(401);
      for (let i = 0; i < 5; i++) expect((await signIn(srv.url, srv.key)).response.status).toBe(303);
    } finally {
      await srv.cleanup();
    }
  });
});
