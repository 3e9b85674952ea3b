import { describe, expect, it } from 'vitest';
import { findDeadlines, parseDate, pickDeadline } from '../../src/extract/deadlines.js';

const at = (refDate: string) => ({ refDate });

describe('deadlines', () => {
  it.each([
    ['báo cáo UBND tỉnh trước ngày 30 tháng 10 năm 2025.', '2025-10-30', 'before'],
    ['trình UBND tỉnh chậm nhất ngày 30/11/2025', '2025-11-30', 'no_later_than'],
    ['Hoàn thành trong tháng 10/2025.', '2025-10-31', 'by_end_of'],
    ['Hoàn thành trong tháng 10 năm 2025.', '2025-10-31', 'by_end_of'],
    ['dự kiến hoàn thành trong quý II và III/2023.', '2023-09-30', 'by_end_of'],
    ['xử lý dứt điểm trong thời gian đến cuối năm 2023;', '2023-12-31', 'by_end_of'],
    ['nhiệm vụ, giải pháp cụ thể trong 6 tháng cuối năm 2023,', '2023-12-31', 'by_end_of'],
    ['tổ chức sơ kết vào ngày 15/12/2025', '2025-12-15', 'on'],
    ['kinh phí hoàn thành trong quý II/2026', '2026-06-30', 'by_end_of'],
    ['gửi về Sở Nội vụ đến hết ngày 05/01/2026', '2026-01-05', 'no_later_than'],
    // a plan's labels, a capital "Quý", a span of years
    ['Thời gian thực hiện: Quý IV/2025.', '2025-12-31', 'by_end_of'],
    ['Thời gian hoàn thành: Quý III năm 2026', '2026-09-30', 'by_end_of'],
    ['Thời gian thực hiện: Năm 2026 - 2030.', '2030-12-31', 'by_end_of'],
    ['Thời hạn hoàn thành: 31/12/2025.', '2025-12-31', 'no_later_than'],
  ])('%s', (text, date, kind) => {
    expect(pickDeadline(text, at('2023-01-01'))).toMatchObject({ date, kind });
  });

  it('takes a missing year from the document date, rolling over the new year', () => {
    expect(pickDeadline('hoàn thành trong tháng 10', at('2025-10-14'))).toMatchObject({ date: '2025-10-31' });
    expect(pickDeadline('báo cáo trước ngày 15/01', at('2025-12-10'))).toMatchObject({ date: '2026-01-15', kind: 'before' });
  });

  it('gives recurrences as RRULE without a date', () => {
    expect(pickDeadline('báo cáo tại cuộc họp định kỳ sáng thứ Hai hằng tuần về', at('2025-10-14'))).toEqual({
      date: null, kind: 'recurring', text: 'định kỳ sáng thứ Hai hằng tuần', rule: 'FREQ=WEEKLY;BYDAY=MO',
    });
    const monthly = pickDeadline('Kể từ tháng 11 năm 2025, định kỳ hằng tháng công khai danh sách', at('2025-10-14'));
    expect(monthly).toMatchObject({ date: null, kind: 'recurring', rule: 'FREQ=MONTHLY', text: 'Kể từ tháng 11 năm 2025, định kỳ hằng tháng' });
    expect(pickDeadline('định kỳ hằng quý báo cáo', at('2025-01-01'))?.rule).toBe('FREQ=MONTHLY;INTERVAL=3');
    expect(pickDeadline('báo cáo trước ngày 25 hằng tháng', at('2025-01-01'))?.rule).toBe('FREQ=MONTHLY;BYMONTHDAY=25');
  });

  it('ignores past dates and prefers the closing deadline over a parenthesised one', () => {
    const text =
      'các hồ sơ được tiếp nhận trước ngày 01 tháng 7 năm 2025 (hoàn thành chậm nhất trong tháng 11 năm 2025) và báo cáo trước ngày 05 tháng 11 năm 2025.';
    expect(findDeadlines(text, at('2025-10-14')).map((d) => d.date)).toEqual(['2025-11-30', '2025-11-05']);
    expect(pickDeadline(text, at('2025-10-14'))).toMatchObject({ date: '2025-11-05', kind: 'before' });
  });

  it('does not read ratios, bare years or dates without a cue as deadlines', () => {
    expect(findDeadlines('xử lý 07/8 văn bản', at('2023-01-01'))).toEqual([]);
    expect(findDeadlines('Ngày 14 tháng 10 năm 2025, tại trụ sở', at('2025-01-01'))).toEqual([]);
    expect(findDeadlines('viên chức hằng năm.', at('2025-01-01'))).toEqual([]);
  });

  it('parses D/M/Y and spelled-out dates', () => {
    expect(parseDate('ngày 22 tháng 12 năm 2024')).toBe('2024-12-22');
    expect(parseDate('ngày 5/8/2025')).toBe('2025-08-05');
    expect(parseDate('ngày 31/02/2025')).toBeNull();
  });
});
