// A signed scan over HTTP on a real server (loopback, temp SQLite, real OCR): the corner stamp layer is
// not taken as the page, the e-signature is kept on the record, its day stands in for a handwritten one,
// and the document list finds the notice by its signer. PDFs made by scripts/samples/make-signed.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layoutLines, registerFonts, renderPage } from '../../scripts/samples/layout.js';
import { signedPdf } from '../../scripts/samples/make-signed.js';
// the test server's admin key rides along (see test/helpers/server.ts)
import { keyedFetch as fetch, startTestServer } from '../helpers/server.js';

type JobBody = { id: string; state: string; document_id: string; error: unknown };
type Rec = {
  issued_date: string | null;
  issued_date_source: string | null;
  issued_day_handwritten: boolean;
  signature: Record<string, string | null> | null;
  signatures: unknown[];
  number: string | null;
  number_handwritten: boolean;
  place: string | null;
};

// the day of the date line is left blank, as on paper where it is written in by hand
const NOTICE = [
  'ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI',
  'Số: /TB-UBND',
  'Quảng Ngãi, ngày tháng 01 năm 2025',
  'THÔNG BÁO',
  'Về việc tổ chức kiểm tra công tác cải cách hành chính',
  'Sở Nội vụ chủ trì, phối hợp với Sở Tài chính tổ chức kiểm tra',
  'công tác cải cách hành chính tại các xã, phường trước ngày 30 tháng 6 năm 2025.',
];
const STAMP = ['Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi', 'Cơ quan: Tỉnh Quảng Ngãi', 'Thời gian ký: 26/01/2025 11:12:09'];

describe('signed scans over HTTP', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let pdf: Uint8Array;
  beforeAll(async () => {
    server = await startTestServer({ ocrWorkers: 1 });
    registerFonts();
    const scan = new Uint8Array(await renderPage(layoutLines(NOTICE)[0], 200));
    pdf = await signedPdf({
      scan,
      cornerText: STAMP,
      signers: [
        { cn: 'Ủy ban nhân dân tỉnh Quảng Ngãi', o: 'Tỉnh Quảng Ngãi', m: "D:20250126111209+07'00'" },
        { cn: 'TRUNG TÂM CÔNG BÁO VÀ TIN HỌC', o: 'ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI', m: "D:20250127071001+07'00'" },
      ],
    });
  });
  afterAll(async () => server?.cleanup());

  it('reads the scan, keeps the signature, takes the signing day for the blank issue date and marks the blanks as handwritten', async () => {
    const res = await fetch(`${server.url}/v1/documents?filename=signed.pdf`, { method: 'POST', body: Buffer.from(pdf), headers: { 'content-type': 'application/pdf' } });
    expect(res.status).toBe(202);
    const job = ((await res.json()) as { job: JobBody }).job;
    let j: JobBody = job;
    for (const end = Date.now() + 120_000; j.state !== 'done' && j.state !== 'failed' && Date.now() < end; ) {
      await new Promise((r) => setTimeout(r, 200));
      j = (await (await fetch(`${server.url}/v1/jobs/${job.id}`)).json()) as JobBody;
    }
    expect(j.state).toBe('done');
    const text = await (await fetch(`${server.url}/v1/documents/${j.document_id}/text`)).text();
    // the page is the scan's text, not the stamp's
    expect(text).toContain('Sở Nội vụ chủ trì');
    expect(text).not.toContain('Ký bởi');
    const rec = (await (await fetch(`${server.url}/v1/documents/${j.document_id}`)).json()) as Rec;
    expect(rec.signature).toEqual({ signed_by: 'Ủy ban nhân dân tỉnh Quảng Ngãi', organisation: 'Tỉnh Quảng Ngãi', signed_at: '2025-01-26T11:12:09+07:00' });
    expect(rec.signatures).toHaveLength(2);
    expect(rec.issued_date).toBe('2025-01-26');
    expect(rec.issued_date_source).toBe('signature');
    expect(rec.issued_day_handwritten).toBe(true);
    expect(rec.place).toBe('Quảng Ngãi');
    // the number's blank is empty: the printed part is kept and the record says the rest is handwritten
    expect(rec.number).toBe('/TB-UBND');
    expect(rec.number_handwritten).toBe(true);

    const list = (await (await fetch(`${server.url}/v1/documents?signed_by=${encodeURIComponent('cong bao va tin hoc')}`)).json()) as { total: number; items: { id: string; signed_by: string }[] };
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ id: j.document_id, signed_by: 'Ủy ban nhân dân tỉnh Quảng Ngãi' });
    const none = (await (await fetch(`${server.url}/v1/documents?signed_by=so%20tai%20chinh`)).json()) as { total: number };
    expect(none.total).toBe(0);
  });

  it('refuses an overlong signer filter with 400', async () => {
    const res = await fetch(`${server.url}/v1/documents?signed_by=${'a'.repeat(201)}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/signed_by/);
  });
});
