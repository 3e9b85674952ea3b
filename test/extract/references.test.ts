import { beforeAll, describe, expect, it } from 'vitest';
import { AgencyMatcher } from '../../src/extract/agencies.js';
import { loadGazetteer } from '../../src/runtime/node/models.js';
import { referencesOf } from './refs-helper.js';

let m: AgencyMatcher;
beforeAll(async () => {
  m = new AgencyMatcher(await loadGazetteer());
});
const refs = (...lines: string[]) => referencesOf(m, lines);

describe('references', () => {
  it('reads kind, number, date and issuer', () => {
    expect(refs('thực hiện Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024 của Bộ Chính trị,')).toEqual([
      { line: 1, kind: 'Nghị quyết', number: '57-NQ/TW', date: '2024-12-22', issuer: 'Bộ Chính trị' },
    ]);
    expect(refs('(Văn bản số 5125-CV/TU ngày 10/5/2023)')[0]).toMatchObject({ kind: 'Công văn', number: '5125-CV/TU', date: '2023-05-10', issuer: 'Tỉnh ủy' });
  });

  it('takes the issuer from the agency that the sentence says enacted the document', () => {
    expect(refs('Ủy ban nhân dân phường Tân An đã ban hành Kế hoạch số 12/KH-UBND ngày 15/01/2025')[0].issuer).toBe('Ủy ban nhân dân phường Tân An');
    expect(refs('Tại xã Hòa Sơn, UBND xã ban hành 02 quyết định: Quyết định số 8/QĐ-UBND ngày 3/7/2025')[0].issuer).toBe('Ủy ban nhân dân xã Hòa Sơn');
    // no enacting agency in the sentence: the number's code decides, as before
    expect(refs('Thực hiện Quyết định số 8/QĐ-UBND ngày 3/7/2025, Sở Tài chính đã ban hành hướng dẫn.')[0].issuer).toBe('Ủy ban nhân dân tỉnh');
  });

  it('joins numbers broken across lines and spaces around separators', () => {
    expect(refs('tại Quyết định số 1029/QĐ-', 'UBND ngày 05 tháng 8 năm 2025 của Ủy ban nhân dân tỉnh')[0]).toMatchObject({
      line: 1, number: '1029/QĐ-UBND', date: '2025-08-05', issuer: 'Ủy ban nhân dân tỉnh',
    });
    expect(refs('Quyết định số 37/QĐ -UBND ngày 11/7/2025')[0].number).toBe('37/QĐ-UBND');
    // digits read as letters inside the number
    expect(refs('Công văn số 1S20/SNV-CCHC ngày 28/8/2025')[0]).toMatchObject({ number: '1520/SNV-CCHC', date: '2025-08-28' });
    expect(refs('theo quy định tại Nghị định', '130/2005/NĐ-CP ngày 17/10/2005')[0]).toMatchObject({ number: '130/2005/NĐ-CP', issuer: 'Chính phủ', date: '2005-10-17' });
  });

  it('takes the issuer from the number code when the text names none', () => {
    expect(refs('Thực hiện Nghị định số 107/2020/NĐ-CP,')[0].issuer).toBe('Chính phủ');
    expect(refs('theo Quyết định 766/QĐ-TTg của tỉnh')[0].number).toBe('766/QĐ-TTg');
  });

  it('accepts a bare number only for kinds cited that way', () => {
    expect(refs('theo Đề án 06, hoàn thiện')[0]).toMatchObject({ kind: 'Đề án', number: '06' });
    expect(refs('ban hành 07 quyết định công bố')).toEqual([]);
    expect(refs('Kế hoạch công tác cải cách hành chính')).toEqual([]);
  });
});
