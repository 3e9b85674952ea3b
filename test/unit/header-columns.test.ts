// A notice header whose issuer name nearly meets the national motto must still read column by column.
import { describe, expect, it } from 'vitest';
import { columnGap, linesOf, toTextLines, withoutPhantomDots } from '../../src/ocr/lines.js';

const H = 22;
/** One OCR line: words at the given x positions, 12 px per letter, all on the same baseline. */
function line(y: number, ...specs: [string, number][]) {
  const words = specs.map(([text, x0]) => ({ text, confidence: 95, bbox: { x0, y0: y, x1: x0 + 12 * text.length, y1: y + H } }));
  return { bbox: { x0: words[0].bbox.x0, y0: y, x1: words[words.length - 1].bbox.x1, y1: y + H }, words };
}
/** Words of a sentence laid from x with `gap` px between them. */
function laid(text: string, x: number, gap = 9): [string, number][] {
  return text.split(' ').map((w) => {
    const at = x;
    x += 12 * w.length + gap;
    return [w, at];
  });
}
const end = (specs: [string, number][]) => { const [t, x] = specs[specs.length - 1]; return x + 12 * t.length; };
const page = (...lines: ReturnType<typeof line>[]) => ({ blocks: [{ paragraphs: [{ lines }] }] });
const read = (p: ReturnType<typeof page>) => toTextLines(linesOf(p, 1, 1240), 1).map((l) => l.text);

describe('header columns', () => {
  it('parts a capitals line at a narrow gap in the middle of the page', () => {
    const left = laid('SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG', 213);
    // the motto 25 px on: 1.14 line heights, under the 1.3 that parts any line, 2.8 word gaps
    const motto = laid('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', end(left) + 25);
    const p = page(
      line(158, ...left, ...motto),
      line(190, ...laid('CHI CỤC THỦY LỢI', 296), ...laid('Độc lập - Tự do - Hạnh phúc', 732)),
      line(232, ...laid('Số: 105/TB-CCTL', 320)),
      line(300, ...laid('THÔNG BÁO', 560)),
    );
    expect(read(p)).toEqual([
      'SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG',
      'CHI CỤC THỦY LỢI',
      'Số: 105/TB-CCTL',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'THÔNG BÁO',
    ]);
  });

  it('keeps a line whole when the gap is ordinary, off-centre, or in running text', () => {
    const pieces = (specs: [string, number][]) => specs.map(([t, x]) => ({ x0: x, x1: x + 12 * t.length }));
    // even spacing: no gap stands out
    expect(columnGap(pieces(laid('ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH', 200, 20)), H, 1240)).toBeCloseTo(1.3 * H);
    // one wide gap, but near the left margin
    const first = laid('KẾT LUẬN', 100);
    const offCentre = [...first, ...laid('CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH', end(first) + 25)];
    expect(columnGap(pieces(offCentre), H, 1240)).toBeCloseTo(1.3 * H);
    // the same narrow middle gap in lower-case body text (a word the noise erased) stays one line
    const before = laid('Ủy ban nhân dân các xã tập trung', 150);
    const body = page(line(500, ...before, ...laid('chỉ đạo thực hiện các nhiệm vụ', end(before) + 25)));
    expect(read(body)).toEqual(['Ủy ban nhân dân các xã tập trung chỉ đạo thực hiện các nhiệm vụ']);
  });
});

describe('phantom dots', () => {
  const sym = (text: string, x0: number, x1: number, y0 = 206, y1 = 238) => ({ text, bbox: { x0, x1, y0, y1 } });
  const word = (...symbols: ReturnType<typeof sym>[]) => ({
    text: symbols.map((s) => s.text).join(''), confidence: 57, bbox: { x0: symbols[0].bbox.x0, y0: 198, x1: symbols[symbols.length - 1].bbox.x1, y1: 239 }, symbols,
  });
  const DAN = [sym('D', 722, 752), sym('Â', 755, 786, 198), sym('N', 788, 822)];

  it('drops dots that have no box of their own after a word in capitals', () => {
    // as tesseract reports them: 1 px wide, as tall as the letters, inside the N
    expect(withoutPhantomDots(word(...DAN, sym('.', 821, 822, 198, 239), sym('.', 821, 822, 198, 239), sym('.', 821, 822, 198, 239)))).toBe('DÂN');
  });

  it('keeps printed dots and other words as read', () => {
    // a printed full stop: a small box after the letters
    expect(withoutPhantomDots(word(...DAN, sym('.', 826, 832, 230, 238)))).toBe('DÂN.');
    // lower case: not a header word
    expect(withoutPhantomDots(word(sym('d', 722, 752), sym('â', 755, 786), sym('n', 788, 822), sym('.', 821, 822, 198, 239)))).toBe('dân.');
    // no symbols reported
    expect(withoutPhantomDots({ text: 'DÂN...', confidence: 60, bbox: { x0: 0, y0: 0, x1: 10, y1: 10 } })).toBe('DÂN...');
  });
});
