-- vanban schema v6: sign-in sessions of the web app. A session stands for the API key it was opened with:
-- only the SHA-256 of its cookie token is kept, with the key's name (a revoked key's sessions stop working)
-- and the CSRF token its forms carry. Plain SQL: the same file runs on SQLite and on Cloudflare D1.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  key_name TEXT NOT NULL,
  -- 'stored': a key of api_keys; 'config': the VANBAN_ADMIN_KEY secret (not in api_keys)
  source TEXT NOT NULL CHECK (source IN ('stored', 'config')),
  role TEXT NOT NULL CHECK (role IN ('reader', 'editor', 'admin')),
  csrf TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_expires ON sessions(expires_at);
CREATE INDEX sessions_key ON sessions(key_name);
