// Shared by the evaluation scripts: a seeded random source, and scoring of extraction records with
// ../shared/eval/score_extract.py into one table.
import { execFileSync } from 'node:child_process';

/** Deterministic PRNG (mulberry32): the same seed gives the same noise on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ExtractScore {
  directives: number;
  assignees: number;
  deadlines: number;
  deadlinesOf: number;
  statistics: number;
  references: number;
}

/** Runs the scorer on a gold record and an output record. */
export function scoreExtract(scorer: string, gold: string, out: string): ExtractScore {
  const line = execFileSync('python3', [scorer, gold, out], { encoding: 'utf8' }).trim();
  const num = (re: RegExp) => Number(re.exec(line)?.[1] ?? NaN);
  const [dl, dln] = (/deadlines (\d+)\/(\d+)/.exec(line) ?? ['', '0', '0']).slice(1).map(Number);
  return {
    directives: num(/directives P [\d.]+ R [\d.]+ F1 ([\d.]+)/),
    assignees: num(/assignees F1 ([\d.]+)/),
    deadlines: dl,
    deadlinesOf: dln,
    statistics: num(/statistics F1 ([\d.]+)/),
    references: num(/references F1 ([\d.]+)/),
  };
}

/** Rows of scores with a mean row, printed as a table; `extra` adds columns after the scores. */
export class ScoreTable {
  private rows: string[][] = [];
  private sum: ExtractScore = { directives: 0, assignees: 0, deadlines: 0, deadlinesOf: 0, statistics: 0, references: 0 };
  private n = 0;
  constructor(
    private first: string,
    private extra: string[] = [],
  ) {}

  add(name: string, s: ExtractScore, ...extra: string[]): void {
    for (const k of Object.keys(this.sum) as (keyof ExtractScore)[]) this.sum[k] += s[k];
    this.n++;
    const f = (x: number) => x.toFixed(3);
    this.rows.push([name, f(s.directives), f(s.assignees), `${s.deadlines}/${s.deadlinesOf}`, f(s.statistics), f(s.references), ...extra]);
  }

  /** A row without scores (no gold record for it). */
  note(name: string, text: string, ...extra: string[]): void {
    this.rows.push([name, text, '', '', '', '', ...extra]);
  }

  print(): void {
    const head = [this.first, 'directive F1', 'assignee F1', 'deadlines', 'statistics F1', 'references F1', ...this.extra];
    const rows = [...this.rows];
    if (this.n) {
      const m = (x: number) => (x / this.n).toFixed(3);
      const s = this.sum;
      rows.push(['mean', m(s.directives), m(s.assignees), `${s.deadlines}/${s.deadlinesOf}`, m(s.statistics), m(s.references), ...this.extra.map(() => '')]);
    }
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const fmt = (r: string[]) => r.map((c, i) => (c ?? '').padEnd(widths[i])).join(' | ');
    console.log(fmt(head));
    console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
    for (const r of rows) console.log(fmt(r));
  }
}
