// The Store contract. Async so that better-sqlite3 (Node) and D1 (Workers) implement the same one.
// The shapes it returns are zod schemas in ./shapes.ts (the API documents the same schemas).
import type { DeadlineT, DocumentSummaryT, NoticeRecordT, TextLineT } from '../record.js';
import type { AuditFilters, NewAuditEntry } from './sql/audit.js';
import type { DocumentFilters } from './sql/docfilter.js';
import type { DocumentListOptions } from './sql/document-list.js';
import type { NewSession, SessionInfo } from './sql/sessions.js';
import type { DocumentRevision, StandingCorrection, StoredLine } from './sql/edits.js';
import type {
  AgencySummary,
  ApiKeyInfo,
  AuditEntry,
  DirectiveHistoryEntry,
  DirectiveStatus,
  DirectiveView,
  EditChange,
  Job,
  LineHit,
  PageGeometry,
  Page,
  Role,
  SearchPage,
  SearchScope,
  Webhook,
  WebhookDelivery,
} from './shapes.js';

export { DIRECTIVE_STATUSES, ROLES } from './shapes.js';
export type { AuditFilters, NewAuditEntry } from './sql/audit.js';
export type { NewSession, SessionInfo } from './sql/sessions.js';
export type { DocumentFilters } from './sql/docfilter.js';
export type { DocumentListOptions, DocumentSort } from './sql/document-list.js';
export type { DocumentRevision, StandingCorrection, StoredChange, StoredLine } from './sql/edits.js';
export type {
  AgencySummary,
  ApiKeyInfo,
  AuditEntry,
  DirectiveAssignee,
  DirectiveHistoryEntry,
  DirectiveStatus,
  DirectiveView,
  Job,
  JobState,
  LineHit,
  Page,
  Role,
  SearchHit,
  SearchPage,
  SearchScope,
  Webhook,
  WebhookDelivery,
} from './shapes.js';

export interface StoredPage {
  number: number;
  source: 'text' | 'text-layer' | 'ocr';
  /** the page image's size in pixels, the space of its lines' word boxes (OCR pages) */
  width?: number;
  height?: number;
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

export interface NewJob {
  id: string;
  documentId: string;
  filename: string;
  declaredType?: string;
  input: Uint8Array;
}

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
  /** only directives not done (open or in progress) */
  active?: boolean;
  /** only directives of the notices these filters select (kind, issuer, date range) */
  documents?: DocumentFilters;
}

/**
 * The sort key of undated directives in directive lists (they come last). The SQL migrations write the
 * same literal in the expressions of the directives_*_due indexes.
 */
export const NO_DATE = '9999-12-31';

/** Where the previous page of a directive list ended (its last item), for keyset paging. */
export interface DirectiveCursor {
  /** deadline date, or NO_DATE when undated */
  due: string;
  document_id: string;
  seq: number;
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
  /**
   * newest first unless `sort` says otherwise; signed_by: only documents a signer or organisation of that name
   * signed (diacritics optional); doc_type, issuer: those whose kind or issuer has these words (diacritics and
   * case optional); date_from, date_to: the document's date in that range
   */
  listDocuments(opts: DocumentListOptions): Promise<Page<DocumentSummaryT>>;
  searchLines(query: string, opts: { limit: number; offset: number }): Promise<Page<LineHit>>;
  /**
   * Full text over notice lines and directives; diacritics optional, exact-diacritic hits first, then BM25.
   * Hits have every word; when none has, hits with some of the words (match: 'any').
   */
  search(query: string, opts: { limit: number; offset: number; scope?: SearchScope; documents?: DocumentFilters }): Promise<SearchPage>;

  /** Directives matching the filters, by deadline (undated last). */
  listDirectives(filters: DirectiveFilters, opts: { limit: number; offset: number; after?: DirectiveCursor }): Promise<Page<DirectiveView>>;
  /**
   * Every directive matching the filters, at most `max`, in list order: pages of `pageSize` (default 1000),
   * each read after the previous one's last sort key, so a deep page costs no more than the first. The
   * first page carries the count; a page shorter than its `limit` is the last.
   */
  allDirectives(filters: DirectiveFilters, opts?: { max?: number; pageSize?: number }): AsyncIterable<Page<DirectiveView>>;
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
  /** Records the API key that uploaded a job's scan (the per-key job limit counts by it). */
  assignJobKey(id: string, keyName: string): Promise<void>;
  /** Jobs of this key still queued or running. */
  countActiveJobs(keyName: string): Promise<number>;

  /** A new random key; only its SHA-256 is stored, the key is returned this once. Names are unique forever. */
  createKey(opts: { name: string; role: string }): Promise<ApiKeyInfo & { key: string }>;
  /** Every key, revoked ones too: never the key or its hash. */
  listKeys(): Promise<ApiKeyInfo[]>;
  /** false when there is no active key of that name */
  revokeKey(name: string): Promise<boolean>;
  /** Keys not revoked. */
  countKeys(): Promise<number>;
  /** The active key's name and role, compared in constant time; null when unknown or revoked. */
  verifyKey(key: string): Promise<{ name: string; role: Role } | null>;

  /** A document's media type and pages with their pixel sizes; null when there is no such document. */
  getPages(id: string): Promise<{ mediaType: string; pages: PageGeometry[] } | null>;
  /** Lines with raw text, boxes and OCR words (review); null when there is no such document. */
  getStoredLines(id: string): Promise<StoredLine[] | null>;
  /**
   * Writes a corrected or re-extracted record whole or not at all: document columns and record, lines and
   * their search rows, directives (rows kept seq by seq), assignees, agencies, per-agency counts, the
   * directives' search rows, statistics, references, the audit row and its edits.
   */
  reviseDocument(id: string, revision: DocumentRevision): Promise<void>;
  /** The changes recorded with these audit entries, by entry id. */
  listEdits(auditIds: number[]): Promise<Map<number, EditChange[]>>;
  /** The latest hand correction of each document field and of each directive field (by the directive's line). */
  standingCorrections(id: string): Promise<StandingCorrection[]>;

  /** Appends one entry to the audit trail (entries are never changed or removed). */
  appendAudit(entry: NewAuditEntry): Promise<void>;
  /** Audit entries, newest first. */
  listAudit(filters: AuditFilters, opts: { limit: number; offset: number }): Promise<Page<AuditEntry>>;

  /** A web sign-in session (its token's hash, the key that opened it). */
  createSession(session: NewSession): Promise<void>;
  /** The live session of that token hash: unexpired, its key not revoked; null otherwise. */
  getSession(tokenHash: string): Promise<SessionInfo | null>;
  deleteSession(tokenHash: string): Promise<boolean>;
}
