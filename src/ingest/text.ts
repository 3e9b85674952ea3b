// Text notices: strict UTF-8, BOM stripped, NFC, line endings unified.
import { unsupported } from '../errors.js';

export function decodeText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw unsupported('invalid_utf8', 'text is not valid UTF-8; save the notice as UTF-8 and upload again');
  }
  return text.replace(/\r\n?/g, '\n').normalize('NFC');
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
