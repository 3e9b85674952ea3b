import { describe, expect, it } from 'vitest';
import { findStatistics, parseNumber } from '../../src/extract/statistics.js';
import { makeFlow } from '../../src/extract/text.js';
import { timeSpans } from '../../src/extract/deadlines.js';

const stats = (text: string) => {
  const flow = makeFlow([{ line: 7, page: 2, text }]);
  return findStatistics(flow, timeSpans(text)).map((s) => ({ value: s.value, of: s.of, unit: s.unit }));
};

describe('statistics', () => {
  it('reads decimal commas and points as written, and dot-grouped thousands', () => {
    expect(parseNumber('99,54', true)).toBe(99.54);
    expect(parseNumber('82.92')).toBe(82.92);
    expect(parseNumber('2.396')).toBe(2396);
    expect(parseNumber('10.879')).toBe(10879);
  });

  it('finds percentages, scores, ratios and counts with their units', () => {
    expect(stats('giải quyết đúng hạn đạt tỷ lệ 99.54%, UBND cấp xã đạt 85,3%')).toEqual([
      { value: 99.54, of: undefined, unit: '%' },
      { value: 85.3, of: undefined, unit: '%' },
    ]);
    expect(stats('chỉ đạt 82.92 điểm, xếp hạng 51/63 tỉnh, thành phố')).toEqual([
      { value: 82.92, of: undefined, unit: 'điểm' },
      { value: 51, of: 63, unit: 'hạng' },
    ]);
    expect(stats('đến nay, 20/20 Sở, ngành đã ban hành')).toEqual([{ value: 20, of: 20, unit: 'đơn vị' }]);
    expect(stats('đã tiếp nhận: 2.396 hồ sơ')).toEqual([{ value: 2396, of: undefined, unit: 'hồ sơ' }]);
    expect(stats('chỉ đạt bình quân 60-80%')).toEqual([{ value: 60, of: undefined, unit: '%' }]);
    // amounts in foreign currency and areas
    expect(stats('xuất khẩu đạt 2,6 tỷ USD; bê tông hóa 35,5 km2 đường giao thông')).toEqual([
      { value: 2.6, of: undefined, unit: 'tỷ USD' },
      { value: 35.5, of: undefined, unit: 'km2' },
    ]);
  });

  it('carries % over a list written without it ("70% cấp sở, 30% cấp huyện, 20 cấp xã")', () => {
    expect(stats('tối thiểu 70% cấp sở, 30% cấp huyện, 20 cấp xã').map((s) => s.unit)).toEqual(['%', '%', '%']);
  });

  it('leaves out dates, periods, document numbers and list numbering', () => {
    expect(stats('Đến hết tháng 5/2023, trong 6 tháng đầu năm 2023, ngày 01/7/2025')).toEqual([]);
    expect(stats('mô hình chính quyền địa phương 02 cấp; Tổng đài 1022; mức độ 2')).toEqual([]);
    expect(stats('(16) Phối hợp kiểm tra')).toEqual([]);
  });

  it('skips a threshold after a count ("11/20 sở ngành đạt trên 70%")', () => {
    expect(stats('có 11/20 sở ngành đạt trên 70%')).toEqual([{ value: 11, of: 20, unit: 'đơn vị' }]);
  });

  it('keeps provenance', () => {
    const flow = makeFlow([
      { line: 3, page: 1, text: 'toàn tỉnh có 01' },
      { line: 4, page: 1, text: 'đơn vị tự đảm bảo chi thường xuyên' },
    ]);
    expect(findStatistics(flow)[0]).toMatchObject({ line: 3, page: 1, value: 1, unit: 'đơn vị' });
  });

  it('leaves out times of day, and keeps durations', () => {
    expect(stats('buổi sáng từ 7 giờ 30 phút đến 11 giờ 30 phút, buổi chiều từ 13 giờ 30 phút đến 17 giờ.')).toEqual([]);
    expect(stats('họp lúc 8 giờ tại hội trường; niêm yết trước 16 giờ')).toEqual([]);
    expect(stats('trả kết quả trong 24 giờ, tương đương 3 ngày làm việc; 40 giờ làm việc mỗi tuần')).toEqual([
      { value: 24, of: undefined, unit: 'giờ' },
      { value: 3, of: undefined, unit: 'ngày làm việc' },
      { value: 40, of: undefined, unit: 'giờ làm việc' },
    ]);
  });
});
