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
  });
});
