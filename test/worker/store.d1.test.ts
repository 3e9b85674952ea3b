// The Store on D1 inside workerd: what is particular to D1 (migrations shared with wrangler, BLOBs,
// packed multi-row writes, atomic batches, D1's limits, queries per notice).
import { applyD1Migrations, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import agencies from '../../models/agencies/agencies.json' with { type: 'json' };
import forms from '../../models/agencies/forms.json' with { type: 'json' };
import type { Gazetteer } from '../../src/extract/agencies.js';
import { extract } from '../../src/extract/index.js';
import { ocr } from '../../src/ocr/index.js';
import { flattenLines } from '../../src/pipeline/types.js';
import type { NoticeRecordT, TextLineT } from '../../src/record.js';
import { D1_LIMITS, D1Executor, packStatements } from '../../src/store/d1.js';
import { SqlStore, insertRows, type Param } from '../../src/store/sql.js';
import type { NewDocument } from '../../src/store/types.js';
import notice from './fixtures/thong-bao-ha-tang.txt?raw';

const enc = new TextEncoder();
const gazetteer = { agencies: agencies.agencies, forms } as unknown as Gazetteer;

async function sha256(bytes: Uint8Array) {
  const d = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A notice as the pipeline would store it (no repair: the text is already clean). */
async function newDocument(text: string, original: Uint8Array = enc.encode(text)): Promise<NewDocument> {
  const hash = await sha256(original);
  const id = hash.slice(0, 16);
  const pages = await ocr({ id, sha256: hash, filename: 'n.txt', mediaType: 'text/plain', bytes: original, needsOcr: false,
    pages: [{ number: 1, kind: 'text', text }] });
  const lines: TextLineT[] = flattenLines(pages);
  const record: NoticeRecordT = await extract(lines, { id, doc: 'n.txt', gazetteer });
  return { id, sha256: hash, filename: 'n.txt', mediaType: 'text/plain', original, pages: [{ number: 1, source: 'text' }],
    lines, rawLines: lines, record };
}

function open(options: { pack?: boolean } = {}) {
  const exec = new D1Executor(env.DB, { migrations: env.TEST_MIGRATIONS, ...options });
  return { exec, store: new SqlStore(exec) };
}

describe('D1 store', () => {
  it('keeps the same migrations table as wrangler: either may apply them first', async () => {
    // the setup applied them with D1Executor.migrate(); the pool's helper (as wrangler) finds nothing to do
    await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
    const { results } = await env.DB.prepare('SELECT name FROM d1_migrations ORDER BY id').all<{ name: string }>();
    expect(results.map((r) => r.name)).toEqual(env.TEST_MIGRATIONS.map((m) => m.name));
    const { exec } = open();
    await exec.migrate();
    expect(exec.queries).toBe(2); // create-if-missing and the lookup: nothing applied twice
  });

  it('stores and reads a notice, its original bytes exactly (BLOB) and its search entries', async () => {
    const { store } = open();
    const doc = await newDocument(notice);
    expect(await store.putDocument(doc)).toBe(true);
    expect(await store.putDocument(doc)).toBe(false);
    const orig = await store.getOriginal(doc.id);
    expect(orig?.bytes).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(orig!.bytes)).toBe(notice);
    expect(await store.getLines(doc.id)).toEqual(doc.lines.map(({ line, page, text }) => ({ line, page, text })));
    const rec = await store.getRecord(doc.id);
    expect(rec?.directives.length).toBe(doc.record.directives.length);
    expect((await store.searchLines('nuoc sach', { limit: 5, offset: 0 })).items[0]?.document_id).toBe(doc.id);
  });

  it('round-trips every byte value through BLOB columns (originals, job inputs)', async () => {
    const { store } = open();
    const bytes = Uint8Array.from({ length: 512 }, (_, i) => i % 256);
    await store.createJob({ id: '00000000-0000-4000-8000-000000000001', documentId: '0123456789abcdef', filename: 'x.png', input: bytes });
    expect(await store.getJobInput('00000000-0000-4000-8000-000000000001')).toEqual(bytes);
    const doc = await newDocument(notice, Uint8Array.from([...enc.encode(notice), 0, 255, 128]));
    await store.putDocument(doc);
    expect((await store.getOriginal(doc.id))?.bytes).toEqual(doc.original);
  });

  it('packs multi-row INSERTs into json_each statements without changing a value or its type', async () => {
    // typed columns, as all of vanban's are (D1 binds every JS number as REAL; the affinity decides)
    await env.DB.exec('CREATE TABLE t (i INTEGER, r REAL, s TEXT, n INTEGER)');
    const rows: Param[][] = [
      [1, 42, 'text', null],
      [2, 1.5, '007', -0],
      [2 ** 40, 2, 'Đồng Tâm "quoted" \\ back, emoji 😀', 7],
      [-7, -0.25, '', null],
      [0, 1e-7, 'x'.repeat(1000), 3],
    ];
    const plain = insertRows('t', ['i', 'r', 's', 'n'], rows);
    const packed = packStatements(plain);
    expect(packed).toHaveLength(1);
    expect(packed[0].sql).toMatch(/json_each/);
    const read = () => env.DB.prepare('SELECT *, typeof(i) AS ti, typeof(r) AS tr, typeof(s) AS ts, typeof(n) AS tn FROM t ORDER BY rowid').all();
    await new D1Executor(env.DB).batch(plain);
    const got = await read();
    await env.DB.exec('DELETE FROM t');
    await new D1Executor(env.DB, { pack: false }).batch(plain);
    const want = await read();
    expect(got.results).toEqual(want.results);
    expect(got.results.map((r) => [r.ti, r.tr, r.ts, r.tn])).toEqual([
      ['integer', 'real', 'text', 'null'], ['integer', 'real', 'text', 'integer'], ['integer', 'real', 'text', 'integer'],
      ['integer', 'real', 'text', 'null'], ['integer', 'real', 'text', 'integer']]);
  });

  it('leaves statements with BLOBs, other SQL and other tables in order', () => {
    const s = [
      { sql: 'INSERT INTO a (x) VALUES (?), (?)', params: [1, 2] },
      { sql: 'INSERT INTO a (x) VALUES (?)', params: [3] },
      { sql: 'INSERT INTO b (x, y) VALUES (?, ?)', params: [1, new Uint8Array([1])] },
      { sql: 'UPDATE a SET x = ? WHERE x = ?', params: [4, 3] },
      { sql: 'INSERT OR IGNORE INTO a (x) VALUES (?)', params: [5] },
      { sql: 'INSERT OR IGNORE INTO a (x) VALUES (?)', params: [6] },
    ];
    const p = packStatements(s);
    expect(p.map((x) => x.sql.split(' SELECT')[0].split(' VALUES')[0])).toEqual([
      'INSERT INTO a (x)', 'INSERT INTO b (x, y)', 'UPDATE a SET x = ? WHERE x = ?', 'INSERT OR IGNORE INTO a (x)']);
    expect(p[0].params).toEqual(['[[1],[2],[3]]']);
    expect(p[3].params).toEqual(['[[5],[6]]']);
  });

  it('writes a notice atomically: a failing statement leaves nothing behind', async () => {
    const { exec, store } = open();
    const doc = await newDocument(notice);
    // the directive rows are given a line count that breaks NOT NULL half way through the batch
    const broken = { ...doc, lines: doc.lines.map((l, i) => (i === doc.lines.length - 1 ? { ...l, text: null as unknown as string } : l)) };
    await expect(store.putDocument(broken)).rejects.toThrow();
    expect(await store.hasDocument(doc.id)).toBe(false);
    expect((await exec.all<{ n: number }>('SELECT count(*) AS n FROM lines'))[0].n).toBe(0);
    expect((await exec.all<{ n: number }>('SELECT count(*) AS n FROM originals'))[0].n).toBe(0);
    expect(await store.putDocument(doc)).toBe(true);
  });

  it('refuses a value over D1\'s 1 MB limit with a clear 413 before sending it', async () => {
    const { store } = open();
    const doc = await newDocument(notice, new Uint8Array(D1_LIMITS.valueBytes + 1).fill(0x41));
    await expect(store.putDocument(doc)).rejects.toMatchObject({ status: 413, code: 'too_large' });
    expect(await store.hasDocument(doc.id)).toBe(false);
  });

  // each input its own test: the dev notice is skipped, never swapped for the other, without ../shared
  it('writes a long notice (25 sample notices joined) within the free plan\'s 50 queries per request', () =>
    writesWithinBudget(Array.from({ length: 25 }, () => notice).join('\n'), 'synthetic'));
  it.skipIf(!env.LARGEST_DEV_NOTICE)('writes the largest dev notice within the free plan\'s 50 queries per request', () =>
    writesWithinBudget(env.LARGEST_DEV_NOTICE, 'gold 001'));

  async function writesWithinBudget(text: string, label: string) {
    const doc = await newDocument(text);
    const packed = open();
    await packed.store.putDocument(doc);
    const plain = open({ pack: false });
    const other = { ...doc, id: 'ffffffffffffffff', sha256: 'f'.repeat(64) };
    await plain.store.putDocument(other);
    console.log(`D1 queries to store a notice of ${doc.lines.length} lines, ${doc.record.directives.length} directives, ` +
      `${doc.record.agencies.length} agencies, ${doc.record.statistics.length} statistics, ${doc.record.references.length} references` +
      ` (${label}): ${packed.exec.queries} packed, ${plain.exec.queries} as multi-row INSERTs of <= 100 parameters`);
    expect(packed.exec.queries).toBeLessThanOrEqual(D1_LIMITS.queriesPerInvocationFree - 10);
    expect(plain.exec.queries).toBeGreaterThan(packed.exec.queries);
    expect(await packed.store.getLines(doc.id)).toEqual(await plain.store.getLines(other.id));
    const a = await packed.store.getRecord(doc.id);
    const b = await plain.store.getRecord(other.id);
    expect(b!.directives.map((d) => d.text)).toEqual(a!.directives.map((d) => d.text));
  }
});
