// Repair stage: lines in, the same number of lines out. Restores Vietnamese diacritics and fixes OCR
// letter errors with a noisy-channel decoder (syllable trigram LM + learned OCR channel).
import type { TextLineT } from '../record.js';
import { Decoder, type Change, type DecodeOptions } from './decoder.js';
import { getModel } from './model.js';
import { lettersInCodes, restoreCodes, snapAbbreviations, snapCodePieces } from './codes.js';
import { lowerCaseStrays, restoreCapitalI, titleCaseStrays } from './names.js';
import { repairWebAddresses } from './web.js';
import { repairNumerals } from './numerals.js';

export interface RepairOptions extends DecodeOptions {
  /** per-line OCR word confidences (0-100), one per whitespace-separated word of the line */
  confidences?: (number[] | undefined)[];
}

export interface RepairedLine {
  text: string;
  changes: Change[];
  /** 0-1: how sure the decoder is of the line's words */
  confidence: number;
}

export type { Change } from './decoder.js';

let decoder: Decoder | null = null;
function getDecoder(): Decoder {
  if (!decoder) decoder = new Decoder(getModel());
  return decoder;
}

/** Longest run of lines decoded as one stream; bounds memory on huge inputs. */
const BLOCK_LINES = 400;

/** Repair plain text lines with per-line changes and confidence. Returns exactly lines.length lines. */
export async function repairDetailed(lines: string[], options: RepairOptions = {}): Promise<{ lines: RepairedLine[] }> {
  const out: RepairedLine[] = [];
  if (lines.length === 0) return { lines: out };
  const dec = getDecoder();
  // one profile for the whole document, chosen on its first lines
  const profile = options.profile && options.profile !== 'auto' ? options.profile : dec.chooseProfile(lines.slice(0, 400));
  for (let start = 0; start < lines.length; ) {
    // cut at a blank line near the block size so sentences stay whole
    let end = Math.min(lines.length, start + BLOCK_LINES);
    if (end < lines.length) {
      for (let k = end; k > start + BLOCK_LINES / 2; k--) {
        if (lines[k - 1].trim() === '') {
          end = k;
          break;
        }
      }
    }
    const block = lines.slice(start, end).map((l) => (l ?? '').normalize('NFC'));
    const conf = options.confidences?.slice(start, end);
    for (const r of dec.decode(block, { ...options, profile }, conf)) out.push(r);
    start = end;
    if (end < lines.length) await new Promise((r) => setImmediate(r));
  }
  // Đ of codes from the document's own words: mangled text loses it, and so does a Vietnamese model on a
  // noisy scan (the bar of Đ under speckle)
  restoreCodes(out, getModel().abbrev);
  snapAbbreviations(out, getModel().abbrev);
  snapCodePieces(out, getModel().abbrev);
  lettersInCodes(out, getModel().abbrev);
  restoreCapitalI(out, getModel().lm);
  titleCaseStrays(out, (w) => getModel().knows(w));
  lowerCaseStrays(out, getModel().lowerInSentence);
  repairNumerals(out);
  repairWebAddresses(out, getModel().domains);
  return { lines: out };
}

/** Repair plain text lines. Returns exactly lines.length lines. */
export async function repairLines(lines: string[], options: RepairOptions = {}): Promise<string[]> {
  return (await repairDetailed(lines, options)).lines.map((l) => l.text);
}

/** The pipeline stage: TextLine[] -> TextLine[] (same count, provenance kept). */
export async function repair(lines: TextLineT[], options: RepairOptions = {}): Promise<TextLineT[]> {
  const confidences =
    options.confidences ?? (lines.some((l) => l.words?.length) ? lines.map((l) => l.words?.map((w) => w.confidence)) : undefined);
  const fixed = await repairLines(
    lines.map((l) => l.text),
    { ...options, confidences },
  );
  return lines.map((l, i) => ({ ...l, text: fixed[i] }));
}
