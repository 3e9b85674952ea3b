import { fileURLToPath } from 'node:url';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repairModel, testRepairer } from '../helpers/models.js';
import { fold, isSyllable, normText, normTone, tokenize } from '../../src/repair/text.js';
import { digitReading } from '../../src/repair/decoder.js';

const { repair, repairDetailed, repairLines } = testRepairer();
const one = async (s: string): Promise<string> => (await repairLines([s]))[0];

describe('text primitives', () => {
  it('normalises tone placement to one style', () => {
    expect(normTone('hoà')).toBe('hòa');
    expect(normTone('thuỷ')).toBe('thủy');
    expect(normTone('Uỷ')).toBe('Ủy');
    expect(normTone('quý')).toBe('quý');
    expect(normTone('hoàn')).toBe('hoàn');
    expect(normText('Uỷ ban hoà giải')).toBe('Ủy ban hòa giải');
  });
  it('checks syllable shape', () => {
    expect(isSyllable('nghiêng')).toBe(true);
    expect(isSyllable('quốc')).toBe(true);
    expect(isSyllable('gì')).toBe(true);
    expect(isSyllable('ciia')).toBe(false);
    expect(isSyllable('ngha')).toBe(false);
    expect(isSyllable('cem')).toBe(false);
    expect(isSyllable('cat')).toBe(false); // stop coda needs a sharp or heavy tone
  });
  it('folds marks and đ', () => {
    expect(fold('Đồng Nai')).toBe('Dong Nai');
  });
  it('splits edge punctuation off and keeps codes whole', () => {
    expect(tokenize('(số 57-NQ/TW),').map((t) => t.text)).toEqual(['(', 'số', '57-NQ/TW', ')', ',']);
  });
});

describe('repairLines', () => {
  it('restores mangled phrases read without a Vietnamese model', async () => {
    const out = await repairLines([
      'Két luén ciia Pho Chu tich Uy ban nhan dan tinh',
      'dao cac S0, ban nganh, UBND cAp huyén; sau khi nghe bdo cdo ctia S& Noi vy,',
      'Ngay 01/6/2023, tai Tru s& UBND tinh',
    ]);
    expect(out[0]).toBe('Kết luận của Phó Chủ tịch Ủy ban nhân dân tỉnh');
    expect(out[1]).toBe('đạo các Sở, ban ngành, UBND cấp huyện; sau khi nghe báo cáo của Sở Nội vụ,');
    expect(out[2]).toBe('Ngày 01/6/2023, tại Trụ sở UBND tỉnh');
  });

  it('repairs digits and symbols read for letters', async () => {
    expect(await one('T6 chtc kiém tra cai cach hanh chinh')).toBe('Tổ chức kiểm tra cải cách hành chính');
    expect(await one('trong 6 thang ddu nim 2023')).toBe('trong 6 tháng đầu năm 2023');
  });

  it('reads the horn of ư and ơ printed as a quote after the letter', async () => {
    const out = await repairLines(['tai hoi nghi truc tuyén véi Uy ban nhan dan cac xa, phu’0’ng nghe bao cao', 'Tru’o’ng phong Noi vu'], { profile: 'eng' });
    expect(out).toEqual(['tại hội nghị trực tuyến với Ủy ban nhân dân các xã, phường nghe báo cáo', 'Trưởng phòng Nội vụ']);
  });

  it('repairs tokens with two misread letters', async () => {
    const out = await repairLines([
      'Các dơn vi hoàn thành trwdc ngày 30 thdngi 10 nam 2025.',
      'Sé Tai chinh chii tri, bdo céo két qua trwdc ngay 15/12/2025.',
    ]);
    expect(out[0]).toBe('Các đơn vị hoàn thành trước ngày 30 tháng 10 năm 2025.');
    expect(out[1]).toBe('Sở Tài chính chủ trì, báo cáo kết quả trước ngày 15/12/2025.');
  });

  it('repairs near-right text from a Vietnamese model', async () => {
    const out = await repairLines(['Các sở, ngành khân trương triên khai thực hiện nhiệm vụ được giao.']);
    expect(out[0]).toBe('Các sở, ngành khẩn trương triển khai thực hiện nhiệm vụ được giao.');
  });

  it('reads digits printed as look-alike letters where the context wants a number', async () => {
    // a Vietnamese-model reading of a noisy scan: "01" read as "0l" and as "Øl"
    const out = await repairLines([
      'Kết quả phân loại hồ sơ báo cáo Ủy ban nhân dân tỉnh trước ngày 0l tháng 7 năm 2025 theo hướng dẫn.',
      'Chuyên môn và Øl đồng chí Phó Chủ tịch Ủy ban nhân dân xã.',
    ]);
    expect(out[0]).toContain('trước ngày 01 tháng 7 năm 2025');
    expect(out[1]).toContain('và 01 đồng chí');
    expect(digitReading('2O25')).toEqual({ text: '2025', subs: 1 });
    expect(digitReading('1l')).toEqual({ text: '11', subs: 1 });
    // no digit, all digits, one character: not a number read wrong
    for (const t of ['So', 'II', 'Il', '2025', 'Ø', 'l0l0a']) expect(digitReading(t)).toBeNull();
    // S and B only for a Vietnamese model's reading (mangled text has too many stray capitals)
    expect(digitReading('S6', true)).toEqual({ text: '56', subs: 1 });
    expect(digitReading('1B', true)).toEqual({ text: '18', subs: 1 });
    expect(digitReading('S6')).toBeNull();
    expect(digitReading('SB', true)).toBeNull();
  });
  it("keeps the document's own spelling: old tone placement, and a confidently read final i", async () => {
    const lines = ['Uỷ ban nhân dân tỉnh Khánh Hoà', 'công tác quản lí nhà nước', 'Uy ban nhan dan tinh Khanh Hoa'];
    const conf = [[95, 96, 96, 96, 96, 96], [96, 96, 96, 96, 96, 96], [60, 60, 60, 60, 60, 60, 60]];
    expect(await repairLines(lines, { confidences: conf })).toEqual(['Uỷ ban nhân dân tỉnh Khánh Hoà', 'công tác quản lí nhà nước', 'Ủy ban nhân dân tỉnh Khánh Hòa']);
    // an unsure "lí" is the LM's to spell
    expect((await repairLines(['công tác quản lí nhà nước'], { confidences: [[96, 96, 96, 70, 96, 96]] }))[0]).toBe('công tác quản lý nhà nước');
  });

  it('keeps a numbered article with a letter read by a Vietnamese model', async () => {
    const vie = await repairLines(['quy định tại Điều 21a Nghị định số 30/2020/NĐ-CP', 'theo điểm 3b khoản 2', 'ngày 0l tháng 10'], { profile: 'vie' });
    expect(vie).toEqual(['quy định tại Điều 21a Nghị định số 30/2020/NĐ-CP', 'theo điểm 3b khoản 2', 'ngày 01 tháng 10']);
  });
  it('gives abbreviations their letters and keeps codes, numbers and URLs', async () => {
    const [a, b] = await repairLines([
      'Nghi quyét s6 57-NQ/TW ngay 22/12/2024; Quyét dinh s6 1029/QD-UBND cia HDND tinh',
      'Nghi dinh 61/2018/ND-CP; xem https://dichvucong.gov.vn/p/home',
    ]);
    expect(a).toBe('Nghị quyết số 57-NQ/TW ngày 22/12/2024; Quyết định số 1029/QĐ-UBND của HĐND tỉnh');
    expect(b).toContain('61/2018/NĐ-CP');
    expect(b).toContain('https://dichvucong.gov.vn/p/home');
    expect(b.startsWith('Nghị định')).toBe(true);
  });

  it('reads a misread Đ in abbreviations and I read as 1 or l in Roman numerals', async () => {
    const [a, b] = await repairLines(['Nghi dinh s6 107/2020/NB-CP cia HPND tinh', 'II. Nhiém vu trong quy I11/2023']);
    expect(a).toBe('Nghị định số 107/2020/NĐ-CP của HĐND tỉnh');
    expect(b).toBe('II. Nhiệm vụ trong quý III/2023');
  });

  it('splits a bullet dash glued to a word', async () => {
    expect(await one('-Nhw trén')).toBe('-Như trên');
  });

  it('restores the case of the input', async () => {
    expect(await one('THONG BAO')).toBe('THÔNG BÁO');
    expect(await one('KET LUAN CUA CHU TICH UY BAN NHAN DAN TINH')).toBe('KẾT LUẬN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH');
  });

  it('keeps the number of lines, blank lines and junk lines', async () => {
    const input = ['THONG BAO', '', ") 'aL_T .", 'Két luan ctia Chii tich UBND tinh', ''];
    const out = await repairLines(input);
    expect(out).toHaveLength(input.length);
    expect(out[1]).toBe('');
    expect(out[4]).toBe('');
    expect(out[3]).toBe('Kết luận của Chủ tịch UBND tỉnh');
  });

  it('returns nothing for nothing', async () => {
    expect(await repairLines([])).toEqual([]);
    expect(await repairLines([''])).toEqual(['']);
  });

  it('continues a sentence across a line break', async () => {
    const out = await repairLines(['tang cudng cong tac kiém tra, giam', 'sat viéc thuc hién']);
    expect(out).toEqual(['tăng cường công tác kiểm tra, giám', 'sát việc thực hiện']);
  });
});

describe('repairDetailed and repair', () => {
  it('reports changes with columns and a confidence', async () => {
    const { lines } = await repairDetailed(['Két luan ctia UBND']);
    expect(lines[0].text).toBe('Kết luận của UBND');
    expect(lines[0].changes).toEqual([
      { from: 'Két', to: 'Kết', col: 0 },
      { from: 'luan', to: 'luận', col: 4 },
      { from: 'ctia', to: 'của', col: 9 },
    ]);
    expect(lines[0].confidence).toBeGreaterThan(0);
    expect(lines[0].confidence).toBeLessThanOrEqual(1);
  });

  it('keeps provenance and trusts confident OCR words', async () => {
    const out = await repair([
      { page: 1, line: 1, text: 'Két luan ctia UBND' },
      { page: 2, line: 7, text: 'ông Lâm Hải Giang', words: [{ text: 'ông', confidence: 96 }, { text: 'Lâm', confidence: 96 }, { text: 'Hải', confidence: 96 }, { text: 'Giang', confidence: 96 }] },
    ], { trustConfidence: 90 });
    expect(out.map((l) => [l.page, l.line])).toEqual([[1, 1], [2, 7]]);
    expect(out[0].text).toBe('Kết luận của UBND');
    expect(out[1].text).toBe('ông Lâm Hải Giang');
  });

  it('keeps a confidently read person name after a surname, not a heading in capitals', async () => {
    const run = async (line: string, conf: number[]) => (await repairLines([line], { confidences: [conf] }))[0];
    // the LM alone reads "Phong An" as "phương án" (a plan): below the confidence floor it still decides
    expect(await run('Nguyễn Phong An', [96, 96, 96])).toBe('Nguyễn Phong An');
    expect(await run('Nguyễn Phong An', [96, 80, 96])).toBe('Nguyễn Phương Án');
    expect(await run('CHU TỊCH', [92, 96])).toBe('CHỦ TỊCH');
  });

  it('handles a large input in blocks with every line kept', async () => {
    const base = ['Két luan ctia Chii tich UBND tinh tai cudc hop', ''];
    const input = Array.from({ length: 1000 }, (_, i) => base[i % 2]);
    const out = await repairLines(input);
    expect(out).toHaveLength(1000);
    expect(out[998]).toBe('Kết luận của Chủ tịch UBND tỉnh tại cuộc họp');
  });
});

// Regression check of the whole decoder on a dev notice (skipped where the shared gold data is absent).
const GOLD = fileURLToPath(new URL('../../../shared/gold', import.meta.url));
describe.skipIf(!existsSync(`${GOLD}/raw`))('dev notices', () => {
  it('restores at least 95% of the words of each notice in place, line for line', async () => {
    for (const f of readdirSync(`${GOLD}/raw`)) {
      const raw = readFileSync(`${GOLD}/raw/${f}`, 'utf8').replace(/\n$/, '').split('\n');
      const gold = readFileSync(`${GOLD}/restored/${f}`, 'utf8').replace(/\n$/, '').split('\n');
      const out = await repairLines(raw);
      expect(out).toHaveLength(raw.length);
      let n = 0;
      let right = 0;
      out.forEach((line, i) => {
        const a = words(line);
        const b = words(gold[i] ?? '');
        n += b.length;
        right += b.filter((w, k) => a[k] === w).length;
      });
      expect(right / n, f).toBeGreaterThan(0.95);
    }
  });

  it('adapts from a sample of a long notice almost as from all of it', async () => {
    const { Decoder } = await import('../../src/repair/decoder.js');
    const f = readdirSync(`${GOLD}/raw`).sort()[1];
    const raw = readFileSync(`${GOLD}/raw/${f}`, 'utf8').replace(/\n$/, '').split('\n');
    const dec = new Decoder(repairModel());
    const sampled = dec.decode(raw, { profile: 'eng' }).map((l) => words(l.text));
    const whole = dec.decode(raw, { profile: 'eng', adaptSample: 1 }).map((l) => words(l.text));
    const n = whole.flat().length;
    const same = whole.reduce((k, ws, i) => k + ws.filter((w, j) => sampled[i][j] === w).length, 0);
    expect(n).toBeGreaterThan(3000); // long enough that the first pass reads a sample only
    expect(same / n).toBeGreaterThan(0.995);
  });
});

describe('adaptation that stops early', () => {
  it('still decodes the whole stream when the sample has too few choices to adapt on', async () => {
    const { Decoder } = await import('../../src/repair/decoder.js');
    // numbers and codes only: no word with a choice, so adaptation stops after the sampled pass
    const lines = Array.from({ length: 300 }, (_, i) => `${i + 1}. 12/QĐ-UBND 2025`);
    const out = new Decoder(repairModel()).decode(lines, { profile: 'eng' });
    expect(out.map((l) => l.text)).toEqual(lines);
  });
});

function words(s: string): string[] {
  return s
    .normalize('NFC')
    .replace(/([^\p{L}\p{N}_\s])/gu, ' $1 ')
    .split(/\s+/)
    .filter((t) => /[\p{L}\p{N}]/u.test(t));
}
