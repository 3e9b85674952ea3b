-- vanban schema v3: search and tracking speed.
-- Plain SQL only: the same file runs on SQLite and on Cloudflare D1.

-- The folded FTS tables keep only the folded text. The `exact` column (weight 0 in BM25) doubled every
-- doclist that a query walks, and the source row (joined by rowid) has document_id and line already.
DROP TABLE lines_fts;
CREATE VIRTUAL TABLE lines_fts USING fts5(folded, tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO lines_fts (rowid, folded)
  SELECT rowid, replace(replace(text, 'đ', 'd'), 'Đ', 'D') FROM lines WHERE trim(text) <> '';
DROP TABLE directives_fts;
CREATE VIRTUAL TABLE directives_fts USING fts5(folded, tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO directives_fts (rowid, folded)
  SELECT rowid, replace(replace(text, 'đ', 'd'), 'Đ', 'D') FROM directives;

-- Exact-diacritic hits are now told from the text of the ranked candidates, so the exact-token tables go.
DROP TABLE lines_xfts;
DROP TABLE directives_xfts;

-- Directive filters read in deadline order, undated last (the expression of directives_due), so a page
-- is the first rows of an index range and a count walks the index only.
CREATE INDEX directives_kind_due ON directives(deadline_kind, coalesce(deadline_date, '9999-12-31'), document_id, seq);
CREATE INDEX directives_status_due ON directives(status, coalesce(deadline_date, '9999-12-31'), document_id, seq);
DROP INDEX directives_status;

-- Directive counts per agency, kept up to date by the writes that change them (store, delete, status),
-- so listing agencies reads one row each instead of counting every assignment.
CREATE TABLE agency_stats (
  agency_id TEXT PRIMARY KEY REFERENCES agencies(id) ON DELETE CASCADE,
  directives INTEGER NOT NULL DEFAULT 0,  -- distinct directives in any role
  lead INTEGER NOT NULL DEFAULT 0,        -- of which as lead
  open INTEGER NOT NULL DEFAULT 0         -- of which not done
);
INSERT INTO agency_stats (agency_id, directives, lead, open)
  SELECT s.agency_id, count(DISTINCT s.directive_id),
         count(DISTINCT CASE WHEN s.role = 'lead' THEN s.directive_id END),
         count(DISTINCT CASE WHEN d.status <> 'done' THEN s.directive_id END)
  FROM assignees s JOIN directives d ON d.id = s.directive_id
  GROUP BY s.agency_id;

-- An agency filter reads the rowids of its directives from one index instead of resolving each text id.
ALTER TABLE assignees ADD COLUMN directive_rowid INTEGER;
UPDATE assignees SET directive_rowid = (SELECT rowid FROM directives WHERE id = assignees.directive_id);
CREATE INDEX assignees_agency_rowid ON assignees(agency_id, role, directive_rowid);
