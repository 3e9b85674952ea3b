// Corrections and review against the real server (loopback, a real SQLite file): fields and directives
// corrected by hand, line edits that re-extract, the history with old -> new, the lines with their OCR boxes,
// and page images. Expected values are read by hand from samples/text/ke-hoach.txt (its lines are quoted
// below with their numbers) and from the sample scans.
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, ROOT, startTestServer } from '../helpers/server.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const NOTICE = readFileSync(join(ROOT, 'samples/text/ke-hoach.txt'));
// line 24 of ke-hoach.txt, under "2. Phòng Kinh tế:" (the directive's lead), deadline "trong năm 2026"
const LINE_24 = '- Bố trí kinh phí thực hiện Kế hoạch trong năm 2026.';
const SCANS = join(ROOT, 'samples/scans');

describe('corrections and review over HTTP', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const keys: Record<'admin' | 'editor' | 'reader', string> = { admin: '', editor: '', reader: '' };
  let id = '';
  let other = '';
  /** the directive at line 24 (its id as the store gives it) */
  let d24 = '';
  let d26 = '';

  const call = async (who: keyof typeof keys | 'none', method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const h: Record<string, string> = { ...headers };
    if (who !== 'none') h.authorization = `Bearer ${keys[who]}`;
    if (body !== undefined && !h['content-type']) h['content-type'] = 'application/json';
    const res = await fetch(server.url + path, { method, headers: h, body: body === undefined ? undefined : typeof body === 'string' || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body) });
    const buf = Buffer.from(await res.arrayBuffer());
    let json: Json | null = null;
    if (/json/.test(res.headers.get('content-type') ?? '')) json = JSON.parse(buf.toString('utf8'));
    return { status: res.status, body: json as Json, headers: res.headers, bytes: buf };
  };
  const get = (path: string) => call('reader', 'GET', path);
  const patch = (body: unknown, path = `/v1/documents/${id}`) => call('editor', 'PATCH', path, body);
  const upload = async (bytes: Buffer, filename: string, type: string) => {
    const r = await call('editor', 'POST', `/v1/documents?filename=${filename}`, bytes as never, { 'content-type': type });
    return r;
  };

  beforeAll(async () => {
    server = await startTestServer();
    keys.admin = server.key;
    keys.editor = await createKey(server.dbPath, 'editor', 'desk-editor');
    keys.reader = await createKey(server.dbPath, 'reader', 'desk-reader');
    const up = await upload(NOTICE, 'ke-hoach.txt', 'text/plain; charset=utf-8');
    expect(up.status).toBe(201);
    id = up.body.id;
    // the ids as GET gives them (<document id>-<n>)
    const byLine = new Map(((await get(`/v1/documents/${id}`)).body.directives as Json[]).map((d) => [d.line, d.id]));
    d24 = byLine.get(24);
    d26 = byLine.get(26);
    expect(d24).toMatch(new RegExp(`^${id}-\\d+$`));
    const second = await upload(Buffer.from('THÔNG BÁO\nSở Tài chính chủ trì kiểm tra trước ngày 30/12/2025.\n'), 'khac.txt', 'text/plain');
    other = second.body.id;
  }, 60_000);
  afterAll(async () => server?.cleanup());

  it('corrects metadata and a directive\'s lead and co-operating agencies; list, agency filter, counts and exports see them', async () => {
    const before = await get(`/v1/documents/${id}`);
    // as printed: "Số: 21/KH-UBND", "Hòa Phú, ngày 03 tháng 11 năm 2025"; the record has the number and the date
    expect(before.body.number).toBe('21/KH-UBND');
    const r = await patch({
      number: '21/KH-UBND-SUA',
      date: '2025-11-04',
      directives: [{ id: d24, lead: 'Sở Tài chính', cooperating: ['Phòng Văn hóa và Thông tin'] }],
    });
    expect(r.status).toBe(200);
    expect(r.body.number).toBe('21/KH-UBND-SUA');
    expect(r.body.date).toBe('2025-11-04');
    const d = (r.body.directives as Json[]).find((x) => x.id === d24)!;
    expect(d.assignees.map((a: Json) => [a.agency, a.role])).toEqual([['Sở Tài chính', 'lead'], ['Phòng Văn hóa và Thông tin', 'cooperate']]);
    // the rest of the directive stays: line 24's deadline "trong năm 2026"
    expect(d.deadline).toMatchObject({ date: '2026-12-31', kind: 'by_end_of' });

    const byAgency = await get(`/v1/directives?agency=${encodeURIComponent('Sở Tài chính')}`);
    expect(byAgency.body.items.map((x: Json) => x.id)).toEqual([d24]);
    expect(byAgency.body.items[0].document.number).toBe('21/KH-UBND-SUA');
    // Phòng Kinh tế led only this directive
    expect((await get(`/v1/directives?agency=${encodeURIComponent('Phòng Kinh tế')}`)).body.total).toBe(0);
    expect((await get('/v1/agencies/so-tai-chinh')).body).toMatchObject({ directives: 1, lead: 1, open: 1 });
    expect((await get('/v1/agencies/phong-kinh-te')).body).toMatchObject({ directives: 0, lead: 0 });

    const csv = (await get(`/v1/directives.csv?document=${id}`)).bytes.toString('utf8');
    const row = csv.split('\n').find((l) => l.includes('Bố trí kinh phí'))!;
    expect(row).toContain('Sở Tài chính');
    expect(row).toContain('Phòng Văn hóa và Thông tin');
    expect(row).not.toContain('Phòng Kinh tế');
    const ics = (await get(`/v1/directives.ics?agency=${encodeURIComponent('so tai chinh')}`)).bytes.toString('utf8').replace(/\r?\n[ \t]/g, '');
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(ics).toContain('Sở Tài chính');
    const json = (await get(`/v1/directives.json?agency=${encodeURIComponent('Sở Tài chính')}`)).bytes.toString('utf8');
    expect(json).toContain(d24);
  });

  it('corrects a directive\'s text and deadline: search sees the new text, not the old', async () => {
    // line 26: "- Đẩy mạnh kích hoạt tài khoản định danh điện tử, định kỳ sáng thứ Sáu hằng tuần báo cáo tiến độ."
    const r = await patch({ directives: [{ id: d26, text: 'Đẩy mạnh kích hoạt tài khoản VNeID mức độ 2', deadline: { date: '2026-01-15' } }] });
    expect(r.status).toBe(200);
    const d = (r.body.directives as Json[]).find((x) => x.id === d26)!;
    expect(d.text).toBe('Đẩy mạnh kích hoạt tài khoản VNeID mức độ 2');
    // the deadline was recurring: a date set by hand is "no later than" unless a kind is given
    expect(d.deadline).toMatchObject({ date: '2026-01-15', kind: 'no_later_than' });
    const hits = await get('/v1/search?q=vneid&in=directives');
    expect(hits.body.items.map((h: Json) => h.directive_id)).toEqual([d26]);
    const old = await get(`/v1/search?q=${encodeURIComponent('dinh danh dien tu')}&in=directives`);
    expect(old.body.items.map((h: Json) => h.directive_id)).not.toContain(d26);
    const due = await get(`/v1/directives?document=${id}&due_before=2026-01-31`);
    expect(due.body.items.map((x: Json) => x.id)).toContain(d26);
  });

  it('keeps the history of every correction with the key, old and new values, newest first', async () => {
    const h = await get(`/v1/documents/${id}/history`);
    expect(h.status).toBe(200);
    const [second, first, upload] = h.body.items as Json[];
    expect(upload.action).toBe('document.upload');
    expect(upload.changes).toEqual([]);
    expect(first).toMatchObject({ key: 'desk-editor', action: 'document.correct', target: id, status: 200, client: null });
    expect(first.changes).toEqual([
      { kind: 'correction', target: 'document', field: 'number', old: '21/KH-UBND', new: '21/KH-UBND-SUA' },
      { kind: 'correction', target: 'document', field: 'date', old: '2025-11-03', new: '2025-11-04' },
      { kind: 'correction', target: d24, field: 'lead', old: 'Phòng Kinh tế', new: 'Sở Tài chính' },
      { kind: 'correction', target: d24, field: 'cooperating', old: [], new: ['Phòng Văn hóa và Thông tin'] },
    ]);
    expect(second.changes.map((c: Json) => [c.field, c.new])).toEqual([
      ['text', 'Đẩy mạnh kích hoạt tài khoản VNeID mức độ 2'],
      ['deadline', { date: '2026-01-15', kind: 'no_later_than' }],
    ]);
    expect(second.changes[1].old).toEqual({ date: null, kind: 'recurring' });
    // the audit trail: one row per write, as before
    const audit = await call('admin', 'GET', `/v1/audit?document=${id}`);
    expect(audit.body.items.map((e: Json) => e.action)).toEqual(['document.correct', 'document.correct', 'document.upload']);
    expect(audit.body.items[0]).not.toHaveProperty('changes');
  });

  it('edits a line: the raw text stays, search and the re-extracted record follow, hand corrections at that line stay', async () => {
    // a deadline before the notice's own date is not read as one: the date line (4) moves back to September too
    const text = '- Bố trí kinh phí thực hiện Kế hoạch trước ngày 30 tháng 10 năm 2025.';
    const r = await patch({ lines: [{ line: 24, text }, { line: 4, text: 'Hòa Phú, ngày 03 tháng 9 năm 2025' }] }, `/v1/documents/${id}/lines`);
    expect(r.status).toBe(200);
    const d = (r.body.directives as Json[]).find((x) => x.line === 24)!;
    expect(d.deadline).toMatchObject({ date: '2025-10-30', kind: 'before' });
    expect(d.text).toContain('trước ngày 30 tháng 10 năm 2025');
    // re-applied: the lead set by hand at line 24, the number and date set by hand
    expect(d.assignees.map((a: Json) => a.agency)).toEqual(['Sở Tài chính', 'Phòng Văn hóa và Thông tin']);
    expect(r.body.number).toBe('21/KH-UBND-SUA');
    expect(r.body.date).toBe('2025-11-04');
    expect(r.body.issued_date).toBe('2025-09-03');

    const lines = await get(`/v1/documents/${id}/lines`);
    const l24 = (lines.body.lines as Json[]).find((l) => l.line === 24)!;
    expect(l24).toMatchObject({ page: 1, line: 24, text, raw_text: LINE_24, bbox: null, words: [] });
    expect((await get(`/v1/documents/${id}/text`)).bytes.toString('utf8').split('\n')[23]).toBe(text);
    const hits = await get(`/v1/search?q=${encodeURIComponent('kinh phí trước ngày 30 tháng 10')}&in=lines`);
    expect(hits.body.items.map((h: Json) => [h.document_id, h.line])).toContainEqual([id, 24]);
    expect((await get(`/v1/directives?document=${id}&due_before=2025-10-31`)).body.items.map((x: Json) => x.line)).toEqual([24]);

    const [entry] = (await get(`/v1/documents/${id}/history`)).body.items as Json[];
    expect(entry).toMatchObject({ key: 'desk-editor', action: 'document.lines' });
    expect(entry.changes.slice(0, 2)).toEqual([
      { kind: 'line', target: 'line:4', field: 'text', old: 'Hòa Phú, ngày 03 tháng 11 năm 2025', new: 'Hòa Phú, ngày 03 tháng 9 năm 2025' },
      { kind: 'line', target: 'line:24', field: 'text', old: LINE_24, new: text },
    ]);
    expect(entry.changes).toContainEqual({
      kind: 'extraction', target: d.id, field: 'deadline', old: { date: '2026-12-31', kind: 'by_end_of' }, new: { date: '2025-10-30', kind: 'before' },
    });
  });

  it('refuses bad input with 4xx and changes nothing', async () => {
    const before = await get(`/v1/documents/${id}`);
    const historyBefore = (await get(`/v1/documents/${id}/history`)).body.total;
    const cases: [string, () => ReturnType<typeof call>, number, string, RegExp?][] = [
      ['unknown field', () => patch({ isuer: 'x' }), 400, 'unknown_parameter', /isuer/],
      ['unknown directive field', () => patch({ directives: [{ id: d24, leader: 'x' }] }), 400, 'unknown_parameter', /leader/],
      ['wrong type', () => patch({ issuer: 5 }), 400, 'bad_request', /issuer/],
      ['wrong type of cooperating', () => patch({ directives: [{ id: d24, cooperating: 'Sở Y tế' }] }), 400, 'bad_request', /cooperating/],
      ['bad date', () => patch({ date: '2025-02-30' }), 400, 'bad_request', /YYYY-MM-DD/],
      ['date in another format', () => patch({ date: '30/10/2025' }), 400, 'bad_request', /YYYY-MM-DD/],
      ['bad deadline date', () => patch({ directives: [{ id: d24, deadline: { date: '2025-13-01' } }] }), 400, 'bad_request', /YYYY-MM-DD/],
      ['empty issuer', () => patch({ issuer: '   ' }), 400, 'bad_request', /empty/],
      ['empty lead', () => patch({ directives: [{ id: d24, lead: '' }] }), 400, 'bad_request', /lead is empty/],
      ['empty co-operating name', () => patch({ directives: [{ id: d24, cooperating: [''] }] }), 400, 'bad_request', /empty/],
      ['a directive of another document', () => patch({ directives: [{ id: `${other}-1`, text: 'x' }] }), 400, 'foreign_directive', new RegExp(`belongs to document ${other}`)],
      ['an unknown directive', () => patch({ directives: [{ id: `${id}-99`, text: 'x' }] }), 404, 'unknown_directive', /has no directive/],
      ['a malformed directive id', () => patch({ directives: [{ id: 'abc', text: 'x' }] }), 400, 'bad_request', /<document id>-<n>/],
      ['nothing to correct', () => patch({}), 400, 'empty_patch'],
      ['malformed JSON', () => patch('{"issuer": '), 400, 'bad_request', /JSON/i],
      ['too large a body', () => patch({ title: 'x'.repeat(300 * 1024) }), 413, 'too_large'],
      ['an unknown query parameter', () => call('editor', 'PATCH', `/v1/documents/${id}?dry_run=1`, { title: 'x' }), 400, 'unknown_parameter', /dry_run/],
      ['a reader key', () => call('reader', 'PATCH', `/v1/documents/${id}`, { title: 'x' }), 403, 'forbidden'],
      ['no key', () => call('none', 'PATCH', `/v1/documents/${id}`, { title: 'x' }), 401, 'unauthorized'],
      ['a malformed document id', () => patch({ title: 'x' }, '/v1/documents/nope'), 400, 'bad_id'],
      ['an unknown document', () => patch({ title: 'x' }, '/v1/documents/0123456789abcdef'), 404, 'not_found'],
      ['an unknown line', () => patch({ lines: [{ line: 999, text: 'x' }] }, `/v1/documents/${id}/lines`), 400, 'unknown_line', /no line 999/],
      ['line 0', () => patch({ lines: [{ line: 0, text: 'x' }] }, `/v1/documents/${id}/lines`), 400, 'bad_request'],
      ['no lines', () => patch({ lines: [] }, `/v1/documents/${id}/lines`), 400, 'bad_request', /empty/],
      ['a line twice', () => patch({ lines: [{ line: 3, text: 'a' }, { line: 3, text: 'b' }] }, `/v1/documents/${id}/lines`), 400, 'duplicate_line'],
      ['a line edit with a reader key', () => call('reader', 'PATCH', `/v1/documents/${id}/lines`, { lines: [{ line: 3, text: 'x' }] }), 403, 'forbidden'],
      ['lines with an unknown query parameter', () => call('reader', 'GET', `/v1/documents/${id}/lines?page=1`), 400, 'unknown_parameter'],
      ['lines of an unknown document', () => call('reader', 'GET', '/v1/documents/0123456789abcdef/lines'), 404, 'not_found'],
      ['lines with no key', () => call('none', 'GET', `/v1/documents/${id}/lines`), 401, 'unauthorized'],
    ];
    for (const [what, run, status, code, msg] of cases) {
      const r = await run();
      expect({ what, status: r.status, code: r.body?.error?.code }).toEqual({ what, status, code });
      if (msg) expect(r.body.error.message, what).toMatch(msg);
    }
    expect((await get(`/v1/documents/${id}`)).body).toEqual(before.body);
    expect((await get(`/v1/documents/${id}/history`)).body.total).toBe(historyBefore);
  });

  it('stores nothing of a correction whose write fails part way', async () => {
    const before = await get(`/v1/documents/${id}`);
    const audit = (await call('admin', 'GET', '/v1/audit')).body.total;
    // the database refuses the last statements of the batch (the edits), after the directives were rewritten
    const db = new Database(server.dbPath);
    db.exec("CREATE TRIGGER test_fail BEFORE INSERT ON document_edits BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;");
    try {
      const r = await patch({ title: 'Tiêu đề mới', directives: [{ id: d24, lead: 'Sở Y tế', text: 'Bố trí kinh phí Zeta' }] });
      expect(r.status).toBe(500);
      const lines = await patch({ lines: [{ line: 22, text: '- Tổng hợp kết quả.' }] }, `/v1/documents/${id}/lines`);
      expect(lines.status).toBe(500);
    } finally {
      db.exec('DROP TRIGGER test_fail');
      db.close();
    }
    expect((await get(`/v1/documents/${id}`)).body).toEqual(before.body);
    expect((await get(`/v1/directives?agency=${encodeURIComponent('Sở Y tế')}`)).body.total).toBe(0);
    expect((await get('/v1/agencies/so-tai-chinh')).body).toMatchObject({ directives: 1, lead: 1 });
    expect((await get('/v1/search?q=zeta')).body.total).toBe(0);
    expect((await get(`/v1/documents/${id}/lines`)).body.lines[21].text).toBe('- Tổng hợp kết quả, báo cáo UBND xã trước ngày 20/12/2026.');
    expect((await call('admin', 'GET', '/v1/audit')).body.total).toBe(audit);
  });

  it('drops a directive correction whose directive is gone after a line edit, and the history shows it', async () => {
    // blanking line 26 removes its directive (and with it the text corrected by hand above)
    const r = await patch({ lines: [{ line: 26, text: '' }] }, `/v1/documents/${id}/lines`);
    expect(r.status).toBe(200);
    expect((r.body.directives as Json[]).some((d) => d.line === 26)).toBe(false);
    expect((await get('/v1/search?q=vneid&in=directives')).body.total).toBe(0);
    const [entry] = (await get(`/v1/documents/${id}/history`)).body.items as Json[];
    expect(entry.changes).toContainEqual({
      kind: 'extraction', target: d26, field: 'directive', old: { line: 26, text: 'Đẩy mạnh kích hoạt tài khoản VNeID mức độ 2' }, new: null,
    });
  });

  it('serves the lines of a scan with their boxes in page pixels, and its page as a JPEG of the asked width, cached', async () => {
    const png = readFileSync(join(SCANS, 'notice-1.clean.png'));
    const { width: pw, height: ph } = await sharp(png).metadata();
    const up = await upload(png, 'notice-1.png', 'image/png');
    expect(up.status).toBe(202);
    const jobId = up.body.job.id;
    for (let t = Date.now(); ; ) {
      const j = await get(`/v1/jobs/${jobId}`);
      if (j.body.state === 'done') break;
      expect(j.body.state).not.toBe('failed');
      expect(Date.now() - t).toBeLessThan(120_000);
      await new Promise((res) => setTimeout(res, 200));
    }
    const scan = up.body.job.document_id;
    const lines = await get(`/v1/documents/${scan}/lines`);
    expect(lines.status).toBe(200);
    expect(lines.body.pages).toEqual([{ number: 1, source: 'ocr', width: pw, height: ph }]);
    // notice-1.txt: the motto line "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" sits in the top part of the page
    const motto = (lines.body.lines as Json[]).find((l) => /CỘNG HÒA/.test(l.text))!;
    expect(motto.bbox).toHaveLength(4);
    const [x0, y0, x1, y1] = motto.bbox;
    expect(0 <= x0 && x0 < x1 && x1 <= pw! && 0 <= y0 && y0 < y1 && y1 <= ph!).toBe(true);
    expect(y1).toBeLessThan(ph! / 4);
    for (const l of lines.body.lines as Json[]) {
      expect(l.bbox).not.toBeNull();
      for (const w of l.words) {
        expect(w.low_confidence || w.changed).toBe(true);
        expect(w.low_confidence).toBe(w.confidence < 60);
      }
    }

    const path = `/v1/documents/${scan}/pages/1/image?width=600`;
    const first = await get(path);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/jpeg');
    expect(first.headers.get('cache-control')).toBe('private, max-age=86400');
    expect(first.headers.get('x-cache')).toBe('miss');
    const meta = await sharp(first.bytes).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.width).toBe(600);
    expect(meta.height).toBe(Math.round((600 * ph!) / pw!));
    const second = await get(path);
    expect(second.headers.get('x-cache')).toBe('hit');
    expect(second.bytes.equals(first.bytes)).toBe(true);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    const notModified = await call('reader', 'GET', path, undefined, { 'if-none-match': etag });
    expect(notModified.status).toBe(304);
    expect(notModified.bytes.length).toBe(0);
    // the default width
    expect((await sharp((await get(`/v1/documents/${scan}/pages/1/image`)).bytes).metadata()).width).toBe(1000);

    for (const [p, status, code] of [
      [`/v1/documents/${scan}/pages/2/image`, 404, 'not_found'],
      [`/v1/documents/${scan}/pages/0/image`, 400, 'bad_page'],
      [`/v1/documents/${scan}/pages/1/image?width=100`, 400, 'bad_width'],
      [`/v1/documents/${scan}/pages/1/image?width=2001`, 400, 'bad_width'],
      [`/v1/documents/${scan}/pages/1/image?width=wide`, 400, 'bad_width'],
      [`/v1/documents/${scan}/pages/1/image?height=100`, 400, 'unknown_parameter'],
      [`/v1/documents/${id}/pages/1/image`, 404, 'no_page_images'],
    ] as const) {
      const r = await get(p);
      expect({ p, status: r.status, code: r.body?.error?.code }).toEqual({ p, status, code });
    }
    expect((await call('none', 'GET', path)).status).toBe(401);
  }, 180_000);

  it('draws a page of a text-layer PDF, which has no boxes', async () => {
    const pdf = readFileSync(join(SCANS, 'notice-3.text.pdf'));
    const up = await upload(pdf, 'notice-3.pdf', 'application/pdf');
    expect(up.status).toBe(201);
    const lines = await get(`/v1/documents/${up.body.id}/lines`);
    expect(lines.body.pages[0]).toEqual({ number: 1, source: 'text-layer', width: null, height: null });
    expect((lines.body.lines as Json[]).every((l) => l.bbox === null && l.words.length === 0)).toBe(true);
    const img = await get(`/v1/documents/${up.body.id}/pages/1/image?width=800`);
    expect(img.status).toBe(200);
    const meta = await sharp(img.bytes).metadata();
    expect([meta.format, meta.width]).toEqual(['jpeg', 800]);
    // an A4 page: 800 * 297 / 210 rows, give or take the rounding of the 300 dpi render
    expect(Math.abs(meta.height! - (800 * 297) / 210)).toBeLessThan(3);
  }, 60_000);

  it('documents the new routes in the OpenAPI description', async () => {
    const spec = (await get('/v1/openapi.json')).body;
    expect(Object.keys(spec.paths['/v1/documents/{id}'])).toContain('patch');
    expect(Object.keys(spec.paths['/v1/documents/{id}/lines']).sort()).toEqual(['get', 'patch']);
    expect(spec.paths['/v1/documents/{id}/pages/{n}/image'].get).toBeDefined();
    expect(spec.paths['/v1/documents/{id}/history'].get.responses['200']).toBeDefined();
  });
});
