import { beforeAll, describe, expect, it } from 'vitest';
import { AgencyMatcher } from '../../src/extract/agencies.js';
import { loadGazetteer } from '../../src/runtime/node/models.js';
import { slug } from '../../src/extract/text.js';

let m: AgencyMatcher;
beforeAll(async () => {
  m = new AgencyMatcher(await loadGazetteer());
});
const names = (t: string) => m.find(t).map((x) => x.name);

describe('agencies', () => {
  it('resolves abbreviations and old tone style to canonical names', () => {
    expect(m.resolve('UBND tỉnh')).toBe('Ủy ban nhân dân tỉnh');
    expect(m.resolve('Sở KH&CN')).toBe('Sở Khoa học và Công nghệ');
    expect(m.resolve('Văn phòng UBND tỉnh')).toBe('Văn phòng Ủy ban nhân dân tỉnh');
    expect(m.resolve('Uỷ ban nhân dân tỉnh')).toBe('Ủy ban nhân dân tỉnh');
    // the Front's standing board is a body of its own, not the committee
    expect(m.resolve('Ban Thường trực UBMTTQ tỉnh')).toBe('Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh');
    expect(m.resolve('Ủy ban MTTQ Việt Nam tỉnh')).toBe('Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh');
  });

  it('reads a name with any dash or comma between its parts as the same body (no spelling listed per dash)', () => {
    for (const spelt of ['Sở Lao động - Thương binh và Xã hội', 'Sở Lao động — Thương binh và Xã hội', 'Sở Lao động – Thương binh và Xã hội', 'Sở Lao động, Thương binh và Xã hội']) {
      expect(m.resolve(spelt), spelt).toBe('Sở Lao động - Thương binh và Xã hội');
    }
  });

  it('spells out a short form that begins the full name only where the full name is not written', () => {
    expect(names('Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố và Hội Liên hiệp Phụ nữ Thành phố')).toEqual([
      'Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố', 'Hội Liên hiệp Phụ nữ Thành phố',
    ]);
    expect(m.expand('Ủy ban Mặt trận Tổ quốc xã')).toBe('Ủy ban Mặt trận Tổ quốc Việt Nam xã');
  });

  it('resolves generic forms', () => {
    expect(names('Thủ trưởng các Sở, ban ngành, Chủ tịch UBND cấp huyện')).toEqual(['Các sở, ban, ngành', 'Ủy ban nhân dân cấp huyện']);
    expect(names('Đối với các xã, phường:')).toEqual(['Ủy ban nhân dân các xã, phường']);
    expect(names('phối hợp với các đơn vị, địa phương có liên quan')).toEqual(['Các đơn vị, địa phương có liên quan']);
    expect(names('phối hợp với Văn phòng UBND tỉnh và các cơ quan, đơn vị liên quan nghiên cứu')).toEqual([
      'Văn phòng Ủy ban nhân dân tỉnh',
      'Các cơ quan, đơn vị liên quan',
    ]);
  });

  it('finds names the gazetteer lacks by pattern', () => {
    expect(names('đề nghị UBND xã Ia Ko tiếp tục')).toEqual(['Ủy ban nhân dân xã Ia Ko']);
    expect(names('Ban Dân tộc tỉnh chủ trì')).toEqual(['Ban Dân tộc tỉnh']);
    expect(names('Chỉ đạo Công an xã chủ trì')).toEqual(['Công an xã']);
  });

  it('completes a bare level from the addressee and expands sector codes', () => {
    expect(m.completeLocality('Công an xã', ['Ủy ban nhân dân xã Ia Ko'])).toBe('Công an xã Ia Ko');
    expect(m.completeLocality('Văn phòng Ủy ban nhân dân tỉnh', ['Sở Tài chính'])).toBe('Văn phòng Ủy ban nhân dân tỉnh');
    expect(m.expandSectorList('Các Sở: TP, NV, TC, KHCN, NNMT')).toEqual([
      'Sở Tư pháp', 'Sở Nội vụ', 'Sở Tài chính', 'Sở Khoa học và Công nghệ', 'Sở Nông nghiệp và Môi trường',
    ]);
  });

  it('snaps a slightly misspelt name to the gazetteer, but not a different body', () => {
    expect(m.resolve('Sở Nông nghiệp và Phát triển nông thon')).toBe('Sở Nông nghiệp và Phát triển nông thôn');
    expect(m.resolve('UBND huyện')).not.toBe('Ủy ban nhân dân cấp huyện');
  });

  it('gives stable ids', () => {
    expect(slug('Sở Khoa học và Công nghệ')).toBe('so-khoa-hoc-va-cong-nghe');
    expect(slug('Ủy ban nhân dân các xã, phường')).toBe('uy-ban-nhan-dan-cac-xa-phuong');
  });
});

describe('agencies as printed (issue 22: names the real documents print)', () => {
  it('reads a local body over a list of levels as one body', () => {
    expect(names('phối hợp Sở Công Thương, Ủy ban nhân dân xã, phường và đơn vị có liên quan hướng dẫn')).toEqual([
      'Sở Công Thương', 'Ủy ban nhân dân xã, phường',
    ]);
    expect(names('Công an huyện, thị xã kiểm tra')).toEqual(['Công an huyện, thị xã']);
    // a level that begins a place name is not one of the list
    expect(names('UBND tỉnh, Thành phố Huế')[0]).toBe('Ủy ban nhân dân tỉnh');
  });

  it('keeps the printed name when it says more than the gazetteer name it matches', () => {
    expect(names('Chủ tịch UBND các huyện, thị xã, thành phố:')).toEqual(['Ủy ban nhân dân các huyện, thị xã, thành phố']);
    // a shorter printed form still takes the canonical name
    expect(names('Đối với các xã, phường:')).toEqual(['Ủy ban nhân dân các xã, phường']);
  });

  it('takes the level that closes a generic body, with the groups before it', () => {
    expect(names('Các Sở, ban, ngành Thành phố tổ chức triển khai')).toEqual(['Các Sở, ban, ngành Thành phố']);
    expect(names('Các sở, ban, ngành, đoàn thể cấp tỉnh và UBND các xã, phường')).toEqual([
      'Các sở, ban, ngành, đoàn thể cấp tỉnh', 'Ủy ban nhân dân các xã, phường',
    ]);
    // without a level the groups stay out: "tổ chức" here is the verb
    expect(names('phối hợp với các đơn vị, tổ chức kiểm tra')).toEqual(['Các đơn vị']);
  });

  it('reads "số" inside a name, and ends the name before a number', () => {
    expect(names('phối hợp với Trung tâm Chuyển đổi số Thành phố và các cơ quan, đơn vị liên quan')).toEqual([
      'Trung tâm Chuyển đổi số Thành phố', 'Các cơ quan, đơn vị liên quan',
    ]);
    expect(names('gửi Trung tâm Lưu trữ số 12 đường Lê Lợi')[0]).toBe('Trung tâm Lưu trữ');
  });
});
