-- vanban schema v7: corrections and review. Plain SQL only: the same file runs on SQLite and on Cloudflare D1.

-- Every corrected value, old and new, append-only (the triggers refuse changes). Rows outlive their document
-- as the audit trail does (no foreign key); audit_id is the audit_log row of the write they belong to.
CREATE TABLE document_edits (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  audit_id INTEGER,
  at TEXT NOT NULL,
  key_name TEXT,
  document_id TEXT NOT NULL,
  kind TEXT NOT NULL,                 -- correction (a field set by hand) | line (a line's text) | extraction (what re-extraction changed)
  target TEXT NOT NULL,               -- 'document', a directive id, or 'line:<n>'
  line INTEGER,                       -- a directive correction: the directive's line, to re-apply it after re-extraction
  field TEXT NOT NULL,
  old TEXT,                           -- JSON
  new TEXT                            -- JSON
);
CREATE INDEX document_edits_document ON document_edits(document_id, id);
CREATE INDEX document_edits_audit ON document_edits(audit_id);
CREATE TRIGGER document_edits_no_update BEFORE UPDATE ON document_edits BEGIN SELECT RAISE(ABORT, 'document edits are append-only'); END;
CREATE TRIGGER document_edits_no_delete BEFORE DELETE ON document_edits BEGIN SELECT RAISE(ABORT, 'document edits are append-only'); END;

-- Where OCR found each line on its page, so a reviewer sees the scan beside the text. Null for text
-- uploads, text-layer pages and documents stored before this version.
ALTER TABLE pages ADD COLUMN width INTEGER;      -- page pixels, in the space of the boxes below
ALTER TABLE pages ADD COLUMN height INTEGER;
ALTER TABLE lines ADD COLUMN bbox TEXT;           -- JSON [x0, y0, x1, y1]
ALTER TABLE lines ADD COLUMN words TEXT;          -- JSON [{text, confidence, bbox}] as OCR read them (before repair)
