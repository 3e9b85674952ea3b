// The Store contract. Async so that better-sqlite3 (Node) and D1 (Workers) implement the same one.
import type { DeadlineT, DocumentSummaryT, NoticeRecordT, TextLineT } from '../record.js';

export interface StoredPage {
  number: number;
  source: 'text' | 'text-layer' | 'ocr';
}

export interface NewDocument {
  id: string;
  sha256: string;
  filename: string;
  mediaType: string;
  original: Uint8Array;
  pages: StoredPage[];
  /** repaired lines; rawLines (same count) are the lines before repair */
  lines: TextLineT[];
  rawLines: TextLineT[];
  record: NoticeRecordT;
}

export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface Job {
  id: string;
  document_id: string;
  filename: string;
  declared_type: string | null;
  state: JobState;
  stage: string | null;
  pages_done: number;
  pages_total: number;
  error: { code: string; message: string } | null;
  attempts: number;
  created_at: string;
  updated_at: string;
}

export interface NewJob {
  id: string;
  documentId: string;
  filename: string;
  declaredType?: string;
  input: Uint8Array;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
  /** true when `total` is a lower bound: counting stopped there (very common words, very broad filters) */
  total_is_estimate?: boolean;
}

export interface LineHit {
  document_id: string;
  line: number;
  page: number;
  text: string;
  score: number;
}

export interface SearchHit {
  /** a notice line, or a directive (whose `line` is where it starts) */
  kind: 'line' | 'directive';
  document_id: string;
  directive_id: string | null;
  page: number;
  line: number;
  text: string;
  /** HTML-escaped text around the first match, matched words in <mark> */
  snippet: string;
  /** [start, end) offsets of the matched words in `text` */
  highlights: [number, number][];
  /** true when every query word matched with its diacritics as typed */
  exact: boolean;
  /** BM25 (lower is better, as SQLite reports it) */
  score: number;
}

export type SearchScope = 'all' | 'lines' | 'directives';

export interface SearchPage extends Page<SearchHit> {
  /** 'all': every hit has every word; 'any': no line had them all, so hits have some of them */
  match: 'all' | 'any';
}

export const DIRECTIVE_STATUSES = ['open', 'in_progress', 'done'] as const;
export type DirectiveStatus = (typeof DIRECTIVE_STATUSES)[number];

export interface DirectiveFilters {
  /** full-text words over the directive text (diacritics optional) */
  q?: string;
  /** agency id, name, alias or initials; diacritics optional */
  agency?: string;
  /** which assignee role the agency must have; default any */
  role?: 'lead' | 'cooperate' | 'any';
  /** deadline on or before this date (YYYY-MM-DD) */
  due_before?: string;
  /** deadline on or after this date (YYYY-MM-DD) */
  due_after?: string;
  /** only dated, not done directives whose deadline is before `today` */
  overdue?: boolean;
  /** reference date for `overdue` (YYYY-MM-DD); default the current UTC date */
  today?: string;
  kind?: DeadlineT['kind'];
  document?: string;
  status?: DirectiveStatus;
}

/** Where the previous page of a directive list ended (its last item), for keyset paging. */
export interface DirectiveCursor {
  /** deadline date, or '9999-12-31' when undated */
  due: string;
  document_id: string;
  seq: number;
}

export interface DirectiveAssignee {
  agency: string;
  agency_id: string;
  role: 'lead' | 'cooperate';
}

export interface DirectiveView {
  id: string;
  document_id: string;
  seq: number;
  page: number;
  line: number;
  section: string | null;
  text: string;
  assignees: DirectiveAssignee[];
  deadline: DeadlineT | null;
  status: DirectiveStatus;
  status_note: string | null;
  updated_at: string;
  document: { id: string; doc: string; title: string | null; number: string | null; doc_type: string | null; date: string | null };
}

export interface DirectiveHistoryEntry {
  at: string;
  status: DirectiveStatus;
  note: string | null;
  actor: string | null;
}

export interface AgencySummary {
  id: string;
  name: string;
  aliases: string[];
  /** directives assigned to the agency in any role */
  directives: number;
  /** of which as lead */
  lead: number;
  /** of which not done */
  open: number;
}

export interface Webhook {
  id: string;
  url: string;
  events: string[];
  created_at: string;
}

export interface WebhookDelivery {
  webhook_id: string;
  delivery_id: string;
  event: string;
  document_id: string | null;
  attempt: number;
  at: string;
  status: number | null;
  ok: boolean;
  error: string | null;
  duration_ms: number;
}

export interface Store {
  migrate(): Promise<void>;
  close(): Promise<void>;

  /** Stores a notice whole or not at all. Returns false when a document with this id already exists. */
  putDocument(doc: NewDocument, options?: { finishJob?: string }): Promise<boolean>;
  hasDocument(id: string): Promise<boolean>;
  getRecord(id: string): Promise<NoticeRecordT | null>;
  getLines(id: string): Promise<TextLineT[] | null>;
  getOriginal(id: string): Promise<{ bytes: Uint8Array; mediaType: string; filename: string } | null>;
  deleteDocument(id: string): Promise<boolean>;
  listDocuments(opts: { limit: number; offset: number }): Promise<Page<DocumentSummaryT>>;
  searchLines(query: string, opts: { limit: number; offset: number }): Promise<Page<LineHit>>;
  /**
   * Full text over notice lines and directives; diacritics optional, exact-diacritic hits first, then BM25.
   * Hits have every word; when none has, hits with some of the words (match: 'any').
   */
  search(query: string, opts: { limit: number; offset: number; scope?: SearchScope }): Promise<SearchPage>;

  /** Directives matching the filters, by deadline (undated last). */
  listDirectives(filters: DirectiveFilters, opts: { limit: number; offset: number; after?: DirectiveCursor }): Promise<Page<DirectiveView>>;
  getDirective(id: string): Promise<(DirectiveView & { history: DirectiveHistoryEntry[] }) | null>;
  /** Sets the status and appends to the history; null when there is no such directive. */
  updateDirectiveStatus(id: string, change: { status: DirectiveStatus; note?: string | null; actor?: string | null }): Promise<DirectiveView | null>;
  /** Agencies with their directive counts, most assigned first. */
  listAgencies(opts: { limit: number; offset: number; q?: string }): Promise<Page<AgencySummary>>;
  getAgency(id: string): Promise<AgencySummary | null>;
  /** Agency ids that the user's words name (id, name, alias, initials; diacritics optional). */
  resolveAgency(query: string): Promise<string[]>;
  addAgencyAlias(agencyId: string, alias: string): Promise<boolean>;

  createWebhook(hook: { id: string; url: string; secret: string; events: string[] }): Promise<Webhook>;
  listWebhooks(): Promise<Webhook[]>;
  getWebhook(id: string): Promise<(Webhook & { secret: string }) | null>;
  deleteWebhook(id: string): Promise<boolean>;
  logDelivery(d: WebhookDelivery): Promise<void>;
  listDeliveries(webhookId: string, opts: { limit: number }): Promise<WebhookDelivery[]>;

  createJob(job: NewJob): Promise<Job>;
  getJob(id: string): Promise<Job | null>;
  getJobInput(id: string): Promise<Uint8Array | null>;
  updateJob(id: string, patch: Partial<Pick<Job, 'state' | 'stage' | 'pages_done' | 'pages_total' | 'error'>>): Promise<void>;
  /** Jobs left queued or running by a previous process; running ones count an attempt. */
  recoverJobs(maxAttempts: number): Promise<Job[]>;
}
