// tesseract.js result -> TextLine rows: one row per recognised line, in tesseract's block reading
// order (a two-column header comes out as the left block, then the right one: never interleaved).
import { orderColumns, splitAtGaps } from '../ingest/columns.js';
import { withVietnameseD } from '../ingest/text.js';
import type { TextLineT } from '../record.js';

interface Box { x0: number; y0: number; x1: number; y1: number }
interface TSymbol { text: string; bbox: Box }
interface TWord { text: string; confidence: number; bbox: Box; symbols?: TSymbol[] | null }
interface TLine { words: TWord[]; bbox: Box }
interface TParagraph { lines: TLine[] }
interface TBlock { paragraphs: TParagraph[] | null }
export interface TesseractPage { blocks?: TBlock[] | null; confidence?: number }

export interface RecognisedWord { text: string; confidence: number; bbox: [number, number, number, number] }
export interface RecognisedLine { words: RecognisedWord[]; bbox: [number, number, number, number] }

/**
 * Lines with their words; boxes divided by `scale` so they refer to the ingested page image.
 * Tesseract sometimes reads a two-column header as single lines ("ỦY BAN NHÂN DÂN   CỘNG HÒA XÃ HỘI ...");
 * such lines are cut at the wide gap and the block is read left column first.
 */
export function linesOf(page: TesseractPage, scale = 1, pageWidth = 0): RecognisedLine[] {
  const raw = rawLinesOf(page, scale);
  if (!pageWidth || raw.length === 0) return raw;
  const rows = raw.map((l) => {
    const h = Math.max(1, l.bbox[3] - l.bbox[1]);
    const pieces = l.words.map((w) => ({ x0: w.bbox[0], x1: w.bbox[2], w }));
    // word gaps are ~0.3 of a line's height; a column gap is several times that
    const caps = l.words.every((w) => !/\p{Ll}/u.test(w.text));
    return { segments: splitAtGaps(pieces, caps ? columnGap(pieces, h, pageWidth / scale) : 1.3 * h) };
  });
  return orderColumns(rows, pageWidth / scale).map((pieces) => {
    const words = pieces.map((p) => p.w);
    const bbox: [number, number, number, number] = [
      Math.min(...words.map((w) => w.bbox[0])), Math.min(...words.map((w) => w.bbox[1])),
      Math.max(...words.map((w) => w.bbox[2])), Math.max(...words.map((w) => w.bbox[3])),
    ];
    return { words, bbox };
  });
}

/**
 * The gap that parts columns on a line in capitals: 1.3 line heights, or less where the line's one wide gap
 * sits in the middle of the page, as when a long issuer name ("SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG") nearly meets
 * the national motto: at least 0.9 of the height and 2.5 times the line's usual word gap.
 */
export function columnGap(pieces: { x0: number; x1: number }[], h: number, pageWidth: number): number {
  const wide = 1.3 * h;
  if (pieces.length < 4 || !pageWidth) return wide;
  const sorted = [...pieces].sort((a, b) => a.x0 - b.x0);
  const gaps = sorted.slice(1).map((p, i) => ({ size: p.x0 - sorted[i].x1, mid: (p.x0 + sorted[i].x1) / 2, at: i + 1 }));
  const sizes = gaps.map((g) => g.size).sort((a, b) => a - b);
  const usual = sizes[sizes.length >> 1];
  const widest = gaps.reduce((a, b) => (b.size > a.size ? b : a));
  if (widest.size >= wide || widest.size < 0.9 * h || widest.size < 2.5 * Math.max(1, usual)) return wide;
  if (Math.abs(widest.mid - pageWidth / 2) > 0.1 * pageWidth || widest.at < 2 || sorted.length - widest.at < 2) return wide;
  return widest.size;
}

function rawLinesOf(page: TesseractPage, scale: number): RecognisedLine[] {
  const out: RecognisedLine[] = [];
  const box = (b: Box): [number, number, number, number] => [
    Math.round(b.x0 / scale), Math.round(b.y0 / scale), Math.round(b.x1 / scale), Math.round(b.y1 / scale),
  ];
  for (const block of page.blocks ?? []) {
    for (const para of block.paragraphs ?? []) {
      for (const line of para.lines ?? []) {
        const all = (line.words ?? []).map((w) => ({
          text: withVietnameseD(withoutPhantomDots(w).normalize('NFC').trim()),
          confidence: round1(w.confidence),
          bbox: box(w.bbox),
        }));
        const heights = all.filter((w) => /[\p{L}\p{N}]/u.test(w.text)).map((w) => w.bbox[3] - w.bbox[1]).sort((a, b) => a - b);
        const h = heights[heights.length >> 1] ?? 0;
        // speckles read as punctuation (":", "-", "'") in noisy scans: unsure, or dots far smaller than
        // the letters; real punctuation is read confidently (a dash is at least ~0.25 of a letter's height wide)
        const words = all.filter((w) => w.text !== '' && (/[\p{L}\p{N}]/u.test(w.text) ||
          (w.confidence >= 60 && !(w.bbox[2] - w.bbox[0] < 0.2 * h && w.bbox[3] - w.bbox[1] < 0.3 * h))));
        if (words.length) out.push({ words: digitsInNoise(words), bbox: box(line.bbox) });
      }
    }
  }
  return out;
}

/**
 * Dots the recogniser adds after a word in capitals at the end of a column ("ỦY BAN NHÂN DÂN..." in a
 * notice header) where the page has none: each such dot gets a box one or two pixels wide and as tall as the letters,
 * inside the last letter's box, while a printed dot is a small box of its own.
 */
export function withoutPhantomDots(w: TWord): string {
  const syms = w.symbols ?? [];
  let k = syms.length;
  while (k > 0 && syms[k - 1].text === '.') k--;
  if (k === syms.length || k === 0) return w.text;
  const letters = syms.slice(0, k);
  const word = letters.map((s) => s.text).join('');
  if (!/^[\p{Lu}\p{M}]+$/u.test(word)) return w.text;
  const h = Math.max(...letters.map((s) => s.bbox.y1 - s.bbox.y0));
  const last = letters[k - 1].bbox;
  const phantom = syms.slice(k).every((s) => s.bbox.x1 - s.bbox.x0 <= 2 && s.bbox.y1 - s.bbox.y0 >= 0.6 * h && s.bbox.x0 < last.x1);
  return phantom ? word : w.text;
}

/** Below this word confidence, a symbol touching a digit is taken for a digit the noise reshaped. */
const UNSURE = 90;
const AS_ONE = /(?<=\d)[!\]|]|[!\]|](?=\d)/g;
const AS_EIGHT = /(?<=\d)\$|\$(?=\d)/g;

/**
 * Digits that noise made into symbols: in an unsure word, "!", "]" or "|" touching a digit is a 1 and "$"
 * an 8 ("0!" -> "01", "0.4]" -> "0.41", "7$" -> "78"); a lone unsure "]", "!", "|" or "I" right beside a
 * number, or "Ì", "Í" after one, is the 1 it lost ("1 ]" -> "11", "1 Ì" -> "11", "I 1/7/2025" -> "11/7/2025"). A "]" closing a "[" is left alone,
 * and so is every confident word: notices print such symbols beside digits almost never.
 */
export function digitsInNoise(words: RecognisedWord[]): RecognisedWord[] {
  const out: RecognisedWord[] = [];
  const gaps = words.slice(1).map((w, i) => w.bbox[0] - words[i].bbox[2]).sort((a, b) => a - b);
  const usual = gaps[gaps.length >> 1] ?? 0;
  let open = false; // a "[" seen earlier on the line
  for (const w of words) {
    let text = w.text;
    if (w.confidence < UNSURE && /\d/.test(text) && !(open && text.includes(']')) && !text.includes('[')) {
      text = text.replace(AS_ONE, '1').replace(AS_EIGHT, '8');
    }
    const prev = out[out.length - 1];
    const h = w.bbox[3] - w.bbox[1];
    const near = prev && w.bbox[0] - prev.bbox[2] < 0.8 * h;
    if (near) {
      // "1 ]", "1 Ì": the number then a lone unsure symbol; "I 1/7": a lone unsure symbol then the number
      if (w.confidence < UNSURE && /^[!\]|IÌÍ]$/.test(text) && !open && /\d$/.test(prev.text)) {
        out[out.length - 1] = joined(prev, w, prev.text + '1');
        continue;
      }
      if (prev.confidence < UNSURE && /^[!\]|I]$/.test(prev.text) && /^\d/.test(text) && !(prev.text === ']' && open)) {
        out[out.length - 1] = joined(prev, w, '1' + text);
        continue;
      }
      // a 1 is narrow with a wide foot, so the engine may see a word gap beside it ("08/1 1" for "08/11"):
      // two digit runs no farther apart than the line's usual word gap are one number
      const gap = w.bbox[0] - prev.bbox[2];
      if (/\d$/.test(prev.text) && /^\d/.test(text) && (/1$/.test(prev.text) || /^1/.test(text)) && gap <= 1.2 * usual && gap < 0.5 * h) {
        out[out.length - 1] = joined(prev, { ...w, text }, prev.text + text);
        continue;
      }
    }
    if (text.includes('[')) open = true;
    out.push(text === w.text ? w : { ...w, text });
  }
  return out;
}

const joined = (a: RecognisedWord, b: RecognisedWord, text: string): RecognisedWord => ({
  text,
  confidence: Math.min(a.confidence, b.confidence),
  bbox: [Math.min(a.bbox[0], b.bbox[0]), Math.min(a.bbox[1], b.bbox[1]), Math.max(a.bbox[2], b.bbox[2]), Math.max(a.bbox[3], b.bbox[3])],
});

export function meanConfidence(lines: RecognisedLine[]): number {
  let sum = 0;
  let n = 0;
  for (const l of lines) for (const w of l.words) { sum += w.confidence * w.text.length; n += w.text.length; }
  return n ? sum / n : 0;
}

export function toTextLines(lines: RecognisedLine[], page: number): TextLineT[] {
  return lines.map((l, i) => ({
    page,
    line: i + 1,
    text: l.words.map((w) => w.text).join(' '),
    confidence: round1(l.words.reduce((s, w) => s + w.confidence, 0) / l.words.length),
    words: l.words.map((w) => ({ text: w.text, confidence: w.confidence, bbox: w.bbox })),
  }));
}

const round1 = (x: number) => Math.max(0, Math.min(100, Math.round(x * 10) / 10));
