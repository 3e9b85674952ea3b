import { describe, expect, it } from 'vitest';
import { asRoman, repairNumerals } from '../../src/repair/numerals.js';
import { docLines, textsAfter } from './doc-lines.js';

const run = (text: string): string[] => textsAfter(text, repairNumerals);

describe('Roman numerals after the nouns they number', () => {
  it('reads I misread as 1, l or L as I', () => {
    expect(asRoman('1X', false)).toBe('IX');
    expect(asRoman('XlI', false)).toBe('XII');
    expect(asRoman('1V', false)).toBe('IV');
    // a lone 1 only where the noun is numbered in Roman almost always
    expect(asRoman('1', false)).toBeNull();
    expect(asRoman('11', true)).toBe('II');
    // not a numeral at all
    expect(asRoman('IIX', true)).toBeNull();
    expect(asRoman('xi', false)).toBeNull();
  });

  it('restores them after khóa, Chương, quý, Đại hội', () => {
    expect(run('Ban Chấp hành Đảng bộ tỉnh khóa 1X, nhiệm kỳ 2020')).toEqual(['Ban Chấp hành Đảng bộ tỉnh khóa IX, nhiệm kỳ 2020']);
    expect(run('quy định tại Chương 11 của Luật')).toEqual(['quy định tại Chương II của Luật']);
    expect(run('trong quý 1/2026 và Đại hội 1X')).toEqual(['trong quý I/2026 và Đại hội IX']);
  });

  it('takes what the OCR printed when the decoder made a word of it, and reports the change', () => {
    const lines = docLines('Nghị quyết Đại hội Xi của Đảng');
    lines[0].changes.push({ from: 'X', to: 'Xi', col: 19 });
    repairNumerals(lines);
    expect(lines[0].text).toBe('Nghị quyết Đại hội X của Đảng');
    expect(lines[0].changes.at(-1)).toEqual({ from: 'Xi', to: 'X', col: 19 });
  });

  it('leaves digits where the noun is often numbered in digits, words, and other nouns alone', () => {
    const text = [
      'nội dung tại Phụ lục 1 kèm theo',
      'hội xi măng và lục vi trùng',
      'cán bộ cấp xã, Mục tiêu chung',
      'Đại học 1X không là số La Mã',
    ].join('\n');
    expect(run(text)).toEqual(text.split('\n'));
  });
});

describe('a digit read as a symbol after a numbered noun', () => {
  it('becomes the digit', () => {
    expect(run('theo quy định tại khoản ! Điều 79')).toEqual(['theo quy định tại khoản 1 Điều 79']);
    expect(run('Tháng § năm 2025')).toEqual(['Tháng 8 năm 2025']);
  });

  it('is left alone elsewhere and across a sentence end', () => {
    const text = 'thực hiện ngay ! Đây là việc cấp bách\ntrong năm. | Sở Tài chính';
    expect(run(text)).toEqual(text.split('\n'));
  });
});

describe('the list letter a) read as 4)', () => {
  it('is restored at a line start', () => {
    const lines = docLines('Các nội dung sau:\n4) Về công tác cải cách\nb) Về tài chính');
    repairNumerals(lines);
    expect(lines.map((l) => l.text)).toEqual(['Các nội dung sau:', 'a) Về công tác cải cách', 'b) Về tài chính']);
    expect(lines[1].changes).toEqual([{ from: '4', to: 'a', col: 0 }]);
  });

  it('is kept where the document numbers its items with digits', () => {
    const text = '1) Về công tác cải cách\n2) Về tài chính\n3) Về đầu tư\n4) Về nhân sự';
    expect(run(text)).toEqual(text.split('\n'));
    // and not inside a line
    expect(run('điểm 4) nêu trên')).toEqual(['điểm 4) nêu trên']);
  });
});

describe('Roman list marks with their i reshaped', () => {
  it('reads "(¡)", "(i¡í)" and "(íi)" as "(i)", "(iii)" and "(ii)", and records the change', () => {
    const lines = docLines('nguyên nhân: (¡) chưa ban hành đầy đủ văn bản; (íi) thiếu nhân lực; (i¡í) một số tiêu chí còn vướng');
    repairNumerals(lines);
    expect(lines[0].text).toBe('nguyên nhân: (i) chưa ban hành đầy đủ văn bản; (ii) thiếu nhân lực; (iii) một số tiêu chí còn vướng');
    expect(lines[0].changes).toContainEqual({ from: '¡', to: 'i', col: 14 });
  });

  it('keeps numbers, words and marks that are already right', () => {
    const text = 'các khoản (1), (11) và (l); điểm (i), (ii); (iv) khác; (xã) và (í dụ)';
    expect(run(text)).toEqual([text]);
  });
});

describe('a brace read for the digit 1', () => {
  it('is a 1 inside a number', () => {
    expect(run('buổi sáng từ 7 giờ 30 phút đến }1 giờ 30 phút')).toEqual(['buổi sáng từ 7 giờ 30 phút đến 11 giờ 30 phút']);
    expect(run('(}2 hồ sơ), 1}0.')).toEqual(['(12 hồ sơ), 110.']);
  });

  it('is left alone without a digit and in code', () => {
    const text = 'mục } và {x}, a}1';
    expect(run(text)).toEqual([text]);
  });
});
