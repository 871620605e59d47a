/**
 * Webhooks on PostgreSQL (from webhooks/sqlite.ts): the hooks an admin registered and their
 * deliveries. Deliveries are claimed inside write transactions, which hold the writers' lock (store.ts),
 * so two servers never send the same one.
 */
import type { DeliveryRow, DueDelivery, WebhookRow, WebhookStats, WebhooksTx } from '../webhooks/types.js';
import type { PgConn, PgParam } from './conn.js';

const PATCHABLE = new Set(['status', 'attempts', 'next_attempt_at', 'last_error', 'delivered_at']);

export class PgWebhooks implements WebhooksTx {
  constructor(private readonly c: PgConn) {}

  async insertWebhook(w: { url: string; events: string; secret: string; createdAt: string }) {
    return this.c.insert('INSERT INTO webhooks(url, events, secret, created_at) VALUES ($1, $2, $3, $4) RETURNING id',
      [w.url, w.events, w.secret, w.createdAt]);
  }
  async webhooks() {
    return this.c.all<WebhookRow>('SELECT * FROM webhooks ORDER BY id');
  }
  async webhookById(id: number) {
    return this.c.one<WebhookRow>('SELECT * FROM webhooks WHERE id = $1', [id]);
  }
  async setWebhookSecret(id: number, secret: string) {
    await this.c.run('UPDATE webhooks SET secret = $1 WHERE id = $2', [secret, id]);
  }
  async deleteWebhook(id: number) {
    await this.c.run('DELETE FROM webhook_deliveries WHERE webhook_id = $1', [id]);
    await this.c.run('DELETE FROM webhooks WHERE id = $1', [id]);
  }
  async webhookStats() {
    const rows = await this.c.all<WebhookStats>(
      `SELECT w.id AS webhook_id,
         (SELECT count(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.status = 'pending') AS pending,
         (SELECT d.last_error FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.last_error IS NOT NULL
            ORDER BY coalesce(d.delivered_at, d.next_attempt_at, d.created_at) DESC, d.id DESC LIMIT 1) AS last_error
       FROM webhooks w ORDER BY w.id`);
    return rows.map((r) => ({ ...r, pending: Number(r.pending) }));
  }
  async insertDelivery(d: { webhookId: number; event: string; ticketId: number | null; body: string; createdAt: string }) {
    return this.c.insert(
      `INSERT INTO webhook_deliveries(webhook_id, event, ticket_id, body, created_at, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, [d.webhookId, d.event, d.ticketId, d.body, d.createdAt]);
  }
  async dueDeliveries(now: string, limit: number) {
    // NULLS FIRST: SQLite sorts a NULL next attempt first, and it is due at once.
    return this.c.all<DueDelivery>(
      `SELECT d.*, w.url, w.secret FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
       WHERE d.status = 'pending' AND w.secret <> '' AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= $1)
       ORDER BY d.next_attempt_at NULLS FIRST, d.id LIMIT $2`, [now, limit]);
  }
  async deliveryById(id: number) {
    return this.c.one<DeliveryRow>('SELECT * FROM webhook_deliveries WHERE id = $1', [id]);
  }
  async updateDelivery(id: number, patch: Partial<Pick<DeliveryRow, 'status' | 'attempts' | 'next_attempt_at' | 'last_error' | 'delivered_at'>>) {
    const cols = Object.keys(patch).filter((c) => PATCHABLE.has(c));
    if (!cols.length) return;
    const values = cols.map((c) => (patch as Record<string, PgParam>)[c] ?? null);
    await this.c.run(`UPDATE webhook_deliveries SET ${cols.map((c, i) => `${c} = $${i + 1}`).join(', ')} WHERE id = $${cols.length + 1}`, [...values, id]);
  }
  async deliveries(webhookId?: number) {
    return webhookId === undefined
      ? this.c.all<DeliveryRow>('SELECT * FROM webhook_deliveries ORDER BY id')
      : this.c.all<DeliveryRow>('SELECT * FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY id', [webhookId]);
  }
}
