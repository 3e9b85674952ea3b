// POST /v1/repair through the real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// the test server's admin key rides along (see test/helpers/server.ts)
import { keyedFetch as fetch, startTestServer } from '../helpers/server.js';

describe('POST /v1/repair', () => {
  let srv: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(async () => srv?.cleanup());
  const post = (body: BodyInit, type: string) => fetch(`${srv.url}/v1/repair`, { method: 'POST', body, headers: { 'content-type': type } });

  it('repairs text line for line, with changes and confidence', async () => {
    const r = await post('Két luén ciia Pho Chu tich Uy ban nhan dan tinh\n\nS& Noi vu\n', 'text/plain');
    expect(r.status).toBe(200);
    const body = (await r.json()) as { text: string; lines: { text: string; changes: unknown[]; confidence: number }[] };
    expect(body.lines).toHaveLength(3);
    expect(body.lines[0].text).toBe('Kết luận của Phó Chủ tịch Ủy ban nhân dân tỉnh');
    expect(body.lines[0].changes.length).toBeGreaterThan(0);
    expect(body.lines[2].text).toBe('Sở Nội vụ');
    expect(body.text.split('\n')).toHaveLength(4);
    for (const l of body.lines) expect(l.confidence).toBeGreaterThanOrEqual(0);
  });

  it('takes JSON lines and keeps their count', async () => {
    const r = await post(JSON.stringify({ lines: ['Quyét dinh s6 1029/QD-UBND', '', 'HDND tinh'] }), 'application/json');
    expect(r.status).toBe(200);
    const body = (await r.json()) as { lines: { text: string }[] };
    expect(body.lines.map((l) => l.text)).toHaveLength(3);
    expect(body.lines[0].text).toContain('1029/QĐ-UBND');
    expect(body.lines[2].text).toBe('HĐND tỉnh');
  });

  it('answers empty text with empty output', async () => {
    const r = await post('', 'text/plain');
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ text: '', lines: [] });
  });

  it('refuses non-text (415), malformed JSON (400) and over 10 MB (413), and stays up', async () => {
    expect((await post(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'text/plain')).status).toBe(415);
    expect((await post(Buffer.from('\ufeffSở', 'utf16le'), 'text/plain')).status).toBe(415);
    expect((await post('{"text": ', 'application/json')).status).toBe(400);
    expect((await post('x', 'application/xml')).status).toBe(415);
    const big = await post('a'.repeat(10 * 1024 * 1024 + 10), 'text/plain');
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe('too_large');
    expect((await fetch(`${srv.url}/healthz`)).status).toBe(200);
  });
});
