import { describe, expect, it } from 'vitest';
import { lettersInCodes, restoreCodes, snapAbbreviations, snapCodePieces } from '../../src/repair/codes.js';
import { repairModel as getModel, testRepairer } from '../helpers/models.js';
import { docLines, textsAfter } from './doc-lines.js';

function run(text: string): { lines: string[]; changes: number } {
  const lines = docLines(text);
  restoreCodes(lines, getModel().abbrev);
  return { lines: lines.map((l) => l.text), changes: lines.reduce((n, l) => n + l.changes.length, 0) };
}

describe('document-level code repair', () => {
  it('spells Đ in a unit code from the name the notice writes out, across a line break', () => {
    const r = run('Thực hiện Thông báo số 12/TB-DKTLN ngày 3/5/2024 của Đoàn Kiểm tra\nliên ngành tỉnh về công tác phòng cháy.');
    expect(r.lines[0]).toContain('12/TB-ĐKTLN');
  });

  it('spells Đ from abbreviations of the corpus table that make up the code', () => {
    // TT and CĐS are both in the table ("Trung tâm", "chuyển đổi số")
    expect(run('Công văn số 88/STTTT-TTCDS ngày 2/4/2025').lines[0]).toContain('STTTT-TTCĐS');
  });

  it('leaves codes alone when nothing in the document or the table spells them', () => {
    const r = run('Hồ sơ CSDT theo mẫu chung; quản lý QLDN và cơ sở đào tạo tại địa phương.');
    expect(r.lines[0]).toBe('Hồ sơ CSDT theo mẫu chung; quản lý QLDN và cơ sở đào tạo tại địa phương.');
    expect(r.changes).toBe(0);
  });

  it('does not touch a plain D that the name behind the code has', () => {
    const text = 'Sở Văn hóa Thể thao Du lịch ban hành văn bản số 5/SVHTTDL-QLDL.';
    expect(run(text).lines[0]).toBe(text);
  });

  it('snaps a code garbled by OCR to a clean code of the same document', () => {
    const r = run("Văn bản số 3527/STTTT-CNTTVT ngày 20/12/2022 và văn bản số 461/S'ITTT-CNTTV;F ngày 06/3/2023");
    expect(r.lines[0]).toBe('Văn bản số 3527/STTTT-CNTTVT ngày 20/12/2022 và văn bản số 461/STTTT-CNTTVT ngày 06/3/2023');
  });

  it('keeps a garbled code that is not close to any clean one', () => {
    const text = "Quyết định số 12/QĐ-UBND và số 7/X'Y;Z ngày 1/2/2023";
    expect(run(text).lines[0]).toBe(text);
  });

  it('keeps the number of lines and leaves clean text as it is', () => {
    const text = 'Ủy ban nhân dân tỉnh\nQuyết định số 15/QĐ-UBND\n\nHĐND xã, Đoàn thanh niên';
    const r = run(text);
    expect(r.lines).toEqual(text.split('\n'));
  });
});

const snap = (text: string): string[] => textsAfter(text, (lines) => snapAbbreviations(lines, getModel().abbrev));

describe('misread abbreviations', () => {
  it('snaps a misreading to the abbreviation of the corpus table one letter away', () => {
    // VBQPPL is in the table; the misreading is not, even if it is the more frequent spelling here
    expect(snap('ban hành VBQPPI., rà soát VBQPPL\nchưa ban hành VBQPPI.')).toEqual([
      'ban hành VBQPPL., rà soát VBQPPL',
      'chưa ban hành VBQPPL.',
    ]);
  });

  it('snaps to a spelling the document uses more often than the misreading', () => {
    expect(snap('công tác CCHC năm 2025\ntuyên truyền CCHOC, kiểm tra CCHC')[1]).toBe('tuyên truyền CCHC, kiểm tra CCHC');
  });

  it('leaves runs alone when two spellings are close, or none is sure', () => {
    const text = 'Báo cáo ABCX và ABCY; mã QWERT và QWERZ';
    expect(snap(text)).toEqual([text]);
  });

  it('never changes an abbreviation of the table or a syllable', () => {
    // HĐND and UBND are both in the table; TRƯỜNG is a syllable
    const text = 'HĐND xã, HĐND huyện, UBND xã, TRƯỜNG và TRƯỞNG';
    expect(snap(text)).toEqual([text]);
  });
});

describe('in the repair stage', () => {
  it('runs on text from an engine without Vietnamese, after the line decoder', async () => {
    const { repairLines } = testRepairer();
    const out = await repairLines(['Thuc hien Thong bao so 12/TB-DKTLN ngay 3/5/2024 cua Doan Kiem tra', 'lien nganh tinh ve cong tac phong chay.']);
    expect(out[0]).toMatch(/^Thực hiện Thông báo số 12\/TB-ĐKTLN ngày 3\/5\/2024 của Đoàn Kiểm tra$/);
    expect(out).toHaveLength(2);
  });

  it('snaps misread abbreviations on text from an engine with Vietnamese too', async () => {
    const { repairLines } = testRepairer();
    const out = await repairLines(['Công tác cải cách hành chính (CCHC) năm 2025 của xã;', 'kết quả CCHOC và kế hoạch CCHC của xã được triển khai.']);
    expect(out[1]).toBe('kết quả CCHC và kế hoạch CCHC của xã được triển khai.');
  });

  it('keeps a word printed in Title case inside a code, while the letters of abbreviations are still spelled', async () => {
    const { repairLines } = testRepairer();
    const out = await repairLines(['phòng, chống dịch Covid-19 trên địa bàn tỉnh theo Quyết định số 12/QD-UBND']);
    expect(out[0]).toBe('phòng, chống dịch Covid-19 trên địa bàn tỉnh theo Quyết định số 12/QĐ-UBND');
    expect((await repairLines(['phòng, chống dịch COVID-19 trên địa bàn tỉnh']))[0]).toBe('phòng, chống dịch COVID-19 trên địa bàn tỉnh');
  });
});

describe('garbled pieces of document numbers', () => {
  const pieces = (text: string) => textsAfter(text, (l) => snapCodePieces(l, getModel().abbrev));
  it('snaps a piece with a letter no code holds to the abbreviation one letter away', () => {
    // "CEP" is one letter from several abbreviations of the table: the document's own "NĐ-CP" decides
    expect(pieces('Nghị định số 80/2025/NĐ-CéP ngày 01/4/2025 thay Nghị định số 100/2019/NĐ-CP;\nQuyết định số 2270/QĐ-T’Tg')).toEqual([
      'Nghị định số 80/2025/NĐ-CP ngày 01/4/2025 thay Nghị định số 100/2019/NĐ-CP;',
      'Quyết định số 2270/QĐ-TTg',
    ]);
    expect(pieces('Nghị định số 80/2025/NĐ-CéP ngày 01/4/2025')).toEqual(['Nghị định số 80/2025/NĐ-CéP ngày 01/4/2025']);
  });
  it('leaves well-formed pieces the table lacks as they are', () => {
    const text = 'Tờ trình số 683/TTr-SNNMT, 217/TTr-CAT; Công văn số 812/UBND-KGVX; Thông tư 01/2025/TT-BTC';
    expect(pieces(text)).toEqual([text]);
  });
});

describe('capitals of document numbers read as digits', () => {
  const letters = (text: string) => textsAfter(text, (l) => lettersInCodes(l, getModel().abbrev));
  it('reads a piece as capitals when that spelling is an abbreviation or another number of the document', () => {
    // STC is in the corpus table
    expect(letters('Công văn số 1172/5TC-NS ngày 3/10/2025')).toEqual(['Công văn số 1172/STC-NS ngày 3/10/2025']);
    // SKHCN is not, but the document's other number spells it
    expect(letters('Văn bản 217/5KHCN-VP và 218/SKHCN-VP')).toEqual(['Văn bản 217/SKHCN-VP và 218/SKHCN-VP']);
  });
  it('keeps digits that belong to the number, dates and unknown pieces', () => {
    const text = 'Quyết định 15/2025/QĐ-UBND ngày 3/10/2025; Ban chỉ đạo 12/BCĐ389-VP; Kế hoạch 5/2K-UB';
    expect(letters(text)).toEqual([text]);
  });
});
