// Text notices: strict UTF-8, BOM stripped, NFC, line endings unified.
import { isUtf8 as nativeIsUtf8 } from 'node:buffer';
import { unsupported } from '../errors.js';

export const invalidUtf8 = () => unsupported('invalid_utf8', 'text is not valid UTF-8; save the notice as UTF-8 and upload again');

export function decodeText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw invalidUtf8();
  }
  return text.replace(/\r\n?/g, '\n').normalize('NFC');
}

/** True when the bytes are valid UTF-8, checked natively (10 MB in well under a millisecond) where the runtime can. */
export function isUtf8(bytes: Uint8Array): boolean {
  if (nativeIsUtf8) return nativeIsUtf8(bytes);
  try {
    new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const ASCII_SPACE = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20]);

/** True when valid UTF-8 bytes hold only white space (a BOM counts as none), decoding no more than needed. */
export function isBlankText(bytes: Uint8Array): boolean {
  let i = 0;
  while (i < bytes.length && ASCII_SPACE.has(bytes[i])) i++;
  if (i === bytes.length) return true;
  if (bytes[i] < 0x80) return false;
  // the first other character: a letter says no at once; a BOM or a Unicode space needs the rest
  const first = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes.subarray(i, i + 4))[0];
  if (!/[\s\uFEFF]/.test(first)) return false;
  return decodeText(bytes.subarray(i)).trim() === '';
}

/**
 * A text file's one page, its text decoded on first read: a large upload that is finished on a thread is
 * decoded there, not on the event loop. The bytes must already be checked with isUtf8.
 */
export function lazyTextPage(bytes: Uint8Array): { number: 1; kind: 'text'; text?: string } {
  let text: string | undefined;
  return {
    number: 1,
    kind: 'text',
    get text() {
      return (text ??= decodeText(bytes));
    },
  };
}

/** Lines of a text, without the final empty line a trailing newline leaves. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Đ and đ where an OCR engine or a font gave a look-alike Vietnamese never uses: Icelandic eth (Ð U+00D0,
 * ð U+00F0) and African D (Ɖ U+0189). Tesseract reads "QĐ-UBND" as "QÐ-UBND"; the two capitals are
 * drawn the same, so nobody sees it until a search for "QĐ" misses.
 */
export function withVietnameseD(text: string): string {
  return text.replace(LOOKALIKE_D, (c) => (c === 'ð' ? 'đ' : 'Đ'));
}

const LOOKALIKE_D = /[ÐðƉ]/g;
