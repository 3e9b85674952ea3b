// Numbered items that assign a duty in a notice that announces no tasks (a schedule, a reception
// calendar): the item's own subject, a named body or official, followed by an obligation ("có trách
// nhiệm") or by an action with a deadline ("... trước ngày ..."), is a task. Schedules, accounts of
// what was done and the closing sentence are not. Lines written for this test.
import { beforeAll, describe, expect, it } from 'vitest';
import { AgencyMatcher } from '../../src/extract/agencies.js';
import { extractDirectives } from '../../src/extract/directives.js';
import { parseStructure } from '../../src/extract/structure.js';
import { loadGazetteer } from '../../src/runtime/node/models.js';

let m: AgencyMatcher;
beforeAll(async () => {
  m = new AgencyMatcher(await loadGazetteer());
});
const run = (text: string, docType = 'thông báo') =>
  extractDirectives(parseStructure(text.split('\n').map((t, i) => ({ page: 1, line: i + 1, text: t }))).units, {
    matcher: m, docType, refDate: '2025-04-10',
  }).map((d) => ({ line: d.line, section: d.section, text: d.text, who: d.assignees.map((a) => `${a.role}:${a.agency}`), date: d.deadline?.date ?? null, kind: d.deadline?.kind ?? null }));

describe('items that assign a duty', () => {
  it('reads the duties of a schedule notice, not its schedule, its accounts or its closing', () => {
    const text = [
      'Ủy ban nhân dân phường thông báo lịch tiêm chủng mở rộng tháng 5 năm 2025 như sau:',
      '1. Trạm Y tế phường tổ chức tiêm chủng vào sáng thứ Tư hằng tuần tại hội',
      'trường khu phố 3.',
      '2. Công chức Văn hóa - Xã hội có trách nhiệm thông báo lịch tiêm chủng đến',
      'từng hộ gia đình trên địa bàn.',
      '3. Phòng Y tế thành phố đã cấp đủ vắc xin cho phường trước ngày 20 tháng 4 năm 2025.',
      '4. Văn phòng Ủy ban nhân dân phường niêm yết danh sách trẻ em được tiêm tại trụ sở',
      'trước ngày 28 tháng 4 năm 2025.',
      'Ủy ban nhân dân phường thông báo để nhân dân biết, thực hiện./.',
    ].join('\n');
    expect(run(text)).toEqual([
      {
        line: 4, section: '2', text: 'Công chức Văn hóa - Xã hội có trách nhiệm thông báo lịch tiêm chủng đến từng hộ gia đình trên địa bàn.',
        who: ['lead:Công chức Văn hóa - Xã hội'], date: null, kind: null,
      },
      {
        line: 7, section: '4', text: 'Văn phòng Ủy ban nhân dân phường niêm yết danh sách trẻ em được tiêm tại trụ sở trước ngày 28 tháng 4 năm 2025.',
        who: ['lead:Văn phòng Ủy ban nhân dân phường'], date: '2025-04-28', kind: 'before',
      },
    ]);
  });

  it('leaves a list of facts alone, however its items open', () => {
    const text = [
      'Kết quả kiểm tra như sau:',
      '1. Sở Nội vụ đã hoàn thành rà soát biên chế trước ngày 30 tháng 9 năm 2025.',
      '2. Bộ phận một cửa làm việc từ thứ Hai đến thứ Sáu hằng tuần.',
    ].join('\n');
    expect(run(text)).toEqual([]);
  });
});
