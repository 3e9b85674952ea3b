// createApp: routes only, runtime-agnostic (Node and Workers entries pass their store and pipeline).
import { OpenAPIHono } from '@hono/zod-openapi';
import { documentRoutes } from './api/documents.js';
import { errorBody, onError } from './api/errors.js';
import { jobRoutes } from './api/jobs.js';
import type { JobQueue } from './jobs.js';
import type { Pipeline } from './process.js';
import type { Store } from './store/types.js';

export interface AppDeps {
  store: Store;
  pipeline: Pipeline;
  jobs?: JobQueue;
  config?: { version?: string; runtime?: string };
}

export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono();
  app.onError(onError);
  app.notFound((c) => c.json(errorBody('not_found', `no route for ${c.req.method} ${c.req.path}`), 404));

  app.get('/healthz', (c) =>
    c.json({ status: 'ok', version: deps.config?.version ?? '0', runtime: deps.config?.runtime ?? 'node', ocr: deps.pipeline.canOcr }),
  );
  app.route('/', documentRoutes(deps));
  app.route('/', jobRoutes(deps.store));
  return app;
}
