// The audit trail: one row per successful write, appended only (the schema's triggers refuse changes).
import type { AuditEntry, Page } from '../shapes.js';
import { COUNT_CAP, now, type Param, type SqlExecutor } from './executor.js';

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'> & { at?: string };
export interface AuditFilters {
  key?: string;
  target?: string;
  document?: string;
}

type AuditRow = Omit<AuditEntry, 'key'> & { key_name: string | null };
const toEntry = (r: AuditRow): AuditEntry => ({
  id: r.id, at: r.at, key: r.key_name, action: r.action, target: r.target, document_id: r.document_id, client: r.client, status: r.status,
});

export class SqlAudit {
  constructor(readonly db: SqlExecutor) {}

  async appendAudit(e: NewAuditEntry): Promise<void> {
    await this.db.run('INSERT INTO audit_log (at, key_name, action, target, document_id, client, status) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [e.at ?? now(), e.key, e.action, e.target, e.document_id, e.client, e.status]);
  }

  /** Newest first. */
  async listAudit(filters: AuditFilters, opts: { limit: number; offset: number }): Promise<Page<AuditEntry>> {
    const where: string[] = [];
    const params: Param[] = [];
    for (const [column, value] of [['key_name', filters.key], ['target', filters.target], ['document_id', filters.document]] as const) {
      if (value === undefined) continue;
      where.push(`${column} = ?`);
      params.push(value);
    }
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = await this.db.all<AuditRow>(
      `SELECT id, at, key_name, action, target, document_id, client, status FROM audit_log ${w} ORDER BY id DESC LIMIT ? OFFSET ?`,
      [...params, opts.limit, opts.offset]);
    const count = await this.db.all<{ n: number }>(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM audit_log ${w} LIMIT ?)`, [...params, COUNT_CAP + 1]);
    const n = Number(count[0]?.n ?? 0);
    return { items: rows.map(toEntry), total: Math.min(n, COUNT_CAP), ...(n > COUNT_CAP ? { total_is_estimate: true } : {}), limit: opts.limit, offset: opts.offset };
  }
}
