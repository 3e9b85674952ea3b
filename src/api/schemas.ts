// Request and response schemas of the API, and the names of its OpenAPI document. The response shapes are
// the record's (src/record.ts) and the store's (src/store/shapes.ts), in plain zod: here they get their
// component names, and the query parameters their OpenAPI details.
import { z } from '@hono/zod-openapi';
import { WEBHOOK_EVENTS } from '../notify/webhooks.js';
import * as record from '../record.js';
import { DirectiveFilterQuery as FilterQuery, DocumentFilterQuery, MAX_QUERY_CHARS } from '../store/filters.js';
import { DOCUMENT_SORTS } from '../store/sql/documents.js';
import * as shapes from '../store/shapes.js';

// Component names. zod-to-openapi writes a $ref where the very schema instance that carries a name appears,
// and naming makes a copy: so a schema that holds named ones (Directive holds Assignee and Deadline) is named
// as a rebuild that holds their named copies (refs), and parts are named before the wholes that hold them.
const copies = new Map<z.ZodType, z.ZodType>();

/**
 * A schema that has `.openapi()`. zod 4 copies a schema's methods when it is made, so one made before
 * @hono/zod-openapi extended zod (the record's and the store's, depending on import order) lacks it: its
 * clone (same definition, same description) has it.
 */
const documentable = <T extends z.ZodType>(schema: T): T =>
  typeof (schema as { openapi?: unknown }).openapi === 'function' ? schema : (schema.clone() as T);

function component<T extends z.ZodType>(schema: T, refId: string): T {
  const copy = documentable(refs(schema)).openapi(refId);
  copies.set(schema, copy);
  return copy;
}

/** An object schema with the named schemas of its fields swapped for their named copies. */
function refs<T extends z.ZodType>(schema: T): T {
  // Rebuilt wrappers keep no description or array checks: none of the record's and store's have them.
  const swap = (s: z.ZodType): z.ZodType => {
    const copy = copies.get(s);
    if (copy) return copy;
    if (s instanceof z.ZodArray) {
      const element = s.element as z.ZodType;
      const item = swap(element);
      return item === element ? s : z.array(item);
    }
    if (s instanceof z.ZodNullable || s instanceof z.ZodOptional || s instanceof z.ZodDefault) {
      const inner = s.unwrap() as z.ZodType;
      const to = swap(inner);
      if (to === inner) return s;
      return s instanceof z.ZodNullable ? to.nullable() : s instanceof z.ZodOptional ? to.optional() : to.default(s.def.defaultValue);
    }
    return s;
  };
  if (!(schema instanceof z.ZodObject)) return schema;
  const changed = Object.entries(schema.shape as Record<string, z.ZodType>).flatMap(([k, v]) => {
    const to = swap(v);
    return to === v ? [] : [[k, to] as const];
  });
  return (changed.length ? schema.extend(Object.fromEntries(changed)) : schema) as T;
}

// The record
export const Assignee = component(record.Assignee, 'Assignee');
export const Deadline = component(record.Deadline, 'Deadline');
export const Directive = component(record.Directive, 'Directive');
export const Statistic = component(record.Statistic, 'Statistic');
export const Reference = component(record.Reference, 'Reference');
export const Agency = component(record.Agency, 'Agency');
export const Section = component(record.Section, 'Section');
export const Footnote = component(record.Footnote, 'Footnote');
export const Signer = component(record.Signer, 'Signer');
export const NoticeRecord = component(record.NoticeRecord, 'NoticeRecord');
export const DocumentSummary = component(record.DocumentSummary, 'DocumentSummary');
// the document list does not estimate its total
export const DocumentPage = z.object({ items: z.array(DocumentSummary), ...shapes.PageInfo.omit({ total_is_estimate: true }).shape });

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

const pageOf = <T extends z.ZodType>(item: T, refId: string) =>
  z.object({ items: z.array(item), ...shapes.PageInfo.shape }).openapi(refId);

export const SearchHit = component(shapes.SearchHit, 'SearchHit');
export const SearchPage = z.object({ query: z.string(), ...refs(shapes.SearchPage).shape }).openapi('SearchPage');

export const DirectiveStatus = component(shapes.DirectiveStatus, 'DirectiveStatus');
export const DirectiveItem = component(shapes.DirectiveView, 'DirectiveItem');
export const DirectivePage = pageOf(DirectiveItem, 'DirectivePage');
export const HistoryEntry = component(shapes.DirectiveHistoryEntry, 'DirectiveHistoryEntry');
export const DirectiveDetail = DirectiveItem.extend({ history: z.array(HistoryEntry) }).openapi('DirectiveDetail');

export const StatusChange = z
  .object({
    status: DirectiveStatus,
    note: z.string().max(2000).nullable().optional(),
    actor: z.string().max(200).nullable().optional().describe('who made the change'),
  })
  .openapi('StatusChange');

export const AgencySummary = component(shapes.AgencySummary, 'AgencySummary');
export const AgencyPage = pageOf(AgencySummary, 'AgencyPage');

/** The query parameters of `query`, each with its OpenAPI details. */
function queryParams<S extends z.ZodRawShape>(query: z.ZodObject<S>, details: { [K in keyof S]: object }): z.ZodObject<S> {
  const shape = Object.fromEntries(
    Object.entries(details).map(([key, d]) => [key, documentable(query.shape[key] as z.ZodType).openapi({ param: { name: key, in: 'query' }, ...d })]),
  );
  return query.extend(shape) as unknown as z.ZodObject<S>;
}
const date = (description: string) => ({ description, example: '2025-10-31', format: 'date' });

/** The directive filters as query parameters (shared by the list and the exports). */
export const DirectiveFilterQuery = queryParams(FilterQuery, {
  q: { description: 'words in the directive text (diacritics optional)' },
  agency: {
    description: 'agency id, name, alias or initials, diacritics optional ("so khoa hoc", "Sở KH&CN", "SKHCN"); unknown: no results',
  },
  role: { description: 'the role the agency must have (default any)' },
  due_before: date('deadline on or before this date'),
  due_after: date('deadline on or after this date'),
  overdue: { description: 'only dated directives, not done, whose deadline is before today' },
  today: date('the reference date for overdue (default: the current UTC date)'),
  kind: { description: 'deadline kind' },
  document: {},
  status: {},
});

/** The notice filters as query parameters (the search and the document list). */
export const DocumentFilterParams = queryParams(DocumentFilterQuery, {
  kind: { description: 'the kind of notice has these words, diacritics and case optional ("thong bao" finds "thông báo kết luận")', example: 'ke hoach' },
  issuer: { description: 'the issuer\'s name has these words in this order, diacritics and case optional', example: 'uy ban nhan dan xa hoa phu' },
  date_from: date('the notice\'s date (`date` of the record) on or after this day'),
  date_to: date('the notice\'s date on or before this day (not before date_from)'),
});

export const DocumentListQuery = PagingQuery.extend({
  signed_by: z
    .string()
    .max(200, { message: 'signed_by is too long (at most 200 characters)' })
    .optional()
    .openapi({ param: { name: 'signed_by', in: 'query' }, description: 'only notices digitally signed by this signer or organisation (diacritics optional)', example: 'uy ban nhan dan tinh quang ngai' }),
  sort: z
    .enum(DOCUMENT_SORTS, { message: `sort must be one of ${DOCUMENT_SORTS.join(', ')}` })
    .optional()
    .openapi({ param: { name: 'sort', in: 'query' }, description: 'sort key (default created: newest upload first); notices without the value come last' }),
  order: z
    .enum(['asc', 'desc'], { message: 'order must be asc or desc' })
    .optional()
    .openapi({ param: { name: 'order', in: 'query' }, description: 'default desc for created, date and directives, asc for number, issuer and doc_type' }),
  ...DocumentFilterParams.shape,
});

export const WebhookCreate = z
  .object({
    url: z.string({ error: 'url is required' }).max(2000, { message: 'url is too long' }).describe('http(s) URL that receives the POSTs'),
    secret: z.string().min(8, { message: 'secret must have at least 8 characters' }).max(256).optional()
      .describe('HMAC-SHA256 key for X-Vanban-Signature; generated when absent (returned once)'),
    events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).optional(),
  })
  .openapi('WebhookCreate');

export const Webhook = component(shapes.Webhook, 'Webhook');
export const WebhookDelivery = component(shapes.WebhookDelivery, 'WebhookDelivery');
export const Job = shapes.Job.extend({ links: z.object({ document: z.string().optional() }) }).openapi('Job');
export const AuditEntry = component(shapes.AuditEntry, 'AuditEntry');
export const AuditPage = pageOf(AuditEntry, 'AuditPage');
