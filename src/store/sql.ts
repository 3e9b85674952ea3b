// One Store implementation over a minimal SQL executor; the SQLite and D1 adapters only execute.
import { fold, slug } from '../text/fold.js';
import { NoticeRecord, type DeadlineT, type DocumentSummaryT, type NoticeRecordT, type TextLineT } from '../record.js';
import { foldedQuery, hasMarks, highlight, resolveAgencies, words, type AgencyName } from './search.js';
import type {
  AgencySummary,
  DirectiveCursor,
  DirectiveFilters,
  DirectiveHistoryEntry,
  DirectiveStatus,
  DirectiveView,
  Job,
  LineHit,
  NewDocument,
  NewJob,
  Page,
  SearchHit,
  SearchPage,
  SearchScope,
  Store,
  Webhook,
  WebhookDelivery,
} from './types.js';

export type Param = string | number | null | Uint8Array;
export interface Statement {
  sql: string;
  params: Param[];
}

export interface SqlExecutor {
  all<T = Record<string, unknown>>(sql: string, params?: Param[]): Promise<T[]>;
  run(sql: string, params?: Param[]): Promise<{ changes: number }>;
  /** Executes all statements atomically (one transaction). */
  batch(statements: Statement[]): Promise<void>;
  /** Applies the numbered migrations not yet applied. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

// D1 binds at most 100 parameters per statement; SQLite accepts that too.
const MAX_PARAMS = 100;

/** Multi-row INSERTs, each within the parameter limit. */
export function insertRows(table: string, columns: string[], rows: Param[][]): Statement[] {
  const out: Statement[] = [];
  const per = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    out.push({
      sql: `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')}`,
      params: chunk.flat(),
    });
  }
  return out;
}

/** The user's words as an FTS5 query on the folded column: each word quoted, so operators stay plain words. */
export function ftsQuery(query: string, match: 'all' | 'any' = 'all'): string {
  const q = foldedQuery(query, match);
  return q && `{folded} : (${q})`;
}

// FTS rows share the rowid of the row they index; `folded` needs only đ -> d (the tokenizer does the rest).
const FOLD_SQL = (col: string) => `replace(replace(${col}, 'đ', 'd'), 'Đ', 'D')`;

const DIRECTIVE_COLUMNS = `d.id, d.document_id, d.seq, d.page, d.line, d.section, d.text, d.deadline_date, d.deadline_kind,
  d.deadline_text, d.deadline_rule, d.status, d.status_note, d.updated_at,
  doc.filename AS doc_filename, doc.title AS doc_title, doc.number AS doc_number, doc.doc_type AS doc_type, doc.date AS doc_date`;

interface DirectiveRow {
  id: string;
  document_id: string;
  seq: number;
  page: number;
  line: number;
  section: string | null;
  text: string;
  deadline_date: string | null;
  deadline_kind: string | null;
  deadline_text: string | null;
  deadline_rule: string | null;
  status: string;
  status_note: string | null;
  updated_at: string;
  doc_filename: string;
  doc_title: string | null;
  doc_number: string | null;
  doc_type: string | null;
  doc_date: string | null;
}

function toDirective(r: DirectiveRow, assignees: DirectiveView['assignees']): DirectiveView {
  const deadline: DeadlineT | null = r.deadline_kind
    ? {
        date: r.deadline_date,
        kind: r.deadline_kind as DeadlineT['kind'],
        text: r.deadline_text ?? '',
        ...(r.deadline_rule ? { rule: r.deadline_rule } : {}),
      }
    : null;
  return {
    id: r.id,
    document_id: r.document_id,
    seq: r.seq,
    page: r.page,
    line: r.line,
    section: r.section,
    text: r.text,
    assignees,
    deadline,
    status: r.status as DirectiveStatus,
    status_note: r.status_note,
    updated_at: r.updated_at,
    document: { id: r.document_id, doc: r.doc_filename, title: r.doc_title, number: r.doc_number, doc_type: r.doc_type, date: r.doc_date },
  };
}

const emptyPage = <T>(limit: number, offset: number): Page<T> => ({ items: [], total: 0, limit, offset });

// The sort key of directive lists: deadline, undated last. Written as in the directives_*_due indexes.
const NO_DATE = '9999-12-31';
const DUE = `coalesce(d.deadline_date, '${NO_DATE}')`;
/** An upper date bound that never lets undated rows (NO_DATE) through. */
const dateBound = (date: string) => (date < NO_DATE ? date : '9999-12-30');

/** From this many assignments an agency filter walks the deadline index instead of sorting its rows. */
const AGENCY_SCAN_FROM = 400;

/** Counts stop here: a larger total is reported as this bound with `total_is_estimate`. */
export const COUNT_CAP = 10_000;

const now = () => new Date().toISOString();

/** Index a document's lines or directives (already inserted in the same batch) by rowid, folded. */
function ftsStatements(kind: 'lines' | 'directives', documentId: string): Statement[] {
  // Read from the source table (indexed by document), never from the FTS table.
  const [fts, from] =
    kind === 'lines'
      ? ['lines_fts', "FROM lines WHERE document_id = ? AND trim(text) <> ''"]
      : ['directives_fts', 'FROM directives WHERE document_id = ?'];
  return [{ sql: `INSERT INTO ${fts} (rowid, folded) SELECT rowid, ${FOLD_SQL('text')} ${from}`, params: [documentId] }];
}

/**
 * Adds (sign 1) or removes (sign -1) a document's directives to the per-agency counts. Runs in the
 * document's write batch: after its assignees are inserted, or before the document is deleted.
 */
function agencyStatsStatement(documentId: string, sign: 1 | -1): Statement {
  return {
    sql: `INSERT INTO agency_stats (agency_id, directives, lead, open)
      SELECT s.agency_id, ${sign} * count(DISTINCT s.directive_id),
             ${sign} * count(DISTINCT CASE WHEN s.role = 'lead' THEN s.directive_id END),
             ${sign} * count(DISTINCT CASE WHEN d.status <> 'done' THEN s.directive_id END)
      FROM directives d JOIN assignees s ON s.directive_id = d.id
      WHERE d.document_id = ?
      GROUP BY s.agency_id
      ON CONFLICT (agency_id) DO UPDATE SET directives = directives + excluded.directives,
        lead = lead + excluded.lead, open = open + excluded.open`,
    params: [documentId],
  };
}

type HitRow = { rid: number; document_id: string; directive_id: string | null; page: number; line: number; text: string };
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

type JobRow = Omit<Job, 'error'> & { error_code: string | null; error_message: string | null };

function toJob(r: JobRow): Job {
  const { error_code, error_message, ...rest } = r;
  return { ...rest, error: error_code ? { code: error_code, message: error_message ?? '' } : null };
}

export class SqlStore implements Store {
  constructor(readonly db: SqlExecutor) {}

  migrate() {
    return this.db.migrate();
  }
  close() {
    return this.db.close();
  }

  async hasDocument(id: string) {
    const rows = await this.db.all('SELECT 1 FROM documents WHERE id = ?', [id]);
    return rows.length > 0;
  }

  async putDocument(doc: NewDocument, options: { finishJob?: string } = {}): Promise<boolean> {
    if (await this.hasDocument(doc.id)) {
      if (options.finishJob) await this.finishJob(options.finishJob);
      return false;
    }
    const created = now();
    const rec = doc.record;
    const stmts: Statement[] = [];
    stmts.push({
      sql: `INSERT INTO documents (id, sha256, filename, media_type, size, page_count, line_count, doc_type, title,
              issuer, date, number, record_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      params: [doc.id, doc.sha256, doc.filename, doc.mediaType, doc.original.length, doc.pages.length, doc.lines.length,
        rec.doc_type, rec.title, rec.issuer, rec.date, rec.number ?? null, JSON.stringify(rec), created],
    });
    stmts.push({ sql: 'INSERT INTO originals (document_id, bytes) VALUES (?, ?)', params: [doc.id, doc.original] });
    stmts.push(...insertRows('pages', ['document_id', 'number', 'source'], doc.pages.map((p) => [doc.id, p.number, p.source])));
    stmts.push(...insertRows('lines', ['document_id', 'line', 'page', 'text', 'raw_text', 'confidence'],
      doc.lines.map((l, i) => [doc.id, l.line, l.page, l.text, doc.rawLines[i]?.text ?? l.text, l.confidence ?? null])));
    stmts.push(...ftsStatements('lines', doc.id));

    const agencies = new Map<string, string>();
    for (const a of rec.agencies) agencies.set(a.id, a.name);
    const dirRows: Param[][] = [];
    const asgRows: Param[][] = [];
    rec.directives.forEach((d, i) => {
      const id = `${doc.id}-${i + 1}`;
      dirRows.push([id, doc.id, i + 1, d.page, d.line, d.section, d.text, d.deadline?.date ?? null, d.deadline?.kind ?? null,
        d.deadline?.text ?? null, d.deadline?.rule ?? null, created]);
      d.assignees.forEach((a, k) => {
        const agencyId = a.agency_id || slug(a.agency);
        if (!agencies.has(agencyId)) agencies.set(agencyId, a.agency);
        asgRows.push([id, k + 1, agencyId, a.agency, a.role]);
      });
    });
    // Agencies are shared by all documents: keep the first name seen for an id.
    for (const [id, name] of agencies) {
      stmts.push({ sql: 'INSERT OR IGNORE INTO agencies (id, name, folded) VALUES (?, ?, ?)', params: [id, name, fold(name)] });
    }
    const aliases = rec.agencies.flatMap((a) => a.aliases.map((al) => [fold(al).trim(), a.id] as Param[])).filter((r) => r[0]);
    for (const st of insertRows('agency_aliases', ['alias', 'agency_id'], aliases)) {
      stmts.push({ ...st, sql: st.sql.replace(/^INSERT/, 'INSERT OR IGNORE') });
    }
    stmts.push(...insertRows('directives', ['id', 'document_id', 'seq', 'page', 'line', 'section', 'text', 'deadline_date',
      'deadline_kind', 'deadline_text', 'deadline_rule', 'updated_at'], dirRows));
    stmts.push(...insertRows('assignees', ['directive_id', 'seq', 'agency_id', 'agency_name', 'role'], asgRows));
    if (asgRows.length) {
      stmts.push({
        sql: `UPDATE assignees SET directive_rowid = (SELECT rowid FROM directives WHERE id = assignees.directive_id)
              WHERE directive_id IN (SELECT id FROM directives WHERE document_id = ?)`,
        params: [doc.id],
      });
      stmts.push(agencyStatsStatement(doc.id, 1));
    }
    stmts.push(...ftsStatements('directives', doc.id));
    stmts.push(...insertRows('statistics', ['document_id', 'seq', 'page', 'line', 'text', 'value', 'of', 'unit', 'subject'],
      rec.statistics.map((s, i) => [doc.id, i + 1, s.page, s.line, s.text, s.value, s.of ?? null, s.unit, s.subject])));
    stmts.push(...insertRows('doc_references', ['document_id', 'seq', 'page', 'line', 'kind', 'number', 'date', 'issuer'],
      rec.references.map((r, i) => [doc.id, i + 1, r.page, r.line, r.kind, r.number, r.date, r.issuer])));
    if (options.finishJob) stmts.push(...this.finishJobStatements(options.finishJob));
    await this.db.batch(stmts);
    return true;
  }

  private finishJobStatements(jobId: string): Statement[] {
    return [{
      sql: `UPDATE jobs SET state = 'done', stage = 'store', input = NULL, error_code = NULL, error_message = NULL,
            updated_at = ? WHERE id = ?`,
      params: [now(), jobId],
    }];
  }

  private async finishJob(jobId: string) {
    await this.db.batch(this.finishJobStatements(jobId));
  }

  async getRecord(id: string): Promise<NoticeRecordT | null> {
    const rows = await this.db.all<{ record_json: string }>('SELECT record_json FROM documents WHERE id = ?', [id]);
    if (!rows.length) return null;
    const rec = NoticeRecord.parse(JSON.parse(rows[0].record_json));
    const status = await this.db.all<{ seq: number; id: string; status: string }>(
      'SELECT seq, id, status FROM directives WHERE document_id = ? ORDER BY seq', [id]);
    rec.directives.forEach((d, i) => {
      d.id = status[i]?.id ?? `${id}-${i + 1}`;
    });
    return rec;
  }

  async getLines(id: string): Promise<TextLineT[] | null> {
    if (!(await this.hasDocument(id))) return null;
    const rows = await this.db.all<{ line: number; page: number; text: string; confidence: number | null }>(
      'SELECT line, page, text, confidence FROM lines WHERE document_id = ? ORDER BY line', [id]);
    return rows.map((r) => ({ line: r.line, page: r.page, text: r.text, ...(r.confidence == null ? {} : { confidence: r.confidence }) }));
  }

  async getOriginal(id: string) {
    const rows = await this.db.all<{ bytes: Uint8Array | ArrayBuffer; media_type: string; filename: string }>(
      'SELECT o.bytes, d.media_type, d.filename FROM originals o JOIN documents d ON d.id = o.document_id WHERE d.id = ?', [id]);
    if (!rows.length) return null;
    const b = rows[0].bytes;
    return { bytes: b instanceof Uint8Array ? b : new Uint8Array(b), mediaType: rows[0].media_type, filename: rows[0].filename };
  }

  async deleteDocument(id: string): Promise<boolean> {
    if (!(await this.hasDocument(id))) return false;
    await this.db.batch([
      agencyStatsStatement(id, -1),
      // FTS rows share the rowid of their source row; the source tables are indexed by document.
      { sql: 'DELETE FROM lines_fts WHERE rowid IN (SELECT rowid FROM lines WHERE document_id = ?)', params: [id] },
      { sql: 'DELETE FROM directives_fts WHERE rowid IN (SELECT rowid FROM directives WHERE document_id = ?)', params: [id] },
      { sql: 'DELETE FROM documents WHERE id = ?', params: [id] },
    ]);
    return true;
  }

  async listDocuments({ limit, offset }: { limit: number; offset: number }): Promise<Page<DocumentSummaryT>> {
    const total = (await this.db.all<{ n: number }>('SELECT count(*) AS n FROM documents'))[0].n;
    const items = await this.db.all<DocumentSummaryT & { media_type: string }>(
      `SELECT d.id, d.filename AS doc, d.media_type, d.doc_type, d.title, d.date, d.page_count AS pages,
              d.line_count AS lines, (SELECT count(*) FROM directives x WHERE x.document_id = d.id) AS directives, d.created_at
       FROM documents d ORDER BY d.created_at DESC, d.id LIMIT ? OFFSET ?`, [limit, offset]);
    return { items, total, limit, offset };
  }

  async searchLines(query: string, { limit, offset }: { limit: number; offset: number }): Promise<Page<LineHit>> {
    const r = await this.searchWith(query, { limit, offset, scope: 'lines' }, 'all');
    const items = r.items.map((h) => ({ document_id: h.document_id, line: h.line, text: h.text, score: h.score, page: h.page }));
    return { items, total: r.total, limit, offset, ...(r.total_is_estimate ? { total_is_estimate: true } : {}) };
  }

  async search(query: string, opts: { limit: number; offset: number; scope?: SearchScope }): Promise<SearchPage> {
    const all = await this.searchWith(query, opts, 'all');
    // Nothing has every word: rank what has some of them (BM25 favours hits with more of the words).
    if (all.total === 0 && words(query).length > 1) return this.searchWith(query, opts, 'any');
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
  private async searchWith(query: string, { limit, offset, scope = 'all' }: { limit: number; offset: number; scope?: SearchScope }, match: 'all' | 'any'): Promise<SearchPage> {
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
    const hits = await Promise.all(tables.map((t) =>
      this.db.all<HitRow>(firstOnly
        ? `SELECT f.rowid AS rid, ${hitColumns(t.kind)} FROM ${t.fts} f JOIN ${t.kind === 'line' ? 'lines' : 'directives'} x ON x.rowid = f.rowid
           WHERE ${t.fts} MATCH ? ORDER BY f.rowid LIMIT ?`
        : `SELECT rowid AS rid FROM ${t.fts} WHERE ${t.fts} MATCH ? ORDER BY rowid LIMIT ?`, [q, need + 1])));
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

  // Agency names and resolved queries, kept while the agency and alias counts stay the same (names are
  // never renamed or removed), so that an agency filter costs one tiny query instead of a scan and a match.
  private agencyCache: { version: string; names: AgencyName[]; resolved: Map<string, string[]> } | null = null;

  private async agencyNames(): Promise<{ names: AgencyName[]; resolved: Map<string, string[]> }> {
    const [v] = await this.db.all<{ a: number; b: number }>(
      'SELECT (SELECT count(*) FROM agencies) AS a, (SELECT count(*) FROM agency_aliases) AS b');
    const version = `${v.a}/${v.b}`;
    if (this.agencyCache?.version === version) return this.agencyCache;
    const rows = await this.db.all<{ id: string; name: string }>('SELECT id, name FROM agencies');
    const aliases = await this.db.all<{ alias: string; agency_id: string }>('SELECT alias, agency_id FROM agency_aliases');
    const byId = new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, aliases: [] as string[] }]));
    for (const a of aliases) byId.get(a.agency_id)?.aliases.push(a.alias);
    this.agencyCache = { version, names: [...byId.values()], resolved: new Map() };
    return this.agencyCache;
  }

  async resolveAgency(query: string): Promise<string[]> {
    const { names, resolved } = await this.agencyNames();
    let ids = resolved.get(query);
    if (!ids) {
      ids = resolveAgencies(query, names);
      if (resolved.size >= 1000) resolved.clear();
      resolved.set(query, ids);
    }
    return [...ids];
  }

  async addAgencyAlias(agencyId: string, alias: string): Promise<boolean> {
    const a = fold(alias).trim();
    if (!a || !(await this.db.all('SELECT 1 FROM agencies WHERE id = ?', [agencyId])).length) return false;
    await this.db.run('INSERT OR IGNORE INTO agency_aliases (alias, agency_id) VALUES (?, ?)', [a, agencyId]);
    return true;
  }

  /** WHERE clause and params for directive filters; null when the filters can match nothing. */
  private async directiveWhere(f: DirectiveFilters): Promise<{ sql: string; params: Param[]; count?: Statement } | null> {
    const where: string[] = [];
    const params: Param[] = [];
    let count: Statement | undefined;
    // rowid sets (words, agency): one alone is an IN test; both are intersected first, and the directives
    // are then read from that (usually small) intersection rather than by walking an index range.
    const sets: (Statement & { scan?: boolean })[] = [];
    if (f.q !== undefined) {
      const q = ftsQuery(f.q);
      if (!q) return null;
      sets.push({ sql: 'SELECT rowid FROM directives_fts WHERE directives_fts MATCH ?', params: [q] });
    }
    if (f.agency !== undefined) {
      const ids = await this.resolveAgency(f.agency);
      if (!ids.length) return null;
      const role = f.role && f.role !== 'any' ? ' AND role = ?' : '';
      const set = `SELECT directive_rowid FROM assignees WHERE agency_id IN (SELECT value FROM json_each(?))${role}`;
      const setParams = [JSON.stringify(ids), ...(role ? [f.role!] : [])];
      // A few directives: read them by rowid and sort. Many: walk the deadline index and test membership
      // (`+` keeps the planner off the rowid lookups), which stops once the page is full.
      const n = (await this.db.all<{ n: number }>(`SELECT count(*) AS n FROM (${set} LIMIT ${AGENCY_SCAN_FROM})`, setParams))[0].n;
      sets.push({ sql: set, params: setParams, scan: n >= AGENCY_SCAN_FROM });
      // counted on the assignees index alone when nothing else filters
      count = { sql: `SELECT count(DISTINCT directive_rowid) AS n FROM (${set} LIMIT ${COUNT_CAP * 4})`, params: setParams };
    }
    if (sets.length === 1) {
      where.push(`${sets[0].scan ? '+' : ''}d.rowid IN (${sets[0].sql})`);
      params.push(...sets[0].params);
    } else if (sets.length > 1) {
      where.push(`d.rowid IN (${sets.map((x) => x.sql).join(' INTERSECT ')})`);
      params.push(...sets.flatMap((x) => x.params));
    }
    // `+` keeps these off the indexes when the rows come from an intersection
    const u = sets.length > 1 ? '+' : '';
    const DUE_ = `${u}${DUE}`;
    // Date filters on the expression of the deadline indexes (undated rows sort as NO_DATE, so a
    // bound below it excludes them as `deadline_date <= ?` did).
    if (f.due_before) {
      where.push(`${DUE_} <= ?`);
      params.push(dateBound(f.due_before));
    }
    if (f.due_after) {
      where.push(`${DUE_} >= ? AND ${DUE_} < '${NO_DATE}'`);
      params.push(f.due_after);
    }
    if (f.overdue) {
      // the statuses that are not done, as an IN list so that directives_status_due serves it
      where.push(`${DUE_} < ? AND ${u}d.status IN ('open', 'in_progress')`);
      params.push(dateBound(f.today ?? new Date().toISOString().slice(0, 10)));
    }
    if (f.kind) {
      where.push(`${u}d.deadline_kind = ?`);
      params.push(f.kind);
    }
    if (f.document) {
      where.push('d.document_id = ?');
      params.push(f.document);
    }
    if (f.status) {
      where.push(`${u}d.status = ?`);
      params.push(f.status);
    }
    return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params, ...(count && where.length === 1 ? { count } : {}) };
  }

  private async withAssignees(rows: DirectiveRow[]): Promise<DirectiveView[]> {
    if (!rows.length) return [];
    const asg = await this.db.all<{ directive_id: string; agency_id: string; agency_name: string; role: 'lead' | 'cooperate' }>(
      `SELECT directive_id, agency_id, agency_name, role FROM assignees
       WHERE directive_id IN (SELECT value FROM json_each(?)) ORDER BY directive_id, seq`, [JSON.stringify(rows.map((r) => r.id))]);
    const by = new Map<string, DirectiveView['assignees']>();
    for (const a of asg) {
      const list = by.get(a.directive_id) ?? [];
      list.push({ agency: a.agency_name, agency_id: a.agency_id, role: a.role });
      by.set(a.directive_id, list);
    }
    return rows.map((r) => toDirective(r, by.get(r.id) ?? []));
  }

  async listDirectives(filters: DirectiveFilters, { limit, offset, after }: { limit: number; offset: number; after?: DirectiveCursor }): Promise<Page<DirectiveView>> {
    const w = await this.directiveWhere(filters);
    if (!w) return emptyPage(limit, offset);
    // Bounded count: a large result reports COUNT_CAP with total_is_estimate instead of counting every row.
    const n = (await this.db.all<{ n: number }>(
      w.count?.sql ?? `SELECT count(*) AS n FROM (SELECT 1 FROM directives d ${w.sql} LIMIT ${COUNT_CAP + 1})`, w.count?.params ?? w.params))[0].n;
    const estimate = n > COUNT_CAP;
    const total = Math.min(n, COUNT_CAP);
    const est = estimate ? { total_is_estimate: true } : {};
    if (!total || (!estimate && !after && offset >= total)) return { items: [], total, limit, offset, ...est };
    // Keyset after a cursor (exports), else offset; either way the page is found on the index alone and
    // only its rows are read and joined.
    const conds = w.sql ? [w.sql.slice('WHERE '.length)] : [];
    const params = [...w.params];
    if (after) {
      conds.push(`(${DUE}, d.document_id, d.seq) > (?, ?, ?)`);
      params.push(after.due, after.document_id, after.seq);
    }
    const order = `ORDER BY ${DUE}, d.document_id, d.seq`;
    // The page's rows with their assignees (one correlated read each, in seq order), then their documents
    // once each: a notice has several directives, and a document row is wide.
    const rows = await this.db.all<Omit<DirectiveRow, `doc_${string}`> & { asg: string }>(
      `SELECT d.id, d.document_id, d.seq, d.page, d.line, d.section, d.text, d.deadline_date, d.deadline_kind,
              d.deadline_text, d.deadline_rule, d.status, d.status_note, d.updated_at,
              (SELECT json_group_array(json_array(agency_id, agency_name, role))
                FROM (SELECT agency_id, agency_name, role FROM assignees s WHERE s.directive_id = d.id ORDER BY s.seq)) AS asg
       FROM directives d
       WHERE d.rowid IN (SELECT d.rowid FROM directives d ${conds.length ? `WHERE ${conds.join(' AND ')}` : ''} ${order} LIMIT ? OFFSET ?)
       ${order}`, [...params, limit, after ? 0 : offset]);
    const docs = new Map<string, { doc_filename: string; doc_title: string | null; doc_number: string | null; doc_type: string | null; doc_date: string | null }>();
    if (rows.length) {
      for (const r of await this.db.all<{ id: string; doc_filename: string; doc_title: string | null; doc_number: string | null; doc_type: string | null; doc_date: string | null }>(
        `SELECT id, filename AS doc_filename, title AS doc_title, number AS doc_number, doc_type, date AS doc_date
         FROM documents WHERE id IN (SELECT value FROM json_each(?))`, [JSON.stringify([...new Set(rows.map((r) => r.document_id))])])) {
        const { id, ...doc } = r;
        docs.set(id, doc);
      }
    }
    const items = rows.map(({ asg, ...r }) => {
      const assignees = (JSON.parse(asg) as [string, string, 'lead' | 'cooperate'][]).map(([agency_id, agency, role]) => ({ agency, agency_id, role }));
      return toDirective({ ...r, ...docs.get(r.document_id)! }, assignees);
    });
    return { items, total, limit, offset, ...est };
  }

  async getDirective(id: string): Promise<(DirectiveView & { history: DirectiveHistoryEntry[] }) | null> {
    const rows = await this.db.all<DirectiveRow>(
      `SELECT ${DIRECTIVE_COLUMNS} FROM directives d JOIN documents doc ON doc.id = d.document_id WHERE d.id = ?`, [id]);
    if (!rows.length) return null;
    const [view] = await this.withAssignees(rows);
    const history = await this.db.all<DirectiveHistoryEntry>(
      'SELECT at, status, note, actor FROM directive_history WHERE directive_id = ? ORDER BY at, rowid', [id]);
    return { ...view, history };
  }

  async updateDirectiveStatus(id: string, change: { status: DirectiveStatus; note?: string | null; actor?: string | null }) {
    if (!(await this.db.all('SELECT 1 FROM directives WHERE id = ?', [id])).length) return null;
    const at = now();
    await this.db.batch([
      // The agencies' open counts move when the status crosses done; read the old status in the same transaction.
      {
        sql: `UPDATE agency_stats SET open = open + (CASE WHEN ? = 'done' THEN 0 ELSE 1 END)
                - (SELECT CASE WHEN status = 'done' THEN 0 ELSE 1 END FROM directives WHERE id = ?)
              WHERE agency_id IN (SELECT agency_id FROM assignees WHERE directive_id = ?)`,
        params: [change.status, id, id],
      },
      { sql: 'UPDATE directives SET status = ?, status_note = ?, updated_at = ? WHERE id = ?', params: [change.status, change.note ?? null, at, id] },
      {
        sql: 'INSERT INTO directive_history (directive_id, at, status, note, actor) VALUES (?, ?, ?, ?, ?)',
        params: [id, at, change.status, change.note ?? null, change.actor ?? null],
      },
    ]);
    const { history: _h, ...view } = (await this.getDirective(id))!;
    return view;
  }

  private async agencySummaries(where: string, params: Param[], limit: number, offset: number): Promise<AgencySummary[]> {
    // Counts come from agency_stats, kept by the writes; an agency without directives has no row there.
    const rows = await this.db.all<Omit<AgencySummary, 'aliases'> & { aliases: string | null }>(
      `SELECT a.id, a.name, (SELECT group_concat(alias, char(31)) FROM agency_aliases al WHERE al.agency_id = a.id) AS aliases,
              coalesce(st.directives, 0) AS directives, coalesce(st.lead, 0) AS lead, coalesce(st.open, 0) AS open
       FROM agencies a LEFT JOIN agency_stats st ON st.agency_id = a.id ${where}
       ORDER BY directives DESC, a.name LIMIT ? OFFSET ?`, [...params, limit, offset]);
    return rows.map((r) => ({ ...r, aliases: r.aliases ? r.aliases.split('\u001f') : [] }));
  }

  async listAgencies({ limit, offset, q }: { limit: number; offset: number; q?: string }): Promise<Page<AgencySummary>> {
    let where = '';
    const params: Param[] = [];
    if (q !== undefined) {
      const ids = await this.resolveAgency(q);
      if (!ids.length) return emptyPage(limit, offset);
      where = 'WHERE a.id IN (SELECT value FROM json_each(?))';
      params.push(JSON.stringify(ids));
    }
    const total = (await this.db.all<{ n: number }>(`SELECT count(*) AS n FROM agencies a ${where}`, params))[0].n;
    return { items: await this.agencySummaries(where, params, limit, offset), total, limit, offset };
  }

  async getAgency(id: string): Promise<AgencySummary | null> {
    const [a] = await this.agencySummaries('WHERE a.id = ?', [id], 1, 0);
    return a ?? null;
  }

  async createWebhook(hook: { id: string; url: string; secret: string; events: string[] }): Promise<Webhook> {
    const created_at = now();
    await this.db.run('INSERT INTO webhooks (id, url, secret, events, created_at) VALUES (?, ?, ?, ?, ?)',
      [hook.id, hook.url, hook.secret, hook.events.join(','), created_at]);
    return { id: hook.id, url: hook.url, events: hook.events, created_at };
  }

  async listWebhooks(): Promise<Webhook[]> {
    const rows = await this.db.all<{ id: string; url: string; events: string; created_at: string }>(
      'SELECT id, url, events, created_at FROM webhooks ORDER BY created_at, id');
    return rows.map((r) => ({ ...r, events: r.events.split(',') }));
  }

  async getWebhook(id: string): Promise<(Webhook & { secret: string }) | null> {
    const rows = await this.db.all<{ id: string; url: string; secret: string; events: string; created_at: string }>(
      'SELECT id, url, secret, events, created_at FROM webhooks WHERE id = ?', [id]);
    return rows.length ? { ...rows[0], events: rows[0].events.split(',') } : null;
  }

  async deleteWebhook(id: string): Promise<boolean> {
    const r = await this.db.run('DELETE FROM webhooks WHERE id = ?', [id]);
    return r.changes > 0;
  }

  async logDelivery(d: WebhookDelivery): Promise<void> {
    await this.db.run(
      `INSERT OR REPLACE INTO webhook_deliveries (webhook_id, delivery_id, event, document_id, attempt, at, status, ok, error, duration_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [d.webhook_id, d.delivery_id, d.event, d.document_id, d.attempt, d.at, d.status, d.ok ? 1 : 0, d.error, d.duration_ms]);
  }

  async listDeliveries(webhookId: string, { limit }: { limit: number }): Promise<WebhookDelivery[]> {
    const rows = await this.db.all<Omit<WebhookDelivery, 'ok'> & { ok: number }>(
      `SELECT webhook_id, delivery_id, event, document_id, attempt, at, status, ok, error, duration_ms
       FROM webhook_deliveries WHERE webhook_id = ? ORDER BY at DESC, attempt DESC LIMIT ?`, [webhookId, limit]);
    return rows.map((r) => ({ ...r, ok: !!r.ok }));
  }

  async createJob(job: NewJob): Promise<Job> {
    const t = now();
    await this.db.run(
      `INSERT INTO jobs (id, document_id, filename, declared_type, input, state, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'queued', ?, ?)`,
      [job.id, job.documentId, job.filename, job.declaredType ?? null, job.input, t, t]);
    return (await this.getJob(job.id))!;
  }

  async getJob(id: string): Promise<Job | null> {
    const rows = await this.db.all<JobRow>(
      `SELECT id, document_id, filename, declared_type, state, stage, pages_done, pages_total, error_code, error_message,
              attempts, created_at, updated_at FROM jobs WHERE id = ?`, [id]);
    return rows.length ? toJob(rows[0]) : null;
  }

  async getJobInput(id: string): Promise<Uint8Array | null> {
    const rows = await this.db.all<{ input: Uint8Array | ArrayBuffer | null }>('SELECT input FROM jobs WHERE id = ?', [id]);
    const b = rows[0]?.input;
    if (!b) return null;
    return b instanceof Uint8Array ? b : new Uint8Array(b);
  }

  async updateJob(id: string, patch: Partial<Pick<Job, 'state' | 'stage' | 'pages_done' | 'pages_total' | 'error'>>) {
    const sets: string[] = [];
    const params: Param[] = [];
    for (const key of ['state', 'stage', 'pages_done', 'pages_total'] as const) {
      if (patch[key] !== undefined) {
        sets.push(`${key} = ?`);
        params.push(patch[key] as Param);
      }
    }
    if (patch.error !== undefined) {
      sets.push('error_code = ?', 'error_message = ?');
      params.push(patch.error?.code ?? null, patch.error?.message ?? null);
    }
    if (patch.state === 'failed') sets.push('input = NULL');
    if (patch.state === 'running') sets.push('attempts = attempts + 1');
    sets.push('updated_at = ?');
    params.push(now(), id);
    await this.db.run(`UPDATE jobs SET ${sets.join(', ')} WHERE id = ?`, params);
  }

  async recoverJobs(maxAttempts: number): Promise<Job[]> {
    await this.db.run(
      `UPDATE jobs SET state = 'failed', input = NULL, error_code = 'interrupted',
         error_message = 'processing was interrupted ' || attempts || ' times; giving up', updated_at = ?
       WHERE state = 'running' AND attempts >= ?`, [now(), maxAttempts]);
    await this.db.run(`UPDATE jobs SET state = 'queued', updated_at = ? WHERE state = 'running'`, [now()]);
    const rows = await this.db.all<JobRow>(
      `SELECT id, document_id, filename, declared_type, state, stage, pages_done, pages_total, error_code, error_message,
              attempts, created_at, updated_at FROM jobs WHERE state = 'queued' ORDER BY created_at`);
    return rows.map(toJob);
  }
}
