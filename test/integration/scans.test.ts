// Scans over HTTP on a real server (loopback, temp SQLite): 202 + job with page progress, text-layer PDFs
// answered at once, bad inputs refused with clear 4xx and nothing stored, and a job killed mid-OCR
// (SIGKILL) resumed after a restart, never lost and never half stored.
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBadInputs, type BadInput } from '../../scripts/samples/make-bad-inputs.js';
// the test server's admin key rides along (see test/helpers/server.ts)
import { keyedFetch as fetch, ROOT, spawnServer, startTestServer, tempDir } from '../helpers/server.js';

const SCANS = join(ROOT, 'samples/scans');
type JobBody = { id: string; state: string; stage: string | null; pages_done: number; pages_total: number; error: { code: string; message: string } | null; attempts: number; document_id: string };

async function upload(url: string, bytes: Uint8Array, filename: string, type = 'application/octet-stream') {
  const res = await fetch(`${url}/v1/documents?filename=${encodeURIComponent(filename)}`, { method: 'POST', body: Buffer.from(bytes), headers: { 'content-type': type } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function waitJob(url: string, id: string, until: (j: JobBody) => boolean, timeoutMs = 120_000, seen: JobBody[] = []): Promise<JobBody> {
  const end = Date.now() + timeoutMs;
  let resets = 0;
  for (;;) {
    let j: JobBody;
    try {
      j = (await (await fetch(`${url}/v1/jobs/${id}`)).json()) as JobBody;
    } catch (e) {
      // a kept-alive connection closed by the server while the poll was sent (a loaded machine): ask again
      if (++resets > 3) throw e;
      continue;
    }
    seen.push(j);
    if (until(j)) return j;
    if (Date.now() > end) throw new Error(`job ${id} stuck: ${JSON.stringify(j)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('scans over HTTP', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const tmp = tempDir('vanban-scans-');
  let bad: Record<BadInput, string>;
  beforeAll(async () => {
    server = await startTestServer({ ocrWorkers: 2 });
    bad = await makeBadInputs(tmp.dir);
  });
  afterAll(async () => {
    await server?.cleanup();
    tmp.cleanup();
  });

  it('answers a scan with 202 and a job whose page progress shows until the document is stored', async () => {
    const bytes = new Uint8Array(readFileSync(join(SCANS, 'notice-2.tiff')));
    const { status, body } = await upload(server.url, bytes, 'notice-2.tiff', 'image/tiff');
    expect(status).toBe(202);
    const job = body.job as JobBody;
    expect(['queued', 'running']).toContain(job.state);
    const seen: JobBody[] = [];
    const done = await waitJob(server.url, job.id, (j) => j.state === 'done' || j.state === 'failed', 120_000, seen);
    expect(done.error).toBeNull();
    expect(done.state).toBe('done');
    expect(done.pages_total).toBe(2);
    expect(done.pages_done).toBe(2);
    // progress was visible while it ran: pages_total known during OCR
    expect(seen.some((j) => j.state === 'running' && j.stage === 'ocr' && j.pages_total === 2)).toBe(true);
    const text = await (await fetch(`${server.url}/v1/documents/${done.document_id}/text`)).text();
    expect(text).toContain('Chi cục Thủy lợi');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    // the same scan again: already stored, answered at once
    const again = await upload(server.url, bytes, 'notice-2.tiff', 'image/tiff');
    expect(again.status).toBe(200);
  });

  it('answers a text-layer PDF at once (201), without OCR', async () => {
    const { status, body } = await upload(server.url, new Uint8Array(readFileSync(join(SCANS, 'notice-3.text.pdf'))), 'notice-3.pdf', 'application/pdf');
    expect(status).toBe(201);
    expect(body.id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('refuses bad inputs with clear 4xx, stores nothing and stays up', async () => {
    const before = ((await (await fetch(`${server.url}/v1/documents`)).json()) as { total: number }).total;
    const cases: [BadInput, number, string][] = [
      ['truncated.png', 422, 'corrupt_image'],
      ['truncated.jpg', 422, 'corrupt_image'],
      ['bomb.png', 413, 'too_large'],
      ['not-a-pdf.pdf', 422, 'invalid_pdf'],
      ['binary.pdf', 415, 'binary_data'],
      ['truncated.pdf', 422, 'invalid_pdf'],
      ['encrypted.pdf', 422, 'encrypted_pdf'],
      ['empty.pdf', 422, 'empty_pdf'],
      ['pages-500.pdf', 413, 'too_large'],
      ['corrupt-page2.tiff', 422, 'corrupt_image'],
    ];
    for (const [name, status, code] of cases) {
      const res = await upload(server.url, new Uint8Array(readFileSync(bad[name])), name, name.endsWith('.pdf') ? 'application/pdf' : 'application/octet-stream');
      expect([name, res.status, (res.body.error as { code: string })?.code]).toEqual([name, status, code]);
      expect((res.body.error as { message: string }).message.length).toBeGreaterThan(10);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    }
    const after = ((await (await fetch(`${server.url}/v1/documents`)).json()) as { total: number }).total;
    expect(after).toBe(before);
    const db = new Database(server.dbPath, { readonly: true });
    expect((db.prepare('SELECT count(*) AS n FROM jobs WHERE state != ?').get('done') as { n: number }).n).toBe(0);
    db.close();
  });

  it('stores a blank page as a document with no text (not an error)', async () => {
    const { status, body } = await upload(server.url, new Uint8Array(readFileSync(bad['blank.png'])), 'blank.png', 'image/png');
    expect(status).toBe(202);
    const done = await waitJob(server.url, (body.job as JobBody).id, (j) => j.state === 'done' || j.state === 'failed');
    expect(done.state).toBe('done');
    const text = await (await fetch(`${server.url}/v1/documents/${done.document_id}/text`)).text();
    expect(text.trim()).toBe('');
  });
});

describe('a job killed mid-OCR', () => {
  const tmp = tempDir('vanban-kill-');
  afterAll(() => tmp.cleanup());

  it('is resumed after a restart and stored once, whole', async () => {
    const dbPath = join(tmp.dir, 'kill.db');
    const first = await spawnServer(dbPath, { VANBAN_OCR_WORKERS: '1' });
    const bytes = new Uint8Array(readFileSync(join(SCANS, 'notice-2.scanned.pdf')));
    const { status, body } = await upload(first.url, bytes, 'notice-2.pdf', 'application/pdf');
    expect(status).toBe(202);
    const id = (body.job as JobBody).id;
    await waitJob(first.url, id, (j) => j.state === 'running' && j.stage === 'ocr');
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));

    // after the crash: the job is still there with its input, and nothing of the document is stored
    let db = new Database(dbPath, { readonly: true });
    const row = db.prepare('SELECT state, attempts, length(input) AS n FROM jobs WHERE id = ?').get(id) as { state: string; attempts: number; n: number };
    expect(row).toEqual({ state: 'running', attempts: 1, n: bytes.length });
    for (const t of ['documents', 'lines', 'pages', 'originals']) {
      expect((db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n, t).toBe(0);
    }
    db.close();

    const second = await spawnServer(dbPath, { VANBAN_OCR_WORKERS: '1' });
    try {
      const done = await waitJob(second.url, id, (j) => j.state === 'done' || j.state === 'failed');
      expect(done.error).toBeNull();
      expect(done.state).toBe('done');
      expect(done.attempts).toBe(2);
      expect(done.pages_done).toBe(2);
      const text = await (await fetch(`${second.url}/v1/documents/${done.document_id}/text`)).text();
      expect(text).toContain('Chi cục Thủy lợi');
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((r) => second.child.once('exit', r));
    }
    db = new Database(dbPath, { readonly: true });
    const docs = db.prepare('SELECT id, line_count FROM documents').all() as { id: string; line_count: number }[];
    expect(docs).toHaveLength(1);
    expect((db.prepare('SELECT count(*) AS n FROM lines WHERE document_id = ?').get(docs[0].id) as { n: number }).n).toBe(docs[0].line_count);
    expect((db.prepare('SELECT input IS NULL AS gone FROM jobs WHERE id = ?').get(id) as { gone: number }).gone).toBe(1);
    db.close();
  });

  it('is marked failed with a reason once it has been interrupted too often', async () => {
    const dbPath = join(tmp.dir, 'kill3.db');
    const first = await spawnServer(dbPath, { VANBAN_OCR_WORKERS: '1' });
    const { body } = await upload(first.url, new Uint8Array(readFileSync(join(SCANS, 'notice-1.lowres100.jpg'))), 'n1.jpg', 'image/jpeg');
    const id = (body.job as JobBody).id;
    await waitJob(first.url, id, (j) => j.state === 'running');
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    // two more crashes on the same job, as a poison input would cause
    const db = new Database(dbPath);
    db.prepare('UPDATE jobs SET attempts = 3 WHERE id = ?').run(id);
    db.close();
    const second = await spawnServer(dbPath, { VANBAN_OCR_WORKERS: '1' });
    try {
      const j = (await (await fetch(`${second.url}/v1/jobs/${id}`)).json()) as JobBody;
      expect(j.state).toBe('failed');
      expect(j.error?.code).toBe('interrupted');
      expect(((await (await fetch(`${second.url}/v1/documents`)).json()) as { total: number }).total).toBe(0);
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((r) => second.child.once('exit', r));
    }
  });
});
