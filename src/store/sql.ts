// One Store implementation over a minimal SQL executor; the SQLite and D1 adapters only execute.
import { fold, slug } from '../fold.js';
import { NoticeRecord, type DeadlineT, type DocumentSummaryT, type NoticeRecordT, type TextLineT } from '../record.js';
import { exactQuery, foldedQuery, highlight, resolveAgencies, words, type AgencyName } from './search.js';
import type {
  AgencySummary,
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

const now = () => new Date().toISOString();

/** Index a document's lines or directives (already inserted in the same batch) by rowid, folded and exact. */
function ftsStatements(kind: 'lines' | 'directives', documentId: string): Statement[] {
  // Read from the source table (indexed by document), never from the FTS table (document_id is unindexed there).
  const [fts, xfts, cols, from] =
    kind === 'lines'
      ? ['lines_fts', 'lines_xfts', 'document_id, line', "FROM lines WHERE document_id = ? AND trim(text) <> ''"]
      : ['directives_fts', 'directives_xfts', 'directive_id, document_id', 'FROM directives WHERE document_id = ?'];
  const key = kind === 'lines' ? 'document_id, line' : 'id, document_id';
  return [
    { sql: `INSERT INTO ${fts} (rowid, folded, exact, ${cols}) SELECT rowid, ${FOLD_SQL('text')}, text, ${key} ${from}`, params: [documentId] },
    { sql: `INSERT INTO ${xfts} (rowid, exact) SELECT rowid, text ${from}`, params: [documentId] },
  ];
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
      // FTS rows share the rowid of their source row; the source tables are indexed by document.
      { sql: 'DELETE FROM lines_xfts WHERE rowid IN (SELECT rowid FROM lines WHERE document_id = ?)', params: [id] },
      { sql: 'DELETE FROM lines_fts WHERE rowid IN (SELECT rowid FROM lines WHERE document_id = ?)', params: [id] },
      { sql: 'DELETE FROM directives_xfts WHERE rowid IN (SELECT rowid FROM directives WHERE document_id = ?)', params: [id] },
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
    const q = ftsQuery(query);
    if (!q) return { items: [], total: 0, limit, offset };
    const total = (await this.db.all<{ n: number }>('SELECT count(*) AS n FROM lines_fts WHERE lines_fts MATCH ?', [q]))[0].n;
    const rows = await this.db.all<{ document_id: string; line: number; text: string; score: number; page: number }>(
      `SELECT f.document_id, f.line, l.text, bm25(lines_fts, 1.0, 0.0) AS score, l.page
       FROM lines_fts f JOIN lines l ON l.rowid = f.rowid
       WHERE lines_fts MATCH ? ORDER BY score LIMIT ? OFFSET ?`, [q, limit, offset]);
    return { items: rows, total, limit, offset };
  }

  async search(query: string, opts: { limit: number; offset: number; scope?: SearchScope }): Promise<SearchPage> {
    const all = await this.searchWith(query, opts, 'all');
    // Nothing has every word: rank what has some of them (BM25 favours hits with more of the words).
    if (all.total === 0 && words(query).length > 1) return this.searchWith(query, opts, 'any');
    return all;
  }

  private async searchWith(query: string, { limit, offset, scope = 'all' }: { limit: number; offset: number; scope?: SearchScope }, match: 'all' | 'any'): Promise<SearchPage> {
    const q = ftsQuery(query, match);
    if (!q) return { ...emptyPage<SearchHit>(limit, offset), match };
    const xq = exactQuery(query, match);
    const tables = [
      ...(scope !== 'directives' ? [{ kind: 'line', fts: 'lines_fts', xfts: 'lines_xfts' }] : []),
      ...(scope !== 'lines' ? [{ kind: 'directive', fts: 'directives_fts', xfts: 'directives_xfts' }] : []),
    ];
    // Rank on (kind, rowid, score, exact) only; the text of the page's hits is read afterwards by rowid.
    const parts: string[] = [];
    const params: Param[] = [];
    for (const t of tables) {
      const exact = xq ? `rowid IN (SELECT rowid FROM ${t.xfts} WHERE ${t.xfts} MATCH ?)` : '0';
      parts.push(`SELECT '${t.kind}' AS kind, rowid AS rid, bm25(${t.fts}, 1.0, 0.0) AS score, ${exact} AS exact
        FROM ${t.fts} WHERE ${t.fts} MATCH ?`);
      params.push(...(xq ? [xq] : []), q);
    }
    const ranked = await this.db.all<{ kind: 'line' | 'directive'; rid: number; score: number; exact: number }>(
      `SELECT kind, rid, score, exact FROM (${parts.join(' UNION ALL ')}) ORDER BY exact DESC, score, kind DESC, rid LIMIT ? OFFSET ?`,
      [...params, limit, offset]);
    const counts = await Promise.all(tables.map((t) => this.db.all<{ n: number }>(`SELECT count(*) AS n FROM ${t.fts} WHERE ${t.fts} MATCH ?`, [q])));
    const total = counts.reduce((n, c) => n + c[0].n, 0);
    const rowids = (kind: string) => JSON.stringify(ranked.filter((r) => r.kind === kind).map((r) => r.rid));
    type Content = { rid: number; document_id: string; directive_id: string | null; page: number; line: number; text: string };
    const content = new Map<string, Content>();
    if (ranked.some((r) => r.kind === 'line')) {
      for (const c of await this.db.all<Content>(
        `SELECT rowid AS rid, document_id, NULL AS directive_id, page, line, text FROM lines WHERE rowid IN (SELECT value FROM json_each(?))`, [rowids('line')])) {
        content.set(`line:${c.rid}`, c);
      }
    }
    if (ranked.some((r) => r.kind === 'directive')) {
      for (const c of await this.db.all<Content>(
        `SELECT rowid AS rid, document_id, id AS directive_id, page, line, text FROM directives WHERE rowid IN (SELECT value FROM json_each(?))`, [rowids('directive')])) {
        content.set(`directive:${c.rid}`, c);
      }
    }
    const items: SearchHit[] = [];
    for (const r of ranked) {
      const c = content.get(`${r.kind}:${r.rid}`);
      if (!c) continue;
      items.push({
        kind: r.kind, document_id: c.document_id, directive_id: c.directive_id, page: c.page, line: c.line, text: c.text,
        exact: !!r.exact, score: r.score, ...highlight(c.text, query),
      });
    }
    return { items, total, limit, offset, match };
  }

  private async agencyNames(): Promise<AgencyName[]> {
    const rows = await this.db.all<{ id: string; name: string }>('SELECT id, name FROM agencies');
    const aliases = await this.db.all<{ alias: string; agency_id: string }>('SELECT alias, agency_id FROM agency_aliases');
    const byId = new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, aliases: [] as string[] }]));
    for (const a of aliases) byId.get(a.agency_id)?.aliases.push(a.alias);
    return [...byId.values()];
  }

  async resolveAgency(query: string): Promise<string[]> {
    return resolveAgencies(query, await this.agencyNames());
  }

  async addAgencyAlias(agencyId: string, alias: string): Promise<boolean> {
    const a = fold(alias).trim();
    if (!a || !(await this.db.all('SELECT 1 FROM agencies WHERE id = ?', [agencyId])).length) return false;
    await this.db.run('INSERT OR IGNORE INTO agency_aliases (alias, agency_id) VALUES (?, ?)', [a, agencyId]);
    return true;
  }

  /** WHERE clause and params for directive filters; null when the filters can match nothing. */
  private async directiveWhere(f: DirectiveFilters): Promise<{ sql: string; params: Param[] } | null> {
    const where: string[] = [];
    const params: Param[] = [];
    if (f.q !== undefined) {
      const q = ftsQuery(f.q);
      if (!q) return null;
      where.push('d.rowid IN (SELECT rowid FROM directives_fts WHERE directives_fts MATCH ?)');
      params.push(q);
    }
    if (f.agency !== undefined) {
      const ids = await this.resolveAgency(f.agency);
      if (!ids.length) return null;
      const role = f.role && f.role !== 'any' ? ' AND role = ?' : '';
      where.push(`d.id IN (SELECT directive_id FROM assignees WHERE agency_id IN (SELECT value FROM json_each(?))${role})`);
      params.push(JSON.stringify(ids), ...(role ? [f.role!] : []));
    }
    if (f.due_before) {
      where.push('d.deadline_date <= ?');
      params.push(f.due_before);
    }
    if (f.due_after) {
      where.push('d.deadline_date >= ?');
      params.push(f.due_after);
    }
    if (f.overdue) {
      where.push("d.deadline_date < ? AND d.status <> 'done'");
      params.push(f.today ?? new Date().toISOString().slice(0, 10));
    }
    if (f.kind) {
      where.push('d.deadline_kind = ?');
      params.push(f.kind);
    }
    if (f.document) {
      where.push('d.document_id = ?');
      params.push(f.document);
    }
    if (f.status) {
      where.push('d.status = ?');
      params.push(f.status);
    }
    return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
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

  async listDirectives(filters: DirectiveFilters, { limit, offset }: { limit: number; offset: number }): Promise<Page<DirectiveView>> {
    const w = await this.directiveWhere(filters);
    if (!w) return emptyPage(limit, offset);
    const total = (await this.db.all<{ n: number }>(`SELECT count(*) AS n FROM directives d ${w.sql}`, w.params))[0].n;
    if (!total || offset >= total) return { items: [], total, limit, offset };
    const rows = await this.db.all<DirectiveRow>(
      `SELECT ${DIRECTIVE_COLUMNS} FROM directives d JOIN documents doc ON doc.id = d.document_id ${w.sql}
       ORDER BY coalesce(d.deadline_date, '9999-12-31'), d.document_id, d.seq LIMIT ? OFFSET ?`, [...w.params, limit, offset]);
    return { items: await this.withAssignees(rows), total, limit, offset };
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
    // Counted per agency first (one pass over assignees), then joined to the names.
    const rows = await this.db.all<Omit<AgencySummary, 'aliases'> & { aliases: string | null }>(
      `WITH c AS (
         SELECT s.agency_id, count(DISTINCT s.directive_id) AS n,
                count(DISTINCT CASE WHEN s.role = 'lead' THEN s.directive_id END) AS lead,
                count(DISTINCT CASE WHEN d.status <> 'done' THEN s.directive_id END) AS open
         FROM assignees s JOIN directives d ON d.id = s.directive_id
         ${where ? where.replace(/\ba\.id\b/g, 's.agency_id') : ''}
         GROUP BY s.agency_id)
       SELECT a.id, a.name, (SELECT group_concat(alias, char(31)) FROM agency_aliases al WHERE al.agency_id = a.id) AS aliases,
              coalesce(c.n, 0) AS directives, coalesce(c.lead, 0) AS lead, coalesce(c.open, 0) AS open
       FROM agencies a LEFT JOIN c ON c.agency_id = a.id ${where}
       ORDER BY directives DESC, a.name LIMIT ? OFFSET ?`, [...params, ...params, limit, offset]);
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
