// Rules for the assignees of real documents of every kind (issue 22): short lines written for the
// test, expected values read by hand.
import { beforeAll, describe, expect, it } from 'vitest';
import { AgencyMatcher } from '../../src/extract/agencies.js';
import { extractDirectives, opensWithAssignment } from '../../src/extract/directives.js';
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
