// Webhook registrations: POST /v1/webhooks, GET /v1/webhooks[/:id] (with recent deliveries), DELETE.
import { createRoute, z } from '@hono/zod-openapi';
import { notFound } from '../errors.js';
import { checkWebhookUrl } from '../notify/address.js';
import { newSecret, type WebhookNotifier } from '../notify/webhooks.js';
import type { Store } from '../store/types.js';
import { createRouter } from './router.js';
import { errorResponses, notFoundResponse, Webhook, WebhookCreate, WebhookDelivery } from './schemas.js';

const IdParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });
const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const createHook = createRoute({
  method: 'post',
  path: '/v1/webhooks',
  tags: ['webhooks'],
  summary: 'Register a URL to receive a signed POST when a notice is stored',
  description:
    'Each delivery is a POST of {event: "document.stored", document, directives, delivery_id, attempt, sent_at} with the header ' +
    '`X-Vanban-Signature: sha256=<hex HMAC-SHA256 of the body with the secret>`. Failed deliveries (network error, timeout, ' +
    '5xx, 408, 429) are retried with exponential backoff, 5 tries at most. Only http(s) URLs; private, loopback and ' +
    'link-local addresses are refused unless the server allows them.',
  request: { body: { required: true, content: { 'application/json': { schema: WebhookCreate } } } },
  responses: {
    201: json(Webhook.extend({ secret: z.string().describe('shown only here') }), 'registered'),
    ...errorResponses,
  },
});

const listHooks = createRoute({
  method: 'get',
  path: '/v1/webhooks',
  tags: ['webhooks'],
  summary: 'Registered webhooks',
  responses: { 200: json(z.object({ items: z.array(Webhook) }), 'the webhooks') },
});

const getHook = createRoute({
  method: 'get',
  path: '/v1/webhooks/{id}',
  tags: ['webhooks'],
  summary: 'One webhook with its recent delivery attempts (newest first)',
  request: { params: IdParam },
  responses: { 200: json(Webhook.extend({ deliveries: z.array(WebhookDelivery) }), 'the webhook'), ...notFoundResponse },
});

const deleteHook = createRoute({
  method: 'delete',
  path: '/v1/webhooks/{id}',
  tags: ['webhooks'],
  summary: 'Remove a webhook',
  request: { params: IdParam },
  responses: { 204: { description: 'removed' }, ...notFoundResponse },
});

export function webhookRoutes(store: Store, notifier: WebhookNotifier) {
  const app = createRouter();

  app.openapi(createHook, async (c) => {
    const body = c.req.valid('json');
    const url = await checkWebhookUrl(body.url, notifier.config);
    const secret = body.secret ?? newSecret();
    const hook = await store.createWebhook({ id: crypto.randomUUID(), url: url.href, secret, events: body.events ?? ['document.stored'] });
    c.set('audit', { action: 'webhook.create', target: hook.id });
    c.header('Location', `/v1/webhooks/${hook.id}`);
    return c.json({ ...hook, secret }, 201);
  });

  app.openapi(listHooks, async (c) => c.json({ items: await store.listWebhooks() }, 200));

  app.openapi(getHook, async (c) => {
    const { id } = c.req.valid('param');
    const hook = await store.getWebhook(id);
    if (!hook) throw notFound(`no webhook with id ${id.slice(0, 60)}`);
    const { secret: _secret, ...shown } = hook;
    return c.json({ ...shown, deliveries: await store.listDeliveries(id, { limit: 50 }) }, 200);
  });

  app.openapi(deleteHook, async (c) => {
    const { id } = c.req.valid('param');
    if (!(await store.deleteWebhook(id))) throw notFound(`no webhook with id ${id.slice(0, 60)}`);
    c.set('audit', { action: 'webhook.delete', target: id });
    return c.body(null, 204);
  });

  return app;
}
