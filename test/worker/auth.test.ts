// Access control inside workerd: keys in D1 (inserted as `wrangler d1 execute` would), the
// VANBAN_ADMIN_KEY secret, and the audit row of a write, through the Worker's own fetch.
import { SELF, env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { createWorkerApp } from '../../src/runtime/workers/worker.js';
import notice from './fixtures/thong-bao-ha-tang.txt?raw';
import { insertKey } from './keys.js';

const BASE = 'http://vanban.test';
const KEYS = {
  reader: 'vb_workerd-reader-key-000000000000000000000001',
  editor: 'vb_workerd-editor-key-000000000000000000000002',
  admin: 'vb_workerd-admin-key-0000000000000000000000003',
  revoked: 'vb_workerd-revoked-key-00000000000000000000004',
};
const as = (key?: string, extra: Record<string, string> = {}) => (key ? { authorization: `Bearer ${key}`, ...extra } : extra);
const upload = (key?: string) =>
  SELF.fetch(`${BASE}/v1/documents?filename=t.txt`, { method: 'POST', body: notice, headers: as(key, { 'content-type': 'text/plain; charset=utf-8' }) });
const total = async () => ((await (await SELF.fetch(`${BASE}/v1/documents`, { headers: as(KEYS.admin) })).json()) as { total: number }).total;

beforeAll(async () => {
  await insertKey(env.DB, 'w-reader', 'reader', KEYS.reader);
  await insertKey(env.DB, 'w-editor', 'editor', KEYS.editor);
  await insertKey(env.DB, 'w-admin', 'admin', KEYS.admin);
  await insertKey(env.DB, 'w-revoked', 'editor', KEYS.revoked, true);
});

describe('Worker access control', () => {
  it.each([
    ['no key', undefined, 'GET', '/v1/documents', 401],
    ['a wrong key', 'vb_not-a-key-000000000000000000000000000000', 'GET', '/v1/documents', 401],
    ['a revoked key', KEYS.revoked, 'GET', '/v1/documents', 401],
    ['a reader', KEYS.reader, 'GET', '/v1/documents', 200],
    ['a reader', KEYS.reader, 'DELETE', '/v1/documents/0123456789abcdef', 403],
    ['an editor', KEYS.editor, 'GET', '/v1/webhooks', 403],
    ['an editor', KEYS.editor, 'GET', '/v1/audit', 403],
    ['an admin', KEYS.admin, 'GET', '/v1/audit', 200],
    ['no key', undefined, 'GET', '/healthz', 200],
    ['no key', undefined, 'GET', '/v1/openapi.json', 200],
    ['a key in the URL', undefined, 'GET', `/v1/documents?key=${KEYS.admin}`, 400],
  ] as const)('%s: %s %s -> %i', async (_who, key, method, path, status) => {
    const res = await SELF.fetch(BASE + path, { method, headers: as(key) });
    expect(res.status).toBe(status);
    if (status === 401) expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('stores an editor\'s upload and audits it; a reader\'s upload is refused and stores nothing', async () => {
    expect((await upload(KEYS.reader)).status).toBe(403);
    expect((await upload()).status).toBe(401);
    expect(await total()).toBe(0);
    const res = await upload(KEYS.editor);
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect(await total()).toBe(1);
    const audit = (await (await SELF.fetch(`${BASE}/v1/audit`, { headers: as(KEYS.admin) })).json()) as { items: Record<string, unknown>[] };
    expect(audit.items.map((e) => [e.key, e.action, e.target, e.status])).toEqual([['w-editor', 'document.upload', id, 201]]);
  });

  it('accepts the VANBAN_ADMIN_KEY secret as an admin key, and only that key', async () => {
    const secret = 'a-long-random-secret-set-with-wrangler-secret-put';
    const app = createWorkerApp({ ...env, VANBAN_ADMIN_KEY: secret } as never);
    expect((await app.fetch(new Request(`${BASE}/v1/audit`, { headers: as(secret) }))).status).toBe(200);
    expect((await app.fetch(new Request(`${BASE}/v1/audit`, { headers: as(`${secret}x`) }))).status).toBe(401);
    expect((await app.fetch(new Request(`${BASE}/v1/audit`))).status).toBe(401);
  });
});
