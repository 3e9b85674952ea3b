// PDF text layers: rebuild lines from positioned text items, and judge whether a layer can be trusted.
// Scanner OCR made without a Vietnamese model reads like "CONG Hcok xA HQI CHiJ NGHiA": such a layer
// is kept only as a hint and the page image is OCR'd instead.

export interface TextItem {
  str: string;
  /** PDF text matrix [a, b, c, d, e, f]: e, f = baseline origin (y grows upwards) */
  transform: number[];
  width: number;
  height: number;
}

interface Segment { x0: number; x1: number; text: string }
interface Row { y: number; size: number; segments: Segment[] }

/** Lines of a page, top to bottom; a two-column block (issuer | national motto) comes out left then right. */
export function linesFromItems(items: TextItem[], pageWidth: number): string[] {
  const rows: Row[] = [];
  const sorted = items
    .filter((it) => it.str.trim() !== '' && it.transform?.length === 6)
    .map((it) => ({ it, x: it.transform[4], y: it.transform[5], size: Math.max(1, Math.hypot(it.transform[2], it.transform[3]) || it.height || 10) }))
    .sort((a, b) => b.y - a.y || a.x - b.x);
  for (const s of sorted) {
    const row = rows.find((r) => Math.abs(r.y - s.y) < 0.5 * Math.min(r.size, s.size));
    const seg = { x0: s.x, x1: s.x + s.it.width, text: s.it.str };
    if (row) row.segments.push(seg);
    else rows.push({ y: s.y, size: s.size, segments: [seg] });
  }
  rows.sort((a, b) => b.y - a.y);
  for (const r of rows) r.segments = mergeSegments(r.segments, r.size);

  const out: string[] = [];
  const mid = pageWidth / 2;
  let left: string[] = [];
  let right: string[] = [];
  let inColumns = false;
  const flush = () => {
    out.push(...left, ...right);
    left = [];
    right = [];
    inColumns = false;
  };
  for (const r of rows) {
    const crossesMiddle = r.segments.some((s) => s.x0 < mid - 0.05 * pageWidth && s.x1 > mid + 0.05 * pageWidth);
    const twoSides = r.segments.length >= 2 && !crossesMiddle;
    if (twoSides) inColumns = true;
    if (inColumns && !crossesMiddle) {
      for (const s of r.segments) ((s.x0 + s.x1) / 2 < mid ? left : right).push(s.text);
      continue;
    }
    if (inColumns) flush();
    out.push(r.segments.map((s) => s.text).join(' '));
  }
  flush();
  return out.map((l) => l.replace(/\s+/g, ' ').trim().normalize('NFC')).filter((l) => l !== '');
}

/** Joins the items of one row; a gap wider than ~3 characters starts a new segment (another column). */
function mergeSegments(segs: Segment[], size: number): Segment[] {
  segs.sort((a, b) => a.x0 - b.x0);
  const out: Segment[] = [];
  for (const s of segs) {
    const last = out[out.length - 1];
    const gap = last ? s.x0 - last.x1 : Infinity;
    if (last && gap < 3 * size) {
      const space = gap > 0.15 * size && !/\s$/.test(last.text) && !/^\s/.test(s.text) ? ' ' : '';
      last.text += space + s.text;
      last.x1 = Math.max(last.x1, s.x1);
    } else {
      out.push({ ...s });
    }
  }
  return out;
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
