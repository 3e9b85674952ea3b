// The header block of real documents (issue 22, item 2): the national motto never an agency or
// issuer part, two columns read as one line split at the motto, blanks left for handwriting, the
// issue date never from a cited document, the issuer of a document without header.
import { beforeAll, describe, expect, it } from 'vitest';
import { AgencyMatcher } from '../../src/extract/agencies.js';
import { extractMetadata } from '../../src/extract/metadata.js';
import { beforeMotto, isHeaderNoise, mottoAt, parseStructure } from '../../src/extract/structure.js';
import { loadGazetteer } from '../../src/runtime/node/models.js';

const toLines = (text: string) => text.split('\n').map((t, i) => ({ page: 1, line: i + 1, text: t }));
let m: AgencyMatcher;
beforeAll(async () => {
  m = new AgencyMatcher(await loadGazetteer());
});
const meta = (lines: string[]) => extractMetadata(parseStructure(toLines(lines.join('\n'))), m);

describe('header block', () => {
  it('knows the motto and its rule lines, in any spelling of "hòa"', () => {
    expect(isHeaderNoise('CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM')).toBe(true);
    expect(isHeaderNoise('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')).toBe(true);
    expect(isHeaderNoise('Độc lập - Tự do - Hạnh phúc')).toBe(true);
    expect(isHeaderNoise('Độc lập – Tự do – Hạnh phúc')).toBe(true);
    expect(isHeaderNoise('_______________')).toBe(true);
    expect(isHeaderNoise('ỦY BAN NHÂN DÂN')).toBe(false);
    expect(mottoAt('Sở Giao thông vận tải')).toBe(-1);
    // two columns read as one line: the left column only
    expect(beforeMotto('ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')).toBe('ỦY BAN NHÂN DÂN');
    expect(beforeMotto('TỈNH QUẢNG NGÃI Độc lập - Tự do - Hạnh phúc')).toBe('TỈNH QUẢNG NGÃI');
  });

  it('reads the issuer of a header whose two columns are joined line by line', () => {
    const r = meta([
      'ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'TỈNH QUẢNG NGÃI Độc lập - Tự do - Hạnh phúc',
      'Số: 299/UBND-KT Quảng Ngãi, ngày 15 tháng 01 năm 2025',
      'V/v triển khai thực hiện Nghị quyết',
      'Kính gửi:',
      '- Sở Giao thông vận tải;',
      '- Sở Tài chính.',
      'Thực hiện chỉ đạo của Thủ tướng Chính phủ, Chủ tịch UBND tỉnh có ý kiến như sau:',
    ]);
    expect(r).toMatchObject({ issuer: 'Ủy ban nhân dân tỉnh Quảng Ngãi', number: '299/UBND-KT', issued_date: '2025-01-15', place: 'Quảng Ngãi' });
  });

  it('takes the lower body of a two-body issuer block, with the place of the one above it', () => {
    const r = meta([
      'SỞ Y TẾ BẮC NINH', 'BỆNH VIỆN ĐA KHOA TỈNH', 'Số: 6191/BVT-TCKT', 'V/v Đăng tải thông tin lựa chọn',
      'CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Bắc Ninh, ngày 27 tháng 9 năm 2021',
      'Kính gửi: Cổng thông tin điện tử Quốc gia về Đấu giá tài sản', 'Bệnh viện đa khoa tỉnh Bắc Ninh thông báo như sau:',
    ]);
    expect(r).toMatchObject({ issuer: 'Bệnh viện đa khoa tỉnh Bắc Ninh', number: '6191/BVT-TCKT', issued_date: '2021-09-27' });
  });

  it('never takes the title in capitals or a name into the issuer', () => {
    const r = meta([
      'ỦY BAN NHÂN DÂN', 'TỈNH QUẢNG NGÃI', 'Số: 53/TB-UBND', 'Quảng Ngãi, ngày 07 tháng 02 năm 2025',
      'KẾT LUẬN CỦA CHỦ TỊCH UBND TỈNH ĐẶNG VĂN MINH', 'tại cuộc họp về phòng, chống thiên tai', 'Ngày 05/02/2025, Chủ tịch UBND tỉnh chủ trì cuộc họp.',
    ]);
    expect(r.issuer).toBe('Ủy ban nhân dân tỉnh Quảng Ngãi');
  });

  it('gives the printed part of a number and a date left blank for handwriting, flagged', () => {
    const r = meta([
      'ỦY BAN NHÂN DÂN', 'TỈNH QUẢNG NGÃI', 'Số: /TTr -UBND', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc',
      'Quảng Ngãi, ngày tháng 02 năm 2025', 'TỜ TRÌNH', 'Về việc miễn nhiệm chức danh Ủy viên', 'Kính gửi: Hội đồng nhân dân tỉnh',
    ]);
    expect(r).toMatchObject({ number: '/TTr-UBND', number_handwritten: true, place: 'Quảng Ngãi', issued_date: null, issued_day_handwritten: true, issuer: 'Ủy ban nhân dân tỉnh Quảng Ngãi' });
    expect(meta(['ỦY BAN NHÂN DÂN', 'TỈNH QUẢNG NGÃI', 'Số: ......./CT-UBND', 'Quảng Ngãi, ngày ... tháng 5 năm 2021', 'CHỈ THỊ', 'Về tăng cường chỉ đạo Kỳ thi']))
      .toMatchObject({ number: '/CT-UBND', number_handwritten: true, issued_day_handwritten: true });
  });

  it('takes no date from a body sentence about a cited document', () => {
    const r = meta([
      'ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH', 'Số: 4240/UBND-VX V/v khẩn trương hoàn thành cập nhật', 'Kính gửi:', '- Sở Nội vụ.',
      'Ngày 28 tháng 10 năm 2025, Chủ tịch Ủy ban nhân dân Thành phố đã ban hành Công văn số 3280/UBND-VX về việc triển khai cập nhật.',
    ]);
    expect(r.date).toBeNull();
    expect(r.issued_date).toBeNull();
    // a meeting still dates a notice
    expect(meta(['THÔNG BÁO', 'Kết luận của Chủ tịch UBND tỉnh', 'Ngày 20 tháng 7 năm 2020, Chủ tịch UBND tỉnh chủ trì cuộc họp với các sở.']).date).toBe('2020-07-20');
  });

  it('gives a document without header the issuer that writes it, not one it cites', () => {
    const r = meta([
      'BÁO CÁO', 'Kết quả thực hiện phong trào năm 2024',
      'Thực hiện Kế hoạch số 12/KH-BCĐ ngày 10/01/2024 của Ban Chỉ đạo Trung ương về phong trào, UBND xã Nghĩa Hòa đã triển khai các nội dung sau:',
      'I. KẾT QUẢ', '1. Công tác tuyên truyền được quan tâm.', 'Nơi nhận:', '- UBND huyện;', '- Lưu: VT.', 'TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH', 'Nguyễn Văn An',
    ]);
    expect(r.issuer).toBe('Ủy ban nhân dân xã Nghĩa Hòa');
    // only the signature names the body
    expect(meta(['BÁO CÁO', 'Kết quả công tác tháng 01', 'Trong tháng, công tác được triển khai.', 'I. KẾT QUẢ', '1. Tốt.', 'Nơi nhận:', '- Lưu: VT.', 'TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH']).issuer)
      .toBe('Ủy ban nhân dân');
  });
});
