// The server stays responsive while a large text is repaired and extracted (on a repair thread, not the
// event loop), and a full repair queue refuses an upload at once with 503 + Retry-After. The real server
// (`node dist/cli/main.js serve`, built JS) on loopback with a temp SQLite file.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyedFetch as fetch, ROOT, spawnServer, tempDir } from '../helpers/server.js';

/** ~bytes of notice text: a sample notice repeated, each copy numbered so the text is its own. */
function largeNotice(bytes: number, tag: string): string {
  const base = readFileSync(join(ROOT, 'samples/text/ke-hoach.txt'), 'utf8');
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const part = `${base}\nPhụ lục ${tag}-${i}\n`;
    parts.push(part);
    size += Buffer.byteLength(part);
  }
  return parts.join('\n');
}

const upload = (url: string, text: string, name: string) => {
  const form = new FormData();
  form.append('file', new Blob([text], { type: 'text/plain' }), name);
  return fetch(`${url}/v1/documents`, { method: 'POST', body: form });
};

/** ms a request takes, with its status */
async function timed(url: string): Promise<{ ms: number; status: number }> {
  const t0 = performance.now();
  const r = await fetch(url);
  await r.arrayBuffer();
  return { ms: performance.now() - t0, status: r.status };
}

describe('responsive under a large upload (real server)', () => {
  const tmp = tempDir();
  let url: string;
  let child: ChildProcess;

  beforeAll(async () => {
    // one repair thread and no waiting room: a second upload while the first is read is refused
    const s = await spawnServer(join(tmp.dir, 'vanban.db'), { VANBAN_REPAIR_THREADS: '1', VANBAN_REPAIR_QUEUE: '0' });
    url = s.url;
    child = s.child;
  });
  afterAll(() => {
    child?.kill();
    tmp.cleanup();
  });

  it('answers /healthz and a listing within 1 s each while a 2.5 MB text is repaired, refuses a second upload with 503 + Retry-After, and stores the first', async () => {
    const big = largeNotice(2.5e6, 'big');
    const started = performance.now();
    const pending = upload(url, big, 'big.txt');
    // let the upload arrive and reach the repair thread (a 2.5 MB text takes many seconds to repair)
    await new Promise((r) => setTimeout(r, 1500));

    const probes: { ms: number; status: number }[] = [];
    for (let i = 0; i < 5; i++) {
      probes.push(await timed(`${url}/healthz`));
      probes.push(await timed(`${url}/v1/documents?limit=5`));
      await new Promise((r) => setTimeout(r, 150));
    }
    // the probes ran while the upload was still being read (else they prove nothing)
    let settled = false;
    void pending.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 0));
    expect(settled, 'the upload finished before the probes: make the text larger').toBe(false);
    for (const p of probes) {
      expect(p.status).toBe(200);
      expect(p.ms).toBeLessThan(1000);
    }

    // the only repair thread is busy and the queue holds none: refused at once, nothing stored
    const t0 = performance.now();
    const refused = await upload(url, largeNotice(20_000, 'second'), 'second.txt');
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('content-type')).toMatch(/application\/json/);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('busy');

    // the large upload completes and is stored
    const res = await pending;
    expect(res.status).toBe(201);
    const record = (await res.json()) as { id: string; doc: string };
    expect(record.doc).toBe('big.txt');
    const stored = await fetch(`${url}/v1/documents/${record.id}`);
    expect(stored.status).toBe(200);
    const listing = (await (await fetch(`${url}/v1/documents`)).json()) as { total: number };
    expect(listing.total).toBe(1);
    // written whole by the thread's own connection, and seen by the server's: every line, and the search index
    const text = await (await fetch(`${url}/v1/documents/${record.id}/text`)).text();
    expect(text.split('\n').length).toBe(big.split('\n').length);
    const hits = (await (await fetch(`${url}/v1/search?q=${encodeURIComponent('Phu luc big-17')}`)).json()) as { items: { document_id: string; text: string }[] };
    expect(hits.items.some((h) => h.document_id === record.id && h.text.includes('Phụ lục big-17'))).toBe(true);
    console.log(
      `2.5 MB upload: ${((performance.now() - started) / 1000).toFixed(1)} s; probes max ${Math.max(...probes.map((p) => p.ms)).toFixed(0)} ms`,
    );

    // with the thread free again the refused text is accepted
    const again = await upload(url, largeNotice(20_000, 'second'), 'second.txt');
    expect(again.status).toBe(201);
  }, 300_000);
});
