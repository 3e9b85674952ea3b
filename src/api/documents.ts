// Documents: upload (201 record, or 202 job for scans), read, list, delete.
import type { Context } from 'hono';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { badRequest, notFound } from '../errors.js';
import type { JobQueue } from '../jobs.js';
import type { SourceFile } from '../pipeline.js';
import type { Pipeline } from '../process.js';
import type { Store } from '../store/types.js';
import { documentId, errorBody, paging } from './errors.js';

export interface DocumentRoutesDeps {
  store: Store;
  pipeline: Pipeline;
  jobs?: JobQueue;
}

async function readUpload(c: Context): Promise<SourceFile> {
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

export function documentRoutes(deps: DocumentRoutesDeps) {
  const { store, pipeline, jobs } = deps;
  const app = new OpenAPIHono();

  app.post(
    '/v1/documents',
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
      const existing = await store.getRecord(doc.id);
      if (existing) return c.json(existing, 200);
      if (doc.needsOcr && jobs) {
        const job = await jobs.enqueue(file, doc);
        c.header('Location', `/v1/jobs/${job.id}`);
        return c.json({ job, links: { job: `/v1/jobs/${job.id}`, document: `/v1/documents/${doc.id}` } }, 202);
      }
      const { record, created } = await pipeline.complete(doc);
      c.header('Location', `/v1/documents/${record.id}`);
      return c.json(record, created ? 201 : 200);
    },
  );

  app.get('/v1/documents', async (c) => c.json(await store.listDocuments(paging(c))));

  app.get('/v1/documents/:id', async (c) => {
    const id = documentId(c.req.param('id'));
    const rec = await store.getRecord(id);
    if (!rec) throw notFound(`no document with id ${id}`);
    return c.json(rec);
  });

  app.get('/v1/documents/:id/text', async (c) => {
    const id = documentId(c.req.param('id'));
    const lines = await store.getLines(id);
    if (!lines) throw notFound(`no document with id ${id}`);
    return c.text(lines.map((l) => l.text).join('\n') + (lines.length ? '\n' : ''));
  });

  app.get('/v1/documents/:id/original', async (c) => {
    const id = documentId(c.req.param('id'));
    const orig = await store.getOriginal(id);
    if (!orig) throw notFound(`no document with id ${id}`);
    c.header('Content-Type', orig.mediaType === 'text/plain' ? 'text/plain; charset=utf-8' : orig.mediaType);
    c.header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(orig.filename)}`);
    return c.body(orig.bytes as Uint8Array<ArrayBuffer>);
  });

  app.delete('/v1/documents/:id', async (c) => {
    const id = documentId(c.req.param('id'));
    if (!(await store.deleteDocument(id))) throw notFound(`no document with id ${id}`);
    return c.body(null, 204);
  });

  return app;
}
