// Webhooks: a POST signed with HMAC-SHA256 when a notice is stored, retried with exponential backoff.
// WebCrypto and fetch only, so it runs on Node and on Workers alike.
import type { NoticeRecordT } from '../record.js';
import type { Store } from '../store/types.js';
import { checkWebhookUrl, type UrlPolicy } from './address.js';

export interface WebhookConfig extends UrlPolicy {
  /** tries per delivery, the first included */
  maxAttempts: number;
  /** wait before the first retry; doubles each time */
  retryBaseMs: number;
  /** give up on one try after this long */
  timeoutMs: number;
  /** the service's public origin (VANBAN_PUBLIC_URL): payload links are absolute with it, relative without */
  publicUrl?: string;
}

export const defaultWebhookConfig: WebhookConfig = { allowPrivate: false, maxAttempts: 5, retryBaseMs: 2000, timeoutMs: 10_000 };

export const SIGNATURE_HEADER = 'X-Vanban-Signature';
const encoder = new TextEncoder();

const hex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** `sha256=<hex HMAC-SHA256 of the body with the secret>`, as sent in X-Vanban-Signature. */
export async function sign(secret: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return `sha256=${hex(await crypto.subtle.sign('HMAC', key, encoder.encode(body)))}`;
}

export function newSecret(): string {
  return hex(crypto.getRandomValues(new Uint8Array(24)).buffer as ArrayBuffer);
}

export const WEBHOOK_EVENTS = ['document.stored'] as const;

export class WebhookNotifier {
  readonly config: WebhookConfig;
  private pending = new Set<Promise<void>>();
  private timers = new Set<{ timer: ReturnType<typeof setTimeout>; wake: () => void }>();
  private closed = false;

  constructor(
    private store: Store,
    config: Partial<WebhookConfig> = {},
    private userAgent = 'vanban-webhooks',
  ) {
    this.config = { ...defaultWebhookConfig, ...config };
  }

  /** Queues `document.stored` to every registered webhook; returns at once. */
  documentStored(record: Pick<NoticeRecordT, 'id'>): void {
    this.track(this.fanOut(record.id));
  }

  /** Resolves when no delivery is in flight or waiting for a retry. */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  /** Stops waiting retries (the process is going away); tries in flight finish. */
  close(): void {
    this.closed = true;
    for (const t of this.timers) {
      clearTimeout(t.timer);
      t.wake();
    }
    this.timers.clear();
  }

  private track(p: Promise<void>) {
    const q = p.catch(() => undefined).finally(() => this.pending.delete(q));
    this.pending.add(q);
  }

  private async fanOut(documentId: string) {
    const hooks = (await this.store.listWebhooks()).filter((h) => h.events.includes('document.stored'));
    if (!hooks.length || this.closed) return;
    const record = await this.store.getRecord(documentId);
    if (!record) return;
    const { directives, ...doc } = record;
    const document = {
      id: doc.id, doc: doc.doc, doc_type: doc.doc_type, title: doc.title, number: doc.number, issuer: doc.issuer,
      date: doc.date, issued_date: doc.issued_date, subject: doc.subject, links: { self: `${this.config.publicUrl ?? ''}/v1/documents/${doc.id}` },
    };
    for (const h of hooks) this.track(this.deliver(h.id, { event: 'document.stored', document, directives }, documentId));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        wake: resolve,
        timer: setTimeout(() => {
          this.timers.delete(entry);
          resolve();
        }, ms),
      };
      // Node: a waiting retry must not keep the process alive.
      (entry.timer as { unref?: () => void }).unref?.();
      this.timers.add(entry);
    });
  }

  private async deliver(webhookId: string, payload: Record<string, unknown>, documentId: string) {
    const deliveryId = crypto.randomUUID();
    for (let attempt = 1; attempt <= this.config.maxAttempts && !this.closed; attempt++) {
      if (attempt > 1) {
        await this.sleep(this.config.retryBaseMs * 2 ** (attempt - 2));
        if (this.closed) return;
      }
      // Read the hook each time: it may have been deleted meanwhile.
      const hook = await this.store.getWebhook(webhookId);
      if (!hook) return;
      const body = JSON.stringify({ ...payload, delivery_id: deliveryId, attempt, sent_at: new Date().toISOString() });
      const started = Date.now();
      let status: number | null = null;
      let error: string | null = null;
      let retry = true;
      try {
        // Judged again at each try: a name may now resolve to a private address.
        await checkWebhookUrl(hook.url, this.config);
        const res = await fetch(hook.url, {
          method: 'POST',
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(this.config.timeoutMs),
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'user-agent': this.userAgent,
            'x-vanban-event': 'document.stored',
            'x-vanban-delivery': deliveryId,
            'x-vanban-attempt': String(attempt),
            [SIGNATURE_HEADER]: await sign(hook.secret, body),
          },
        });
        status = res.status;
        await res.body?.cancel().catch(() => undefined);
        if (res.ok) retry = false;
        else {
          error = `HTTP ${res.status}`;
          // Client errors other than timeout/rate limit will not change on retry; redirects are not followed.
          if ((res.status >= 300 && res.status < 500 && res.status !== 408 && res.status !== 429)) retry = false;
        }
      } catch (e) {
        error = (e as Error)?.name === 'TimeoutError' ? `no answer within ${this.config.timeoutMs} ms` : String((e as Error)?.message ?? e);
        if ((e as { code?: string })?.code === 'bad_webhook_url') retry = false;
      }
      await this.store
        .logDelivery({
          webhook_id: webhookId, delivery_id: deliveryId, event: 'document.stored', document_id: documentId, attempt,
          at: new Date().toISOString(), status, ok: !retry && !error, error, duration_ms: Date.now() - started,
        })
        .catch(() => undefined);
      if (!retry) return;
    }
  }
}
