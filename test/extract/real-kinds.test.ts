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
