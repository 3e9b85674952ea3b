// Full-text search: FTS5 over the folded text of notice lines and directives, ranked here (BM25 with
// cached document frequencies, exact-diacritic hits first) in windows of hits taken in stored order.
import { fold } from '../../text/fold.js';
import { foldedQuery, hasMarks, highlight, words } from '../search.js';
import type { LineHit, Page, SearchHit, SearchPage, SearchScope } from '../shapes.js';
import { type DocumentFilters, documentCondition } from './docfilter.js';
import { emptyPage, type Param, type SqlExecutor, type Statement } from './executor.js';

/** The user's words as an FTS5 query on the folded column: each word quoted, so operators stay plain words. */
export function ftsQuery(query: string, match: 'all' | 'any' = 'all'): string {
  const q = foldedQuery(query, match);
  return q && `{folded} : (${q})`;
}

// FTS rows share the rowid of the row they index; `folded` needs only đ -> d (the tokenizer does the rest).
const FOLD_SQL = (col: string) => `replace(replace(${col}, 'đ', 'd'), 'Đ', 'D')`;

/** Index a document's lines or directives (already inserted in the same batch) by rowid, folded. */
export function ftsStatements(kind: 'lines' | 'directives', documentId: string): Statement[] {
  // Read from the source table (indexed by document), never from the FTS table.
  const [fts, from] =
    kind === 'lines'
      ? ['lines_fts', "FROM lines WHERE document_id = ? AND trim(text) <> ''"]
      : ['directives_fts', 'FROM directives WHERE document_id = ?'];
  return [{ sql: `INSERT INTO ${fts} (rowid, folded) SELECT rowid, ${FOLD_SQL('text')} ${from}`, params: [documentId] }];
}

type HitRow = Pick<SearchHit, 'document_id' | 'directive_id' | 'page' | 'line' | 'text'> & { rid: number };
const hitColumns = (kind: 'line' | 'directive') =>
  `x.document_id, ${kind === 'line' ? 'NULL' : 'x.id'} AS directive_id, x.page, x.line, x.text`;

/** Hits per table ranked together (see searchWith). */
const RANK_WINDOW = 200;
/** Document frequencies are counted up to this many rows (IDF barely moves beyond) and kept this long. */
const DF_CAP = 20_000;
const TERM_TTL_MS = 10 * 60_000;

// A one-pass tokenizer for scoring: per character its folded form ('' for a mark, null between words),
// cached, so that ranking hundreds of hits needs no Unicode normalisation per text.
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const charFold = new Map<number, string | null>();
function foldChar(cp: number): string | null {
  let f = charFold.get(cp);
  if (f === undefined) {
    const ch = String.fromCodePoint(cp);
    f = WORD_CHAR.test(ch) ? fold(ch) : null;
    if (charFold.size < 100_000) charFold.set(cp, f);
  }
  return f;
}

/** Folded tokens of a text, as the FTS tokenizer sees the folded column (lower case, no marks, đ = d). */
export function foldedTokens(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let f: string | null;
    if (c < 128) {
      f = (c >= 48 && c <= 57) || (c >= 97 && c <= 122) ? text[i] : c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : null;
    } else {
      const cp = text.codePointAt(i)!;
      if (cp > 0xffff) i++;
      f = foldChar(cp);
    }
    if (f === null) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += f;
  }
  if (cur) out.push(cur);
  return out;
}

/**
 * BM25 of each text for the folded query terms, as FTS5 computes it (k1 1.2, b 0.75, lower is better),
 * with the average length taken over these texts; `exact` when the text has every (or, for 'any', some)
 * query word with the diacritics as typed.
 */
export function scoreHits(texts: string[], terms: string[], dfs: number[], n: number, exactWords: string[], match: 'all' | 'any') {
  const k1 = 1.2;
  const b = 0.75;
  const idf = dfs.map((df) => {
    const v = Math.log((n - df + 0.5) / (df + 0.5));
    return v > 0 ? v : 1e-6;
  });
  const tokens = texts.map(foldedTokens);
  const avgdl = tokens.reduce((s, t) => s + t.length, 0) / Math.max(1, tokens.length) || 1;
  return tokens.map((toks, i) => {
    let score = 0;
    terms.forEach((term, j) => {
      let tf = 0;
      for (const w of toks) if (w === term) tf++;
      if (tf) score += (idf[j] * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * toks.length) / avgdl));
    });
    let exact = false;
    // only texts whose folded words match can hold the exact ones; checked on the rarer path
    if (exactWords.length && score > 0) {
      const lower = texts[i].toLowerCase();
      exact = match === 'all' ? exactWords.every((w) => hasWord(lower, w)) : exactWords.some((w) => hasWord(lower, w));
    }
    return { score: -score, exact };
  });
}

/** `word` (NFC, lower case) occurs in `text` (lower case) as a whole word. */
function hasWord(text: string, word: string): boolean {
  const t = text.normalize('NFC');
  for (let at = t.indexOf(word); at >= 0; at = t.indexOf(word, at + 1)) {
    const before = at > 0 ? t.codePointAt(at - 1)! : 32;
    const after = at + word.length < t.length ? t.codePointAt(at + word.length)! : 32;
    if (!WORD_CHAR.test(String.fromCodePoint(before)) && !WORD_CHAR.test(String.fromCodePoint(after))) return true;
  }
  return false;
}

export class SqlSearch {
  constructor(readonly db: SqlExecutor) {}

  async searchLines(query: string, { limit, offset }: { limit: number; offset: number }): Promise<Page<LineHit>> {
    const r = await this.searchWith(query, { limit, offset, scope: 'lines' }, 'all');
    const items = r.items.map((h) => ({ document_id: h.document_id, line: h.line, text: h.text, score: h.score, page: h.page }));
    return { items, total: r.total, limit, offset, ...(r.total_is_estimate ? { total_is_estimate: true } : {}) };
  }

  async search(query: string, opts: { limit: number; offset: number; scope?: SearchScope; documents?: DocumentFilters }): Promise<SearchPage> {
    // the documents' filters as one condition on the hit's document (`doc`), resolved once for both passes
    const docs = opts.documents ? await documentCondition(this.db, opts.documents, 'doc') : { sql: '', params: [] };
    if (!docs) return { ...emptyPage<SearchHit>(opts.limit, opts.offset), match: 'all' };
    const o = { ...opts, docs };
    const all = await this.searchWith(query, o, 'all');
    // Nothing has every word: rank what has some of them (BM25 favours hits with more of the words).
    if (all.total === 0 && words(query).length > 1) return this.searchWith(query, o, 'any');
    return all;
  }

  // Document frequencies of folded terms per FTS table, for BM25's IDF. FTS5's own bm25() walks the whole
  // doclist of every query term on each query (tens of ms for a common word); a df changes slowly.
  private readonly termCache = new Map<string, { n: number; at: number }>();

  private async docFreq(table: string, term: string): Promise<number> {
    const key = `${table}\u0000${term}`;
    const hit = this.termCache.get(key);
    if (hit && Date.now() - hit.at < TERM_TTL_MS) return hit.n;
    const sql = term
      ? `SELECT count(*) AS n FROM (SELECT 1 FROM ${table} WHERE ${table} MATCH ? LIMIT ${DF_CAP})`
      : `SELECT coalesce(max(rowid), 0) AS n FROM ${table === 'lines_fts' ? 'lines' : 'directives'}`;
    const n = (await this.db.all<{ n: number }>(sql, term ? [`"${term}"`] : []))[0].n;
    if (this.termCache.size >= 10_000) this.termCache.clear();
    this.termCache.set(key, { n, at: Date.now() });
    return n;
  }

  /**
   * Hits are enumerated in the order they were stored (ascending rowid, no scoring: FTS5 walks several
   * doclists much faster forwards than backwards) and ranked in windows of RANK_WINDOW hits per table:
   * within a window exact-diacritic hits first, then BM25 (computed here from the hits' text with FTS5's
   * formula and cached document frequencies), then lines before directives. When each table has at most
   * RANK_WINDOW hits this is the plain ranking of all hits; for very common words the windows follow one
   * another, so pages stay consistent, and the total is a lower bound (total_is_estimate).
   */
  private async searchWith(
    query: string,
    { limit, offset, scope = 'all', docs }: { limit: number; offset: number; scope?: SearchScope; docs?: { sql: string; params: Param[] } },
    match: 'all' | 'any',
  ): Promise<SearchPage> {
    const q = ftsQuery(query, match);
    if (!q) return { ...emptyPage<SearchHit>(limit, offset), match };
    const tables = [
      ...(scope !== 'directives' ? [{ kind: 'line' as const, fts: 'lines_fts' }] : []),
      ...(scope !== 'lines' ? [{ kind: 'directive' as const, fts: 'directives_fts' }] : []),
    ];
    const W = RANK_WINDOW;
    const lastWindow = Math.floor((offset + limit - 1) / W);
    const need = (lastWindow + 1) * W;
    // The first window (most queries) is read with its text in one pass; deeper pages enumerate rowids only.
    const firstOnly = lastWindow === 0;
    // document filters: the hit's row and its document joined, the condition on the document
    const byDoc = docs?.sql ? ` AND ${docs.sql}` : '';
    const docParams = docs?.sql ? docs.params : [];
    const source = (t: { kind: 'line' | 'directive'; fts: string }) =>
      `${t.fts} f JOIN ${t.kind === 'line' ? 'lines' : 'directives'} x ON x.rowid = f.rowid${byDoc ? ' JOIN documents doc ON doc.id = x.document_id' : ''}`;
    const hits = await Promise.all(tables.map((t) =>
      this.db.all<HitRow>(firstOnly
        ? `SELECT f.rowid AS rid, ${hitColumns(t.kind)} FROM ${source(t)}
           WHERE ${t.fts} MATCH ?${byDoc} ORDER BY f.rowid LIMIT ?`
        : byDoc
          ? `SELECT f.rowid AS rid FROM ${source(t)} WHERE ${t.fts} MATCH ?${byDoc} ORDER BY f.rowid LIMIT ?`
          : `SELECT rowid AS rid FROM ${t.fts} WHERE ${t.fts} MATCH ? ORDER BY rowid LIMIT ?`, [q, ...docParams, need + 1])));
    const truncated = hits.some((h) => h.length > need);
    const total = hits.reduce((n, h) => n + Math.min(h.length, need), 0);
    const est = truncated ? { total_is_estimate: true } : {};
    if (!total || offset >= total) return { items: [], total, limit, offset, match, ...est };

    // The windows that the page overlaps, and where the page starts in the first of them.
    let start = 0;
    let skip = offset;
    for (let k = 0; k <= lastWindow; k++) {
      const size = hits.reduce((n, h) => n + Math.max(0, Math.min(W, Math.min(h.length, need) - k * W)), 0);
      if (skip < size) break;
      skip -= size;
      start = k + 1;
    }
    const terms = words(fold(query));
    const exactWords = hasMarks(query) ? words(query.toLowerCase()) : [];
    const items: (SearchHit & { rid: number })[] = [];
    for (let k = start; k <= lastWindow && items.length < skip + limit; k++) {
      const ranked: (SearchHit & { rid: number })[] = [];
      for (const [i, t] of tables.entries()) {
        const window = hits[i].slice(k * W, Math.min((k + 1) * W, need));
        if (!window.length) continue;
        const rows = firstOnly ? window : await this.db.all<HitRow>(
          `SELECT rowid AS rid, ${hitColumns(t.kind)} FROM ${t.kind === 'line' ? 'lines' : 'directives'} x
           WHERE rowid IN (SELECT value FROM json_each(?))`, [JSON.stringify(window.map((h) => h.rid))]);
        const [n, ...dfs] = await Promise.all([this.docFreq(t.fts, ''), ...terms.map((w) => this.docFreq(t.fts, w))]);
        const scored = scoreHits(rows.map((r) => r.text), terms, dfs, n, exactWords, match);
        rows.forEach((r, j) => ranked.push({
          rid: r.rid, kind: t.kind, document_id: r.document_id, directive_id: r.directive_id, page: r.page, line: r.line, text: r.text,
          exact: scored[j].exact, score: scored[j].score, snippet: '', highlights: [],
        }));
      }
      ranked.sort((a, b) => Number(b.exact) - Number(a.exact) || a.score - b.score || (a.kind === b.kind ? 0 : a.kind === 'line' ? -1 : 1) || a.rid - b.rid);
      items.push(...ranked);
    }
    const page = items.slice(skip, skip + limit).map(({ rid: _rid, ...h }) => ({ ...h, ...highlight(h.text, query) }));
    return { items: page, total, limit, offset, match, ...est };
  }
}
