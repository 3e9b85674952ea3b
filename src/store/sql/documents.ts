// Documents: a notice written whole in one batch (document, original, pages, lines, directives,
// assignees, agencies, statistics, references, search rows), read back, listed and deleted.
import { VanbanError } from '../../errors.js';
import { fold, slug } from '../../text/fold.js';
import { type DigitalSignatureT, NoticeRecord, type DocumentSummaryT, type NoticeRecordT, type TextLineT } from '../../record.js';
import type { Page } from '../shapes.js';
import type { NewDocument } from '../types.js';
import { agencyStatsStatement } from './agencies.js';
import { insertRows, now, type Param, type SqlExecutor, type Statement } from './executor.js';
import { ftsStatements } from './fulltext.js';
import { documentCondition } from './docfilter.js';
import { DOCUMENT_SORTS, type DocumentListOptions } from './document-list.js';
import { finishJobStatements } from './jobs.js';

export type { DocumentFilters } from './docfilter.js';
export { DOCUMENT_SORTS, type DocumentListOptions, type DocumentSort } from './document-list.js';

export class SqlDocuments {
  constructor(readonly db: SqlExecutor) {}

  async hasDocument(id: string) {
    const rows = await this.db.all('SELECT 1 FROM documents WHERE id = ?', [id]);
    return rows.length > 0;
  }

  async putDocument(doc: NewDocument, options: { finishJob?: string } = {}): Promise<boolean> {
    if (await this.hasDocument(doc.id)) {
      if (options.finishJob) await this.db.batch(finishJobStatements(options.finishJob));
      return false;
    }
    const created = now();
    // the ids the rows get (`<document id>-<seq>`), in the stored record too
    const rec = withStoredIds(doc.record);
    const stmts: Statement[] = [];
    stmts.push({
      sql: `INSERT INTO documents (id, sha256, filename, media_type, size, page_count, line_count, doc_type, title,
              issuer, date, number, record_json, created_at, signed_by, signed_at, signers_folded)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      params: [doc.id, doc.sha256, doc.filename, doc.mediaType, doc.original.length, doc.pages.length, doc.lines.length,
        rec.doc_type, rec.title, rec.issuer, rec.date, rec.number ?? null, JSON.stringify(rec), created,
        rec.signature?.signed_by ?? null, rec.signature?.signed_at ?? null, signersFolded(rec.signatures ?? [])],
    });
    stmts.push({ sql: 'INSERT INTO originals (document_id, bytes) VALUES (?, ?)', params: [doc.id, doc.original] });
    stmts.push(...insertRows('pages', ['document_id', 'number', 'source', 'width', 'height'],
      doc.pages.map((p) => [doc.id, p.number, p.source, p.width ?? null, p.height ?? null])));
    stmts.push(...insertRows('lines', ['document_id', 'line', 'page', 'text', 'raw_text', 'confidence', 'bbox', 'words'],
      doc.lines.map((l, i) => [doc.id, l.line, l.page, l.text, doc.rawLines[i]?.text ?? l.text, l.confidence ?? null, ...geometry(doc.rawLines[i] ?? l)])));
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
    if (options.finishJob) stmts.push(...finishJobStatements(options.finishJob));
    await this.db.batch(stmts);
    return true;
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

  async listDocuments({ limit, offset, signed_by, sort, order, ...docFilters }: DocumentListOptions): Promise<Page<DocumentSummaryT>> {
    const conds: string[] = [];
    const filter: Param[] = [];
    // signed_by: words of a signer or organisation, diacritics optional, matched in order
    if (signed_by) {
      conds.push("d.signers_folded LIKE ? ESCAPE '\\'");
      filter.push(`%${likeEscape(fold(signed_by).replace(/\s+/g, ' ').trim())}%`);
    }
    const docs = await documentCondition(this.db, docFilters, 'd');
    if (!docs) return { items: [], total: 0, limit, offset };
    if (docs.sql) {
      conds.push(docs.sql);
      filter.push(...docs.params);
    }
    const where = conds.length ? `WHERE ${conds.join(' AND ')}` : '';
    const col = Object.hasOwn(SORT_COLUMNS, sort ?? 'created') ? SORT_COLUMNS[sort ?? 'created'] : null;
    if (!col) throw new VanbanError(400, 'bad_sort', `sort must be one of ${DOCUMENT_SORTS.join(', ')}`);
    if (order !== undefined && order !== 'asc' && order !== 'desc') throw new VanbanError(400, 'bad_sort', 'order must be asc or desc');
    const dir = (order ?? (sort === undefined || sort === 'created' || sort === 'date' || sort === 'directives' ? 'desc' : 'asc')).toUpperCase();
    const total = (await this.db.all<{ n: number }>(`SELECT count(*) AS n FROM documents d ${where}`, filter))[0].n;
    const items = await this.db.all<DocumentSummaryT & { media_type: string }>(
      `SELECT d.id, d.filename AS doc, d.media_type, d.doc_type, d.title, d.date, d.number, d.issuer, d.page_count AS pages,
              d.line_count AS lines, (SELECT count(*) FROM directives x WHERE x.document_id = d.id) AS directives, d.created_at,
              d.signed_by, d.signed_at
       FROM documents d ${where} ORDER BY ${col} IS NULL, ${col} ${dir}, d.created_at DESC, d.id LIMIT ? OFFSET ?`, [...filter, limit, offset]);
    return { items, total, limit, offset };
  }
}

// fixed SQL per sort key: the column name never comes from the request
const SORT_COLUMNS: Record<string, string> = {
  created: 'd.created_at',
  date: 'd.date',
  number: 'd.number',
  issuer: 'd.issuer',
  doc_type: 'd.doc_type',
  directives: '(SELECT count(*) FROM directives x WHERE x.document_id = d.id)',
};

/** The record with its directives' ids as stored (`<document id>-<seq>`, as GET and PATCH use them). */
export function withStoredIds<T extends NoticeRecordT>(rec: T): T {
  return { ...rec, directives: rec.directives.map((d, i) => ({ ...d, id: `${rec.id}-${i + 1}` })) };
}

/** A line's box (the union of its words' boxes) and its OCR words as JSON; nulls when OCR gave none. */
function geometry(l: TextLineT): [string | null, string | null] {
  const words = l.words?.filter((w) => w.bbox);
  if (!words?.length) return [null, null];
  const b = words.map((w) => w.bbox!);
  const box = [Math.min(...b.map((x) => x[0])), Math.min(...b.map((x) => x[1])), Math.max(...b.map((x) => x[2])), Math.max(...b.map((x) => x[3]))];
  return [JSON.stringify(box), JSON.stringify(l.words!.map((w) => ({ text: w.text, confidence: w.confidence, ...(w.bbox ? { bbox: w.bbox } : {}) })))];
}

/** Every signer and organisation of a PDF, folded, one per line (null when unsigned). */
export function signersFolded(signatures: DigitalSignatureT[]): string | null {
  const names = signatures.flatMap((s) => [s.signed_by, s.organisation]).filter((n): n is string => !!n);
  return names.length ? [...new Set(names.map((n) => fold(n).replace(/\s+/g, ' ').trim()))].join('\n') : null;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

