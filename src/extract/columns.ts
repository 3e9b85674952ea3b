// The two-column header read by position (issue 22, item 2). Official documents open with the issuer
// and "Số: ..." on the left and the national motto and "Place, ngày ..." on the right; an OCR engine
// may read a left and a right piece as one line ("Số: 46/TB-UBND  Quảng Ngãi, ngày 24 ..."). Where the
// line carries word boxes, such a line is cut at its wide gap and the header block is read as two
// columns: the left pieces first, in order, then the right ones. Lines without boxes (text uploads)
// pass unchanged; the text rules of structure.ts and metadata.ts still read them.
import type { TextLineT } from '../record.js';

/** How many lines of the first page are looked at: the header block never runs longer. */
export const HEADER_REGION_LINES = 12;
/** The column gap is this many times wider than the line's usual word gap ... */
const GAP_TIMES_SPACING = 3;
/** ... and this many times the height of its words ... */
const GAP_TIMES_HEIGHT = 2;
/** ... and its middle lies between these shares of the page's text width. */
const GAP_FROM = 0.3;
const GAP_TO = 0.7;

type Word = NonNullable<TextLineT['words']>[number];
type Boxed = Word & { bbox: [number, number, number, number] };

/** The page's text extent (left and right edges of its words): the frame the gap's position is judged in. */
export interface Extent {
  x0: number;
  x1: number;
}

const median = (xs: number[]) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
};

const boxedWords = (l: TextLineT): Boxed[] | null => {
  const ws = l.words ?? [];
  if (ws.length < 2 || !ws.every((w) => w.bbox)) return null;
  return ws as Boxed[];
};

/** The text extent of the words of `lines` (one page), or null where they carry no boxes. */
export function pageExtent(lines: TextLineT[]): Extent | null {
  let x0 = Infinity;
  let x1 = -Infinity;
  for (const l of lines) for (const w of l.words ?? []) if (w.bbox) { x0 = Math.min(x0, w.bbox[0]); x1 = Math.max(x1, w.bbox[2]); }
  return x1 > x0 ? { x0, x1 } : null;
}

/**
 * Where a line's words part into two columns: the index of the first word of the right column (in the
 * line's word order), or -1. The widest gap between words (left to right) must be over 3 times the line's
 * other gaps (their median) and over 2 word heights, with its middle between 30% and 70% of the page's
 * text width, and letters or digits on both sides.
 */
export function columnSplitAt(line: TextLineT, extent: Extent): number {
  const ws = boxedWords(line);
  if (!ws) return -1;
  // the words must run left to right as the line lists them: the split keeps the text's order
  for (let i = 1; i < ws.length; i++) if (ws[i].bbox[0] < ws[i - 1].bbox[0]) return -1;
  const gaps = ws.slice(1).map((w, i) => w.bbox[0] - ws[i].bbox[2]);
  let at = 0;
  for (let i = 1; i < gaps.length; i++) if (gaps[i] > gaps[at]) at = i;
  const widest = gaps[at];
  const others = gaps.filter((_, i) => i !== at);
  const heights = ws.filter((w) => /[\p{L}\p{N}]/u.test(w.text)).map((w) => w.bbox[3] - w.bbox[1]);
  const h = median(heights);
  if (!(h > 0) || widest <= GAP_TIMES_HEIGHT * h) return -1;
  if (others.length && widest <= GAP_TIMES_SPACING * Math.max(0, median(others))) return -1;
  const width = extent.x1 - extent.x0;
  const mid = ((ws[at].bbox[2] + ws[at + 1].bbox[0]) / 2 - extent.x0) / width;
  if (!(mid >= GAP_FROM && mid <= GAP_TO)) return -1;
  const left = ws.slice(0, at + 1);
  const right = ws.slice(at + 1);
  if (!left.some((w) => /[\p{L}\p{N}]/u.test(w.text)) || !right.some((w) => /[\p{L}\p{N}]/u.test(w.text))) return -1;
  return at + 1;
}

/**
 * The line's text cut where its words part: at the same word where the text has one token per word (OCR
 * text, or a repair that kept the words), else at the token boundary nearest the same share of characters
 * (repair may join or part words).
 */
export function cutText(text: string, words: Word[], at: number): [string, string] {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === words.length) return [tokens.slice(0, at).join(' '), tokens.slice(at).join(' ')];
  if (tokens.length < 2) return [text.trim(), ''];
  const leftLen = words.slice(0, at).map((w) => w.text).join(' ').length;
  const wordsLen = words.map((w) => w.text).join(' ').length;
  const target = (leftLen / Math.max(1, wordsLen)) * tokens.join(' ').length;
  let best = 1;
  let bestDist = Infinity;
  let len = 0;
  for (let j = 1; j < tokens.length; j++) {
    len += (j > 1 ? 1 : 0) + tokens[j - 1].length;
    const d = Math.abs(len - target);
    if (d < bestDist) { best = j; bestDist = d; }
  }
  return [tokens.slice(0, best).join(' '), tokens.slice(best).join(' ')];
}

const piece = (l: TextLineT, text: string, words: Word[]): TextLineT => ({
  ...l,
  text,
  words,
  ...(l.confidence !== undefined && words.length ? { confidence: Math.round((words.reduce((s, w) => s + w.confidence, 0) / words.length) * 10) / 10 } : {}),
});

/** A line that is centred on the page or runs across most of it (a title, body text): it ends the two-column block. */
function spans(l: TextLineT, e: Extent): boolean {
  const ws = (l.words ?? []).filter((w) => w.bbox) as Boxed[];
  if (!ws.length) return true;
  const x0 = Math.min(...ws.map((w) => w.bbox[0]));
  const x1 = Math.max(...ws.map((w) => w.bbox[2]));
  const width = e.x1 - e.x0;
  const mid = e.x0 + width / 2;
  return x1 - x0 > 0.55 * width || (Math.abs((x0 + x1) / 2 - mid) < 0.06 * width && x0 < mid && x1 > mid);
}

/** Left and right edges of boxed words. */
const span = (words: Word[]): [number, number] => {
  const ws = words.filter((w) => w.bbox) as Boxed[];
  return [Math.min(...ws.map((w) => w.bbox[0])), Math.max(...ws.map((w) => w.bbox[2]))];
};

export interface HeaderColumns {
  lines: TextLineT[];
  /** the same cuts and order applied to the lines before repair (same count as `lines`), when given */
  rawLines?: TextLineT[];
  /** how many lines were cut in two */
  split: number;
}

/**
 * The first page's header block read by position. Among the first 12 lines of the first page, a line
 * whose words part at a column gap (columnSplitAt) is cut into its left and right pieces, both keeping
 * the line's page and number; from the first such line on, the lines that stand under one column are read
 * with it, left column first, until a line that is centred, spans the page (the title, the body) or stands
 * between the columns.
 * `rawLines` (the OCR text before repair, line for line) is cut and ordered the same way.
 */
export function readHeaderColumns(lines: TextLineT[], rawLines?: TextLineT[]): HeaderColumns {
  const raw = rawLines && rawLines.length === lines.length ? rawLines : undefined;
  const unchanged = { lines, ...(raw ? { rawLines: raw } : {}), split: 0 };
  if (!lines.length) return unchanged;
  const page = lines[0].page;
  const pageLines = lines.filter((l) => l.page === page);
  const extent = pageExtent(pageLines);
  if (!extent) return unchanged;
  const firstPageEnd = lines.findIndex((l) => l.page !== page);
  const region = Math.min(HEADER_REGION_LINES, firstPageEnd < 0 ? lines.length : firstPageEnd);

  const cuts = lines.slice(0, region).map((l) => columnSplitAt(l, extent));
  const first = cuts.findIndex((c) => c > 0);
  if (first < 0) return unchanged;

  const outLines: TextLineT[] = lines.slice(0, first);
  const outRaw: TextLineT[] | undefined = raw?.slice(0, first);
  const left: Array<[TextLineT, TextLineT | undefined]> = [];
  const right: Array<[TextLineT, TextLineT | undefined]> = [];
  // the columns' spans, from the pieces of the cut lines
  const L = { x0: Infinity, x1: -Infinity };
  const R = { x0: Infinity, x1: -Infinity };
  const widen = (c: Extent, ws: Word[]) => {
    const [a, b] = span(ws);
    c.x0 = Math.min(c.x0, a);
    c.x1 = Math.max(c.x1, b);
  };
  let i = first;
  let split = 0;
  for (; i < region; i++) {
    const l = lines[i];
    const r = raw?.[i];
    const at = cuts[i];
    if (at > 0) {
      const ws = l.words!;
      const [lt, rt] = cutText(l.text, ws, at);
      const [rl, rr] = r ? cutText(r.text, ws, at) : ['', ''];
      if (!lt || !rt) break;
      left.push([piece(l, lt, ws.slice(0, at)), r && piece(r, rl, ws.slice(0, at))]);
      right.push([piece(l, rt, ws.slice(at)), r && piece(r, rr, ws.slice(at))]);
      widen(L, ws.slice(0, at));
      widen(R, ws.slice(at));
      split++;
      continue;
    }
    if (!l.text.trim()) {
      left.push([l, r]);
      continue;
    }
    // a one-column line stays in the block where it stands under one column ("V/v ..." under "Số:"),
    // its middle within that column and clear of the other; a centred or wide line, or one between the
    // columns ("Kính gửi:"), ends the block
    if (spans(l, extent)) break;
    const [x0, x1] = span(l.words ?? []);
    const c = (x0 + x1) / 2;
    if (c >= L.x0 && c <= L.x1 && x1 < R.x0) left.push([l, r]);
    else if (c >= R.x0 && c <= R.x1 && x0 > L.x1) right.push([l, r]);
    else break;
  }
  for (const [l, r] of [...left, ...right]) {
    outLines.push(l);
    if (outRaw && r) outRaw.push(r);
  }
  outLines.push(...lines.slice(i));
  outRaw?.push(...raw!.slice(i));
  return { lines: outLines, ...(outRaw ? { rawLines: outRaw } : {}), split };
}
