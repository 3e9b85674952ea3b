// Clean typed text through repair: a pasted born-digital document comes out as it went in, while text an
// OCR made is still repaired. Phrases from samples/real/records (typed from the documents), expected
// values written by hand.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repairModel, testRepairer } from '../helpers/models.js';
import { cleanliness } from '../../src/repair/clean.js';

const { repairLines } = testRepairer();
const record = (name: string): string[] =>
  readFileSync(new URL(`../../samples/real/records/${name}.txt`, import.meta.url), 'utf8').replace(/\n$/, '').split('\n');

describe('clean typed text through repair', () => {
  it('keeps the names, "Số:" and "m²" of a thông báo as written', async () => {
    const doc = record('qn-46-tb');
    const out = await repairLines(doc);
    expect(out[2]).toBe('Số: /TB-UBND');
    expect(out[8]).toBe('Kính gửi: Bà Huỳnh Thị Gái, ông Trần Ngọc Vinh');
    expect(out[15]).toBe('Ngọc Vinh, bà Huỳnh Thị Gái; Quyết định số 3914/QĐ-UBND ngày 12/7/2024');
    expect(out[21]).toBe('800.000 đồng/m² là bất hợp lý, phải tính theo giá thị trường;');
    expect(out[27]).toBe('tại thời điểm hiện nay theo m² sàn đối với Nhà cấp II.A diện tích sàn 394m²,');
    expect(out[48]).toBe('Trần Phước Hiền');
    expect(out).toEqual(doc);
  });

  it('keeps "Kính trình" and "Số:" of a tờ trình, and "Cổng", "kính gửi" of a công văn', async () => {
    const ttr = record('qn-22-ttr');
    const out = await repairLines(ttr);
    expect(out[2]).toBe('Số: /TTr-UBND');
    expect(out[25]).toBe('Kính trình HĐND tỉnh xem xét, quyết nghị (kèm theo dự thảo Nghị quyết');
    expect(out).toEqual(ttr);
    const cv = record('anh12');
    const out2 = await repairLines(cv);
    expect(out2[10]).toBe('Cổng thông tin điện tử Sở Y tế Bắc Ninh');
    expect(out2[30]).toBe('- Như kính gửi;');
    expect(out2).toEqual(cv);
  });

  it('keeps "Chính phủ" and the codes of a heading in capitals as written', async () => {
    const doc = record('kh-nghean-1026');
    const out = await repairLines(doc);
    expect(out[4]).toBe(doc[4]);
    expect(out[4]).toContain('CHỈ THỊ SỐ 32/CT-TTG NGÀY 21/10/2025');
    expect(out[9]).toContain('có sự điều Chính phủ hợp, vừa đáp ứng');
  });

  it('keeps names after a surname in text read with a Vietnamese model, without confidences', async () => {
    // two lines: judged as OCR text, not as clean typed text
    const out = await repairLines(['Kính gửi: Bà Huỳnh Thị Gái, ông Trần Ngọc Vinh', 'Trần Phước Hiền']);
    expect(out).toEqual(['Kính gửi: Bà Huỳnh Thị Gái, ông Trần Ngọc Vinh', 'Trần Phước Hiền']);
  });

  it('keeps units and "Số:" in any text, OCR too', async () => {
    const out = await repairLines(['Số: 46/TB-UBND', 'diện tích 16m², giá 800.000 đồng/m², 2 km²'], { clean: false });
    expect(out).toEqual(['Số: 46/TB-UBND', 'diện tích 16m², giá 800.000 đồng/m², 2 km²']);
  });

  it('still repairs text a poor OCR made, and a short input is judged as OCR text', async () => {
    const out = await repairLines(['Két luén ciia Pho Chu tich Uy ban nhan dan tinh', 'Ngay 01/6/2023, tai Tru s& UBND tinh']);
    expect(out).toEqual(['Kết luận của Phó Chủ tịch Ủy ban nhân dân tỉnh', 'Ngày 01/6/2023, tại Trụ sở UBND tỉnh']);
    // a Vietnamese-model reading with lost marks, two lines: repaired
    const vie = await repairLines(['Các sở, ngành khân trương triên khai thực hiện nhiệm vụ được giao.']);
    expect(vie[0]).toBe('Các sở, ngành khẩn trương triển khai thực hiện nhiệm vụ được giao.');
  });

  it('measures a typed document clean, mangled text and OCR junk not', () => {
    const model = repairModel();
    expect(cleanliness(record('qn-46-tb'), model).clean).toBe(true);
    expect(cleanliness(record('ct-cantho-09'), model).clean).toBe(true);
    const mangled = Array(10).fill('Két luén ciia Pho Chu tich Uy ban nhan dan tinh, dao cac S0, ban nganh');
    const m = cleanliness(mangled, model);
    expect(m.clean).toBe(false);
    expect(m.marked).toBeLessThan(0.6);
    // a typed page with the specks of a stamp read as symbols ("„“ˆ GIÁM ĐỐC"): OCR
    const speckled = [...record('qn-46-tb'), '„“ˆ GIÁM ĐỐC', 'ngày‡4 tháng 5'];
    expect(cleanliness(speckled, model).clean).toBe(false);
  });
});
