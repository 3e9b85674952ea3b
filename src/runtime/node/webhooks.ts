// Node side of the webhook URL policy: host names are judged by the addresses DNS gives for them.
import { lookup } from 'node:dns/promises';
import type { WebhookConfig } from '../../notify/webhooks.js';

export async function resolveHost(host: string): Promise<string[]> {
  return (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
}

export function nodeWebhookConfig(cfg: { allowPrivateWebhooks?: boolean; webhookRetryMs?: number }): Partial<WebhookConfig> {
  return {
    allowPrivate: cfg.allowPrivateWebhooks ?? false,
    resolve: resolveHost,
    ...(cfg.webhookRetryMs ? { retryBaseMs: cfg.webhookRetryMs } : {}),
  };
}
