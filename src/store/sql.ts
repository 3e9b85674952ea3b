// One Store implementation over a minimal SQL executor; the SQLite and D1 adapters only execute.
// The SQL lives in ./sql/, one module per concern; SqlStore puts them together behind the Store contract.
import type { DocumentSummaryT, NoticeRecordT, TextLineT } from '../record.js';
import type { AgencySummary, ApiKeyInfo, AuditEntry, DirectiveHistoryEntry, DirectiveStatus, DirectiveView, EditChange, Job, LineHit, Page, PageGeometry, SearchPage, SearchScope, Role, Webhook, WebhookDelivery } from './shapes.js';
import { SqlAgencies } from './sql/agencies.js';
import { type AuditFilters, type NewAuditEntry, SqlAudit } from './sql/audit.js';
import { SqlDirectives } from './sql/directives.js';
import { type DocumentFilters, type DocumentListOptions, SqlDocuments } from './sql/documents.js';
import { type DocumentRevision, SqlEdits, type StandingCorrection, type StoredLine } from './sql/edits.js';
import type { SqlExecutor } from './sql/executor.js';
import { SqlSearch } from './sql/fulltext.js';
import { type NewSession, type SessionInfo, SqlSessions } from './sql/sessions.js';
import { SqlJobs } from './sql/jobs.js';
import { SqlKeys } from './sql/keys.js';
import { SqlWebhooks } from './sql/webhooks.js';
import type { DirectiveCursor, DirectiveFilters, NewDocument, NewJob, Store } from './types.js';

export { COUNT_CAP, insertRows, type Param, type SqlExecutor, type Statement } from './sql/executor.js';
export { foldedTokens, ftsQuery, scoreHits } from './sql/fulltext.js';

type Paging = { limit: number; offset: number };

export class SqlStore implements Store {
  private readonly documents: SqlDocuments;
  private readonly fulltext: SqlSearch;
  private readonly agencies: SqlAgencies;
  private readonly directives: SqlDirectives;
  private readonly webhooks: SqlWebhooks;
  private readonly jobs: SqlJobs;
  private readonly keys: SqlKeys;
  private readonly audit: SqlAudit;
  private readonly sessions: SqlSessions;
  private readonly edits: SqlEdits;

  constructor(readonly db: SqlExecutor) {
    this.documents = new SqlDocuments(db);
    this.fulltext = new SqlSearch(db);
    // one agency cache for the agency routes and the directive filters
    this.agencies = new SqlAgencies(db);
    this.directives = new SqlDirectives(db, this.agencies);
    this.webhooks = new SqlWebhooks(db);
    this.jobs = new SqlJobs(db);
    this.keys = new SqlKeys(db);
    this.audit = new SqlAudit(db);
    this.sessions = new SqlSessions(db);
    this.edits = new SqlEdits(db);
  }

  migrate() {
    return this.db.migrate();
  }
  close() {
    return this.db.close();
  }

  putDocument(doc: NewDocument, options?: { finishJob?: string }): Promise<boolean> {
    return this.documents.putDocument(doc, options);
  }
  hasDocument(id: string): Promise<boolean> {
    return this.documents.hasDocument(id);
  }
  getRecord(id: string): Promise<NoticeRecordT | null> {
    return this.documents.getRecord(id);
  }
  getLines(id: string): Promise<TextLineT[] | null> {
    return this.documents.getLines(id);
  }
  getOriginal(id: string) {
    return this.documents.getOriginal(id);
  }
  deleteDocument(id: string): Promise<boolean> {
    return this.documents.deleteDocument(id);
  }
  listDocuments(opts: DocumentListOptions): Promise<Page<DocumentSummaryT>> {
    return this.documents.listDocuments(opts);
  }

  searchLines(query: string, opts: Paging): Promise<Page<LineHit>> {
    return this.fulltext.searchLines(query, opts);
  }
  search(query: string, opts: Paging & { scope?: SearchScope; documents?: DocumentFilters }): Promise<SearchPage> {
    return this.fulltext.search(query, opts);
  }

  listDirectives(filters: DirectiveFilters, opts: Paging & { after?: DirectiveCursor }): Promise<Page<DirectiveView>> {
    return this.directives.listDirectives(filters, opts);
  }
  allDirectives(filters: DirectiveFilters, opts?: { max?: number; pageSize?: number }): AsyncGenerator<Page<DirectiveView>> {
    return this.directives.allDirectives(filters, opts);
  }
  getDirective(id: string): Promise<(DirectiveView & { history: DirectiveHistoryEntry[] }) | null> {
    return this.directives.getDirective(id);
  }
  updateDirectiveStatus(id: string, change: { status: DirectiveStatus; note?: string | null; actor?: string | null }): Promise<DirectiveView | null> {
    return this.directives.updateDirectiveStatus(id, change);
  }

  listAgencies(opts: Paging & { q?: string }): Promise<Page<AgencySummary>> {
    return this.agencies.listAgencies(opts);
  }
  getAgency(id: string): Promise<AgencySummary | null> {
    return this.agencies.getAgency(id);
  }
  resolveAgency(query: string): Promise<string[]> {
    return this.agencies.resolveAgency(query);
  }
  addAgencyAlias(agencyId: string, alias: string): Promise<boolean> {
    return this.agencies.addAgencyAlias(agencyId, alias);
  }

  createWebhook(hook: { id: string; url: string; secret: string; events: string[] }): Promise<Webhook> {
    return this.webhooks.createWebhook(hook);
  }
  listWebhooks(): Promise<Webhook[]> {
    return this.webhooks.listWebhooks();
  }
  getWebhook(id: string): Promise<(Webhook & { secret: string }) | null> {
    return this.webhooks.getWebhook(id);
  }
  deleteWebhook(id: string): Promise<boolean> {
    return this.webhooks.deleteWebhook(id);
  }
  logDelivery(d: WebhookDelivery): Promise<void> {
    return this.webhooks.logDelivery(d);
  }
  listDeliveries(webhookId: string, opts: { limit: number }): Promise<WebhookDelivery[]> {
    return this.webhooks.listDeliveries(webhookId, opts);
  }

  createJob(job: NewJob): Promise<Job> {
    return this.jobs.createJob(job);
  }
  getJob(id: string): Promise<Job | null> {
    return this.jobs.getJob(id);
  }
  getJobInput(id: string): Promise<Uint8Array | null> {
    return this.jobs.getJobInput(id);
  }
  updateJob(id: string, patch: Partial<Pick<Job, 'state' | 'stage' | 'pages_done' | 'pages_total' | 'error'>>): Promise<void> {
    return this.jobs.updateJob(id, patch);
  }
  recoverJobs(maxAttempts: number): Promise<Job[]> {
    return this.jobs.recoverJobs(maxAttempts);
  }
  assignJobKey(id: string, keyName: string): Promise<void> {
    return this.jobs.assignJobKey(id, keyName);
  }
  countActiveJobs(keyName: string): Promise<number> {
    return this.jobs.countActiveJobs(keyName);
  }

  createKey(opts: { name: string; role: string }): Promise<ApiKeyInfo & { key: string }> {
    return this.keys.createKey(opts);
  }
  listKeys(): Promise<ApiKeyInfo[]> {
    return this.keys.listKeys();
  }
  revokeKey(name: string): Promise<boolean> {
    return this.keys.revokeKey(name);
  }
  countKeys(): Promise<number> {
    return this.keys.countKeys();
  }
  verifyKey(key: string): Promise<{ name: string; role: Role } | null> {
    return this.keys.verifyKey(key);
  }

  getPages(id: string): Promise<{ mediaType: string; pages: PageGeometry[] } | null> {
    return this.edits.getPages(id);
  }
  getStoredLines(id: string): Promise<StoredLine[] | null> {
    return this.edits.getStoredLines(id);
  }
  reviseDocument(id: string, revision: DocumentRevision): Promise<void> {
    return this.edits.reviseDocument(id, revision);
  }
  listEdits(auditIds: number[]): Promise<Map<number, EditChange[]>> {
    return this.edits.listEdits(auditIds);
  }
  standingCorrections(id: string): Promise<StandingCorrection[]> {
    return this.edits.standingCorrections(id);
  }

  appendAudit(entry: NewAuditEntry): Promise<void> {
    return this.audit.appendAudit(entry);
  }
  listAudit(filters: AuditFilters, opts: Paging): Promise<Page<AuditEntry>> {
    return this.audit.listAudit(filters, opts);
  }

  createSession(session: NewSession): Promise<void> {
    return this.sessions.createSession(session);
  }
  getSession(tokenHash: string): Promise<SessionInfo | null> {
    return this.sessions.getSession(tokenHash);
  }
  deleteSession(tokenHash: string): Promise<boolean> {
    return this.sessions.deleteSession(tokenHash);
  }
}
