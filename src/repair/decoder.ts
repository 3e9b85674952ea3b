// Noisy-channel decoder: per token, candidate syllables from the inventory near the observed token;
// Viterbi over the token stream (lines joined: a sentence runs on across line breaks) with
// trigram LM + channel scores; the best path is written back into each line, case restored.
import { Channel } from './channel.js';
import { deletions, type RepairModel } from './model.js';
import { fold, normTone, recase, tokenize, type Token } from './text.js';

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
  /** second pass with the channel adapted to the document (default on) */
  adapt?: boolean;
  /** fewest word tokens for adaptation; prior weight (pseudo-counts) of the learned channel */
  adaptMin?: number;
  adaptWeight?: number;
}

interface StreamTok {
  line: number;
  tok: Token;
  cands: Cand[];
}

interface Cand {
  /** output text (lowercase syllable, or the token itself) */
  out: string;
  lm: number;
  ch: number;
  keep: boolean;
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

const QUOTES = /['’‘`´"“”]/g;
const ROMAN = /^(?=[ivxlcIVXLC]{2,})(X{0,3}(IX|IV|V?I{0,3})|x{0,3}(ix|iv|v?i{0,3}))$/;
const BREAK = -1;
/** Viterbi pruning: score beam (log10) and most states kept per position */
const BEAM = 7;
const MAX_STATES = 20;
/** weight of the unigram prior when ranking a token's candidates */
const PRIOR = 0.6;
const MAX_CANDIDATES = 24;

export class Decoder {
  readonly m: RepairModel;
  private caches = new Map<string, Map<string, Cand[]>>();
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
      return [self, ...this.cached(raw, raw, ch, opt).filter((c) => !c.keep)];
    }
    if (tok.kind === 'num') {
      const self: Cand = { out: raw, lm: this.idN, ch: 0, keep: true };
      if (ch.name !== 'eng' || raw.length > 3 || !/^\d+$/.test(raw)) return [self];
      // short digit runs inside words ("18" for "lệ", "3" for "đã"): the LM decides
      return [self, ...this.cached(raw, raw, ch, opt).filter((c) => !c.keep)];
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
    if (conf !== undefined && opt.trustConfidence !== undefined && conf >= opt.trustConfidence) {
      const id = lm.ids.get(normTone(lower));
      if (id !== undefined && this.m.bySkeleton.has(skel)) return [{ out: normTone(lower), lm: id, ch: 0, keep: false }];
    }
    return this.cached(raw, lower, ch, opt);
  }

  private cached(raw: string, lower: string, ch: Channel, opt: DecodeOptions): Cand[] {
    const name = ch.name + (ch.uniform ? '/u' : ch.adapted ? '/adapted' : '');
    let cache = this.caches.get(name);
    if (!cache) this.caches.set(name, (cache = new Map()));
    let cands = cache.get(raw);
    if (!cands) {
      cands = this.generate(lower, raw, ch, opt.maxCandidates ?? MAX_CANDIDATES);
      if (cache.size > 200000) cache.clear();
      cache.set(raw, cands);
    }
    return cands;
  }

  private generate(lower: string, raw: string, ch: Channel, K: number): Cand[] {
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
    const out: Cand[] = [];
    for (const id of found) {
      const syl = lm.vocab[id];
      let c = Infinity;
      for (let r = 0; r < readings.length; r++) {
        let cr = ch.cost(syl, readings[r]);
        const tc = ch.tokenCost(syl, readings[r]);
        if (tc !== undefined && tc < cr) cr = tc;
        cr += r * 0.3;
        if (cr < c) c = cr;
      }
      out.push({ out: syl, lm: id, ch: c, keep: false });
    }
    // rank by channel plus a little unigram prior, keep the best K within a beam
    const rank = (c: Cand): number => c.ch - PRIOR * lm.unigram(c.lm);
    out.sort((a, b) => rank(a) - rank(b));
    const best = out.length ? rank(out[0]) : 0;
    const kept = out.filter((c, i) => i < K && rank(c) <= best + 6);
    const self = lm.ids.get(normTone(lower));
    const isKnown = self !== undefined && this.m.bySkeleton.has(fold(lower));
    if (!isKnown) {
      // the token as printed: a name, a Latin word, an abbreviation the tables do not know
      const id = lm.ids.get(lower) ?? this.idLt;
      kept.push({ out: raw, lm: id, ch: ch.d.keep + (/[^\p{L}]/u.test(raw) ? ch.d.keep : 0), keep: true });
    }
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
    return raw.replace(/\p{L}+/gu, (part) => {
      if (part.length < 2 || !/^\p{Lu}/u.test(part)) return part;
      return this.abbrevFor(part, ch) ?? part;
    });
  }

  /** The abbreviation an upper-case token stands for, allowing one letter misread ("HPND" -> "HĐND"). */
  abbrevFor(raw: string, ch: Channel): string | undefined {
    const key = fold(raw).toUpperCase();
    const direct = this.m.abbrev.get(key);
    if (direct) return direct;
    if (raw.length < 2 || raw.length > 8) return undefined;
    const chars = [...raw];
    for (let i = 0; i < chars.length; i++) {
      const alts = ch.readsAs.get(chars[i]) ?? ch.readsAs.get(chars[i].toLowerCase()) ?? [];
      for (const t of alts.slice(0, 4)) {
        const k2 = fold([...chars.slice(0, i), t, ...chars.slice(i + 1)].join('')).toUpperCase();
        const form = this.m.abbrev.get(k2);
        if (form) return form;
      }
    }
    return undefined;
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
    lines.forEach((line, li) => {
      const ts = tokenize(line);
      const conf = confidences?.[li];
      if (ts.length === 0) starts.push(toks.length);
      for (let x = 0; x < ts.length; x++) {
        const t = ts[x];
        const c = t.kind === 'punct' ? undefined : conf?.[t.chunk];
        // a single letter before ")" is a list mark: "b)"
        const mark = t.kind === 'word' && t.text.length === 1 && ts[x + 1]?.text === ')';
        const cands = mark ? [{ out: t.text, lm: this.m.lm.id(t.text.toLowerCase()), ch: 0, keep: true }] : this.candidates(t, channel, opt, c);
        toks.push({ line: li, tok: t, cands });
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
    let { toks, brk } = this.stream(lines, channel, opt, confidences);
    let choice = this.viterbi(toks, brk, mu, order);
    if (opt.adapt !== false && !channel.uniform) {
      // second pass with the channel adapted to this document's own confusions (hard EM, one round)
      const pairs: [string, string][] = [];
      for (let i = 0; i < toks.length; i++) {
        const c = toks[i].cands[choice[i]];
        if (!c.keep && toks[i].cands.length > 1) pairs.push([c.out, toks[i].tok.text.toLowerCase()]);
      }
      if (pairs.length >= (opt.adaptMin ?? 150)) {
        const adapted = channel.adapt(pairs, opt.adaptWeight ?? 20);
        this.caches.delete(adapted.name + '/adapted');
        ({ toks, brk } = this.stream(lines, adapted, opt, confidences));
        choice = this.viterbi(toks, brk, mu, order);
      }
    }
    return this.writeBack(lines, toks, choice);
  }

  private viterbi(toks: StreamTok[], brk: Set<number>, mu: number, order: number): Int32Array {
    const lm = this.m.lm;
    // Viterbi, state = (candidate at i-1, candidate at i)
    const N = toks.length;
    const back: Int32Array[] = [];
    let prevScores = new Float64Array([0]); // states for position -1: (bos,bos)
    let prevCands: number[] = [lm.bos];
    let prevPrevCands: number[] = [lm.bos];
    let prevStatePair: Int32Array = new Int32Array([0]); // index into prevPrevCands for each state
    // States flattened as j*KprevPrev... keep explicit lists for clarity.
    let stH: Int32Array = new Int32Array([0]); // index of cand at i-2 (in prevPrevCands)
    let stJ: Int32Array = new Int32Array([0]); // index of cand at i-1 (in prevCands)
    void prevStatePair;
    const stateJ: Int32Array[] = [];
    for (let i = 0; i < N; i++) {
      if (brk.has(i) && i > 0) {
        // sentence boundary: collapse to the best state, restart the context
        let bi = 0;
        for (let s = 1; s < prevScores.length; s++) if (prevScores[s] > prevScores[bi]) bi = s;
        const endLp = lm.logp(order >= 3 ? idAt(prevPrevCands, stH[bi]) : -1, prevCands[stJ[bi]], lm.eos);
        back.push(new Int32Array([bi]));
        stateJ.push(new Int32Array([-1]));
        prevScores = new Float64Array([prevScores[bi] + endLp]);
        prevPrevCands = [lm.bos];
        prevCands = [lm.bos];
        stH = new Int32Array([0]);
        stJ = new Int32Array([0]);
        void BREAK;
      }
      const cands = toks[i].cands;
      const K = cands.length;
      const P = prevCands.length;
      // new states (j in prevCands, k in cands)
      const scores = new Float64Array(P * K).fill(-Infinity);
      const bp = new Int32Array(P * K);
      // lower-order scores depend only on (candidate at i-1, candidate at i)
      const lower = new Float64Array(P * K);
      for (let j = 0; j < P; j++) {
        const b = order >= 2 ? prevCands[j] : -1;
        for (let k = 0; k < K; k++) lower[j * K + k] = lm.lower(b, cands[k].lm) - mu * cands[k].ch;
      }
      for (let s = 0; s < prevScores.length; s++) {
        const base = prevScores[s];
        if (base === -Infinity) continue;
        const j = stJ[s];
        const ctx = order >= 3 ? lm.ctx(prevPrevCands[stH[s]], prevCands[j]) : -1;
        for (let k = 0; k < K; k++) {
          const c = cands[k];
          const low = lower[j * K + k];
          const sc = base + (ctx < 0 ? low : lm.tri(ctx, c.lm, low + mu * c.ch) - mu * c.ch);
          const idx = j * K + k;
          if (sc > scores[idx]) {
            scores[idx] = sc;
            bp[idx] = s;
          }
        }
      }
      // beam: drop states far below the best
      let best = -Infinity;
      for (let s = 0; s < scores.length; s++) if (scores[s] > best) best = scores[s];
      let keepIdx: number[] = [];
      for (let s = 0; s < scores.length; s++) if (scores[s] >= best - BEAM) keepIdx.push(s);
      if (keepIdx.length > MAX_STATES) keepIdx = keepIdx.sort((x, y) => scores[y] - scores[x]).slice(0, MAX_STATES);
      const nScores = new Float64Array(keepIdx.length);
      const nH = new Int32Array(keepIdx.length);
      const nJ = new Int32Array(keepIdx.length);
      const nBp = new Int32Array(keepIdx.length);
      keepIdx.forEach((s, t) => {
        nScores[t] = scores[s];
        nH[t] = Math.floor(s / K); // index in prevCands
        nJ[t] = s % K; // index in cands
        nBp[t] = bp[s];
      });
      back.push(nBp);
      stateJ.push(nJ);
      prevScores = nScores;
      prevPrevCands = prevCands;
      prevCands = cands.map((c) => c.lm);
      stH = nH;
      stJ = nJ;
    }
    // trace back
    const choice = new Int32Array(N);
    let bi = 0;
    for (let s = 1; s < prevScores.length; s++) if (prevScores[s] > prevScores[bi]) bi = s;
    let pos = back.length - 1;
    let tokIdx = N - 1;
    while (pos >= 0) {
      const nj = stateJ[pos];
      if (nj[0] === -1 && nj.length === 1) {
        bi = back[pos][0];
        pos--;
        continue;
      }
      choice[tokIdx] = nj[bi];
      bi = back[pos][bi];
      tokIdx--;
      pos--;
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

function idAt(arr: number[], i: number): number {
  return arr[i];
}

let uniformCh: Channel | null = null;
function uniform(_m: RepairModel): Channel {
  if (!uniformCh) uniformCh = Channel.uniformChannel();
  return uniformCh;
}

/** Document numbers, dates with letters, URLs, e-mails: kept as printed apart from abbreviation letters. */
export function isCode(s: string): boolean {
  if (/^(https?:|www\.)|@.*\.|\.(vn|com|gov|org|net)\b/i.test(s)) return true;
  if (/\d/.test(s) && /[-/]/.test(s)) return true;
  if (/\p{L}[-/]\p{L}/u.test(s) && /^[\p{Lu}\d/.-]+$/u.test(s)) return true;
  return false;
}
