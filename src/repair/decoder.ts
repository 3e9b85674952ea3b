// Noisy-channel decoder: per token, candidate syllables from the inventory near the observed token;
// Viterbi over the token stream (lines joined: a sentence runs on across line breaks) with
// trigram LM + channel scores; the best path is written back into each line, case restored.
import { Channel, type Op } from './channel.js';
import { deletions, type RepairModel } from './model.js';
import { fold, isCode, normTone, recase, tokenize, type Token } from './text.js';

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
  /** second pass with the channel adapted to the document (default: on for the eng profile) */
  adapt?: boolean;
  /** fewest word tokens for adaptation; prior weight (pseudo-counts) of the learned channel */
  adaptMin?: number;
  adaptWeight?: number;
  adaptRounds?: number;
}

interface StreamTok {
  line: number;
  tok: Token;
  cands: Cand[];
  /** where the candidates came from, so a second pass can re-rank them */
  entry?: Entry;
  /** OCR confidence of the word (0-100) */
  conf?: number;
}

interface PoolCand extends Cand {
  /** single-letter substitutions of the best alignment, as channel keys */
  ops: string[];
  /** the same as numbers of Decoder.opIds */
  opIx: Int32Array;
  /** cost came from the whole-token table, not from the alignment */
  table: boolean;
}

interface Entry {
  /** Cand.slot -> cell of the entry's memo rows (-1: none yet), given in order of first use */
  cell?: Int8Array;
  cells?: number;
  pool: PoolCand[];
  /** the token as printed, when it may stay as it is */
  keepCand?: Cand;
  /** the token itself comes first (numbers, symbols) and no keep candidate is added */
  self?: Cand;
  cands: Cand[];
}

interface Cand {
  /** output text (lowercase syllable, or the token itself) */
  out: string;
  lm: number;
  ch: number;
  keep: boolean;
  /** place in its entry (pool index; then self, keep): the key of the per-document LM memo */
  slot?: number;
}

export interface Change {
  from: string;
  to: string;
  col: number;
}

export interface DecodedLine {
  text: string;
  changes: Change[];
  confidence: number;
}

const SEP = '\u0001';
const QUOTES = /['’‘`´"“”]/g;
const ROMAN = /^(?=[ivxlcIVXLC]{2,})(X{0,3}(IX|IV|V?I{0,3})|x{0,3}(ix|iv|v?i{0,3}))$/;
const BREAK = -1;
/** Viterbi pruning: score beam (log10; 5 decodes the dev and synthetic sets as 7 did) and most states kept per position */
const BEAM = 5;
const MAX_STATES = 8;
/** candidates ranked this far (log10) below a token's best are dropped */
const CAND_BEAM = 6;
/** weight of the unigram prior when ranking a token's candidates */
const PRIOR = 0.6;
const MAX_CANDIDATES = 24;
const ADAPT_ROUNDS = 1;

export class Decoder {
  readonly m: RepairModel;
  private caches = new Map<string, Map<string, Entry>>();
  private cells = new Cells();
  /** back-pointer buffers of the Viterbi, reused */
  private trace = new Int32Array(0);
  private memo = new LmMemo();
  /** channel keys of substitutions seen in candidate alignments, numbered */
  private opIds = new Map<string, number>();
  private opIx(keys: string[]): Int32Array {
    const a = new Int32Array(keys.length);
    for (let i = 0; i < keys.length; i++) a[i] = this.opId(keys[i]);
    return a;
  }
  private opId(k: string): number {
    let x = this.opIds.get(k);
    if (x === undefined) this.opIds.set(k, (x = this.opIds.size));
    return x;
  }
  private rsCh = new Float64Array(0);
  private rsRank = new Float64Array(0);
  private rsOrd = new Int32Array(0);
  private tokMemo = new Map<string, Map<string, { cands: Cand[]; entry?: Entry }>>();
  private idLt: number;
  private idN: number;
  private idC: number;
  private idP: number;

  constructor(model: RepairModel) {
    this.m = model;
    this.idLt = model.lm.id('<u>');
    this.idN = model.lm.id('<n>');
    this.idC = model.lm.id('<c>');
    this.idP = model.lm.id('<p>');
  }

  chooseProfile(lines: string[]): string {
    let words = 0;
    let marked = 0;
    for (const l of lines) {
      for (const w of l.match(/\p{L}{2,}/gu) ?? []) {
        words++;
        if (/[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i.test(w)) marked++;
      }
      if (words > 3000) break;
    }
    return words > 0 && marked / words > 0.55 ? 'vie' : 'eng';
  }

  /** Candidate analyses of one token, best channel first. */
  candidates(tok: Token, ch: Channel, opt: DecodeOptions, conf?: number): Cand[] {
    const lm = this.m.lm;
    const raw = tok.text;
    if (tok.kind === 'punct') {
      const id = lm.ids.get(raw);
      const self: Cand = { out: raw, lm: id ?? this.idP, ch: 0, keep: true };
      // a lone symbol may be a letter read wrong ("&" for "ở") when the engine had no Vietnamese model
      if (ch.name !== 'eng' || id !== undefined || !ch.readsAs.has(raw)) return [self];
      return this.cached(raw, raw, ch, opt, self);
    }
    if (tok.kind === 'num') {
      const self: Cand = { out: raw, lm: this.idN, ch: 0, keep: true };
      if (ch.name !== 'eng' || raw.length > 3 || !/^\d+$/.test(raw)) return [self];
      // short digit runs inside words ("18" for "lệ", "3" for "đã"): the LM decides
      return this.cached(raw, raw, ch, opt, self);
    }
    if (isCode(raw)) return [{ out: this.fixCode(raw, ch), lm: this.idC, ch: 0, keep: true }];
    const upper = raw === raw.toUpperCase() && raw !== raw.toLowerCase();
    const lower = raw.toLowerCase().normalize('NFC');
    const skel = fold(lower).replace(QUOTES, '');
    if (upper && raw.length > 1 && /^\p{L}+$/u.test(raw) && !this.m.bySkeleton.has(skel)) {
      const form = this.abbrevFor(raw, ch);
      if (form) return [{ out: form, lm: lm.ids.get(form.toLowerCase()) ?? this.idLt, ch: 0, keep: true }];
    }
    if (ROMAN.test(raw) && !this.m.bySkeleton.has(skel)) return [{ out: raw, lm: this.idLt, ch: 0, keep: true }];
    const roman = romanFix(raw);
    if (roman) return [{ out: roman, lm: this.idLt, ch: 0, keep: true }];
    if (conf !== undefined && opt.trustConfidence !== undefined && conf >= opt.trustConfidence) {
      const id = lm.ids.get(normTone(lower));
      if (id !== undefined && this.m.bySkeleton.has(skel)) return [{ out: normTone(lower), lm: id, ch: 0, keep: false }];
    }
    return this.cached(raw, lower, ch, opt);
  }

  /** Entry of the last token looked up through the cache (read by stream()). */
  private lastEntry: Entry | undefined;

  private cached(raw: string, lower: string, ch: Channel, opt: DecodeOptions, self?: Cand): Cand[] {
    const name = ch.name + (ch.uniform ? '/u' : '') + (self ? '/s' : '');
    let cache = this.caches.get(name);
    if (!cache) this.caches.set(name, (cache = new Map()));
    let e = cache.get(raw);
    if (!e) {
      e = this.generate(lower, raw, ch, opt.maxCandidates ?? MAX_CANDIDATES, self);
      if (cache.size > 100000) cache.clear();
      cache.set(raw, e);
    }
    this.lastEntry = e;
    return e.cands;
  }

  private generate(lower: string, raw: string, ch: Channel, K: number, self?: Cand): Entry {
    const lm = this.m.lm;
    const found = new Set<number>();
    // a capital I inside a lower-case word is often a misread l ("Iy" for "lý")
    const readings = [lower];
    if (ch.name === 'eng' && /I/.test(raw) && raw !== raw.toUpperCase()) readings.push(raw.replace(/I/g, 'l').toLowerCase());
    for (const r of readings) {
      for (const v of this.variants(r, ch)) this.lookup(v, found);
      const tok = ch.tokens.get(r);
      if (tok) for (const t of tok.keys()) {
        const id = lm.ids.get(t);
        if (id !== undefined) found.add(id);
      }
    }
    const n = found.size;
    const fId = new Int32Array(n);
    const fCh = new Float64Array(n);
    const fR = new Int32Array(n);
    const fTable = new Uint8Array(n);
    const fRank = new Float64Array(n);
    let x = 0;
    for (const id of found) {
      const syl = lm.vocab[id];
      let bch = Infinity;
      let br = 0;
      let bt = 0;
      for (let r = 0; r < readings.length; r++) {
        let cr = ch.cost(syl, readings[r]) + r * 0.3;
        let table = 0;
        const tc = ch.tokenCost(syl, readings[r]);
        if (tc !== undefined && tc + r * 0.3 < cr) {
          cr = tc + r * 0.3;
          table = 1;
        }
        if (cr < bch) {
          bch = cr;
          br = r;
          bt = table;
        }
      }
      fId[x] = id;
      fCh[x] = bch;
      fR[x] = br;
      fTable[x] = bt;
      // rank by channel plus a little unigram prior; the pool keeps twice what a pass may use
      fRank[x] = bch - PRIOR * lm.unigram(id);
      x++;
    }
    // the 2K best by rank, ties in the order found (a stable sort of all would give the same)
    const P = Math.min(n, 2 * K);
    let cut = Infinity;
    if (n > P) cut = nth(Float64Array.from(fRank), P - 1);
    const ord: number[] = [];
    for (let y = 0; y < n; y++) if (fRank[y] <= cut) ord.push(y);
    ord.sort((a, b) => fRank[a] - fRank[b] || a - b);
    ord.length = Math.min(ord.length, P);
    const pool: PoolCand[] = ord.map((y, slot) => {
      const ops: Op[] = [];
      const syl = lm.vocab[fId[y]];
      if (!fTable[y] && !ch.uniform) ch.cost(syl, readings[fR[y]], ops);
      const keys = ops.filter((o) => o.t.length === 1 && o.o.length === 1).map((o) => o.t + SEP + o.o);
      return {
        out: syl,
        lm: fId[y],
        ch: fCh[y],
        keep: false,
        slot,
        table: fTable[y] === 1,
        ops: keys,
        opIx: this.opIx(keys),
      };
    });
    let keepCand: Cand | undefined;
    const selfId = lm.ids.get(normTone(lower));
    const isKnown = selfId !== undefined && this.m.bySkeleton.has(fold(lower));
    if (!isKnown && !self) {
      // the token as printed: a name, a Latin word, an abbreviation the tables do not know
      const id = lm.ids.get(lower) ?? this.idLt;
      keepCand = { out: raw, lm: id, ch: ch.d.keep + (/[^\p{L}]/u.test(raw) ? ch.d.keep : 0), keep: true, slot: pool.length + 1 };
    }
    if (self) self.slot = pool.length;
    const e: Entry = { pool, keepCand, self, cands: [] };
    e.cands = this.select(e, pool, K);
    return e;
  }

  private select(e: Entry, pool: PoolCand[], K: number): Cand[] {
    const lm = this.m.lm;
    const rank = (c: Cand): number => c.ch - PRIOR * lm.unigram(c.lm);
    const sorted = [...pool].sort((a, b) => rank(a) - rank(b));
    const best = sorted.length ? rank(sorted[0]) : 0;
    const kept: Cand[] = sorted.filter((c, i) => i < K && rank(c) <= best + CAND_BEAM);
    if (e.self) kept.unshift(e.self);
    if (e.keepCand) kept.push(e.keepCand);
    return kept;
  }

  /** Candidates of an entry re-ranked with document-adapted substitution costs. */
  private reselect(e: Entry, delta: Float64Array, K: number): Cand[] {
    // as select() on the adapted pool: stable order by rank, objects made only for kept candidates
    const lm = this.m.lm;
    const pool = e.pool;
    const n = pool.length;
    if (this.rsCh.length < n) {
      this.rsCh = new Float64Array(2 * n);
      this.rsRank = new Float64Array(2 * n);
      this.rsOrd = new Int32Array(2 * n);
    }
    const chs = this.rsCh;
    const rk = this.rsRank;
    const ord = this.rsOrd;
    for (let i = 0; i < n; i++) {
      const c = pool[i];
      let d = 0;
      if (!c.table) for (let o = 0; o < c.opIx.length; o++) d += delta[c.opIx[o]];
      chs[i] = d === 0 ? c.ch : c.ch + d;
      const r = (rk[i] = chs[i] - PRIOR * lm.unigram(c.lm));
      // stable insertion sort by rank
      let p = i;
      while (p > 0 && rk[ord[p - 1]] > r) {
        ord[p] = ord[p - 1];
        p--;
      }
      ord[p] = i;
    }
    const best = n ? rk[ord[0]] : 0;
    const kept: Cand[] = [];
    if (e.self) kept.push(e.self);
    for (let q = 0; q < n && q < K; q++) {
      const i = ord[q];
      if (rk[i] > best + CAND_BEAM) continue;
      kept.push(chs[i] === pool[i].ch ? pool[i] : { ...pool[i], ch: chs[i] });
    }
    if (e.keepCand) kept.push(e.keepCand);
    return kept;
  }

  /** Folded spellings the observed token may stand for (digits and symbols read as letters). */
  private variants(lower: string, ch: Channel): string[] {
    const chars = [...lower];
    const res = new Set<string>();
    const rec = (i: number, acc: string): void => {
      if (res.size >= 24) return;
      if (i >= chars.length) {
        if (acc) res.add(acc);
        return;
      }
      const c = chars[i];
      if (i + 1 < chars.length) {
        const pair = ch.readsAs.get(c + chars[i + 1]);
        if (pair) for (const t of pair.slice(0, 2)) rec(i + 2, acc + fold(t));
      }
      if (/['’‘`´"“”]/.test(c)) return rec(i + 1, acc);
      if (/\p{L}/u.test(c)) return rec(i + 1, acc + fold(c));
      const alts = ch.readsAs.get(c);
      const seen = new Set<string>();
      for (const t of alts ?? []) {
        const f = fold(t);
        if (seen.has(f)) continue;
        seen.add(f);
        if (seen.size > 3) break;
        rec(i + 1, acc + f);
      }
      if (!alts) rec(i + 1, acc);
    };
    rec(0, '');
    return [...res];
  }

  private lookup(v: string, found: Set<number>): void {
    const add = (sk: string): void => {
      const ids = this.m.bySkeleton.get(sk);
      if (ids) for (const id of ids) found.add(id);
    };
    add(v);
    const dv = this.m.byDeletion.get(v);
    if (dv) for (const sk of dv) add(sk);
    if (v.length >= 2) {
      for (const d of deletions(v)) {
        add(d);
        const dd = this.m.byDeletion.get(d);
        if (dd) for (const sk of dd) add(sk);
      }
    }
  }

  /** Codes keep their shape; their letter parts get proper abbreviation letters (QD-UBND -> QĐ-UBND). */
  fixCode(raw: string, ch: Channel): string {
    const head = raw.match(/^[IVX][IVXLl1]+(?=\/)/);
    if (head && romanFix(head[0])) raw = romanFix(head[0]) + raw.slice(head[0].length);
    return raw.replace(/\p{L}+/gu, (part) => {
      if (part.length < 2 || !/^\p{Lu}/u.test(part)) return part;
      return this.abbrevFor(part, ch) ?? part;
    });
  }

  /** The abbreviation an upper-case token stands for, allowing one misread Đ ("HPND" -> "HĐND"). */
  abbrevFor(raw: string, ch: Channel): string | undefined {
    const key = fold(raw).toUpperCase();
    const direct = this.m.abbrev.get(key);
    if (direct) return direct;
    const roman = romanFix(raw);
    if (roman) return roman;
    if (raw.length < 2 || raw.length > 8) return undefined;
    // Đ is the letter an engine without a Vietnamese model misreads most (P, B, D, b)
    let best: string | undefined;
    let bestCost = Infinity;
    for (let i = 0; i < raw.length; i++) {
      const o = raw[i];
      const cost = Math.min(ch.subCost('đ', o), ch.subCost('đ', o.toLowerCase()));
      if (cost >= bestCost || cost >= ch.d.sub) continue;
      const form = this.m.abbrev.get(fold(raw.slice(0, i) + 'D' + raw.slice(i + 1)).toUpperCase());
      // the letter taken for a misread Đ must be that Đ ("NB" -> "NĐ"; "BYT-DP" is not "ĐD")
      if (form && form.length === raw.length && form[i] === 'Đ') {
        best = form;
        bestCost = cost;
      }
    }
    return best;
  }

  /** Decode a block of lines (one stream); returns one result per line. */
  private stream(
    lines: string[],
    channel: Channel,
    opt: DecodeOptions,
    confidences?: (number[] | undefined)[],
  ): { toks: StreamTok[]; brk: Set<number> } {
    const toks: StreamTok[] = [];
    const starts: number[] = [];
    const memoKey = `${channel.name}/${channel.uniform}/${opt.maxCandidates ?? ''}`;
    let tokMemo = this.tokMemo.get(memoKey);
    if (!tokMemo) this.tokMemo.set(memoKey, (tokMemo = new Map()));
    lines.forEach((line, li) => {
      const ts = tokenize(line);
      const conf = confidences?.[li];
      if (ts.length === 0) starts.push(toks.length);
      for (let x = 0; x < ts.length; x++) {
        const t = ts[x];
        const c = t.kind === 'punct' ? undefined : conf?.[t.chunk];
        // a single letter before ")" is a list mark: "b)"
        const mark = t.kind === 'word' && t.text.length === 1 && ts[x + 1]?.text === ')';
        this.lastEntry = undefined;
        let cands: Cand[];
        if (mark) cands = [{ out: t.text, lm: this.m.lm.id(t.text.toLowerCase()), ch: 0, keep: true }];
        else if (c === undefined) {
          // documents repeat words: the analysis of a token text is looked up once
          const key = t.kind + SEP + t.text;
          let hit = tokMemo.get(key);
          if (!hit) {
            hit = { cands: this.candidates(t, channel, opt), entry: this.lastEntry };
            if (tokMemo.size > 100000) tokMemo.clear();
            tokMemo.set(key, hit);
          }
          cands = hit.cands;
          this.lastEntry = hit.entry;
        } else cands = this.candidates(t, channel, opt, c);
        if (c !== undefined && this.lastEntry) cands = withConfidence(cands, t.text, c, channel);
        toks.push({ line: li, tok: t, cands, entry: this.lastEntry, conf: c });
      }
    });
    return { toks, brk: new Set(starts) };
  }

  /** Decode a block of lines (one stream); returns one result per line. */
  decode(lines: string[], opt: DecodeOptions = {}, confidences?: (number[] | undefined)[]): DecodedLine[] {
    const profile = opt.profile && opt.profile !== 'auto' ? opt.profile : this.chooseProfile(lines);
    const channel = opt.uniformChannel ? uniform(this.m) : (this.m.channels[profile] ?? this.m.channels.eng);
    const mu = opt.channelWeight ?? 1;
    const order = opt.lmOrder ?? this.m.lm.order;
    const { toks, brk } = this.stream(lines, channel, opt, confidences);
    const memo = this.memo;
    memo.reset();
    let choice = this.viterbi(toks, brk, mu, order, memo);
    // by default only heavily mangled text (eng profile) is worth the second pass
    const adapt = opt.adapt ?? channel.name === 'eng';
    const rounds = !adapt || channel.uniform ? 0 : (opt.adaptRounds ?? ADAPT_ROUNDS);
    for (let round = 0; round < rounds; round++) {
      // another pass with substitution costs adapted to this document's own confusions (hard EM)
      const used: string[][] = [];
      for (let i = 0; i < toks.length; i++) {
        const c = toks[i].cands[choice[i]] as PoolCand;
        if (!c.keep && c.ops && toks[i].cands.length > 1) used.push(c.ops);
      }
      if (used.length < (opt.adaptMin ?? 150)) break;
      const deltas = channel.adaptDeltas(used, opt.adaptWeight ?? 20);
      const delta = new Float64Array(this.opIds.size);
      for (const [k, v] of deltas) {
        const x = this.opIds.get(k);
        if (x !== undefined) delta[x] = v;
      }
      const K = opt.maxCandidates ?? MAX_CANDIDATES;
      const sel = new Map<Entry, Cand[]>();
      for (const t of toks) {
        if (!t.entry) continue;
        let c = sel.get(t.entry);
        if (!c) sel.set(t.entry, (c = this.reselect(t.entry, delta, K)));
        t.cands = t.conf === undefined ? c : withConfidence(c, t.tok.text, t.conf, channel);
      }
      choice = this.viterbi(toks, brk, mu, order, memo);
    }
    return this.writeBack(lines, toks, choice);
  }

  private viterbi(toks: StreamTok[], brk: Set<number>, mu: number, order: number, memo: LmMemo): Int32Array {
    const lm = this.m.lm;
    const maxLp = lm.maxLogp();
    const N = toks.length;
    const S = MAX_STATES;
    // state at i = (index j of the candidate at i-1, index k of the candidate at i)
    if (this.trace.length < 3 * N * S) this.trace = new Int32Array(6 * N * S);
    const stJ = this.trace.subarray(0, N * S);
    const stK = this.trace.subarray(N * S, 2 * N * S);
    const bp = this.trace.subarray(2 * N * S, 3 * N * S);
    const reset = new Uint8Array(N);
    let prevScore = new Float64Array(S);
    let curScore = new Float64Array(S);
    // per cell (j, k) of a position; a cell is live when its stamp is the position's
    const cells = this.cells;
    const topSc = new Float64Array(S);
    const topIdx = new Int32Array(S);
    const bosIds = Int32Array.of(lm.bos);
    let prevIds: Int32Array = bosIds; // candidates at i-1
    let prevPrevIds: Int32Array = bosIds; // candidates at i-2
    let pN = 1; // states at i-1
    let pOff = -1; // offset of the states at i-1 in stJ/stK (-1: the start state)
    prevScore[0] = 0;
    for (let i = 0; i < N; i++) {
      const cands = toks[i].cands;
      const entry = toks[i].entry;
      const info = candInfo(cands, mu, maxLp, entry);
      const { ids, chs, ub, ord } = info;
      const slots = entry ? info.slots : null;
      const ent = slots ? memo.entry(entry!) : -1;
      const K = cands.length;
      let startCtx = i === 0;
      if (i > 0 && brk.has(i)) {
        // sentence boundary: end the sentence on the best state, restart the context
        let bi = 0;
        for (let s = 1; s < pN; s++) if (prevScore[s] > prevScore[bi]) bi = s;
        const a = reset[i - 1] || order < 3 ? -1 : prevPrevIds[stJ[pOff + bi]];
        const sc = prevScore[bi] + lm.logp(a, prevIds[stK[pOff + bi]], lm.eos);
        prevScore[0] = sc;
        // keep the trace: state 0 stands for the old best state
        stJ[pOff] = stJ[pOff + bi];
        stK[pOff] = stK[pOff + bi];
        bp[pOff] = bp[pOff + bi];
        pN = 1;
        startCtx = true;
      }
      if (startCtx) reset[i] = 1;
      const P = startCtx ? 1 : prevIds.length;
      const need = P * K;
      cells.ensure(need);
      const gen = cells.next();
      const { score, from, lowV, stamp, lowStamp, touched } = cells;
      let nt = 0;
      // exact pruning: a cell whose score cannot reach the S-th best or the beam is never scored.
      // States come best first and candidates by their bound, so both loops stop early.
      let c = 0;
      // the least score a cell needs to be kept: S-th best so far, or the beam below the best
      let thr = -Infinity;
      for (let s = 0; s < pN; s++) {
        const base = prevScore[s];
        if (base + ub[ord[0]] < thr) break;
        const j = startCtx ? 0 : stK[pOff + s];
        const b = startCtx ? lm.bos : prevIds[j];
        const a = startCtx || reset[i - 1] ? lm.bos : prevPrevIds[stJ[pOff + s]];
        const ctx = order >= 3 ? lm.ctx(a, b) : -1;
        const row = j * K;
        const bb = order >= 2 ? b : -1;
        // LM scores of this context for the token's candidates, memoised for the document
        const width = MEMO_WIDTH;
        let off = slots ? memo.row(ent, ctx >= 0 ? ctx : -2 - bb, width) : -1;
        // bigram scores of the candidates after b, shared by every a (found on the first backoff)
        let lowOff = ctx >= 0 ? -2 : off;
        let arena = memo.arena;
        for (let q = 0; q < K; q++) {
          const k = ord[q];
          if (base + ub[k] < thr) break;
          const x = row + k;
          const sl = slots ? slots[k] : -1;
          let p3 = off >= 0 && sl >= 0 ? arena[off + sl] : NaN;
          if (p3 !== p3) {
            if (ctx >= 0) p3 = lm.triHit(ctx, ids[k]);
            if (p3 !== p3) {
              let low: number;
              if (sl >= 0) {
                if (lowOff === -2) {
                  const epoch = memo.epoch;
                  lowOff = memo.row(ent, -2 - bb, width);
                  arena = memo.arena;
                  // the memo started over: this state's row is gone
                  if (memo.epoch !== epoch) off = -1;
                }
                low = arena[lowOff + sl];
                if (low !== low) low = arena[lowOff + sl] = lm.lower(bb, ids[k]);
              } else if (lowStamp[x] === gen) low = lowV[x];
              else {
                // lower-order scores depend only on (candidate at i-1, candidate at i)
                low = lowV[x] = lm.lower(bb, ids[k]);
                lowStamp[x] = gen;
              }
              p3 = ctx < 0 ? low : lm.backoff(ctx, low);
            }
            if (off >= 0 && sl >= 0) arena[off + sl] = p3;
          }
          const sc = base + p3 - mu * chs[k];
          let old = -Infinity;
          if (stamp[x] === gen) old = score[x];
          else {
            stamp[x] = gen;
            touched[nt++] = x;
          }
          if (sc > old) {
            score[x] = sc;
            from[x] = s;
            // running top S of the cell values: a lower bound of the final S-th best
            if (old !== -Infinity) {
              for (let t = 0; t < c; t++) {
                if (topIdx[t] === x) {
                  for (let u = t; u < c - 1; u++) {
                    topSc[u] = topSc[u + 1];
                    topIdx[u] = topIdx[u + 1];
                  }
                  c--;
                  break;
                }
              }
            }
            if (c < S || sc > topSc[S - 1]) {
              let p = c < S ? c++ : S - 1;
              while (p > 0 && topSc[p - 1] < sc) {
                topSc[p] = topSc[p - 1];
                topIdx[p] = topIdx[p - 1];
                p--;
              }
              topSc[p] = sc;
              topIdx[p] = x;
            }
            thr = c === S ? Math.max(topSc[S - 1], topSc[0] - BEAM) : topSc[0] - BEAM;
          } else if (old === -Infinity) {
            // a cell scored -Infinity stays dead, as without pruning
            stamp[x] = gen - 1;
            nt--;
          }
        }
      }
      // keep the best S cells, ties to the lower cell (as a scan in cell order keeps them), then
      // those within the beam
      c = 0;
      for (let t = 0; t < nt; t++) {
        const x = touched[t];
        const sc = score[x];
        if (c === S && (sc < topSc[S - 1] || (sc === topSc[S - 1] && x > topIdx[S - 1]))) continue;
        let p = c < S ? c++ : S - 1;
        while (p > 0 && (topSc[p - 1] < sc || (topSc[p - 1] === sc && topIdx[p - 1] > x))) {
          topSc[p] = topSc[p - 1];
          topIdx[p] = topIdx[p - 1];
          p--;
        }
        topSc[p] = sc;
        topIdx[p] = x;
      }
      const off = i * S;
      let n = 0;
      for (let t = 0; t < c; t++) {
        if (topSc[t] < topSc[0] - BEAM) continue;
        const x = topIdx[t];
        curScore[n] = topSc[t];
        stJ[off + n] = (x / K) | 0;
        stK[off + n] = x % K;
        bp[off + n] = from[x];
        n++;
      }
      [prevScore, curScore] = [curScore, prevScore];
      pN = n;
      pOff = off;
      prevPrevIds = startCtx ? bosIds : prevIds;
      prevIds = ids;
    }
    const choice = new Int32Array(N);
    if (N === 0) return choice;
    let s = 0;
    for (let x = 1; x < pN; x++) if (prevScore[x] > prevScore[s]) s = x;
    for (let i = N - 1; i >= 0; i--) {
      choice[i] = stK[i * S + s];
      s = bp[i * S + s];
    }
    return choice;
  }

  private writeBack(lines: string[], toks: StreamTok[], choice: Int32Array): DecodedLine[] {
    const N = toks.length;
    const res: DecodedLine[] = lines.map((text) => ({ text, changes: [], confidence: 1 }));
    const confSum = new Float64Array(lines.length);
    const confN = new Float64Array(lines.length);
    const edits: Change[][] = lines.map(() => []);
    for (let i = 0; i < N; i++) {
      const { line, tok, cands } = toks[i];
      const c = cands[choice[i]];
      // "Iy" read for "lý": the capital I was a lower-case l
      const like = /^I\p{Ll}/u.test(tok.text) && c.out.startsWith('l') ? 'l' + tok.text.slice(1) : tok.text;
      const to = c.keep ? c.out : recase(c.out, like);
      if (to !== tok.text) edits[line].push({ from: tok.text, to, col: tok.col });
      if (tok.kind === 'word' || tok.kind === 'other') {
        let margin = Infinity;
        for (let k = 0; k < cands.length; k++) if (k !== choice[i]) margin = Math.min(margin, cands[k].ch - c.ch);
        confSum[line] += cands.length === 1 ? 1 : 1 / (1 + Math.pow(10, -Math.min(margin, 10) - 0.5));
        confN[line]++;
      }
    }
    for (let li = 0; li < lines.length; li++) {
      let text = lines[li];
      for (const e of [...edits[li]].sort((a, b) => b.col - a.col)) text = text.slice(0, e.col) + e.to + text.slice(e.col + e.from.length);
      res[li] = {
        text: text.normalize('NFC'),
        changes: edits[li],
        confidence: confN[li] ? Number((confSum[li] / confN[li]).toFixed(3)) : 1,
      };
    }
    return res;
  }
}

/**
 * OCR confidence as evidence: readings other than the word as printed get the learned cost of that
 * confidence tenth (a confident vie word is rarely wrong; a doubtful one often is).
 */
function withConfidence(cands: Cand[], raw: string, conf: number, ch: Channel): Cand[] {
  const d = ch.confDelta[Math.max(0, Math.min(9, Math.floor(conf / 10)))];
  if (!d) return cands;
  const self = normTone(raw.toLowerCase());
  return cands.map((c) => (c.keep || c.out === self ? c : { ...c, ch: c.ch + d }));
}

/** The k-th smallest value (0-based) of a, which it reorders (quickselect). */
function nth(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** Upper-case Roman numerals with I read as l, L or 1 ("I11" -> "III", "IL" -> "II"). */
function romanFix(raw: string): string | undefined {
  if (!/^[IVX][IVXLl1]+$/.test(raw) || !/[Ll1]/.test(raw)) return undefined;
  const r = raw.replace(/[Ll1]/g, 'I');
  return ROMAN.test(r) ? r : undefined;
}

/** Scratch cells of the Viterbi, reused across positions and calls (stamped, never cleared). */
class Cells {
  score = new Float64Array(0);
  from = new Int32Array(0);
  lowV = new Float64Array(0);
  stamp = new Int32Array(0);
  lowStamp = new Int32Array(0);
  touched = new Int32Array(0);
  private gen = 1;

  ensure(n: number): void {
    if (this.score.length >= n) return;
    const m = Math.max(1024, n * 2);
    this.score = new Float64Array(m);
    this.from = new Int32Array(m);
    this.lowV = new Float64Array(m);
    this.stamp = new Int32Array(m);
    this.lowStamp = new Int32Array(m);
    this.touched = new Int32Array(m);
    this.gen = 1;
  }

  next(): number {
    this.gen += 2;
    if (this.gen > 0x3ffffff0) {
      this.stamp.fill(0);
      this.lowStamp.fill(0);
      this.gen = 3;
    }
    return this.gen;
  }
}

/** LM scores per (context, candidate of an entry) within one document: repeated phrases and the second pass reuse them. */
class LmMemo {
  arena = new Float64Array(1 << 16).fill(NaN);
  /** counts the times the memo started over */
  epoch = 0;
  private used = 0;
  private ids = new Map<Entry, number>();
  // open addressing on (entry, context key) -> arena offset
  private hEnt = new Int32Array(1 << 14).fill(-1);
  private hKey = new Int32Array(1 << 14);
  private hOff = new Int32Array(1 << 14);
  private count = 0;

  /** Forget the scores (a new document); the buffers stay. */
  reset(): void {
    this.arena.fill(NaN, 0, this.used);
    this.used = 0;
    this.ids.clear();
    if (this.count) this.hEnt.fill(-1);
    this.count = 0;
  }

  entry(e: Entry): number {
    let x = this.ids.get(e);
    if (x === undefined) {
      x = this.ids.size;
      this.ids.set(e, x);
    }
    return x;
  }

  /** Offset of the row of entry `ent` under context key `key` (width cells, NaN until scored). */
  row(ent: number, key: number, width: number): number {
    let mask = this.hEnt.length - 1;
    let h = (Math.imul(ent, 0x9e3779b1) ^ Math.imul(key, 0x85ebca6b)) >>> 0;
    h = (h ^ (h >>> 15)) & mask;
    while (this.hEnt[h] !== -1) {
      if (this.hEnt[h] === ent && this.hKey[h] === key) return this.hOff[h];
      h = (h + 1) & mask;
    }
    let moved = false;
    if (this.used + width > this.arena.length) {
      if (this.arena.length >= 1 << 22) {
        moved = true;
        // bounded memory on long blocks: start over
        this.arena.fill(NaN);
        this.used = 0;
        this.epoch++;
        this.hEnt.fill(-1);
        this.count = 0;
      } else {
        const a = new Float64Array(this.arena.length * 2).fill(NaN);
        a.set(this.arena);
        this.arena = a;
      }
    }
    if (2 * (this.count + 1) > this.hEnt.length) {
      this.grow();
      mask = this.hEnt.length - 1;
      moved = true;
    }
    if (moved) {
      // the table was cleared or rebuilt: find the free place again
      h = (Math.imul(ent, 0x9e3779b1) ^ Math.imul(key, 0x85ebca6b)) >>> 0;
      h = (h ^ (h >>> 15)) & mask;
      while (this.hEnt[h] !== -1) h = (h + 1) & mask;
    }
    const off = this.used;
    this.used += width;
    this.hEnt[h] = ent;
    this.hKey[h] = key;
    this.hOff[h] = off;
    this.count++;
    return off;
  }

  private grow(): void {
    const oE = this.hEnt;
    const oK = this.hKey;
    const oO = this.hOff;
    const n = oE.length * 2;
    this.hEnt = new Int32Array(n).fill(-1);
    this.hKey = new Int32Array(n);
    this.hOff = new Int32Array(n);
    const mask = n - 1;
    for (let x = 0; x < oE.length; x++) {
      if (oE[x] === -1) continue;
      let h = (Math.imul(oE[x], 0x9e3779b1) ^ Math.imul(oK[x], 0x85ebca6b)) >>> 0;
      h = (h ^ (h >>> 15)) & mask;
      while (this.hEnt[h] !== -1) h = (h + 1) & mask;
      this.hEnt[h] = oE[x];
      this.hKey[h] = oK[x];
      this.hOff[h] = oO[x];
    }
  }
}

interface CandInfo {
  mu: number;
  ids: Int32Array;
  chs: Float64Array;
  /** places in the entry (see Cand.slot), null when some candidate has none */
  slots: Int32Array | null;
  /** per candidate, the best score it can add (LM bound minus channel) */
  ub: Float64Array;
  /** candidates by ub, best first */
  ord: Int32Array;
}

/** Typed views of a candidate list, kept on the list itself (lists are shared by repeated tokens). */
/** cells of a memo row: the candidates an entry ever offers beyond this many are scored unmemoised */
const MEMO_WIDTH = 32;

function candInfo(cands: Cand[], mu: number, maxLp: Float64Array, entry?: Entry): CandInfo {
  const held = cands as Cand[] & { info?: CandInfo };
  const have = held.info;
  if (have && have.mu === mu) return have;
  const K = cands.length;
  const ids = new Int32Array(K);
  const chs = new Float64Array(K);
  const ub = new Float64Array(K);
  let slots: Int32Array | null = new Int32Array(K);
  for (let k = 0; k < K; k++) {
    const c = cands[k];
    ids[k] = c.lm;
    chs[k] = c.ch;
    ub[k] = maxLp[c.lm] - mu * c.ch;
    if (c.slot === undefined || !entry) slots = null;
    else if (slots) {
      if (!entry.cell) {
        entry.cell = new Int8Array(entry.pool.length + 2).fill(-1);
        entry.cells = 0;
      }
      let x = entry.cell[c.slot];
      if (x < 0 && entry.cells! < MEMO_WIDTH) x = entry.cell[c.slot] = entry.cells!++;
      slots[k] = x;
    }
  }
  // insertion sort: best bound first, ties by position
  const ord = new Int32Array(K);
  for (let k = 0; k < K; k++) {
    let p = k;
    while (p > 0 && ub[ord[p - 1]] < ub[k]) {
      ord[p] = ord[p - 1];
      p--;
    }
    ord[p] = k;
  }
  const info = { mu, ids, chs, slots, ub, ord };
  held.info = info;
  return info;
}

let uniformCh: Channel | null = null;
function uniform(_m: RepairModel): Channel {
  if (!uniformCh) uniformCh = Channel.uniformChannel();
  return uniformCh;
}

export { isCode };
