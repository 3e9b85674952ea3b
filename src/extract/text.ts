// Text helpers shared by the extractors: normalisation, folding, slugs, and a "flow" that joins
// the lines of a block into one string while remembering which line each character came from.

/** NFC, one tone-mark style (hòa, thủy, Ủy), single spaces. */
export function normalize(s: string): string {
  return s
    .normalize('NFC')
    .replace(/[\u00A0\u2000-\u200B]/g, ' ')
    .replace(/[ \t]+/g, ' ');
}

// Old-style tone placement ("hoà", "thuỷ", "Uỷ") to the style the gold uses ("hòa", "thủy", "Ủy").
const TONE_MOVES: Array<[RegExp, string]> = [
  [/oà/g, 'òa'], [/oá/g, 'óa'], [/oả/g, 'ỏa'], [/oã/g, 'õa'], [/oạ/g, 'ọa'],
  [/oè/g, 'òe'], [/oé/g, 'óe'], [/oẻ/g, 'ỏe'], [/oẽ/g, 'õe'], [/oẹ/g, 'ọe'],
  [/uỳ/g, 'ùy'], [/uý/g, 'úy'], [/uỷ/g, 'ủy'], [/uỹ/g, 'ũy'], [/uỵ/g, 'ụy'],
  [/Uỷ/g, 'Ủy'], [/UỶ/g, 'ỦY'], [/Uý/g, 'Úy'],
];

/** Moves tone marks to the "hòa/thủy/Ủy" style, only where the vowel pair ends the syllable. */
export function toneStyle(s: string): string {
  let out = s.normalize('NFC');
  // (the patterns are compiled once; most text holds none of the vowel pairs they move)
  if (!TONE_PAIR.test(out)) return out;
  for (const [re, rep] of TONE_MOVES_AT_END) out = out.replace(re, rep);
  return out;
}
const TONE_MOVES_AT_END: Array<[RegExp, string]> = TONE_MOVES.map(([re, rep]) => [new RegExp(re.source + '(?![\\p{L}])', 'gu'), rep]);
const TONE_PAIR = new RegExp(TONE_MOVES.map(([re]) => re.source).join('|'), 'u');

export { fold, slug } from '../text/fold.js';

/** Key for comparing names: lowercase, tone style unified, punctuation to spaces. */
export function nameKey(s: string): string {
  return toneStyle(s)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}&]+/gu, ' ')
    .trim();
}

export function capitalizeFirst(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

export function isLowerStart(s: string): boolean {
  const c = s.trimStart()[0];
  return !!c && /\p{Ll}/u.test(c);
}

export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

export function isoDate(y: number, m: number, d: number): string | null {
  if (!(y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1)) return null;
  if (d > lastDayOfMonth(y, m)) return null;
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

export function lastDayOfMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** A piece of text joined from several lines, with the source line of every character. */
export interface Flow {
  text: string;
  /** starts[i] = offset in text where segment i begins */
  starts: number[];
  lines: number[];
  pages: number[];
}

export interface LineRef {
  line: number;
  page: number;
  text: string;
}

/**
 * Joins lines with one space; a line ending in a hyphen or slash inside a code ("1029/QĐ-" +
 * "UBND", "02-" + "KH/BCĐTW") is joined without a space.
 */
export function makeFlow(parts: LineRef[]): Flow {
  let text = '';
  const starts: number[] = [];
  const lines: number[] = [];
  const pages: number[] = [];
  for (const p of parts) {
    const t = p.text.trim();
    if (!t) continue;
    if (text) {
      const glue = /[\p{Lu}\d][-/]$/u.test(text) && /^[\p{Lu}\d]/u.test(t) ? '' : ' ';
      text += glue;
    }
    starts.push(text.length);
    lines.push(p.line);
    pages.push(p.page);
    text += t;
  }
  return { text, starts, lines, pages };
}

/** Source line and page of a character offset in a flow. */
export function lineAt(flow: Flow, offset: number): { line: number; page: number } {
  let lo = 0;
  let hi = flow.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (flow.starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: flow.lines[lo] ?? 1, page: flow.pages[lo] ?? 1 };
}

/** Words as tokens with offsets (letters, digits and the joiners used in codes and numbers). */
export function tokens(text: string): Array<{ w: string; start: number; end: number }> {
  const out: Array<{ w: string; start: number; end: number }> = [];
  const re = /[\p{L}\p{N}][\p{L}\p{N}&./-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.push({ w: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

export { levenshtein } from '../text/distance.js';

/**
 * Diacritics folded character by character (đ -> d), case kept, the length unchanged: regular
 * expressions run on the folded text and their offsets hold in the original.
 */
const FOLD_CHAR = new Map<string, string>();
export function foldSameLength(s: string): string {
  // ASCII needs no folding; other characters are folded once and remembered
  if (!/[^\x00-\x7f]/.test(s)) return s;
  let out = '';
  for (const c of s) {
    let f = FOLD_CHAR.get(c);
    if (f === undefined) {
      f = c === 'đ' ? 'd' : c === 'Đ' ? 'D' : c.normalize('NFD').replace(/\p{M}+/gu, '');
      if (f.length !== c.length) f = c;
      FOLD_CHAR.set(c, f);
    }
    out += f;
  }
  return out;
}

/** Letters OCR reads for digits, inside a token that holds a digit ("l0" -> "10", "2O25" -> "2025"). */
const DIGIT_FOR: Record<string, string> = { l: '1', I: '1', '|': '1', O: '0', o: '0' };

/** Digit lookalikes replaced inside number tokens (same length). */
/** S and B between digits are a 5 and an 8 ("1S20/SNV-CCHC"); same length. */
export function digitsBetween(s: string): string {
  return s.replace(/(?<=\d)[SB](?=\d)/g, (c) => (c === 'S' ? '5' : '8'));
}

export function fixDigits(s: string): string {
  s = digitsBetween(s);
  return s.replace(/(?<![\p{L}\p{N}])[\dlIO|o]{1,4}(?![\p{L}\p{N}])/gu, (t) =>
    /\d/.test(t) ? t.replace(/[lIO|o]/g, (c) => DIGIT_FOR[c]) : t,
  );
}
