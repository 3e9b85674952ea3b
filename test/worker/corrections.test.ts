// Corrections and review inside workerd over D1: the same routes and store as Node, page images refused
// (no image stack here). Expected values are read by hand from test/worker/fixtures/thong-bao-ha-tang.txt
// and from the small notice below.
import { SELF, env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { insertKey } from './keys.js';
// line 16: "- Kiểm tra chất lượng nước sau xử lý; báo cáo kết quả chậm nhất ngày 31/7/2025." (under 1. Phòng Kinh tế và Hạ tầng)
// line 17: "2. Phòng Tài chính - Kế hoạch: thẩm định dự toán phần đấu nối còn lại trong tháng 6/2025."
import NOTICE from './fixtures/thong-bao-ha-tang.txt?raw';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const BASE = 'http://vanban.test';
const KEYS = {
  editor: 'vb_workerd-corrections-editor-000000000000001',
  reader: 'vb_workerd-corrections-reader-000000000000002',
  admin: 'vb_workerd-corrections-admin-0000000000000003',
};
const LINE_17 = NOTICE.split('\n')[16];
beforeAll(async () => {
  await insertKey(env.DB, 'c-editor', 'editor', KEYS.editor);
  await insertKey(env.DB, 'c-reader', 'reader', KEYS.reader);
  await insertKey(env.DB, 'c-admin', 'admin', KEYS.admin);
});

const call = async (key: string | null, method: string, path: string, body?: unknown) => {
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await SELF.fetch(BASE + path, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: (/json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : null) as Json, text };
};
const get = (path: string) => call(KEYS.reader, 'GET', path);

async function uploadNotice(): Promise<{ id: string; byLine: Map<number, string> }> {
  const res = await SELF.fetch(`${BASE}/v1/documents?filename=tb.txt`, {
    method: 'POST', body: NOTICE, headers: { authorization: `Bearer ${KEYS.editor}`, 'content-type': 'text/plain; charset=utf-8' },
  });
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  const rec = (await get(`/v1/documents/${id}`)).body;
  return { id, byLine: new Map((rec.directives as Json[]).map((d) => [d.line, d.id])) };
}

describe('Worker corrections', () => {
  it('corrects the lead agency: the agency filter, counts, CSV, ICS, search and the history see it', async () => {
    const { id, byLine } = await uploadNotice();
    const d3 = byLine.get(17)!;
    const d4 = byLine.get(16)!;
    const oldLead = (await get(`/v1/documents/${id}`)).body.directives.find((d: Json) => d.id === d3).assignees[0];
    expect(oldLead).toMatchObject({ agency: expect.stringMatching(/^Phòng Tài chính/), role: 'lead' });
    const r = await call(KEYS.editor, 'PATCH', `/v1/documents/${id}`, {
      title: 'Rà soát kinh phí',
      directives: [{ id: d3, lead: 'Sở Giao thông vận tải', deadline: { date: '2026-03-31' } }, { id: d4, text: 'Kiểm tra chất lượng nước Omega' }],
    });
    expect(r.status).toBe(200);
    expect(r.body.title).toBe('Rà soát kinh phí');
    const byAgency = await get(`/v1/directives?agency=${encodeURIComponent('Sở Giao thông vận tải')}`);
    expect(byAgency.body.items.map((x: Json) => x.id)).toEqual([d3]);
    expect(byAgency.body.items[0].deadline).toMatchObject({ date: '2026-03-31' });
    expect((await get(`/v1/directives?agency=${encodeURIComponent(oldLead.agency)}`)).body.total).toBe(0);
    expect((await get('/v1/agencies/so-giao-thong-van-tai')).body).toMatchObject({ directives: 1, lead: 1, open: 1 });
    const csv = (await get(`/v1/directives.csv?document=${id}`)).text;
    expect(csv.split('\n').find((l) => l.includes('thẩm định dự toán'))).toContain('Sở Giao thông vận tải');
    const ics = (await get(`/v1/directives.ics?document=${id}`)).text.replace(/\r?\n[ \t]/g, '');
    expect(ics).toContain('Sở Giao thông vận tải');
    expect((await get('/v1/search?q=omega&in=directives')).body.items.map((h: Json) => h.directive_id)).toEqual([d4]);

    const [entry] = (await get(`/v1/documents/${id}/history`)).body.items as Json[];
    expect(entry).toMatchObject({ key: 'c-editor', action: 'document.correct', status: 200 });
    expect(entry.changes).toContainEqual({ kind: 'correction', target: d3, field: 'lead', old: oldLead.agency, new: 'Sở Giao thông vận tải' });
    expect(entry.changes.find((c: Json) => c.field === 'title')).toMatchObject({ kind: 'correction', target: 'document', new: 'Rà soát kinh phí' });
  });

  it('edits a line and reads the notice again: the deadline written into the line becomes the directive\'s', async () => {
    const { id } = await uploadNotice();
    const text = '2. Phòng Tài chính - Kế hoạch: thẩm định dự toán phần đấu nối còn lại trước ngày 30 tháng 10 năm 2025.';
    const r = await call(KEYS.editor, 'PATCH', `/v1/documents/${id}/lines`, { lines: [{ line: 17, text }] });
    expect(r.status).toBe(200);
    const d = (r.body.directives as Json[]).find((x) => x.line === 17)!;
    expect(d.deadline).toMatchObject({ date: '2025-10-30', kind: 'before' });
    const lines = await get(`/v1/documents/${id}/lines`);
    expect(lines.body.pages).toEqual([{ number: 1, source: 'text', width: null, height: null }]);
    expect(lines.body.lines[16]).toMatchObject({ line: 17, text, raw_text: LINE_17, bbox: null, words: [] });
    expect((await get(`/v1/directives?document=${id}&due_after=2025-10-01`)).body.items.map((x: Json) => x.line)).toEqual([17]);
    const [entry] = (await get(`/v1/documents/${id}/history`)).body.items as Json[];
    expect(entry.changes[0]).toEqual({ kind: 'line', target: 'line:17', field: 'text', old: LINE_17, new: text });
  });

  it('refuses bad input, page images (no image stack here), and keeps a failed write out whole', async () => {
    const { id, byLine } = await uploadNotice();
    const d3 = byLine.get(17)!;
    const before = (await get(`/v1/documents/${id}`)).body;
    const cases: [string, Promise<Awaited<ReturnType<typeof call>>>, number, string][] = [
      ['unknown field', call(KEYS.editor, 'PATCH', `/v1/documents/${id}`, { isuer: 'x' }), 400, 'unknown_parameter'],
      ['wrong type', call(KEYS.editor, 'PATCH', `/v1/documents/${id}`, { title: 3 }), 400, 'bad_request'],
      ['bad date', call(KEYS.editor, 'PATCH', `/v1/documents/${id}`, { date: '2025-02-29' }), 400, 'bad_request'],
      ['empty name', call(KEYS.editor, 'PATCH', `/v1/documents/${id}`, { directives: [{ id: d3, lead: ' ' }] }), 400, 'bad_request'],
      ['another document\'s directive', call(KEYS.editor, 'PATCH', `/v1/documents/${id}`, { directives: [{ id: '0123456789abcdef-1', text: 'x' }] }), 400, 'foreign_directive'],
      ['unknown directive', call(KEYS.editor, 'PATCH', `/v1/documents/${id}`, { directives: [{ id: `${id}-42`, text: 'x' }] }), 404, 'unknown_directive'],
      ['malformed JSON', call(KEYS.editor, 'PATCH', `/v1/documents/${id}`, '{"title":'), 400, 'bad_request'],
      ['too large', call(KEYS.editor, 'PATCH', `/v1/documents/${id}`, { title: 'x'.repeat(300_000) }), 413, 'too_large'],
      ['reader', call(KEYS.reader, 'PATCH', `/v1/documents/${id}`, { title: 'x' }), 403, 'forbidden'],
      ['no key', call(null, 'PATCH', `/v1/documents/${id}`, { title: 'x' }), 401, 'unauthorized'],
      ['unknown line', call(KEYS.editor, 'PATCH', `/v1/documents/${id}/lines`, { lines: [{ line: 99, text: 'x' }] }), 400, 'unknown_line'],
      ['page image', get(`/v1/documents/${id}/pages/1/image`), 404, 'no_page_images'],
      ['page image width', get(`/v1/documents/${id}/pages/1/image?width=50`), 400, 'bad_width'],
    ];
    for (const [what, p, status, code] of cases) {
      const r = await p;
      expect({ what, status: r.status, code: r.body?.error?.code }).toEqual({ what, status, code });
    }
    // D1 rolls the whole batch back when its last statements (the edits) fail
    await env.DB.exec("CREATE TRIGGER test_fail BEFORE INSERT ON document_edits BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;");
    try {
      expect((await call(KEYS.editor, 'PATCH', `/v1/documents/${id}`, { title: 'Sigma', directives: [{ id: d3, lead: 'Sở Nội vụ', text: 'Sigma' }] })).status).toBe(500);
    } finally {
      await env.DB.exec('DROP TRIGGER test_fail');
    }
    expect((await get(`/v1/documents/${id}`)).body).toEqual(before);
    expect((await get(`/v1/directives?agency=${encodeURIComponent('Sở Nội vụ')}`)).body.total).toBe(0);
    expect((await get('/v1/search?q=sigma')).body.total).toBe(0);
    expect((await get(`/v1/documents/${id}/history`)).body.items.map((e: Json) => e.action)).toEqual(['document.upload']);
  });
});
