// Addressees of real letters (issue 22, item 3): "Kính gửi:" in its printed forms becomes
// `recipients_to` and is never a directive; a letter's requests go to its addressees when they name no
// one else; a report's addressees only receive it; "Nơi nhận:" stays the distribution list, also when
// OCR garbled its heading. Phrases from the real-document set (samples/real/records).
import { describe, expect, it } from 'vitest';
import { extractText } from '../../src/extract/index.js';
import { parseStructure } from '../../src/extract/structure.js';
import { testGazetteer } from '../helpers/models.js';

const toLines = (text: string) => text.split('\n').map((t, i) => ({ page: 1, line: i + 1, text: t }));
const run = async (lines: string[]) => extractText(lines.join('\n'), { id: 'x', doc: 'x.txt', gazetteer: await testGazetteer() });
const HEAD = ['ỦY BAN NHÂN DÂN', 'TỈNH QUẢNG NGÃI', 'Số: 299/UBND-KT', 'V/v triển khai thực hiện', 'Quảng Ngãi, ngày 15 tháng 01 năm 2025'];

describe('Kính gửi', () => {
  it('reads bulleted addressees, one a line, never as directives', async () => {
    const r = await run([...HEAD, 'Kính gửi:', '- Sở Giao thông vận tải;', '- Sở Nông nghiệp và Phát triển nông thôn.',
      'Thực hiện chỉ đạo của Thủ tướng Chính phủ, Chủ tịch UBND tỉnh có ý kiến như sau:',
      '1. Giao Sở Giao thông vận tải chủ trì, phối hợp Sở Nông nghiệp và Phát triển nông thôn nghiên cứu, đề xuất.']);
    expect(r.recipients_to).toEqual(['Sở Giao thông vận tải', 'Sở Nông nghiệp và Phát triển nông thôn']);
    expect(r.directives.map((d) => d.text)).toEqual(['Giao Sở Giao thông vận tải chủ trì, phối hợp Sở Nông nghiệp và Phát triển nông thôn nghiên cứu, đề xuất.']);
  });

  it('reads addressees without bullets, one a line after the first', async () => {
    const s = parseStructure(toLines(['SỞ Y TẾ BẮC NINH', 'BỆNH VIỆN ĐA KHOA TỈNH', 'Số: 6191/BVT-TCKT', 'Bắc Ninh, ngày 27 tháng 9 năm 2021',
      'Kính gửi: Cổng thông tin điện tử Quốc gia về Đấu giá tài sản', 'Cổng thông tin điện tử Sở Y tế Bắc Ninh', 'Cổng thông tin điện tử Bệnh viện đa khoa tỉnh Bắc Ninh',
      'Căn cứ Điều 56 của Luật đấu giá tài sản số 01/2016/QH14;'].join('\n')));
    expect(s.addresseeLines.map((l) => l.text)).toEqual([
      'Cổng thông tin điện tử Quốc gia về Đấu giá tài sản', 'Cổng thông tin điện tử Sở Y tế Bắc Ninh', 'Cổng thông tin điện tử Bệnh viện đa khoa tỉnh Bắc Ninh',
    ]);
    expect(s.units.map((u) => u.text)).toEqual(['Căn cứ Điều 56 của Luật đấu giá tài sản số 01/2016/QH14;']);
  });

  it('splits a list printed on one line ("A; - B; - C.") and persons with their address', async () => {
    const r = await run(['ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH', 'Số: 4240/UBND-VX V/v khẩn trương hoàn thành cập nhật', 'Kính gửi:',
      'Các cơ quan chuyên môn, cơ quan hành chính khác thuộc Ủy ban nhân dân Thành phố; - Các đơn vị sự nghiệp công lập trực thuộc Ủy ban nhân dân Thành phố; - Ủy ban nhân dân các xã, phường và đặc khu.',
      'Chủ tịch Ủy ban nhân dân Thành phố có ý kiến chỉ đạo như sau: Đề nghị các cơ quan, đơn vị khẩn trương triển khai, thực hiện./.']);
    expect(r.recipients_to).toEqual([
      'Các cơ quan chuyên môn, cơ quan hành chính khác thuộc Ủy ban nhân dân Thành phố',
      'Các đơn vị sự nghiệp công lập trực thuộc Ủy ban nhân dân Thành phố',
      'Ủy ban nhân dân các xã, phường và đặc khu',
    ]);
    const p = await run(['ỦY BAN NHÂN DÂN', 'TỈNH QUẢNG NGÃI', 'Số: 53/TB-UBND', 'Quảng Ngãi, ngày 07 tháng 02 năm 2025', 'THÔNG BÁO', 'Về việc thụ lý giải quyết khiếu nại lần hai',
      'Kính gửi: Bà Nguyễn Thị Bích Ngọc và Ông Đoàn Duy Đức', 'Địa chỉ: Thôn Vĩnh Xuân, xã Phổ Phong, thị xã Đức', 'Phổ, tỉnh Quảng Ngãi',
      'Chủ tịch UBND tỉnh Quảng Ngãi nhận được Đơn ngày 30/9/2024 của bà Nguyễn Thị Bích Ngọc.']);
    expect(p.recipients_to).toEqual(['Bà Nguyễn Thị Bích Ngọc', 'Ông Đoàn Duy Đức']);
    expect(p.directives).toEqual([]);
  });

  it('gives a letter\'s request to its addressees; details of the request are not tasks', async () => {
    const r = await run(['SỞ Y TẾ BẮC NINH', 'BỆNH VIỆN ĐA KHOA TỈNH', 'Số: 6191/BVT-TCKT', 'V/v Đăng tải thông tin', 'Bắc Ninh, ngày 27 tháng 9 năm 2021',
      'Kính gửi: Cổng thông tin điện tử Sở Y tế Bắc Ninh', 'Căn cứ Điều 56 của Luật đấu giá tài sản số 01/2016/QH14;',
      'Bệnh viện đa khoa tỉnh Bắc Ninh đề nghị Cổng thông tin điện tử Sở Y tế Bắc Ninh đăng tải thông tin lựa chọn đơn vị thực hiện cuộc đấu giá với nội dung như sau:',
      '1. Thời gian đăng tải: từ ngày 29/9/2021 đến ngày 01/10/2021', '2. Nội dung: (theo phụ lục đính kèm)', 'Bệnh viện đa khoa tỉnh Bắc Ninh trân trọng./.']);
    expect(r.directives).toHaveLength(1);
    expect(r.directives[0].text).toMatch(/^Bệnh viện đa khoa tỉnh Bắc Ninh đề nghị/);
    expect(r.directives[0].assignees.map((a) => a.agency)).toEqual(['Cổng thông tin điện tử Sở Y tế Bắc Ninh']);
    // a web text: the body flattened to one line
    const c = await run([...HEAD, 'Kính gửi:', '- Sở Tài chính;', '- Sở Xây dựng.', [
      'Để hoàn thành việc cập nhật, đồng bộ với Cơ sở dữ liệu quốc gia về cán bộ, công chức, viên chức theo yêu cầu của Bộ Nội vụ, Chủ tịch Ủy ban nhân dân tỉnh có ý kiến chỉ đạo như sau:',
      '1. Giao Sở Nội vụ hướng dẫn, theo dõi tiến độ và đánh giá chất lượng cập nhật dữ liệu cán bộ, công chức, viên chức của các cơ quan, đơn vị.',
      '2. Giao Sở Tài chính bảo đảm kinh phí cho việc cập nhật, đồng bộ cơ sở dữ liệu của các cơ quan, đơn vị trực thuộc tỉnh.',
      'Đề nghị các cơ quan, đơn vị khẩn trương triển khai, thực hiện./.'].join(' ')]);
    expect(c.directives.map((d) => d.assignees.map((a) => a.agency))).toEqual([['Sở Nội vụ'], ['Sở Tài chính'], ['Sở Tài chính', 'Sở Xây dựng']]);
  });

  it('gives a report\'s tasks without actor to no one: its addressees only receive it', async () => {
    const r = await run(['ỦY BAN NHÂN DÂN', 'TỈNH QUẢNG NGÃI', 'Số: /BC-UBND', 'Quảng Ngãi, ngày tháng 01 năm 2025', 'BÁO CÁO', 'Tình hình cải cách thủ tục hành chính tháng 01/2025',
      'Kính gửi:', '- Văn phòng Chính phủ;', '- Bộ Nội vụ.', 'I. KẾT QUẢ THỰC HIỆN', '1. Công tác chỉ đạo được quan tâm.', 'II. NHIỆM VỤ TRỌNG TÂM THÁNG 02/2025',
      '1. Tiếp tục thực hiện việc rà soát, phê duyệt phương án đơn giản hóa thủ tục hành chính nội bộ.', '2. Theo dõi tiếp nhận, xử lý phản ánh, kiến nghị trên Cổng Dịch vụ công Quốc gia.']);
    expect(r.recipients_to).toEqual(['Văn phòng Chính phủ', 'Bộ Nội vụ']);
    expect(r.directives.map((d) => d.assignees)).toEqual([[], []]);
  });
});

describe('tờ trình', () => {
  it('takes the "kính trình" clause as the proposal, to the body it is submitted to', async () => {
    const r = await run(['ỦY BAN NHÂN DÂN', 'TỈNH QUẢNG NGÃI', 'Số: /TTr-UBND', 'Quảng Ngãi, ngày tháng 02 năm 2025', 'TỜ TRÌNH', 'Về việc miễn nhiệm chức danh Ủy viên',
      'Kính gửi: Hội đồng nhân dân tỉnh',
      'Để đảm bảo cơ cấu tổ chức của UBND tỉnh theo quy định tại Điều 20 Luật Tổ chức chính quyền địa phương ngày 19/6/2015; Chủ tịch UBND tỉnh',
      'kính trình HĐND tỉnh miễn nhiệm chức danh Ủy viên UBND tỉnh Quảng Ngãi đối với ông Tôn Long Hiếu.',
      'Kính trình Hội đồng nhân dân tỉnh xem xét, quyết định./.']);
    expect(r.directives).toHaveLength(1);
    expect(r.directives[0]).toMatchObject({ line: 8, text: 'Chủ tịch UBND tỉnh kính trình HĐND tỉnh miễn nhiệm chức danh Ủy viên UBND tỉnh Quảng Ngãi đối với ông Tôn Long Hiếu.' });
    expect(r.directives[0].assignees.map((a) => a.agency)).toEqual(['Hội đồng nhân dân tỉnh']);
  });

  it('takes the amounts listed after "như sau:" as details of the proposal', async () => {
    const r = await run(['ỦY BAN NHÂN DÂN', 'TỈNH QUẢNG NGÃI', 'Số: /TTr-UBND', 'Quảng Ngãi, ngày tháng 02 năm 2025', 'TỜ TRÌNH', 'Về việc giao dự toán năm 2025', 'Kính gửi: Hội đồng nhân dân tỉnh',
      'Để kịp thời thực hiện các nhiệm vụ chi thường xuyên của cơ quan, UBND tỉnh kính trình HĐND tỉnh xem xét, giao dự toán năm 2025 là 10.506 triệu đồng, như sau:',
      '1. Chi phí quản lý hành chính: 9.894 triệu đồng.', '2. Chi sự nghiệp giáo dục, đào tạo, dạy nghề: 612 triệu đồng.',
      'Kính trình HĐND tỉnh xem xét, quyết nghị./.']);
    expect(r.directives.map((d) => d.text)).toEqual(['UBND tỉnh kính trình HĐND tỉnh xem xét, giao dự toán năm 2025 là 10.506 triệu đồng, như sau:']);
  });
});

describe('Nơi nhận', () => {
  it('keeps the distribution list out of the tasks when OCR garbled its heading', async () => {
    const s = parseStructure(toLines(['CHỈ THỊ', 'Về tăng cường chỉ đạo Kỳ thi', 'Thực hiện Chỉ thị số 11/CT-TTg, Chủ tịch UBND tỉnh yêu cầu:', '1. Sở Giáo dục và Đào tạo:',
      'a) Tổ chức Kỳ thi an toàn.', 'b) Chủ trì, phối hợp với Công an tỉnh bảo đảm an ninh./.', 'mộng', '- Bộ Giáo dục và Đào tạo;', '- TT Tỉnh ủy, TT HĐND tỉnh;',
      '- Các sở, ban, ngành tỉnh;', '- Lưu: VT, KGVX.'].join('\n')));
    expect(s.tailStart).toBe(8);
    expect(s.units.map((u) => u.path)).toEqual([null, '1', '1.a', '1.b']);
    expect(s.units.some((u) => /Bộ Giáo dục|Lưu/.test(u.text))).toBe(false);
    // OCR lines of the scan: an item read with a colon, the last line run into the signer's title
    const scan = parseStructure(toLines(['CHỈ THỊ', 'Về tăng cường chỉ đạo Kỳ thi', 'Chủ tịch UBND tỉnh yêu cầu:', '1. Sở Y tế:', 'a) Bảo đảm y tế tại các điểm thi./.', 'mộng',
      '- Công an tỉnh;', '- Công ty Điện lực Quảng Ngãi:', '- Báo Quảng Ngãi:', '- VPUB: CVP, PCVP(VX), CBTH;', '- Lưu: VT, KGVXth96 CHỦ TỊCH'].join('\n')));
    expect(scan.tailStart).toBe(7);
  });
});

describe('thông báo thụ lý khiếu nại', () => {
  it('takes the complainants\' numbered demands for no tasks', async () => {
    const r = await run(['ỦY BAN NHÂN DÂN', 'TỈNH QUẢNG NGÃI', 'Số: /TB-UBND', 'Quảng Ngãi, ngày tháng 01 năm 2025', 'THÔNG BÁO', 'Về việc thụ lý giải quyết khiếu nại lần hai',
      'Kính gửi: Bà Huỳnh Thị Gái, ông Trần Ngọc Vinh',
      'Qua xem xét nội dung đơn đề ngày 10/12/2024 của bà Huỳnh Thị Gái, ông Trần Ngọc Vinh khiếu nại Quyết định số 7362/QĐ-UBND ngày 02/11/2023',
      'của UBND huyện Tư Nghĩa về việc bồi thường, hỗ trợ, với các yêu cầu:',
      '1. Giá đất tính bồi thường, hỗ trợ về đất cho gia đình ông, bà với giá 800.000 đồng/m² là bất hợp lý, phải tính theo giá thị trường;',
      '2. Yêu cầu bố trí 01 lô đất tái định cư cho gia đình ông, bà theo diện nhiều thế hệ sinh sống trên một thửa đất ở bị thu hồi.']);
    expect(r.recipients_to).toEqual(['Bà Huỳnh Thị Gái', 'ông Trần Ngọc Vinh']);
    expect(r.directives).toEqual([]);
  });
});
