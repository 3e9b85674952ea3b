// createApp: routes only, runtime-agnostic (Node and Workers entries pass their store and pipeline).
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { type AccessConfig, accessControl, KeyLimits } from './access.js';
import { auditRoutes } from './audit.js';
import { correctionRoutes, type PageImageRenderer } from './corrections.js';
import { directiveRoutes } from './directives.js';
import { registerDocs } from './docs.js';
import { documentRoutes } from './documents.js';
import { errorBody, onError } from './errors.js';
import { jobRoutes } from './jobs.js';
import { repairRoutes } from './repair.js';
import { createRouter } from './router.js';
import { searchRoutes } from './search.js';
import { webhookRoutes } from './webhooks.js';
import { webRoutes } from '../web/routes.js';
import type { JobQueue } from '../pipeline/jobs.js';
import { WebhookNotifier, type WebhookConfig } from '../notify/webhooks.js';
import type { Pipeline } from '../pipeline/create.js';
import type { Reextract } from '../pipeline/corrections.js';
import type { Repairer } from '../repair/index.js';
import type { Store } from '../store/types.js';

export interface AppDeps {
  store: Store;
  pipeline: Pipeline;
  /** the repair stage for POST /v1/repair */
  repairer: () => Promise<Repairer>;
  jobs?: JobQueue;
  config?: {
    version?: string;
    runtime?: string;
    /** the public origin for absolute links (calendar entries), e.g. https://vanban.example.gov.vn */
    publicUrl?: string;
    /** webhook delivery: URL policy (allowPrivate: accept loopback/private targets), retries */
    webhooks?: Partial<WebhookConfig>;
    /** API keys and per-key limits */
    access?: AccessConfig;
  };
  /** the client's address for the audit trail (the runtime knows where to find it) */
  clientAddress?: (c: Context) => string | null;
  /** extraction again after a line edit (PATCH /v1/documents/{id}/lines), with the runtime's gazetteer */
  reextract?: Reextract;
  /** page images of scans (GET /v1/documents/{id}/pages/{n}/image); absent: 404 no_page_images (Workers) */
  pageImage?: PageImageRenderer;
}

const health = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['service'],
  summary: 'Liveness, version and whether scans can be read here',
  // open: no key needed
  security: [],
  responses: {
    200: {
      description: 'up',
      content: {
        'application/json': {
          schema: z.object({ status: z.literal('ok'), version: z.string(), runtime: z.string(), ocr: z.boolean() }),
        },
      },
    },
  },
});

export function createApp(deps: AppDeps) {
  const app = createRouter();
  app.onError(onError);
  app.notFound((c) => c.json(errorBody('not_found', `no route for ${c.req.method} ${c.req.path}`), 404));
  // before every route: keys, roles, the audit row of each successful write
  app.use('*', accessControl({ store: deps.store, config: deps.config?.access, clientAddress: deps.clientAddress }));
  const limits = new KeyLimits(deps.store, deps.config?.access);

  // Notices stored by any path (upload, background job) notify the registered webhooks.
  const notifier = new WebhookNotifier(deps.store, { ...deps.config?.webhooks, publicUrl: deps.config?.publicUrl }, `vanban/${deps.config?.version ?? '0'}`);
  const unsubscribe = deps.pipeline.onStored?.((record) => notifier.documentStored(record));

  app.openapi(health, (c) =>
    c.json({ status: 'ok' as const, version: deps.config?.version ?? '0', runtime: deps.config?.runtime ?? 'node', ocr: deps.pipeline.canOcr }, 200),
  );
  app.route('/', documentRoutes({ ...deps, limits }));
  app.route('/', auditRoutes(deps.store));
  app.route('/', correctionRoutes({
    store: deps.store, reextract: deps.reextract, pageImage: deps.pageImage, clientAddress: deps.clientAddress, version: deps.config?.version,
  }));
  app.route('/', jobRoutes(deps.store));
  app.route('/', repairRoutes(deps.repairer));
  app.route('/', searchRoutes(deps.store));
  app.route('/', directiveRoutes(deps.store, deps.config?.publicUrl));
  app.route('/', webhookRoutes(deps.store, notifier));
  registerDocs(app, deps.config?.version ?? '0', deps.config?.publicUrl);
  // the web app for office staff: pages at /, sign-in with an API key (src/web/)
  app.route('/', webRoutes({ store: deps.store, pipeline: deps.pipeline, access: deps.config?.access, clientAddress: deps.clientAddress }));
  return Object.assign(app, {
    notifier,
    /** Stops webhook retries and the pipeline subscription (the server is closing). */
    close() {
      unsubscribe?.();
      notifier.close();
    },
  });
}
