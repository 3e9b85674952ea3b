// Workers entry: the same API as the Node server over D1, without OCR (tesseract.js cannot run here).
// Text notices and PDFs with a good text layer go through repair, extraction and storage; scans (images,
// PDFs without a trustworthy text layer) answer 415 naming the Node OCR service.
import agencies from '../../../models/agencies/agencies.json' with { type: 'json' };
import forms from '../../../models/agencies/forms.json' with { type: 'json' };
import { createApp } from '../../api/app.js';
import { accessFromEnv, configFromEnv, publicUrlFrom } from '../../config.js';
import { VanbanError } from '../../errors.js';
import type { Gazetteer } from '../../extract/agencies.js';
import { sniff } from '../../ingest/sniff.js';
import type { MediaType } from '../../pipeline/types.js';
import type { TextLineT } from '../../record.js';
import { createRepairer, type Repairer } from '../../repair/index.js';
import { createPipeline, type Pipeline } from '../../pipeline/create.js';
import { reextractWith } from '../../pipeline/corrections.js';
import { openD1Store, type D1DatabaseLike } from '../../store/d1.js';
import { VERSION } from '../../version.js';
import { loadRepairModel, type AssetFetcher, type ModelStatus } from './model.js';
import { NeedsOcr, readPdfTextLayer } from './pdf.js';

export interface Env {
  DB: D1DatabaseLike;
  VANBAN_MAX_UPLOAD_BYTES?: string;
  VANBAN_MAX_PAGES?: string;
  /** URL of the Node service that reads scans, named in the 415 answer */
  VANBAN_OCR_SERVICE?: string;
  /** the public origin for absolute links in exports */
  VANBAN_PUBLIC_URL?: string;
  /** models/ as static assets: the repair model */
  MODELS?: AssetFetcher;
  /** a secret (`wrangler secret put VANBAN_ADMIN_KEY`) accepted as an admin key besides the keys in D1 */
  VANBAN_ADMIN_KEY?: string;
  /** "true": reads need no key */
  VANBAN_PUBLIC_READ?: string;
  VANBAN_UPLOADS_PER_MINUTE?: string;
  VANBAN_LOGIN_FAILURES_PER_MINUTE?: string;
  VANBAN_JOBS_PER_KEY?: string;
}

const ACCEPT = (type: MediaType) => type === 'text/plain' || type === 'application/pdf';

// The agency gazetteer is small (about 20 KB): bundled, instead of read from models/ as in Node.
const gazetteer = { agencies: agencies.agencies, forms } as unknown as Gazetteer;

/** Scans are refused before any work; the answer says where to send them. */
function withScanAdvice(pipeline: Pipeline, ocrService: string): Pipeline {
  return {
    ...pipeline,
    async ingest(file) {
      try {
        return await pipeline.ingest(file);
      } catch (err) {
        const where = ocrService ? `the Node OCR service at ${ocrService}` : 'the Node OCR service (`vanban serve`)';
        if (err instanceof VanbanError && err.code === 'unsupported_here') {
          throw new VanbanError(415, 'needs_ocr',
            `${sniff(file.bytes)} is not read here: this Workers deployment has no OCR and reads UTF-8 text notices and PDFs with a text layer; send scans to ${where}`);
        }
        if (err instanceof NeedsOcr) {
          throw new VanbanError(415, 'needs_ocr', `${err.message}: this Workers deployment has no OCR; send the PDF to ${where}`);
        }
        throw err;
      }
    },
  };
}

// The repair model loads once per isolate, when a request first needs it, so reads and health checks
// never wait for it. Without it (no MODELS assets, or they fail to load) the Worker stores text as sent,
// and the next request that needs the model tries again.
let loading: Promise<{ status: ModelStatus; repairer?: Repairer }> | null = null;
let modelStatus: ModelStatus | null = null;
function ensureModel(env: Env): Promise<{ status: ModelStatus; repairer?: Repairer }> {
  loading ??= loadRepairModel(env.MODELS).then(({ status, model }) => {
    modelStatus = status;
    if (!model) {
      loading = null;
      return { status };
    }
    return { status, repairer: createRepairer(model) };
  });
  return loading;
}

async function repairStage(env: Env, lines: TextLineT[]): Promise<TextLineT[]> {
  const { repairer } = await ensureModel(env);
  if (repairer) return repairer.repair(lines);
  return lines.map((l) => ({ ...l, text: l.text.normalize('NFC') }));
}

async function requireRepairer(env: Env): Promise<Repairer> {
  const { status, repairer } = await ensureModel(env);
  if (!repairer) throw new VanbanError(503, 'repair_unavailable', `the repair model is not available here: ${status.reason}`);
  return repairer;
}

export function createWorkerApp(env: Env) {
  const limits = configFromEnv({
    VANBAN_MAX_UPLOAD_BYTES: env.VANBAN_MAX_UPLOAD_BYTES,
    VANBAN_MAX_PAGES: env.VANBAN_MAX_PAGES,
  }).limits;
  const store = openD1Store(env.DB);
  const pipeline = withScanAdvice(
    createPipeline({
      store, limits, gazetteer, accept: ACCEPT, readers: { 'application/pdf': readPdfTextLayer }, repair: (lines) => repairStage(env, lines),
    }),
    env.VANBAN_OCR_SERVICE ?? '',
  );
  return createApp({
    store,
    pipeline,
    repairer: () => requireRepairer(env),
    // no image stack here: no pageImage, so page images answer 404 no_page_images
    reextract: reextractWith(gazetteer),
    config: {
      version: VERSION,
      runtime: 'workers',
      publicUrl: publicUrlFrom(env.VANBAN_PUBLIC_URL),
      // deliveries run in waitUntil after the response, which lasts 30 s: fewer, shorter attempts
      webhooks: { maxAttempts: 3, retryBaseMs: 1000, timeoutMs: 5000 },
      access: accessFromEnv({
        VANBAN_ADMIN_KEY: env.VANBAN_ADMIN_KEY,
        VANBAN_PUBLIC_READ: env.VANBAN_PUBLIC_READ,
        VANBAN_UPLOADS_PER_MINUTE: env.VANBAN_UPLOADS_PER_MINUTE,
        VANBAN_JOBS_PER_KEY: env.VANBAN_JOBS_PER_KEY,
        VANBAN_LOGIN_FAILURES_PER_MINUTE: env.VANBAN_LOGIN_FAILURES_PER_MINUTE,
      }),
    },
    // Cloudflare sets this header at its edge; a client cannot override it there
    clientAddress: (c) => c.req.header('cf-connecting-ip') ?? null,
  });
}

// One app per isolate (and per D1 binding): routes and the store are built on the first request.
let cached: { db: D1DatabaseLike; app: ReturnType<typeof createWorkerApp> } | null = null;

interface Ctx {
  waitUntil(p: Promise<unknown>): void;
}

export default {
  async fetch(request: Request, env: Env, ctx: Ctx): Promise<Response> {
    if (cached?.db !== env.DB) cached = { db: env.DB, app: createWorkerApp(env) };
    const app = cached.app;
    const url = new URL(request.url);
    const res = await app.fetch(request, env, ctx as never);
    ctx.waitUntil(app.notifier.idle());
    if (url.pathname === '/healthz' && res.ok) {
      // the app's health answer, plus the state of the repair model in this isolate
      const body = (await res.json()) as Record<string, unknown>;
      const repairStatus = url.searchParams.has('load') ? (await ensureModel(env)).status : (modelStatus ?? { model: 'not loaded yet' });
      const headers = new Headers(res.headers);
      headers.delete('content-length');
      return Response.json({ ...body, repair: repairStatus }, { status: res.status, headers });
    }
    return res;
  },
};
