// One directive id scheme everywhere: the record answered at upload carries the ids the store keeps
// (`<document id>-<seq>`), which GET, the directive list and the PATCH routes use.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startTestServer } from '../helpers/server.js';

type Srv = Awaited<ReturnType<typeof startTestServer>>;

describe('directive ids', () => {
  let srv: Srv;
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(() => srv?.cleanup());

  it('are the stored ids in the upload answer, in GET, in /v1/directives, and PATCH accepts them', async () => {
    const up = await fetch(`${srv.url}/v1/documents?filename=ke-hoach.txt`, {
      method: 'POST', body: readFileSync(join(ROOT, 'samples/text/ke-hoach.txt')), headers: { ...srv.auth, 'content-type': 'text/plain; charset=utf-8' },
    });
    expect(up.status).toBe(201);
    const rec = (await up.json()) as { id: string; directives: { id: string }[] };
    // ke-hoach.txt has six tasks (samples/text/ke-hoach.expected.json)
    expect(rec.directives.map((d) => d.id)).toEqual([1, 2, 3, 4, 5, 6].map((n) => `${rec.id}-${n}`));
    const got = (await (await fetch(`${srv.url}/v1/documents/${rec.id}`, { headers: srv.auth })).json()) as typeof rec;
    expect(got.directives.map((d) => d.id)).toEqual(rec.directives.map((d) => d.id));
    const list = (await (await fetch(`${srv.url}/v1/directives?document=${rec.id}&limit=100`, { headers: srv.auth })).json()) as { items: { id: string }[] };
    expect(list.items.map((d) => d.id).sort()).toEqual(rec.directives.map((d) => d.id).sort());
    const patch = await fetch(`${srv.url}/v1/directives/${rec.directives[1].id}`, {
      method: 'PATCH', headers: { ...srv.auth, 'content-type': 'application/json' }, body: '{"status":"in_progress"}',
    });
    expect(patch.status).toBe(200);
    const corrected = await fetch(`${srv.url}/v1/documents/${rec.id}`, {
      method: 'PATCH', headers: { ...srv.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ directives: [{ id: rec.directives[0].id, lead: 'Phòng Kinh tế' }] }),
    });
    expect(corrected.status).toBe(200);
    // uploading the same bytes again answers the stored record, with the same ids
    const again = await fetch(`${srv.url}/v1/documents?filename=ke-hoach.txt`, {
      method: 'POST', body: readFileSync(join(ROOT, 'samples/text/ke-hoach.txt')), headers: { ...srv.auth, 'content-type': 'text/plain; charset=utf-8' },
    });
    expect(again.status).toBe(200);
    expect(((await again.json()) as typeof rec).directives.map((d) => d.id)).toEqual(rec.directives.map((d) => d.id));
  });
});
