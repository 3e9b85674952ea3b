// better-sqlite3 adapter: WAL, foreign keys, numbered migrations from ./migrations.
import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SqlStore, type Param, type SqlExecutor, type Statement } from './sql.js';

// Beside this module: src/store/migrations (tsx, tests) or dist/store/migrations (the build copies them there).
const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export function loadMigrations(dir = MIGRATIONS_DIR): { version: number; name: string; sql: string }[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_.*\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 4)), name: f, sql: readFileSync(dir + f, 'utf8') }));
}

const bind = (params: Param[] = []) => params.map((p) => (p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p) : p));

export class SqliteExecutor implements SqlExecutor {
  readonly db: Database.Database;

  /** busyTimeoutMs: how long a write waits for another connection's (default 5 s) */
  constructor(path: string, opts: { busyTimeoutMs?: number } = {}) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma(`busy_timeout = ${Math.round(opts.busyTimeoutMs ?? 5000)}`);
    this.db.pragma('synchronous = NORMAL');
  }

  // Most statements repeat (the store's fixed queries); multi-row INSERTs vary in width, so the cache is bounded.
  private statements = new Map<string, Database.Statement>();

  private prepare(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      if (this.statements.size >= 500) this.statements.delete(this.statements.keys().next().value!);
      this.statements.set(sql, st);
    }
    return st;
  }

  async all<T>(sql: string, params?: Param[]): Promise<T[]> {
    return this.prepare(sql).all(...bind(params)) as T[];
  }

  async run(sql: string, params?: Param[]) {
    const r = this.prepare(sql).run(...bind(params));
    return { changes: r.changes };
  }

  async batch(statements: Statement[]) {
    const tx = this.db.transaction((list: Statement[]) => {
      for (const s of list) this.prepare(s.sql).run(...bind(s.params));
    });
    tx(statements);
  }

  async migrate() {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const done = new Set((this.db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
    for (const m of loadMigrations()) {
      if (done.has(m.version)) continue;
      this.db.transaction(() => {
        this.db.exec(m.sql);
        this.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
      })();
    }
  }

  async close() {
    this.db.close();
  }
}

export async function openSqliteStore(path: string, opts: { busyTimeoutMs?: number } = {}): Promise<SqlStore> {
  const store = new SqlStore(new SqliteExecutor(path, opts));
  await store.migrate();
  return store;
}
