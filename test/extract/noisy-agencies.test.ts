import { beforeAll, describe, expect, it } from 'vitest';
import { AgencyMatcher, nearSyllable } from '../../src/extract/agencies.js';
import { loadGazetteer } from '../../src/runtime/node/models.js';

let m: AgencyMatcher;
beforeAll(async () => {
  m = new AgencyMatcher(await loadGazetteer());
});
const names = (t: string) => m.find(t).map((x) => x.name);

describe('agencies in noisy text', () => {
  it('matches gazetteer names without diacritics or with a misread syllable', () => {
    expect(names('báo cáo Ủy ban nhân đến tỉnh kết quả')).toEqual(['Ủy ban nhân dân tỉnh']);
    expect(names('gui Uy ban nhan dan tinh truoc')).toEqual(['Ủy ban nhân dân tỉnh']);
    expect(names('phối hợp với Sở Tài chinh và Sở Nôi vụ')).toEqual(['Sở Tài chính', 'Sở Nội vụ']);
    expect(names('Sở Khoa hoc và Công nghế chủ trì')).toEqual(['Sở Khoa học và Công nghệ']);
    expect(names('Văn phòng Ủy ban nhân dân tính')).toEqual(['Văn phòng Ủy ban nhân dân tỉnh']);
  });

  it('does not snap unrelated names', () => {
    expect(names('Ủy ban nhân dân xã Ia Ko')).toEqual(['Ủy ban nhân dân xã Ia Ko']);
    expect(names('Sở Ngoại vụ')).toEqual(['Sở Ngoại vụ']);
    expect(names('Bộ Ngoại giao')).not.toContain('Bộ Nội vụ');
    // a two-syllable name must agree on every folded syllable
    expect(names('theo ý Tỉnh ý kiến')).not.toContain('Tỉnh ủy');
    expect(names('Tinh uy chi dao')).toEqual(['Tỉnh ủy']);
    expect(nearSyllable('ngoai', 'noi')).toBe(false);
    expect(nearSyllable('den', 'dan')).toBe(true);
    expect(nearSyllable('xa', 'tinh')).toBe(false);
  });
});
