import { describe, expect, it } from 'vitest';
import { dateShadow, pickDeadline } from '../../src/extract/deadlines.js';

const at = (refDate: string) => ({ refDate });

describe('deadlines in noisy text', () => {
  it.each([
    ['bao cao UBND tinh truoc ngay 30 thang 10 nam 2025.', '2025-10-30', 'before'],
    ['hoan thanh trong thang 10 nim 2025', '2025-10-31', 'by_end_of'],
    ['trinh UBND tinh cham nhat ngay 3O/11/2025', '2025-11-30', 'no_later_than'],
    ['bao cao ket qua truoc ngay l5/12/2025 de theo doi', '2025-12-15', 'before'],
    ['khắc phục về Văn phòng UBND tỉnh truée ngày 15/12/2025 để theo dõi', '2025-12-15', 'before'],
    ['kinh phí hoàn thành trong quý I1/2026', '2026-06-30', 'by_end_of'],
    ['xu ly dut diem trong thoi gian den cuoi ndm 2023;', '2023-12-31', 'by_end_of'],
    ['giải pháp cụ thể trong 6 tháng cuối nim 2023,', '2023-12-31', 'by_end_of'],
  ])('%s', (text, date, kind) => {
    expect(pickDeadline(text, at('2023-01-01'))).toMatchObject({ date, kind });
  });

  it('keeps the phrase as written and reads recurrences without diacritics', () => {
    expect(pickDeadline('bao cao truoc ngay 30 thang 10 nam 2025', at('2025-01-01'))?.text).toBe('truoc ngay 30 thang 10 nam 2025');
    expect(pickDeadline('dinh ky sang thu Hai hang tuan bao cao', at('2025-01-01'))).toMatchObject({ kind: 'recurring', rule: 'FREQ=WEEKLY;BYDAY=MO' });
  });

  it('does not take near words for cues, nor fix letters outside numbers', () => {
    expect(pickDeadline('tập trung ngày 15/12/2025 tại hội trường', at('2025-01-01'))).toBeNull();
    expect(pickDeadline('Trường ngày 15/12/2025', at('2025-01-01'))).toBeNull();
    expect(dateShadow('lO hồ sơ, l0 hồ sơ, Io')).toBe('lO ho so, 10 ho so, Io');
  });
});
