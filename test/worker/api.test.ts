// The Worker's HTTP API end to end, inside workerd with a local D1: upload, read, search, refuse scans.
import { SELF, createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { insertKey } from './keys.js';
import notice from './fixtures/thong-bao-ha-tang.txt?raw';
import textOfPdf from '../../samples/scans/notice-3.txt?raw';

// the sample PDFs, handed in as bindings by vitest.workers.config.ts (workerd has no file system)
const samplePdf = (name: string) => Uint8Array.from(atob(env.SAMPLE_PDFS[name]), (c) => c.charCodeAt(0));
const pdfText = samplePdf('notice-3.text.pdf');
const pdfScanned = samplePdf('notice-2.scanned.pdf');
const pdfScannerLayer = samplePdf('notice-1.scanner-layer.pdf');

const BASE = 'http://vanban.test';
// an admin key put into D1 as `wrangler d1 execute` would (docs/workers.md); access itself: ./auth.test.ts
const KEY = 'vb_workerd-api-test-admin-key-0123456789abcdef';
const auth = { authorization: `Bearer ${KEY}` };
beforeAll(() => insertKey(env.DB, 'api-test', 'admin', KEY));
const get = (path: string) => SELF.fetch(BASE + path, { headers: auth });
const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
  SELF.fetch(BASE + path, { method: 'POST', body, headers: { ...auth, ...headers } });
const upload = (text: string = notice) => post('/v1/documents?filename=thong-bao.txt', text, { 'content-type': 'text/plain; charset=utf-8' });

interface ErrorBody {
  error: { code: string; message: string };
}

// a 1x1 PNG
const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='), (c) =>
  c.charCodeAt(0));

describe('Worker API', () => {
  it('reports itself as the Workers runtime without OCR', async () => {
    const res = await get('/healthz');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'ok', runtime: 'workers', ocr: false });
  });

  it('stores a text notice and serves its record, text, original and listing', async () => {
    const res = await upload();
    expect(res.status).toBe(201);
    const rec = (await res.json()) as { id: string; doc: string };
    expect(rec.id).toMatch(/^[0-9a-f]{16}$/);
    expect(rec.doc).toBe('thong-bao.txt');
    expect(res.headers.get('location')).toBe(`/v1/documents/${rec.id}`);

    const again = await get(`/v1/documents/${rec.id}`);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: string }).id).toBe(rec.id);

    const text = await (await get(`/v1/documents/${rec.id}/text`)).text();
    expect(text).toContain('công trình nước sạch xã Đồng Tâm');
    expect(text.split('\n').length - 1).toBe(notice.split('\n').length - 1);

    const orig = await get(`/v1/documents/${rec.id}/original`);
    expect(orig.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(new TextDecoder().decode(await orig.arrayBuffer())).toBe(notice);

    const list = (await (await get('/v1/documents')).json()) as { total: number; items: { id: string }[] };
    expect(list.total).toBe(1);
    expect(list.items[0].id).toBe(rec.id);

    // the same bytes again: the stored record, not a second document
    const dup = await upload();
    expect(dup.status).toBe(200);
    expect(((await dup.json()) as { id: string }).id).toBe(rec.id);

    // the upload loaded the repair model from the MODELS assets
    const health = (await (await get('/healthz')).json()) as { repair: { model: string } };
    expect(health.repair.model).toBe('ngram');
  });

  it('searches the stored notice with and without diacritics', async () => {
    const { id } = (await (await upload()).json()) as { id: string };
    for (const q of ['nước sạch', 'nuoc sach', 'Đồng Tâm', 'dong tam']) {
      const res = await get(`/v1/search?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
      const body = (await res.json()) as { total: number; items: { document_id: string }[] };
      expect(body.total, q).toBeGreaterThan(0);
      expect(body.items[0].document_id, q).toBe(id);
    }
    expect((await get('/v1/search?q=%20%2B%20')).status).toBe(400);
  });

  it('lists the directives and exports them as CSV, iCalendar and JSON', async () => {
    const { id, directives } = (await (await upload()).json()) as { id: string; directives: { id: string; deadline: unknown }[] };
    expect(directives.length).toBeGreaterThan(0);
    const list = (await (await get(`/v1/directives?document=${id}`)).json()) as { total: number };
    expect(list.total).toBe(directives.length);
    const csv = await get('/v1/directives.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(await csv.text()).toContain('Đồng Tâm');
    const ics = await get('/v1/directives.ics');
    expect(ics.status).toBe(200);
    expect(await ics.text()).toMatch(/^BEGIN:VCALENDAR[\s\S]*BEGIN:VEVENT[\s\S]*END:VCALENDAR\s*$/);
    expect((await get('/v1/directives.json')).status).toBe(200);
  });

  it('repairs OCR text inside the Worker with the model from the MODELS assets', async () => {
    const res = await post('/v1/repair', 'Uy ban nhan dan xa Dong Tam\nbao cao ket qua', { 'content-type': 'text/plain' });
    expect(res.status).toBe(200);
    const body = JSON.stringify(await res.json());
    expect(body).toContain('Ủy ban nhân dân');
    expect(body).toContain('báo cáo kết quả');
  });

  it('serves its OpenAPI description', async () => {
    const res = await get('/v1/openapi.json');
    expect(res.status).toBe(200);
    const spec = (await res.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toContain('/v1/documents');
    expect((await get('/docs')).status).toBe(200);
  });

  it('deletes a document and its search entries', async () => {
    const { id } = (await (await upload()).json()) as { id: string };
    expect((await SELF.fetch(`${BASE}/v1/documents/${id}`, { method: 'DELETE', headers: auth })).status).toBe(204);
    expect((await get(`/v1/documents/${id}`)).status).toBe(404);
    const { openD1Store } = await import('../../src/store/d1.js');
    expect((await openD1Store(env.DB).searchLines('nước sạch', { limit: 10, offset: 0 })).total).toBe(0);
  });

  it('answers 415 for a scan, naming the Node OCR service', async () => {
    const res = await post('/v1/documents?filename=scan.png', PNG, { 'content-type': 'image/png' });
    expect(res.status).toBe(415);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('needs_ocr');
    expect(body.error.message).toMatch(/image\/png/);
    expect(body.error.message).toMatch(/Node OCR service/);
    expect(((await (await get('/v1/documents')).json()) as { total: number }).total).toBe(0);
  });

  it('reads a PDF with a good text layer', async () => {
    const res = await post('/v1/documents?filename=notice-3.pdf', pdfText, { 'content-type': 'application/pdf' });
    expect(res.status).toBe(201);
    const rec = (await res.json()) as { id: string; doc_type: string | null };
    const text = await (await get(`/v1/documents/${rec.id}/text`)).text();
    const expected = textOfPdf.split('\n').filter((l) => l.trim()).slice(0, 5);
    for (const line of expected) expect(text.replace(/\s+/g, ' ')).toContain(line.trim().replace(/\s+/g, ' ').slice(0, 30));
  });

  it('answers 415 for a scanned PDF and a PDF with a scanner\'s poor text layer, naming the Node OCR service', async () => {
    for (const [pdf, why] of [[pdfScanned, /scan/], [pdfScannerLayer, /too poor/]] as const) {
      const res = await post('/v1/documents?filename=a.pdf', pdf, { 'content-type': 'application/pdf' });
      expect(res.status).toBe(415);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.code).toBe('needs_ocr');
      expect(body.error.message).toMatch(why);
      expect(body.error.message).toMatch(/Node OCR service/);
    }
    const bad = await post('/v1/documents?filename=a.pdf', new TextEncoder().encode('%PDF-1.4\nnot really\n'), { 'content-type': 'application/pdf' });
    expect(bad.status).toBe(422);
    expect(((await (await get('/v1/documents')).json()) as { total: number }).total).toBe(0);
  });

  it('refuses bad input with clear errors', async () => {
    const cases: [Promise<Response>, number, string][] = [
      [post('/v1/documents', ''), 400, 'empty_body'],
      [post('/v1/documents', '   \n\t\n', { 'content-type': 'text/plain' }), 400, 'empty_text'],
      [post('/v1/documents', Uint8Array.from([0xff, 0xfe, 0x48, 0x00, 0x69, 0x00]), { 'content-type': 'text/plain' }), 415, 'utf16_text'],
      [post('/v1/documents', Uint8Array.from([0x48, 0xc3, 0x28, 0x0a]), { 'content-type': 'text/plain' }), 415, 'invalid_utf8'],
      [post('/v1/documents', notice, { 'content-type': 'application/zip' }), 415, 'unsupported_type'],
      [get('/v1/documents/not-an-id'), 400, 'bad_id'],
      [get('/v1/documents/0123456789abcdef'), 404, 'not_found'],
      [get('/v1/documents?limit=0'), 400, 'bad_paging'],
      [get('/nowhere'), 404, 'not_found'],
    ];
    for (const [p, status, code] of cases) {
      const res = await p;
      const body = (await res.json()) as ErrorBody;
      expect({ status: res.status, code: body.error?.code }, code).toEqual({ status, code });
    }
  });

  it('refuses uploads over the Worker limit (D1 keeps at most 1 MB per value)', async () => {
    const max = Number(env.VANBAN_MAX_UPLOAD_BYTES);
    expect(max).toBeLessThanOrEqual(1_000_000);
    const big = 'Thông báo kết luận. '.repeat(Math.ceil((max + 1) / 20));
    const res = await upload(big);
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorBody).error.code).toBe('too_large');
  });
});

describe('Worker D1 budget', () => {
  // each input its own test: the dev notice is skipped, never swapped for the other, without ../shared
  it('uploads a long notice (25 sample notices joined) within the free plan\'s 50 D1 queries per request', () =>
    uploadWithinBudget(Array.from({ length: 25 }, () => notice).join('\n')));
  it.skipIf(!env.LARGEST_DEV_NOTICE)('uploads the largest dev notice within the free plan\'s 50 D1 queries per request', () =>
    uploadWithinBudget(env.LARGEST_DEV_NOTICE));

  async function uploadWithinBudget(text: string) {
    const { default: worker } = await import('../../src/runtime/workers/worker.js');
    let queries = 0;
    // counts what D1 counts: every statement, those inside a batch included
    const db = {
      prepare: (sql: string) => {
        queries++;
        return env.DB.prepare(sql);
      },
      batch: (stmts: D1PreparedStatement[]) => env.DB.batch(stmts),
    };
    const ctx = createExecutionContext();
    const res = await worker.fetch(
      new Request(`${BASE}/v1/documents?filename=largest.txt`, { method: 'POST', body: text, headers: { ...auth, 'content-type': 'text/plain' } }),
      { ...env, DB: db },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(201);
    const rec = (await res.json()) as { directives: unknown[] };
    console.log(`D1 queries for one upload of ${text.split('\n').length} lines (${rec.directives.length} directives): ${queries}`);
    expect(queries).toBeLessThanOrEqual(50);
  }
});
