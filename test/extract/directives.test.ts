import { beforeAll, describe, expect, it } from 'vitest';
import { AgencyMatcher } from '../../src/extract/agencies.js';
import { loadGazetteer } from '../../src/runtime/node/models.js';
import { addresseesOf, extractDirectives, isTrigger, rolesInText } from '../../src/extract/directives.js';
import { parseStructure } from '../../src/extract/structure.js';

let m: AgencyMatcher;
beforeAll(async () => {
  m = new AgencyMatcher(await loadGazetteer());
});
const run = (text: string, docType = 'thông báo kết luận', refDate = '2025-10-14') =>
  extractDirectives(parseStructure(text.split('\n').map((t, i) => ({ page: 1, line: i + 1, text: t }))).units, {
    matcher: m, docType, refDate,
  }).map((d) => ({ line: d.line, section: d.section, who: d.assignees.map((a) => `${a.role}:${a.agency}`), date: d.deadline?.date ?? d.deadline?.rule ?? null }));

describe('directives', () => {
  it('reads addressee headings, with person titles and member groups', () => {
    expect(addresseesOf('Sở Khoa học và Công nghệ:', m)).toEqual(['Sở Khoa học và Công nghệ']);
    expect(addresseesOf('Thủ trưởng các Sở, ban ngành, Chủ tịch UBND cấp huyện', m)).toEqual(['Các sở, ban, ngành', 'Ủy ban nhân dân cấp huyện']);
    expect(addresseesOf('Các Thành viên Ban Chỉ đạo cải cách hành chính tỉnh', m)).toEqual(['Các thành viên Ban Chỉ đạo cải cách hành chính tỉnh']);
    expect(addresseesOf('Cải cách thủ tục hành chính của Sở Nội vụ', m)).toBeNull();
  });

  it('reads the proposals of a report: "Đề nghị X ...", "Kiến nghị X ..."', () => {
    const text = ['III. KIẾN NGHỊ, ĐỀ XUẤT', '1. Đề nghị Sở Tài chính bố trí kinh phí trước ngày 30/11/2025.', '2. Kiến nghị Ủy ban nhân dân tỉnh bổ sung 02 biên chế công chức.'].join('\n');
    expect(run(text, 'báo cáo')).toEqual([
      { line: 2, section: 'III.1', who: ['lead:Sở Tài chính'], date: '2025-11-30' },
      { line: 3, section: 'III.2', who: ['lead:Ủy ban nhân dân tỉnh'], date: null },
    ]);
  });

  it('tells an announcing sentence from a report', () => {
    expect(isTrigger('Trên cơ sở kết quả nêu trên, đề nghị UBND xã Ia Ko tiếp tục quan tâm thực hiện các nhiệm vụ sau:')).toBe(true);
    expect(isTrigger('Chủ tịch UBND tỉnh - Trưởng Ban Chỉ đạo cải cách hành chính của tỉnh kết luận như sau:')).toBe(false);
  });

  it('reads a list announced by who must act: "..., Sở X cần thực hiện các nhiệm vụ sau:"', () => {
    expect(isTrigger('Để hoàn thành mục tiêu năm 2026, Sở Nội vụ cần tập trung thực hiện tốt các nhiệm vụ sau:')).toBe(true);
    // "Cần" of a place name is no "cần"
    expect(isTrigger('Ủy ban nhân dân thành phố Cần Thơ đã hoàn thành các nhiệm vụ sau:')).toBe(false);
    const text = [
      'I. ĐÁNH GIÁ CHUNG', 'Năm 2025, các chỉ tiêu cơ bản đạt kế hoạch.',
      'Để hoàn thành mục tiêu năm 2026, Sở Nội vụ cần tập trung thực hiện tốt các nhiệm vụ sau:',
      '1. Rà soát, sắp xếp biên chế của các cơ quan hành chính trong quý I năm 2026.', '2. Nâng cao chất lượng đội ngũ công chức cấp xã.',
    ].join('\n');
    expect(run(text)).toEqual([
      { line: 4, section: 'I.1', who: ['lead:Sở Nội vụ'], date: '2026-03-31' },
      { line: 5, section: 'I.2', who: ['lead:Sở Nội vụ'], date: null },
    ]);
  });

  it('takes the lead of an answer to a proposal from the answer, not from the proposal', () => {
    const text = [
      'II. NHIỆM VỤ THỜI GIAN TỚI', 'Đề nghị Ủy ban nhân dân tỉnh tập trung thực hiện các nhiệm vụ sau:', '1. Đẩy mạnh giải ngân vốn đầu tư công.',
      'III. VỀ MỘT SỐ KIẾN NGHỊ CỦA TỈNH',
      '1. Về đề nghị Bộ Tài chính bổ sung vốn cho dự án đường ven biển: giao Bộ Xây dựng chủ trì, phối hợp với Bộ Tài chính xem xét, báo cáo trước ngày 15/12/2025.',
      '2. Về dự án nạo vét luồng tàu: Bộ Xây dựng khẩn trương rà soát, bàn giao dự án cho tỉnh trong năm 2025.',
      '3. Về đề nghị hỗ trợ kinh phí khắc phục hậu quả bão: giao Tổng công ty Điện lực miền Trung khẩn trương khôi phục lưới điện.',
    ].join('\n');
    expect(run(text)).toEqual([
      { line: 3, section: 'II.1', who: ['lead:Ủy ban nhân dân tỉnh'], date: null },
      { line: 5, section: 'III.1', who: ['lead:Bộ Xây dựng', 'cooperate:Bộ Tài chính'], date: '2025-12-15' },
      // "Xây dựng" inside the name is not the verb that ends the subject
      { line: 6, section: 'III.2', who: ['lead:Bộ Xây dựng'], date: '2025-12-31' },
      // an actor the gazetteer does not know: no lead rather than one carried over
      { line: 7, section: 'III.3', who: [], date: null },
    ]);
  });

  it('reads a decision: titles before names, the preamble is no announcement, items that assign name their lead', () => {
    expect(isTrigger('Căn cứ Luật Tổ chức chính quyền địa phương; Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 12/TTr-SNV. QUYẾT ĐỊNH:')).toBe(false);
    expect(m.find('Chánh Văn phòng Ủy ban nhân dân Thành phố, Giám đốc các Sở').map((x) => x.name)[0]).toBe('Văn phòng Ủy ban nhân dân Thành phố');
    const text = [
      'Căn cứ Quy hoạch tỉnh thời kỳ 2021 - 2030, tầm nhìn đến năm 2050;', 'Theo đề nghị của Giám đốc Sở Nội vụ.', 'QUYẾT ĐỊNH:',
      'Điều 1. Giao Giám đốc Công an tỉnh thực hiện các nhiệm vụ sau:',
      'a) Cập nhật danh mục thủ tục hành chính trên Cơ sở dữ liệu quốc gia.',
      'b) Chủ trì, phối hợp với Giám đốc Sở Khoa học và Công nghệ đồng bộ dữ liệu.',
      'c) Giao Thanh tra tỉnh kiểm tra việc thực hiện.',
    ].join('\n');
    expect(run(text, 'quyết định')).toEqual([
      { line: 5, section: 'Điều 1.a', who: ['lead:Công an tỉnh'], date: null },
      { line: 6, section: 'Điều 1.b', who: ['lead:Công an tỉnh', 'cooperate:Sở Khoa học và Công nghệ'], date: null },
      { line: 7, section: 'Điều 1.c', who: ['lead:Thanh tra tỉnh'], date: null },
    ]);
  });

  it('reads the clauses of a decision\'s article as its tasks, under their addressees', () => {
    const text = [
      'QUYẾT ĐỊNH:', 'Điều 1. Ban hành khung giá cho thuê nhà ở xã hội trên địa bàn tỉnh.', 'Điều 2. Trách nhiệm tổ chức thực hiện',
      '1. Sở Xây dựng:', 'a) Hướng dẫn và theo dõi việc thực hiện khung giá cho thuê nhà ở xã hội.',
      'b) Chủ trì, phối hợp với Sở Tài chính đề xuất điều chỉnh khung giá khi cần thiết.',
      '2. Chủ đầu tư nhà ở xã hội (Bên cho thuê):', 'a) Tính toán, xác định giá cho thuê theo quy định.',
      'Điều 3. Quyết định này có hiệu lực kể từ ngày ký.',
    ].join('\n');
    const expected = [
      { line: 5, section: 'Điều 2.1.a', who: ['lead:Sở Xây dựng'], date: null },
      { line: 6, section: 'Điều 2.1.b', who: ['lead:Sở Xây dựng', 'cooperate:Sở Tài chính'], date: null },
    ];
    expect(run(text, 'quyết định')).toEqual(expected);
    // a resolution is made of articles too
    expect(run(text.replace('QUYẾT ĐỊNH:', 'QUYẾT NGHỊ:'), 'nghị quyết')).toEqual(expected);
  });

  it('takes no task from a law a letter quotes', () => {
    const text = [
      'Căn cứ Điều 8 Nghị định số 123/2024/NĐ-CP quy định như sau:', 'Điều 8. Sử dụng đất trồng lúa sang loại đất khác',
      '1. Phạt tiền từ 2.000.000 đồng đến 3.000.000 đồng đối với diện tích đất dưới 0,5 héc ta;',
      'Đề nghị Ủy ban nhân dân xã Ia Ko kiểm tra, xử lý theo quy định.',
    ].join('\n');
    const found = extractDirectives(parseStructure(text.split('\n').map((t, i) => ({ page: 1, line: i + 1, text: t }))).units, {
      matcher: m, docType: 'công văn', refDate: '2025-10-14', addressees: ['Ủy ban nhân dân xã Ia Ko'],
    });
    expect(found.map((d) => d.line)).not.toContain(3);
    expect(found.map((d) => d.line)).not.toContain(2);
  });

  it('takes nothing from the recipients\' list', () => {
    const text = ['IV. TỔ CHỨC THỰC HIỆN', '1. Sở Nội vụ theo dõi, đôn đốc việc thực hiện Kế hoạch này.',
      '2. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị, địa phương kịp thời báo cáo Ủy ban nhân dân tỉnh.',
      'Ủy ban nhân dân tỉnh yêu cầu các cơ quan, đơn vị, địa phương nghiêm túc triển khai thực hiện./.',
      '* Nơi nhận: - Bộ Nội vụ; - Các sở, ban, ngành; - UBND các xã, phường; - Lưu: VT.'].join('\n');
    expect(run(text, 'kế hoạch').map((d) => d.line)).toEqual([2, 3]);
  });

  it('reads the lead and partners of a plan\'s task from its labels', () => {
    expect(rolesInText('Rà soát biên chế. Đơn vị chủ trì thực hiện: Sở Nội vụ. Đơn vị phối hợp: Sở Tài chính, Sở Tư pháp.', m)).toEqual({
      lead: ['Sở Nội vụ'], cooperate: ['Sở Tài chính', 'Sở Tư pháp'],
    });
    expect(rolesInText('Tuyên truyền pháp luật. Đơn vị thực hiện: Các Sở, ngành, UBND cấp xã. Thời gian thực hiện: Thường xuyên.', m).lead).toEqual([
      'Các sở, ban, ngành', 'Ủy ban nhân dân cấp xã',
    ]);
  });

  it('finds the lead before "chủ trì" and the agencies after "phối hợp với"', () => {
    expect(rolesInText('Chỉ đạo Công an xã chủ trì, phối hợp các bộ phận liên quan rà soát', m)).toEqual({ lead: ['Công an xã'], cooperate: ['Các bộ phận liên quan'] });
    expect(rolesInText('Chủ trì, phối hợp với Sở Tài chính và các đơn vị liên quan theo dõi; phối hợp với Văn phòng Tỉnh ủy hướng dẫn', m)).toEqual({
      lead: [], cooperate: ['Sở Tài chính', 'Các đơn vị liên quan', 'Văn phòng Tỉnh ủy'],
    });
  });

  it('takes tasks from an addressee block only, not from findings', () => {
    const text = [
      'I. Kết quả', '- Sở Nội vụ đã ban hành kế hoạch, đạt 90% chỉ tiêu.', '',
      'II. Nhiệm vụ trong 6 tháng cuối năm 2025', '1. Sở Nội vụ:',
      '- Chủ trì, phối hợp với Sở Tài chính rà soát biên chế; báo cáo trước ngày 30/11/2025.',
      '- Tham mưu sửa đổi quy chế làm việc.', '2. Ủy ban nhân dân các xã, phường:',
      'a) Tăng cường kỷ luật, kỷ cương hành chính tại bộ phận một cửa trong thời gian tới;', '- Rà soát hồ sơ tồn đọng.',
      'b) Về chuyển đổi số, cụ thể:', '- Định kỳ hằng tháng báo cáo kết quả.',
    ].join('\n');
    expect(run(text)).toEqual([
      { line: 6, section: 'II.1', who: ['lead:Sở Nội vụ', 'cooperate:Sở Tài chính'], date: '2025-11-30' },
      { line: 7, section: 'II.1', who: ['lead:Sở Nội vụ'], date: '2025-12-31' },
      { line: 9, section: 'II.2.a', who: ['lead:Ủy ban nhân dân các xã, phường'], date: '2025-12-31' },
      { line: 10, section: 'II.2.a', who: ['lead:Ủy ban nhân dân các xã, phường'], date: '2025-12-31' },
      { line: 12, section: 'II.2.b', who: ['lead:Ủy ban nhân dân các xã, phường'], date: 'FREQ=MONTHLY' },
    ]);
  });

  it('uses the announcing sentence for assignees and a closing sentence for the deadline', () => {
    const text = [
      'III. KIẾN NGHỊ', 'Đoàn kiểm tra đề nghị UBND xã Ia Ko thực hiện các nhiệm vụ sau:',
      '- Chỉ đạo Công an xã chủ trì, phối hợp các bộ phận liên quan rà soát tài khoản.', '- Đẩy mạnh tuyên truyền.', '',
      'Các nội dung trên hoàn thành trước ngày 15/12/2025.',
    ].join('\n');
    expect(run(text)).toEqual([
      { line: 3, section: 'III', who: ['lead:Công an xã Ia Ko', 'cooperate:Các bộ phận liên quan'], date: '2025-12-15' },
      { line: 4, section: 'III', who: ['lead:Ủy ban nhân dân xã Ia Ko'], date: '2025-12-15' },
    ]);
  });

  it('reads the articles of a quyết định', () => {
    const text = [
      'QUYẾT ĐỊNH:', 'Điều 1. Ban hành kèm theo Quyết định này Kế hoạch cải cách hành chính.',
      'Điều 2. Giao Sở Nội vụ chủ trì, phối hợp với Sở Tài chính hướng dẫn thực hiện; hoàn thành trong quý II/2026.',
      'Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Nội vụ, Chủ tịch UBND các xã, phường chịu trách nhiệm thi hành Quyết định này./.',
    ].join('\n');
    expect(run(text, 'quyết định', '2026-03-12')).toEqual([
      { line: 3, section: 'Điều 2', who: ['lead:Sở Nội vụ', 'cooperate:Sở Tài chính'], date: '2026-06-30' },
      { line: 4, section: 'Điều 3', who: ['lead:Văn phòng Ủy ban nhân dân tỉnh', 'lead:Sở Nội vụ', 'lead:Ủy ban nhân dân các xã, phường'], date: null },
    ]);
  });
});
