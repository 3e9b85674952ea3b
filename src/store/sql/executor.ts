// What SqlStore needs from a database: statements with bound parameters, atomic batches, migrations.
// The SQLite (better-sqlite3) and D1 adapters implement it; everything else is shared SQL.
import type { Page } from '../shapes.js';

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

export const emptyPage = <T>(limit: number, offset: number): Page<T> => ({ items: [], total: 0, limit, offset });

/** Counts stop here: a larger total is reported as this bound with `total_is_estimate`. */
export const COUNT_CAP = 10_000;

export const now = () => new Date().toISOString();
