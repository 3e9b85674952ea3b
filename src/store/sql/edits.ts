// Corrections and review: a revised record written whole in one batch (document columns, record_json, lines,
// directives, assignees, agencies, per-agency counts, search rows, the write's audit row and its edits), the
// edit history, and the stored geometry of OCR lines.
import { fold, slug } from '../../text/fold.js';
import type { NoticeRecordT } from '../../record.js';
import type { EditChange, PageGeometry } from '../shapes.js';
import type { NewAuditEntry } from './audit.js';
import { agencyStatsStatement } from './agencies.js';
import { insertRows, now, type Param, type SqlExecutor, type Statement } from './executor.js';

/** A stored line as read back for review: words are as OCR read them (before repair); null for text. */
export interface StoredLine {
  page: number;
  line: number;
  text: string;
  raw_text: string;
  confidence: number | null;
  bbox: [number, number, number, number] | null;
  words: { text: string; confidence: number; bbox?: [number, number, number, number] }[] | null;
}

/** One change as stored: `line` is a corrected directive's line (re-applied there after re-extraction). */
export type StoredChange = EditChange & { line?: number | null };

export interface DocumentRevision {
  /** the whole new record; its directives replace the stored ones seq by seq */
  record: NoticeRecordT;
  /** lines whose repaired text changes (raw text is kept) */
  lines?: { line: number; text: string }[];
  changes: StoredChange[];
  /** the write's audit row, written in the same batch so that its edits can point to it */
  audit: NewAuditEntry;
}

/** The latest hand correction of each field: a document field, or a directive field at a line. */
export interface StandingCorrection {
  target: string;
  line: number | null;
  field: string;
  value: unknown;
}

const FOLD_SQL = "replace(replace(text, 'đ', 'd'), 'Đ', 'D')";
const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

export class SqlEdits {
  constructor(readonly db: SqlExecutor) {}

  async getPages(id: string): Promise<{ mediaType: string; pages: PageGeometry[] } | null> {
    const doc = await this.db.all<{ media_type: string }>('SELECT media_type FROM documents WHERE id = ?', [id]);
    if (!doc.length) return null;
    const pages = await this.db.all<PageGeometry>(
      'SELECT number, source, width, height FROM pages WHERE document_id = ? ORDER BY number', [id]);
    return { mediaType: doc[0].media_type, pages };
  }

  async getStoredLines(id: string): Promise<StoredLine[] | null> {
    if (!(await this.db.all('SELECT 1 FROM documents WHERE id = ?', [id])).length) return null;
    const rows = await this.db.all<Omit<StoredLine, 'bbox' | 'words'> & { bbox: string | null; words: string | null }>(
      'SELECT page, line, text, raw_text, confidence, bbox, words FROM lines WHERE document_id = ? ORDER BY line', [id]);
    return rows.map((r) => ({ ...r, bbox: r.bbox ? JSON.parse(r.bbox) : null, words: r.words ? JSON.parse(r.words) : null }));
  }

  async reviseDocument(id: string, rev: DocumentRevision): Promise<void> {
    const at = rev.audit.at ?? now();
    const rec = rev.record;
    const old = await this.db.all<{ id: string; seq: number; line: number }>(
      'SELECT id, seq, line FROM directives WHERE document_id = ? ORDER BY seq', [id]);
    const stmts: Statement[] = [];
    // counts out before the directives change, back in after (both from the rows as they are then)
    stmts.push(agencyStatsStatement(id, -1));
    stmts.push({ sql: 'DELETE FROM directives_fts WHERE rowid IN (SELECT rowid FROM directives WHERE document_id = ?)', params: [id] });
    stmts.push({ sql: 'DELETE FROM assignees WHERE directive_id IN (SELECT id FROM directives WHERE document_id = ?)', params: [id] });

    if (rev.lines?.length) {
      const edits = JSON.stringify(rev.lines.map((l) => [l.line, l.text]));
      const which = 'document_id = ? AND line IN (SELECT value->>0 FROM json_each(?))';
      stmts.push({ sql: `DELETE FROM lines_fts WHERE rowid IN (SELECT rowid FROM lines WHERE ${which})`, params: [id, edits] });
      stmts.push({
        sql: `UPDATE lines SET text = (SELECT value->>1 FROM json_each(?) WHERE value->>0 = lines.line) WHERE ${which}`,
        params: [edits, id, edits],
      });
      stmts.push({ sql: `INSERT INTO lines_fts (rowid, folded) SELECT rowid, ${FOLD_SQL} FROM lines WHERE ${which} AND trim(text) <> ''`, params: [id, edits] });
    }

    // Directives keep their rows (and tracking status) seq by seq; a seq whose directive now starts on
    // another line is another task: its status starts again at open and its status history goes.
    const agencies = new Map<string, string>();
    for (const a of rec.agencies) agencies.set(a.id, a.name);
    const updates: Param[][] = [];
    const inserts: Param[][] = [];
    const asgRows: Param[][] = [];
    const reset: string[] = [];
    rec.directives.forEach((d, i) => {
      const seq = i + 1;
      const did = `${id}-${seq}`;
      const prev = old[i];
      const cols = [d.page, d.line, d.section, d.text, d.deadline?.date ?? null, d.deadline?.kind ?? null, d.deadline?.text ?? null, d.deadline?.rule ?? null];
      if (prev) {
        if (prev.line !== d.line) reset.push(prev.id);
        updates.push([prev.id, ...cols, prev.line !== d.line ? 1 : 0]);
      } else {
        inserts.push([did, id, seq, ...cols, at]);
      }
      d.assignees.forEach((a, k) => {
        const agencyId = a.agency_id || slug(a.agency);
        if (!agencies.has(agencyId)) agencies.set(agencyId, a.agency);
        asgRows.push([prev?.id ?? did, k + 1, agencyId, a.agency, a.role]);
      });
    });
    if (old.length > rec.directives.length) {
      // assignees and status history go with them (ON DELETE CASCADE)
      stmts.push({ sql: 'DELETE FROM directives WHERE document_id = ? AND seq > ?', params: [id, rec.directives.length] });
    }
    if (reset.length) {
      stmts.push({ sql: 'DELETE FROM directive_history WHERE directive_id IN (SELECT value FROM json_each(?))', params: [JSON.stringify(reset)] });
    }
    if (updates.length) {
      stmts.push({
        sql: `UPDATE directives SET page = j.value->>1, line = j.value->>2, section = j.value->>3, text = j.value->>4,
                deadline_date = j.value->>5, deadline_kind = j.value->>6, deadline_text = j.value->>7, deadline_rule = j.value->>8,
                status = CASE WHEN j.value->>9 = 1 THEN 'open' ELSE status END,
                status_note = CASE WHEN j.value->>9 = 1 THEN NULL ELSE status_note END, updated_at = ?
              FROM json_each(?) AS j WHERE directives.id = j.value->>0`,
        params: [at, JSON.stringify(updates)],
      });
    }
    stmts.push(...insertRows('directives', ['id', 'document_id', 'seq', 'page', 'line', 'section', 'text', 'deadline_date',
      'deadline_kind', 'deadline_text', 'deadline_rule', 'updated_at'], inserts));
    for (const [aid, name] of agencies) {
      stmts.push({ sql: 'INSERT OR IGNORE INTO agencies (id, name, folded) VALUES (?, ?, ?)', params: [aid, name, fold(name)] });
    }
    stmts.push(...insertRows('assignees', ['directive_id', 'seq', 'agency_id', 'agency_name', 'role'], asgRows));
    if (asgRows.length) {
      stmts.push({
        sql: `UPDATE assignees SET directive_rowid = (SELECT rowid FROM directives WHERE id = assignees.directive_id)
              WHERE directive_id IN (SELECT id FROM directives WHERE document_id = ?)`,
        params: [id],
      });
    }
    stmts.push(agencyStatsStatement(id, 1));
    stmts.push({ sql: `INSERT INTO directives_fts (rowid, folded) SELECT rowid, ${FOLD_SQL} FROM directives WHERE document_id = ?`, params: [id] });

    // statistics and references are re-read with the lines
    stmts.push({ sql: 'DELETE FROM statistics WHERE document_id = ?', params: [id] });
    stmts.push(...insertRows('statistics', ['document_id', 'seq', 'page', 'line', 'text', 'value', 'of', 'unit', 'subject'],
      rec.statistics.map((s, i) => [id, i + 1, s.page, s.line, s.text, s.value, s.of ?? null, s.unit, s.subject])));
    stmts.push({ sql: 'DELETE FROM doc_references WHERE document_id = ?', params: [id] });
    stmts.push(...insertRows('doc_references', ['document_id', 'seq', 'page', 'line', 'kind', 'number', 'date', 'issuer'],
      rec.references.map((r, i) => [id, i + 1, r.page, r.line, r.kind, r.number, r.date, r.issuer])));

    const stored = { ...rec, directives: rec.directives.map((d, i) => ({ ...d, id: `${id}-${i + 1}` })) };
    stmts.push({
      sql: 'UPDATE documents SET doc_type = ?, title = ?, issuer = ?, date = ?, number = ?, record_json = ? WHERE id = ?',
      params: [rec.doc_type, rec.title, rec.issuer, rec.date, rec.number ?? null, JSON.stringify(stored), id],
    });

    const a = rev.audit;
    stmts.push({
      sql: 'INSERT INTO audit_log (at, key_name, action, target, document_id, client, status) VALUES (?, ?, ?, ?, ?, ?, ?)',
      params: [at, a.key, a.action, a.target, a.document_id, a.client, a.status],
    });
    if (rev.changes.length) {
      // the audit row just written is the newest: the write holds the database's write lock
      stmts.push({
        sql: `INSERT INTO document_edits (audit_id, at, key_name, document_id, kind, target, line, field, old, new)
              SELECT (SELECT max(id) FROM audit_log), ?, ?, ?, value->>0, value->>1, value->>2, value->>3, value->>4, value->>5
              FROM json_each(?)`,
        params: [at, a.key, id, JSON.stringify(rev.changes.map((c) => [c.kind, c.target, c.line ?? null, c.field, json(c.old), json(c.new)]))],
      });
    }
    await this.db.batch(stmts);
  }

  /** The changes of these audit entries, by entry id, in the order they were recorded. */
  async listEdits(auditIds: number[]): Promise<Map<number, EditChange[]>> {
    const out = new Map<number, EditChange[]>();
    if (!auditIds.length) return out;
    const rows = await this.db.all<{ audit_id: number; kind: EditChange['kind']; target: string; field: string; old: string | null; new: string | null }>(
      `SELECT audit_id, kind, target, field, old, new FROM document_edits
       WHERE audit_id IN (SELECT value FROM json_each(?)) ORDER BY id`, [JSON.stringify(auditIds)]);
    for (const r of rows) {
      const list = out.get(r.audit_id) ?? [];
      list.push({ target: r.target, field: r.field, old: r.old == null ? null : JSON.parse(r.old), new: r.new == null ? null : JSON.parse(r.new), kind: r.kind });
      out.set(r.audit_id, list);
    }
    return out;
  }

  /** The latest hand correction of each document field and of each directive field by line. */
  async standingCorrections(id: string): Promise<StandingCorrection[]> {
    const rows = await this.db.all<{ target: string; line: number | null; field: string; new: string | null }>(
      `SELECT target, line, field, new FROM document_edits WHERE document_id = ? AND kind = 'correction' ORDER BY id`, [id]);
    const latest = new Map<string, StandingCorrection>();
    for (const r of rows) {
      const key = r.target === 'document' ? `document\u0000${r.field}` : `line:${r.line}\u0000${r.field}`;
      latest.set(key, { target: r.target, line: r.line, field: r.field, value: r.new == null ? null : JSON.parse(r.new) });
    }
    return [...latest.values()];
  }
}
