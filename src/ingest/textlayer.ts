// PDF text layers: rebuild lines from positioned text items, and judge whether a layer can be trusted.
// Scanner OCR made without a Vietnamese model reads like "CONG Hcok xA HQI CHiJ NGHiA": such a layer
// is kept only as a hint and the page image is OCR'd instead.
import { orderColumns, splitAtGaps } from './columns.js';
import { withVietnameseD } from './text.js';

export interface TextItem {
  str: string;
  /** PDF text matrix [a, b, c, d, e, f]: e, f = baseline origin (y grows upwards) */
  transform: number[];
  width: number;
  height: number;
}

interface Piece { x0: number; x1: number; text: string; size: number; y: number }

/** A word of a text-layer line with its box, in the pixels of the page rendered at `scale` (x right, y down). */
export interface LayerWord { text: string; bbox: [number, number, number, number] }
export interface LayerLine { text: string; words: LayerWord[] }

/** Lines of a page, top to bottom; a two-column block (issuer | national motto) comes out left then right. */
export function linesFromItems(items: TextItem[], pageWidth: number): string[] {
  return positionedLinesFromItems(items, pageWidth).map((l) => l.text);
}

/**
 * The same lines with their words' boxes kept: each item's x position and width, its words placed along it
 * by their share of its characters, y from the baseline and the font size; in the pixel space of a render of
 * the page at `scale` (300 dpi: 300 / 72), the space OCR's word boxes of a scanned page are in. `pageHeight`
 * (PDF units) turns PDF's upward y into a downward pixel row; without it rows are measured from y = 0.
 */
export function positionedLinesFromItems(items: TextItem[], pageWidth: number, pageHeight = 0, scale = 300 / 72): LayerLine[] {
  const rows: { y: number; size: number; pieces: Piece[] }[] = [];
  const sorted = items
    .filter((it) => it.str.trim() !== '' && it.transform?.length === 6)
    .map((it) => ({ it, x: it.transform[4], y: it.transform[5], size: Math.max(1, Math.hypot(it.transform[2], it.transform[3]) || it.height || 10) }))
    .sort((a, b) => b.y - a.y || a.x - b.x);
  for (const s of sorted) {
    const row = rows.find((r) => Math.abs(r.y - s.y) < 0.5 * Math.min(r.size, s.size));
    const piece = { x0: s.x, x1: s.x + s.it.width, text: s.it.str, size: s.size, y: s.y };
    if (row) row.pieces.push(piece);
    else rows.push({ y: s.y, size: s.size, pieces: [piece] });
  }
  rows.sort((a, b) => b.y - a.y);
  // word spaces are ~0.25 em; a gap over 1.2 em separates columns (a long issuer name may come close)
  const lines = orderColumns(rows.map((r) => ({ segments: splitAtGaps(r.pieces, 1.2 * r.size) })), pageWidth);
  const out: LayerLine[] = [];
  for (const pieces of lines) {
    const text = withVietnameseD(joinPieces(pieces).replace(/\s+/g, ' ').trim().normalize('NFC'));
    if (text === '') continue;
    out.push({ text, words: wordBoxes(pieces, pageHeight, scale) });
  }
  return out;
}

/** Each piece's words with boxes: x along the piece by share of characters, the row's baseline and size for y. */
function wordBoxes(pieces: Piece[], pageHeight: number, scale: number): LayerWord[] {
  const words: LayerWord[] = [];
  for (const p of pieces) {
    const chars = [...p.text];
    const per = (p.x1 - p.x0) / Math.max(1, chars.length);
    const top = (pageHeight ? pageHeight - p.y - 0.8 * p.size : -p.y - 0.8 * p.size) * scale;
    const bottom = top + p.size * scale;
    const re = /\S+/gu;
    let m: RegExpExecArray | null;
    while ((m = re.exec(p.text))) {
      const start = [...p.text.slice(0, m.index)].length;
      const len = [...m[0]].length;
      const x0 = (p.x0 + start * per) * scale;
      const r1 = (n: number) => Math.round(n * 10) / 10;
      words.push({ text: withVietnameseD(m[0].normalize('NFC')), bbox: [r1(x0), r1(top), r1(x0 + len * per * scale), r1(bottom)] });
    }
  }
  return words;
}

/** Joins the pieces of one line, with a space where the gap shows one. */
function joinPieces(pieces: Piece[]): string {
  let text = '';
  let last: Piece | null = null;
  for (const p of pieces) {
    if (last) {
      const gap = p.x0 - last.x1;
      const space = (gap > 0.15 * p.size || gap < -p.size) && !/\s$/.test(text) && !/^\s/.test(p.text);
      text += space ? ' ' : '';
    }
    text += p.text;
    last = p;
  }
  return text;
}

const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;
const ONSET = '(ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnprstvx])?';
const SYLLABLE = new RegExp(`^${ONSET}[aăâeêioôơuưy]{1,3}(ng|nh|ch|[cmnpt])?$`);
const VIET_MARKED = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i;

/** True when a token is shaped like one Vietnamese syllable (at most one tone mark, sane case). */
export function isSyllable(token: string): boolean {
  const t = token.normalize('NFC');
  if (!/^\p{L}+$/u.test(t)) return false;
  // "Hcok", "CHiJ", "xA": case changing inside a word is scanner noise, not Vietnamese
  if (!(t === t.toLowerCase() || t === t.toUpperCase() || (t[0] === t[0].toUpperCase() && t.slice(1) === t.slice(1).toLowerCase()))) return false;
  const d = t.toLowerCase().normalize('NFD');
  if ((d.match(TONES) ?? []).length > 1) return false;
  return SYLLABLE.test(d.replace(TONES, '').normalize('NFC'));
}

export interface LayerVerdict {
  usable: boolean;
  tokens: number;
  /** share of word tokens shaped like Vietnamese syllables */
  valid: number;
  /** share of word tokens carrying a Vietnamese mark (tone, circumflex, horn, breve, đ) */
  marked: number;
}

/** Judges a text layer: Vietnamese prose is ~95% syllables and ~70% marked; a non-Vietnamese OCR layer is neither. */
export function judgeTextLayer(text: string): LayerVerdict {
  const words = text
    .normalize('NFC')
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((w) => w !== '' && /\p{L}/u.test(w))
    // abbreviations (UBND, HĐND, TTHC) and pure numbers say nothing either way
    .filter((w) => !(w === w.toUpperCase() && !/[aăâeêioôơuưy]/i.test(w.normalize('NFD').replace(TONES, '').normalize('NFC'))));
  const n = words.length;
  if (n === 0) return { usable: false, tokens: 0, valid: 0, marked: 0 };
  const valid = words.filter(isSyllable).length / n;
  const marked = words.filter((w) => VIET_MARKED.test(w)).length / n;
  const usable = n < 8 ? valid >= 0.8 : valid >= 0.85 && marked >= 0.25;
  return { usable, tokens: n, valid: round2(valid), marked: round2(marked) };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
