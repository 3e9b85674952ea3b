// How clean a document's text is: typed Vietnamese (a pasted born-digital text) against text an OCR made.
// Clean text is kept as written by the decoder unless the LM evidence against a word is overwhelming
// (DecodeOptions.keepWritten): on the clean records (samples/real/records) and the gold restored notices
// as input, the decoder otherwise "fixed" names ("Trần Ngọc Vinh" -> "Minh"), "Kính trình" -> "Kinh".
import type { RepairModel } from './model.js';
import { tokenize } from './text.js';

/**
 * Cost (log10) added to readings other than the word as written in clean text (bench/repair-clean.ts):
 * 2 leaves 2 of 15,320 words of the clean records changed, 3 leaves 1 but costs 8 words on the real OCR
 * pages read as text (some of them measure clean), 1.5 leaves 6.
 */
export const CLEAN_KEEP = 2;

/** fewest words that say anything: a line or two is judged as OCR text (repaired as before) */
const MIN_WORDS = 40;
const MARKED = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;
/** characters typed text has: Latin letters, digits, the usual punctuation; OCR adds others from stamps,
 *  signatures and specks ("‡", "„", "ˆ", "|", "†", "‹", "@") */
const TYPED = /[\p{Script=Latin}\d\s.,;:!?()[\]"'“”‘’\-–—/%&+*=…§²³°•«»_]/u;

export interface Cleanliness {
  /** words with letters only */
  words: number;
  /** share of the words carrying a Vietnamese mark */
  marked: number;
  /** share of the lower-case words that are no known syllable */
  unknown: number;
  /** share of tokens that are neither words, numbers nor punctuation ("S'ITTT", "phu’0’11g") */
  mixed: number;
  /** junk characters per 1000 non-space characters */
  junk: number;
  clean: boolean;
}

/** The measures of a document (its first 3000 words), and whether they say clean typed text. */
export function cleanliness(lines: string[], model: RepairModel): Cleanliness {
  let words = 0;
  let marked = 0;
  let lower = 0;
  let unknown = 0;
  let toks = 0;
  let mixed = 0;
  let chars = 0;
  let junk = 0;
  for (const l of lines) {
    for (const ch of l) {
      if (ch === ' ' || ch === '\t') continue;
      chars++;
      if (!TYPED.test(ch)) junk++;
    }
    for (const t of tokenize(l.normalize('NFC'))) {
      toks++;
      if (t.kind === 'other') mixed++;
      if (t.kind !== 'word') continue;
      words++;
      if (MARKED.test(t.text)) marked++;
      if (/^\p{Ll}+$/u.test(t.text)) {
        lower++;
        if (!model.knows(t.text)) unknown++;
      }
    }
    if (words > 3000) break;
  }
  const m: Cleanliness = {
    words,
    marked: words ? marked / words : 0,
    unknown: lower ? unknown / lower : 1,
    mixed: toks ? mixed / toks : 1,
    junk: chars ? (1000 * junk) / chars : 0,
    clean: false,
  };
  m.clean = words >= MIN_WORDS && m.marked >= 0.6 && m.unknown <= 0.015 && m.mixed <= 0.04 && m.junk <= 0.3;
  return m;
}
