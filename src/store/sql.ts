// One Store implementation over a minimal SQL executor; the SQLite and D1 adapters only execute.
import { fold, slug } from '../fold.js';
import { NoticeRecord, type DocumentSummaryT, type NoticeRecordT, type TextLineT } from '../record.js';
import type { Job, LineHit, NewDocument, NewJob, Page, Store } from './types.js';

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

/** The user's words as an FTS5 query: each word quoted, so operators in the input stay plain words. */
export function ftsQuery(query: string): string {
  const words = fold(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  return words.map((w) => `"${w}"`).join(' ');
}

const now = () => new Date().toISOString();

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
    stmts.push(...insertRows('lines_fts', ['folded', 'exact', 'document_id', 'line'],
      doc.lines.filter((l) => l.text.trim()).map((l) => [fold(l.text), l.text, doc.id, l.line])));

    const agencies = new Map<string, string>();
    for (const a of rec.agencies) agencies.set(a.id, a.name);
    const dirRows: Param[][] = [];
    const asgRows: Param[][] = [];
    const ftsRows: Param[][] = [];
    rec.directives.forEach((d, i) => {
      const id = `${doc.id}-${i + 1}`;
      dirRows.push([id, doc.id, i + 1, d.page, d.line, d.section, d.text, d.deadline?.date ?? null, d.deadline?.kind ?? null,
        d.deadline?.text ?? null, d.deadline?.rule ?? null, created]);
      d.assignees.forEach((a, k) => {
        const agencyId = a.agency_id || slug(a.agency);
        if (!agencies.has(agencyId)) agencies.set(agencyId, a.agency);
        asgRows.push([id, k + 1, agencyId, a.agency, a.role]);
      });
      ftsRows.push([fold(d.text), d.text, id, doc.id]);
    });
    // Agencies are shared by all documents: keep the first name seen for an id.
    for (const [id, name] of agencies) {
      stmts.push({ sql: 'INSERT OR IGNORE INTO agencies (id, name, folded) VALUES (?, ?, ?)', params: [id, name, fold(name)] });
    }
    stmts.push(...insertRows('directives', ['id', 'document_id', 'seq', 'page', 'line', 'section', 'text', 'deadline_date',
      'deadline_kind', 'deadline_text', 'deadline_rule', 'updated_at'], dirRows));
    stmts.push(...insertRows('assignees', ['directive_id', 'seq', 'agency_id', 'agency_name', 'role'], asgRows));
    stmts.push(...insertRows('directives_fts', ['folded', 'exact', 'directive_id', 'document_id'], ftsRows));
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
      { sql: 'DELETE FROM lines_fts WHERE document_id = ?', params: [id] },
      { sql: 'DELETE FROM directives_fts WHERE document_id = ?', params: [id] },
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
      `SELECT f.document_id, f.line, f.exact AS text, bm25(lines_fts) AS score, l.page
       FROM lines_fts f JOIN lines l ON l.document_id = f.document_id AND l.line = f.line
       WHERE lines_fts MATCH ? ORDER BY score LIMIT ? OFFSET ?`, [q, limit, offset]);
    return { items: rows, total, limit, offset };
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
