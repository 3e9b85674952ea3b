// The audit trail over HTTP: GET /v1/audit for admins, GET /v1/documents/{id}/history for readers.
import { createRoute, z } from '@hono/zod-openapi';
import { notFound } from '../errors.js';
import type { Store } from '../store/types.js';
import { documentId } from './errors.js';
import { createRouter } from './router.js';
import { EditChange, PageInfo } from '../store/shapes.js';
import { AuditEntry, AuditPage, errorResponses, notFoundResponse, PagingQuery } from './schemas.js';

// a document's history: each audit entry with the values its write changed (corrections, line edits)
const HistoryPage = z
  .object({
    items: z.array(AuditEntry.extend({ changes: z.array(EditChange).describe('old -> new of each value the write changed; empty for other writes') })),
    ...PageInfo.shape,
  })
  .openapi('DocumentHistoryPage');

const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const text = (name: string, description: string) =>
  z.string().min(1, { message: `${name} is empty` }).max(200, { message: `${name} is too long (at most 200 characters)` }).optional()
    .openapi({ param: { name, in: 'query' }, description });

const listRoute = createRoute({
  method: 'get',
  path: '/v1/audit',
  tags: ['service'],
  summary: 'Every successful write, newest first (admin keys only)',
  request: {
    query: PagingQuery.extend({
      // not "key": a parameter of that name is refused everywhere (keys never travel in URLs)
      key_name: text('key_name', 'only writes made with the API key of this name'),
      target: text('target', 'only writes to this document, directive or webhook id'),
      document: text('document', 'only writes to this document or its directives'),
    }).strict(),
  },
  responses: { 200: json(AuditPage, 'a page of audit entries'), ...errorResponses },
});

const historyRoute = createRoute({
  method: 'get',
  path: '/v1/documents/{id}/history',
  tags: ['documents'],
  summary: "The document's audit entries, newest first: upload, corrections with old -> new, status changes, deletion",
  description:
    'Client addresses are shown to admin keys only. The history outlives the document. Each entry lists in `changes` the ' +
    'values its write changed (PATCH /v1/documents/{id} and /lines), old and new, append-only.',
  request: {
    params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: '0123456789abcdef' }) }),
    query: PagingQuery.strict(),
  },
  responses: { 200: json(HistoryPage, 'a page of audit entries with their changes'), ...errorResponses, ...notFoundResponse },
});

export function auditRoutes(store: Store) {
  const app = createRouter();

  app.openapi(listRoute, async (c) => {
    const { limit, offset, key_name, target, document } = c.req.valid('query');
    return c.json(await store.listAudit({ key: key_name, target, document }, { limit, offset }), 200);
  });

  app.openapi(historyRoute, async (c) => {
    const id = documentId(c.req.valid('param').id);
    const page = await store.listAudit({ document: id }, c.req.valid('query'));
    if (page.total === 0 && !(await store.hasDocument(id))) throw notFound(`no document with id ${id}`);
    const admin = c.get('principal')?.role === 'admin';
    const edits = await store.listEdits(page.items.map((e) => e.id));
    const items = page.items.map((e) => ({ ...(admin ? e : { ...e, client: null }), changes: edits.get(e.id) ?? [] }));
    return c.json({ ...page, items }, 200);
  });

  return app;
}
