// Signed PDFs: who signed and when comes from the signature dictionaries and certificates; a text layer
// holding only a corner stamp is not taken as the page's text. PDFs made by scripts/samples/make-signed.ts;
// the real signed scans of ../shared/realscans are checked when present.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultLimits } from '../../src/config.js';
import { readImage } from '../../src/ingest/image.js';
import { ingest } from '../../src/ingest/index.js';
import { readPdf } from '../../src/ingest/pdf.js';
import { pdfDate, readPdfSignatures } from '../../src/ingest/signature.js';
import { signedPdf } from '../../scripts/samples/make-signed.js';

const scan = new Uint8Array(readFileSync(new URL('../../samples/scans/notice-1.clean.png', import.meta.url)));
const readers = { 'application/pdf': readPdf, 'image/png': readImage } as const;
const REAL = new URL('../../../shared/realscans/pdf/', import.meta.url);

describe('PDF signatures', () => {
  it('reads the signer, organisation and time of each signature, in file order', async () => {
    const pdf = await signedPdf({
      scan,
      signers: [
        { cn: 'Ủy ban nhân dân tỉnh Quảng Ngãi', o: 'Tỉnh Quảng Ngãi', m: "D:20250126111209+07'00'" },
        { cn: 'TRUNG TÂM CÔNG BÁO VÀ TIN HỌC', o: 'ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI', m: "D:20250127071001+07'00'" },
      ],
    });
    expect(readPdfSignatures(pdf)).toEqual([
      { signed_by: 'Ủy ban nhân dân tỉnh Quảng Ngãi', organisation: 'Tỉnh Quảng Ngãi', signed_at: '2025-01-26T11:12:09+07:00' },
      { signed_by: 'TRUNG TÂM CÔNG BÁO VÀ TIN HỌC', organisation: 'ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI', signed_at: '2025-01-27T07:10:01+07:00' },
    ]);
  });

  it('falls back to /Name when the certificate names no one, and lists one signer signing twice once', async () => {
    const twice = { name: 'Nguyễn Phước Bình', m: "D:20250108173049+07'00'", rawContents: '00' };
    const pdf = await signedPdf({ scan, signers: [twice, twice] });
    expect(readPdfSignatures(pdf)).toEqual([{ signed_by: 'Nguyễn Phước Bình', organisation: null, signed_at: '2025-01-08T17:30:49+07:00' }]);
  });

  it('skips a malformed signature dictionary without failing the document', async () => {
    const pdf = await signedPdf({ scan, signers: [{ rawContents: '3082ffff0102' }, { cn: 'Sở Tài chính', m: 'D:2024' }] });
    expect(readPdfSignatures(pdf)).toEqual([{ signed_by: 'Sở Tài chính', organisation: null, signed_at: '2024-01-01' }]);
    const doc = await ingest({ bytes: pdf, filename: 'broken-sig.pdf' }, { limits: defaultLimits, readers });
    expect(doc.pages).toHaveLength(1);
    expect(doc.signatures).toHaveLength(1);
  });

  it('reads PDF dates with and without a zone, and refuses impossible ones', () => {
    expect(pdfDate("D:20250126111209+07'00'")).toBe('2025-01-26T11:12:09+07:00');
    expect(pdfDate('D:20250126111209Z')).toBe('2025-01-26T11:12:09Z');
    expect(pdfDate('D:202501261112')).toBe('2025-01-26T11:12:00');
    expect(pdfDate('D:20251301')).toBeNull();
    expect(pdfDate('yesterday')).toBeNull();
  });

  it('plain files and unsigned PDFs have none', async () => {
    const txt = await ingest({ bytes: new TextEncoder().encode('Thông báo\n'), filename: 'a.txt' }, { limits: defaultLimits });
    expect(txt.signatures).toEqual([]);
    expect(readPdfSignatures(await signedPdf({ scan, signers: [] }))).toEqual([]);
  });
});

describe('text layers of signed scans', () => {
  const stamp = ['Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi', 'Cơ quan: Tỉnh Quảng Ngãi', 'Thời gian ký: 26/01/2025 11:12:09'];

  it('a layer holding only the corner stamp is not the page: the scan is read, the stamp kept as a hint', async () => {
    const pdf = await signedPdf({ scan, cornerText: stamp, signers: [{ cn: 'Ủy ban nhân dân tỉnh Quảng Ngãi', m: "D:20250126111209+07'00'" }] });
    const doc = await ingest({ bytes: pdf, filename: 'signed.pdf' }, { limits: defaultLimits, readers });
    expect(doc.pages[0].kind).toBe('image');
    expect(doc.pages[0].hint).toContain('Ký bởi');
    expect(doc.needsOcr).toBe(true);
  });

  it.skipIf(!existsSync(REAL))('real signed scans: every page is read as a scan and the issuer signature comes first', async () => {
    for (const name of ['qn-46-tb', 'qn-23-bc']) {
      const bytes = new Uint8Array(readFileSync(new URL(`${name}.pdf`, REAL)));
      const doc = await ingest({ bytes, filename: `${name}.pdf` }, { limits: defaultLimits, readers });
      expect(doc.pages.every((p) => p.kind === 'image')).toBe(true);
      expect(doc.signatures?.[0]?.signed_by).toBe('Ủy ban nhân dân tỉnh Quảng Ngãi');
      expect(doc.signatures?.[0]?.signed_at).toMatch(/^2025-01-2\dT\d\d:\d\d:\d\d\+07:00$/);
    }
  });
});
