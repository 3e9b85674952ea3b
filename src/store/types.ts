// The Store contract. Async so that better-sqlite3 (Node) and D1 (Workers) implement the same one.
import type { DocumentSummaryT, NoticeRecordT, TextLineT } from '../record.js';

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
}

export interface LineHit {
  document_id: string;
  line: number;
  page: number;
  text: string;
  score: number;
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

  createJob(job: NewJob): Promise<Job>;
  getJob(id: string): Promise<Job | null>;
  getJobInput(id: string): Promise<Uint8Array | null>;
  updateJob(id: string, patch: Partial<Pick<Job, 'state' | 'stage' | 'pages_done' | 'pages_total' | 'error'>>): Promise<void>;
  /** Jobs left queued or running by a previous process; running ones count an attempt. */
  recoverJobs(maxAttempts: number): Promise<Job[]>;
}
