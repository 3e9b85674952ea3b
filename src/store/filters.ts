// The directive filters as query strings (the HTTP query and the CLI options), checked and turned into
// the store's DirectiveFilters. Plain zod, no HTTP: the API adds its OpenAPI parameters on top.
import { z } from 'zod';
import { badRequest } from '../errors.js';
import { DeadlineKind } from '../record.js';
import { words } from './search.js';
import { DIRECTIVE_STATUSES } from './shapes.js';
import type { DirectiveFilters, DocumentFilters } from './types.js';

export const MAX_QUERY_CHARS = 500;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const validDate = (s: string) => {
  if (!ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

/** An optional YYYY-MM-DD that is a real date. */
const isoDate = (name: string) =>
  z
    .string()
    .refine(validDate, { message: `${name} must be a date in the format YYYY-MM-DD, e.g. 2025-10-31` })
    .optional();

export const DirectiveFilterQuery = z.object({
  q: z
    .string()
    .min(1, { message: 'q is empty: give the words to search for' })
    .max(MAX_QUERY_CHARS, { message: `q is too long: at most ${MAX_QUERY_CHARS} characters` })
    .optional(),
  agency: z.string().max(200, { message: 'agency is too long: at most 200 characters' }).optional(),
  role: z.enum(['lead', 'cooperate', 'any'], { message: 'role must be lead, cooperate or any' }).optional(),
  due_before: isoDate('due_before'),
  due_after: isoDate('due_after'),
  overdue: z.enum(['true', 'false', '1', '0'], { message: 'overdue must be true or false' }).optional(),
  today: isoDate('today'),
  kind: z.enum(DeadlineKind.options, { message: `kind must be one of ${DeadlineKind.options.join(', ')}` }).optional(),
  document: z
    .string()
    .regex(/^[0-9a-f]{16}$/, { message: 'document must be a document id (16 hex digits)' })
    .optional(),
  status: z.enum(DIRECTIVE_STATUSES, { message: `status must be one of ${DIRECTIVE_STATUSES.join(', ')}` }).optional(),
});
export type DirectiveFilterQuery = z.infer<typeof DirectiveFilterQuery>;

/** The checked query as store filters; throws a 400 VanbanError for what no single field can tell. */
export function toFilters(q: DirectiveFilterQuery): DirectiveFilters {
  if (q.q !== undefined && !words(q.q).length) throw badRequest('empty_query', 'q has no words to search for (letters or digits)');
  if (q.due_before && q.due_after && q.due_after > q.due_before) {
    throw badRequest('bad_date', `due_after (${q.due_after}) is later than due_before (${q.due_before})`);
  }
  return {
    q: q.q,
    agency: q.agency?.trim() || undefined,
    role: q.role,
    due_before: q.due_before,
    due_after: q.due_after,
    overdue: q.overdue === 'true' || q.overdue === '1',
    today: q.today,
    kind: q.kind,
    document: q.document,
    status: q.status,
  };
}

/** The notice filters as query strings: kind, issuer (their words, diacritics optional), the date range. */
export const DocumentFilterQuery = z.object({
  kind: z.string().max(200, { message: 'kind is too long: at most 200 characters' }).optional(),
  issuer: z.string().max(200, { message: 'issuer is too long: at most 200 characters' }).optional(),
  date_from: isoDate('date_from'),
  date_to: isoDate('date_to'),
});
export type DocumentFilterQuery = z.infer<typeof DocumentFilterQuery>;

/** The checked query as the store's document filters; throws a 400 when date_from is after date_to. */
export function toDocumentFilters(q: DocumentFilterQuery): DocumentFilters {
  if (q.date_from && q.date_to && q.date_from > q.date_to) {
    throw badRequest('bad_date', `date_from (${q.date_from}) is later than date_to (${q.date_to})`);
  }
  return {
    doc_type: q.kind?.trim() || undefined,
    issuer: q.issuer?.trim() || undefined,
    date_from: q.date_from,
    date_to: q.date_to,
  };
}
