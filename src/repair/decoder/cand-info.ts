// Typed views of candidate lists (CandInfo): what the Viterbi reads per candidate, with upper bounds of
// what each may add to a path so that it can stop early.
import type { Channel } from '../channel.js';
import { normTone } from '../text.js';
import { MEMO_WIDTH } from './lm-memo.js';
import type { Cand, CandInfo, Entry, StreamTok } from './types.js';

/** Chunks for the typed views of per-document candidate lists, reused from document to document. */
export class InfoPool {
  private intChunks: Int32Array[] = [];
  private floatChunks: Float64Array[] = [];
  private intChunk = 0;
  private floatChunk = 0;
  private intUsed = 0;
  private floatUsed = 0;
  private static readonly CHUNK = 1 << 15;

  reset(): void {
    this.intChunk = 0;
    this.floatChunk = 0;
    this.intUsed = 0;
    this.floatUsed = 0;
  }

  make(K: number, mu: number, slots: boolean): CandInfo {
    const ni = (slots ? 5 : 4) * K;
    const nf = 3 * K;
    if (this.intChunk >= this.intChunks.length || this.intUsed + ni > this.intChunks[this.intChunk].length) {
      if (this.intChunk < this.intChunks.length) this.intChunk++;
      this.intUsed = 0;
      if (this.intChunk >= this.intChunks.length || this.intChunks[this.intChunk].length < ni)
        this.intChunks[this.intChunk] = new Int32Array(Math.max(InfoPool.CHUNK, ni));
    }
    if (this.floatChunk >= this.floatChunks.length || this.floatUsed + nf > this.floatChunks[this.floatChunk].length) {
      if (this.floatChunk < this.floatChunks.length) this.floatChunk++;
      this.floatUsed = 0;
      if (this.floatChunk >= this.floatChunks.length || this.floatChunks[this.floatChunk].length < nf)
        this.floatChunks[this.floatChunk] = new Float64Array(Math.max(InfoPool.CHUNK, nf));
    }
    const info = {
      mu,
      K,
      ints: this.intChunks[this.intChunk],
      intsAt: this.intUsed,
      floats: this.floatChunks[this.floatChunk],
      floatsAt: this.floatUsed,
      slotsAt: slots ? this.intUsed + 4 * K : -1,
    };
    this.intUsed += ni;
    this.floatUsed += nf;
    return info;
  }
}

/**
 * Fills the views of a list from its LM ids, channel costs and slots in `entry` (slots null: the
 * list is not memoised). The bound of a candidate is what it can add to a path (best LM score of the
 * word minus channel), the bigram bound the same without trigram scores; the two orders sort by them,
 * best first, ties by position.
 */
export function fillInfo(
  info: CandInfo,
  ids: Int32Array,
  costs: Float64Array,
  slots: Int32Array | null,
  maxLp: Float64Array,
  maxBi: Float64Array,
  entry?: Entry,
): void {
  const { K, ints, intsAt, floats, floatsAt, mu } = info;
  const memo = slots !== null && entry !== undefined;
  if (memo && !entry!.memoCell) {
    entry!.memoCell = new Int8Array(entry!.pool.length + 2).fill(-1);
    entry!.memoCells = 0;
  }
  for (let k = 0; k < K; k++) {
    const w = ids[k];
    const cost = costs[k];
    ints[intsAt + k] = w;
    floats[floatsAt + k] = cost;
    floats[floatsAt + K + k] = maxLp[w] - mu * cost;
    floats[floatsAt + 2 * K + k] = maxBi[w] - mu * cost;
    let cell = -1;
    if (memo) {
      const e = entry!;
      const slot = slots![k];
      cell = e.memoCell![slot];
      if (cell < 0 && e.memoCells! < MEMO_WIDTH) cell = e.memoCell![slot] = e.memoCells!++;
    }
    ints[intsAt + 3 * K + k] = cell;
    if (info.slotsAt >= 0) ints[info.slotsAt + k] = slots![k];
  }
  byBound(floats, floatsAt + K, ints, intsAt + K, K);
  byBound(floats, floatsAt + 2 * K, ints, intsAt + 2 * K, K);
}

/** Indices 0..K-1 by the bounds at floats[floatsAt..], best first, ties by position, into ints[intsAt..] (insertion sort: lists are short). */
function byBound(floats: Float64Array, floatsAt: number, ints: Int32Array, intsAt: number, K: number): void {
  for (let k = 0; k < K; k++) {
    const v = floats[floatsAt + k];
    let p = k;
    while (p > 0 && floats[floatsAt + ints[intsAt + p - 1]] < v) {
      ints[intsAt + p] = ints[intsAt + p - 1];
      p--;
    }
    ints[intsAt + p] = k;
  }
}

/** Scratch for fillInfo() callers. */
const scratch = { ids: new Int32Array(64), costs: new Float64Array(64), slots: new Int32Array(64) };
export function scratchFor(K: number): typeof scratch {
  if (scratch.ids.length < K) {
    scratch.ids = new Int32Array(2 * K);
    scratch.costs = new Float64Array(2 * K);
    scratch.slots = new Int32Array(2 * K);
  }
  return scratch;
}

/** The views of a list cached across documents, kept on the list itself (lists are shared by repeated tokens). */
export function listInfo(cands: Cand[], mu: number, maxLp: Float64Array, maxBi: Float64Array, entry?: Entry): CandInfo {
  const held = cands as Cand[] & { info?: CandInfo };
  const have = held.info;
  if (have && have.mu === mu) return have;
  const K = cands.length;
  const sc = scratchFor(K);
  let memo = entry !== undefined;
  for (let k = 0; k < K; k++) {
    sc.ids[k] = cands[k].id;
    sc.costs[k] = cands[k].cost;
    const slot = cands[k].slot;
    if (slot === undefined) memo = false;
    else sc.slots[k] = slot;
  }
  // with the slots in the entry when memoised (candOf() then reads them like those of adapted lists)
  const info = {
    mu,
    K,
    ints: new Int32Array((memo ? 5 : 4) * K),
    intsAt: 0,
    floats: new Float64Array(3 * K),
    floatsAt: 0,
    slotsAt: memo ? 4 * K : -1,
  };
  fillInfo(info, sc.ids, sc.costs, memo ? sc.slots : null, maxLp, maxBi, entry);
  held.info = info;
  return info;
}

/** Candidate k of a token's list in force. */
export function candOf(t: StreamTok, k: number): Cand {
  const info = t.info!;
  if (info.slotsAt < 0) return t.cands[k];
  const e = t.entry!;
  const slot = info.ints[info.slotsAt + k];
  return slot < e.pool.length ? e.pool[slot] : slot === e.pool.length ? e.self! : e.keepCand!;
}

/**
 * OCR confidence as evidence: readings other than the word as printed get the learned cost of that
 * confidence tenth (a confident vie word is rarely wrong; a doubtful one often is).
 */
export function withConfidence(
  t: StreamTok,
  base: CandInfo,
  ch: Channel,
  pool: InfoPool,
  maxLp: Float64Array,
  maxBi: Float64Array,
): CandInfo {
  const delta = ch.confDelta[Math.max(0, Math.min(9, Math.floor(t.conf! / 10)))];
  return withKeepCost(t, base, delta, pool, maxLp, maxBi);
}

/**
 * The list of t with `delta` (log10) added to every reading other than the word as printed; with `free`,
 * the token kept as printed (a name, a Latin word, "A1") costs nothing (clean typed text).
 */
export function withKeepCost(
  t: StreamTok,
  base: CandInfo,
  delta: number,
  pool: InfoPool,
  maxLp: Float64Array,
  maxBi: Float64Array,
  free = false,
): CandInfo {
  if (!delta) return base;
  const self = normTone(t.tok.text.toLowerCase());
  const K = base.K;
  // memoised lists (those with slots) stay memoised
  const memo = base.slotsAt >= 0;
  const sc = scratchFor(K);
  for (let k = 0; k < K; k++) {
    // t.info is still `base` here
    const c = candOf(t, k);
    const cost = base.floats[base.floatsAt + k];
    sc.ids[k] = base.ints[base.intsAt + k];
    sc.costs[k] = c.keep ? (free ? 0 : cost) : c.out === self ? cost : cost + delta;
    if (memo) sc.slots[k] = base.ints[base.slotsAt + k];
  }
  const info = pool.make(K, base.mu, memo);
  fillInfo(info, sc.ids, sc.costs, memo ? sc.slots : null, maxLp, maxBi, t.entry);
  return info;
}
