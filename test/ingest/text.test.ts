// Text uploads are checked without building the string (UTF-8 validity, white space only) and decoded on
// first read; what a reader sees is the same text as a strict decode gives.
import { describe, expect, it } from 'vitest';
import { defaultLimits } from '../../src/config.js';
import { ingest } from '../../src/ingest/index.js';
import { isBlankText, isUtf8 } from '../../src/ingest/text.js';
import type { VanbanError } from '../../src/errors.js';

const enc = (s: string) => new TextEncoder().encode(s);

describe('text checks', () => {
  it('tells valid UTF-8 from invalid, including a cut sequence and an overlong form', () => {
    expect(isUtf8(enc('Ủy ban nhân dân tỉnh'))).toBe(true);
    expect(isUtf8(Uint8Array.from([0x48, 0xc3, 0x28]))).toBe(false);
    expect(isUtf8(Uint8Array.from([0x53, 0xe1, 0xbb]))).toBe(false);
    expect(isUtf8(Uint8Array.from([0xc0, 0xaf]))).toBe(false);
  });

  it('finds white space only, with a BOM, no-break and ideographic spaces, and nothing else', () => {
    expect(isBlankText(enc(' \n\t\r\n '))).toBe(true);
    expect(isBlankText(enc('\uFEFF  \n'))).toBe(true);
    expect(isBlankText(enc('  \u00A0\u3000\n'))).toBe(true);
    expect(isBlankText(enc('\n\nỦy ban'))).toBe(false);
    expect(isBlankText(enc('\uFEFFSố: 12'))).toBe(false);
    expect(isBlankText(enc(' \u00A0 đ'))).toBe(false);
    expect(isBlankText(enc('  x'))).toBe(false);
  });
});

describe('ingest of a text file', () => {
  const file = (bytes: Uint8Array) => ({ bytes, filename: 'a.txt', declaredType: 'text/plain' });

  it('gives the decoded text (BOM stripped, CRLF unified, NFC) when the page is read', async () => {
    // "Kết" with the circumflex and dot below as combining marks, after a BOM, CRLF line ends
    const doc = await ingest(file(enc('\uFEFFKe\u0302\u0301t lua\u0323\u0302n\r\nSố: 12\r\n')), { limits: defaultLimits });
    expect(doc.mediaType).toBe('text/plain');
    expect(doc.needsOcr).toBe(false);
    expect(doc.pages).toHaveLength(1);
    expect(doc.pages[0].text).toBe('Kết luận\nSố: 12\n');
  });

  it('refuses invalid UTF-8 (415) and white space only (400)', async () => {
    const code = async (bytes: Uint8Array) =>
      ingest(file(bytes), { limits: defaultLimits }).then(
        () => 'accepted',
        (e: VanbanError) => `${e.status} ${e.code}`,
      );
    expect(await code(Uint8Array.from([0x53, 0xe1, 0xbb, 0x9f, 0x20, 0xc3, 0x28, 0x41, 0x0a]))).toBe('415 invalid_utf8');
    expect(await code(enc('\uFEFF \u00A0\n'))).toBe('400 empty_text');
  });
});
