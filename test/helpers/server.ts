// Starts vanban for tests: in-process on a temp SQLite file, or as a child process to be killed.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultLimits, type NodeConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/runtime/node/server.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SHARED = join(ROOT, '..', 'shared');

export function tempDir(prefix = 'vanban-test-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function startTestServer(overrides: Partial<NodeConfig> = {}): Promise<RunningServer & { dbPath: string; cleanup(): Promise<void> }> {
  const tmp = tempDir();
  const dbPath = join(tmp.dir, 'vanban.db');
  const server = await startServer({
    dbPath,
    port: 0,
    host: '127.0.0.1',
    limits: { ...defaultLimits },
    ocrWorkers: 1,
    ...overrides,
  });
  return {
    ...server,
    dbPath,
    async cleanup() {
      await server.close();
      tmp.cleanup();
    },
  };
}

/** Runs `node dist/cli/main.js serve` as a child; resolves with its URL once listening. */
export function spawnServer(dbPath: string, env: Record<string, string> = {}): Promise<{ url: string; child: ChildProcess; stderr(): string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/cli/main.js'), 'serve', '--port', '0', '--db', dbPath], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(err);
      // resolved once the start-up lines are out (the listening line and any warning after it)
      if (m && /\)\n/.test(err.slice(m.index))) setTimeout(() => resolve({ url: m[1], child, stderr: () => err }), 50);
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)));
  });
}

export function runCli(args: string[], input?: string | Buffer): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/cli/main.js'), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}
