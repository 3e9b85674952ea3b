// Search quality on the judged set: recall@10 and MRR, over the fixture notices stored in a fresh
// in-memory SQLite store.  npx tsx scripts/eval-search.ts [--json] [--verbose]
import { readFileSync } from 'node:fs';
import { openSqliteStore } from '../src/store/sqlite.js';
import { notices } from '../test/fixtures/search/notices.js';

interface Judged {
  q: string;
  kind: 'search' | 'agency';
  relevant: string[];
}

const K = 10;
const judged: Judged[] = JSON.parse(readFileSync(new URL('../test/fixtures/search/judged.json', import.meta.url), 'utf8')).queries;
const args = new Set(process.argv.slice(2));

const store = await openSqliteStore(':memory:');
for (const n of notices) await store.putDocument(n.document());

/** Ranked document:line keys, each once, as a user sees them. */
async function ranked(j: Judged): Promise<string[]> {
  const keys =
    j.kind === 'search'
      ? (await store.search(j.q, { limit: 50, offset: 0 })).items.map((h) => `${h.document_id}:${h.line}`)
      : (await store.listDirectives({ agency: j.q }, { limit: 100, offset: 0 })).items.map((d) => `${d.document_id}:${d.line}`);
  return [...new Set(keys)];
}

const rows: { q: string; kind: string; recall: number; rr: number; top: string[] }[] = [];
for (const j of judged) {
  const got = await ranked(j);
  const rel = new Set(j.relevant);
  const top = got.slice(0, K);
  const recall = top.filter((k) => rel.has(k)).length / rel.size;
  const first = got.findIndex((k) => rel.has(k));
  rows.push({ q: j.q, kind: j.kind, recall, rr: first < 0 ? 0 : 1 / (first + 1), top });
}
await store.close();

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const summary = (kind?: string) => {
  const r = rows.filter((x) => !kind || x.kind === kind);
  return { queries: r.length, recall_at_10: +mean(r.map((x) => x.recall)).toFixed(4), mrr: +mean(r.map((x) => x.rr)).toFixed(4) };
};
const result = { all: summary(), search: summary('search'), agency: summary('agency') };

if (args.has('--json')) {
  console.log(JSON.stringify({ ...result, per_query: rows.map(({ top: _t, ...r }) => r) }, null, 2));
} else {
  for (const r of rows) {
    if (args.has('--verbose') || r.recall < 1 || r.rr < 1) {
      console.log(`${r.recall.toFixed(2)}  ${r.rr.toFixed(2)}  [${r.kind}] ${r.q}${args.has('--verbose') ? `  -> ${r.top.join(' ')}` : ''}`);
    }
  }
  for (const [k, v] of Object.entries(result)) console.log(`${k.padEnd(7)} queries ${v.queries}  recall@10 ${v.recall_at_10.toFixed(3)}  MRR ${v.mrr.toFixed(3)}`);
}
