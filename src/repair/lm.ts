// Syllable n-gram LM in backoff form (interpolated Kneser-Ney, written by scripts/repair/train-lm.ts).
// Layout: unigrams with bigram offsets, bigrams grouped by first word (sorted), trigrams grouped by
// bigram (sorted); probabilities quantised to 1/32 of a log10 unit.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** See NgramLM.topPredecessors(). */
export interface TopPredecessors {
  mask: Uint32Array;
  start: Int32Array;
  b: Uint16Array;
  q: Uint8Array;
  cut: Float64Array;
}

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

  constructor(bin: Buffer, vocabText: string) {
    const hlen = bin.readUInt32LE(0);
    const h = JSON.parse(bin.subarray(4, 4 + hlen).toString('utf8')) as {
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

  static load(dir: URL): NgramLM {
    const bin = gunzipSync(readFileSync(new URL('lm.bin.gz', dir)));
    return new NgramLM(bin, readFileSync(new URL('vocab.txt', dir), 'utf8'));
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
    const k = a * this.vocab.length + b;
    if (((this.bigramBits()[k >>> 5] >>> (k & 31)) & 1) === 0) return -1;
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

  private topP: TopPredecessors | null = null;
  /**
   * Per word c, the predecessors b of its best-scoring stored bigrams (b, c), at most `top` of them:
   * as a 128-bit hash set (mask[4c .. 4c + 4), bit topBit(b)) and as a list sorted by b with the
   * stored bytes (b, q from start[c] to start[c + 1]); and cut[c], a bound of log10 P(c | b) over its
   * other stored bigrams (-Infinity when every one is listed). A decoder learns from these, without
   * searching the bigram table, most bigram scores it needs or that a pair cannot score well.
   */
  topPredecessors(top = 16): TopPredecessors {
    if (this.topP) return this.topP;
    const V = this.vocab.length;
    // bytes by word: the best are those below the largest byte that keeps their count within `top`
    const hist = new Uint16Array(V * 256);
    for (let x = 0; x < this.biW.length; x++) hist[this.biW[x] * 256 + this.biLp[x]]++;
    const lim = new Uint16Array(V);
    const start = new Int32Array(V + 1);
    for (let c = 0; c < V; c++) {
      let n = 0;
      let q = 0;
      while (q < 256 && n + hist[c * 256 + q] <= top) n += hist[c * 256 + q++];
      lim[c] = q;
      start[c + 1] = start[c] + n;
    }
    const mask = new Uint32Array(4 * V);
    const bs = new Uint16Array(start[V]);
    const qs = new Uint8Array(start[V]);
    const fill = start.slice(0, V);
    for (let b = 0; b < V; b++) {
      const h = NgramLM.topBit(b);
      for (let x = this.biStart[b]; x < this.biStart[b + 1]; x++) {
        const c = this.biW[x];
        if (this.biLp[x] >= lim[c]) continue;
        mask[4 * c + (h >>> 5)] |= 1 << (h & 31);
        bs[fill[c]] = b;
        qs[fill[c]++] = this.biLp[x];
      }
    }
    const cut = new Float64Array(V);
    for (let c = 0; c < V; c++) cut[c] = lim[c] >= 256 ? -Infinity : -lim[c] * this.scale;
    return (this.topP = { mask, start, b: bs, q: qs, cut });
  }

  /** The bit of word b in the sets of topPredecessors(). */
  static topBit(b: number): number {
    return Math.imul(b, 0x9e3779b1) >>> 25;
  }

  private biBits: Uint32Array | null = null;
  /** One bit per (b, c), set when the bigram is stored: most pairs a decoder asks about are not, and a search is slow. */
  private bigramBits(): Uint32Array {
    if (this.biBits) return this.biBits;
    const V = this.vocab.length;
    const bits = new Uint32Array(Math.ceil((V * V) / 32));
    for (let b = 0; b < V; b++) {
      for (let x = this.biStart[b]; x < this.biStart[b + 1]; x++) {
        const k = b * V + this.biW[x];
        bits[k >>> 5] |= 1 << (k & 31);
      }
    }
    return (this.biBits = bits);
  }

  /** lower(b, c) for b >= 0 as a code: 2 + the stored byte of bigram (b, c), or 1 when it is not stored. */
  biCode(b: number, c: number): number {
    const k = b * this.vocab.length + c;
    if (((this.bigramBits()[k >>> 5] >>> (k & 31)) & 1) === 0) return 1;
    const j = this.find(this.biW, this.biStart[b], this.biStart[b + 1], c);
    return j >= 0 ? 2 + this.biLp[j] : 1;
  }

  /** triHit(j, c) as a code: 2 + the stored byte of the trigram, or 1 when it is not stored. */
  triCode(j: number, c: number): number {
    const k = this.find(this.triW, this.triStart[j], this.triStart[j + 1], c);
    return k >= 0 ? 2 + this.triLp[k] : 1;
  }

  private maxBi: Float64Array | null = null;
  /** As maxLogp() without the trigram entries: a bound of log10 P(c | b), and of P(c | a b) when (a b c) is not stored. */
  maxLogpBigram(): Float64Array {
    if (this.maxBi) return this.maxBi;
    const V = this.vocab.length;
    const m = new Float64Array(V);
    let bow = 0;
    for (let b = 0; b < V; b++) if (this.uniBow[b] > bow) bow = this.uniBow[b];
    for (let c = 0; c < V; c++) m[c] = this.uniLp[c] + bow;
    for (let x = 0; x < this.biW.length; x++) {
      const v = -this.biLp[x] * this.scale;
      if (v > m[this.biW[x]]) m[this.biW[x]] = v;
    }
    for (let c = 0; c < V; c++) m[c] += 1e-6;
    this.maxBi = m;
    return m;
  }

  private maxLp: Float64Array | null = null;
  /**
   * Per word c, an upper bound of log10 P(c | a b) over all contexts (the decoder prunes with it).
   * Backoff weights of bigram contexts are <= 0 as stored; unigram ones may not be.
   */
  maxLogp(): Float64Array {
    if (this.maxLp) return this.maxLp;
    const V = this.vocab.length;
    const m = new Float64Array(V);
    let bow = 0;
    for (let b = 0; b < V; b++) if (this.uniBow[b] > bow) bow = this.uniBow[b];
    for (let c = 0; c < V; c++) m[c] = this.uniLp[c] + bow;
    // quantised entries: the smallest stored byte is the largest probability
    const q = (w: Uint16Array, lp: Uint8Array): void => {
      for (let x = 0; x < w.length; x++) {
        const v = -lp[x] * this.scale;
        if (v > m[w[x]]) m[w[x]] = v;
      }
    };
    q(this.biW, this.biLp);
    if (this.order >= 3) q(this.triW, this.triLp);
    // a margin for rounding: the decoder adds the same terms in another order
    for (let c = 0; c < V; c++) m[c] += 1e-6;
    this.maxLp = m;
    return m;
  }
}
