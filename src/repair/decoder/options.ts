// The decoder's options and the tuned defaults behind them.

export interface DecodeOptions {
  /** 'eng' | 'vie' | 'auto' (by the share of words that carry Vietnamese marks) */
  profile?: string;
  /** channel weight against the LM (log10 units) */
  channelWeight?: number;
  /** a word with OCR confidence at least this (0-100) is kept when it is a known syllable */
  trustConfidence?: number;
  /** ablation: plain edit distance instead of the learned channel */
  uniformChannel?: boolean;
  /** ablation: LM order used at decode time (1, 2 or 3) */
  lmOrder?: number;
  maxCandidates?: number;
  /** second pass with the channel adapted to the document (default: on, except for clean typed text) */
  adapt?: boolean;
  /** fewest word tokens for adaptation; prior weight (pseudo-counts) of the learned channel */
  adaptMin?: number;
  adaptWeight?: number;
  adaptRounds?: number;
  /** share of the stream the first pass reads when adaptation follows (1: all of it) */
  adaptSample?: number;
  /** Viterbi score beam (log10) */
  beam?: number;
  /**
   * Clean typed text (see clean.ts): cost (log10) added to every reading of a word without OCR confidence
   * other than the word as written, and names after a surname kept as written. Set by the repair stage.
   */
  keepWritten?: number;
}

/** Viterbi pruning: score beam (log10) and most states kept per position. Beam 4 against 5: 1 word more
 *  wrong of 11,163 on the dev notices, none on the held-out sets, ~16% less time (interleaved runs) */
export const BEAM = 4;
export const MAX_STATES = 8;
/** candidates ranked this far (log10) below a token's best are dropped */
export const CAND_BEAM = 6;
/** weight of the unigram prior when ranking a token's candidates */
export const PRIOR = 0.6;
export const MAX_CANDIDATES = 24;
export const ADAPT_ROUNDS = 1;
/** fewest decoded words with a choice that adaptation learns from */
export const ADAPT_MIN = 150;
/** prior weight (pseudo-counts) of the learned channel against the document's own confusions */
export const ADAPT_WEIGHT = 20;
/** share of a stream the first pass reads when adaptation follows, and the fewest tokens it reads:
 *  against a whole first pass, 0.25 costs 3 words of 11,163 on the dev notices, none held out */
export const ADAPT_SAMPLE = 0.25;
export const ADAPT_SAMPLE_MIN = 600;
