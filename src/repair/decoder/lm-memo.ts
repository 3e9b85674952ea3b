// LM scores memoised within one document, as the stored bytes of the LM tables.
import type { NgramLM } from '../lm.js';
import type { Entry } from './types.js';

/** memo code of a bigram not among the best of its word's predecessors, not searched yet */
export const NOT_TOP = 0xffff;
/** cells of a memo row: the candidates an entry ever offers beyond this many are scored unmemoised */
export const MEMO_WIDTH = 32;
/** trigram rows up to this long are read whole for a state; longer ones are searched per candidate */
export const TRI_SCAN = 64;

/**
 * LM scores within one document, as stored bytes (code 0: not looked up yet, 1: not stored, 2 + byte):
 * rows per (entry, context) with a cell per candidate of the entry, and per trigram context (a, b)
 * its index, backoff byte and, when short, a copy of its trigram row. Repeated phrases and the
 * second pass read these instead of the LM tables.
 */
export class LmMemo {
  arena = new Uint16Array(1 << 16);
  /** counts the times the memo started over */
  epoch = 0;
  /** per document: entries are numbered when their memoDoc is this */
  private doc = 1;
  private entryCount = 0;
  private used = 0;
  // open addressing on (entry, context key) -> arena offset, a slot of four: entry (-1: free), key,
  // offset, unused (one cache line read per probe, not three)
  private rowTable = new Int32Array(4 << 14).fill(-1);
  private rowCount = 0;
  // open addressing on a * V + b -> context record
  private ctxTable = new Int32Array(1 << 13).fill(-1);
  private ctxCount = 0;
  private tabs?: ReturnType<NgramLM['tables']>;
  /** context records: [trigram context index, backoff byte, offset of the row copy, its length (-1: long)] */
  recs = new Int32Array(1 << 12);
  private recCount = 0;
  /** copies of short trigram rows: words and bytes */
  triWords = new Uint16Array(1 << 14);
  triBytes = new Uint8Array(1 << 14);
  private triUsed = 0;

  /** Forget the scores (a new document); the buffers stay. */
  reset(): void {
    this.arena.fill(0, 0, this.used);
    this.used = 0;
    this.doc++;
    this.entryCount = 0;
    if (this.rowCount) this.rowTable.fill(-1);
    this.rowCount = 0;
    if (this.ctxCount) this.ctxTable.fill(-1);
    this.ctxCount = 0;
    this.recCount = 0;
    this.triUsed = 0;
  }

  /** The number of entry e in this document. */
  entry(e: Entry): number {
    if (e.memoDoc !== this.doc) {
      e.memoDoc = this.doc;
      e.memoId = this.entryCount++;
    }
    return e.memoId!;
  }

  /** The record of context (a, b) (see recs); lm.ctx and the trigram row looked up once per document. */
  ctx(lm: NgramLM, a: number, b: number, rowMax: number): number {
    const key = a * lm.vocab.length + b;
    // slots of two: key (-1: free), record
    let tab: Int32Array = this.ctxTable;
    let mask = (tab.length >> 1) - 1;
    let h = Math.imul(key, 0x9e3779b1);
    h = (h ^ (h >>> 15)) & mask;
    while (tab[2 * h] !== -1) {
      if (tab[2 * h] === key) return tab[2 * h + 1];
      h = (h + 1) & mask;
    }
    if (2 * (this.ctxCount + 1) > mask + 1) {
      tab = this.growCtxTable();
      mask = (tab.length >> 1) - 1;
      h = Math.imul(key, 0x9e3779b1);
      h = (h ^ (h >>> 15)) & mask;
      while (tab[2 * h] !== -1) h = (h + 1) & mask;
    }
    const r = this.newRecord(lm, a, b, rowMax);
    tab[2 * h] = key;
    tab[2 * h + 1] = r;
    this.ctxCount++;
    return r;
  }

  private growCtxTable(): Int32Array {
    const old = this.ctxTable;
    const tab = (this.ctxTable = new Int32Array(old.length * 2).fill(-1));
    const mask = (tab.length >> 1) - 1;
    for (let x = 0; x < old.length; x += 2) {
      if (old[x] === -1) continue;
      let g = Math.imul(old[x], 0x9e3779b1);
      g = (g ^ (g >>> 15)) & mask;
      while (tab[2 * g] !== -1) g = (g + 1) & mask;
      tab[2 * g] = old[x];
      tab[2 * g + 1] = old[x + 1];
    }
    return tab;
  }

  /** A new context record for (a, b), with a copy of its trigram row when that has at most rowMax entries. */
  private newRecord(lm: NgramLM, a: number, b: number, rowMax: number): number {
    const r = this.recCount++;
    if (4 * this.recCount > this.recs.length) {
      const grown = new Int32Array(this.recs.length * 2);
      grown.set(this.recs);
      this.recs = grown;
    }
    const j = lm.ctx(a, b);
    const rec = this.recs;
    rec[4 * r] = j;
    rec[4 * r + 1] = 0;
    rec[4 * r + 2] = 0;
    rec[4 * r + 3] = 0;
    if (j < 0) return r;
    const t = (this.tabs ??= lm.tables());
    rec[4 * r + 1] = t.biBow[j];
    const t0 = t.triStart[j];
    const n = t.triStart[j + 1] - t0;
    if (n > rowMax) {
      rec[4 * r + 3] = -1;
      return r;
    }
    if (this.triUsed + n > this.triWords.length) {
      const w = new Uint16Array(Math.max(2 * this.triWords.length, this.triUsed + n));
      const q = new Uint8Array(w.length);
      w.set(this.triWords);
      q.set(this.triBytes);
      this.triWords = w;
      this.triBytes = q;
    }
    const words = this.triWords;
    const bytes = this.triBytes;
    const at = this.triUsed;
    for (let x = 0; x < n; x++) {
      words[at + x] = t.triW[t0 + x];
      bytes[at + x] = t.triLp[t0 + x];
    }
    rec[4 * r + 2] = at;
    rec[4 * r + 3] = n;
    this.triUsed = at + n;
    return r;
  }

  /** Offset of the row of entry `ent` under context key `key` (width cells, code 0 until scored). */
  row(ent: number, key: number, width: number): number {
    let tab = this.rowTable;
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
        this.rowCount = 0;
      } else {
        const a = new Uint16Array(this.arena.length * 2);
        a.set(this.arena);
        this.arena = a;
      }
    }
    if (2 * (this.rowCount + 1) > mask + 1) {
      this.growRowTable();
      tab = this.rowTable;
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
    this.rowCount++;
    return off;
  }

  private growRowTable(): void {
    const old = this.rowTable;
    const tab = (this.rowTable = new Int32Array(old.length * 2).fill(-1));
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
