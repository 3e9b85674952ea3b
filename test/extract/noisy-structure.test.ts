import { describe, expect, it } from 'vitest';
import { isTailOpener, letterOf, markerInSequence, markerOf, nextLetters, parseStructure, romanOf } from '../../src/extract/structure.js';

const toLines = (text: string) => text.split('\n').map((t, i) => ({ page: 1, line: i + 1, text: t }));
const at = (roman: number, num: number, letter: string | null) => ({ roman, num, letter });

describe('numbering markers read in sequence (OCR noise)', () => {
  it('reads Roman numerals through I/l/L/1/| confusions', () => {
    expect(romanOf('IL')).toBe(2);
    expect(romanOf('I11')).toBe(3);
    expect(romanOf('|V')).toBe(4);
    expect(romanOf('TP')).toBe(0);
    expect(romanOf('CŨ')).toBe(0);
  });

  it('accepts a near-miss of the next Roman heading, and one lost heading at most', () => {
    expect(markerInSequence('Ill. KIẾN NGHỊ', at(2, 3, null))).toMatchObject({ kind: 'roman', label: 'III', rest: 'KIẾN NGHỊ' });
    expect(markerInSequence('Ill. KIẾN NGHỊ', at(1, 9, null))).toMatchObject({ kind: 'roman', label: 'III' });
    expect(markerInSequence('Ill. KIẾN NGHỊ', at(0, 0, null))).toBeNull();
    expect(markerInSequence('lI. Nhiệm vụ', at(2, 0, null))).toBeNull();
  });

  it('reads the raw line when the repaired one lost the marker', () => {
    const mk = markerInSequence('CŨ. Nhiệm vụ, giải pháp cụ thể', at(1, 7, 'b'), 'IL. Nhiém vu, gidi phap cu thé');
    expect(mk).toMatchObject({ kind: 'roman', label: 'II', rest: 'Nhiệm vụ, giải pháp cụ thể' });
    expect(markerInSequence('Ít. KIẾN NGHỊ', at(1, 9, null), 'I11. KIEN NGHI')).toMatchObject({ kind: 'roman', label: 'III' });
    expect(markerInSequence('Tập trung lãnh đạo', at(1, 1, null), '2. Tap trung lanh dao')).toMatchObject({ kind: 'num', label: '2' });
    // the raw marker must be the one the sequence expects
    expect(markerInSequence('Tập trung lãnh đạo', at(1, 1, null), '7. Tap trung lanh dao')).toBeNull();
  });

  it('relabels item letters by their lookalikes where the sequence expects them', () => {
    expect(nextLetters('d')).toEqual(['đ', 'e']);
    expect(letterOf('¢', ['c'])).toBe('c');
    expect(letterOf('bá', ['b'])).toBe('b');
    expect(letterOf('x', ['c'])).toBeNull();
    expect(markerInSequence('¢) Chủ động phối hợp', at(2, 1, 'b'))).toMatchObject({ kind: 'letter', label: 'c' });
    expect(markerInSequence('e) Chủ động phối hợp', at(2, 1, 'b'))).toMatchObject({ kind: 'letter', label: 'c' });
    expect(markerInSequence('d) Tập trung lãnh đạo', at(2, 1, 'd'))).toMatchObject({ kind: 'letter', label: 'đ' });
    expect(markerInSequence('bá) Khẩn trương chỉ đạo', at(2, 1, 'a'))).toMatchObject({ kind: 'letter', label: 'b' });
    // a real next letter stays itself
    expect(markerInSequence('e) Đẩy mạnh', at(2, 1, 'đ'))).toMatchObject({ label: 'e' });
  });

  it('reads list numbers and item letters through OCR punctuation (issue 22, item 6)', () => {
    // "1." read "1:" on the PDF scan of a conclusion notice
    expect(markerInSequence('1: Ban Chỉ đạo phòng, chống thiên tai huyện Sơn Tịnh:', at(2, 0, null))).toMatchObject({ kind: 'num', label: '1', rest: 'Ban Chỉ đạo phòng, chống thiên tai huyện Sơn Tịnh:' });
    expect(markerInSequence('2: Sở Tài chính chủ trì, phối hợp', at(1, 1, 'c'))).toMatchObject({ kind: 'num', label: '2' });
    expect(markerInSequence('1 . Sở Giáo dục và Đào tạo chịu trách nhiệm', at(0, 0, null))).toMatchObject({ kind: 'num', label: '1' });
    // "l." and "I." for "1." under a Roman heading, in sentence case
    expect(markerInSequence('l. Công an tỉnh', at(3, 0, null))).toMatchObject({ kind: 'num', label: '1', rest: 'Công an tỉnh' });
    expect(markerInSequence('I. Sở Y tế chủ trì', at(3, 0, null))).toMatchObject({ kind: 'num', label: '1', rest: 'Sở Y tế chủ trì' });
    // a heading in capitals stays the Roman heading
    expect(markerInSequence('l. MỤC ĐÍCH, YÊU CẦU', at(0, 0, null))).toMatchObject({ kind: 'roman', label: 'I' });
    expect(markerInSequence('I. MỤC ĐÍCH, YÊU CẦU', at(0, 0, null))).toMatchObject({ kind: 'roman', label: 'I' });
    // "a)" read "a}" / "a]"; "đ)" and "d)" after "c)"
    expect(markerInSequence('a} Tăng cường công tác tuyên truyền', at(2, 1, null))).toMatchObject({ kind: 'letter', label: 'a' });
    expect(markerInSequence('b] Chủ động phối hợp với các đơn vị', at(2, 1, 'a'))).toMatchObject({ kind: 'letter', label: 'b' });
    expect(markerInSequence('đ) Khẩn trương rà soát', at(2, 1, 'c'))).toMatchObject({ kind: 'letter', label: 'd' });
    expect(markerInSequence('d) Khẩn trương rà soát', at(2, 1, 'c'))).toMatchObject({ kind: 'letter', label: 'd' });
    expect(markerInSequence('đ) Tổ chức kiểm tra', at(2, 1, 'd'))).toMatchObject({ kind: 'letter', label: 'đ' });
    // out of sequence: no marker
    expect(markerInSequence('5: Sở Tài chính', at(1, 1, null))).toBeNull();
    expect(markerInSequence('Số: 46/TB-UBND', at(0, 0, null))).toBeNull();
  });

  it('keeps a numbered list read with "1:" markers (the PDF scan of a notice)', () => {
    const text = [
      'THÔNG BÁO', 'Kết luận của Chủ tịch UBND tỉnh', '', 'Ngày 01/6/2023, tại trụ sở UBND tỉnh,',
      'II. Nhiệm vụ', '1: Sở Tài chính chủ trì, rà soát kinh phí.', '2: Sở Xây dựng hoàn thành thủ tục.', '3 . Sở Y tế kiểm tra.',
    ].join('\n');
    const s = parseStructure(toLines(text));
    expect(s.units.filter((u) => u.kind === 'num').map((u) => u.path)).toEqual(['II.1', 'II.2', 'II.3']);
  });

  it('keeps false headings out', () => {
    const s = at(1, 2, 'a');
    expect(markerInSequence('TP. Hồ Chí Minh', s)).toBeNull();
    expect(markerInSequence('Ủy ban nhân dân tỉnh', s)).toBeNull();
    expect(markerInSequence('lý. Đồng thời, các sở', s)).toBeNull();
    expect(markerInSequence('xã) Ia Ko', s)).toBeNull();
    expect(markerOf('CŨ. Nhiệm vụ')).toBeNull();
  });

  it('builds the section paths of a noisy notice, near-misses only after a break', () => {
    const repaired = [
      'THÔNG BÁO', 'Kết luận của Chủ tịch UBND tỉnh', '', 'Ngày 01/6/2023, tại trụ sở UBND tỉnh,',
      'I. Kết quả', '1. Công tác chỉ đạo', 'Nội dung tốt.', '', 'CŨ. Nhiệm vụ, giải pháp', '1. Các sở, ban, ngành:',
      'a) Tăng cường công tác;', 'bá) Khẩn trương chỉ đạo;', 'e) Chủ động phối hợp với', 'Ill. Tổ chức chỉ đạo;', 'd) Tập trung.',
    ];
    const raw = [...repaired];
    raw[8] = 'IL. Nhiem vu, giai phap';
    const s = parseStructure(toLines(repaired.join('\n')), toLines(raw.join('\n')));
    expect(s.units.map((u) => u.path)).toEqual([null, 'I', 'I.1', 'II', 'II.1', 'II.1.a', 'II.1.b', 'II.1.c', 'II.1.d']);
    // the line "Ill. Tổ chức ..." follows an open sentence: it continues item c
    expect(s.units[7].text).toContain('Ill. Tổ chức chỉ đạo');
    expect(s.units[2].text).toBe('Công tác chỉ đạo Nội dung tốt.');
  });

  it('finds the tail when repair lost the dash of "- Như trên;"', () => {
    expect(isTailOpener('Như trên; TL.CHU TÍCH')).toBe(true);
    expect(isTailOpener('x', 'Noi nhan:')).toBe(true);
    expect(isTailOpener('Như trên đã nêu, các sở cần')).toBe(false);
    // a letter's list opens with "- Như kính gửi;" (the phone photo's "Nơi nhận:" was not read)
    expect(isTailOpener('- Như kính gửi;')).toBe(true);
  });
});
