/**
 * Webhooks in an export: `organisation.webhooks` (URL, events, when added — merged by URL
 * like every organisation section) and the top-level `webhook_deliveries` list of the deliveries
 * still pending, after the tickets they tell of, so a moved desk sends what it had not sent yet.
 *
 * Secrets stay out, as they do for the settings (SMTP credentials, anything named secret or token):
 * an export is a file that travels. A hook the import creates therefore has no secret, and its
 * deliveries are held (the senders skip a hook whose secret is '') until an admin sets the
 * receiver's secret with `helpdesk webhook secret <id>` — the same way mail waits in the outbox of a
 * moved desk until its SMTP password is configured again.
 */
import { BadRecordError, Fields, inRecord } from '../../core/records.js';
import { parseTicketNumber } from '../../core/lifecycle.js';
import type { ExportFilter, Tx } from '../../store/types.js';
import { WEBHOOK_EVENTS, type WebhookEvent } from '../webhook-events.js';
import { parseEvents, parseWebhookUrl } from '../webhooks.js';
import type { FileTickets } from './mail.js';
import type { Section } from './sections.js';

export interface WebhookRecord { url: string; events: WebhookEvent[]; created_at: string }

/** Events in their declared order, each once. */
const ordered = (events: Iterable<string>): WebhookEvent[] => {
  const set = new Set(events);
  return WEBHOOK_EVENTS.filter((e) => set.has(e));
};

/** Hooks by URL: two hooks of one desk to the same URL become one record wanting the events of both. */
async function dumpWebhooks(tx: Tx): Promise<WebhookRecord[]> {
  const byUrl = new Map<string, { url: string; events: Set<string>; created_at: string }>();
  for (const h of await tx.webhooks.webhooks()) {
    const key = h.url.toLowerCase();
    const seen = byUrl.get(key);
    if (seen) h.events.split(',').forEach((e) => seen.events.add(e));
    else byUrl.set(key, { url: h.url, events: new Set(h.events.split(',')), created_at: h.created_at });
  }
  return [...byUrl.values()].map((v) => ({ url: v.url, events: ordered(v.events), created_at: v.created_at }));
}

/** The first hook of this desk with the URL (as the section's names, compared without case). */
export async function webhookByUrl(tx: Tx, url: string): Promise<{ id: number } | null> {
  return (await tx.webhooks.webhooks()).find((h) => h.url.toLowerCase() === url.toLowerCase()) ?? null;
}

export const webhooks: Section<WebhookRecord> = {
  key: 'webhooks', what: 'webhook',
  dump: dumpWebhooks,
  parse(raw, where) {
    const f = new Fields(raw, where);
    const url = inRecord(where, 'url', () => parseWebhookUrl(f.str('url')));
    const events = inRecord(where, 'events', () => parseEvents(f.strings('events').join(',')));
    return { url, events: ordered(events), created_at: f.time('created_at') };
  },
  name: (r) => r.url,
  refs: () => [],
  existing: async (tx) => (await tx.webhooks.webhooks()).map((h) => h.url),
  async load(tx, r) {
    if (await webhookByUrl(tx, r.url)) return false;
    await tx.webhooks.insertWebhook({ url: r.url, events: r.events.join(','), secret: '', createdAt: r.created_at });
    return true;
  },
  created: (r) => `webhook ${r.url} was imported without its secret (exports carry no secrets): its deliveries wait until `
    + 'you set the receiver\'s secret with helpdesk webhook secret <id> (ids: helpdesk webhook list)',
};

export interface DeliveryRecord {
  webhook: string; event: WebhookEvent; ticket: string | null; body: string; attempts: number;
  next_attempt_at: string | null; last_error: string | null; created_at: string;
}

export const DELIVERIES = 'webhook_deliveries';
const PAGE = 200;

/** Streams the pending deliveries of the export's tickets, in id order. */
export async function exportDeliveries(tx: Tx, filter: ExportFilter, sink: (d: DeliveryRecord) => Promise<void>): Promise<number> {
  let n = 0;
  for (let after = 0, page; (page = await tx.transfer.exportDeliveries(filter, after, PAGE)).length; after = page.at(-1)!.id) {
    for (const d of page) {
      await sink({
        webhook: d.webhook_url, event: d.event as WebhookEvent, ticket: d.ticket, body: d.body, attempts: d.attempts,
        next_attempt_at: d.next_attempt_at, last_error: d.last_error, created_at: d.created_at,
      });
      n++;
    }
  }
  return n;
}

export function parseDelivery(raw: unknown, where: string): DeliveryRecord {
  const f = new Fields(raw, where);
  const ticket = f.optStr('ticket');
  return {
    webhook: inRecord(where, 'webhook', () => parseWebhookUrl(f.str('webhook'))), event: f.oneOf('event', WEBHOOK_EVENTS),
    ticket: ticket === null ? null : inRecord(where, 'ticket', () => parseTicketNumber(ticket)),
    body: f.str('body'), attempts: f.int('attempts'), next_attempt_at: f.optTime('next_attempt_at'),
    last_error: f.optStr('last_error'), created_at: f.time('created_at'),
  };
}

/**
 * One pending delivery of the file: its shape, a webhook of the file or of this desk, and a ticket
 * earlier in the file are checked; then, when `write` (an import, not a dry run), it is written.
 * `hasWebhook` answers from the names the organisation check collected.
 */
export async function importDelivery(tx: Tx, raw: unknown, at: string, hasWebhook: (url: string) => Promise<boolean>, tickets: FileTickets,
  write: boolean): Promise<void> {
  const d = parseDelivery(raw, at);
  if (!(await hasWebhook(d.webhook))) throw new BadRecordError(at, `'webhook' names ${d.webhook}, which is neither in the file nor in this help desk`);
  if (d.ticket !== null && (await tickets.threadLength(d.ticket)) === undefined) {
    throw new BadRecordError(at, `'ticket' names #${d.ticket}, which is not among the tickets before it in the file`);
  }
  if (!write) return;
  // Written: the delivery, pending, with its attempts and next try as they were.
  const hook = (await webhookByUrl(tx, d.webhook))!;
  const ticketId = d.ticket === null ? null : await tx.tickets.ticketIdByNumber(d.ticket);
  const id = await tx.webhooks.insertDelivery({ webhookId: hook.id, event: d.event, ticketId, body: d.body, createdAt: d.created_at });
  await tx.webhooks.updateDelivery(id, { attempts: d.attempts, next_attempt_at: d.next_attempt_at, last_error: d.last_error });
}
