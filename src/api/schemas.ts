// Request and response schemas of the search and tracking API (the OpenAPI spec is generated from them).
import { z } from '@hono/zod-openapi';
import { Deadline, DeadlineKind } from '../record.js';
import { DIRECTIVE_STATUSES } from '../store/types.js';

export const MAX_QUERY_CHARS = 500;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const validDate = (s: string) => {
  if (!ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

export const dateParam = (name: string, description: string) =>
  z
    .string()
    .refine(validDate, { message: `${name} must be a date in the format YYYY-MM-DD, e.g. 2025-10-31` })
    .optional()
    .openapi({ param: { name, in: 'query' }, description, example: '2025-10-31', format: 'date' });

const intParam = (name: string, dflt: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return dflt;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    })
    .openapi({ param: { name, in: 'query' }, type: 'integer', minimum: min, maximum: max, default: dflt } as never);

export const PagingQuery = z.object({
  limit: intParam('limit', 20, 1, 100),
  offset: intParam('offset', 0, 0, 1_000_000_000),
});

export const queryText = (name: string, description: string) =>
  z
    .string({ error: `${name} is required: the words to search for` })
    .min(1, { message: `${name} is empty: give the words to search for` })
    .max(MAX_QUERY_CHARS, { message: `${name} is too long: at most ${MAX_QUERY_CHARS} characters` })
    .openapi({ param: { name, in: 'query' }, description, example: 'so khoa hoc va cong nghe' });

export const ErrorBody = z
  .object({ error: z.object({ code: z.string(), message: z.string() }) })
  .openapi('Error');

/** An error response of a route, for the OpenAPI spec. */
export const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ErrorBody } } });

export const errorResponses = {
  400: { description: 'bad input', content: { 'application/json': { schema: ErrorBody } } },
} as const;
export const notFoundResponse = { 404: { description: 'not found', content: { 'application/json': { schema: ErrorBody } } } } as const;

const pageOf = <T extends z.ZodTypeAny>(item: T, name: string) =>
  z
    .object({
      items: z.array(item),
      total: z.number().int(),
      total_is_estimate: z.boolean().optional().describe('true when counting stopped early: total is a lower bound'),
      limit: z.number().int(),
      offset: z.number().int(),
    })
    .openapi(name);

export const SearchHit = z
  .object({
    kind: z.enum(['line', 'directive']),
    document_id: z.string(),
    directive_id: z.string().nullable(),
    page: z.number().int(),
    line: z.number().int(),
    text: z.string(),
    snippet: z.string().describe('HTML-escaped text around the first match, matched words in <mark>'),
    highlights: z.array(z.tuple([z.number().int(), z.number().int()])).describe('[start, end) offsets of matched words in text'),
    exact: z.boolean().describe('every query word matched with the diacritics as typed'),
    score: z.number().describe('BM25 as SQLite reports it: lower is better'),
  })
  .openapi('SearchHit');
export const SearchPage = z
  .object({
    query: z.string(),
    items: z.array(SearchHit),
    total: z.number().int(),
    total_is_estimate: z.boolean().optional().describe('true when counting stopped early: total is a lower bound'),
    limit: z.number().int(),
    offset: z.number().int(),
    match: z.enum(['all', 'any']).describe('all: hits have every word; any: none had all, hits have some'),
  })
  .openapi('SearchPage');

export const DirectiveStatus = z.enum(DIRECTIVE_STATUSES).openapi('DirectiveStatus');

export const DirectiveItem = z
  .object({
    id: z.string().describe('<document id>-<n>'),
    document_id: z.string(),
    seq: z.number().int(),
    page: z.number().int(),
    line: z.number().int(),
    section: z.string().nullable(),
    text: z.string(),
    assignees: z.array(z.object({ agency: z.string(), agency_id: z.string(), role: z.enum(['lead', 'cooperate']) })),
    deadline: Deadline.nullable(),
    status: DirectiveStatus,
    status_note: z.string().nullable(),
    updated_at: z.string(),
    document: z.object({
      id: z.string(),
      doc: z.string(),
      title: z.string().nullable(),
      number: z.string().nullable(),
      doc_type: z.string().nullable(),
      date: z.string().nullable(),
    }),
  })
  .openapi('DirectiveItem');
export const DirectivePage = pageOf(DirectiveItem, 'DirectivePage');

export const HistoryEntry = z
  .object({ at: z.string(), status: DirectiveStatus, note: z.string().nullable(), actor: z.string().nullable() })
  .openapi('DirectiveHistoryEntry');
export const DirectiveDetail = DirectiveItem.extend({ history: z.array(HistoryEntry) }).openapi('DirectiveDetail');

export const StatusChange = z
  .object({
    status: DirectiveStatus,
    note: z.string().max(2000).nullable().optional(),
    actor: z.string().max(200).nullable().optional().describe('who made the change'),
  })
  .openapi('StatusChange');

export const AgencySummary = z
  .object({
    id: z.string(),
    name: z.string(),
    aliases: z.array(z.string()),
    directives: z.number().int(),
    lead: z.number().int(),
    open: z.number().int(),
  })
  .openapi('AgencySummary');
export const AgencyPage = pageOf(AgencySummary, 'AgencyPage');

/** The directive filters as query parameters (shared by the list and the exports). */
export const DirectiveFilterQuery = z.object({
  q: z
    .string()
    .min(1, { message: 'q is empty: give the words to search for' })
    .max(MAX_QUERY_CHARS, { message: `q is too long: at most ${MAX_QUERY_CHARS} characters` })
    .optional()
    .openapi({ param: { name: 'q', in: 'query' }, description: 'words in the directive text (diacritics optional)' }),
  agency: z
    .string()
    .max(200, { message: 'agency is too long: at most 200 characters' })
    .optional()
    .openapi({
      param: { name: 'agency', in: 'query' },
      description: 'agency id, name, alias or initials, diacritics optional ("so khoa hoc", "Sở KH&CN", "SKHCN"); unknown: no results',
    }),
  role: z
    .enum(['lead', 'cooperate', 'any'], { message: 'role must be lead, cooperate or any' })
    .optional()
    .openapi({ param: { name: 'role', in: 'query' }, description: 'the role the agency must have (default any)' }),
  due_before: dateParam('due_before', 'deadline on or before this date'),
  due_after: dateParam('due_after', 'deadline on or after this date'),
  overdue: z
    .enum(['true', 'false', '1', '0'], { message: 'overdue must be true or false' })
    .optional()
    .openapi({ param: { name: 'overdue', in: 'query' }, description: 'only dated directives, not done, whose deadline is before today' }),
  today: dateParam('today', 'the reference date for overdue (default: the current UTC date)'),
  kind: z
    .enum(DeadlineKind.options as [string, ...string[]], { message: `kind must be one of ${DeadlineKind.options.join(', ')}` })
    .optional()
    .openapi({ param: { name: 'kind', in: 'query' }, description: 'deadline kind' }),
  document: z
    .string()
    .regex(/^[0-9a-f]{16}$/, { message: 'document must be a document id (16 hex digits)' })
    .optional()
    .openapi({ param: { name: 'document', in: 'query' } }),
  status: z
    .enum(DIRECTIVE_STATUSES, { message: `status must be one of ${DIRECTIVE_STATUSES.join(', ')}` })
    .optional()
    .openapi({ param: { name: 'status', in: 'query' } }),
});

export const WebhookCreate = z
  .object({
    url: z.string({ error: 'url is required' }).max(2000, { message: 'url is too long' }).describe('http(s) URL that receives the POSTs'),
    secret: z.string().min(8, { message: 'secret must have at least 8 characters' }).max(256).optional()
      .describe('HMAC-SHA256 key for X-Vanban-Signature; generated when absent (returned once)'),
    events: z.array(z.enum(['document.stored'])).min(1).optional(),
  })
  .openapi('WebhookCreate');

export const Webhook = z
  .object({ id: z.string(), url: z.string(), events: z.array(z.string()), created_at: z.string() })
  .openapi('Webhook');

export const WebhookDelivery = z
  .object({
    webhook_id: z.string(),
    delivery_id: z.string(),
    event: z.string(),
    document_id: z.string().nullable(),
    attempt: z.number().int(),
    at: z.string(),
    status: z.number().int().nullable(),
    ok: z.boolean(),
    error: z.string().nullable(),
    duration_ms: z.number().int(),
  })
  .openapi('WebhookDelivery');
