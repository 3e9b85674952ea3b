// Layout cues of Vietnamese administrative documents. Extend here, not in structure.ts.

/** Document kinds as printed on their own line in the header (upper case), to the record's doc_type. */
export const DOC_KINDS: Array<{ word: string; type: string }> = [
  { word: 'THÔNG BÁO KẾT LUẬN', type: 'thông báo kết luận' },
  { word: 'THÔNG BÁO', type: 'thông báo' },
  { word: 'BÁO CÁO', type: 'báo cáo' },
  { word: 'KẾ HOẠCH', type: 'kế hoạch' },
  { word: 'QUYẾT ĐỊNH', type: 'quyết định' },
  { word: 'CHỈ THỊ', type: 'chỉ thị' },
  { word: 'CÔNG VĂN', type: 'công văn' },
  { word: 'TỜ TRÌNH', type: 'tờ trình' },
  { word: 'NGHỊ QUYẾT', type: 'nghị quyết' },
  { word: 'CHƯƠNG TRÌNH', type: 'chương trình' },
  { word: 'HƯỚNG DẪN', type: 'hướng dẫn' },
  { word: 'BIÊN BẢN', type: 'biên bản' },
  { word: 'ĐỀ ÁN', type: 'đề án' },
  { word: 'QUY CHẾ', type: 'quy chế' },
  { word: 'CÔNG ĐIỆN', type: 'công điện' },
];

/** Thông báo subtypes, read from the start of the title. */
export const NOTICE_SUBTYPES: Array<{ re: RegExp; type: string }> = [
  { re: /^(?:ý kiến )?kết luận/i, type: 'thông báo kết luận' },
  { re: /^kết quả (?:kiểm tra|thanh tra|giám sát|làm việc)/i, type: 'thông báo kết quả kiểm tra' },
];

/** Type code in a document number ("02/TB-ĐKT", "123/QĐ-UBND"); a bare agency code means a công văn. */
export const NUMBER_TYPE_CODES: Record<string, string> = {
  TB: 'thông báo', BC: 'báo cáo', KH: 'kế hoạch', 'QĐ': 'quyết định', CT: 'chỉ thị', TTr: 'tờ trình',
  NQ: 'nghị quyết', CTr: 'chương trình', HD: 'hướng dẫn', BB: 'biên bản', 'ĐA': 'đề án', 'CĐ': 'công điện',
  KL: 'kết luận',
};

/** Header lines that are not the title: national motto, separators. */
export const HEADER_NOISE = [/^CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/i, /^Độc lập\s*[-–]\s*Tự do/i, /^[-_=.~*\s]+$/];

/**
 * The national motto and its second line, on text folded without diacritics (case kept or not):
 * "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", as OCR may space them.
 */
export const MOTTO_FOLDED = /c\s*o\s*n\s*g\s+h\s*o\s*a\s+x\s*a\s+h\s*o\s*i\s+c\s*h\s*u\s+n\s*g\s*h\s*i\s*a(?:\s+v\s*i\s*e\s*t\s+n\s*a\s*m)?|doc\s+lap\s*[-–—.,]?\s*tu\s+do(?:\s*[-–—.,]?\s*hanh\s+phuc)?/iu;

/** Rule lines under the header's two blocks. */
export const RULE_LINE = /^[-_=.~*—–\s]+$/;

/** Openings of the body (the title has ended). */
export const BODY_OPENERS = /^(?:Ngày\s+\d|Vào\s+(?:lúc|ngày)|Căn\s+cứ|Thực\s+hiện|Kính\s+gửi|Theo\s|Sau\s+khi|Trên\s+cơ\s+sở|Để\s|Nhằm\s|Hôm\s+nay|Điều\s+1\b|(?:[IVX]{1,4}|\d{1,2})\.\s)/u;

/** Lines that open the tail (recipients, signature). */
export const TAIL_OPENERS = /^(?:Nơi\s+nhận|[-–]\s*Như\s+(?:trên|kính\s+gửi)(?![\p{L}])|(?:TM|KT|TL|TUQ|Q)\s*\.\s*\p{Lu}{2,})/u;

/**
 * The same openers without diacritics (matched on folded text, case kept), for OCR and repair
 * noise: "Noi nhan:", "-Nhu tren;", "Như trên;" whose dash was lost, "TL.CHU TICH".
 */
export const TAIL_OPENERS_FOLDED = /^(?:Noi\s+nhan\b|[-–~]\s*Nhu\s+(?:tren|kinh\s+gui)\b|Nhu\s+(?:tren|kinh\s+gui)\s*[;,]|(?:TM|KT|TL|TUQ)\s*\.\s*[A-Z]{2,})/;

/** Signature block titles. */
export const SIGNER_TITLE = /(?:^|\s|;)((?:TM|KT|TL|TUQ|Q)\s*\.?\s*[\p{Lu}Đ][\p{Lu}Đ .]+)$/u;

/** Letters of Vietnamese list items in order (no f, j, w, z); Latin order is accepted as well. */
export const LETTER_SEQUENCE = ['a', 'b', 'c', 'd', 'đ', 'e', 'g', 'h', 'i', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'x', 'y'];
export const LATIN_SEQUENCE = 'abcdefghijklmnopqrstuvwxyz'.split('');

/**
 * OCR lookalikes of item letters (after diacritics are folded): a marker read as one of these where
 * the sequence expects the letter is that letter ("¢)" after "b)" is "c)"; "d)" after "d)" is "đ)").
 */
export const LETTER_LOOKALIKES: Record<string, string[]> = {
  a: ['o', 'á', 'à', 'ả', 'ã', 'ạ', 'ă', 'â', '@'],
  b: ['h', '6', '8'],
  c: ['¢', '©', 'e', '(', 'o'],
  d: ['đ', 'a', 'cl'],
  'đ': ['d', 'ð', 'p', 'a'],
  e: ['c', '¢', 'é', 'è', 'ê', 'ẻ', 'ẽ', 'ẹ', 'ế', 'ề', 'ể', 'ễ', 'ệ'],
  g: ['q', '9', 'y'],
  h: ['b', 'li', 'n'],
  i: ['l', '1', 'j', '!', '|'],
  k: ['lc', 'x'],
  l: ['1', 'i', '|', 'I'],
};

/** Characters OCR reads for the strokes of Roman numerals. */
export const ROMAN_LOOKALIKES: Record<string, 'I' | 'V' | 'X'> = {
  I: 'I', l: 'I', L: 'I', '1': 'I', '|': 'I', '!': 'I', 'í': 'I', 'ì': 'I', 'Í': 'I', 'Ì': 'I', 'ỉ': 'I', 'ị': 'I', 'Ị': 'I', 'ĩ': 'I', i: 'I', 'ï': 'I', 'Ï': 'I', j: 'I', J: 'I',
  V: 'V', v: 'V', 'Ư': 'V', 'ư': 'V',
  X: 'X', x: 'X', 'Χ': 'X', '×': 'X',
};

/** Characters OCR reads for the digits of item numbers. */
export const DIGIT_LOOKALIKES: Record<string, string> = { l: '1', I: '1', '|': '1', '!': '1', O: '0', o: '0', 'ơ': '0', 'ô': '0', S: '5', Z: '2', B: '8', 'б': '6' };
