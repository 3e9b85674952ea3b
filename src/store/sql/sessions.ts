// Web sign-in sessions: a random cookie token kept as its SHA-256, tied to the API key that opened it.
import type { Role } from '../shapes.js';
import { now, type SqlExecutor } from './executor.js';

export interface NewSession {
  /** SHA-256 hex of the cookie token (the token itself is never stored) */
  tokenHash: string;
  keyName: string;
  source: 'stored' | 'config';
  role: Role;
  csrf: string;
  expiresAt: string;
}

export interface SessionInfo {
  key_name: string;
  source: 'stored' | 'config';
  /** the key's role now (a stored key's role as api_keys has it) */
  role: Role;
  csrf: string;
  created_at: string;
  expires_at: string;
}

export class SqlSessions {
  constructor(readonly db: SqlExecutor) {}

  async createSession(s: NewSession): Promise<void> {
    const t = now();
    // expired rows go when new ones come, so the table holds only live sessions and a few stale ones
    await this.db.batch([
      { sql: 'DELETE FROM sessions WHERE expires_at <= ?', params: [t] },
      {
        sql: 'INSERT INTO sessions (token_hash, key_name, source, role, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        params: [s.tokenHash, s.keyName, s.source, s.role, s.csrf, t, s.expiresAt],
      },
    ]);
  }

  /** A live session: not expired, and a stored key still active (its current role). */
  async getSession(tokenHash: string): Promise<SessionInfo | null> {
    const rows = await this.db.all<SessionInfo>(
      `SELECT s.key_name, s.source, CASE WHEN s.source = 'stored' THEN k.role ELSE s.role END AS role, s.csrf, s.created_at, s.expires_at
       FROM sessions s LEFT JOIN api_keys k ON k.name = s.key_name AND s.source = 'stored'
       WHERE s.token_hash = ? AND s.expires_at > ? AND (s.source = 'config' OR (k.name IS NOT NULL AND k.revoked_at IS NULL))`,
      [tokenHash, now()]);
    return rows[0] ?? null;
  }

  async deleteSession(tokenHash: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM sessions WHERE token_hash = ?', [tokenHash])).changes > 0;
  }
}
