import { beforeAll, describe, expect, it } from 'vitest';
import { AgencyMatcher } from '../../src/extract/agencies.js';
import { loadGazetteer } from '../../src/runtime/node/models.js';
import { extractMetadata } from '../../src/extract/metadata.js';
import { markerOf, parseStructure } from '../../src/extract/structure.js';

const toLines = (text: string) => text.split('\n').map((t, i) => ({ page: 1, line: i + 1, text: t }));
let m: AgencyMatcher;
beforeAll(async () => {
  m = new AgencyMatcher(await loadGazetteer());
});

describe('structure', () => {
  it('recognises the numbering forms', () => {
    expect(markerOf('II. Nhiệm vụ, giải pháp')).toMatchObject({ kind: 'roman', label: 'II' });
    expect(markerOf('2. Sở Khoa học và Công nghệ:')).toMatchObject({ kind: 'num', label: '2' });
    expect(markerOf('đ) Tập trung lãnh đạo')).toMatchObject({ kind: 'letter', label: 'đ' });
    expect(markerOf('Điều 2. Giao Sở Nội vụ')).toMatchObject({ kind: 'article', label: 'Điều 2' });
    expect(markerOf('+ Khối HĐND')).toMatchObject({ kind: 'plus' });
    expect(markerOf('* Đối với những tồn tại')).toMatchObject({ kind: 'dash' });
    expect(markerOf('20 cấp xã), tỷ lệ')).toBeNull();
    expect(markerOf('1.029 hồ sơ')).toBeNull();
  });

  it('builds section paths and keeps footnotes apart, continuing items across page breaks', () => {
    const s = parseStructure(
      toLines(
        [
          'THÔNG BÁO', 'Kết luận của Chủ tịch UBND tỉnh', '', 'Ngày 01/6/2023, tại trụ sở UBND tỉnh,',
          'II. Nhiệm vụ', '1. Giám đốc Sở Nội vụ', 'a) Tăng cường công tác', '- Nâng cao hiệu quả thực hiện nhiệm vụ của',
          '', '2 Công văn số 217/SKHCN-TTCĐS ngày 25/7/2025 của Sở Khoa học và Công nghệ về hướng dẫn đảm bảo đường truyền',
          '', 'https://nq57.vn/', '', 'các đơn vị, địa phương.',
        ].join('\n'),
      ),
    );
    expect(s.units.map((u) => [u.kind, u.path])).toEqual([
      ['para', null], ['roman', 'II'], ['num', 'II.1'], ['letter', 'II.1.a'], ['dash', 'II.1.a'],
    ]);
    expect(s.units[4].text).toBe('Nâng cao hiệu quả thực hiện nhiệm vụ của các đơn vị, địa phương.');
    expect(s.units[4].lastLine).toBe(14);
    expect(s.footnotes).toEqual([{ page: 1, line: 10, mark: '2', text: expect.stringMatching(/^Công văn số 217/) }]);
  });
});

describe('metadata', () => {
  it('reads the header, the body date, the signer and the recipients', () => {
    const text = [
      'ỦY BAN NHÂN DÂN', 'TỈNH AN BÌNH', 'Số: 02/TB-UBND', 'An Bình, ngày 26 tháng 7 năm 2020', '', 'THÔNG BÁO',
      'Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp', 'về cải cách hành chính', '',
      'Ngày 20 tháng 7 năm 2020, Phó Chủ tịch UBND tỉnh chủ trì cuộc họp. Sau khi nghe báo cáo, Phó Chủ tịch kết luận như sau:',
      '1. Sở Nội vụ:', '- Tham mưu sửa đổi quy chế.', '',
      'Nơi nhận:                          KT. CHỦ TỊCH', '- Sở Nội vụ;                       PHÓ CHỦ TỊCH', '- Các Sở: TP, TC;', '- Lưu: VT.', '', 'Nguyễn Văn An',
    ].join('\n');
    const s = parseStructure(toLines(text));
    const meta = extractMetadata(s, m);
    expect(meta).toMatchObject({
      doc_type: 'thông báo kết luận',
      number: '02/TB-UBND',
      place: 'An Bình',
      issued_date: '2020-07-26',
      date: '2020-07-20',
      title: 'Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp về cải cách hành chính',
      issuer: 'Ủy ban nhân dân tỉnh An Bình',
      recipients: ['Sở Nội vụ', 'Sở Tư pháp', 'Sở Tài chính'],
    });
    expect(meta.signer).toMatchObject({ name: 'Nguyễn Văn An', title: 'KT. CHỦ TỊCH / PHÓ CHỦ TỊCH' });
  });

  it('takes no body sentence for a title, and keeps a long title in capitals', () => {
    const head = ['VĂN PHÒNG CHÍNH PHỦ', 'Số: 623/TB-VPCP', 'Hà Nội, ngày 15 tháng 11 năm 2025', 'THÔNG BÁO'];
    const body = 'Chiều ngày 09 tháng 11 năm 2025, tại trụ sở Ủy ban nhân dân tỉnh, Phó Thủ tướng Chính phủ đã chủ trì buổi làm việc với lãnh đạo tỉnh.';
    expect(extractMetadata(parseStructure(toLines([...head, body, 'I. ĐÁNH GIÁ CHUNG'].join('\n'))), m).title).toBeNull();
    const long = 'THỰC HIỆN LỘ TRÌNH ĐỔI MỚI CÔNG NGHỆ ĐẾN NĂM 2035 TRÊN ĐỊA BÀN TỈNH ĐỐI VỚI CÁC NGÀNH KINH TẾ MŨI NHỌN';
    const plan = ['ỦY BAN NHÂN DÂN TỈNH AN BÌNH', 'Số: 552/KH-UBND', 'An Bình, ngày 19 tháng 11 năm 2025', 'KẾ HOẠCH', long, 'Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;', 'I. MỤC ĐÍCH, YÊU CẦU'];
    expect(extractMetadata(parseStructure(toLines(plan.join('\n'))), m).title).toBe(long);
  });

  it('reads a công văn: number code, V/v subject, Kính gửi addressees', () => {
    const text = ['Số: 812/UBND-KGVX', 'V/v triển khai tiêm chủng', 'và báo cáo', '', 'Kính gửi:', '- Sở Y tế;', '- UBND các xã, phường.', '', 'Thực hiện chỉ đạo...'].join('\n');
    const s = parseStructure(toLines(text));
    const meta = extractMetadata(s, m);
    expect(meta).toMatchObject({ doc_type: 'công văn', subject: 'triển khai tiêm chủng và báo cáo', addressees: ['Sở Y tế', 'Ủy ban nhân dân các xã, phường'] });
    expect(s.units.map((u) => u.text)).toEqual(['Thực hiện chỉ đạo...']);
  });
});
