// The shapes the store returns, as plain zod: the Store contract's types (z.infer) and the API's OpenAPI
// schemas (src/api/schemas.ts names them) both come from here. Fields that are the record's reuse its schemas.
import { z } from 'zod';
import { Agency, Assignee, Directive, Page as PageNumber } from '../record.js';

const int = () => z.number().int();

/** Paging fields of a list, its items aside. */
export const PageInfo = z.object({
  total: int(),
  total_is_estimate: z.boolean().optional().describe('true when counting stopped early: total is a lower bound'),
  limit: int(),
  offset: int(),
});
export type Page<T> = { items: T[] } & z.infer<typeof PageInfo>;

export const DIRECTIVE_STATUSES = ['open', 'in_progress', 'done'] as const;
export const DirectiveStatus = z.enum(DIRECTIVE_STATUSES);
export type DirectiveStatus = z.infer<typeof DirectiveStatus>;

/** A record assignee as stored: the agency id is always set (the name's slug when the record had none). */
export const DirectiveAssignee = Assignee.extend({ agency_id: z.string() });
export type DirectiveAssignee = z.infer<typeof DirectiveAssignee>;

/** A record directive with its place in the store, its tracking status and its document. */
export const DirectiveView = z.object({
  id: z.string().describe('<document id>-<n>'),
  document_id: z.string(),
  seq: int(),
  // always stored, so without the record's default
  page: PageNumber,
  line: Directive.shape.line,
  section: Directive.shape.section,
  text: Directive.shape.text,
  assignees: z.array(DirectiveAssignee),
  deadline: Directive.shape.deadline,
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
});
export type DirectiveView = z.infer<typeof DirectiveView>;

export const DirectiveHistoryEntry = z.object({
  at: z.string(),
  status: DirectiveStatus,
  note: z.string().nullable(),
  actor: z.string().nullable(),
});
export type DirectiveHistoryEntry = z.infer<typeof DirectiveHistoryEntry>;

/** A record agency (its aliases always listed here) with its directive counts. */
export const AgencySummary = Agency.extend({
  aliases: z.array(z.string()),
  /** directives assigned to the agency in any role */
  directives: int(),
  /** of which as lead */
  lead: int(),
  /** of which not done */
  open: int(),
});
export type AgencySummary = z.infer<typeof AgencySummary>;

export const SearchScope = z.enum(['all', 'lines', 'directives']);
export type SearchScope = z.infer<typeof SearchScope>;

export const SearchHit = z.object({
  /** a notice line, or a directive (whose `line` is where it starts) */
  kind: z.enum(['line', 'directive']),
  document_id: z.string(),
  directive_id: z.string().nullable(),
  page: int(),
  line: int(),
  text: z.string(),
  snippet: z.string().describe('HTML-escaped text around the first match, matched words in <mark>'),
  highlights: z.array(z.tuple([int(), int()])).describe('[start, end) offsets of matched words in text'),
  exact: z.boolean().describe('every query word matched with the diacritics as typed'),
  score: z.number().describe('BM25 as SQLite reports it: lower is better'),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const LineHit = SearchHit.pick({ document_id: true, line: true, page: true, text: true, score: true });
export type LineHit = z.infer<typeof LineHit>;

export const SearchPage = z.object({
  items: z.array(SearchHit),
  ...PageInfo.shape,
  match: z.enum(['all', 'any']).describe('all: hits have every word; any: none had all, hits have some'),
});
export type SearchPage = z.infer<typeof SearchPage>;

export const Webhook = z.object({ id: z.string(), url: z.string(), events: z.array(z.string()), created_at: z.string() });
export type Webhook = z.infer<typeof Webhook>;

export const WebhookDelivery = z.object({
  webhook_id: z.string(),
  delivery_id: z.string(),
  event: z.string(),
  document_id: z.string().nullable(),
  attempt: int(),
  at: z.string(),
  status: int().nullable(),
  ok: z.boolean(),
  error: z.string().nullable(),
  duration_ms: int(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const JOB_STATES = ['queued', 'running', 'done', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export const Job = z.object({
  id: z.string(),
  document_id: z.string(),
  filename: z.string(),
  declared_type: z.string().nullable(),
  state: z.enum(JOB_STATES),
  stage: z.string().nullable(),
  pages_done: int(),
  pages_total: int(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  attempts: int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Job = z.infer<typeof Job>;

/** Roles of API keys, each allowed what the ones before it are. */
export const ROLES = ['reader', 'editor', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** An API key as listed: never the key or its hash. */
export const ApiKeyInfo = z.object({
  name: z.string(),
  role: Role,
  created_at: z.string(),
  revoked_at: z.string().nullable(),
});
export type ApiKeyInfo = z.infer<typeof ApiKeyInfo>;

/** One successful write, as the audit trail keeps it. */
export const AuditEntry = z.object({
  id: int(),
  at: z.string(),
  key: z.string().nullable().describe('name of the API key that made the write'),
  action: z.string().describe('e.g. document.upload, document.delete, directive.status, webhook.create'),
  target: z.string().nullable().describe('id of what was written: document, directive or webhook'),
  document_id: z.string().nullable(),
  client: z.string().nullable().describe('client address as the server saw it'),
  status: int().describe('HTTP status of the answer'),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** One corrected value of a write: what it was and what it became (JSON values). */
export const EditChange = z.object({
  target: z.string().describe("'document', a directive id, or 'line:<n>'"),
  field: z.string().describe('e.g. issuer, date, text, lead, cooperating, deadline, directive (a directive added or dropped by re-extraction)'),
  old: z.unknown().describe('the value before (null when there was none)'),
  new: z.unknown().describe('the value after (null when removed)'),
  kind: z.enum(['correction', 'line', 'extraction']).describe('correction: set by hand; line: a line\'s text; extraction: what re-extraction changed'),
});
export type EditChange = z.infer<typeof EditChange>;

const Box = z.tuple([z.number(), z.number(), z.number(), z.number()]).describe('[x0, y0, x1, y1] in page pixels');

/** A stored page: where its text came from and, for OCR pages, its size in pixels (the space of the boxes). */
export const PageGeometry = z.object({
  number: int(),
  source: z.enum(['text', 'text-layer', 'ocr']),
  width: int().nullable().describe('page width in pixels (OCR pages); null otherwise'),
  height: int().nullable(),
});
export type PageGeometry = z.infer<typeof PageGeometry>;

/** A stored line with its raw text and, where OCR gave them, its box and the words to look at. */
export const LineDetail = z.object({
  page: int(),
  line: int(),
  text: z.string().describe('the text after repair and corrections'),
  raw_text: z.string().describe('the text as read, before repair'),
  confidence: z.number().nullable().describe('mean OCR word confidence, 0-100'),
  bbox: Box.nullable().describe('the line on its page (OCR pages only)'),
  words: z
    .array(
      z.object({
        text: z.string().describe('as OCR read it'),
        repaired: z.string().nullable().describe('the word after repair when it changed, else null'),
        confidence: z.number(),
        bbox: Box.nullable(),
        low_confidence: z.boolean(),
        changed: z.boolean().describe('repair (or a correction of the line) changed the word'),
      }),
    )
    .describe('the words OCR was unsure of or that repair changed; empty for text uploads'),
});
export type LineDetail = z.infer<typeof LineDetail>;
