// Syllable n-gram LM in backoff form (interpolated Kneser-Ney, written by scripts/repair/train-lm.ts).
// Layout: unigrams with bigram offsets, bigrams grouped by first word (sorted), trigrams grouped by
// bigram (sorted); probabilities quantised to 1/32 of a log10 unit.

/** predecessors listed per word in NgramLM.topPredecessors() */
const TOP = 16;

/** See NgramLM.topPredecessors(). */
export interface TopPredecessors {
  mask: Uint32Array;
  start: Int32Array;
  b: Uint16Array;
  q: Uint8Array;
  cut: Float64Array;
  /**
   * The same per word c in one record of WORD_REC slots, so that a lookup reads one cache line:
   * as Int32 mask (4 slots), start, end, the byte of the cut (cut = -byte * scale; 256: -Infinity);
   * as Float32 at 7 log10 P(c) (the unigram table is Float32).
   */
  word: Int32Array;
  wordF: Float32Array;
}

/** slots of a record of TopPredecessors.word */
export const WORD_REC = 8;

export class NgramLM {
  readonly order: number;
  readonly vocab: string[];
  readonly ids = new Map<string, number>();
  private uniLp!: Float32Array;
  private uniBow!: Float32Array;
  private biStart!: Uint32Array;
  private biW!: Uint16Array;
  private biLp!: Uint8Array;
  private biBow!: Uint8Array;
  private triStart!: Uint32Array;
  private triW!: Uint16Array;
  private triLp!: Uint8Array;
  private readonly scale: number;
  readonly unk: number;
  readonly bos: number;
  readonly eos: number;

  /** bin: lm.bin (gunzipped), vocabText: vocab.txt */
  constructor(bin: Uint8Array, vocabText: string) {
    const hlen = new DataView(bin.buffer, bin.byteOffset, bin.byteLength).getUint32(0, true);
    const h = JSON.parse(new TextDecoder().decode(bin.subarray(4, 4 + hlen))) as {
      order: number;
      V: number;
      B: number;
      T: number;
      quant: number;
    };
    this.order = h.order;
    this.scale = 1 / h.quant;
    this.vocab = vocabText.split('\n').slice(0, h.V);
    this.vocab.forEach((w, i) => this.ids.set(w, i));
    // copy into an aligned buffer
    let off = 4 + hlen;
    off += (8 - (off % 8)) % 8;
    const body = new Uint8Array(bin.length - off);
    body.set(bin.subarray(off));
    let p = 0;
    const take = <T>(ctor: { new (b: ArrayBuffer, o: number, n: number): T; BYTES_PER_ELEMENT: number }, n: number): T => {
      const a = new ctor(body.buffer, p, n);
      p += n * ctor.BYTES_PER_ELEMENT;
      p += (4 - (p % 4)) % 4;
      return a;
    };
    const { V, B, T } = h;
    this.uniLp = take(Float32Array, V);
    this.uniBow = take(Float32Array, V);
    this.biStart = take(Uint32Array, V + 1);
    this.biW = take(Uint16Array, B);
    this.biLp = take(Uint8Array, B);
    this.biBow = take(Uint8Array, B);
    this.triStart = take(Uint32Array, B + 1);
    this.triW = take(Uint16Array, T);
    this.triLp = take(Uint8Array, T);
    this.unk = this.ids.get('<u>')!;
    this.bos = this.ids.get('<s>')!;
    this.eos = this.ids.get('</s>')!;
  }

  id(tok: string): number {
    return this.ids.get(tok) ?? this.unk;
  }

  private find(arr: Uint16Array, lo: number, hi: number, w: number): number {
    hi--;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = arr[mid];
      if (v === w) return mid;
      if (v < w) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** log10 P(c | a b); a = -1 for a bigram query. */
  logp(a: number, b: number, c: number): number {
    let bow = 0;
    if (a >= 0 && this.order >= 3) {
      const j = this.find(this.biW, this.biStart[a], this.biStart[a + 1], b);
      if (j >= 0) {
        const k = this.find(this.triW, this.triStart[j], this.triStart[j + 1], c);
        if (k >= 0) return -this.triLp[k] * this.scale;
        bow = -this.biBow[j] * this.scale;
      }
    }
    if (b >= 0) {
      const j = this.find(this.biW, this.biStart[b], this.biStart[b + 1], c);
      if (j >= 0) return bow - this.biLp[j] * this.scale;
      bow += this.uniBow[b];
    }
    return bow + this.uniLp[c];
  }

  /** Index of the bigram (a, b) as a trigram context, or -1. */
  ctx(a: number, b: number): number {
    if (a < 0 || b < 0 || this.order < 3) return -1;
    return this.find(this.biW, this.biStart[a], this.biStart[a + 1], b);
  }

  /** log10 P(c | b); b = -1 for the unigram. */
  lower(b: number, c: number): number {
    if (b < 0) return this.uniLp[c];
    const j = this.find(this.biW, this.biStart[b], this.biStart[b + 1], c);
    if (j >= 0) return -this.biLp[j] * this.scale;
    return this.uniBow[b] + this.uniLp[c];
  }

  /** log10 P(c | a b) from the context index of (a, b) and lower = log10 P(c | b). */
  tri(j: number, c: number, lower: number): number {
    if (j < 0) return lower;
    const k = this.find(this.triW, this.triStart[j], this.triStart[j + 1], c);
    if (k >= 0) return -this.triLp[k] * this.scale;
    return lower - this.biBow[j] * this.scale;
  }

  /** log10 P(c | a b) when the trigram is stored (j: context index of (a, b)), else NaN. */
  triHit(j: number, c: number): number {
    const k = this.find(this.triW, this.triStart[j], this.triStart[j + 1], c);
    return k >= 0 ? -this.triLp[k] * this.scale : NaN;
  }

  /** log10 P(c | a b) of a trigram not stored: lower = log10 P(c | b) times the backoff of (a, b). */
  backoff(j: number, lower: number): number {
    return lower - this.biBow[j] * this.scale;
  }

  unigram(c: number): number {
    return this.uniLp[c];
  }

  /** The tables, for callers that memoise scores as stored bytes (score = -byte * scale). */
  tables(): { uniLp: Float32Array; uniBow: Float32Array; triStart: Uint32Array; triW: Uint16Array; triLp: Uint8Array; biBow: Uint8Array; scale: number } {
    return { uniLp: this.uniLp, uniBow: this.uniBow, triStart: this.triStart, triW: this.triW, triLp: this.triLp, biBow: this.biBow, scale: this.scale };
  }


  private bi: { pre: Float64Array; maxBi: Float64Array; top: TopPredecessors } | null = null;
  /** The tables below (pre: maxBi before its margin), made together in two sweeps of the bigrams on first use. */
  private bigramTables(): { pre: Float64Array; maxBi: Float64Array; top: TopPredecessors } {
    if (this.bi) return this.bi;
    const V = this.vocab.length;
    const { biStart, biW, biLp, uniLp, uniBow, scale } = this;
    const m = new Float64Array(V);
    let bow = 0;
    for (let b = 0; b < V; b++) if (uniBow[b] > bow) bow = uniBow[b];
    for (let c = 0; c < V; c++) m[c] = uniLp[c] + bow;
    // per word: its smallest byte (the best score) and how many predecessors, and the TOP + 1
    // smallest bytes of its bigrams, sorted
    const best = new Uint8Array(V).fill(255);
    const n = new Int32Array(V);
    const W = TOP + 1;
    const low = new Uint8Array(V * W).fill(255);
    for (let x = 0; x < biW.length; x++) {
      const c = biW[x];
      const q = biLp[x];
      n[c]++;
      const o = c * W;
      if (q < low[o + TOP]) {
        if (q < best[c]) best[c] = q;
        let p = TOP;
        while (p > 0 && low[o + p - 1] > q) {
          low[o + p] = low[o + p - 1];
          p--;
        }
        low[o + p] = q;
      }
    }
    for (let c = 0; c < V; c++) if (n[c] > 0 && -best[c] * scale > m[c]) m[c] = -best[c] * scale;
    const pre = Float64Array.from(m);
    for (let c = 0; c < V; c++) m[c] += 1e-6;
    // the best predecessors of c: bytes below its (TOP + 1)-th smallest (all of them when there are few)
    const lim = new Uint16Array(V);
    const start = new Int32Array(V + 1);
    for (let c = 0; c < V; c++) {
      let k = n[c];
      lim[c] = 256;
      if (k > TOP) {
        lim[c] = low[c * W + TOP];
        k = 0;
        while (low[c * W + k] < lim[c]) k++;
      }
      start[c + 1] = start[c] + k;
    }
    const mask = new Uint32Array(4 * V);
    const bs = new Uint16Array(start[V]);
    const qs = new Uint8Array(start[V]);
    const fill = start.slice(0, V);
    for (let b = 0; b < V; b++) {
      const h = NgramLM.topBit(b);
      const bit = 1 << (h & 31);
      const word = h >>> 5;
      for (let x = biStart[b]; x < biStart[b + 1]; x++) {
        const c = biW[x];
        const q = biLp[x];
        if (q >= lim[c]) continue;
        mask[4 * c + word] |= bit;
        bs[fill[c]] = b;
        qs[fill[c]++] = q;
      }
    }
    const cutv = new Float64Array(V);
    for (let c = 0; c < V; c++) cutv[c] = lim[c] >= 256 ? -Infinity : -lim[c] * scale;
    const word = new Int32Array(WORD_REC * V);
    const wordF = new Float32Array(word.buffer);
    for (let c = 0; c < V; c++) {
      const o = WORD_REC * c;
      for (let x = 0; x < 4; x++) word[o + x] = mask[4 * c + x];
      word[o + 4] = start[c];
      word[o + 5] = start[c + 1];
      word[o + 6] = Math.min(lim[c], 256);
      wordF[o + 7] = uniLp[c];
    }
    return (this.bi = { pre, maxBi: m, top: { mask, start, b: bs, q: qs, cut: cutv, word, wordF } });
  }

  /**
   * Per word c, the predecessors b of its best-scoring stored bigrams (b, c), at most TOP of them:
   * as a 128-bit hash set (mask[4c .. 4c + 4), bit topBit(b)) and as a list sorted by b with the
   * stored bytes (b, q from start[c] to start[c + 1]); and cut[c], a bound of log10 P(c | b) over its
   * other stored bigrams (-Infinity when every one is listed). A decoder learns from these, without
   * searching the bigram table, most bigram scores it needs or that a pair cannot score well.
   */
  topPredecessors(): TopPredecessors {
    return this.bigramTables().top;
  }

  /** As maxLogp() without the trigram entries: a bound of log10 P(c | b), and of P(c | a b) when (a b c) is not stored. */
  maxLogpBigram(): Float64Array {
    return this.bigramTables().maxBi;
  }

  /** The bit of word b in the sets of topPredecessors(). */
  static topBit(b: number): number {
    return Math.imul(b, 0x9e3779b1) >>> 25;
  }


  /** lower(b, c) for b >= 0 as a code: 2 + the stored byte of bigram (b, c), or 1 when it is not stored. */
  biCode(b: number, c: number): number {
    const j = this.find(this.biW, this.biStart[b], this.biStart[b + 1], c);
    return j >= 0 ? 2 + this.biLp[j] : 1;
  }

  /** triHit(j, c) as a code: 2 + the stored byte of the trigram, or 1 when it is not stored. */
  triCode(j: number, c: number): number {
    const k = this.find(this.triW, this.triStart[j], this.triStart[j + 1], c);
    return k >= 0 ? 2 + this.triLp[k] : 1;
  }


  private maxLp: Float64Array | null = null;
  /**
   * Per word c, an upper bound of log10 P(c | a b) over all contexts (the decoder prunes with it).
   * Backoff weights of bigram contexts are <= 0 as stored; unigram ones may not be.
   */
  maxLogp(): Float64Array {
    if (this.maxLp) return this.maxLp;
    const V = this.vocab.length;
    // the unigram and bigram part is that of maxLogpBigram(); quantised entries: the smallest stored
    // byte is the largest probability
    const m = Float64Array.from(this.bigramTables().pre);
    if (this.order >= 3) {
      const { triW, triLp, scale } = this;
      const best = new Uint8Array(V).fill(255);
      const seen = new Uint8Array(V);
      for (let x = 0; x < triW.length; x++) {
        const c = triW[x];
        seen[c] = 1;
        if (triLp[x] < best[c]) best[c] = triLp[x];
      }
      for (let c = 0; c < V; c++) if (seen[c] && -best[c] * scale > m[c]) m[c] = -best[c] * scale;
    }
    // a margin for rounding: the decoder adds the same terms in another order
    for (let c = 0; c < V; c++) m[c] += 1e-6;
    this.maxLp = m;
    return m;
  }
}
