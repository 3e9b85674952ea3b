// Candidate readings of one token: the syllables of the inventory near what was printed (through the
// channel's letter confusions and the deletion index), ranked by channel cost plus a little unigram
// prior, plus the token as printed. Cached per channel by token text across documents.
import type { Channel, Op } from '../channel.js';
import { deletions, type RepairModel } from '../model.js';
import { fold, isCode, normTone, type Token } from '../text.js';
import { CAND_BEAM, MAX_CANDIDATES, PRIOR, type DecodeOptions } from './options.js';
import { DIGIT_LOOK, ROMAN, digitReading, romanFix } from './readings.js';
import type { Cand, Entry, PoolCand } from './types.js';

const SEP = '\u0001';
const QUOTES = /['’‘`´"“”]/g;
/** the horn of ư and ơ read as a quote after the letter ("phu’0’ng" for "phường") */
const HORN_QUOTE = /([uo0])[’'`´‘]/gu;
/** a unit with a superscript power: m², km², cm³, m³/s */
const UNIT = /^\p{L}{0,3}[²³](?:\/\p{L}{1,3})?$/u;
/** Largest channel cost (log10) of a letter read back as another in letterVariants(). */
const LETTER_READ_MAX = 2;
/** channel cost added per reading after the first (the token as printed) */
const READING_COST = 0.3;

/** Channel keys of substitutions seen in candidate alignments, numbered in order of first use. */
export class SubstitutionIds {
  private ids = new Map<string, number>();
  /** the key of each number */
  readonly keys: string[] = [];

  of(keys: string[]): Int32Array {
    const a = new Int32Array(keys.length);
    for (let i = 0; i < keys.length; i++) a[i] = this.id(keys[i]);
    return a;
  }

  private id(key: string): number {
    let x = this.ids.get(key);
    if (x === undefined) {
      this.ids.set(key, (x = this.ids.size));
      this.keys.push(key);
    }
    return x;
  }
}

/** Syllables found for a token, in the order found, with the best cost over its readings. */
interface Scored {
  ids: Int32Array;
  costs: Float64Array;
  /** the reading that gave the cost */
  reading: Int32Array;
  fromTable: Uint8Array;
  /** channel cost less PRIOR times the unigram log10 probability */
  rank: Float64Array;
}

export class CandidateGenerator {
  readonly substitutions = new SubstitutionIds();
  /** Entry of the last token looked up through the cache (read by the stream builder). */
  lastEntry: Entry | undefined;
  private caches = new Map<string, Map<string, Entry>>();
  private letterReadsMemo = new Map<string, string[]>();
  private readonly unknownId: number;
  private readonly numberId: number;
  private readonly codeId: number;
  private readonly punctId: number;

  constructor(private readonly model: RepairModel) {
    this.unknownId = model.lm.id('<u>');
    this.numberId = model.lm.id('<n>');
    this.codeId = model.lm.id('<c>');
    this.punctId = model.lm.id('<p>');
  }

  /** Candidate analyses of one token, best channel first. */
  candidates(tok: Token, ch: Channel, opt: DecodeOptions, conf?: number): Cand[] {
    const lm = this.model.lm;
    const raw = tok.text;
    if (tok.kind === 'punct') {
      const id = lm.ids.get(raw);
      const self: Cand = { out: raw, id: id ?? this.punctId, cost: 0, keep: true };
      // a lone symbol may be a letter read wrong ("&" for "ở") when the engine had no Vietnamese model
      if (ch.name !== 'eng' || id !== undefined || !ch.readsAs.has(raw)) return [self];
      return this.cached(raw, raw, ch, opt, self);
    }
    if (tok.kind === 'num') {
      const self: Cand = { out: raw, id: this.numberId, cost: 0, keep: true };
      if (ch.name !== 'eng' || raw.length > 3 || !/^\d+$/.test(raw)) return [self];
      // short digit runs inside words ("18" for "lệ", "3" for "đã"): the LM decides
      return this.cached(raw, raw, ch, opt, self);
    }
    // units written with a superscript ("m²", "km²", "m³"): a symbol, not a syllable read wrong
    if (UNIT.test(raw)) return [{ out: raw, id: this.unknownId, cost: 0, keep: true }];
    if (isCode(raw)) return [{ out: opt.keepWritten ? raw : this.fixCode(raw, ch), id: this.codeId, cost: 0, keep: true }];
    const upper = raw === raw.toUpperCase() && raw !== raw.toLowerCase();
    const lower = raw.toLowerCase().normalize('NFC');
    const skel = fold(lower).replace(QUOTES, '');
    if (upper && raw.length > 1 && /^\p{L}+$/u.test(raw) && !this.model.bySkeleton.has(skel)) {
      const form = this.abbrevFor(raw, ch);
      if (form) return [{ out: form, id: lm.ids.get(form.toLowerCase()) ?? this.unknownId, cost: 0, keep: true }];
    }
    if (ROMAN.test(raw) && !this.model.bySkeleton.has(skel)) return [{ out: raw, id: this.unknownId, cost: 0, keep: true }];
    const roman = romanFix(raw);
    if (roman) return [{ out: roman, id: this.unknownId, cost: 0, keep: true }];
    // a number with digits read as look-alike letters ("0l" for "01", "2O25"): one more reading, the LM
    // weighs it against the syllables ("ngày 0l tháng" is a date, "l0" in mangled text may be "lơ")
    const digits = digitReading(raw, ch.name === 'vie');
    if (digits)
      return this.cached(raw, lower, ch, opt, { out: digits.text, id: this.numberId, cost: digits.subs * DIGIT_LOOK, keep: true });
    // a numbered article or clause with a letter ("Điều 21a", "khoản 3b"): a Vietnamese model reads digits
    // as digits, so (a look-alike letter aside, above) this is no misread syllable
    if (ch.name === 'vie' && /^\d{1,3}[a-zđ]$/.test(raw)) return [{ out: raw, id: this.numberId, cost: 0, keep: true }];
    if (conf !== undefined && opt.trustConfidence !== undefined && conf >= opt.trustConfidence) {
      const id = lm.ids.get(normTone(lower));
      if (id !== undefined && this.model.bySkeleton.has(skel)) return [{ out: normTone(lower), id, cost: 0, keep: false }];
    }
    return this.cached(raw, lower, ch, opt);
  }

  /** Codes keep their shape; their letter parts get proper abbreviation letters (QD-UBND -> QĐ-UBND). */
  fixCode(raw: string, ch: Channel): string {
    const head = raw.match(/^[IVX][IVXLl1]+(?=\/)/);
    if (head && romanFix(head[0])) raw = romanFix(head[0]) + raw.slice(head[0].length);
    return raw.replace(/\p{L}+/gu, (part) => {
      if (part.length < 2 || !/^\p{Lu}/u.test(part)) return part;
      // a word printed in Title case ("Covid-19") is written that way, not an abbreviation misread
      if (/^\p{Lu}\p{Ll}{3,}$/u.test(part)) return part;
      return this.abbrevFor(part, ch) ?? part;
    });
  }

  /** The abbreviation an upper-case token stands for, allowing one misread Đ ("HPND" -> "HĐND"). */
  abbrevFor(raw: string, ch: Channel): string | undefined {
    const abbrev = this.model.abbrev;
    const direct = abbrev.get(fold(raw).toUpperCase());
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
      const form = abbrev.get(fold(raw.slice(0, i) + 'D' + raw.slice(i + 1)).toUpperCase());
      // the letter taken for a misread Đ must be that Đ ("NB" -> "NĐ"; "BYT-DP" is not "ĐD")
      if (form && form.length === raw.length && form[i] === 'Đ') {
        best = form;
        bestCost = cost;
      }
    }
    return best;
  }

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

  /** The entry of a token: a pool of the 2K syllables ranked best, and the K of them a pass starts with. */
  private generate(lower: string, raw: string, ch: Channel, K: number, self?: Cand): Entry {
    const readings = this.readingsOf(lower, raw, ch);
    const scored = this.score(this.syllablesNear(readings, ch), readings, ch);
    const pool = this.pool(scored, readings, ch, 2 * K);
    let keepCand: Cand | undefined;
    const selfId = this.model.lm.ids.get(normTone(lower));
    const isKnown = selfId !== undefined && this.model.bySkeleton.has(fold(lower));
    if (!isKnown && !self) {
      // the token as printed: a name, a Latin word, an abbreviation the tables do not know
      const id = this.model.lm.ids.get(lower) ?? this.unknownId;
      keepCand = { out: raw, id, cost: ch.d.keep + (/[^\p{L}]/u.test(raw) ? ch.d.keep : 0), keep: true, slot: pool.length + 1 };
    }
    if (self) self.slot = pool.length;
    // every field present from the start: entries share one shape where the Viterbi reads them
    const e: Entry = {
      pool,
      keepCand,
      self,
      cands: [],
      memoCell: undefined,
      memoCells: 0,
      memoDoc: 0,
      memoId: 0,
      adaptedIn: 0,
      adaptedInfo: undefined,
      flat: undefined,
    };
    e.cands = this.select(e, K);
    return e;
  }

  /** The token as printed, and what it may stand for when read otherwise (I for l, a quote for a horn). */
  private readingsOf(lower: string, raw: string, ch: Channel): string[] {
    const readings = [lower];
    // a capital I inside a lower-case word is often a misread l ("Iy" for "lý")
    if (ch.name === 'eng' && /I/.test(raw) && raw !== raw.toUpperCase()) readings.push(raw.replace(/I/g, 'l').toLowerCase());
    const horned = lower.replace(HORN_QUOTE, (_, c: string) => (c === 'u' ? 'ư' : 'ơ'));
    if (horned !== lower) readings.push(horned);
    return readings;
  }

  /** LM ids of the syllables near any reading, in the order found. */
  private syllablesNear(readings: string[], ch: Channel): Set<number> {
    const lm = this.model.lm;
    const found = new Set<number>();
    for (const r of readings) {
      const vs = this.variants(r, ch);
      for (const v of vs) this.lookup(v, found);
      // a token that is no syllable may hold two misread letters ("trwdc" for "trước"): one letter read
      // back through the channel, the deletion index covers the other
      if (ch.name === 'eng' && !this.model.bySkeleton.has(fold(r).replace(QUOTES, ''))) {
        for (const v of vs) for (const w of this.letterVariants(v, ch)) this.lookup(w, found);
      }
      const tok = ch.tokens.get(r);
      if (tok) {
        for (const t of tok.keys()) {
          const id = lm.ids.get(t);
          if (id !== undefined) found.add(id);
        }
      }
    }
    return found;
  }

  /** Each syllable's cheapest channel cost over the readings (alignment or whole-token table) and its rank. */
  private score(found: Set<number>, readings: string[], ch: Channel): Scored {
    const lm = this.model.lm;
    const n = found.size;
    const s: Scored = {
      ids: new Int32Array(n),
      costs: new Float64Array(n),
      reading: new Int32Array(n),
      fromTable: new Uint8Array(n),
      rank: new Float64Array(n),
    };
    let x = 0;
    for (const id of found) {
      const syl = lm.vocab[id];
      let bestCost = Infinity;
      let bestReading = 0;
      let bestFromTable = 0;
      for (let r = 0; r < readings.length; r++) {
        let cost = ch.cost(syl, readings[r]) + r * READING_COST;
        let fromTable = 0;
        const tableCost = ch.tokenCost(syl, readings[r]);
        if (tableCost !== undefined && tableCost + r * READING_COST < cost) {
          cost = tableCost + r * READING_COST;
          fromTable = 1;
        }
        if (cost < bestCost) {
          bestCost = cost;
          bestReading = r;
          bestFromTable = fromTable;
        }
      }
      s.ids[x] = id;
      s.costs[x] = bestCost;
      s.reading[x] = bestReading;
      s.fromTable[x] = bestFromTable;
      s.rank[x] = bestCost - PRIOR * lm.unigram(id);
      x++;
    }
    return s;
  }

  /** The `size` best by rank, ties in the order found (a stable sort of all would give the same), with their substitutions. */
  private pool(s: Scored, readings: string[], ch: Channel, size: number): PoolCand[] {
    const lm = this.model.lm;
    const n = s.ids.length;
    const P = Math.min(n, size);
    let cut = Infinity;
    if (n > P) cut = nth(Float64Array.from(s.rank), P - 1);
    const order: number[] = [];
    for (let y = 0; y < n; y++) if (s.rank[y] <= cut) order.push(y);
    order.sort((a, b) => s.rank[a] - s.rank[b] || a - b);
    order.length = Math.min(order.length, P);
    return order.map((y, slot) => {
      const ops: Op[] = [];
      const syl = lm.vocab[s.ids[y]];
      if (!s.fromTable[y] && !ch.uniform) ch.cost(syl, readings[s.reading[y]], ops);
      const keys = ops.filter((o) => o.t.length === 1 && o.o.length === 1).map((o) => o.t + SEP + o.o);
      return {
        out: syl,
        id: s.ids[y],
        cost: s.costs[y],
        keep: false,
        slot,
        fromTable: s.fromTable[y] === 1,
        subKeys: keys,
        subIds: this.substitutions.of(keys),
      };
    });
  }

  /** The K best of the pool by rank within CAND_BEAM of the best, after self and before the keep candidate. */
  private select(e: Entry, K: number): Cand[] {
    const lm = this.model.lm;
    const rank = (c: Cand): number => c.cost - PRIOR * lm.unigram(c.id);
    const sorted = [...e.pool].sort((a, b) => rank(a) - rank(b));
    const best = sorted.length ? rank(sorted[0]) : 0;
    const kept: Cand[] = sorted.filter((c, i) => i < K && rank(c) <= best + CAND_BEAM);
    if (e.self) kept.unshift(e.self);
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
      if (/['’‘`´"“”]/.test(c)) {
        rec(i + 1, acc);
        return;
      }
      if (/\p{L}/u.test(c)) {
        rec(i + 1, acc + fold(c));
        return;
      }
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

  /** Adds the syllables with skeleton v, or one or two letters away from it (deletion index), to found. */
  private lookup(v: string, found: Set<number>): void {
    const { bySkeleton, byDeletion } = this.model;
    const add = (sk: string): void => {
      const ids = bySkeleton.get(sk);
      if (ids) for (const id of ids) found.add(id);
    };
    add(v);
    const dv = byDeletion.get(v);
    if (dv) for (const sk of dv) add(sk);
    if (v.length >= 2) {
      for (const d of deletions(v)) {
        add(d);
        const dd = byDeletion.get(d);
        if (dd) for (const sk of dd) add(sk);
      }
    }
  }
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
