/**
 * The webhooks part of the store: the hooks an admin registered and their deliveries.
 * Reached as `tx.webhooks`.
 */
export interface WebhookRow { id: number; url: string; events: string; secret: string; created_at: string }

export interface DeliveryRow {
  id: number; webhook_id: number; event: string; ticket_id: number | null; body: string;
  status: 'pending' | 'delivered' | 'failed'; attempts: number; next_attempt_at: string | null;
  last_error: string | null; created_at: string; delivered_at: string | null;
}

/** A due delivery with what is needed to send it. */
export type DueDelivery = DeliveryRow & { url: string; secret: string };

export interface WebhookStats { webhook_id: number; pending: number; last_error: string | null }

export interface WebhooksTx {
  insertWebhook(w: { url: string; events: string; secret: string; createdAt: string }): Promise<number>;
  /** Every hook, oldest first. */
  webhooks(): Promise<WebhookRow[]>;
  webhookById(id: number): Promise<WebhookRow | null>;
  /** Replaces a hook's signing secret ('' holds its deliveries: an imported hook before its secret is set). */
  setWebhookSecret(id: number, secret: string): Promise<void>;
  /** Removes the hook and every delivery of it. */
  deleteWebhook(id: number): Promise<void>;
  /** Pending deliveries and the latest error, per hook. */
  webhookStats(): Promise<WebhookStats[]>;
  insertDelivery(d: { webhookId: number; event: string; ticketId: number | null; body: string; createdAt: string }): Promise<number>;
  /** Pending deliveries due at `now`, oldest first; a hook without a secret ('') has none due. */
  dueDeliveries(now: string, limit: number): Promise<DueDelivery[]>;
  deliveryById(id: number): Promise<DeliveryRow | null>;
  updateDelivery(id: number, patch: Partial<Pick<DeliveryRow, 'status' | 'attempts' | 'next_attempt_at' | 'last_error' | 'delivered_at'>>): Promise<void>;
  /** Every delivery of a hook (or all), oldest first (for tests and `webhook list`'s details). */
  deliveries(webhookId?: number): Promise<DeliveryRow[]>;
}
