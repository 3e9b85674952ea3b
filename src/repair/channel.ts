// OCR-noise channel: cost(truth syllable -> observed token) = -log10 P(obs | truth), from a weighted
// edit distance whose operations (substitute, insert, delete, one letter read as two) were learned by
// scripts/repair/train-channel.ts from rendered-and-OCR'd corpus text, plus a table of whole tokens.
import { fold } from './text.js';

export interface ChannelDefaults {
  /** substitution between letters with the same base letter (ế -> é) */
  subSame: number;
  sub: number;
  ins: number;
  del: number;
  /** a token kept as it is although it is no known syllable (names, Latin words) */
  keep: number;
}

export type Op = { t: string; o: string };

/** What adaptDeltasIx() learns about numbered keys: truth letter (-1: not yet) and learned cost, by number. */
export interface KeyMemo {
  truth: Int32Array;
  base: Float64Array;
  letters: Map<string, number>;
}

const SEP = '\u0001';
/** distinct characters with cached substitution costs */
const MAXC = 400;

export class Channel {
  readonly name: string;
  readonly d: ChannelDefaults;
  private sub = new Map<string, number>();
  private ins = new Map<string, number>();
  private del = new Map<string, number>();
  /** truth char -> [obs pair, cost] */
  private split = new Map<string, [string, number][]>();
  /** obs token -> truth -> cost */
  readonly tokens = new Map<string, Map<string, number>>();
  /** obs char (or pair) -> truth chars it may stand for, best first */
  readonly readsAs = new Map<string, string[]>();
  readonly uniform: boolean;
  /** by OCR confidence tenth: cost added to readings other than the word as printed */
  readonly confDelta: number[] = new Array(10).fill(0);
  private dp = new Float64Array(256);

  constructor(name: string, d: ChannelDefaults, uniform = false) {
    this.name = name;
    this.d = d;
    this.uniform = uniform;
  }

  static parse(name: string, text: string): Channel {
    const d: ChannelDefaults = { subSame: 1, sub: 3, ins: 2.5, del: 2.5, keep: 3 };
    const rows: string[][] = [];
    for (const line of text.split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const f = line.split('\t');
      if (f[0] === 'default') (d as unknown as Record<string, number>)[f[1]] = Number(f[2]);
      else rows.push(f);
    }
    const ch = new Channel(name, d);
    const reads = new Map<string, [string, number][]>();
    const addRead = (o: string, t: string, c: number): void => {
      let r = reads.get(o);
      if (!r) reads.set(o, (r = []));
      r.push([t, c]);
    };
    for (const [kind, t, o, c] of rows) {
      const cost = Number(c);
      if (kind === 'sub') {
        ch.sub.set(t + SEP + o, cost);
        if (t !== o) addRead(o, t, cost);
      } else if (kind === 'conf') ch.confDelta[Number(t)] = cost;
      else if (kind === 'ins') ch.ins.set(o, cost);
      else if (kind === 'del') ch.del.set(t, cost);
      else if (kind === 'split') {
        let s = ch.split.get(t);
        if (!s) ch.split.set(t, (s = []));
        s.push([o, cost]);
        addRead(o, t, cost);
      } else if (kind === 'tok') {
        let m = ch.tokens.get(o);
        if (!m) ch.tokens.set(o, (m = new Map()));
        m.set(t, cost);
      }
    }
    for (const [o, r] of reads) ch.readsAs.set(o, r.sort((a, b) => a[1] - b[1]).map((x) => x[0]));
    return ch;
  }

  /** Plain edit distance with unit costs: the "uniform channel" of the ablation. */
  static uniformChannel(): Channel {
    return new Channel('uniform', { subSame: 1, sub: 1, ins: 1, del: 1, keep: 2 }, true);
  }

  private subMemo = new Map<string, number>();
  // per-code caches for the DP (Vietnamese text and OCR output stay in the BMP)
  private cidx = new Int16Array(65536).fill(-1);
  private nc = 0;
  private mat = new Float64Array(MAXC * MAXC).fill(NaN);
  private insC = new Float64Array(65536).fill(NaN);
  private delC = new Float64Array(65536).fill(NaN);
  private splitC = new Map<number, number[] | null>();
  private codeBuf = [new Int32Array(64), new Int32Array(64)];

  private codes(s: string, which: number): Int32Array {
    let b = this.codeBuf[which];
    if (b.length < s.length) b = this.codeBuf[which] = new Int32Array(s.length * 2);
    for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
    return b;
  }
  private subCode(t: number, o: number): number {
    let i = this.cidx[t];
    if (i < 0 && this.nc < MAXC) i = this.cidx[t] = this.nc++;
    let j = this.cidx[o];
    if (j < 0 && this.nc < MAXC) j = this.cidx[o] = this.nc++;
    if (i < 0 || j < 0) return this.subCost(String.fromCharCode(t), String.fromCharCode(o));
    let v = this.mat[i * MAXC + j];
    if (v !== v) v = this.mat[i * MAXC + j] = this.subCost(String.fromCharCode(t), String.fromCharCode(o));
    return v;
  }
  private insCode(o: number): number {
    let v = this.insC[o];
    if (v !== v) v = this.insC[o] = this.insCost(String.fromCharCode(o));
    return v;
  }
  private delCode(t: number): number {
    let v = this.delC[t];
    if (v !== v) v = this.delC[t] = this.delCost(String.fromCharCode(t));
    return v;
  }
  /** [pair code, cost, ...] of the ways letter t is read as two glyphs */
  private splitCode(t: number): number[] | undefined {
    let v = this.splitC.get(t);
    if (v === undefined) {
      const s = this.split.get(String.fromCharCode(t));
      v = s ? s.filter(([o]) => o.length === 2).flatMap(([o, c]) => [o.charCodeAt(0) * 65536 + o.charCodeAt(1), c]) : null;
      this.splitC.set(t, v);
    }
    return v ?? undefined;
  }
  subCost(t: string, o: string): number {
    if (this.uniform) return t === o ? 0 : 1;
    const key = t + o;
    let c = this.subMemo.get(key);
    if (c === undefined) {
      c = this.sub.get(t + SEP + o) ?? (t === o ? 0 : fold(t).toLowerCase() === fold(o).toLowerCase() ? this.d.subSame : this.d.sub);
      this.subMemo.set(key, c);
    }
    return c;
  }
  insCost(o: string): number {
    return this.uniform ? 1 : (this.ins.get(o) ?? this.d.ins);
  }
  delCost(t: string): number {
    return this.uniform ? 1 : (this.del.get(t) ?? this.d.del);
  }

  /**
   * -log10 P(obs | truth) by weighted edit distance (both lowercase NFC). With `ops`, the best
   * alignment's operations are appended to it (used in training).
   */
  cost(truth: string, obs: string, ops?: Op[]): number {
    // NFC Vietnamese and OCR output stay in the BMP: index code units directly
    const T = truth;
    const O = obs;
    const n = T.length;
    const m = O.length;
    const W = m + 1;
    const size = (n + 1) * W;
    if (this.dp.length < size) this.dp = new Float64Array(size * 2);
    const dp = this.dp;
    dp[0] = 0;
    const bt = ops ? new Int8Array((n + 1) * W) : null;
    const tc = this.codes(T, 0);
    const oc = this.codes(O, 1);
    for (let i = 0; i <= n; i++) {
      const ti = i > 0 ? tc[i - 1] : -1;
      const del = i > 0 ? this.delCode(ti) : 0;
      const sp = i > 0 && !this.uniform ? this.splitCode(ti) : undefined;
      for (let j = 0; j <= m; j++) {
        if (i === 0 && j === 0) continue;
        let best = Infinity;
        let how = 0;
        if (i > 0 && j > 0) {
          const c = dp[(i - 1) * W + j - 1] + this.subCode(ti, oc[j - 1]);
          if (c < best) (best = c), (how = 1);
        }
        if (i > 0) {
          const c = dp[(i - 1) * W + j] + del;
          if (c < best) (best = c), (how = 2);
        }
        if (j > 0) {
          const c = dp[i * W + j - 1] + this.insCode(oc[j - 1]);
          if (c < best) (best = c), (how = 3);
        }
        if (sp && j > 1) {
          const pair = oc[j - 2] * 65536 + oc[j - 1];
          for (let x = 0; x < sp.length; x += 2) {
            if (sp[x] === pair) {
              const c = dp[(i - 1) * W + j - 2] + sp[x + 1];
              if (c < best) (best = c), (how = 4);
            }
          }
        }
        dp[i * W + j] = best;
        if (bt) bt[i * W + j] = how;
      }
    }
    if (ops && bt) {
      const rev: Op[] = [];
      let i = n;
      let j = m;
      while (i > 0 || j > 0) {
        const how = bt[i * W + j];
        if (how === 1) rev.push({ t: T[--i], o: O[--j] });
        else if (how === 2) rev.push({ t: T[--i], o: '' });
        else if (how === 3) rev.push({ t: '', o: O[--j] });
        else {
          rev.push({ t: T[i - 1], o: O[j - 2] + O[j - 1] });
          i--;
          j -= 2;
        }
      }
      ops.push(...rev.reverse());
    }
    return dp[n * W + m];
  }

  /**
   * Cost changes for one document: substitution costs re-estimated from the operations of its decoded
   * words, with the learned costs as a prior worth `beta` pseudo-counts per truth letter; by number,
   * adapted cost - learned cost (0 for keys not used). Keys are numbered (keys[x] is the channel key
   * truth+SEP+obs numbered x; ops[0 .. n) are the numbers of all decoded words' substitutions), so
   * no strings or maps are made per document. `memo` belongs to the caller's
   * numbering: per number, its truth letter and learned cost.
   */
  adaptDeltasIx(ops: Int32Array, n: number, keys: string[], beta: number, memo: KeyMemo): Float64Array {
    const nk = keys.length;
    if (memo.truth.length < nk) {
      const t = new Int32Array(Math.max(256, 2 * nk)).fill(-1);
      const b = new Float64Array(t.length);
      t.set(memo.truth);
      b.set(memo.base);
      memo.truth = t;
      memo.base = b;
    }
    for (let o = 0; o < n; o++) {
      const x = ops[o];
      if (memo.truth[x] >= 0) continue;
      const k = keys[x];
      const i = k.indexOf(SEP);
      const t = k.slice(0, i);
      let ti = memo.letters.get(t);
      if (ti === undefined) memo.letters.set(t, (ti = memo.letters.size));
      memo.truth[x] = ti;
      memo.base[x] = this.subCost(t, k.slice(i + 1));
    }
    const nTO = new Float64Array(nk);
    const nT = new Float64Array(memo.letters.size);
    for (let o = 0; o < n; o++) {
      nTO[ops[o]]++;
      nT[memo.truth[ops[o]]]++;
    }
    const delta = new Float64Array(nk);
    for (let x = 0; x < nk; x++) {
      if (nTO[x] === 0) continue;
      const base = memo.base[x];
      const p = (nTO[x] + beta * Math.pow(10, -base)) / (nT[memo.truth[x]] + beta);
      delta[x] = -Math.log10(Math.min(1, p)) - base;
    }
    return delta;
  }

  /** Whole-token cost when this exact (obs, truth) pair was seen often in training. */
  tokenCost(truth: string, obs: string): number | undefined {
    return this.uniform ? undefined : this.tokens.get(obs)?.get(truth);
  }
}
