// The decoder's data: candidates of a token, the cached entry they come from, the token stream and the
// typed views (CandInfo) the Viterbi reads.
import type { Change } from '../change.js';
import type { Token } from '../text.js';

/** One reading of a token. */
export interface Cand {
  /** output text (lowercase syllable, or the token itself) */
  out: string;
  /** LM id */
  id: number;
  /** channel cost (log10) */
  cost: number;
  /** the token as printed (its case kept) */
  keep: boolean;
  /** place in its entry (pool index; then self, keep): the key of the per-document LM memo */
  slot?: number;
}

export interface PoolCand extends Cand {
  /** single-letter substitutions of the best alignment, as channel keys */
  subKeys: string[];
  /** the same as numbers of SubstitutionIds */
  subIds: Int32Array;
  /** cost came from the whole-token table, not from the alignment */
  fromTable: boolean;
}

/** The pool of an entry in flat arrays, for re-ranking with adapted costs (see flatPool()). */
export interface FlatPool {
  cost: Float64Array;
  /** PRIOR times the unigram log10 probability */
  prior: Float64Array;
  /** substitution ids of candidate i: subs[subsStart[i] .. subsStart[i + 1]) (none for table costs) */
  subsStart: Int32Array;
  subs: Int32Array;
  ids: Int32Array;
}

/** The analysis of one token text under one channel, cached across documents. */
export interface Entry {
  /** Cand.slot -> cell of the entry's memo rows (-1: none yet), given in order of first use */
  memoCell?: Int8Array;
  memoCells?: number;
  pool: PoolCand[];
  /** the token as printed, when it may stay as it is */
  keepCand?: Cand;
  /** the token itself comes first (numbers, symbols) and no keep candidate is added */
  self?: Cand;
  cands: Cand[];
  /** number of the document whose LM memo numbered the entry, and that number */
  memoDoc?: number;
  memoId?: number;
  /** round of adaptation the re-ranked candidates (their views) belong to */
  adaptedIn?: number;
  adaptedInfo?: CandInfo;
  flat?: FlatPool;
}

/**
 * Typed views of a candidate list of K: ints from intsAt holds LM ids, order by bound, order by bigram
 * bound, memo cells (-1: none) and maybe slots, K each; floats from floatsAt holds channel costs, bound
 * and bigram bound, K each (see fillInfo()). Lists cached across documents own their arrays;
 * per-document lists (adapted, with OCR confidences) share the chunks of an InfoPool.
 */
export interface CandInfo {
  mu: number;
  K: number;
  ints: Int32Array;
  intsAt: number;
  floats: Float64Array;
  floatsAt: number;
  /** where ints holds each candidate's slot in its entry (lists re-ranked per document keep no Cand array); -1: none */
  slotsAt: number;
}

/** A token of the stream with its candidates. */
export interface StreamTok {
  line: number;
  tok: Token;
  cands: Cand[];
  /** where the candidates came from, so a second pass can re-rank them */
  entry?: Entry;
  /** OCR confidence of the word (0-100) */
  conf?: number;
  /** typed views of cands, with the channel costs in force (adapted, with confidence) */
  info?: CandInfo;
}

export interface DecodedLine {
  text: string;
  changes: Change[];
  confidence: number;
}
