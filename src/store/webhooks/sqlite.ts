/**
 * The SQLite implementation of the webhook queries.
 */
import { SqliteQueries } from '../sqlite-queries.js';
import type { DeliveryRow, DueDelivery, WebhookRow, WebhookStats, WebhooksTx } from './types.js';

const PATCHABLE = new Set(['status', 'attempts', 'next_attempt_at', 'last_error', 'delivered_at']);

export class SqliteWebhooks extends SqliteQueries implements WebhooksTx {
  async insertWebhook(w: { url: string; events: string; secret: string; createdAt: string }) {
    return this.run('INSERT INTO webhooks(url, events, secret, created_at) VALUES (?, ?, ?, ?)', w.url, w.events, w.secret, w.createdAt);
  }
  async webhooks() {
    return this.all<WebhookRow>('SELECT * FROM webhooks ORDER BY id');
  }
  async webhookById(id: number) {
    return this.get<WebhookRow>('SELECT * FROM webhooks WHERE id = ?', id);
  }
  async setWebhookSecret(id: number, secret: string) {
    this.run('UPDATE webhooks SET secret = ? WHERE id = ?', secret, id);
  }
  async deleteWebhook(id: number) {
    this.run('DELETE FROM webhook_deliveries WHERE webhook_id = ?', id);
    this.run('DELETE FROM webhooks WHERE id = ?', id);
  }
  async webhookStats() {
    return this.all<WebhookStats>(
      `SELECT w.id AS webhook_id,
         (SELECT count(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.status = 'pending') AS pending,
         (SELECT d.last_error FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.last_error IS NOT NULL
            ORDER BY coalesce(d.delivered_at, d.next_attempt_at, d.created_at) DESC, d.id DESC LIMIT 1) AS last_error
       FROM webhooks w ORDER BY w.id`);
  }
  async insertDelivery(d: { webhookId: number; event: string; ticketId: number | null; body: string; createdAt: string }) {
    return this.run(
      'INSERT INTO webhook_deliveries(webhook_id, event, ticket_id, body, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?)',
      d.webhookId, d.event, d.ticketId, d.body, d.createdAt, d.createdAt,
    );
  }
  async dueDeliveries(now: string, limit: number) {
    return this.all<DueDelivery>(
      `SELECT d.*, w.url, w.secret FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
       WHERE d.status = 'pending' AND w.secret <> '' AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= ?)
       ORDER BY d.next_attempt_at, d.id LIMIT ?`, now, limit);
  }
  async deliveryById(id: number) {
    return this.get<DeliveryRow>('SELECT * FROM webhook_deliveries WHERE id = ?', id);
  }
  async updateDelivery(id: number, patch: Partial<Pick<DeliveryRow, 'status' | 'attempts' | 'next_attempt_at' | 'last_error' | 'delivered_at'>>) {
    const cols = Object.keys(patch).filter((c) => PATCHABLE.has(c));
    if (!cols.length) return;
    this.run(`UPDATE webhook_deliveries SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`, { ...patch, id });
  }
  async deliveries(webhookId?: number) {
    return webhookId === undefined
      ? this.all<DeliveryRow>('SELECT * FROM webhook_deliveries ORDER BY id')
      : this.all<DeliveryRow>('SELECT * FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id', webhookId);
  }
}
