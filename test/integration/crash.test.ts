// A server killed while ingesting leaves no partial document behind.
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// the test server's admin key rides along (see test/helpers/server.ts)
import { keyedFetch as fetch, ROOT, spawnServer, tempDir } from '../helpers/server.js';

describe('crash during ingest', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('after SIGKILL mid-ingest and a restart, every stored document is whole', async () => {
    const dbPath = join(tmp.dir, 'crash.db');
    const base = readFileSync(join(ROOT, 'test/fixtures/thong-bao-ket-luan.txt'), 'utf8');
    // a longer notice: copies of the body, each upload made distinct
    const big = Array.from({ length: 8 }, () => base).join('\n');
    const { url, child } = await spawnServer(dbPath);
    const sent = 30;
    const uploads = Array.from({ length: sent }, (_, i) =>
      fetch(`${url}/v1/documents?filename=n${i}.txt`, { method: 'POST', body: `${big}\nBản số ${i}\n`, headers: { 'content-type': 'text/plain' } })
        .then((r) => r.status)
        .catch(() => 0),
    );
    // kill as soon as the first one is committed: the rest are in flight (requests interleave)
    const watch = new Database(dbPath, { readonly: true, fileMustExist: true });
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const n = (watch.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
      if (n > 0) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill('SIGKILL');
    watch.close();
    const statuses = await Promise.all(uploads);
    const ok = statuses.filter((s) => s === 201).length;
    expect(ok).toBeLessThan(sent);

    const again = await spawnServer(dbPath);
    try {
      const list = (await (await fetch(`${again.url}/v1/documents?limit=100`)).json()) as { total: number };
      // some were committed before the kill, some were not: the kill landed mid-ingest
      expect(list.total).toBeGreaterThanOrEqual(Math.max(ok, 1));
      expect(list.total).toBeLessThan(sent);
    } finally {
      again.child.kill('SIGTERM');
      await new Promise((r) => again.child.once('exit', r));
    }
    const db = new Database(dbPath, { readonly: true });
    const docs = db.prepare('SELECT id, line_count, record_json FROM documents').all() as { id: string; line_count: number; record_json: string }[];
    for (const d of docs) {
      const lines = (db.prepare('SELECT count(*) AS n FROM lines WHERE document_id = ?').get(d.id) as { n: number }).n;
      const orig = (db.prepare('SELECT length(bytes) AS n FROM originals WHERE document_id = ?').get(d.id) as { n: number } | undefined)?.n;
      const dirs = (db.prepare('SELECT count(*) AS n FROM directives WHERE document_id = ?').get(d.id) as { n: number }).n;
      expect(lines).toBe(d.line_count);
      expect(orig).toBeGreaterThan(0);
      expect(dirs).toBe((JSON.parse(d.record_json) as { directives: unknown[] }).directives.length);
    }
    const orphans = db.prepare('SELECT count(*) AS n FROM lines WHERE document_id NOT IN (SELECT id FROM documents)').get() as { n: number };
    expect(orphans.n).toBe(0);
    db.close();
  });
});
