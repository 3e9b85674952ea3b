// Buffers of the Viterbi search, reused across positions and calls: stamped, never cleared.

/** Per cell (j, k) of a position, per candidate and per LM id: a value is live when its stamp is the position's. */
export class Cells {
  /** per cell: best score, the state at i-1 it came from, stamp, and the cells touched at this position */
  score = new Float64Array(0);
  from = new Int32Array(0);
  stamp = new Int32Array(0);
  touched = new Int32Array(0);
  /** per cell: the unmemoised bigram score of (candidate j, candidate k), and its stamp */
  pairScore = new Float64Array(0);
  pairStamp = new Int32Array(0);
  /** per LM id: stamped when a candidate of the position has it; its first candidate */
  idStamp = new Int32Array(0);
  firstWithId = new Int32Array(0);
  /** per candidate: the next one with the same id */
  nextWithId = new Int32Array(0);
  /** per candidate: trigram hits of the state in scoring (hit stamp, score), and the list of them */
  hitStamp = new Int32Array(0);
  hitScore = new Float64Array(0);
  hits = new Int32Array(0);
  /** per candidate j at i-1: memo row of its bigram scores (position stamp, offset, memo epoch) */
  prevRowStamp = new Int32Array(0);
  prevRowAt = new Int32Array(0);
  prevRowEpoch = new Int32Array(0);
  private gen = 1;
  private hit = 1;

  /** Room for n cells and k candidates. */
  ensure(n: number, k: number): void {
    if (this.nextWithId.length < k) {
      const m = Math.max(64, k * 2);
      this.nextWithId = new Int32Array(m);
      this.hitStamp = new Int32Array(m);
      this.hitScore = new Float64Array(m);
      this.hits = new Int32Array(m);
      this.prevRowStamp = new Int32Array(m);
      this.prevRowAt = new Int32Array(m);
      this.prevRowEpoch = new Int32Array(m);
      this.hit = 1;
    }
    if (this.score.length >= n) return;
    const m = Math.max(1024, n * 2);
    this.score = new Float64Array(m);
    this.from = new Int32Array(m);
    this.pairScore = new Float64Array(m);
    this.stamp = new Int32Array(m);
    this.pairStamp = new Int32Array(m);
    this.touched = new Int32Array(m);
  }

  /** Room for a vocabulary of v words. */
  ensureIds(v: number): void {
    if (this.idStamp.length >= v) return;
    this.idStamp = new Int32Array(v);
    this.firstWithId = new Int32Array(v);
  }

  /** The stamp of a new position (odd; stamp - 1 marks a cell dead at that position). */
  next(): number {
    this.gen += 2;
    if (this.gen > 0x3ffffff0) {
      this.stamp.fill(0);
      this.pairStamp.fill(0);
      this.idStamp.fill(0);
      this.prevRowStamp.fill(0);
      this.gen = 3;
    }
    return this.gen;
  }

  /** The stamp of the trigram hits of a new state. */
  nextHit(): number {
    if (++this.hit > 0x3ffffff0) {
      this.hitStamp.fill(0);
      this.hit = 1;
    }
    return this.hit;
  }
}

/** Per position of a stream, the contexts (a, b) its states had in the first pass, with their context record and memo rows. */
export class ContextNotes {
  prev2Word = new Int32Array(0);
  prevWord = new Int32Array(0);
  record = new Int32Array(0);
  bigramRow = new Int32Array(0);
  trigramRow = new Int32Array(0);
  /** notes per position (at most MAX_STATES, from position * MAX_STATES) */
  count = new Int32Array(0);
  /** the memo epoch they were noted in */
  epoch = -1;

  start(size: number, positions: number, epoch: number): ContextNotes {
    if (this.prev2Word.length < size) {
      this.prev2Word = new Int32Array(size);
      this.prevWord = new Int32Array(size);
      this.record = new Int32Array(size);
      this.bigramRow = new Int32Array(size);
      this.trigramRow = new Int32Array(size);
    }
    if (this.count.length < positions) this.count = new Int32Array(positions);
    this.count.fill(0, 0, positions);
    this.epoch = epoch;
    return this;
  }
}

/** The best cells of a position, best first: a running top while scoring, then the final pick. */
export class TopCells {
  readonly score: Float64Array;
  readonly cell: Int32Array;
  count = 0;

  constructor(readonly size: number) {
    this.score = new Float64Array(size);
    this.cell = new Int32Array(size);
  }

  /** Takes the new score of a cell into the running top (rescored: the cell had a score before, and may be in it). */
  raise(cell: number, score: number, rescored: boolean): void {
    const S = this.size;
    const top = this.score;
    const cells = this.cell;
    let c = this.count;
    if (rescored) {
      for (let t = 0; t < c; t++) {
        if (cells[t] === cell) {
          for (let u = t; u < c - 1; u++) {
            top[u] = top[u + 1];
            cells[u] = cells[u + 1];
          }
          c--;
          break;
        }
      }
    }
    if (c < S || score > top[S - 1]) {
      let p = c < S ? c++ : S - 1;
      while (p > 0 && top[p - 1] < score) {
        top[p] = top[p - 1];
        cells[p] = cells[p - 1];
        p--;
      }
      top[p] = score;
      cells[p] = cell;
    }
    this.count = c;
  }

  /** Offers a cell to the final pick: ties go to the lower cell, as a scan in cell order keeps them. */
  pick(cell: number, score: number): void {
    const S = this.size;
    const top = this.score;
    const cells = this.cell;
    let c = this.count;
    if (c === S && (score < top[S - 1] || (score === top[S - 1] && cell > cells[S - 1]))) return;
    let p = c < S ? c++ : S - 1;
    while (p > 0 && (top[p - 1] < score || (top[p - 1] === score && cells[p - 1] > cell))) {
      top[p] = top[p - 1];
      cells[p] = cells[p - 1];
      p--;
    }
    top[p] = score;
    cells[p] = cell;
    this.count = c;
  }
}
