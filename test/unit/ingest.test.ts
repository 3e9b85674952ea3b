import { describe, expect, it } from 'vitest';
import { defaultLimits } from '../../src/config.js';
import { VanbanError } from '../../src/errors.js';
import { ingest } from '../../src/ingest/index.js';
import { sniff } from '../../src/ingest/sniff.js';
import { decodeText, splitLines } from '../../src/ingest/text.js';

const enc = (s: string) => new TextEncoder().encode(s);

describe('sniff', () => {
  it('tells types by magic bytes, whatever the name', () => {
    expect(sniff(enc('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniff(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniff(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniff(enc('II*\0xxxx'))).toBe('image/tiff');
    expect(sniff(enc('MM\0*xxxx'))).toBe('image/tiff');
    expect(sniff(enc('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniff(enc('Sở Tài chính'))).toBe('text/plain');
    expect(sniff(new Uint8Array(Buffer.from('\ufeffSở', 'utf16le')))).toBe('text/utf-16');
  });
});

describe('text decoding', () => {
  it('strips the BOM, unifies line ends and composes to NFC', () => {
    const nfd = 'Ủy ban'.normalize('NFD');
    const text = decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...enc(`${nfd}\r\nhai\rba`)]));
    expect(text).toBe('Ủy ban\nhai\nba');
    expect(text).toBe(text.normalize('NFC'));
  });
  it('rejects invalid UTF-8 with a clear error', () => {
    expect(() => decodeText(new Uint8Array([0x61, 0xff, 0x62]))).toThrow(/not valid UTF-8/);
  });
  it('splits lines keeping blank ones, without a phantom last line', () => {
    expect(splitLines('a\n\nb\n')).toEqual(['a', '', 'b']);
    expect(splitLines('a\nb')).toEqual(['a', 'b']);
  });
});

describe('ingest', () => {
  it('gives the same id for the same bytes and a different one otherwise', async () => {
    const a = await ingest({ bytes: enc('Sở Nội vụ\n'), filename: 'a.txt' }, { limits: defaultLimits });
    const b = await ingest({ bytes: enc('Sở Nội vụ\n'), filename: 'b.txt' }, { limits: defaultLimits });
    const c = await ingest({ bytes: enc('Sở Tài chính\n'), filename: 'a.txt' }, { limits: defaultLimits });
    expect(a.id).toBe(b.id);
    expect(a.id).not.toBe(c.id);
    expect(a.pages).toEqual([{ number: 1, kind: 'text', text: 'Sở Nội vụ\n' }]);
    expect(a.needsOcr).toBe(false);
  });
  it('refuses a file over the limit with 413', async () => {
    const err = await ingest({ bytes: enc('x'.repeat(11)), filename: 'a' }, { limits: { ...defaultLimits, maxUploadBytes: 10 } }).catch((e) => e);
    expect(err).toBeInstanceOf(VanbanError);
    expect(err.status).toBe(413);
  });
  it('refuses a declared type it cannot read with 415', async () => {
    const err = await ingest({ bytes: enc('x'), filename: 'a', declaredType: 'application/msword' }, { limits: defaultLimits }).catch((e) => e);
    expect(err.status).toBe(415);
  });
  it('refuses scans where no reader is wired (e.g. on Workers) with 415', async () => {
    const err = await ingest({ bytes: enc('%PDF-1.4\n'), filename: 'a.pdf' }, { limits: defaultLimits, accept: (t) => t === 'text/plain' }).catch((e) => e);
    expect(err.status).toBe(415);
    expect(err.message).toMatch(/OCR/);
  });
});
