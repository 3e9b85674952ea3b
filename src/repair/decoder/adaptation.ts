// Adaptation to the document (hard EM): the substitutions of the words a pass decoded give the channel
// costs of this document's own confusions, and each entry's candidates are re-ranked with them.
import type { Channel, KeyMemo } from '../channel.js';
import type { NgramLM } from '../lm.js';
import { fillInfo, listInfo, scratchFor, type InfoPool } from './cand-info.js';
import type { SubstitutionIds } from './candidates.js';
import { ADAPT_MIN, ADAPT_WEIGHT, CAND_BEAM, MAX_CANDIDATES, PRIOR, type DecodeOptions } from './options.js';
import type { CandInfo, Entry, FlatPool, StreamTok } from './types.js';

export class Adaptation {
  /** substitution ids of the decoded words, and how many */
  private used = new Int32Array(1024);
  private usedCount = 0;
  private keyMemo = new Map<Channel, KeyMemo>();
  /** counts rounds: an entry is re-ranked once per round */
  private round = 0;
  /** re-ranking buffers: adapted costs, ranks, candidates by rank */
  private costs = new Float64Array(0);
  private ranks = new Float64Array(0);
  private order = new Int32Array(0);

  constructor(
    private readonly lm: NgramLM,
    private readonly substitutions: SubstitutionIds,
    private readonly infos: InfoPool,
  ) {}

  /**
   * Re-ranks every entry of the stream with costs adapted to the words the last pass chose (choice), and
   * gives each token its new views (withConfidence adds OCR confidence where the token has one).
   * False, and nothing changed, when too few words had a choice to learn from.
   */
  adapt(
    toks: StreamTok[],
    choice: Int32Array,
    channel: Channel,
    opt: DecodeOptions,
    mu: number,
    maxLp: Float64Array,
    maxBi: Float64Array,
    withConfidence: (t: StreamTok, base: CandInfo) => CandInfo,
  ): boolean {
    if (this.collectUsed(toks, choice) < (opt.adaptMin ?? ADAPT_MIN)) return false;
    let km = this.keyMemo.get(channel);
    if (!km) this.keyMemo.set(channel, (km = { truth: new Int32Array(0), base: new Float64Array(0), letters: new Map() }));
    const delta = channel.adaptDeltasIx(this.used, this.usedCount, this.substitutions.keys, opt.adaptWeight ?? ADAPT_WEIGHT, km);
    const K = opt.maxCandidates ?? MAX_CANDIDATES;
    const round = ++this.round;
    for (const t of toks) {
      const e = t.entry;
      if (!e) continue;
      if (e.adaptedIn !== round) {
        e.adaptedIn = round;
        this.reselect(e, delta, K, mu, maxLp, maxBi);
      }
      t.info = e.adaptedInfo!;
      if (t.conf !== undefined) t.info = withConfidence(t, e.adaptedInfo!);
    }
    return true;
  }

  /** The substitutions of the decoded words that had a choice and were read from the pool; returns how many words. */
  private collectUsed(toks: StreamTok[], choice: Int32Array): number {
    let words = 0;
    let n = 0;
    for (let i = 0; i < choice.length; i++) {
      const { entry: e, info } = toks[i];
      if (!e || info!.slotsAt < 0 || info!.K < 2) continue;
      const slot = info!.ints[info!.slotsAt + choice[i]];
      if (slot >= e.pool.length) continue;
      if (!e.flat) e.flat = this.flatPool(e);
      const { subsStart, subs } = e.flat;
      const from = subsStart[slot];
      const to = subsStart[slot + 1];
      if (n + to - from > this.used.length) {
        const grown = new Int32Array(2 * (n + to - from));
        grown.set(this.used);
        this.used = grown;
      }
      for (let o = from; o < to; o++) this.used[n++] = subs[o];
      words++;
    }
    this.usedCount = n;
    return words;
  }

  /** Candidates of an entry re-ranked with document-adapted substitution costs (their views into e.adaptedInfo). */
  private reselect(e: Entry, delta: Float64Array, K: number, mu: number, maxLp: Float64Array, maxBi: Float64Array): void {
    // as select() on the adapted pool: stable order by rank; the adapted costs live in the views only
    const n = e.pool.length;
    if (!e.flat) e.flat = this.flatPool(e);
    const { cost: cost0, prior, subsStart, subs, ids } = e.flat;
    if (this.costs.length < n + 2) {
      this.costs = new Float64Array(2 * n + 2);
      this.ranks = new Float64Array(2 * n + 2);
      this.order = new Int32Array(2 * n + 2);
    }
    const costs = this.costs;
    const ranks = this.ranks;
    const order = this.order;
    let changed = false;
    for (let i = 0; i < n; i++) {
      let d = 0;
      for (let o = subsStart[i]; o < subsStart[i + 1]; o++) d += delta[subs[o]];
      if (d === 0) costs[i] = cost0[i];
      else {
        costs[i] = cost0[i] + d;
        changed = true;
      }
    }
    for (let i = 0; i < n; i++) {
      const r = (ranks[i] = costs[i] - prior[i]);
      // stable insertion sort by rank
      let p = i;
      while (p > 0 && ranks[order[p - 1]] > r) {
        order[p] = order[p - 1];
        p--;
      }
      order[p] = i;
    }
    const best = n ? ranks[order[0]] : 0;
    // kept candidates by slot: self, pool indices, keep (as select() orders them)
    const sc = scratchFor(n + 2);
    let m = 0;
    if (e.self) {
      sc.ids[m] = e.self.id;
      sc.costs[m] = e.self.cost;
      sc.slots[m++] = n;
    }
    for (let q = 0; q < n && q < K; q++) {
      const i = order[q];
      if (ranks[i] > best + CAND_BEAM) continue;
      sc.ids[m] = ids[i];
      sc.costs[m] = costs[i];
      sc.slots[m++] = i;
    }
    if (e.keepCand) {
      sc.ids[m] = e.keepCand.id;
      sc.costs[m] = e.keepCand.cost;
      sc.slots[m++] = n + 1;
    }
    // no cost moved and the same candidates kept (the entry may come from a run with another K):
    // the list of the first pass, with its views
    if (!changed && m === e.cands.length) {
      let same = true;
      for (let k = 0; k < m && same; k++) same = e.cands[k].slot === sc.slots[k];
      if (same) {
        e.adaptedInfo = listInfo(e.cands, mu, maxLp, maxBi, e);
        return;
      }
    }
    const info = this.infos.make(m, mu, true);
    fillInfo(info, sc.ids, sc.costs, sc.slots, maxLp, maxBi, e);
    e.adaptedInfo = info;
  }

  /** The pool of an entry in flat arrays: costs, unigram priors, substitutions (none for table costs). */
  private flatPool(e: Entry): FlatPool {
    const n = e.pool.length;
    const cost = new Float64Array(n);
    const prior = new Float64Array(n);
    const ids = new Int32Array(n);
    const subsStart = new Int32Array(n + 1);
    let m = 0;
    for (let i = 0; i < n; i++) if (!e.pool[i].fromTable) m += e.pool[i].subIds.length;
    const subs = new Int32Array(m);
    m = 0;
    for (let i = 0; i < n; i++) {
      const c = e.pool[i];
      cost[i] = c.cost;
      ids[i] = c.id;
      prior[i] = PRIOR * this.lm.unigram(c.id);
      subsStart[i] = m;
      if (!c.fromTable) for (let o = 0; o < c.subIds.length; o++) subs[m++] = c.subIds[o];
    }
    subsStart[n] = m;
    return { cost, prior, subsStart, subs, ids };
  }
}
