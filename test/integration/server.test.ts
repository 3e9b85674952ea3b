// The foundation routes and every bad input, through the real server on loopback with a real SQLite file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// the test server's admin key rides along (see test/helpers/server.ts)
import { keyedFetch as fetch, ROOT, startTestServer } from '../helpers/server.js';

const notice = readFileSync(join(ROOT, 'test/fixtures/thong-bao-ket-luan.txt'));

/** Bytes like a compiled program: an ELF header, then a deterministic pseudo-random body. */
function binaryBytes(): Uint8Array {
  const b = new Uint8Array(4096);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
  let x = 12345;
  for (let i = 16; i < b.length; i++) b[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return b;
}

function multipart(bytes: Uint8Array | string, name = 'notice.txt', type = 'text/plain', field = 'file') {
  const form = new FormData();
  form.append(field, new Blob([bytes as BlobPart], { type }), name);
  return form;
}

describe('HTTP API (foundation)', () => {
  let srv: Awaited<ReturnType<typeof startTestServer>>;
  const url = (p: string) => srv.url + p;
  const total = async () => ((await (await fetch(url('/v1/documents'))).json()) as { total: number }).total;

  beforeAll(async () => {
    srv = await startTestServer({ limits: { maxUploadBytes: 200_000, maxPages: 50, maxImagePixels: 50_000_000 } });
  });
  afterAll(async () => srv?.cleanup());

  it('answers /healthz', async () => {
    const r = await fetch(url('/healthz'));
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: 'ok' });
  });

  let id = '';
  it('stores a multipart upload and returns its record (201), the same bytes give the same id (200)', async () => {
    const r = await fetch(url('/v1/documents'), { method: 'POST', body: multipart(notice) });
    expect(r.status).toBe(201);
    const rec = (await r.json()) as { id: string; doc: string; directives: unknown[] };
    expect(rec.id).toMatch(/^[0-9a-f]{16}$/);
    expect(rec.doc).toBe('notice.txt');
    id = rec.id;
    const again = await fetch(url('/v1/documents'), { method: 'POST', body: multipart(notice, 'other-name.txt') });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: string }).id).toBe(id);
    expect(await total()).toBe(1);
  });

  it('accepts a raw text body with its content type', async () => {
    const body = 'Sở Nội vụ báo cáo trước ngày 15 tháng 12 năm 2025.\n';
    const r = await fetch(url('/v1/documents?filename=raw.txt'), { method: 'POST', body, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    expect(r.status).toBe(201);
    const rec = (await r.json()) as { id: string; doc: string };
    expect(rec.doc).toBe('raw.txt');
    const text = await (await fetch(url(`/v1/documents/${rec.id}/text`))).text();
    expect(text).toBe(body);
  });

  it('serves record, text, original and the paged list', async () => {
    const rec = await fetch(url(`/v1/documents/${id}`));
    expect(rec.status).toBe(200);
    expect(((await rec.json()) as { id: string }).id).toBe(id);
    const text = await (await fetch(url(`/v1/documents/${id}/text`))).text();
    expect(text.split('\n').length - 1).toBe(notice.toString('utf8').split('\n').length - 1);
    const orig = new Uint8Array(await (await fetch(url(`/v1/documents/${id}/original`))).arrayBuffer());
    expect(Buffer.from(orig).equals(notice)).toBe(true);
    const page = (await (await fetch(url('/v1/documents?limit=1&offset=0'))).json()) as { items: { id: string }[]; total: number };
    expect(page.total).toBe(2);
    expect(page.items).toHaveLength(1);
    const page2 = (await (await fetch(url('/v1/documents?limit=1&offset=1'))).json()) as { items: { id: string }[] };
    expect(page2.items[0].id).not.toBe(page.items[0].id);
  });

  const bad: [string, () => Promise<Response>, number, string][] = [
    ['empty body', () => fetch(url('/v1/documents'), { method: 'POST', body: '', headers: { 'content-type': 'text/plain' } }), 400, 'empty_body'],
    ['multipart without a file field', () => { const f = new FormData(); f.append('other', 'x'); return fetch(url('/v1/documents'), { method: 'POST', body: f }); }, 400, 'no_file'],
    ['a 0-byte file', () => fetch(url('/v1/documents'), { method: 'POST', body: multipart(new Uint8Array(0)) }), 400, 'empty_file'],
    ['white space only', () => fetch(url('/v1/documents'), { method: 'POST', body: multipart('  \n\n  ') }), 400, 'empty_text'],
    ['binary bytes sent as text', () => fetch(url('/v1/documents'), { method: 'POST', body: multipart(binaryBytes()) }), 415, 'binary_data'],
    ['invalid UTF-8', () => fetch(url('/v1/documents'), { method: 'POST', body: multipart(new Uint8Array([0x53, 0xe1, 0xbb, 0x9f, 0x20, 0xc3, 0x28, 0x41, 0x0a])) }), 415, 'invalid_utf8'],
    ['UTF-16 text', () => fetch(url('/v1/documents'), { method: 'POST', body: multipart(Buffer.from('\ufeffSở Nội vụ', 'utf16le')) }), 415, 'utf16_text'],
    ['UTF-16 without BOM', () => fetch(url('/v1/documents'), { method: 'POST', body: multipart(Buffer.from('Thong bao ket luan', 'utf16le')) }), 415, 'utf16_text'],
    ['a file over the size limit', () => fetch(url('/v1/documents'), { method: 'POST', body: multipart('a'.repeat(300_000)) }), 413, 'too_large'],
    ['a raw body over the size limit', () => fetch(url('/v1/documents'), { method: 'POST', body: 'a'.repeat(300_000), headers: { 'content-type': 'text/plain' } }), 413, 'too_large'],
    ['an unknown content type', () => fetch(url('/v1/documents'), { method: 'POST', body: 'PK\u0003\u0004', headers: { 'content-type': 'application/zip' } }), 415, 'unsupported_type'],
    ['an unknown document id', () => fetch(url('/v1/documents/0123456789abcdef')), 404, 'not_found'],
    ['a malformed id', () => fetch(url('/v1/documents/not-an-id')), 400, 'bad_id'],
    ['a malformed id on delete', () => fetch(url('/v1/documents/..%2F..'), { method: 'DELETE' }), 400, 'bad_id'],
    ['an unknown job', () => fetch(url('/v1/jobs/00000000-0000-4000-8000-000000000000')), 404, 'not_found'],
    ['a malformed job id', () => fetch(url('/v1/jobs/123')), 400, 'bad_id'],
    ['paging out of range', () => fetch(url('/v1/documents?limit=0')), 400, 'bad_paging'],
    ['an unknown route', () => fetch(url('/v1/nothing')), 404, 'not_found'],
  ];
  for (const [name, send, status, code] of bad) {
    it(`refuses ${name} with ${status} ${code}, stores nothing, stays up`, async () => {
      const before = await total();
      const r = await send();
      expect(r.status).toBe(status);
      const body = (await r.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(code);
      expect(body.error.message.length).toBeGreaterThan(5);
      expect(await total()).toBe(before);
      expect((await fetch(url('/healthz'))).status).toBe(200);
    });
  }

  it('deletes a document (204), then it is gone (404)', async () => {
    expect((await fetch(url(`/v1/documents/${id}`), { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(url(`/v1/documents/${id}`))).status).toBe(404);
    expect((await fetch(url(`/v1/documents/${id}`), { method: 'DELETE' })).status).toBe(404);
  });
});
