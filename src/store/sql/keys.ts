// API keys: created here (random, shown once), kept as SHA-256 hex, checked in constant time.
// Web Crypto only, so the same code runs in Node and in Workers.
import { VanbanError } from '../../errors.js';
import { ROLES, type ApiKeyInfo, type Role } from '../shapes.js';
import { now, type SqlExecutor } from './executor.js';

const utf8 = new TextEncoder();
export const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** A new key: "vb_" and 32 random bytes in base64url (256 bits, so one SHA-256 without salt is enough). */
export function newApiKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `vb_${btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

export async function hashKey(key: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', utf8.encode(key)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Equal strings of equal length, without stopping at the first difference. */
export function sameSecret(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}

export function checkRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new VanbanError(400, 'bad_role', `unknown role "${role.slice(0, 40)}": use ${ROLES.join(', ')}`);
  }
  return role as Role;
}

function checkName(name: string): string {
  if (!KEY_NAME.test(name)) {
    throw new VanbanError(400, 'bad_key_name', 'a key name is 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
  return name;
}

export class SqlKeys {
  constructor(readonly db: SqlExecutor) {}

  async createKey(opts: { name: string; role: string }): Promise<ApiKeyInfo & { key: string }> {
    const name = checkName(opts.name);
    const role = checkRole(opts.role);
    const key = newApiKey();
    const created_at = now();
    // one statement: a name already taken (revoked ones too) inserts nothing
    const r = await this.db.run(
      `INSERT INTO api_keys (name, role, hash, created_at) SELECT ?, ?, ?, ?
       WHERE NOT EXISTS (SELECT 1 FROM api_keys WHERE name = ?)`,
      [name, role, await hashKey(key), created_at, name]);
    if (r.changes === 0) throw new VanbanError(409, 'key_exists', `a key named "${name}" already exists (names are never reused, even after revoking)`);
    return { name, role, created_at, revoked_at: null, key };
  }

  async listKeys(): Promise<ApiKeyInfo[]> {
    return this.db.all<ApiKeyInfo>('SELECT name, role, created_at, revoked_at FROM api_keys ORDER BY created_at, name');
  }

  async revokeKey(name: string): Promise<boolean> {
    const r = await this.db.run('UPDATE api_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL', [now(), name]);
    return r.changes > 0;
  }

  async countKeys(): Promise<number> {
    const rows = await this.db.all<{ n: number }>('SELECT COUNT(*) AS n FROM api_keys WHERE revoked_at IS NULL');
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * The key's name and role, or null for an unknown or revoked key. Every active hash is compared in full
   * (no lookup by hash, no early exit), so the time taken does not depend on how close a guess was.
   */
  async verifyKey(key: string): Promise<{ name: string; role: Role } | null> {
    const hash = await hashKey(key);
    const rows = await this.db.all<{ name: string; role: Role; hash: string }>('SELECT name, role, hash FROM api_keys WHERE revoked_at IS NULL');
    let found: { name: string; role: Role } | null = null;
    for (const r of rows) if (sameSecret(r.hash, hash) && !found) found = { name: r.name, role: r.role };
    return found;
  }
}
