// Units of counted things, as written after a number, to the unit the record gives. Longest first
// wins, so "xã, phường" beats "xã". Extend here.
export const UNITS: Array<{ word: string; unit?: string }> = [
  { word: 'điểm' }, { word: 'hạng' },
  { word: 'xã, phường, thị trấn', unit: 'xã, phường' }, { word: 'xã, phường' }, { word: 'phường, xã', unit: 'xã, phường' },
  { word: 'xã', unit: 'xã' }, { word: 'phường' }, { word: 'thị trấn' },
  { word: 'huyện, thị xã, thành phố', unit: 'địa phương' }, { word: 'huyện, thành phố', unit: 'địa phương' },
  { word: 'huyện', unit: 'địa phương' }, { word: 'thành phố', unit: 'địa phương' }, { word: 'tỉnh, thành phố', unit: 'địa phương' },
  { word: 'địa phương' }, { word: 'thôn, làng' }, { word: 'thôn, tổ dân phố' }, { word: 'thôn' }, { word: 'làng' }, { word: 'tổ dân phố' },
  { word: 'đơn vị sự nghiệp', unit: 'đơn vị' }, { word: 'đơn vị' }, { word: 'cơ quan, doanh nghiệp, tổ chức' }, { word: 'cơ quan, đơn vị', unit: 'đơn vị' },
  { word: 'cơ quan' }, { word: 'doanh nghiệp' }, { word: 'hợp tác xã' }, { word: 'tổ chức' },
  { word: 'Sở, ngành', unit: 'đơn vị' }, { word: 'sở ngành', unit: 'đơn vị' }, { word: 'sở, ban, ngành', unit: 'đơn vị' }, { word: 'sở', unit: 'đơn vị' },
  { word: 'UBND', unit: 'đơn vị' }, { word: 'Ủy ban nhân dân', unit: 'đơn vị' }, { word: 'bộ phận' }, { word: 'phòng' }, { word: 'trung tâm' },
  { word: 'văn bản quy phạm pháp luật', unit: 'văn bản' }, { word: 'văn bản' }, { word: 'quyết định', unit: 'văn bản' }, { word: 'Nghị quyết', unit: 'văn bản' },
  { word: 'kế hoạch', unit: 'văn bản' }, { word: 'báo cáo', unit: 'văn bản' },
  { word: 'hồ sơ' }, { word: 'thủ tục hành chính', unit: 'thủ tục' }, { word: 'thủ tục', unit: 'thủ tục' }, { word: 'TTHC', unit: 'thủ tục' },
  { word: 'dịch vụ công' }, { word: 'trường hợp' }, { word: 'lượt' }, { word: 'tin bài' }, { word: 'tin, bài', unit: 'tin bài' }, { word: 'bài' },
  { word: 'cán bộ, công chức, viên chức', unit: 'người' }, { word: 'cán bộ, công chức' }, { word: 'công chức, viên chức' }, { word: 'cán bộ' },
  { word: 'công chức' }, { word: 'viên chức' }, { word: 'người' }, { word: 'biên chế' }, { word: 'đại biểu' }, { word: 'học viên' },
  { word: 'học sinh' }, { word: 'lao động' }, { word: 'hộ' }, { word: 'nhân khẩu' }, { word: 'đảng viên' },
  { word: 'lĩnh vực' }, { word: 'khối' }, { word: 'giờ làm việc' }, { word: 'giờ' }, { word: 'ngày làm việc' }, { word: 'tháng' },
  { word: 'tài khoản' }, { word: 'chỉ tiêu' }, { word: 'tiêu chí' }, { word: 'nhiệm vụ' }, { word: 'phần mềm' }, { word: 'máy' },
  { word: 'camera' }, { word: 'điểm cầu' }, { word: 'cuộc' }, { word: 'đợt' }, { word: 'buổi' }, { word: 'lớp' }, { word: 'hội nghị' },
  { word: 'dự án' }, { word: 'công trình' }, { word: 'hạng mục' }, { word: 'mô hình' }, { word: 'sản phẩm' }, { word: 'vụ' },
  { word: 'kiến nghị' }, { word: 'phản ánh' }, { word: 'ý kiến' }, { word: 'tỷ đồng' }, { word: 'triệu đồng' }, { word: 'nghìn đồng' },
  { word: 'tỷ USD' }, { word: 'triệu USD' }, { word: 'USD' },
  { word: 'đồng' }, { word: 'km2' }, { word: 'km²', unit: 'km2' }, { word: 'km' }, { word: 'ha' }, { word: 'm2' }, { word: 'm²', unit: 'm2' },
  { word: 'm3' }, { word: 'm³', unit: 'm3' }, { word: 'tấn' }, { word: 'căn' }, { word: 'trường' }, { word: 'tổ' },
  { word: 'đoàn' },
];

/** Words before a number that make the following "N/M" a rank: "hạng 51/63", "xếp thứ 59/63". */
export const RANK_CUES = /(?:hạng|xếp\s+thứ|thứ)\s*$/iu;

/** Words before a number that mark a date or a document number, not a statistic. */
export const NOT_STAT_BEFORE = /(?:ngày|tháng|năm|quý|số|Điều|khoản|điểm|Đề\s+án|mức\s+độ|giai\s+đoạn|khóa|Tổng\s+đài|lần\s+thứ|phiên|cấp|hotline|\/)\s*$/iu;

/** A time of day, not a count: "7 giờ 30 phút", "từ 13 giờ", "đến 17 giờ", "lúc 8 giờ" (a duration,
 *  "trong 24 giờ", "8 giờ làm việc", stays a figure). */
export const CLOCK_BEFORE = /(?:từ|đến|tới|lúc|vào|trước|sau|khoảng)\s*$/iu;
export const CLOCK_AFTER = /^\s*giờ(?!\s+làm\s+việc)/iu;
export const CLOCK_MINUTES = /^\s*giờ\s+\d{1,2}(?:\s*phút)?/iu;

/** After a number, these make it a period ("6 tháng đầu năm"), not a count. */
export const PERIOD_AFTER = /^\s*tháng\s+(?:đầu|cuối)\s+năm|^\s*tháng\s+năm|^\s*năm\s/iu;

/** Thresholds written after a count ("11/20 sở đạt trên 70%"): a criterion, not a figure. */
export const THRESHOLD_BEFORE = /(?:đạt\s+)?(?:trên|dưới)\s*$/iu;
