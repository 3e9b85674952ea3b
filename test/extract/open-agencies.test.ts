// Open-world agencies and person titles (issue 22, item 4): a heading over items names their lead even
// when the gazetteer lacks the body, spelled as printed; an item that opens with its own subject leads
// itself. Phrases from the real-document set (samples/real/records).
import { beforeAll, describe, expect, it } from 'vitest';
import { AgencyMatcher } from '../../src/extract/agencies.js';
import { headingLeads } from '../../src/extract/directives.js';
import { extractText } from '../../src/extract/index.js';
import { loadGazetteer } from '../../src/runtime/node/models.js';
import { testGazetteer } from '../helpers/models.js';

let m: AgencyMatcher;
beforeAll(async () => {
  m = new AgencyMatcher(await loadGazetteer());
});
const run = async (lines: string[]) => extractText(lines.join('\n'), { id: 'x', doc: 'x.txt', gazetteer: await testGazetteer() });
const HEAD = ['ỦY BAN NHÂN DÂN', 'TỈNH QUẢNG NGÃI', 'Số: 11/CT-UBND', 'Quảng Ngãi, ngày 11 tháng 5 năm 2021', 'CHỈ THỊ', 'Về tăng cường chỉ đạo Kỳ thi',
  'Để tổ chức Kỳ thi an toàn, Chủ tịch UBND tỉnh yêu cầu:'];
const leads = (r: Awaited<ReturnType<typeof run>>) => r.directives.map((d) => [d.section, d.assignees.filter((a) => a.role === 'lead').map((a) => a.agency)]);

describe('headings that lead their items', () => {
  it('reads who a heading names, up to its verb, as printed', () => {
    expect(headingLeads('Sở Giáo dục và Đào tạo chịu trách nhiệm toàn diện về tổ chức Kỳ thi, trực tiếp thực hiện các khâu:', m)).toEqual(['Sở Giáo dục và Đào tạo']);
    expect(headingLeads('Ban Chỉ đạo phòng, chống thiên tai huyện Sơn Tịnh:', m)).toEqual(['Ban Chỉ đạo phòng, chống thiên tai huyện Sơn Tịnh']);
    expect(headingLeads('Báo và Phát thanh, Truyền hình thành phố', m)).toEqual(['Báo và Phát thanh, Truyền hình thành phố']);
    expect(headingLeads('Các đơn vị cấp nước sạch trên địa bàn thành phố có trách nhiệm', m)).toEqual(['Các đơn vị cấp nước sạch trên địa bàn thành phố']);
    expect(headingLeads('Thủ trưởng các sở, ban, ngành tỉnh; Chủ tịch UBND các huyện, thị xã, thành phố có trách nhiệm:', m))
      .toEqual(['Thủ trưởng các sở, ban, ngành tỉnh', 'Chủ tịch Ủy ban nhân dân các huyện, thị xã, thành phố']);
    // "Giao người đứng đầu ...; Chủ tịch ..." over dashes (a web letter): the persons, as printed
    expect(headingLeads('Giao người đứng đầu các cơ quan chuyên môn trực thuộc Ủy ban nhân dân Thành phố; Chủ tịch Ủy ban nhân dân các xã, phường và đặc khu', m))
      .toEqual(['Người đứng đầu các cơ quan chuyên môn trực thuộc Ủy ban nhân dân Thành phố', 'Chủ tịch Ủy ban nhân dân các xã, phường và đặc khu']);
    // topics are not leads
    expect(headingLeads('Công tác tuyên truyền:', m)).toBeNull();
    expect(headingLeads('Tổ chức thực hiện', m)).toBeNull();
    expect(headingLeads('Về nhân lực, cơ sở vật chất phục vụ Kỳ thi, cụ thể như sau:', m)).toBeNull();
  });

  it('gives the lettered tasks under such a heading their lead', async () => {
    const r = await run([...HEAD,
      '1. Sở Giáo dục và Đào tạo chịu trách nhiệm toàn diện về tổ chức Kỳ thi, trực tiếp thực hiện các khâu:',
      'a) Ban hành các văn bản chỉ đạo, hướng dẫn và triển khai kế hoạch tổ chức Kỳ thi;',
      'b) Tổ chức thanh tra, kiểm tra công tác chuẩn bị và tổ chức Kỳ thi.',
      '2. Ban Chỉ đạo phòng, chống thiên tai huyện Sơn Tịnh:',
      'a) Rà soát các khu dân cư có nguy cơ sạt lở;', 'b) Chuẩn bị lực lượng, phương tiện ứng phó.',
    ]);
    expect(leads(r)).toEqual([
      ['1.a', ['Sở Giáo dục và Đào tạo']], ['1.b', ['Sở Giáo dục và Đào tạo']],
      ['2.a', ['Ban Chỉ đạo phòng, chống thiên tai huyện Sơn Tịnh']], ['2.b', ['Ban Chỉ đạo phòng, chống thiên tai huyện Sơn Tịnh']],
    ]);
  });

  it('lets an item that opens with its own subject lead itself', async () => {
    const r = await run([...HEAD, '5. Sở Tài chính và Kho bạc Nhà nước Quảng Ngãi',
      'a) Sở Tài chính hướng dẫn và giải quyết kinh phí tổ chức kỳ thi theo đúng quy định;',
      'b) Kho bạc Nhà nước tỉnh thực hiện theo thẩm quyền và chỉ đạo Kho bạc Nhà nước cấp huyện giải quyết kịp thời.']);
    expect(leads(r)).toEqual([['5.a', ['Sở Tài chính']], ['5.b', ['Kho bạc Nhà nước tỉnh']]]);
  });
});

describe('kế hoạch: a heading naming a body, without colon, over paragraphs', () => {
  it('gives one task per paragraph under "1. Công an tỉnh", led by it', async () => {
    const r = await run(['ỦY BAN NHÂN DÂN', 'TỈNH NGHỆ AN', 'Số: 1026/KH-UBND', 'Nghệ An, ngày 26 tháng 11 năm 2025', 'KẾ HOẠCH', 'Thực hiện Chỉ thị số 32/CT-TTg',
      'III. PHÂN CÔNG NHIỆM VỤ', '1. Công an tỉnh',
      'Chủ trì, phối hợp với các cơ quan, đơn vị có liên quan tham mưu Chủ tịch UBND tỉnh kiện toàn Ban Chỉ đạo bảo vệ bí mật nhà nước tỉnh.',
      'Tiếp tục tăng cường công tác quản lý nhà nước về bảo vệ bí mật nhà nước, trong đó tập trung công tác tuyên truyền.',
      '2. Bộ Chỉ huy Quân sự tỉnh',
      'Tiếp tục tăng cường công tác quản lý nhà nước về bảo vệ bí mật nhà nước thuộc phạm vi quản lý của lực lượng vũ trang tỉnh.',
    ]);
    expect(r.directives.map((d) => [d.line, d.section, d.assignees.filter((a) => a.role === 'lead').map((a) => a.agency)])).toEqual([
      [9, 'III.1', ['Công an tỉnh']], [10, 'III.1', ['Công an tỉnh']], [12, 'III.2', ['Bộ Chỉ huy Quân sự tỉnh']],
    ]);
    expect(r.directives[0].text).toMatch(/^Chủ trì, phối hợp/);
  });
});

describe('confidence (issue 22, item 7)', () => {
  it('says how each directive and assignee was found, surest first for a heading', async () => {
    const r = await run([...HEAD, '1. Sở Giáo dục và Đào tạo chịu trách nhiệm toàn diện về tổ chức Kỳ thi, trực tiếp thực hiện các khâu:',
      'a) Chủ trì, phối hợp với Công an tỉnh bảo đảm an ninh, an toàn Kỳ thi.', 'b) Tổ chức thanh tra, kiểm tra công tác chuẩn bị Kỳ thi.']);
    const [a, b] = r.directives;
    expect(a).toMatchObject({ found_by: 'list item', confidence: 0.9 });
    expect(a.assignee_confidence).toEqual([
      { agency: 'Sở Giáo dục và Đào tạo', found_by: 'heading', confidence: 0.85 },
      { agency: 'Công an tỉnh', found_by: 'cooperation cue', confidence: 0.85 },
    ]);
    expect(b.assignee_confidence).toEqual([{ agency: 'Sở Giáo dục và Đào tạo', found_by: 'heading', confidence: 0.85 }]);
    for (const d of r.directives) expect(d.assignee_confidence?.map((x) => x.agency)).toEqual(d.assignees.map((x) => x.agency));
  });
});

describe('kế hoạch: a task table flattened to lettered rows', () => {
  it('gives one task per paragraph of the "Nhiệm vụ" row, led by the agency row, under the group heading', async () => {
    const r = await run(['ỦY BAN NHÂN DÂN', 'THÀNH PHỐ HÀ NỘI', 'Số: 308/KH-UBND', 'Hà Nội, ngày 17 tháng 11 năm 2025', 'KẾ HOẠCH', 'Phát triển dữ liệu năm 2025',
      'II. NHIỆM VỤ', '1. Về thể chế', '1.2. Triển khai, phát triển dữ liệu:', 'a) Nhiệm vụ:',
      'Triển khai rà soát, hoàn thiện, chuẩn hóa cơ sở dữ liệu của đơn vị khi kết nối, đồng bộ trên các nền tảng số.',
      'Phối hợp triển khai số hóa theo hướng dẫn của Bộ, ngành chuyên môn đối với các cơ sở dữ liệu quốc gia.',
      'b) Cơ quan thực hiện:', 'Đơn vị chủ trì: Sở Khoa học và Công nghệ.', 'Đơn vị phối hợp: Sở Tài chính.',
      'c) Thời gian thực hiện: Hoàn thành trước ngày 31/12/2025.']);
    expect(r.directives.map((d) => [d.line, d.section, d.assignees.map((a) => `${a.agency}:${a.role}`), d.deadline?.date])).toEqual([
      [11, 'II.1.2', ['Sở Khoa học và Công nghệ:lead', 'Sở Tài chính:cooperate'], '2025-12-31'],
      [12, 'II.1.2', ['Sở Khoa học và Công nghệ:lead', 'Sở Tài chính:cooperate'], '2025-12-31'],
    ]);
    expect(r.directives[0].text).toBe('Triển khai rà soát, hoàn thiện, chuẩn hóa cơ sở dữ liệu của đơn vị khi kết nối, đồng bộ trên các nền tảng số.');
  });
});
