// A key row as an operator adds one with `wrangler d1 execute` (docs/workers.md): the hex SHA-256 of the key.
export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function insertKey(db: D1Database, name: string, role: string, key: string, revoked = false): Promise<void> {
  await db
    .prepare('INSERT INTO api_keys (name, role, hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?)')
    .bind(name, role, await sha256Hex(key), '2026-01-01T00:00:00.000Z', revoked ? '2026-01-02T00:00:00.000Z' : null)
    .run();
}
