// Document-level repair of numbers the noise reshaped where the words around them say what is expected:
// a Roman numeral after "khóa", "Chương", "Phụ lục" ("khóa 1X" for "khóa IX"), a digit read as a symbol
// after "khoản", "tháng" ("khoản ! Điều 79"), and the list letter "a)" read as "4)". The line decoder
// sees none of these as words: it keeps symbols, and a lone X is not a syllable it knows to leave alone.
import type { Change } from './change.js';

type Line = { text: string; changes: Change[] };

/** Nouns a Roman numeral follows ("khóa IX", "Chương II", "Phụ lục III", "quý IV", "Đại hội VIII"). */
const ROMAN_NOUNS = new Set(['khóa', 'khoá', 'chương', 'phần', 'lục', 'hội', 'quý', 'mục', 'thứ', 'cấp', 'vực', 'nhóm', 'hạng', 'kỷ', 'kỳ', 'đoàn']);
/**
 * Of those, the ones the corpus numbers in Roman almost always (>= 90% of "khóa I" / "khóa 1"): only there is
 * a lone "1" taken for an I ("quý 1/2025" is printed "quý I/2025")
 */
const ROMAN_ONLY = new Set(['khóa', 'khoá', 'chương', 'phần', 'quý']);
const ROMAN = /^(X{0,3})(IX|IV|V?I{0,3})$/;

/** Nouns a number follows ("khoản 1", "Điều 8", "tháng 8"): a lone symbol there is a digit. */
const NUMBERED = new Set(['khoản', 'điều', 'tháng', 'ngày', 'năm', 'số', 'chương', 'mục', 'lần', 'tầng', 'phòng', 'quý']);
/** symbols a noisy digit is read as (the channel's commonest: 1 as ! | ] and 8 as §) */
const DIGIT_FOR: Record<string, string> = { '!': '1', '|': '1', ']': '1', '§': '8' };

interface Word {
  line: number;
  col: number;
  /** the word without edge punctuation, and where it starts */
  core: string;
  at: number;
  /** a sentence ends or a clause breaks after it */
  stop: boolean;
  /** what the OCR printed before the decoder changed it */
  was: string;
}

function wordsOf(lines: Line[]): Word[] {
  const out: Word[] = [];
  lines.forEach((l, line) => {
    const was = new Map(l.changes.map((c) => [c.col, c]));
    for (const m of l.text.matchAll(/\S+/g)) {
      const [, lead, core, tail] = m[0].match(/^([("“]*)(.*?)([.,;:!?)"”]*)$/u)!;
      const at = m.index! + lead.length;
      const c = was.get(at);
      // a word that is all symbols ("!", "§") is its own core
      const k = core || m[0];
      out.push({ line, col: m.index!, core: k, at: core ? at : m.index!, stop: !!core && /[.;:!?)]/.test(tail), was: c && c.to === k ? c.from : k });
    }
  });
  return out;
}

function edit(lines: Line[], edits: { line: number; col: number; from: string; to: string }[]): void {
  // right to left within a line, so that earlier columns still hold
  edits.sort((x, y) => x.line - y.line || y.col - x.col);
  for (const e of edits) {
    const l = lines[e.line];
    if (l.text.slice(e.col, e.col + e.from.length) !== e.from) continue;
    l.text = l.text.slice(0, e.col) + e.to + l.text.slice(e.col + e.from.length);
    l.changes.push({ from: e.from, to: e.to, col: e.col });
  }
}

/** A printed token read as a Roman numeral, I misread as 1, l or L ("1X"); digits alone only if digitsToo. */
export function asRoman(printed: string, digitsToo: boolean): string | null {
  // capitals only (l and 1 for I): "xi", "vi" are words
  if (!/^[IVXLl1]{1,5}$/.test(printed) || (!digitsToo && /^1+$/.test(printed))) return null;
  const r = printed.replace(/[Ll1]/g, 'I');
  return ROMAN.test(r) ? r : null;
}

export function repairNumerals(lines: Line[]): void {
  const words = wordsOf(lines);
  const edits: { line: number; col: number; from: string; to: string }[] = [];
  for (let i = 1; i < words.length; i++) {
    const prev = words[i - 1];
    if (prev.stop) continue;
    const noun = prev.core.toLowerCase();
    const w = words[i];
    if (ROMAN_NOUNS.has(noun)) {
      // "Phụ lục", "Đại hội": the noun is the second syllable of the name
      const before = i >= 2 ? words[i - 2].core.toLowerCase() : '';
      if ((noun === 'lục' && before !== 'phụ') || (noun === 'hội' && before !== 'đại')) continue;
      const head = w.was.match(/^[^/\-.,;:)]+/)?.[0] ?? '';
      const r = asRoman(head, ROMAN_ONLY.has(noun));
      const to = r && r + w.was.slice(head.length);
      if (to && to !== w.core) edits.push({ line: w.line, col: w.at, from: w.core, to });
      continue;
    }
    if (NUMBERED.has(noun) && DIGIT_FOR[w.core]) edits.push({ line: w.line, col: w.at, from: w.core, to: DIGIT_FOR[w.core] });
  }
  edit(lines, edits);
  listLetters(lines);
  romanMarks(lines);
  braceOnes(lines);
}

/** i as the OCR draws it in a small Roman list mark: inverted !, an accented i, an l, a 1, a bar */
const I_LIKE = /^[i¡íìỉĩịl1|!]{1,3}$/;

/**
 * "(¡)", "(i¡í)": the Roman list marks "(i)", "(iii)" (a sentence's items: "(i) ...; (ii) ...") with their
 * i's reshaped. Only a mark holding something that is not an i and not a digit alone ("(1)", "(11)" are
 * numbers), and only a run of one to three: Vietnamese has no word of i's.
 */
function romanMarks(lines: Line[]): void {
  for (const l of lines) {
    l.text = l.text.replace(/\(([^()\s]{1,3})\)/g, (whole, inner: string, col: number) => {
      if (!I_LIKE.test(inner) || /^[i]+$/.test(inner) || /^[1l|!]+$/.test(inner)) return whole;
      const to = 'i'.repeat(inner.length);
      l.changes.push({ from: inner, to, col: col + 1 });
      return `(${to})`;
    });
  }
}

/** "}1 giờ": a brace inside a number is a 1 (the font's 1 with its flag read as a brace). */
function braceOnes(lines: Line[]): void {
  for (const l of lines) {
    l.text = l.text.replace(/(?<=^|[\s(])([\d}]*\}[\d}]*)(?=$|[\s.,;:)])/g, (tok: string, _t: string, col: number) => {
      if (!/\d/.test(tok)) return tok;
      const to = tok.replace(/\}/g, '1');
      l.changes.push({ from: tok, to, col });
      return to;
    });
  }
}

/**
 * "4)" opening a line is the list letter "a)" noise reshaped, unless the document numbers its items with
 * digits: a "1)", "2)" or "3)" opens a line before it.
 */
function listLetters(lines: Line[]): void {
  let digits = false;
  for (const l of lines) {
    const m = l.text.match(/^(\s*)(\d+)\)/);
    if (!m) continue;
    if (m[2] === '4' && !digits) {
      const col = m[1].length;
      l.text = l.text.slice(0, col) + 'a' + l.text.slice(col + 1);
      l.changes.push({ from: '4', to: 'a', col });
    } else digits = true;
  }
}
