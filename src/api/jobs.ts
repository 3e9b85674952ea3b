// Job status for scans being read: state, stage and page progress.
import { OpenAPIHono } from '@hono/zod-openapi';
import { notFound } from '../errors.js';
import type { Store } from '../store/types.js';
import { jobId } from './errors.js';

export function jobRoutes(store: Store) {
  const app = new OpenAPIHono();
  app.get('/v1/jobs/:id', async (c) => {
    const id = jobId(c.req.param('id'));
    const job = await store.getJob(id);
    if (!job) throw notFound(`no job with id ${id}`);
    return c.json({
      ...job,
      links: job.state === 'done' ? { document: `/v1/documents/${job.document_id}` } : {},
    });
  });
  return app;
}
