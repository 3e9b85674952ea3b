// Directives for tracking: filtered lists, one directive with its history, status changes, exports.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { notFound } from '../errors.js';
import { collectDirectives, EXPORT_TYPES, renderExport, type ExportFormat } from '../export/index.js';
import { toFilters, type DirectiveFilterQuery as FilterQuery } from '../store/filters.js';
import type { Store } from '../store/types.js';
import { createRouter } from './router.js';
import {
  AgencyPage,
  AgencySummary,
  DirectiveDetail,
  DirectiveFilterQuery,
  DirectiveItem,
  DirectivePage,
  errorResponses,
  notFoundResponse,
  PagingQuery,
  StatusChange,
} from './schemas.js';

const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const IdParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: '0123456789abcdef-1' }) });

const listRoute = createRoute({
  method: 'get',
  path: '/v1/directives',
  tags: ['directives'],
  summary: 'Directives matching the filters, by deadline (undated last)',
  description: 'Counting stops at 10000: a larger result reports total 10000 with total_is_estimate true.',
  request: { query: PagingQuery.merge(DirectiveFilterQuery).strict() },
  responses: { 200: json(DirectivePage, 'a page of directives'), ...errorResponses },
});

const exportRoute = (format: ExportFormat, contentType: string, description: string) =>
  createRoute({
    method: 'get',
    path: `/v1/directives.${format}`,
    tags: ['exports'],
    summary: description,
    description: 'Every directive matching the filters (at most 100000), in deadline order.',
    request: { query: DirectiveFilterQuery.strict() },
    responses: { 200: { description, content: { [contentType]: { schema: z.string() } } }, ...errorResponses },
  });

const getRoute = createRoute({
  method: 'get',
  path: '/v1/directives/{id}',
  tags: ['directives'],
  summary: 'One directive with its status history',
  request: { params: IdParam },
  responses: { 200: json(DirectiveDetail, 'the directive'), ...notFoundResponse },
});

const patchRoute = createRoute({
  method: 'patch',
  path: '/v1/directives/{id}',
  tags: ['directives'],
  summary: 'Set the tracking status of a directive (kept in its history)',
  request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: StatusChange } } } },
  responses: { 200: json(DirectiveItem, 'the directive after the change'), ...errorResponses, ...notFoundResponse },
});

const agenciesRoute = createRoute({
  method: 'get',
  path: '/v1/agencies',
  tags: ['agencies'],
  summary: 'Agencies with their directive counts, most assigned first',
  request: {
    query: PagingQuery.extend({
      q: z.string().max(200).optional().openapi({ param: { name: 'q', in: 'query' }, description: 'name, alias or initials (diacritics optional)' }),
    }).strict(),
  },
  responses: { 200: json(AgencyPage, 'a page of agencies'), ...errorResponses },
});

const agencyRoute = createRoute({
  method: 'get',
  path: '/v1/agencies/{id}',
  tags: ['agencies'],
  summary: 'One agency with its counts',
  request: { params: IdParam },
  responses: { 200: json(AgencySummary, 'the agency'), ...notFoundResponse },
});

const agencyDirectivesRoute = createRoute({
  method: 'get',
  path: '/v1/agencies/{id}/directives',
  tags: ['agencies'],
  summary: "An agency's directives (any role unless role is given), by deadline",
  request: { params: IdParam, query: PagingQuery.merge(DirectiveFilterQuery.omit({ agency: true })).strict() },
  responses: { 200: json(DirectivePage, 'a page of directives'), ...errorResponses, ...notFoundResponse },
});

function directiveNotFound(id: string) {
  return notFound(`no directive with id ${id.slice(0, 60)} (directive ids look like <document id>-<n>)`);
}

/** publicUrl: the service's public origin (VANBAN_PUBLIC_URL) for absolute links; without it exports carry none. */
export function directiveRoutes(store: Store, publicUrl?: string) {
  const app = createRouter();

  app.openapi(listRoute, async (c) => {
    const { limit, offset, ...q } = c.req.valid('query');
    return c.json(await store.listDirectives(toFilters(q), { limit, offset }), 200);
  });

  const exporter = (format: ExportFormat) => async (c: Context) => {
    const q = (c.req as unknown as { valid(t: 'query'): FilterQuery }).valid('query');
    const { items, total } = await collectDirectives(store, toFilters(q));
    // links only from the configured public URL, never from the request's Host header (which a client sets)
    const directiveUrl = publicUrl ? (id: string) => `${publicUrl}/v1/directives/${encodeURIComponent(id)}` : undefined;
    const body = renderExport(format, items, total, { directiveUrl });
    c.header('Content-Type', EXPORT_TYPES[format]);
    c.header('Content-Disposition', `attachment; filename="directives.${format}"`);
    c.header('X-Total-Count', String(total));
    return c.body(body, 200);
  };
  app.openapi(exportRoute('csv', 'text/csv', 'Directives as CSV (UTF-8 with BOM, RFC 4180)'), exporter('csv') as never);
  app.openapi(exportRoute('ics', 'text/calendar', 'Deadlines as an iCalendar feed (RFC 5545)'), exporter('ics') as never);
  app.openapi(exportRoute('json', 'application/json', 'Directives as one JSON document'), exporter('json') as never);

  app.openapi(getRoute, async (c) => {
    const { id } = c.req.valid('param');
    const d = await store.getDirective(id);
    if (!d) throw directiveNotFound(id);
    return c.json(d, 200);
  });

  app.openapi(patchRoute, async (c) => {
    const { id } = c.req.valid('param');
    const change = c.req.valid('json');
    const d = await store.updateDirectiveStatus(id, { status: change.status, note: change.note ?? null, actor: change.actor ?? null });
    if (!d) throw directiveNotFound(id);
    c.set('audit', { action: `directive.status.${change.status}`, target: id, document_id: d.document_id });
    return c.json(d, 200);
  });

  app.openapi(agenciesRoute, async (c) => {
    const { limit, offset, q } = c.req.valid('query');
    return c.json(await store.listAgencies({ limit, offset, q: q?.trim() || undefined }), 200);
  });

  app.openapi(agencyRoute, async (c) => {
    const { id } = c.req.valid('param');
    const a = await store.getAgency(id);
    if (!a) throw notFound(`no agency with id ${id.slice(0, 60)}`);
    return c.json(a, 200);
  });

  app.openapi(agencyDirectivesRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { limit, offset, ...q } = c.req.valid('query');
    if (!(await store.getAgency(id))) throw notFound(`no agency with id ${id.slice(0, 60)}`);
    return c.json(await store.listDirectives({ ...toFilters(q), agency: id }, { limit, offset }), 200);
  });

  return app;
}
