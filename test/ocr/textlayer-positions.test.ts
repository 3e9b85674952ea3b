// PDF text layers keep their positions (issue 22, item 2): each line's words carry boxes in the pixels of a
// 300 dpi render of the page (the space OCR's boxes are in), the two-column header still comes out left
// column first, and the lines' text is what linesFromItems gives.
import { describe, expect, it } from 'vitest';
import { columnSplitAt, pageExtent } from '../../src/extract/columns.js';
import { linesFromItems, positionedLinesFromItems, type TextItem } from '../../src/ingest/textlayer.js';
import type { TextLineT } from '../../src/record.js';

// an A4 page (595 x 842 pt), 13 pt type, ~6.5 pt a character
const item = (str: string, x: number, y: number, size = 13): TextItem => ({ str, transform: [size, 0, 0, size, x, y], width: 0.5 * size * str.length, height: size });
const ITEMS: TextItem[] = [
  item('ỦY BAN NHÂN DÂN', 90, 790),
  item('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 280, 790),
  item('TỈNH QUẢNG NGÃI', 92, 775),
  item('Độc lập - Tự do - Hạnh phúc', 320, 775),
  item('Số: 46/TB-UBND', 95, 750),
  item('Quảng Ngãi, ngày 24 tháng 01 năm 2025', 300, 750),
  item('THÔNG BÁO', 268, 715),
  item('Qua xem xét nội dung đơn đề ngày 10/12/2024 của bà Huỳnh Thị Gái và ông Trần', 60, 680),
];

describe('text-layer positions', () => {
  it('keeps each word of a line with its box, in 300 dpi page pixels', () => {
    const lines = positionedLinesFromItems(ITEMS, 595, 842);
    expect(lines.map((l) => l.text)).toEqual(linesFromItems(ITEMS, 595));
    expect(lines.slice(0, 4).map((l) => l.text)).toEqual(['ỦY BAN NHÂN DÂN', 'TỈNH QUẢNG NGÃI', 'Số: 46/TB-UBND', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']);
    const s = 300 / 72;
    for (const l of lines) {
      expect(l.words.map((w) => w.text).join(' ')).toBe(l.text);
      for (let i = 1; i < l.words.length; i++) expect(l.words[i].bbox[0]).toBeGreaterThan(l.words[i - 1].bbox[2]);
      for (const w of l.words) {
        expect(w.bbox[0]).toBeGreaterThanOrEqual(0);
        expect(w.bbox[2]).toBeLessThanOrEqual(595 * s);
        expect(w.bbox[3]).toBeGreaterThan(w.bbox[1]);
        expect(w.bbox[1]).toBeGreaterThanOrEqual(0);
      }
    }
    // the first word starts where its item does; rows run down the page
    expect(lines[0].words[0].bbox[0]).toBeCloseTo(90 * s, 0);
    expect(lines[1].words[0].bbox[1]).toBeGreaterThan(lines[0].words[0].bbox[1]);
  });

  it('gives lines that the header reading by position leaves as they are (already one column each)', () => {
    const lines: TextLineT[] = positionedLinesFromItems(ITEMS, 595, 842).map((l, i) => ({
      page: 1,
      line: i + 1,
      text: l.text,
      words: l.words.map((w) => ({ ...w, confidence: 100 })),
    }));
    const e = pageExtent(lines)!;
    expect(lines.map((l) => columnSplitAt(l, e))).toEqual(lines.map(() => -1));
    // one row with both pieces in one line, as a layer whose items are joined would give: cut at the gap
    const joined: TextLineT = { ...lines[2], text: `${lines[2].text} ${lines[5].text}`, words: [...lines[2].words!, ...lines[5].words!] };
    expect(columnSplitAt(joined, e)).toBe(2);
  });
});
