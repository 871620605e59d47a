/**
 * Webhooks: admins register a URL and the events it wants; deliveries are queued by
 * webhook-events.ts in the transaction of each change and sent by `webhook send` / `serve --jobs`.
 *
 * Delivery bookkeeping follows the outbox (mail-queue.ts): a claim counts the attempt and moves the
 * next try to now + backoff *before* the POST, so a sender killed mid-delivery leaves the delivery
 * pending, to be sent again later (receivers should treat a repeated delivery id as one).
 */
import { named, NotFoundError, says, UsageError } from '../core/errors.js';
import { MAX_ATTEMPTS, nextAttemptAt } from '../core/mail-retry.js';
import { hasControl } from '../core/text-rules.js';
import type { DueDelivery, WebhookRow } from '../store/webhooks/types.js';
import { asAdmin, readAsAdmin } from './admin.js';
import { parseId, secret as newSecret } from './auth/tokens.js';
import { iso, type DeskContext } from './context.js';
import { WEBHOOK_EVENTS, type WebhookEvent } from './webhook-events.js';

export interface WebhookObject {
  id: number; url: string; events: WebhookEvent[]; pending: number; last_error: string | null; created_at: string;
  /** False for a hook imported without its secret: its deliveries wait until one is set. */
  secret_set: boolean;
}

const eventsOf = (r: WebhookRow) => r.events.split(',').filter(Boolean) as WebhookEvent[];

/** A URL a webhook may POST to: http or https, nothing else, no credentials in it. */
export function parseWebhookUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new UsageError(`'${text}' is not a URL`, 'e.g. https://hooks.example.com/desk');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`a webhook URL is http or https, not ${url.protocol.replace(':', '')}`);
  if (url.username || url.password) throw new UsageError('a webhook URL carries no user or password', says`receivers check the X-Helpdesk-Signature instead (${named('secret')})`);
  return url.toString();
}

/** `--events a,b` (default: every event); unknown names are refused with the list. */
export function parseEvents(text: string | undefined): WebhookEvent[] {
  if (text === undefined) return [...WEBHOOK_EVENTS];
  const names = [...new Set(text.split(',').map((e) => e.trim()).filter(Boolean))];
  if (names.length === 0) throw new UsageError(says`${named('events')} is empty`, `events: ${WEBHOOK_EVENTS.join(', ')}`);
  for (const n of names) {
    if (!(WEBHOOK_EVENTS as readonly string[]).includes(n)) throw new UsageError(`unknown event '${n}'`, `events: ${WEBHOOK_EVENTS.join(', ')}`);
  }
  return names as WebhookEvent[];
}

/** --secret as given: 1–500 printable characters. */
function checkSecret(given: string | undefined): void {
  if (given !== undefined && (given.length < 1 || given.length > 500 || hasControl(given))) {
    throw new UsageError(says`${named('secret')} must be 1–500 printable characters`);
  }
}

/**
 * `webhook secret <id> [--secret s]`: replaces the signing secret (a new random one unless given).
 * An imported hook has none (exports carry no secrets) and its deliveries wait for this.
 */
export function setWebhookSecret(ctx: DeskContext, input: { actor: string; id: string; secret?: string }): Promise<{ id: number; url: string; secret: string; pending: number }> {
  const id = parseId(input.id, 'webhook');
  checkSecret(input.secret);
  return asAdmin(ctx, input.actor, 'manage webhooks', async (tx) => {
    const row = await tx.webhooks.webhookById(id);
    if (!row) throw new NotFoundError(`no webhook ${input.id}`, 'see helpdesk webhook list');
    const secret = input.secret ?? newSecret('whsec_');
    await tx.webhooks.setWebhookSecret(id, secret);
    const pending = (await tx.webhooks.webhookStats()).find((s) => s.webhook_id === id)?.pending ?? 0;
    return { id, url: row.url, secret, pending };
  });
}

export async function addWebhook(ctx: DeskContext, input: { actor: string; url: string; events?: string; secret?: string }): Promise<WebhookObject & { secret: string }> {
  const url = parseWebhookUrl(input.url);
  const events = parseEvents(input.events);
  const given = input.secret;
  checkSecret(given);
  return asAdmin(ctx, input.actor, 'manage webhooks', async (tx) => {
    const secret = given ?? newSecret('whsec_');
    const id = await tx.webhooks.insertWebhook({ url, events: events.join(','), secret, createdAt: iso(ctx.now) });
    return { id, url, events, pending: 0, last_error: null, created_at: iso(ctx.now), secret_set: true, secret };
  });
}

export function listWebhooks(ctx: DeskContext, input: { actor: string }): Promise<WebhookObject[]> {
  return readAsAdmin(ctx, input.actor, 'list webhooks', async (tx) => {
    const stats = new Map((await tx.webhooks.webhookStats()).map((s) => [s.webhook_id, s]));
    return (await tx.webhooks.webhooks()).map((r) => ({
      id: r.id, url: r.url, events: eventsOf(r), pending: stats.get(r.id)?.pending ?? 0, last_error: stats.get(r.id)?.last_error ?? null, created_at: r.created_at,
      secret_set: r.secret !== '',
    }));
  });
}

export function removeWebhook(ctx: DeskContext, input: { actor: string; id: string }): Promise<{ id: number; url: string; dropped: number }> {
  const id = parseId(input.id, 'webhook');
  return asAdmin(ctx, input.actor, 'manage webhooks', async (tx) => {
    const row = await tx.webhooks.webhookById(id);
    if (!row) throw new NotFoundError(`no webhook ${input.id}`, 'see helpdesk webhook list');
    const dropped = (await tx.webhooks.deliveries(id)).filter((d) => d.status === 'pending').length;
    await tx.webhooks.deleteWebhook(id);
    return { id, url: row.url, dropped };
  });
}

/** Claims the next due delivery: counts the attempt and schedules the next try before it is sent. */
export async function claimNextDelivery(ctx: DeskContext): Promise<DueDelivery | null> {
  return ctx.store.write(async (tx) => {
    const [row] = await tx.webhooks.dueDeliveries(iso(ctx.now), 1);
    if (!row) return null;
    const attempts = row.attempts + 1;
    await tx.webhooks.updateDelivery(row.id, { attempts, next_attempt_at: nextAttemptAt(ctx.now, attempts) });
    return { ...row, attempts };
  });
}

export async function recordDelivered(ctx: DeskContext, id: number): Promise<void> {
  await ctx.store.write((tx) => tx.webhooks.updateDelivery(id, { status: 'delivered', delivered_at: iso(ctx.now), next_attempt_at: null, last_error: null }));
}

/** The receiver did not take it: it stays pending for the next try, or fails after MAX_ATTEMPTS. */
export async function recordDeliveryFailure(ctx: DeskContext, id: number, error: string): Promise<'deferred' | 'failed'> {
  return ctx.store.write(async (tx) => {
    const row = (await tx.webhooks.deliveryById(id))!;
    const failed = row.attempts >= MAX_ATTEMPTS;
    await tx.webhooks.updateDelivery(id, { last_error: error.slice(0, 1000), ...(failed ? { status: 'failed', next_attempt_at: null } : {}) });
    return failed ? 'failed' : 'deferred';
  });
}
