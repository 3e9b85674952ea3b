// Node entry: hono on @hono/node-server over the SQLite store.
import { serve, type ServerType } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createApp } from '../../api/app.js';
import type { NodeConfig } from '../../config.js';
import { openRuntime } from './runtime.js';
import { nodeWebhookConfig } from './webhooks.js';
import { VERSION } from '../../version.js';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(config: NodeConfig): Promise<RunningServer> {
  const rt = await openRuntime(config);
  const app = createApp({
    ...rt,
    repairer: async () => rt.repairer(),
    config: { version: VERSION, runtime: 'node', webhooks: nodeWebhookConfig(config), publicUrl: config.publicUrl, access: config.access },
    // the socket's address: a forwarded-for header is the client's word, not evidence
    clientAddress: (c) => getConnInfo(c).remote.address ?? null,
  });
  const resumed = await rt.jobs.recover();
  if (resumed) console.error(`vanban: resuming ${resumed} unfinished job(s)`);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
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
