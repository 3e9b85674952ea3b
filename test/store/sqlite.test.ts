// The Store contract on SQLite, through an executor that also enforces D1's limit of 100 bound
// parameters per statement (SQLite alone would accept more).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { SqlStore, type Param, type SqlExecutor, type Statement } from '../../src/store/sql.js';
import { SqliteExecutor } from '../../src/store/sqlite.js';
import { storeContract } from './contract.js';

const dir = mkdtempSync(join(tmpdir(), 'vanban-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

class D1LimitExecutor implements SqlExecutor {
  constructor(private inner: SqlExecutor) {}
  private check(sql: string, params: Param[] = []) {
    if (params.length > 100) throw new Error(`${params.length} bound parameters (D1 allows 100): ${sql.slice(0, 80)}`);
  }
  all<T>(sql: string, params?: Param[]) {
    this.check(sql, params);
    return this.inner.all<T>(sql, params);
  }
  run(sql: string, params?: Param[]) {
    this.check(sql, params);
    return this.inner.run(sql, params);
  }
  batch(statements: Statement[]) {
    for (const s of statements) this.check(s.sql, s.params);
    return this.inner.batch(statements);
  }
  migrate() {
    return this.inner.migrate();
  }
  close() {
    return this.inner.close();
  }
}

let n = 0;
storeContract('SQLite (better-sqlite3)', async () => {
  const store = new SqlStore(new D1LimitExecutor(new SqliteExecutor(join(dir, `store-${++n}.db`))));
  await store.migrate();
  return store;
});
