-- vanban schema v4: digital signatures of signed PDFs, shown in document lists and searchable.
-- Plain SQL only: the same file runs on SQLite and on Cloudflare D1.

-- The first signature (the issuer's, as signing runs) and every signer and organisation of the PDF,
-- folded (lower case, no diacritics, đ -> d) for the signed_by filter of the document list.
ALTER TABLE documents ADD COLUMN signed_by TEXT;
ALTER TABLE documents ADD COLUMN signed_at TEXT;
ALTER TABLE documents ADD COLUMN signers_folded TEXT;
