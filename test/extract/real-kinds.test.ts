// Rules for the assignees of real documents of every kind (issue 22): short lines written for the
// test, expected values read by hand.
import { beforeAll, describe, expect, it } from 'vitest';
import { AgencyMatcher } from '../../src/extract/agencies.js';
import { extractDirectives, opensWithAssignment, printedActors } from '../../src/extract/directives.js';
import { parseStructure } from '../../src/extract/structure.js';
import { loadGazetteer } from '../../src/runtime/node/models.js';

let m: AgencyMatcher;
beforeAll(async () => {
  m = new AgencyMatcher(await loadGazetteer());
});
const run = (lines: string[], docType: string) =>
  extractDirectives(parseStructure(lines.map((t, i) => ({ page: 1, line: i + 1, text: t }))).units, { matcher: m, docType, refDate: '2025-01-20' }).map((d) => ({
    line: d.line,
    who: d.assignees.map((a) => `${a.role}:${a.agency}`),
  }));

describe('báo cáo: an item among the results that assigns to named bodies', () => {
  it('is a task, led by the bodies after the verb', () => {
    const text = [
      'I. KẾT QUẢ THỰC HIỆN',
      '1. Kết quả rà soát thủ tục hành chính',
      'a) Trong tháng, tỉnh đã rà soát 14 thủ tục hành chính.',
      'b) Tỉnh Bình Định yêu cầu các sở, ban, ngành tiếp tục thống kê thủ tục hành chính nội bộ.',
      'c) Sở Tài chính đã đề nghị các sở, ban, ngành gửi số liệu.',
    ];
    expect(run(text, 'báo cáo')).toEqual([{ line: 4, who: ['lead:Các sở, ban, ngành'] }]);
  });

  it('tells an assignment from an account or a demand', () => {
    expect(opensWithAssignment('Tỉnh Bình Định yêu cầu các sở, ban, ngành tiếp tục thống kê.', m)).toBe(true);
    expect(opensWithAssignment('Giao Sở Y tế kiểm tra các cơ sở.', m)).toBe(true);
    expect(opensWithAssignment('Sở Tài chính đã đề nghị các sở, ban, ngành gửi số liệu.', m)).toBe(false);
    expect(opensWithAssignment('Yêu cầu bố trí 01 lô đất tái định cư cho gia đình.', m)).toBe(false);
  });
});

describe('persons named by their title stand as printed', () => {
  it('cuts a list of titles and bodies where a title or a body begins', () => {
    expect(printedActors('Giám đốc sở, Thủ trưởng cơ quan, ban, ngành tỉnh, Chủ tịch UBND xã, phường và các đơn vị liên quan trong phạm vi chức năng', m)).toEqual([
      'Giám đốc sở', 'Thủ trưởng cơ quan, ban, ngành tỉnh', 'Chủ tịch Ủy ban nhân dân xã, phường', 'Các đơn vị liên quan',
    ]);
    // a title before a body the gazetteer knows: the body stands for its head
    expect(printedActors('Giám đốc, Thủ trưởng các sở, ban ngành, Giám đốc Sở Nội vụ chịu trách nhiệm', m)).toEqual(['Các sở, ban, ngành', 'Sở Nội vụ']);
    expect(printedActors('Giám đốc các Sở, Thủ trưởng các ngành, cơ quan cấp tỉnh, UBND các xã, phường xây dựng kế hoạch', m)).toEqual([
      'Giám đốc các Sở', 'Thủ trưởng các ngành, cơ quan cấp tỉnh', 'Ủy ban nhân dân các xã, phường',
    ]);
    // the list ends at its verb, also when no separator comes before it
    expect(printedActors('Giám đốc Trung tâm Y tế huyện Ba Tơ đề xuất Chánh Văn phòng', m)).toEqual(['Giám đốc Trung tâm Y tế huyện Ba Tơ']);
    expect(printedActors('tổ chức triển khai kế hoạch', m)).toEqual([]);
  });

  it('gives a decision\'s execution clause its persons, also after a lead-in clause', () => {
    const text = [
      'QUYẾT ĐỊNH:',
      'Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc.',
      'Điều 2. Trách nhiệm thi hành',
      '1. Trong quá trình thực hiện, nếu có vướng mắc, Giám đốc Sở Tư pháp đề xuất Ủy ban nhân dân tỉnh xem xét, điều chỉnh.',
      '2. Chánh Văn phòng UBND tỉnh, Giám đốc sở, Thủ trưởng cơ quan, ban, ngành tỉnh và cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./.',
    ];
    expect(run(text, 'quyết định')).toEqual([
      { line: 4, who: ['lead:Sở Tư pháp'] },
      { line: 5, who: ['lead:Văn phòng Ủy ban nhân dân tỉnh', 'lead:Giám đốc sở', 'lead:Thủ trưởng cơ quan, ban, ngành tỉnh', 'lead:Cơ quan, đơn vị có liên quan'] },
    ]);
  });

  it('gives the items of an introduction that names persons to those persons', () => {
    const text = [
      'CHỈ THỊ',
      'Về tăng cường quản lý tài nguyên nước',
      '',
      'Chủ tịch Ủy ban nhân dân tỉnh yêu cầu Giám đốc, Thủ trưởng các sở, ban ngành, Chủ tịch Ủy ban nhân dân xã, phường tập trung thực hiện các nhiệm vụ sau:',
      '1. Tăng cường kiểm tra việc khai thác nước dưới đất trên địa bàn.',
    ];
    expect(run(text, 'chỉ thị')).toEqual([
      { line: 5, who: ['lead:Các sở, ban, ngành', 'lead:Chủ tịch Ủy ban nhân dân xã, phường'] },
    ]);
  });

  it('keeps a decision\'s duty that only asks others deep inside it out of the tasks', () => {
    const text = [
      'QUYẾT ĐỊNH:',
      'Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc.',
      'Điều 2. Vị trí, chức năng, nhiệm vụ, quyền hạn',
      '1. Nhiệm vụ, quyền hạn',
      'a) Phối hợp với các cơ quan, đơn vị liên quan để giải quyết hồ sơ; đề nghị các cơ quan có thẩm quyền cung cấp thông tin;',
    ];
    expect(run(text, 'quyết định')).toEqual([]);
  });
});

describe('kế hoạch and chỉ thị: headings that name bodies over paragraphs, long lists of bodies', () => {
  it('reads a longer name heading without punctuation, one task per paragraph under it', () => {
    // (a born-digital paragraph, one line, far longer than the heading: not a wrapped line of a scan)
    const long = 'Tiếp tục phổ biến, quán triệt, triển khai có hiệu quả các quy định của pháp luật và các văn bản hướng dẫn thi hành công tác bảo vệ bí mật nhà nước trong cơ quan, đơn vị mình.';
    const text = [
      'KẾ HOẠCH', 'Bảo vệ bí mật nhà nước năm 2026', '',
      'III. PHÂN CÔNG NHIỆM VỤ',
      '1. Các sở, ban, ngành, đoàn thể cấp tỉnh và UBND các xã, phường',
      long,
      'Thực hiện nghiêm túc quy trình bảo vệ bí mật nhà nước; tăng cường tự kiểm tra trong nội bộ cơ quan, đơn vị.',
    ];
    expect(run(text, 'kế hoạch')).toEqual([
      { line: 6, who: ['lead:Các sở, ban, ngành, đoàn thể cấp tỉnh', 'lead:Ủy ban nhân dân các xã, phường'] },
      { line: 7, who: ['lead:Các sở, ban, ngành, đoàn thể cấp tỉnh', 'lead:Ủy ban nhân dân các xã, phường'] },
    ]);
  });

  it('gives the paragraph under a request heading ("9. Đề nghị X") to X', () => {
    const text = [
      'CHỈ THỊ', 'Về bảo vệ tài nguyên nước', '',
      '9. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh',
      'Tăng cường công tác tuyên truyền, vận động đoàn viên, hội viên tích cực tham gia bảo vệ nguồn nước dưới đất trên địa bàn.',
    ];
    expect(run(text, 'chỉ thị')).toEqual([{ line: 5, who: ['lead:Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh'] }]);
  });

  it('reads a request to a list of bodies the gazetteer partly lacks, one body per capitalised name', () => {
    const text = [
      'KẾ HOẠCH', 'Bảo vệ bí mật nhà nước năm 2026', '',
      'III. PHÂN CÔNG NHIỆM VỤ',
      '6. Đề nghị Văn phòng Tỉnh ủy, Tòa án nhân dân tỉnh, Thuế tỉnh, Kho bạc nhà nước khu vực XI tăng cường công tác bảo vệ bí mật nhà nước.',
    ];
    expect(run(text, 'kế hoạch')).toEqual([
      { line: 5, who: ['lead:Văn phòng Tỉnh ủy', 'lead:Tòa án nhân dân tỉnh', 'lead:Thuế tỉnh', 'lead:Kho bạc nhà nước khu vực XI'] },
    ]);
  });
});

describe('chỉ thị: a closing that still assigns', () => {
  it('is a task of its own, under no heading, led by whom it names', () => {
    const text = [
      'CHỈ THỊ', 'Về bảo vệ tài nguyên nước', '',
      '1. Sở Xây dựng',
      'a) Chủ trì xây dựng phương án cấp nước dự phòng.',
      'Trên đây là Chỉ thị về bảo vệ tài nguyên nước, yêu cầu Giám đốc sở, Thủ trưởng cơ quan, ban, ngành tỉnh và các tổ chức, cá nhân có liên quan tổ chức thực hiện nghiêm túc Chỉ thị này./.',
    ];
    expect(run(text, 'chỉ thị')).toEqual([
      { line: 5, who: ['lead:Sở Xây dựng'] },
      { line: 6, who: ['lead:Giám đốc sở', 'lead:Thủ trưởng cơ quan, ban, ngành tỉnh', 'lead:Các tổ chức, cá nhân có liên quan'] },
    ]);
  });

  it('reads "Căn cứ Chỉ thị này, X ..." as X\'s task; a plain closing stays out', () => {
    const text = [
      'CHỈ THỊ', 'Về tổ chức kỳ thi', '',
      '1. Sở Y tế:',
      'a) Bố trí cán bộ y tế tại các điểm thi.',
      'Căn cứ Chỉ thị này, Thủ trưởng các sở, ban, ngành tỉnh và Chủ tịch UBND các huyện xây dựng kế hoạch cụ thể, phối hợp chặt chẽ với Sở Giáo dục và Đào tạo thực hiện./.',
    ];
    expect(run(text, 'chỉ thị')).toEqual([
      { line: 5, who: ['lead:Sở Y tế'] },
      { line: 6, who: ['lead:Các sở, ban, ngành tỉnh', 'lead:Ủy ban nhân dân cấp huyện', 'cooperate:Sở Giáo dục và Đào tạo'] },
    ]);
    expect(run(['CHỈ THỊ', 'Về tổ chức kỳ thi', '', '1. Sở Y tế:', 'a) Bố trí cán bộ y tế tại các điểm thi.', 'Trên đây là Chỉ thị về tổ chức kỳ thi năm 2026./.'], 'chỉ thị')).toEqual([
      { line: 5, who: ['lead:Sở Y tế'] },
    ]);
  });
});

describe('an item whose subject is a body the gazetteer lacks', () => {
  it('leads itself with the name as printed, not the introduction\'s bodies', () => {
    const text = [
      'CHỈ THỊ', 'Về tổ chức kỳ thi', '',
      'Chủ tịch UBND tỉnh yêu cầu Giám đốc các sở, Thủ trưởng ban, ngành cấp tỉnh thực hiện các nhiệm vụ sau:',
      '1. Công ty Điện lực Bình Định bảo đảm nguồn điện phục vụ ổn định trong thời gian tổ chức kỳ thi.',
      '2. Ban hành kế hoạch phối hợp tổ chức kỳ thi.',
    ];
    expect(run(text, 'chỉ thị')).toEqual([
      { line: 5, who: ['lead:Công ty Điện lực Bình Định'] },
      { line: 6, who: ['lead:Giám đốc các sở', 'lead:Thủ trưởng ban, ngành cấp tỉnh'] },
    ]);
  });
});
