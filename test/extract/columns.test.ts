// The two-column header read by position (issue 22, item 2): a first-page line whose words part at a
// column gap is cut into its left and right pieces, and the header is read left column first; a wide gap
// in the body, a gap near the margin and a centred title are left alone; text without boxes is unchanged.
import { describe, expect, it } from 'vitest';
import { columnSplitAt, cutText, pageExtent, readHeaderColumns } from '../../src/extract/columns.js';
import { extract } from '../../src/extract/index.js';
import type { TextLineT } from '../../src/record.js';
import { testGazetteer } from '../helpers/models.js';

// a 300 dpi A4 page: 2480 px wide, letters ~36 px high, ~22 px a character, word spaces ~12 px
const CHAR = 22;
const SPACE = 12;
const H = 36;

/** One line of boxed words: each run of text starts at its x (pixels); its words are laid out from there. */
function boxed(line: number, runs: Array<[string, number]>, opts: { page?: number; conf?: number } = {}): TextLineT {
  const y = 150 + line * 60;
  const words: NonNullable<TextLineT['words']> = [];
  for (const [text, x0] of runs) {
    let x = x0;
    for (const w of text.split(' ')) {
      words.push({ text: w, confidence: opts.conf ?? 92, bbox: [x, y, x + w.length * CHAR, y + H] });
      x += w.length * CHAR + SPACE;
    }
  }
  return { page: opts.page ?? 1, line, text: words.map((w) => w.text).join(' '), confidence: opts.conf ?? 92, words };
}
/** A full-width body line (left margin 240 px to right margin ~2240 px). */
const bodyLine = (line: number, text: string) => {
  const l = boxed(line, [[text, 240]]);
  return l;
};
const BODY = 'Qua xem xét nội dung đơn đề ngày 10/12/2024 của bà Huỳnh Thị Gái và ông Trần Ngọc Vinh có địa chỉ tại';
const centred = (line: number, text: string) => boxed(line, [[text, 1240 - (text.length * CHAR) / 2]]);

const joinedHeader = (): TextLineT[] => [
  boxed(1, [['ỦY BAN NHÂN DÂN', 330], ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 1150]]),
  boxed(2, [['TỈNH QUẢNG NGÃI', 350], ['Độc lập - Tự do - Hạnh phúc', 1350]]),
  boxed(3, [['Số: 46/TB-UBND', 360], ['Quảng Ngãi, ngày 24 tháng 01 năm 2025', 1250]]),
  centred(4, 'THÔNG BÁO'),
  centred(5, 'Về việc thụ lý giải quyết khiếu nại lần hai'),
  bodyLine(6, BODY),
  bodyLine(7, 'Huyện Tư Nghĩa tỉnh Quảng Ngãi Chủ tịch Ủy ban nhân dân tỉnh thông báo thụ lý đơn khiếu nại lần hai như sau'),
];

describe('header columns by position', () => {
  it('cuts a joined header line at its column gap', () => {
    const lines = joinedHeader();
    const e = pageExtent(lines)!;
    expect(columnSplitAt(lines[0], e)).toBe(4);
    expect(columnSplitAt(lines[2], e)).toBe(2);
    const { lines: out, split } = readHeaderColumns(lines);
    expect(split).toBe(3);
    expect(out.map((l) => l.text)).toEqual([
      'ỦY BAN NHÂN DÂN', 'TỈNH QUẢNG NGÃI', 'Số: 46/TB-UBND',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Quảng Ngãi, ngày 24 tháng 01 năm 2025',
      'THÔNG BÁO', 'Về việc thụ lý giải quyết khiếu nại lần hai', lines[5].text, lines[6].text,
    ]);
    // provenance: both pieces keep the page and number of the line they were cut from
    expect(out.map((l) => l.line)).toEqual([1, 2, 3, 1, 2, 3, 4, 5, 6, 7]);
    expect(out.every((l) => l.page === 1)).toBe(true);
    // each piece keeps its own words (and so its own confidences)
    expect(out[2].words!.map((w) => w.text)).toEqual(['Số:', '46/TB-UBND']);
    expect(out[5].words![0].text).toBe('Quảng');
  });

  it('reads the header fields from the columns: the subject no longer runs into the date line', async () => {
    const lines: TextLineT[] = [
      boxed(1, [['ỦY BAN NHÂN DÂN', 330], ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 1150]]),
      boxed(2, [['TỈNH QUẢNG NGÃI', 350], ['Độc lập - Tự do - Hạnh phúc', 1350]]),
      boxed(3, [['Số: 299/UBND-KT', 340]]),
      boxed(4, [['V/v triển khai thực hiện', 300], ['Quảng Ngãi, ngày 15 tháng 01 năm 2025', 1250]]),
      centred(5, 'Kính gửi: Sở Giao thông vận tải'),
      bodyLine(6, 'Thực hiện chỉ đạo của Thủ tướng Chính phủ về việc triển khai Nghị quyết, Chủ tịch UBND tỉnh có ý kiến như sau:'),
      bodyLine(7, '1. Sở Giao thông vận tải chủ trì, phối hợp với các cơ quan liên quan triển khai thực hiện Nghị quyết./.'),
    ];
    const rec = await extract(lines, { id: 'x', doc: 'x.png', gazetteer: await testGazetteer() });
    expect(rec).toMatchObject({
      issuer: 'Ủy ban nhân dân tỉnh Quảng Ngãi',
      number: '299/UBND-KT',
      place: 'Quảng Ngãi',
      issued_date: '2025-01-15',
      subject: 'triển khai thực hiện',
      title: 'triển khai thực hiện',
      doc_type: 'công văn',
    });
    // read as text (no boxes), the same lines give "triển khai thực hiện Quảng Ngãi, ngày 15 ..." as the subject
  });

  it('reads a subject under the left column with it; a line between the columns ends the block', () => {
    const lines: TextLineT[] = [
      boxed(1, [['ỦY BAN NHÂN DÂN', 420], ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 1094]]),
      boxed(2, [['TỈNH QUẢNG NGÃI', 420], ['Độc lập - Tự do - Hạnh phúc', 1300]]),
      boxed(3, [['Số: 892/UBND-TTHC', 400], ['Quảng Ngãi, ngày 15 tháng 01 năm 2025', 1210]]),
      boxed(4, [['V/v công bố Danh mục TTHC', 345]]),
      boxed(5, [['Kính gửi:', 897]]),
      boxed(6, [['- Sở Giao thông vận tải;', 1106]]),
      bodyLine(7, BODY),
    ];
    const out = readHeaderColumns(lines).lines;
    expect(out.map((l) => l.line)).toEqual([1, 2, 3, 4, 1, 2, 3, 5, 6, 7]);
    expect(out[3].text).toBe('V/v công bố Danh mục TTHC');
    expect(out[7].text).toBe('Kính gửi:');
  });

  it('cuts the lines before repair the same way (same count, same order)', () => {
    const lines = joinedHeader();
    const raw = lines.map((l) => (l.line === 2 ? { ...l, text: 'TÍNH QUẢNG NGÀI Độc lập - Tự do - Hạnh phúc' } : l));
    const fixed = lines.map((l) => (l.line === 1 ? { ...l, text: 'ỦY BAN NHÂNDÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM' } : l));
    const out = readHeaderColumns(fixed, raw);
    expect(out.rawLines).toHaveLength(out.lines.length);
    expect(out.rawLines!.map((l) => l.text).slice(0, 4)).toEqual(['ỦY BAN NHÂN DÂN', 'TÍNH QUẢNG NGÀI', 'Số: 46/TB-UBND', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']);
    // a repaired line whose words were joined is cut at the token boundary nearest the gap
    expect(out.lines[0].text).toBe('ỦY BAN NHÂNDÂN');
    expect(out.lines[3].text).toBe('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  });

  it('leaves a wide gap in the body alone (outside the header region)', () => {
    const lines = joinedHeader();
    for (let n = 8; n <= 20; n++) lines.push(bodyLine(n, BODY));
    // a table row far down the page: one wide gap in the middle
    lines.push(boxed(21, [['Tổng số hồ sơ', 300], ['125 hồ sơ', 1300]]));
    const out = readHeaderColumns(lines).lines;
    expect(out.at(-1)!.text).toBe('Tổng số hồ sơ 125 hồ sơ');
    expect(out.filter((l) => l.line === 21)).toHaveLength(1);
  });

  it('does not cut at a wide gap near the margin, nor a line whose gaps are all wide', () => {
    const lines = [
      boxed(1, [['1.', 240], ['Ủy ban nhân dân các huyện, thị xã, thành phố', 420]]),
      // spaced words: every gap is wide, none stands out
      boxed(2, [['V', 600]]),
      bodyLine(3, BODY),
    ];
    lines[1] = { ...lines[1], text: 'V Ề V I Ệ C', words: 'V Ề V I Ệ C'.split(' ').map((t, i) => ({ text: t, confidence: 90, bbox: [800 + i * 160, 300, 830 + i * 160, 336] as [number, number, number, number] })) };
    const e = pageExtent(lines)!;
    expect(columnSplitAt(lines[0], e)).toBe(-1);
    expect(columnSplitAt(lines[1], e)).toBe(-1);
    expect(readHeaderColumns(lines).lines).toBe(lines);
  });

  it('does not cut a centred title', () => {
    const lines = [centred(1, 'THÔNG BÁO'), centred(2, 'Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp'), bodyLine(3, BODY)];
    const e = pageExtent(lines)!;
    expect(lines.map((l) => columnSplitAt(l, e))).toEqual([-1, -1, -1]);
    expect(readHeaderColumns(lines).split).toBe(0);
  });

  it('leaves lines without boxes (text uploads) to the text rules', () => {
    const lines: TextLineT[] = ['ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Số: 46/TB-UBND Quảng Ngãi, ngày 24 tháng 01 năm 2025'].map((text, i) => ({ page: 1, line: i + 1, text }));
    expect(readHeaderColumns(lines).lines).toBe(lines);
  });

  it('cuts text at the same word where the counts agree', () => {
    const words = ['Số:', '46/TB-UBND', 'Quảng', 'Ngãi,'].map((text) => ({ text, confidence: 90 }));
    expect(cutText('Số: 46/TB-UBND Quảng Ngãi,', words, 2)).toEqual(['Số: 46/TB-UBND', 'Quảng Ngãi,']);
  });
});
