// Node entry: hono on @hono/node-server over the SQLite store.
import { serve, type ServerType } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createApp } from '../../api/app.js';
import type { NodeConfig } from '../../config.js';
import { repairThreadsFromEnv } from './repair-pool.js';
import { openRuntime } from './runtime.js';
import { nodeWebhookConfig } from './webhooks.js';
import { VERSION } from '../../version.js';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Repair threads for the server: VANBAN_REPAIR_THREADS, default min(2, cores) when run as built JS. Run from the
 * TypeScript source (tests that start the server in-process) they are off unless the variable asks for them.
 */
function serverRepairThreads(): number {
  const fromSource = /\.ts$/.test(new URL(import.meta.url).pathname);
  if (fromSource && !process.env.VANBAN_REPAIR_THREADS) return 0;
  return repairThreadsFromEnv();
}

export async function startServer(config: NodeConfig): Promise<RunningServer> {
  const rt = await openRuntime(config, { repairThreads: serverRepairThreads() });
  const pool = rt.repairPool;
  const app = createApp({
    ...rt,
    // POST /v1/repair on the threads too (the same queue); the Repairer's model is read here only if asked for
    repairer: async () => {
      if (!pool) return rt.repairer();
      return {
        get model() {
          return rt.repairer().model;
        },
        repairDetailed: (lines, options) => pool.repairDetailed(lines, options),
        repairLines: async (lines, options) => (await pool.repairDetailed(lines, options)).lines.map((l) => l.text),
        repair: (lines, options) => pool.repair(lines, options),
      };
    },
    config: { version: VERSION, runtime: 'node', webhooks: nodeWebhookConfig(config), publicUrl: config.publicUrl, access: config.access },
    // the socket's address: a forwarded-for header is the client's word, not evidence
    clientAddress: (c) => getConnInfo(c).remote.address ?? null,
  });
  const resumed = await rt.jobs.recover();
  if (resumed) console.error(`vanban: resuming ${resumed} unfinished job(s)`);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: withRetryAfter(app.fetch, pool), port: config.port, hostname: config.host }, () => resolve(s));
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  return {
    url: `http://${config.host}:${port}`,
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
      app.close();
      await rt.close();
    },
  };
}

/** A 503 from a full repair queue (error code "busy") says when to try again. */
function withRetryAfter<F extends (req: Request, ...rest: never[]) => Response | Promise<Response>>(
  fetch: F,
  pool: { retryAfter(): number } | null,
): F {
  if (!pool) return fetch;
  return (async (req: Request, ...rest: never[]) => {
    const res = await fetch(req, ...rest);
    if (res.status === 503 && !res.headers.has('retry-after')) res.headers.set('Retry-After', String(pool.retryAfter()));
    return res;
  }) as F;
}
