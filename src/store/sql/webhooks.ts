// Webhook registrations and their delivery log.
import type { Webhook, WebhookDelivery } from '../shapes.js';
import { now, type SqlExecutor } from './executor.js';

/** Events are stored comma-separated. */
type WebhookRow = Omit<Webhook, 'events'> & { events: string };

export class SqlWebhooks {
  constructor(readonly db: SqlExecutor) {}

  async createWebhook(hook: { id: string; url: string; secret: string; events: string[] }): Promise<Webhook> {
    const created_at = now();
    await this.db.run('INSERT INTO webhooks (id, url, secret, events, created_at) VALUES (?, ?, ?, ?, ?)',
      [hook.id, hook.url, hook.secret, hook.events.join(','), created_at]);
    return { id: hook.id, url: hook.url, events: hook.events, created_at };
  }

  async listWebhooks(): Promise<Webhook[]> {
    const rows = await this.db.all<WebhookRow>(
      'SELECT id, url, events, created_at FROM webhooks ORDER BY created_at, id');
    return rows.map((r) => ({ ...r, events: r.events.split(',') }));
  }

  async getWebhook(id: string): Promise<(Webhook & { secret: string }) | null> {
    const rows = await this.db.all<WebhookRow & { secret: string }>(
      'SELECT id, url, secret, events, created_at FROM webhooks WHERE id = ?', [id]);
    return rows.length ? { ...rows[0], events: rows[0].events.split(',') } : null;
  }

  async deleteWebhook(id: string): Promise<boolean> {
    const r = await this.db.run('DELETE FROM webhooks WHERE id = ?', [id]);
    return r.changes > 0;
  }

  async logDelivery(d: WebhookDelivery): Promise<void> {
    await this.db.run(
      `INSERT OR REPLACE INTO webhook_deliveries (webhook_id, delivery_id, event, document_id, attempt, at, status, ok, error, duration_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [d.webhook_id, d.delivery_id, d.event, d.document_id, d.attempt, d.at, d.status, d.ok ? 1 : 0, d.error, d.duration_ms]);
  }

  async listDeliveries(webhookId: string, { limit }: { limit: number }): Promise<WebhookDelivery[]> {
    const rows = await this.db.all<Omit<WebhookDelivery, 'ok'> & { ok: number }>(
      `SELECT webhook_id, delivery_id, event, document_id, attempt, at, status, ok, error, duration_ms
       FROM webhook_deliveries WHERE webhook_id = ? ORDER BY at DESC, attempt DESC LIMIT ?`, [webhookId, limit]);
    return rows.map((r) => ({ ...r, ok: !!r.ok }));
  }
}
