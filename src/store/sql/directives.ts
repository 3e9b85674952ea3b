// Directives for tracking: filtered lists by deadline (offset or keyset paging), the export walk, one
// directive with its history, status changes.
import type { DeadlineT } from '../../record.js';
import type { DirectiveHistoryEntry, DirectiveStatus, DirectiveView, Page } from '../shapes.js';
import { NO_DATE, type DirectiveCursor, type DirectiveFilters } from '../types.js';
import type { SqlAgencies } from './agencies.js';
import { documentCondition } from './docfilter.js';
import { COUNT_CAP, emptyPage, now, type Param, type SqlExecutor, type Statement } from './executor.js';
import { ftsQuery } from './fulltext.js';

const DIRECTIVE_COLUMNS = `d.id, d.document_id, d.seq, d.page, d.line, d.section, d.text, d.deadline_date, d.deadline_kind,
  d.deadline_text, d.deadline_rule, d.status, d.status_note, d.updated_at,
  doc.filename AS doc_filename, doc.title AS doc_title, doc.number AS doc_number, doc.doc_type AS doc_type, doc.date AS doc_date`;

/** The document columns of a directive row. */
interface DocColumns {
  doc_filename: string;
  doc_title: string | null;
  doc_number: string | null;
  doc_type: string | null;
  doc_date: string | null;
}

/** A directive row as read: the view's own columns, the deadline in four columns, the document's prefixed. */
type DirectiveRow = Pick<DirectiveView, 'id' | 'document_id' | 'seq' | 'page' | 'line' | 'section' | 'text' | 'status_note' | 'updated_at'> &
  DocColumns & {
    deadline_date: string | null;
    deadline_kind: string | null;
    deadline_text: string | null;
    deadline_rule: string | null;
    status: string;
  };

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

// The sort key of directive lists: deadline, undated last. Written as in the directives_*_due indexes.
const DUE = `coalesce(d.deadline_date, '${NO_DATE}')`;
/** An upper date bound that never lets undated rows (NO_DATE) through. */
const dateBound = (date: string) => (date < NO_DATE ? date : '9999-12-30');

/** From this many assignments an agency filter walks the deadline index instead of sorting its rows. */
const AGENCY_SCAN_FROM = 400;

export class SqlDirectives {
  constructor(
    readonly db: SqlExecutor,
    private agencies: SqlAgencies,
  ) {}

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
      const ids = await this.agencies.resolveAgency(f.agency);
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
    if (f.active) where.push(`${u}d.status IN ('open', 'in_progress')`);
    if (f.documents) {
      const docs = await documentCondition(this.db, f.documents, 'doc');
      if (!docs) return null;
      if (docs.sql) {
        where.push(`d.document_id IN (SELECT doc.id FROM documents doc WHERE ${docs.sql})`);
        params.push(...docs.params);
      }
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
    const rows = await this.db.all<Omit<DirectiveRow, keyof DocColumns> & { asg: string }>(
      `SELECT d.id, d.document_id, d.seq, d.page, d.line, d.section, d.text, d.deadline_date, d.deadline_kind,
              d.deadline_text, d.deadline_rule, d.status, d.status_note, d.updated_at,
              (SELECT json_group_array(json_array(agency_id, agency_name, role))
                FROM (SELECT agency_id, agency_name, role FROM assignees s WHERE s.directive_id = d.id ORDER BY s.seq)) AS asg
       FROM directives d
       WHERE d.rowid IN (SELECT d.rowid FROM directives d ${conds.length ? `WHERE ${conds.join(' AND ')}` : ''} ${order} LIMIT ? OFFSET ?)
       ${order}`, [...params, limit, after ? 0 : offset]);
    const docs = new Map<string, DocColumns>();
    if (rows.length) {
      for (const r of await this.db.all<DocColumns & { id: string }>(
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

  async *allDirectives(filters: DirectiveFilters, { max = Infinity, pageSize = 1000 }: { max?: number; pageSize?: number } = {}): AsyncGenerator<Page<DirectiveView>> {
    // Keyset paging: the cursor is the last item's sort key (deadline or NO_DATE, document, order).
    let after: DirectiveCursor | undefined;
    for (let read = 0; read < max; ) {
      const limit = Math.min(pageSize, max - read);
      const page = await this.listDirectives(filters, { limit, offset: 0, after });
      yield page;
      read += page.items.length;
      if (page.items.length < limit) return;
      const last = page.items[page.items.length - 1];
      after = { due: last.deadline?.date ?? NO_DATE, document_id: last.document_id, seq: last.seq };
    }
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
}
