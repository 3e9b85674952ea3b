-- vanban schema v5: API keys with roles, an append-only audit trail of writes, the key behind each job.
-- Plain SQL only: the same file runs on SQLite and on Cloudflare D1.

-- Only the SHA-256 of a key is kept (hex); the key itself is shown once, when created. Names stay unique
-- after a key is revoked, so the audit trail names one key per name.
CREATE TABLE api_keys (
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('reader', 'editor', 'admin')),
  hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);

-- One row per successful write. Rows are never changed or removed (the triggers refuse it), and they
-- outlive the documents they name, so a deleted document keeps its history.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  key_name TEXT,
  action TEXT NOT NULL,
  target TEXT,
  document_id TEXT,
  client TEXT,
  status INTEGER NOT NULL
);
CREATE INDEX audit_log_key ON audit_log(key_name, id);
CREATE INDEX audit_log_target ON audit_log(target, id);
CREATE INDEX audit_log_document ON audit_log(document_id, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- Which key uploaded the scan a job reads (the per-key limit on concurrent jobs counts them).
ALTER TABLE jobs ADD COLUMN key_name TEXT;
CREATE INDEX jobs_key_state ON jobs(key_name, state);
