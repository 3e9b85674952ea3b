// Viterbi search over the token stream with the trigram LM and the channel costs. A state at position i
// is (candidate j at i-1, candidate k at i), so that a step scores the trigram (candidate at i-2, j, k).
// Exact pruning keeps the MAX_STATES best states within a beam; LM scores come from the document's
// memo (LmMemo) where it has them, and the first pass notes each position's contexts for the next.
import { NgramLM, WORD_REC, type TopPredecessors } from '../lm.js';
import { LmMemo, MEMO_WIDTH, NOT_TOP, TRI_SCAN } from './lm-memo.js';
import { BEAM, MAX_STATES } from './options.js';
import type { CandInfo, StreamTok } from './types.js';
import { Cells, ContextNotes, TopCells } from './viterbi-scratch.js';

const S = MAX_STATES;

export class Viterbi {
  /** LM scores of the current document */
  readonly memo = new LmMemo();
  private readonly cells = new Cells();
  private readonly notes = new ContextNotes();
  private readonly top = new TopCells(S);
  /** back-pointer buffers, reused */
  private trace = new Int32Array(0);
  private unstored = new Uint8Array(0);

  // for one search (see begin())
  private mu = 1;
  private order = 3;
  private beam = BEAM;
  /** the first pass: where it notes each position's contexts */
  private noting: ContextNotes | null = null;
  /** a later pass: the notes of the first */
  private noted: ContextNotes | null = null;
  private tables!: ReturnType<NgramLM['tables']>;
  private preds!: TopPredecessors;
  /** per state (MAX_STATES per position): index j of its candidate at i-1, index k of its candidate at i, the state at i-1 it came from */
  private statePrev: Int32Array = new Int32Array(0);
  private stateCand: Int32Array = new Int32Array(0);
  private backPointer: Int32Array = new Int32Array(0);
  /** per state: 1 when its bigram (j, k) is known not stored (so no trigram context for the next position) */
  private bigramUnstored: Uint8Array = new Uint8Array(0);
  /** per position: 1 where the LM context starts over (the stream's start, a sentence's) */
  private contextStart = new Uint8Array(0);
  private prevScore = new Float64Array(S);
  private curScore = new Float64Array(S);
  /** LM ids of the candidates at i-1 and at i-2 (views into their lists' ints) */
  private prevIds: Int32Array = new Int32Array(0);
  private prevIdsAt = 0;
  private prevK = 1;
  private prev2Ids: Int32Array = new Int32Array(0);
  private prev2IdsAt = 0;
  /** states at i-1 and their offset in the state arrays (-1: the start state) */
  private prevStates = 1;
  private prevStatesAt = -1;

  // for one position (see enterPosition())
  private info!: CandInfo;
  /** the number of the token's entry in the memo (-1: no entry) */
  private entryNo = -1;
  private startsContext = false;
  /** the position's cell stamp */
  private gen = 0;
  /** the least score a cell needs to be kept: the S-th best so far, or the beam below the best */
  private threshold = -Infinity;
  private touchedCount = 0;

  // for one state (see findContext() and readRecord())
  /** the LmMemo record of the state's context (a, b), -1: none */
  private ctxRecord = -1;
  /** memo rows of the token's entry: bigram scores after b, trigram scores after (a, b) */
  private bigramRow = -1;
  private trigramRow = -1;
  /** the trigram context index of (a, b) (-1: none) and its backoff weight (a cost, so never negative) */
  private trigramCtx = -1;
  private backoff = 0;
  /** a trigram row copied into the memo (rowLength -1: a long one, searched per candidate) */
  private rowAt = 0;
  private rowLength = 0;

  /** the LM id of the sentence start, as a candidate list of one */
  private readonly bosIds: Int32Array;

  constructor(private readonly lm: NgramLM) {
    this.bosIds = Int32Array.of(lm.bos);
  }

  /** Forgets the LM scores of the last document. */
  newDocument(): void {
    this.memo.reset();
  }

  /** Drops the notes of positions from..to (a sampled first pass ended at from; none may be read from an earlier stream past it). */
  forgetNotes(from: number, to: number): void {
    this.notes.count.fill(0, from, Math.min(to, this.notes.count.length));
  }

  /** The best path: per token, the index of its chosen candidate. */
  search(toks: StreamTok[], brk: Uint8Array, mu: number, order: number, firstPass: boolean, beam: number): Int32Array {
    const N = toks.length;
    this.begin(N, mu, order, firstPass, beam);
    for (let i = 0; i < N; i++) {
      const tok = toks[i];
      const entryNo = tok.entry ? this.memo.entry(tok.entry) : -1;
      let startsContext = i === 0;
      if (i > 0 && brk[i] === 1) {
        this.endSentence(i);
        startsContext = true;
      }
      if (startsContext) this.contextStart[i] = 1;
      this.enterPosition(tok.info!, entryNo, startsContext);
      const { K, ints, intsAt, floats, floatsAt } = this.info;
      // states come best first: none after one whose best candidate cannot reach the threshold
      const bestBound = floats[floatsAt + K + ints[intsAt + K]];
      for (let s = 0; s < this.prevStates; s++) {
        if (this.prevScore[s] + bestBound < this.threshold) break;
        this.scoreState(i, s);
      }
      this.keepBestCells(i);
      this.advance(startsContext);
    }
    // rows noted before the memo started over are gone
    const note = this.noting;
    if (note && this.memo.epoch !== note.epoch) note.epoch = -1;
    return this.backtrace(N);
  }

  private begin(N: number, mu: number, order: number, firstPass: boolean, beam: number): void {
    this.mu = mu;
    this.order = order;
    this.beam = beam;
    this.noting = firstPass ? this.notes.start(N * S, N, this.memo.epoch) : null;
    this.noted = firstPass ? null : this.notes;
    this.tables = this.lm.tables();
    this.preds = this.lm.topPredecessors();
    if (this.trace.length < 3 * N * S) this.trace = new Int32Array(6 * N * S);
    this.statePrev = this.trace.subarray(0, N * S);
    this.stateCand = this.trace.subarray(N * S, 2 * N * S);
    this.backPointer = this.trace.subarray(2 * N * S, 3 * N * S);
    if (this.unstored.length < N * S) this.unstored = new Uint8Array(2 * N * S);
    this.bigramUnstored = this.unstored;
    this.contextStart = new Uint8Array(N);
    this.prevScore = new Float64Array(S);
    this.curScore = new Float64Array(S);
    this.cells.ensureIds(this.lm.vocab.length);
    this.prevIds = this.bosIds;
    this.prevIdsAt = 0;
    this.prevK = 1;
    this.prev2Ids = this.bosIds;
    this.prev2IdsAt = 0;
    this.prevStates = 1;
    this.prevStatesAt = -1;
    this.prevScore[0] = 0;
  }

  /** Sentence boundary before position i: the sentence ends on the best state, which stays as state 0. */
  private endSentence(i: number): void {
    const lm = this.lm;
    const { prevScore, statePrev, stateCand, backPointer } = this;
    const at = this.prevStatesAt;
    let best = 0;
    for (let s = 1; s < this.prevStates; s++) if (prevScore[s] > prevScore[best]) best = s;
    const a = this.contextStart[i - 1] || this.order < 3 ? -1 : this.prev2Ids[this.prev2IdsAt + statePrev[at + best]];
    prevScore[0] = prevScore[best] + lm.logp(a, this.prevIds[this.prevIdsAt + stateCand[at + best]], lm.eos);
    // keep the trace: state 0 stands for the old best state
    statePrev[at] = statePrev[at + best];
    stateCand[at] = stateCand[at + best];
    backPointer[at] = backPointer[at + best];
    this.prevStates = 1;
  }

  /** Cells for the position's candidates, which are indexed by LM id (a list may hold one id twice). */
  private enterPosition(info: CandInfo, entryNo: number, startsContext: boolean): void {
    const { K, ints, intsAt } = info;
    this.info = info;
    this.entryNo = entryNo;
    this.startsContext = startsContext;
    const P = startsContext ? 1 : this.prevK;
    const cells = this.cells;
    cells.ensure(P * K, Math.max(P, K));
    const gen = (this.gen = cells.next());
    const { idStamp, firstWithId, nextWithId } = cells;
    for (let k = K - 1; k >= 0; k--) {
      const w = ints[intsAt + k];
      nextWithId[k] = idStamp[w] === gen ? firstWithId[w] : -1;
      firstWithId[w] = k;
      idStamp[w] = gen;
    }
    this.top.count = 0;
    this.threshold = -Infinity;
    this.touchedCount = 0;
  }

  /** Extends state s at i-1 by each candidate at i that may reach the threshold. */
  private scoreState(i: number, s: number): void {
    const lm = this.lm;
    const at = this.prevStatesAt;
    const j = this.startsContext ? 0 : this.stateCand[at + s];
    const b = this.startsContext ? lm.bos : this.prevIds[this.prevIdsAt + j];
    const a = this.startsContext || this.contextStart[i - 1] ? lm.bos : this.prev2Ids[this.prev2IdsAt + this.statePrev[at + s]];
    // the bigram context, none for a unigram LM
    const bigramWord = this.order >= 2 ? b : -1;
    if (!this.readNotes(i, a, b)) this.findContext(i, s, j, a, b, bigramWord);
    this.readRecord();
    const hit = this.cells.nextHit();
    const hitCount = this.rowLength > 0 ? this.trigramHits(hit) : 0;
    this.scoreCandidates(s, j * this.info.K, bigramWord, hit, hitCount);
  }

  /** The fields of the state's context record (see LmMemo.recs). */
  private readRecord(): void {
    const r = this.ctxRecord;
    if (r < 0) {
      this.trigramCtx = -1;
      this.backoff = 0;
      this.rowAt = 0;
      this.rowLength = 0;
      return;
    }
    const rec = this.memo.recs;
    this.trigramCtx = rec[4 * r];
    this.backoff = rec[4 * r + 1] * this.tables.scale;
    this.rowAt = rec[4 * r + 2];
    this.rowLength = rec[4 * r + 3];
  }

  /** The context record and memo rows of (a, b) at position i from the first pass, when it met them there. */
  private readNotes(i: number, a: number, b: number): boolean {
    const pc = this.noted;
    if (!pc || this.memo.epoch !== pc.epoch) return false;
    for (let e = i * S, end = e + pc.count[i]; e < end; e++) {
      if (pc.prev2Word[e] === a && pc.prevWord[e] === b) {
        this.ctxRecord = pc.record[e];
        this.bigramRow = pc.bigramRow[e];
        this.trigramRow = pc.trigramRow[e];
        return true;
      }
    }
    return false;
  }

  /**
   * The context record of (a, b) (trigram context index, backoff, a short trigram row to read whole) and
   * the memo rows of the token's entry under it, looked up and noted for the next pass.
   */
  private findContext(i: number, s: number, j: number, a: number, b: number, bigramWord: number): void {
    const memo = this.memo;
    let r = -1;
    let bigramRow = -1;
    let trigramRow = -1;
    // (a, b) is no trigram context when the bigram is not stored, as the state may know
    const unstored =
      this.prevStatesAt >= 0 && !this.startsContext && !this.contextStart[i - 1] && this.bigramUnstored[this.prevStatesAt + s] === 1;
    if (this.order >= 3 && !unstored) r = memo.ctx(this.lm, a, b, TRI_SCAN);
    const search = r >= 0 && memo.recs[4 * r + 3] < 0;
    const { prevRowStamp, prevRowAt, prevRowEpoch } = this.cells;
    const ent = this.entryNo;
    const gen = this.gen;
    // bigram scores of the candidates after b, memoised per (entry, b)
    while (ent >= 0) {
      const epoch = memo.epoch;
      if (search) trigramRow = memo.row(ent, memo.recs[4 * r], MEMO_WIDTH);
      if (prevRowStamp[j] === gen && prevRowEpoch[j] === memo.epoch) bigramRow = prevRowAt[j];
      else {
        bigramRow = prevRowAt[j] = memo.row(ent, -2 - bigramWord, MEMO_WIDTH);
        prevRowStamp[j] = gen;
        prevRowEpoch[j] = memo.epoch;
      }
      // the memo started over while rows were found: find them again
      if (memo.epoch === epoch) break;
    }
    const note = this.noting;
    if (note && note.count[i] < S) {
      const e = i * S + note.count[i]++;
      note.prev2Word[e] = a;
      note.prevWord[e] = b;
      note.record[e] = r;
      note.bigramRow[e] = bigramRow;
      note.trigramRow[e] = trigramRow;
    }
    this.ctxRecord = r;
    this.bigramRow = bigramRow;
    this.trigramRow = trigramRow;
  }

  /**
   * Scores the cells (j, k) of state s for the candidates k that may reach the threshold: its trigram hits
   * (stamped hit) first, then the rest by their bound, best first, until a bound falls short.
   */
  private scoreCandidates(s: number, row: number, bigramWord: number, hit: number, hitCount: number): void {
    const { lm, cells, top, mu, beam, bigramRow, trigramRow, trigramCtx, backoff, gen } = this;
    const topScore = top.score;
    const { K, ints, intsAt, floats, floatsAt } = this.info;
    const { score, from, stamp, touched, pairStamp, pairScore, hitStamp, hitScore, hits } = cells;
    const { uniLp, uniBow, scale } = this.tables;
    const { word: predRecs, wordF: predFloats, b: predWords, q: predBytes } = this.preds;
    const arena = this.memo.arena;
    const base = this.prevScore[s];
    const search = this.rowLength < 0;
    // where b sits in the sets of best predecessors
    const bit = NgramLM.topBit(bigramWord);
    const bitWord = bit >>> 5;
    const bitMask = 1 << (bit & 31);
    // stored trigrams need the bound with trigram scores; the rest that of bigram scores, less the backoff
    const orderAt = intsAt + (search ? K : 2 * K);
    const boundsAt = floatsAt + (search ? K : 2 * K);
    const boundBase = search ? base : base - backoff;
    const memoCellsAt = intsAt + 3 * K;
    let threshold = this.threshold;
    let touchedCount = this.touchedCount;
    for (let q = 0, end = hitCount + K; q < end; q++) {
      let k: number;
      let lmScore: number;
      if (q < hitCount) lmScore = hitScore[(k = hits[q])];
      else {
        k = ints[orderAt + q - hitCount];
        if (boundBase + floats[boundsAt + k] < threshold) break;
        if (hitStamp[k] === hit) continue;
        const cell = ints[memoCellsAt + k];
        const w = ints[intsAt + k];
        lmScore = NaN;
        if (search) {
          // scores as stored codes: a double returned by a call would box the score in every cell
          let code: number;
          if (cell >= 0) {
            code = arena[trigramRow + cell];
            if (code === 0) code = arena[trigramRow + cell] = lm.triCode(trigramCtx, w);
          } else code = lm.triCode(trigramCtx, w);
          if (code > 1) lmScore = -(code - 2) * scale;
        }
        if (lmScore !== lmScore) {
          // no stored trigram: the bigram score, backed off
          let low: number;
          if (bigramWord < 0) low = uniLp[w];
          else if (cell >= 0) {
            const rec = WORD_REC * w;
            let code = arena[bigramRow + cell];
            if (code === 0)
              code = arena[bigramRow + cell] = topPredecessorCode(predRecs, predWords, predBytes, rec, bigramWord, bitWord, bitMask);
            if (code === NOT_TOP) {
              // search the bigram table only when the pair may score well enough
              const cut = predRecs[rec + 6] >= 256 ? -Infinity : -predRecs[rec + 6] * scale;
              const bound = Math.max(cut, uniBow[bigramWord] + predFloats[rec + 7]) + 1e-6;
              if ((trigramCtx < 0 ? base : base - backoff) + bound - mu * floats[floatsAt + k] < threshold) continue;
              code = arena[bigramRow + cell] = lm.biCode(bigramWord, w);
            }
            low = code > 1 ? -(code - 2) * scale : uniBow[bigramWord] + predFloats[rec + 7];
          } else {
            // unmemoised: lower-order scores depend only on (candidate at i-1, candidate at i)
            if (pairStamp[row + k] !== gen) this.scorePair(row + k, bigramWord, w);
            low = pairScore[row + k];
          }
          lmScore = trigramCtx < 0 ? low : low - backoff;
        }
      }
      const cellScore = base + lmScore - mu * floats[floatsAt + k];
      // below the running threshold: can be neither among the S best nor within the beam
      if (cellScore < threshold) continue;
      // the cell (j, k)
      const x = row + k;
      let oldScore = -Infinity;
      if (stamp[x] === gen) oldScore = score[x];
      else {
        stamp[x] = gen;
        touched[touchedCount++] = x;
      }
      if (cellScore > oldScore) {
        score[x] = cellScore;
        from[x] = s;
        top.raise(x, cellScore, oldScore !== -Infinity);
        // the least score a cell now needs (computed here: a double returned by a call would be boxed)
        threshold = top.count === S ? Math.max(topScore[S - 1], topScore[0] - beam) : topScore[0] - beam;
      } else if (oldScore === -Infinity) {
        // a cell scored -Infinity stays dead, as without pruning
        stamp[x] = gen - 1;
        touchedCount--;
      }
    }
    this.threshold = threshold;
    this.touchedCount = touchedCount;
  }

  /** Bigram score of cell x (candidate j after b, candidate k = w), unmemoised. */
  private scorePair(x: number, b: number, w: number): void {
    const { uniLp, uniBow, scale } = this.tables;
    const code = this.lm.biCode(b, w);
    this.cells.pairScore[x] = code > 1 ? -(code - 2) * scale : uniBow[b] + uniLp[w];
    this.cells.pairStamp[x] = this.gen;
  }

  /** Marks the candidates found in the trigram row copied into the memo with their scores (stamp hit); returns how many. */
  private trigramHits(hit: number): number {
    const { idStamp, firstWithId, nextWithId, hitStamp, hitScore, hits } = this.cells;
    const words = this.memo.triWords;
    const bytes = this.memo.triBytes;
    const scale = this.tables.scale;
    const { gen, rowAt, rowLength } = this;
    let n = 0;
    for (let t = rowAt; t < rowAt + rowLength; t++) {
      const w = words[t];
      if (idStamp[w] !== gen) continue;
      const p = -bytes[t] * scale;
      for (let k = firstWithId[w]; k >= 0; k = nextWithId[k]) {
        hitScore[k] = p;
        hitStamp[k] = hit;
        hits[n++] = k;
      }
    }
    return n;
  }

  /** The position's states: the best S cells (ties to the lower cell), those within the beam. */
  private keepBestCells(i: number): void {
    const { cells, top, memo } = this;
    const { K, ints, intsAt } = this.info;
    const { score, from, touched, prevRowStamp, prevRowAt, prevRowEpoch } = cells;
    top.count = 0;
    for (let t = 0; t < this.touchedCount; t++) top.pick(touched[t], score[touched[t]]);
    const memoCellsAt = intsAt + 3 * K;
    const off = i * S;
    let n = 0;
    for (let t = 0; t < top.count; t++) {
      if (top.score[t] < top.score[0] - this.beam) continue;
      const x = top.cell[t];
      this.curScore[n] = top.score[t];
      const j = (x / K) | 0;
      const k = x % K;
      this.statePrev[off + n] = j;
      this.stateCand[off + n] = k;
      this.backPointer[off + n] = from[x];
      // the bigram (candidate j, candidate k) is the next position's trigram context: known not
      // stored when its memo code says so
      let unstored = 0;
      if (this.entryNo >= 0 && prevRowStamp[j] === this.gen && prevRowEpoch[j] === memo.epoch && ints[memoCellsAt + k] >= 0) {
        unstored = memo.arena[prevRowAt[j] + ints[memoCellsAt + k]] === 1 ? 1 : 0;
      }
      this.bigramUnstored[off + n] = unstored;
      n++;
    }
    this.prevStates = n;
    this.prevStatesAt = off;
  }

  /** The position's states become the previous ones. */
  private advance(startsContext: boolean): void {
    const swap = this.prevScore;
    this.prevScore = this.curScore;
    this.curScore = swap;
    if (startsContext) {
      this.prev2Ids = this.bosIds;
      this.prev2IdsAt = 0;
    } else {
      this.prev2Ids = this.prevIds;
      this.prev2IdsAt = this.prevIdsAt;
    }
    this.prevIds = this.info.ints;
    this.prevIdsAt = this.info.intsAt;
    this.prevK = this.info.K;
  }

  private backtrace(N: number): Int32Array {
    const choice = new Int32Array(N);
    if (N === 0) return choice;
    const prevScore = this.prevScore;
    let s = 0;
    for (let x = 1; x < this.prevStates; x++) if (prevScore[x] > prevScore[s]) s = x;
    for (let i = N - 1; i >= 0; i--) {
      choice[i] = this.stateCand[i * S + s];
      s = this.backPointer[i * S + s];
    }
    return choice;
  }
}

/**
 * The memo code of bigram (b, w) from w's record of best predecessors (see NgramLM.topPredecessors()):
 * b among them: its score is listed; else NOT_TOP (bounded by the cut of w), or 1 (not stored) when all are listed.
 */
function topPredecessorCode(
  predRecs: Int32Array,
  predWords: Uint16Array,
  predBytes: Uint8Array,
  rec: number,
  b: number,
  bitWord: number,
  bitMask: number,
): number {
  let code = predRecs[rec + 6] >= 256 ? 1 : NOT_TOP;
  if ((predRecs[rec + bitWord] & bitMask) !== 0) {
    for (let t = predRecs[rec + 4]; t < predRecs[rec + 5] && predWords[t] <= b; t++) {
      if (predWords[t] === b) code = 2 + predBytes[t];
    }
  }
  return code;
}
