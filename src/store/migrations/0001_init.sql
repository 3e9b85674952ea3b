-- vanban schema v1: one notice = one document row and its children, written in one transaction.
CREATE TABLE documents (
  id TEXT PRIMARY KEY,                -- first 16 hex digits of sha256
  sha256 TEXT NOT NULL UNIQUE,
  filename TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  page_count INTEGER NOT NULL,
  line_count INTEGER NOT NULL,
  doc_type TEXT,
  title TEXT,
  issuer TEXT,
  date TEXT,
  number TEXT,
  record_json TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX documents_created ON documents(created_at);

CREATE TABLE originals (
  document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  bytes BLOB NOT NULL
);

CREATE TABLE pages (
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  source TEXT NOT NULL,               -- text | text-layer | ocr
  PRIMARY KEY (document_id, number)
);

CREATE TABLE lines (
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  line INTEGER NOT NULL,              -- 1-based through the document
  page INTEGER NOT NULL,
  text TEXT NOT NULL,
  raw_text TEXT NOT NULL,             -- before repair
  confidence REAL,
  PRIMARY KEY (document_id, line)
);

CREATE TABLE agencies (
  id TEXT PRIMARY KEY,                -- slug of the folded canonical name
  name TEXT NOT NULL,
  folded TEXT NOT NULL                -- lower case, no diacritics, đ -> d
);

CREATE TABLE directives (
  id TEXT PRIMARY KEY,                -- <document id>-<seq>
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  page INTEGER NOT NULL,
  line INTEGER NOT NULL,
  section TEXT,
  text TEXT NOT NULL,
  deadline_date TEXT,
  deadline_kind TEXT,
  deadline_text TEXT,
  deadline_rule TEXT,
  status TEXT NOT NULL DEFAULT 'open',
  status_note TEXT,
  updated_at TEXT NOT NULL
);
CREATE INDEX directives_document ON directives(document_id, seq);
CREATE INDEX directives_deadline ON directives(deadline_date);

CREATE TABLE assignees (
  directive_id TEXT NOT NULL REFERENCES directives(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  agency_id TEXT NOT NULL REFERENCES agencies(id),
  agency_name TEXT NOT NULL,
  role TEXT NOT NULL,
  PRIMARY KEY (directive_id, seq)
);
CREATE INDEX assignees_agency ON assignees(agency_id, role);

CREATE TABLE statistics (
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  page INTEGER NOT NULL,
  line INTEGER NOT NULL,
  text TEXT NOT NULL,
  value REAL NOT NULL,
  of REAL,
  unit TEXT NOT NULL,
  subject TEXT NOT NULL,
  PRIMARY KEY (document_id, seq)
);

CREATE TABLE doc_references (
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  page INTEGER NOT NULL,
  line INTEGER NOT NULL,
  kind TEXT NOT NULL,
  number TEXT,
  date TEXT,
  issuer TEXT,
  PRIMARY KEY (document_id, seq)
);

CREATE TABLE directive_history (
  directive_id TEXT NOT NULL REFERENCES directives(id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  status TEXT NOT NULL,
  note TEXT,
  actor TEXT
);
CREATE INDEX directive_history_directive ON directive_history(directive_id, at);

-- Upload jobs for scans: the input bytes stay here until the document is stored, so a restart resumes them.
CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  document_id TEXT NOT NULL,
  filename TEXT NOT NULL,
  declared_type TEXT,
  input BLOB,
  state TEXT NOT NULL,                -- queued | running | done | failed
  pages_done INTEGER NOT NULL DEFAULT 0,
  pages_total INTEGER NOT NULL DEFAULT 0,
  stage TEXT,
  error_code TEXT,
  error_message TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX jobs_state ON jobs(state, created_at);

-- Full text: `folded` is lower case with diacritics and đ removed (FTS5 does not fold đ);
-- `exact` keeps the marks, so exact-diacritic hits can be ranked first.
CREATE VIRTUAL TABLE lines_fts USING fts5(
  folded, exact, document_id UNINDEXED, line UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE directives_fts USING fts5(
  folded, exact, directive_id UNINDEXED, document_id UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2'
);
