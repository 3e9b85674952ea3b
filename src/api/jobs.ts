// Job status for scans being read: state, stage and page progress.
import { createRoute, z } from '@hono/zod-openapi';
import { notFound } from '../errors.js';
import type { Store } from '../store/types.js';
import { jobId } from './errors.js';
import { createRouter } from './router.js';
import { errorResponse, Job } from './schemas.js';

const err = errorResponse;

const route = createRoute({
  method: 'get',
  path: '/v1/jobs/{id}',
  tags: ['documents'],
  summary: 'Progress of a scan being read',
  request: { params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: {
    200: { description: 'the job', content: { 'application/json': { schema: Job } } },
    400: err('malformed id'),
    404: err('no such job'),
  },
});

export function jobRoutes(store: Store) {
  const app = createRouter();
  app.openapi(route, async (c) => {
    const id = jobId(c.req.valid('param').id);
    const job = await store.getJob(id);
    if (!job) throw notFound(`no job with id ${id}`);
    return c.json(
      {
        ...job,
        links: job.state === 'done' ? { document: `/v1/documents/${job.document_id}` } : {},
      },
      200,
    );
  });
  return app;
}
