// Starts vanban for tests: in-process on a temp SQLite file, or as a child process to be killed.
// Each server gets an admin key in its store before it starts; keyedFetch sends the key of the server
// a URL points to, so tests about other things read as before (auth itself: test/integration/auth.test.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultLimits, type NodeConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/runtime/node/server.js';
import { openSqliteStore } from '../../src/store/sqlite.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SHARED = join(ROOT, '..', 'shared');

export function tempDir(prefix = 'vanban-test-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** API keys of the servers started here, by origin. */
const keys = new Map<string, string>();

/** Creates a key in the store at dbPath (as `vanban keys create` does) and returns it. */
export async function createKey(dbPath: string, role = 'admin', name = `test-${role}`): Promise<string> {
  const store = await openSqliteStore(dbPath);
  try {
    return (await store.createKey({ name, role })).key;
  } finally {
    await store.close();
  }
}

/** fetch, with `Authorization: Bearer <the admin key of the test server at that URL>` unless one is given. */
export function keyedFetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
  const key = keys.get(new URL(input).origin);
  const headers = new Headers(init.headers);
  if (key && !headers.has('authorization')) headers.set('authorization', `Bearer ${key}`);
  return fetch(input, { ...init, headers });
}

// Limits in the tests of other features are out of the way; test/integration/auth.test.ts sets its own.
const TEST_ACCESS = { publicRead: false, uploadsPerMinute: 1000, jobsPerKey: 100 };

export async function startTestServer(
  overrides: Partial<NodeConfig> = {},
): Promise<RunningServer & { dbPath: string; key: string; auth: { authorization: string }; cleanup(): Promise<void> }> {
  const tmp = tempDir();
  const dbPath = join(tmp.dir, 'vanban.db');
  const key = await createKey(dbPath);
  const server = await startServer({
    dbPath,
    port: 0,
    host: '127.0.0.1',
    limits: { ...defaultLimits },
    ocrWorkers: 1,
    access: TEST_ACCESS,
    ...overrides,
  });
  keys.set(new URL(server.url).origin, key);
  return {
    ...server,
    dbPath,
    key,
    auth: { authorization: `Bearer ${key}` },
    async cleanup() {
      await server.close();
      tmp.cleanup();
    },
  };
}

/**
 * Runs `node dist/cli/main.js serve` as a child; resolves with its URL once listening. Unless `key: false`,
 * an admin key is put in its store first (a store without one would make the server print a new one).
 */
export async function spawnServer(
  dbPath: string,
  env: Record<string, string> = {},
  opts: { key?: boolean } = {},
): Promise<{ url: string; child: ChildProcess; key: string | null; stderr(): string; stdout(): string }> {
  // a store reused across restarts gets one more key: each run's key has its own name
  const key = opts.key === false ? null : await createKey(dbPath, 'admin', `test-admin-${randomUUID().slice(0, 8)}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/cli/main.js'), 'serve', '--port', '0', '--db', dbPath], {
      env: { ...process.env, VANBAN_UPLOADS_PER_MINUTE: '1000', VANBAN_JOBS_PER_KEY: '100', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(err);
      // resolved once the start-up lines are out (the listening line and any warning after it)
      if (m && /\)\n/.test(err.slice(m.index))) {
        if (key) keys.set(new URL(m[1]).origin, key);
        setTimeout(() => resolve({ url: m[1], child, key, stderr: () => err, stdout: () => out }), 50);
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)));
  });
}

export function runCli(args: string[], input?: string | Buffer, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/cli/main.js'), ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}
