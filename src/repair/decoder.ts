// Noisy-channel decoder: per token, candidate syllables from the inventory near the observed token;
// Viterbi over the token stream (lines joined: a sentence runs on across line breaks) with
// trigram LM + channel scores; the best path is written back into each line, case restored.
import { Channel, type KeyMemo, type Op } from './channel.js';
import { NgramLM, WORD_REC } from './lm.js';
import { deletions, type RepairModel } from './model.js';
import { fold, isCode, normTone, recase, tokenize, type Token } from './text.js';

/** OCR confidence from which a name part after a surname is kept as printed (see personName) */
const NAME_CONF = 90;
/** the common Vietnamese surnames */
const SURNAMES = new Set(
  ('nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đinh trương lâm mai trịnh đoàn ' +
    'lương đào cao tạ hà lưu chu thái tô kiều quách vương triệu tăng lại châu mạc phùng từ thân khúc doãn ' +
    'tống nghiêm âu ninh hứa văn giang').split(' '),
);

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
  /** share of the stream the first pass reads when adaptation follows (1: all of it) */
  adaptSample?: number;
  /** Viterbi score beam (log10) */
  beam?: number;
}

interface StreamTok {
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
  /** number of the document whose LM memo numbered the entry, and that number */
  mg?: number;
  mid?: number;
  /** round of adaptation the re-ranked candidates (their views) belong to */
  sel?: number;
  selInfo?: CandInfo;
  /** the pool in flat arrays (see Decoder.flatPool) */
  flat?: { ch0: Float64Array; prior: Float64Array; opStart: Int32Array; ops: Int32Array; lm: Int32Array };
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
/** Viterbi pruning: score beam (log10) and most states kept per position. Beam 4 against 5: 1 word more
 *  wrong of 11,163 on the dev notices, none on the held-out sets, ~16% less time (interleaved runs) */
const BEAM = 4;
const MAX_STATES = 8;
/** candidates ranked this far (log10) below a token's best are dropped */
const CAND_BEAM = 6;
/** weight of the unigram prior when ranking a token's candidates */
const PRIOR = 0.6;
const MAX_CANDIDATES = 24;
/** Largest channel cost (log10) of a letter read back as another in letterVariants. */
const LETTER_READ_MAX = 2;
const ADAPT_ROUNDS = 1;
/** share of a stream the first pass reads when adaptation follows, and the fewest tokens it reads:
 *  against a whole first pass, 0.25 costs 3 words of 11,163 on the dev notices, none held out */
const ADAPT_SAMPLE = 0.25;
const ADAPT_SAMPLE_MIN = 600;

export class Decoder {
  readonly m: RepairModel;
  private caches = new Map<string, Map<string, Entry>>();
  private cells = new Cells();
  /** back-pointer buffers of the Viterbi, reused */
  private trace = new Int32Array(0);
  private memo = new LmMemo();
  private notes = new Notes();
  private unstored = new Uint8Array(0);
  /** channel keys of substitutions seen in candidate alignments, numbered */
  private opIds = new Map<string, number>();
  private opIx(keys: string[]): Int32Array {
    const a = new Int32Array(keys.length);
    for (let i = 0; i < keys.length; i++) a[i] = this.opId(keys[i]);
    return a;
  }
  private opKeys: string[] = [];
  private keyMemo = new Map<Channel, KeyMemo>();
  private usedOps = new Int32Array(1024);
  private opId(k: string): number {
    let x = this.opIds.get(k);
    if (x === undefined) {
      this.opIds.set(k, (x = this.opIds.size));
      this.opKeys.push(k);
    }
    return x;
  }
  private rsCh = new Float64Array(0);
  private rsRank = new Float64Array(0);
  private rsOrd = new Int32Array(0);
  private selGen = 0;
  private infos = new InfoPool();
  /** list marks ("b)") by letter */
  private marks = new Map<string, Cand[]>();
  /** per channel setting, per token kind: token text -> its analysis */
  private tokMemo = new Map<string, Record<string, Map<string, { cands: Cand[]; entry?: Entry }>>>();
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
    // a number with digits read as look-alike letters ("0l" for "01", "2O25"): one more reading, the LM
    // weighs it against the syllables ("ngày 0l tháng" is a date, "l0" in mangled text may be "lơ")
    const digits = digitReading(raw, ch.name === 'vie');
    if (digits) return this.cached(raw, lower, ch, opt, { out: digits.text, lm: this.idN, ch: digits.subs * DIGIT_LOOK, keep: true });
    // a numbered article or clause with a letter ("Điều 21a", "khoản 3b"): a Vietnamese model reads digits
    // as digits, so (a look-alike letter aside, above) this is no misread syllable
    if (ch.name === 'vie' && /^\d{1,3}[a-zđ]$/.test(raw)) return [{ out: raw, lm: this.idN, ch: 0, keep: true }];
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
    // the horn of ư and ơ read as a quote after the letter ("phu’0’ng" for "phường")
    const horned = lower.replace(HORN_QUOTE, (_, c: string) => (c === 'u' ? 'ư' : 'ơ'));
    if (horned !== lower) readings.push(horned);
    for (const r of readings) {
      const vs = this.variants(r, ch);
      for (const v of vs) this.lookup(v, found);
      // a token that is no syllable may hold two misread letters ("trwdc" for "trước"): one letter read
      // back through the channel, the deletion index covers the other
      if (ch.name === 'eng' && !this.m.bySkeleton.has(fold(r).replace(QUOTES, ''))) {
        for (const v of vs) for (const w of this.letterVariants(v, ch)) this.lookup(w, found);
      }
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
    // every field present from the start: entries share one shape where the Viterbi reads them
    const e: Entry = { pool, keepCand, self, cands: [], cell: undefined, cells: 0, mg: 0, mid: 0, sel: 0, selInfo: undefined, flat: undefined };
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

  /** Candidates of an entry re-ranked with document-adapted substitution costs (their views into e.selInfo). */
  private reselect(e: Entry, delta: Float64Array, K: number, mu: number, maxLp: Float64Array, maxBi: Float64Array): void {
    // as select() on the adapted pool: stable order by rank; the adapted costs live in the views only
    const n = e.pool.length;
    if (!e.flat) e.flat = this.flatPool(e);
    const { ch0, prior, opStart, ops, lm: lmIds } = e.flat;
    if (this.rsCh.length < n + 2) {
      this.rsCh = new Float64Array(2 * n + 2);
      this.rsRank = new Float64Array(2 * n + 2);
      this.rsOrd = new Int32Array(2 * n + 2);
    }
    const chs = this.rsCh;
    const rk = this.rsRank;
    const ord = this.rsOrd;
    let changed = false;
    for (let i = 0; i < n; i++) {
      let d = 0;
      for (let o = opStart[i]; o < opStart[i + 1]; o++) d += delta[ops[o]];
      if (d === 0) chs[i] = ch0[i];
      else {
        chs[i] = ch0[i] + d;
        changed = true;
      }
    }
    for (let i = 0; i < n; i++) {
      const r = (rk[i] = chs[i] - prior[i]);
      // stable insertion sort by rank
      let p = i;
      while (p > 0 && rk[ord[p - 1]] > r) {
        ord[p] = ord[p - 1];
        p--;
      }
      ord[p] = i;
    }
    const best = n ? rk[ord[0]] : 0;
    // kept candidates by slot: self, pool indices, keep (as select() orders them)
    const sc = scratchFor(n + 2);
    let m = 0;
    if (e.self) {
      sc.ids[m] = e.self.lm;
      sc.chs[m] = e.self.ch;
      sc.slots[m++] = n;
    }
    for (let q = 0; q < n && q < K; q++) {
      const i = ord[q];
      if (rk[i] > best + CAND_BEAM) continue;
      sc.ids[m] = lmIds[i];
      sc.chs[m] = chs[i];
      sc.slots[m++] = i;
    }
    if (e.keepCand) {
      sc.ids[m] = e.keepCand.lm;
      sc.chs[m] = e.keepCand.ch;
      sc.slots[m++] = n + 1;
    }
    // no cost moved and the same candidates kept (the entry may come from a run with another K):
    // the list of the first pass, with its views
    if (!changed && m === e.cands.length) {
      let same = true;
      for (let k = 0; k < m && same; k++) same = e.cands[k].slot === sc.slots[k];
      if (same) {
        e.selInfo = listInfo(e.cands, mu, maxLp, maxBi, e);
        return;
      }
    }
    const info = this.infos.make(m, mu, true);
    fillInfo(info, sc.ids, sc.chs, sc.slots, maxLp, maxBi, e);
    e.selInfo = info;
  }

  /** The pool of an entry in flat arrays for reselect(): costs, unigram priors, substitutions (none for table costs). */
  private flatPool(e: Entry): NonNullable<Entry['flat']> {
    const lm = this.m.lm;
    const n = e.pool.length;
    const ch0 = new Float64Array(n);
    const prior = new Float64Array(n);
    const ids = new Int32Array(n);
    const opStart = new Int32Array(n + 1);
    let m = 0;
    for (let i = 0; i < n; i++) if (!e.pool[i].table) m += e.pool[i].opIx.length;
    const ops = new Int32Array(m);
    m = 0;
    for (let i = 0; i < n; i++) {
      const c = e.pool[i];
      ch0[i] = c.ch;
      ids[i] = c.lm;
      prior[i] = PRIOR * lm.unigram(c.lm);
      opStart[i] = m;
      if (!c.table) for (let o = 0; o < c.opIx.length; o++) ops[m++] = c.opIx[o];
    }
    opStart[n] = m;
    return { ch0, prior, opStart, ops, lm: ids };
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

  /** Folded spellings with one letter replaced by a letter the channel often reads it for (d for ơ, w for ư). */
  private letterVariants(v: string, ch: Channel): string[] {
    const out: string[] = [];
    for (let i = 0; i < v.length; i++) {
      for (const f of this.letterReads(v[i], ch)) out.push(v.slice(0, i) + f + v.slice(i + 1));
    }
    return out;
  }

  private letterReadsMemo = new Map<string, string[]>();

  /** The folded letters a letter is likely a misreading of, cheapest first (at most two). */
  private letterReads(c: string, ch: Channel): string[] {
    const key = ch.name + c;
    let r = this.letterReadsMemo.get(key);
    if (!r) {
      r = [];
      for (const t of ch.readsAs.get(c) ?? []) {
        const f = fold(t);
        if (t.length !== 1 || f === c || r.includes(f) || ch.subCost(t, c) > LETTER_READ_MAX) continue;
        r.push(f);
        if (r.length === 2) break;
      }
      this.letterReadsMemo.set(key, r);
    }
    return r;
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
  ): { toks: StreamTok[]; brk: Uint8Array } {
    const toks: StreamTok[] = [];
    const starts: number[] = [];
    const memoKey = `${channel.name}/${channel.uniform}/${opt.maxCandidates ?? ''}`;
    let tokMemo = this.tokMemo.get(memoKey);
    if (!tokMemo) this.tokMemo.set(memoKey, (tokMemo = { word: new Map(), num: new Map(), punct: new Map(), other: new Map() }));
    lines.forEach((line, li) => {
      const ts = tokenize(line);
      const conf = confidences?.[li];
      const named = conf ? this.personName(ts, conf) : null;
      if (ts.length === 0) starts.push(toks.length);
      for (let x = 0; x < ts.length; x++) {
        const t = ts[x];
        const c = t.kind === 'punct' ? undefined : conf?.[t.chunk];
        // a single letter before ")" is a list mark: "b)"
        const mark = t.kind === 'word' && t.text.length === 1 && ts[x + 1]?.text === ')';
        this.lastEntry = undefined;
        let cands: Cand[];
        if (named?.[x]) cands = [{ out: t.text, lm: this.m.lm.id(normTone(t.text.toLowerCase())), ch: 0, keep: true }];
        else if (mark) {
          cands = this.marks.get(t.text)!;
          if (!cands) this.marks.set(t.text, (cands = [{ out: t.text, lm: this.m.lm.id(t.text.toLowerCase()), ch: 0, keep: true }]));
        }
        else if (c === undefined) {
          // documents repeat words: the analysis of a token text is looked up once
          const byText = tokMemo[t.kind];
          let hit = byText.get(t.text);
          if (!hit) {
            hit = { cands: this.candidates(t, channel, opt), entry: this.lastEntry };
            if (byText.size > 100000) byText.clear();
            byText.set(t.text, hit);
          }
          cands = hit.cands;
          this.lastEntry = hit.entry;
        } else cands = this.candidates(t, channel, opt, c);
        toks.push({ line: li, tok: t, cands, entry: this.lastEntry, conf: c, info: undefined });
      }
    });
    // 1 where a sentence starts (a position after an empty line)
    const brk = new Uint8Array(toks.length + 1);
    for (const x of starts) brk[x] = 1;
    return { toks, brk };
  }

  /**
   * Tokens of a person's name read confidently: a known surname and the capitalised syllables after it
   * ("Nguyễn Phong An"). The LM knows common words, not given names, and would make "Phong An" a
   * "phương án" (a plan); a name part the engine was sure of stays as printed.
   */
  private personName(ts: Token[], conf: number[]): boolean[] | null {
    let out: boolean[] | null = null;
    const sure = (x: number) => ts[x]?.kind === 'word' && (conf[ts[x].chunk] ?? 0) >= NAME_CONF && ts[x].chunk !== ts[x - 1]?.chunk;
    const capital = (w: string) => /^\p{Lu}\p{Ll}*$/u.test(w) && this.m.knows(w.toLowerCase());
    for (let x = 0; x + 1 < ts.length; x++) {
      // Title case only: a line in capitals is a heading ("CHỦ TỊCH" must not pass for a surname Chu)
      if (!sure(x) || !SURNAMES.has(ts[x].text.toLowerCase()) || !/^\p{Lu}\p{Ll}+$/u.test(ts[x].text)) continue;
      let y = x + 1;
      while (y < ts.length && y - x <= 3 && sure(y) && capital(ts[y].text) && ts[y].chunk === ts[y - 1].chunk + 1) y++;
      if (y - x < 2) continue;
      out ??= new Array<boolean>(ts.length).fill(false);
      for (let k = x; k < y; k++) out[k] = true;
      x = y - 1;
    }
    return out;
  }

  /** Decode a block of lines (one stream); returns one result per line. */
  decode(lines: string[], opt: DecodeOptions = {}, confidences?: (number[] | undefined)[]): DecodedLine[] {
    const profile = opt.profile && opt.profile !== 'auto' ? opt.profile : this.chooseProfile(lines);
    const channel = opt.uniformChannel ? uniform(this.m) : (this.m.channels[profile] ?? this.m.channels.eng);
    const mu = opt.channelWeight ?? 1;
    const order = opt.lmOrder ?? this.m.lm.order;
    const { toks, brk } = this.stream(lines, channel, opt, confidences);
    const lm = this.m.lm;
    const maxLp = lm.maxLogp();
    const maxBi = lm.maxLogpBigram();
    const infos = this.infos;
    infos.reset();
    for (const t of toks) {
      const base = listInfo(t.cands, mu, maxLp, maxBi, t.entry);
      t.info = base;
      if (t.conf !== undefined && t.entry) t.info = this.confInfo(t, base, channel, maxLp, maxBi);
    }
    const memo = this.memo;
    memo.reset();
    // by default only heavily mangled text (eng profile) is worth the second pass
    const adapt = opt.adapt ?? channel.name === 'eng';
    const rounds = !adapt || channel.uniform ? 0 : (opt.adaptRounds ?? ADAPT_ROUNDS);
    // when a pass with adapted costs follows, the first one only counts the document's confusions: a
    // sample of the stream does (a scan misreads the same way throughout), the adapted pass reads it all
    const share = rounds > 0 ? (opt.adaptSample ?? ADAPT_SAMPLE) : 1;
    const n1 = share < 1 ? Math.min(toks.length, Math.max(ADAPT_SAMPLE_MIN, Math.ceil(toks.length * share))) : toks.length;
    const sampled = n1 < toks.length;
    const beam = opt.beam ?? BEAM;
    let choice = this.viterbi(sampled ? toks.slice(0, n1) : toks, sampled ? brk.subarray(0, n1 + 1) : brk, mu, order, memo, true, beam);
    // the notes of the sampled pass end at n1: none may be read from an earlier stream past it
    if (sampled) this.notes.n.fill(0, n1, Math.min(toks.length, this.notes.n.length));
    for (let round = 0; round < rounds; round++) {
      // another pass with substitution costs adapted to this document's own confusions (hard EM)
      // the substitutions of the decoded words that had a choice and were read from the pool
      let used = 0;
      let nOps = 0;
      for (let i = 0; i < choice.length; i++) {
        const { entry: e, info } = toks[i];
        if (!e || info!.src < 0 || info!.K < 2) continue;
        const sl = info!.I[info!.src + choice[i]];
        if (sl >= e.pool.length) continue;
        if (!e.flat) e.flat = this.flatPool(e);
        const { opStart, ops } = e.flat;
        if (nOps + opStart[sl + 1] - opStart[sl] > this.usedOps.length) {
          const a = new Int32Array(2 * (nOps + opStart[sl + 1] - opStart[sl]));
          a.set(this.usedOps);
          this.usedOps = a;
        }
        for (let o = opStart[sl]; o < opStart[sl + 1]; o++) this.usedOps[nOps++] = ops[o];
        used++;
      }
      if (used < (opt.adaptMin ?? 150)) break;
      let km = this.keyMemo.get(channel);
      if (!km) this.keyMemo.set(channel, (km = { truth: new Int32Array(0), base: new Float64Array(0), letters: new Map() }));
      const delta = channel.adaptDeltasIx(this.usedOps, nOps, this.opKeys, opt.adaptWeight ?? 20, km);
      const K = opt.maxCandidates ?? MAX_CANDIDATES;
      // each entry re-ranked once per round (sel marks the round)
      const sel = ++this.selGen;
      for (const t of toks) {
        const e = t.entry;
        if (!e) continue;
        if (e.sel !== sel) {
          e.sel = sel;
          this.reselect(e, delta, K, mu, maxLp, maxBi);
        }
        t.info = e.selInfo!;
        if (t.conf !== undefined) t.info = this.confInfo(t, e.selInfo!, channel, maxLp, maxBi);
      }
      choice = this.viterbi(toks, brk, mu, order, memo, false, beam);
    }
    // adaptation stopped before its pass: the stream still needs its whole first pass
    if (choice.length < toks.length) choice = this.viterbi(toks, brk, mu, order, memo, true, beam);
    return this.writeBack(lines, toks, choice);
  }

  /**
   * OCR confidence as evidence: readings other than the word as printed get the learned cost of that
   * confidence tenth (a confident vie word is rarely wrong; a doubtful one often is).
   */
  private confInfo(t: StreamTok, base: CandInfo, ch: Channel, maxLp: Float64Array, maxBi: Float64Array): CandInfo {
    const d = ch.confDelta[Math.max(0, Math.min(9, Math.floor(t.conf! / 10)))];
    if (!d) return base;
    const self = normTone(t.tok.text.toLowerCase());
    const K = base.K;
    // memoised lists (those with slots) stay memoised
    const memo = base.src >= 0;
    const sc = scratchFor(K);
    for (let k = 0; k < K; k++) {
      // t.info is still `base` here
      const c = candOf(t, k);
      sc.ids[k] = base.I[base.io + k];
      sc.chs[k] = c.keep || c.out === self ? base.F[base.fo + k] : base.F[base.fo + k] + d;
      if (memo) sc.slots[k] = base.I[base.src + k];
    }
    const info = this.infos.make(K, base.mu, memo);
    fillInfo(info, sc.ids, sc.chs, memo ? sc.slots : null, maxLp, maxBi, t.entry);
    return info;
  }

  private viterbi(toks: StreamTok[], brk: Uint8Array, mu: number, order: number, memo: LmMemo, firstPass: boolean, beam: number): Int32Array {
    const lm = this.m.lm;
    const N = toks.length;
    const S = MAX_STATES;
    // the first pass notes each position's contexts for the next passes (valid while the memo keeps its rows)
    const note = firstPass ? this.notes.start(N * S, N, memo.epoch) : null;
    const pc = firstPass ? null : this.notes;
    const { uniLp, uniBow, scale } = lm.tables();
    const { word: wI, wordF: wF, b: topB, q: topQ } = lm.topPredecessors();
    // state at i = (index j of the candidate at i-1, index k of the candidate at i)
    if (this.trace.length < 3 * N * S) this.trace = new Int32Array(6 * N * S);
    const stJ = this.trace.subarray(0, N * S);
    const stK = this.trace.subarray(N * S, 2 * N * S);
    const bp = this.trace.subarray(2 * N * S, 3 * N * S);
    if (this.unstored.length < N * S) this.unstored = new Uint8Array(2 * N * S);
    const stU = this.unstored;
    const reset = new Uint8Array(N);
    let prevScore = new Float64Array(S);
    let curScore = new Float64Array(S);
    // per cell (j, k) of a position; a cell is live when its stamp is the position's
    const cells = this.cells;
    cells.ensureIds(lm.vocab.length);
    const topSc = new Float64Array(S);
    const topIdx = new Int32Array(S);
    const bosIds = Int32Array.of(lm.bos);
    // LM ids of the candidates at i-1 and i-2 (views into their lists' I arrays)
    let pI: Int32Array = bosIds;
    let pIo = 0;
    let pK = 1;
    let ppI: Int32Array = bosIds;
    let ppIo = 0;
    let pN = 1; // states at i-1
    let pOff = -1; // offset of the states at i-1 in stJ/stK (-1: the start state)
    prevScore[0] = 0;
    for (let i = 0; i < N; i++) {
      const tok = toks[i];
      const entry = tok.entry;
      const info = tok.info!;
      const { K, I, io, F, fo } = info;
      // I: ids at io, ord at oo, ordB at obo, memo cells at so; F: channel at fo, ub at uo, ubB at ubo
      const oo = io + K;
      const obo = io + 2 * K;
      const so = io + 3 * K;
      const uo = fo + K;
      const ubo = fo + 2 * K;
      const ent = entry ? memo.entry(entry) : -1;
      let startCtx = i === 0;
      if (i > 0 && brk[i] === 1) {
        // sentence boundary: end the sentence on the best state, restart the context
        let bi = 0;
        for (let s = 1; s < pN; s++) if (prevScore[s] > prevScore[bi]) bi = s;
        const a = reset[i - 1] || order < 3 ? -1 : ppI[ppIo + stJ[pOff + bi]];
        const sc = prevScore[bi] + lm.logp(a, pI[pIo + stK[pOff + bi]], lm.eos);
        prevScore[0] = sc;
        // keep the trace: state 0 stands for the old best state
        stJ[pOff] = stJ[pOff + bi];
        stK[pOff] = stK[pOff + bi];
        bp[pOff] = bp[pOff + bi];
        pN = 1;
        startCtx = true;
      }
      if (startCtx) reset[i] = 1;
      const P = startCtx ? 1 : pK;
      cells.ensure(P * K, Math.max(P, K));
      const gen = cells.next();
      const { score, from, lowV, stamp, lowStamp, touched, idStamp, idFirst, idNext, jStamp, jOff, jEpoch, hitSt, hitP, hitList } = cells;
      // candidates by LM id (a list may hold one id twice)
      for (let k = K - 1; k >= 0; k--) {
        const w = I[io + k];
        idNext[k] = idStamp[w] === gen ? idFirst[w] : -1;
        idFirst[w] = k;
        idStamp[w] = gen;
      }
      let nt = 0;
      // exact pruning: a cell whose score cannot reach the S-th best or the beam is never scored.
      // States come best first and candidates by their bound, so both loops stop early.
      let c = 0;
      // the least score a cell needs to be kept: S-th best so far, or the beam below the best
      let thr = -Infinity;
      const ubTop = F[uo + I[oo]];
      for (let s = 0; s < pN; s++) {
        const base = prevScore[s];
        if (base + ubTop < thr) break;
        const j = startCtx ? 0 : stK[pOff + s];
        const b = startCtx ? lm.bos : pI[pIo + j];
        const a = startCtx || reset[i - 1] ? lm.bos : ppI[ppIo + stJ[pOff + s]];
        const row = j * K;
        const bb = order >= 2 ? b : -1;
        // where b sits in the sets of best predecessors
        const tHash = NgramLM.topBit(bb);
        const tWord = tHash >>> 5;
        const tBit = 1 << (tHash & 31);
        // the context record of (a, b) (trigram context index, backoff, a short trigram row to read
        // whole) and the memo rows: from the first pass when it met the same context at this
        // position, else looked up (and noted for the next pass)
        let r = -1;
        let lowOff = -1;
        let triOff = -1;
        let noted = false;
        if (pc && memo.epoch === pc.epoch) {
          for (let e = i * S, end = e + pc.n[i]; e < end; e++) {
            if (pc.a[e] === a && pc.b[e] === b) {
              r = pc.r[e];
              lowOff = pc.low[e];
              triOff = pc.tri[e];
              noted = true;
              break;
            }
          }
        }
        if (!noted) {
          // (a, b) is no trigram context when the bigram is not stored, as the state may know
          const unstored = pOff >= 0 && !startCtx && !reset[i - 1] && stU[pOff + s] === 1;
          if (order >= 3 && !unstored) r = memo.ctx(lm, a, b, TRI_SCAN);
          const search = r >= 0 && memo.recs[4 * r + 3] < 0;
          // bigram scores of the candidates after b, memoised per (entry, b)
          while (ent >= 0) {
            const ep = memo.epoch;
            if (search) triOff = memo.row(ent, memo.recs[4 * r], MEMO_WIDTH);
            if (jStamp[j] === gen && jEpoch[j] === memo.epoch) lowOff = jOff[j];
            else {
              lowOff = jOff[j] = memo.row(ent, -2 - bb, MEMO_WIDTH);
              jStamp[j] = gen;
              jEpoch[j] = memo.epoch;
            }
            // the memo started over while rows were found: find them again
            if (memo.epoch === ep) break;
          }
          if (note && note.n[i] < S) {
            const e = i * S + note.n[i]++;
            note.a[e] = a;
            note.b[e] = b;
            note.r[e] = r;
            note.low[e] = lowOff;
            note.tri[e] = triOff;
          }
        }
        let ctx = -1;
        let bow = 0;
        let tLen = 0;
        let tOff = 0;
        if (r >= 0) {
          const rec = memo.recs;
          ctx = rec[4 * r];
          bow = rec[4 * r + 1] * scale;
          tOff = rec[4 * r + 2];
          tLen = rec[4 * r + 3];
        }
        const search = tLen < 0;
        const arena = memo.arena;
        const hs = cells.nextHit();
        let nh = 0;
        if (tLen > 0) {
          const mW = memo.triW;
          const mQ = memo.triQ;
          for (let t = tOff; t < tOff + tLen; t++) {
            const w = mW[t];
            if (idStamp[w] !== gen) continue;
            const p = -mQ[t] * scale;
            for (let k = idFirst[w]; k >= 0; k = idNext[k]) {
              hitP[k] = p;
              hitSt[k] = hs;
              hitList[nh++] = k;
            }
          }
        }
        // stored trigrams need the bound with trigram scores; the rest that of bigram scores, less the
        // backoff weight of (a, b) (stored as a cost, so never negative)
        const oa = search ? oo : obo;
        const ua = search ? uo : ubo;
        const lim = search ? base : base - bow;
        const end = nh + K;
        for (let q = 0; q < end; q++) {
          let k: number;
          let p3: number;
          if (q < nh) p3 = hitP[(k = hitList[q])];
          else {
            k = I[oa + q - nh];
            if (lim + F[ua + k] < thr) break;
            if (hitSt[k] === hs) continue;
            const sl = I[so + k];
            const w = I[io + k];
            p3 = NaN;
            if (search) {
              // scores as stored codes: a double returned by a call would box p3 in every cell
              let code: number;
              if (sl >= 0) {
                code = arena[triOff + sl];
                if (code === 0) code = arena[triOff + sl] = lm.triCode(ctx, w);
              } else code = lm.triCode(ctx, w);
              if (code > 1) p3 = -(code - 2) * scale;
            }
            if (p3 !== p3) {
              let low: number;
              if (bb < 0) low = uniLp[w];
              else if (sl >= 0) {
                // w's record of best predecessors (see NgramLM.topPredecessors())
                const wr = WORD_REC * w;
                let code = arena[lowOff + sl];
                if (code === 0) {
                  // b among the best predecessors of w: its score is listed; else it is bounded by the cut
                  // of w, or exact when not stored
                  code = wI[wr + 6] >= 256 ? 1 : NOT_TOP;
                  if ((wI[wr + tWord] & tBit) !== 0) {
                    for (let t = wI[wr + 4]; t < wI[wr + 5] && topB[t] <= bb; t++) {
                      if (topB[t] === bb) code = 2 + topQ[t];
                    }
                  }
                  arena[lowOff + sl] = code;
                }
                if (code === NOT_TOP) {
                  // search the bigram table only when the pair may score well enough
                  const cut = wI[wr + 6] >= 256 ? -Infinity : -wI[wr + 6] * scale;
                  const bound = Math.max(cut, uniBow[bb] + wF[wr + 7]) + 1e-6;
                  if ((ctx < 0 ? base : base - bow) + bound - mu * F[fo + k] < thr) continue;
                  code = arena[lowOff + sl] = lm.biCode(bb, w);
                }
                low = code > 1 ? -(code - 2) * scale : uniBow[bb] + wF[wr + 7];
              } else {
                // lower-order scores depend only on (candidate at i-1, candidate at i)
                const x = row + k;
                if (lowStamp[x] === gen) low = lowV[x];
                else {
                  const code = lm.biCode(bb, w);
                  low = lowV[x] = code > 1 ? -(code - 2) * scale : uniBow[bb] + uniLp[w];
                  lowStamp[x] = gen;
                }
              }
              p3 = ctx < 0 ? low : low - bow;
            }
          }
          const sc = base + p3 - mu * F[fo + k];
          // below the running threshold: can be neither among the S best nor within the beam
          if (sc < thr) continue;
          const x = row + k;
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
            thr = c === S ? Math.max(topSc[S - 1], topSc[0] - beam) : topSc[0] - beam;
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
        if (topSc[t] < topSc[0] - beam) continue;
        const x = topIdx[t];
        curScore[n] = topSc[t];
        const jx = (x / K) | 0;
        const kx = x % K;
        stJ[off + n] = jx;
        stK[off + n] = kx;
        bp[off + n] = from[x];
        // the bigram (candidate j, candidate k) is the next position's trigram context: known not
        // stored when its memo code says so
        let un = 0;
        if (ent >= 0 && jStamp[jx] === gen && jEpoch[jx] === memo.epoch && I[so + kx] >= 0) un = memo.arena[jOff[jx] + I[so + kx]] === 1 ? 1 : 0;
        stU[off + n] = un;
        n++;
      }
      const swap = prevScore;
      prevScore = curScore;
      curScore = swap;
      pN = n;
      pOff = off;
      if (startCtx) {
        ppI = bosIds;
        ppIo = 0;
      } else {
        ppI = pI;
        ppIo = pIo;
      }
      pI = I;
      pIo = io;
      pK = K;
    }
    // rows noted before the memo started over are gone
    if (note && memo.epoch !== note.epoch) note.epoch = -1;
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
    const confSum = new Float64Array(lines.length);
    const confN = new Float64Array(lines.length);
    const edits: Change[][] = lines.map(() => []);
    for (let i = 0; i < N; i++) {
      const { line, tok } = toks[i];
      const { F, fo, K } = toks[i].info!;
      const ci = choice[i];
      const c = candOf(toks[i], ci);
      const text = tok.text;
      // "Iy" read for "lý": the capital I was a lower-case l
      const like = text.charCodeAt(0) === 73 && /^I\p{Ll}/u.test(text) && c.out.startsWith('l') ? 'l' + text.slice(1) : text;
      // recase() leaves a word as it is after a token with no capitals
      let to = c.keep || !hasUpper(like) ? c.out : recase(c.out, like);
      if (to !== text && tok.kind === 'word' && sameWord(text, to, toks[i].conf)) to = text;
      if (to !== text) edits[line].push({ from: text, to, col: tok.col });
      if (tok.kind === 'word' || tok.kind === 'other') {
        let margin = Infinity;
        for (let k = 0; k < K; k++) if (k !== ci) margin = Math.min(margin, F[fo + k] - F[fo + ci]);
        confSum[line] += K === 1 ? 1 : 1 / (1 + Math.pow(10, -Math.min(margin, 10) - 0.5));
        confN[line]++;
      }
    }
    const res: DecodedLine[] = new Array(lines.length);
    for (let li = 0; li < lines.length; li++) {
      let text = lines[li];
      const ed = edits[li];
      if (ed.length) {
        // edits come in token order and do not overlap: the line is the text between them and their replacements
        let out = '';
        let at = 0;
        for (const e of ed) {
          out += text.slice(at, e.col) + e.to;
          at = e.col + e.from.length;
        }
        text = out + text.slice(at);
      }
      res[li] = {
        text: text.normalize('NFC'),
        changes: ed,
        confidence: confN[li] ? Number((confSum[li] / confN[li]).toFixed(3)) : 1,
      };
    }
    return res;
  }
}

/** Channel cost (log10) of each letter read back as a digit by digitReading(). */
const DIGIT_LOOK = 0.5;
const HORN_QUOTE = /([uo0])[’'`´‘]/gu;
const LOOKS_DIGIT = /^[0-9OoØøIl|]{2,}$/;
/** A Vietnamese model's noisy digits also read as S (5) and B (8) ("S6" for "56"); mangled text has too many stray S and B. */
const LOOKS_DIGIT_CAPS = /^[0-9OoØøIl|SB]{2,}$/;

/** "0l" -> "01", "Øl" -> "01": a token of digits and letters that look like them, with a real digit or Ø. */
export function digitReading(raw: string, capitals = false): { text: string; subs: number } | null {
  if (!(capitals ? LOOKS_DIGIT_CAPS : LOOKS_DIGIT).test(raw) || !/[0-9Øø]/.test(raw) || /^[0-9]+$/.test(raw)) return null;
  let subs = 0;
  const text = raw.replace(capitals ? /[OoØøIl|SB]/g : /[OoØøIl|]/g, (c) => {
    subs++;
    return /[OoØø]/.test(c) ? '0' : c === 'S' ? '5' : c === 'B' ? '8' : '1';
  });
  return { text, subs };
}

const Y_FOR_I: Record<string, string> = { i: 'y', í: 'ý', ì: 'ỳ', ỉ: 'ỷ', ĩ: 'ỹ', ị: 'ỵ' };

/**
 * The word as printed and the decoder's word are one word spelled two accepted ways: the tone mark placed
 * the old way ("Uỷ", "hoà" for "Ủy", "hòa"), or, read confidently, a final i for y after a consonant ("quản
 * lí", "kĩ thuật"). The document's own spelling stays.
 */
function sameWord(printed: string, decoded: string, conf: number | undefined): boolean {
  if (normTone(printed) === decoded) return true;
  if (conf === undefined || conf < SPELLING_CONF) return false;
  const m = printed.match(/^([bcdđghklmnpqrstvx]+)([iíìỉĩị])$/iu);
  return !!m && decoded === m[1] + (m[2] === m[2].toUpperCase() ? Y_FOR_I[m[2].toLowerCase()].toUpperCase() : Y_FOR_I[m[2]]);
}
/** OCR confidence from which a printed final i is taken as the document's spelling (see sameWord) */
const SPELLING_CONF = 90;

/** Whether s has a character that toLowerCase() changes (a quick pass for ASCII). */
function hasUpper(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) return true;
    if (c >= 128) return s !== s.toLowerCase();
  }
  return false;
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
  /** per LM id: stamped when a candidate of the position has it; its first candidate */
  idStamp = new Int32Array(0);
  idFirst = new Int32Array(0);
  /** per candidate: the next one with the same id; per-state trigram hits (stamp, score) and their list */
  idNext = new Int32Array(0);
  hitSt = new Int32Array(0);
  hitP = new Float64Array(0);
  hitList = new Int32Array(0);
  /** per candidate j at i-1: memo row of its bigram scores (position stamp, offset, memo epoch) */
  jStamp = new Int32Array(0);
  jOff = new Int32Array(0);
  jEpoch = new Int32Array(0);
  private gen = 1;
  private hit = 1;

  ensure(n: number, k: number): void {
    if (this.idNext.length < k) {
      const m = Math.max(64, k * 2);
      this.idNext = new Int32Array(m);
      this.hitSt = new Int32Array(m);
      this.hitP = new Float64Array(m);
      this.hitList = new Int32Array(m);
      this.jStamp = new Int32Array(m);
      this.jOff = new Int32Array(m);
      this.jEpoch = new Int32Array(m);
      this.hit = 1;
    }
    if (this.score.length >= n) return;
    const m = Math.max(1024, n * 2);
    this.score = new Float64Array(m);
    this.from = new Int32Array(m);
    this.lowV = new Float64Array(m);
    this.stamp = new Int32Array(m);
    this.lowStamp = new Int32Array(m);
    this.touched = new Int32Array(m);
  }

  ensureIds(v: number): void {
    if (this.idStamp.length >= v) return;
    this.idStamp = new Int32Array(v);
    this.idFirst = new Int32Array(v);
  }

  next(): number {
    this.gen += 2;
    if (this.gen > 0x3ffffff0) {
      this.stamp.fill(0);
      this.lowStamp.fill(0);
      this.idStamp.fill(0);
      this.jStamp.fill(0);
      this.gen = 3;
    }
    return this.gen;
  }

  nextHit(): number {
    if (++this.hit > 0x3ffffff0) {
      this.hitSt.fill(0);
      this.hit = 1;
    }
    return this.hit;
  }
}

/** Per position of a stream, the contexts (a, b) its states had in the first pass, with their context record and memo rows. */
class Notes {
  a = new Int32Array(0);
  b = new Int32Array(0);
  r = new Int32Array(0);
  low = new Int32Array(0);
  tri = new Int32Array(0);
  n = new Int32Array(0);
  /** the memo epoch they were noted in */
  epoch = -1;

  start(size: number, positions: number, epoch: number): Notes {
    if (this.a.length < size) {
      this.a = new Int32Array(size);
      this.b = new Int32Array(size);
      this.r = new Int32Array(size);
      this.low = new Int32Array(size);
      this.tri = new Int32Array(size);
    }
    if (this.n.length < positions) this.n = new Int32Array(positions);
    this.n.fill(0, 0, positions);
    this.epoch = epoch;
    return this;
  }
}

/**
 * LM scores within one document, as stored bytes (code 0: not looked up yet, 1: not stored, 2 + byte):
 * rows per (entry, context) with a cell per candidate of the entry, and per trigram context (a, b)
 * its index, backoff byte and, when short, a copy of its trigram row. Repeated phrases and the
 * second pass read these instead of the LM tables.
 */
class LmMemo {
  arena = new Uint16Array(1 << 16);
  /** counts the times the memo started over */
  epoch = 0;
  /** per document: entries are numbered when their generation is this */
  private gen = 1;
  private nEnt = 0;
  private used = 0;
  // open addressing on (entry, context key) -> arena offset, a slot of four: entry (-1: free), key,
  // offset, unused (one cache line read per probe, not three)
  private hTab = new Int32Array(4 << 14).fill(-1);
  private count = 0;
  // open addressing on a * V + b -> context record
  private cTab = new Int32Array(1 << 13).fill(-1);
  private cCount = 0;
  private tabs?: ReturnType<NgramLM['tables']>;
  /** context records: [trigram context index, backoff byte, offset of the row copy, its length (-1: long)] */
  recs = new Int32Array(1 << 12);
  private nRec = 0;
  /** copies of short trigram rows: words and bytes */
  triW = new Uint16Array(1 << 14);
  triQ = new Uint8Array(1 << 14);
  private nTri = 0;

  /** Forget the scores (a new document); the buffers stay. */
  reset(): void {
    this.arena.fill(0, 0, this.used);
    this.used = 0;
    this.gen++;
    this.nEnt = 0;
    if (this.count) this.hTab.fill(-1);
    this.count = 0;
    if (this.cCount) this.cTab.fill(-1);
    this.cCount = 0;
    this.nRec = 0;
    this.nTri = 0;
  }

  entry(e: Entry): number {
    if (e.mg !== this.gen) {
      e.mg = this.gen;
      e.mid = this.nEnt++;
    }
    return e.mid!;
  }

  /** The record of context (a, b) (see recs); lm.ctx and the trigram row looked up once per document. */
  ctx(lm: NgramLM, a: number, b: number, rowMax: number): number {
    const key = a * lm.vocab.length + b;
    // slots of two: key (-1: free), record
    let tab = this.cTab;
    let mask = (tab.length >> 1) - 1;
    let h = Math.imul(key, 0x9e3779b1);
    h = (h ^ (h >>> 15)) & mask;
    while (tab[2 * h] !== -1) {
      if (tab[2 * h] === key) return tab[2 * h + 1];
      h = (h + 1) & mask;
    }
    if (2 * (this.cCount + 1) > mask + 1) {
      const old = tab;
      tab = this.cTab = new Int32Array(old.length * 2).fill(-1);
      mask = (tab.length >> 1) - 1;
      for (let x = 0; x < old.length; x += 2) {
        if (old[x] === -1) continue;
        let g = Math.imul(old[x], 0x9e3779b1);
        g = (g ^ (g >>> 15)) & mask;
        while (tab[2 * g] !== -1) g = (g + 1) & mask;
        tab[2 * g] = old[x];
        tab[2 * g + 1] = old[x + 1];
      }
      h = Math.imul(key, 0x9e3779b1);
      h = (h ^ (h >>> 15)) & mask;
      while (tab[2 * h] !== -1) h = (h + 1) & mask;
    }
    const r = this.nRec++;
    if (4 * this.nRec > this.recs.length) {
      const a2 = new Int32Array(this.recs.length * 2);
      a2.set(this.recs);
      this.recs = a2;
    }
    const j = lm.ctx(a, b);
    const rec = this.recs;
    rec[4 * r] = j;
    rec[4 * r + 1] = 0;
    rec[4 * r + 2] = 0;
    rec[4 * r + 3] = 0;
    if (j >= 0) {
      const t = (this.tabs ??= lm.tables());
      rec[4 * r + 1] = t.biBow[j];
      const t0 = t.triStart[j];
      const n = t.triStart[j + 1] - t0;
      if (n > rowMax) rec[4 * r + 3] = -1;
      else {
        if (this.nTri + n > this.triW.length) {
          const w = new Uint16Array(Math.max(2 * this.triW.length, this.nTri + n));
          const q = new Uint8Array(w.length);
          w.set(this.triW);
          q.set(this.triQ);
          this.triW = w;
          this.triQ = q;
        }
        const mW = this.triW;
        const mQ = this.triQ;
        const lW = t.triW;
        const lQ = t.triLp;
        const at = this.nTri;
        for (let x = 0; x < n; x++) {
          mW[at + x] = lW[t0 + x];
          mQ[at + x] = lQ[t0 + x];
        }
        rec[4 * r + 2] = at;
        rec[4 * r + 3] = n;
        this.nTri = at + n;
      }
    }
    tab[2 * h] = key;
    tab[2 * h + 1] = r;
    this.cCount++;
    return r;
  }

  /** Offset of the row of entry `ent` under context key `key` (width cells, code 0 until scored). */
  row(ent: number, key: number, width: number): number {
    let tab = this.hTab;
    let mask = (tab.length >> 2) - 1;
    let h = (Math.imul(ent, 0x9e3779b1) ^ Math.imul(key, 0x85ebca6b)) >>> 0;
    h = (h ^ (h >>> 15)) & mask;
    while (tab[4 * h] !== -1) {
      if (tab[4 * h] === ent && tab[4 * h + 1] === key) return tab[4 * h + 2];
      h = (h + 1) & mask;
    }
    let moved = false;
    if (this.used + width > this.arena.length) {
      if (this.arena.length >= 1 << 22) {
        moved = true;
        // bounded memory on long blocks: start over
        this.arena.fill(0);
        this.used = 0;
        this.epoch++;
        tab.fill(-1);
        this.count = 0;
      } else {
        const a = new Uint16Array(this.arena.length * 2);
        a.set(this.arena);
        this.arena = a;
      }
    }
    if (2 * (this.count + 1) > mask + 1) {
      this.grow();
      tab = this.hTab;
      mask = (tab.length >> 2) - 1;
      moved = true;
    }
    if (moved) {
      // the table was cleared or rebuilt: find the free place again
      h = (Math.imul(ent, 0x9e3779b1) ^ Math.imul(key, 0x85ebca6b)) >>> 0;
      h = (h ^ (h >>> 15)) & mask;
      while (tab[4 * h] !== -1) h = (h + 1) & mask;
    }
    const off = this.used;
    this.used += width;
    tab[4 * h] = ent;
    tab[4 * h + 1] = key;
    tab[4 * h + 2] = off;
    this.count++;
    return off;
  }

  private grow(): void {
    const old = this.hTab;
    const tab = (this.hTab = new Int32Array(old.length * 2).fill(-1));
    const mask = (tab.length >> 2) - 1;
    for (let x = 0; x < old.length; x += 4) {
      if (old[x] === -1) continue;
      let h = (Math.imul(old[x], 0x9e3779b1) ^ Math.imul(old[x + 1], 0x85ebca6b)) >>> 0;
      h = (h ^ (h >>> 15)) & mask;
      while (tab[4 * h] !== -1) h = (h + 1) & mask;
      tab[4 * h] = old[x];
      tab[4 * h + 1] = old[x + 1];
      tab[4 * h + 2] = old[x + 2];
    }
  }
}

/**
 * Typed views of a candidate list: I holds ids, ord, ordB, memo cells (-1: none) and maybe slots, K each from io;
 * F holds channel costs, ub and ubB, K each from fo. Lists cached across documents own their
 * arrays; per-document lists (adapted, with OCR confidences) share the chunks of an InfoPool.
 */
interface CandInfo {
  mu: number;
  K: number;
  I: Int32Array;
  io: number;
  F: Float64Array;
  fo: number;
  /** where I holds each candidate's slot in its entry (lists re-ranked per document keep no Cand array); -1: none */
  src: number;
}

/** Chunks for the typed views of per-document candidate lists, reused from document to document. */
class InfoPool {
  private iChunks: Int32Array[] = [];
  private fChunks: Float64Array[] = [];
  private ci = 0;
  private cf = 0;
  private oi = 0;
  private of = 0;
  private static readonly CHUNK = 1 << 15;

  reset(): void {
    this.ci = 0;
    this.cf = 0;
    this.oi = 0;
    this.of = 0;
  }

  make(K: number, mu: number, slots: boolean): CandInfo {
    const ni = (slots ? 5 : 4) * K;
    const nf = 3 * K;
    if (this.ci >= this.iChunks.length || this.oi + ni > this.iChunks[this.ci].length) {
      if (this.ci < this.iChunks.length) this.ci++;
      this.oi = 0;
      if (this.ci >= this.iChunks.length || this.iChunks[this.ci].length < ni) this.iChunks[this.ci] = new Int32Array(Math.max(InfoPool.CHUNK, ni));
    }
    if (this.cf >= this.fChunks.length || this.of + nf > this.fChunks[this.cf].length) {
      if (this.cf < this.fChunks.length) this.cf++;
      this.of = 0;
      if (this.cf >= this.fChunks.length || this.fChunks[this.cf].length < nf) this.fChunks[this.cf] = new Float64Array(Math.max(InfoPool.CHUNK, nf));
    }
    const info = { mu, K, I: this.iChunks[this.ci], io: this.oi, F: this.fChunks[this.cf], fo: this.of, src: slots ? this.oi + 4 * K : -1 };
    this.oi += ni;
    this.of += nf;
    return info;
  }
}

/** memo code of a bigram not among the best of its word's predecessors, not searched yet */
const NOT_TOP = 0xffff;
/** cells of a memo row: the candidates an entry ever offers beyond this many are scored unmemoised */
const MEMO_WIDTH = 32;
/** trigram rows up to this long are read whole for a state; longer ones are searched per candidate */
const TRI_SCAN = 64;

/**
 * Fills the views of a list from its LM ids, channel costs and slots in `entry` (slots null: the
 * list is not memoised). ub bounds what a candidate can add (best LM score of the word minus
 * channel), ubB the same without trigram scores; ord and ordB sort by them, best first, ties by position.
 */
function fillInfo(info: CandInfo, ids: Int32Array, chs: Float64Array, slots: Int32Array | null, maxLp: Float64Array, maxBi: Float64Array, entry?: Entry): void {
  const { K, I, io, F, fo, mu } = info;
  const memo = slots !== null && entry !== undefined;
  if (memo && !entry!.cell) {
    entry!.cell = new Int8Array(entry!.pool.length + 2).fill(-1);
    entry!.cells = 0;
  }
  for (let k = 0; k < K; k++) {
    const w = ids[k];
    const ch = chs[k];
    I[io + k] = w;
    F[fo + k] = ch;
    F[fo + K + k] = maxLp[w] - mu * ch;
    F[fo + 2 * K + k] = maxBi[w] - mu * ch;
    let x = -1;
    if (memo) {
      const e = entry!;
      const sl = slots![k];
      x = e.cell![sl];
      if (x < 0 && e.cells! < MEMO_WIDTH) x = e.cell![sl] = e.cells!++;
    }
    I[io + 3 * K + k] = x;
    if (info.src >= 0) I[info.src + k] = slots![k];
  }
  byBound(F, fo + K, I, io + K, K);
  byBound(F, fo + 2 * K, I, io + 2 * K, K);
}

/** Indices 0..K-1 by the bounds F[fo..], best first, ties by position, into I[io..] (insertion sort: lists are short). */
function byBound(F: Float64Array, fo: number, I: Int32Array, io: number, K: number): void {
  for (let k = 0; k < K; k++) {
    const v = F[fo + k];
    let p = k;
    while (p > 0 && F[fo + I[io + p - 1]] < v) {
      I[io + p] = I[io + p - 1];
      p--;
    }
    I[io + p] = k;
  }
}

/** Scratch for fillInfo() callers. */
const scratch = { ids: new Int32Array(64), chs: new Float64Array(64), slots: new Int32Array(64) };
function scratchFor(K: number): typeof scratch {
  if (scratch.ids.length < K) {
    scratch.ids = new Int32Array(2 * K);
    scratch.chs = new Float64Array(2 * K);
    scratch.slots = new Int32Array(2 * K);
  }
  return scratch;
}

/** The views of a list cached across documents, kept on the list itself (lists are shared by repeated tokens). */
function listInfo(cands: Cand[], mu: number, maxLp: Float64Array, maxBi: Float64Array, entry?: Entry): CandInfo {
  const held = cands as Cand[] & { info?: CandInfo };
  const have = held.info;
  if (have && have.mu === mu) return have;
  const K = cands.length;
  const sc = scratchFor(K);
  let memo = entry !== undefined;
  for (let k = 0; k < K; k++) {
    sc.ids[k] = cands[k].lm;
    sc.chs[k] = cands[k].ch;
    const sl = cands[k].slot;
    if (sl === undefined) memo = false;
    else sc.slots[k] = sl;
  }
  // with the slots in the entry when memoised (candOf() then reads them like those of adapted lists)
  const info = { mu, K, I: new Int32Array((memo ? 5 : 4) * K), io: 0, F: new Float64Array(3 * K), fo: 0, src: memo ? 4 * K : -1 };
  fillInfo(info, sc.ids, sc.chs, memo ? sc.slots : null, maxLp, maxBi, entry);
  held.info = info;
  return info;
}

/** Candidate k of a token's list in force. */
function candOf(t: StreamTok, k: number): Cand {
  const info = t.info!;
  if (info.src < 0) return t.cands[k];
  const e = t.entry!;
  const sl = info.I[info.src + k];
  return sl < e.pool.length ? e.pool[sl] : sl === e.pool.length ? e.self! : e.keepCand!;
}

let uniformCh: Channel | null = null;
function uniform(_m: RepairModel): Channel {
  if (!uniformCh) uniformCh = Channel.uniformChannel();
  return uniformCh;
}

export { isCode };
