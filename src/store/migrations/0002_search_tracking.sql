-- vanban schema v2: search with exact-diacritic ranking, agency aliases, directive tracking, webhooks.
-- Plain SQL only (no triggers): the same file runs on SQLite and on Cloudflare D1.

-- The FTS rows now share their rowid with the row they index (lines.rowid, directives.rowid), so a hit
-- joins its source row by rowid and the exact-diacritic tables below pair with them one to one.
-- Rebuild the v1 FTS rows that way. `folded` only needs đ -> d here: the unicode61 tokenizer with
-- remove_diacritics 2 removes every other mark and folds case.
DELETE FROM lines_fts;
INSERT INTO lines_fts (rowid, folded, exact, document_id, line)
  SELECT rowid, replace(replace(text, 'đ', 'd'), 'Đ', 'D'), text, document_id, line FROM lines WHERE trim(text) <> '';
DELETE FROM directives_fts;
INSERT INTO directives_fts (rowid, folded, exact, directive_id, document_id)
  SELECT rowid, replace(replace(text, 'đ', 'd'), 'Đ', 'D'), text, id, document_id FROM directives;

-- The same text with its marks kept (remove_diacritics 0): a hit here is an exact-diacritic match.
CREATE VIRTUAL TABLE lines_xfts USING fts5(exact, tokenize = 'unicode61 remove_diacritics 0');
INSERT INTO lines_xfts (rowid, exact) SELECT rowid, exact FROM lines_fts;
CREATE VIRTUAL TABLE directives_xfts USING fts5(exact, tokenize = 'unicode61 remove_diacritics 0');
INSERT INTO directives_xfts (rowid, exact) SELECT rowid, exact FROM directives_fts;

-- Directive listing is ordered by deadline with undated ones last; this index serves that order.
CREATE INDEX directives_due ON directives(coalesce(deadline_date, '9999-12-31'), document_id, seq);
CREATE INDEX directives_status ON directives(status, deadline_date);
CREATE INDEX assignees_directive_agency ON assignees(agency_id, directive_id, role);

-- Other names of an agency (abbreviations, old names), folded. Initials ("SKHCN", "Sở KH&CN") are
-- derived from the name itself at query time; this table holds the ones that cannot be derived.
CREATE TABLE agency_aliases (
  alias TEXT NOT NULL,                -- folded, e.g. "so kh&cn"
  agency_id TEXT NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
  PRIMARY KEY (alias, agency_id)
);
CREATE INDEX agency_aliases_agency ON agency_aliases(agency_id);

CREATE TABLE webhooks (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  secret TEXT NOT NULL,
  events TEXT NOT NULL DEFAULT 'document.stored',
  created_at TEXT NOT NULL
);

-- One row per delivery attempt.
CREATE TABLE webhook_deliveries (
  webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  delivery_id TEXT NOT NULL,
  event TEXT NOT NULL,
  document_id TEXT,
  attempt INTEGER NOT NULL,
  at TEXT NOT NULL,
  status INTEGER,                     -- HTTP status; null when no response came
  ok INTEGER NOT NULL,
  error TEXT,
  duration_ms INTEGER NOT NULL,
  PRIMARY KEY (delivery_id, attempt)
);
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries(webhook_id, at);
