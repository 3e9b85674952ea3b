// Repair stage: lines in, the same number of lines out. Restores Vietnamese diacritics and fixes OCR
// letter errors with a noisy-channel decoder (syllable trigram LM + learned OCR channel).
import type { TextLineT } from '../record.js';
import type { Change } from './change.js';
import { Decoder, type DecodeOptions } from './decoder.js';
import type { RepairModel } from './model.js';
import { lettersInCodes, restoreCodes, snapAbbreviations, snapCodePieces } from './codes.js';
import { lowerCaseStrays, restoreCapitalI, titleCaseStrays } from './names.js';
import { repairWebAddresses } from './web.js';
import { repairNumerals } from './numerals.js';
import { CLEAN_KEEP, cleanliness } from './clean.js';

export interface RepairOptions extends DecodeOptions {
  /** per-line OCR word confidences (0-100), one per whitespace-separated word of the line */
  confidences?: (number[] | undefined)[];
  /**
   * Whether the text is clean typed text, kept as written unless the LM evidence is overwhelming
   * (see clean.ts). 'auto' (default): so when no OCR word confidences come with it and it measures clean.
   */
  clean?: boolean | 'auto';
}

export interface RepairedLine {
  text: string;
  changes: Change[];
  /** 0-1: how sure the decoder is of the line's words */
  confidence: number;
}

export type { Change } from './change.js';

/** Longest run of lines decoded as one stream; bounds memory on huge inputs. */
const BLOCK_LINES = 400;

/** The repair stage over one model: build it once (the model is large) and share it. */
export interface Repairer {
  readonly model: RepairModel;
  /** Plain text lines with per-line changes and confidence. Returns exactly lines.length lines. */
  repairDetailed(lines: string[], options?: RepairOptions): Promise<{ lines: RepairedLine[] }>;
  /** Plain text lines. Returns exactly lines.length lines. */
  repairLines(lines: string[], options?: RepairOptions): Promise<string[]>;
  /** The pipeline stage: TextLine[] -> TextLine[] (same count, provenance kept). */
  repair(lines: TextLineT[], options?: RepairOptions): Promise<TextLineT[]>;
}

export function createRepairer(model: RepairModel): Repairer {
  const decoder = new Decoder(model);
  const repairDetailed = (lines: string[], options: RepairOptions = {}) => decodeDocument(decoder, model, lines, options);
  const repairLines = async (lines: string[], options: RepairOptions = {}) =>
    (await repairDetailed(lines, options)).lines.map((l) => l.text);
  return {
    model,
    repairDetailed,
    repairLines,
    async repair(lines, options = {}) {
      const confidences =
        options.confidences ?? (lines.some((l) => l.words?.length) ? lines.map((l) => l.words?.map((w) => w.confidence)) : undefined);
      const fixed = await repairLines(
        lines.map((l) => l.text),
        { ...options, confidences },
      );
      return lines.map((l, i) => ({ ...l, text: fixed[i] }));
    },
  };
}

async function decodeDocument(dec: Decoder, model: RepairModel, lines: string[], options: RepairOptions): Promise<{ lines: RepairedLine[] }> {
  const out: RepairedLine[] = [];
  if (lines.length === 0) return { lines: out };
  // one profile for the whole document, chosen on its first lines
  const profile = options.profile && options.profile !== 'auto' ? options.profile : dec.chooseProfile(lines.slice(0, 400));
  const clean =
    options.clean === true ||
    ((options.clean ?? 'auto') === 'auto' && !options.confidences?.some((c) => c?.length) && cleanliness(lines, model).clean);
  if (clean && options.keepWritten === undefined) options = { ...options, keepWritten: CLEAN_KEEP };
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
  // clean typed text: its codes, numerals, addresses and capitals are as its author typed them; the passes
  // below put back what an OCR engine breaks
  if (clean) return { lines: out };
  // Đ of codes from the document's own words: mangled text loses it, and so does a Vietnamese model on a
  // noisy scan (the bar of Đ under speckle)
  restoreCodes(out, model.abbrev);
  snapAbbreviations(out, model.abbrev);
  snapCodePieces(out, model.abbrev);
  lettersInCodes(out, model.abbrev);
  restoreCapitalI(out, model.lm);
  titleCaseStrays(out, (w) => model.knows(w));
  lowerCaseStrays(out, model.lowerInSentence);
  repairNumerals(out);
  repairWebAddresses(out, model.domains);
  return { lines: out };
}
