// Đ/đ where OCR or a PDF font gave a look-alike letter Vietnamese never uses (Icelandic eth, African D).
import { describe, expect, it } from 'vitest';
import { withVietnameseD } from '../../src/ingest/text.js';
import { linesFromItems } from '../../src/ingest/textlayer.js';
import { linesOf, toTextLines } from '../../src/ocr/lines.js';

const word = (text: string, x0: number) => ({ text, confidence: 90, bbox: { x0, y0: 100, x1: x0 + 20 * text.length, y1: 130 } });

describe('look-alike D', () => {
  it('maps eth and African D to Đ and đ, and leaves everything else alone', () => {
    expect(withVietnameseD('Số: 12/QÐ-UBND ðồng ý, ƉOÀN')).toBe('Số: 12/QĐ-UBND đồng ý, ĐOÀN');
    const plain = 'Quyết định số 12/QĐ-UBND của Ủy ban nhân dân; D d Dž';
    expect(withVietnameseD(plain)).toBe(plain);
  });

  it('in OCR words, after NFC', () => {
    const page = { blocks: [{ paragraphs: [{ lines: [{ bbox: { x0: 0, y0: 100, x1: 600, y1: 130 }, words: [word('Số:', 0), word('12/QÐ-UBND', 80), word('ðiều', 320)] }] }] }] };
    const lines = toTextLines(linesOf(page), 1);
    expect(lines.map((l) => l.text)).toEqual(['Số: 12/QĐ-UBND điều']);
    expect(lines[0].words!.map((w) => w.text)).toEqual(['Số:', '12/QĐ-UBND', 'điều']);
  });

  it('in PDF text layers', () => {
    const item = (str: string, x: number) => ({ str, transform: [12, 0, 0, 12, x, 700], width: 6 * str.length, height: 12 });
    expect(linesFromItems([item('Số: 45/QÐ-', 72), item('UBND', 72 + 60)], 595)).toEqual(['Số: 45/QĐ-UBND']);
  });
});
