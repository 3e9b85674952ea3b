// D1 adapter (Cloudflare Workers): executes SqlStore's statements on a D1 binding.
// D1's limits shape the writes: 100 bound parameters and 100 KB of SQL per statement, 1 MB per bound
// string or BLOB, and 50 (free) / 1000 (paid) queries per Worker invocation, each statement of a batch
// counting as one. SqlStore writes a notice as many multi-row INSERTs of <= 100 parameters; here runs of
// INSERTs into the same table are packed into one statement that reads its rows from a JSON array
// (json_each), so a notice costs about one query per table instead of one per 8-25 rows.
import { tooLarge } from '../errors.js';
import { SqlStore, type Param, type SqlExecutor, type Statement } from './sql.js';

/** The part of the D1 binding this adapter uses (structural, so the Node build needs no Workers types). */
export interface D1PreparedStatementLike {
  bind(...values: unknown[]): D1PreparedStatementLike;
  all<T = Record<string, unknown>>(): Promise<{ results: T[] }>;
  run(): Promise<{ meta: { changes?: number } }>;
}
export interface D1DatabaseLike {
  prepare(sql: string): D1PreparedStatementLike;
  batch(statements: D1PreparedStatementLike[]): Promise<unknown[]>;
}

/** One migration as `wrangler d1 migrations` and the vitest pool's readD1Migrations see it. */
export interface D1Migration {
  name: string;
  queries: string[];
}

export const D1_LIMITS = {
  paramsPerStatement: 100,
  statementBytes: 100_000,
  valueBytes: 1_000_000,
  queriesPerInvocationFree: 50,
  queriesPerInvocationPaid: 1000,
} as const;

// A packed JSON array stays well under the 1 MB value limit.
const PACK_BYTES = 512 * 1024;
const utf8 = new TextEncoder();

const INSERT_VALUES = /^(INSERT(?: OR [A-Z]+)? INTO [\w]+ \(([\w, ]+)\)) VALUES (\(\?(?:, \?)*\))(?:, \(\?(?:, \?)*\))*$/;

interface InsertShape {
  head: string;
  columns: number;
}

function insertShape(s: Statement): InsertShape | null {
  const m = INSERT_VALUES.exec(s.sql.replace(/\s+/g, ' ').trim());
  if (!m) return null;
  const columns = m[2].split(',').length;
  if (columns === 0 || s.params.length % columns !== 0) return null;
  // BLOBs cannot travel inside JSON; those statements run as they are.
  if (s.params.some((p) => p instanceof Uint8Array)) return null;
  return { head: m[1], columns };
}

/**
 * Packs runs of multi-row INSERTs into the same table and columns into
 * `INSERT ... SELECT value->>0, ... FROM json_each(?)` statements. Order is kept, and so are the stored
 * values: JSON strings and null stay TEXT and NULL, numbers are converted by the column's affinity as a
 * bound number would be (every vanban column is typed; D1 itself binds each JS number as a REAL).
 */
export function packStatements(statements: Statement[]): Statement[] {
  const out: Statement[] = [];
  let run: { shape: InsertShape; rows: string[]; bytes: number } | null = null;
  const flush = () => {
    if (!run) return;
    const cols = Array.from({ length: run.shape.columns }, (_, i) => `value->>${i}`).join(', ');
    out.push({ sql: `${run.shape.head} SELECT ${cols} FROM json_each(?)`, params: [`[${run.rows.join(',')}]`] });
    run = null;
  };
  for (const s of statements) {
    const shape = insertShape(s);
    if (!shape) {
      flush();
      out.push(s);
      continue;
    }
    if (run && run.shape.head !== shape.head) flush();
    for (let i = 0; i < s.params.length; i += shape.columns) {
      const row = JSON.stringify(s.params.slice(i, i + shape.columns));
      const bytes = utf8.encode(row).length + 1;
      if (run && run.bytes + bytes > PACK_BYTES) flush();
      run ??= { shape, rows: [], bytes: 2 };
      run.rows.push(row);
      run.bytes += bytes;
    }
  }
  flush();
  return out;
}

/** D1 refuses these with opaque errors; say which limit a statement breaks instead. */
function checkLimits(s: Statement) {
  if (s.params.length > D1_LIMITS.paramsPerStatement) {
    throw new Error(`statement binds ${s.params.length} parameters; D1 allows ${D1_LIMITS.paramsPerStatement}`);
  }
  if (s.sql.length > D1_LIMITS.statementBytes / 4 && utf8.encode(s.sql).length > D1_LIMITS.statementBytes) {
    throw new Error(`statement is longer than D1's ${D1_LIMITS.statementBytes} bytes`);
  }
  for (const p of s.params) {
    const n = p instanceof Uint8Array ? p.length : typeof p === 'string' && p.length > D1_LIMITS.valueBytes / 4 ? utf8.encode(p).length : 0;
    if (n > D1_LIMITS.valueBytes) {
      throw tooLarge(`a value of ${n} bytes exceeds D1's limit of ${D1_LIMITS.valueBytes} bytes per string or BLOB; upload a smaller file`);
    }
  }
}

/** D1 returns BLOB columns as arrays of bytes (or ArrayBuffers): give SqlStore Uint8Arrays. */
function toRow<T>(row: Record<string, unknown>): T {
  for (const k in row) {
    const v = row[k];
    if (v instanceof ArrayBuffer) row[k] = new Uint8Array(v);
    else if (Array.isArray(v)) row[k] = Uint8Array.from(v as number[]);
  }
  return row as T;
}

export interface D1ExecutorOptions {
  /** migrations migrate() applies; without them it leaves the schema to `wrangler d1 migrations apply` */
  migrations?: D1Migration[];
  /** pack multi-row INSERTs into json_each statements (default true) */
  pack?: boolean;
}

export class D1Executor implements SqlExecutor {
  /** queries sent to D1 so far, each statement of a batch counted (D1's per-invocation limit counts them so) */
  queries = 0;

  constructor(
    readonly db: D1DatabaseLike,
    private options: D1ExecutorOptions = {},
  ) {}

  private prepare(s: Statement) {
    checkLimits(s);
    const stmt = this.db.prepare(s.sql);
    return s.params.length ? stmt.bind(...(s.params as Param[])) : stmt;
  }

  async all<T = Record<string, unknown>>(sql: string, params: Param[] = []): Promise<T[]> {
    this.queries++;
    const { results } = await this.prepare({ sql, params }).all<Record<string, unknown>>();
    return results.map((r) => toRow<T>(r));
  }

  async run(sql: string, params: Param[] = []) {
    this.queries++;
    const r = await this.prepare({ sql, params }).run();
    return { changes: r.meta.changes ?? 0 };
  }

  /** One db.batch: D1 runs it as one transaction, rolled back whole if a statement fails. */
  async batch(statements: Statement[]) {
    const list = this.options.pack === false ? statements : packStatements(statements);
    if (!list.length) return;
    this.queries += list.length;
    await this.db.batch(list.map((s) => this.prepare(s)));
  }

  /**
   * Applies the given migrations not yet recorded, each with its record in one batch. It keeps the
   * same d1_migrations table as `wrangler d1 migrations apply`, so either may run first.
   */
  async migrate() {
    const migrations = this.options.migrations;
    if (!migrations?.length) return;
    await this.run(`CREATE TABLE IF NOT EXISTS d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE,
      applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)`);
    const done = new Set((await this.all<{ name: string }>('SELECT name FROM d1_migrations')).map((r) => r.name));
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      const stmts: Statement[] = m.queries.map((sql) => ({ sql, params: [] }));
      stmts.push({ sql: 'INSERT INTO d1_migrations (name) VALUES (?)', params: [m.name] });
      await this.batch(stmts);
    }
  }

  async close() {
    // a D1 binding has nothing to close
  }
}

export function openD1Store(db: D1DatabaseLike, options: D1ExecutorOptions = {}): SqlStore {
  return new SqlStore(new D1Executor(db, options));
}
