import { beforeAll, describe, expect, it } from 'vitest';
import { AgencyMatcher } from '../../src/extract/agencies.js';
import { loadGazetteer } from '../../src/runtime/node/models.js';
import { normalizeNumber, typeCode } from '../../src/extract/references.js';
import { referencesOf } from './refs-helper.js';

let m: AgencyMatcher;
beforeAll(async () => {
  m = new AgencyMatcher(await loadGazetteer());
});
const refs = (...lines: string[]) => referencesOf(m, lines);

describe('references in noisy text', () => {
  it('reads kinds and dates without diacritics and digit lookalikes in numbers', () => {
    expect(refs('Can cu Quyet dinh so l029/QĐ-UBND ngay 3O/6/2025 cua UBND tinh;')[0]).toMatchObject({
      kind: 'Quyết định', number: '1029/QĐ-UBND', date: '2025-06-30',
    });
    expect(refs('Căn cứ Nghị định số 107/2O21/NĐ-CP ngày 06/12/2021 của Chính phủ;')[0]).toMatchObject({ number: '107/2021/NĐ-CP', issuer: 'Chính phủ' });
  });

  it('puts misread type codes back, narrowed by the issuer code', () => {
    expect(normalizeNumber('27/2020/QP-UBND')).toBe('27/2020/QĐ-UBND');
    expect(normalizeNumber('37/QPb -UBND')).toBe('37/QĐ-UBND');
    expect(normalizeNumber('107/2021/HP-CP')).toBe('107/2021/NĐ-CP');
    expect(refs('Quyết định số 37/QP- UBND ngày 11/7/2025')[0].number).toBe('37/QĐ-UBND');
  });

  it('leaves valid and unknown codes alone', () => {
    expect(normalizeNumber('12/HĐ-UBND')).toBe('12/HĐ-UBND');
    expect(normalizeNumber('3301/BYT-DP')).toBe('3301/BYT-DP');
    expect(normalizeNumber('1197/UBND-KTNS')).toBe('1197/UBND-KTNS');
    expect(typeCode('HP')).toBe('HP'); // HD, HĐ or NĐ: no issuer to tell them apart
    expect(normalizeNumber('217/SKHCN-TTCĐS')).toBe('217/SKHCN-TTCĐS');
  });
});
