/**
 * Delivering webhooks: `helpdesk webhook send` and `serve --jobs`. Each due delivery is
 * claimed (attempt counted, next try scheduled), POSTed with its HMAC-SHA256 signature, then
 * recorded as delivered (any 2xx) or left pending with the error (anything else, or no answer within
 * the timeout). Receivers should check the signature and may see a delivery twice (X-Helpdesk-Delivery).
 */
import { createHmac } from 'node:crypto';
import type { DeskContext } from '../desk/context.js';
import { claimNextDelivery, recordDelivered, recordDeliveryFailure } from '../desk/webhooks.js';

export interface WebhookSendReport {
  delivered: number;
  deferred: number;
  failed: number;
  deliveries: Array<{ id: number; event: string; url: string; result: 'delivered' | 'deferred' | 'failed'; error: string | null }>;
}

/** `sha256=<hex HMAC-SHA256 of the body with the hook's secret>`. */
export const signature = (secret: string, body: string): string => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** Sends every due delivery (at most `limit`), one at a time. `clock` gives "now" for each step. */
export async function sendWebhooks(base: DeskContext, opts: { limit?: number; timeoutMs?: number; clock?: () => Date } = {}): Promise<WebhookSendReport> {
  const report: WebhookSendReport = { delivered: 0, deferred: 0, failed: 0, deliveries: [] };
  const ctx = (): DeskContext => ({ store: base.store, now: opts.clock ? opts.clock() : base.now });
  while (opts.limit === undefined || report.deliveries.length < opts.limit) {
    const d = await claimNextDelivery(ctx());
    if (!d) break;
    const error = await post(d.url, d.secret, d.body, d.id, d.event, opts.timeoutMs ?? 10_000);
    const result = error === null ? 'delivered' : await recordDeliveryFailure(ctx(), d.id, error);
    if (error === null) await recordDelivered(ctx(), d.id);
    report[result]++;
    report.deliveries.push({ id: d.id, event: d.event, url: d.url, result, error });
  }
  return report;
}

/** One POST; null when the receiver took it, else why not. */
async function post(url: string, secret: string, body: string, id: number, event: string, timeoutMs: number): Promise<string | null> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json', 'user-agent': 'helpdesk-webhook/1',
        'x-helpdesk-event': event, 'x-helpdesk-delivery': String(id), 'x-helpdesk-signature': signature(secret, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel().catch(() => undefined);
    return res.status >= 200 && res.status < 300 ? null : `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
    return (e.cause?.code ?? e.cause?.message ?? e.message).slice(0, 300);
  }
}
