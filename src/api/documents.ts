// Documents: upload (201 record, or 202 job for scans), read, list, delete.
import type { Context } from 'hono';
import { createRoute, z, type RouteConfig } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { badRequest, notFound } from '../errors.js';
import { toDocumentFilters } from '../store/filters.js';
import type { JobQueue } from '../pipeline/jobs.js';
import type { SourceFile } from '../pipeline/types.js';
import type { Pipeline } from '../pipeline/create.js';
import type { Store } from '../store/types.js';
import { type KeyLimits, tooMany } from './access.js';
import { documentId, errorBody } from './errors.js';
import { createRouter, refuseUnknownQuery } from './router.js';
import { DocumentPage, errorResponse, NoticeRecord, DocumentListQuery } from './schemas.js';

export interface DocumentRoutesDeps {
  store: Store;
  pipeline: Pipeline;
  jobs?: JobQueue;
  /** per-key upload and job limits (none: unlimited) */
  limits?: KeyLimits;
}

async function readUpload(c: Context): Promise<SourceFile> {
  refuseUnknownQuery(c, ['filename']);
  const type = c.req.header('content-type') ?? '';
  if (/^multipart\/form-data/i.test(type)) {
    let form: Record<string, string | File | (string | File)[]>;
    try {
      form = await c.req.parseBody({ all: true });
    } catch {
      throw badRequest('bad_multipart', 'the multipart body could not be read');
    }
    const f = form.file;
    if (f === undefined) throw badRequest('no_file', 'the multipart upload has no "file" field');
    // one notice per upload: a second file would otherwise be dropped without a word
    if (Array.isArray(f) && f.length > 1) {
      throw badRequest('several_files', `the upload has ${f.length} "file" fields: send one file per request`);
    }
    const file = Array.isArray(f) ? f[0] : f;
    if (typeof file === 'string') throw badRequest('no_file', 'the "file" field must be a file, not a text value');
    return { bytes: new Uint8Array(await file.arrayBuffer()), filename: file.name || 'upload', declaredType: file.type || undefined };
  }
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.length === 0) {
    throw badRequest('empty_body', 'the request body is empty: send the notice as multipart field "file" or as the raw body');
  }
  const filename = c.req.query('filename') || c.req.header('x-filename') || 'upload';
  return { bytes, filename, declaredType: type || undefined };
}

const err = errorResponse;
const IdParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: '0123456789abcdef' }) });
const byId = <M extends 'get' | 'delete', P extends string, R extends RouteConfig['responses']>(method: M, path: P, summary: string, ok: R) =>
  createRoute({
    method,
    path,
    tags: ['documents'],
    summary,
    request: { params: IdParam },
    responses: { ...ok, 400: err('malformed id'), 404: err('no such document') },
  });

const routes = {
  list: createRoute({
    method: 'get',
    path: '/v1/documents',
    tags: ['documents'],
    summary: 'Stored notices, newest first or sorted by a column, filtered by kind, issuer, date or signer',
    request: { query: DocumentListQuery.strict() },
    responses: {
      200: {
        description: 'a page of notices',
        content: { 'application/json': { schema: DocumentPage } },
      },
      400: err('paging out of range, an unknown sort key or parameter, a malformed date or date_from after date_to'),
    },
  }),
  get: byId('get', '/v1/documents/{id}', 'The structured record of a notice', {
    200: { description: 'the record', content: { 'application/json': { schema: NoticeRecord } } },
  }),
  text: byId('get', '/v1/documents/{id}/text', 'The repaired text of a notice, one line per source line', {
    200: { description: 'UTF-8 text', content: { 'text/plain': { schema: z.string() } } },
  }),
  original: byId('get', '/v1/documents/{id}/original', 'The uploaded file, byte for byte', {
    200: { description: 'the original bytes', content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } },
  }),
  delete: byId('delete', '/v1/documents/{id}', 'Delete a notice and everything read from it', { 204: { description: 'deleted' } }),
};

export function documentRoutes(deps: DocumentRoutesDeps) {
  const { store, pipeline, jobs, limits } = deps;
  const app = createRouter();

  // The upload reads multipart or a raw body itself (size limit first), so it is documented, not validated, here.
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/documents',
    tags: ['documents'],
    summary: 'Upload a notice (text, PDF or image)',
    description:
      'Send the file as multipart field "file", or as the raw body with its Content-Type (filename in ?filename= or ' +
      'X-Filename). Text and PDFs with a good text layer are read at once (201 with the record; 200 when already stored); ' +
      'scans are read in the background (202 with a job).',
    request: {
      body: {
        required: true,
        content: {
          'multipart/form-data': { schema: z.object({ file: z.string().openapi({ format: 'binary' }) }) },
          'text/plain': { schema: z.string() },
          'application/pdf': { schema: z.string().openapi({ format: 'binary' }) },
          'image/png': { schema: z.string().openapi({ format: 'binary' }) },
          'image/jpeg': { schema: z.string().openapi({ format: 'binary' }) },
          'image/tiff': { schema: z.string().openapi({ format: 'binary' }) },
        },
      },
    },
    responses: {
      200: { description: 'already stored: its record', content: { 'application/json': { schema: NoticeRecord } } },
      201: { description: 'stored: its record', content: { 'application/json': { schema: NoticeRecord } } },
      202: { description: 'a scan: a job reads it', content: { 'application/json': { schema: z.object({ job: z.record(z.string(), z.unknown()), links: z.record(z.string(), z.string()) }) } } },
      400: err('empty or malformed upload'),
      401: err('no API key, or a wrong or revoked one'),
      403: err('the key is not an editor key'),
      413: err('too large'),
      415: err('unsupported type or encoding'),
      429: err("over the key's uploads per minute or scans being read (Retry-After says when to try again)"),
    },
  });

  app.post(
    '/v1/documents',
    async (c, next) => {
      // counted before the body is read: a key over its rate costs no parsing
      const key = c.get('principal')?.name;
      const wait = key && limits ? limits.takeUpload(key) : null;
      if (wait !== null) {
        c.header('Connection', 'close');
        return tooMany(c, wait, `the key "${key}" has sent ${limits!.uploadsPerMinute} uploads in the last minute (the limit): try again later`);
      }
      return next();
    },
    bodyLimit({
      // multipart framing adds a little on top of the file itself
      maxSize: pipeline.limits.maxUploadBytes + 64 * 1024,
      onError: (c) => {
        // the rest of the body is not read: close the connection so the client does not reuse it
        c.header('Connection', 'close');
        return c.json(errorBody('too_large', `the upload exceeds the limit of ${pipeline.limits.maxUploadBytes} bytes`), 413);
      },
    }),
    async (c) => {
      const file = await readUpload(c);
      const doc = await pipeline.ingest(file);
      c.set('audit', { action: 'document.upload', target: doc.id, document_id: doc.id });
      const existing = await store.getRecord(doc.id);
      if (existing) return c.json(existing, 200);
      if (doc.needsOcr && jobs) {
        const key = c.get('principal')?.name;
        const release = key && limits ? await limits.reserveJob(key) : () => undefined;
        if (!release) {
          return tooMany(c, 30, `the key "${key}" has ${limits!.jobsPerKey} scans queued or being read (the limit): try again when one is done`);
        }
        let job: Awaited<ReturnType<JobQueue['enqueue']>>;
        try {
          job = await jobs.enqueue(file, doc);
          if (key) await store.assignJobKey(job.id, key);
        } finally {
          release();
        }
        c.header('Location', `/v1/jobs/${job.id}`);
        return c.json({ job, links: { job: `/v1/jobs/${job.id}`, document: `/v1/documents/${doc.id}` } }, 202);
      }
      const { record, created } = await pipeline.complete(doc);
      c.header('Location', `/v1/documents/${record.id}`);
      return c.json(record, created ? 201 : 200);
    },
  );

  app.openapi(routes.list, async (c) => {
    const { kind, issuer, date_from, date_to, ...rest } = c.req.valid('query');
    return c.json(await store.listDocuments({ ...rest, ...toDocumentFilters({ kind, issuer, date_from, date_to }) }), 200);
  });

  app.openapi(routes.get, async (c) => {
    const id = documentId(c.req.valid('param').id);
    const rec = await store.getRecord(id);
    if (!rec) throw notFound(`no document with id ${id}`);
    return c.json(rec, 200);
  });

  app.openapi(routes.text, async (c) => {
    const id = documentId(c.req.valid('param').id);
    const lines = await store.getLines(id);
    if (!lines) throw notFound(`no document with id ${id}`);
    return c.text(lines.map((l) => l.text).join('\n') + (lines.length ? '\n' : ''), 200);
  });

  app.openapi(routes.original, async (c) => {
    const id = documentId(c.req.valid('param').id);
    const orig = await store.getOriginal(id);
    if (!orig) throw notFound(`no document with id ${id}`);
    c.header('Content-Type', orig.mediaType === 'text/plain' ? 'text/plain; charset=utf-8' : orig.mediaType);
    c.header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(orig.filename)}`);
    return c.body(orig.bytes as Uint8Array<ArrayBuffer>, 200) as never;
  });

  app.openapi(routes.delete, async (c) => {
    const id = documentId(c.req.valid('param').id);
    if (!(await store.deleteDocument(id))) throw notFound(`no document with id ${id}`);
    c.set('audit', { action: 'document.delete', target: id, document_id: id });
    return c.body(null, 204);
  });

  return app;
}
