// Kinds of cited documents as written, to the record's kind. Extend here.
export const REFERENCE_KINDS: Array<{ word: string; kind: string }> = [
  { word: 'Thông báo kết luận', kind: 'Thông báo' },
  { word: 'Thông tư liên tịch', kind: 'Thông tư' },
  { word: 'Nghị quyết liên tịch', kind: 'Nghị quyết' },
  { word: 'Nghị quyết', kind: 'Nghị quyết' },
  { word: 'Nghị định', kind: 'Nghị định' },
  { word: 'Quyết định', kind: 'Quyết định' },
  { word: 'Kế hoạch', kind: 'Kế hoạch' },
  { word: 'Công văn', kind: 'Công văn' },
  { word: 'Văn bản', kind: 'Công văn' },
  { word: 'Thông báo', kind: 'Thông báo' },
  { word: 'Chỉ thị', kind: 'Chỉ thị' },
  { word: 'Thông tư', kind: 'Thông tư' },
  { word: 'Kết luận', kind: 'Kết luận' },
  { word: 'Báo cáo', kind: 'Báo cáo' },
  { word: 'Hướng dẫn', kind: 'Hướng dẫn' },
  { word: 'Tờ trình', kind: 'Tờ trình' },
  { word: 'Chương trình', kind: 'Chương trình' },
  { word: 'Công điện', kind: 'Công điện' },
  { word: 'Quy định', kind: 'Quy định' },
  { word: 'Quy chế', kind: 'Quy chế' },
  { word: 'Pháp lệnh', kind: 'Pháp lệnh' },
  { word: 'Luật', kind: 'Luật' },
  { word: 'Đề án', kind: 'Đề án' },
];

/** Kinds that are cited by a bare number ("Đề án 06"). */
export const BARE_NUMBER_KINDS = new Set(['Đề án', 'Luật']);

/** Words that end an issuer name after "của". */
export const ISSUER_END = /\s+(?:về|ban\s+hành|công\s+bố|quy\s+định|hướng\s+dẫn|tại|trong|đã|phê\s+duyệt|triển\s+khai|thực\s+hiện|và|đối\s+với|nhằm|để|theo)(?![\p{L}])|[,;.()“”"]/u;

/**
 * Type codes that follow the number of a document ("123/QĐ-UBND", "107/2021/NĐ-CP"): a closed
 * set, so a code OCR misread ("QP", "HP", "QĐb") is put back to the one it stands for.
 */
export const TYPE_CODES = [
  'QĐ', 'NĐ', 'NQ', 'TT', 'TTLT', 'NQLT', 'CT', 'KH', 'TB', 'BC', 'KL', 'HD', 'HĐ', 'TTr', 'CTr', 'BB', 'ĐA', 'CĐ', 'QC', 'QyĐ', 'CV', 'GM', 'TTg',
];

/** Capital letters OCR confuses (no Vietnamese model: Đ read as D, P, O ...), as classes. */
export const CODE_CONFUSIONS = ['DĐPOB0Ð', 'QO0', 'NHMW', 'IlL1T|', 'UVƯ', 'CGO(', 'EF', 'S5$'];

/** The type codes an issuer code takes ("...-CP" is a Nghị định or Nghị quyết of the Government). */
export const TYPES_OF_ISSUER: Record<string, string[]> = {
  CP: ['NĐ', 'NQ', 'QĐ', 'CT'],
  TTg: ['QĐ', 'CT', 'CĐ'],
  TW: ['NQ', 'KL', 'CT', 'QĐ', 'HD', 'TB'],
  QH: ['NQ'],
  UBTVQH: ['NQ'],
};
