/**
 * `mail send`: deliver due outbox messages through mail.smtp with nodemailer (imported lazily), one
 * at a time: claim, hand to the server, record. A refused message is retried with backoff (or marked
 * failed when the refusal is permanent); when the server cannot be reached at all, the run stops and
 * every other message simply stays pending. Nothing is lost either way.
 */
import type { DeskContext } from '../desk/context.js';
import {
  claimNextDue, mailTransportSettings, recordFailure, recordSent, type Deliverable,
} from '../desk/mail-queue.js';

export interface DeliveryOutcome {
  id: number;
  to: string;
  message_id: string;
  result: 'sent' | 'deferred' | 'failed';
  error: string | null;
  next_attempt_at: string | null;
}

export interface DeliveryReport {
  sent: number;
  deferred: number;
  failed: number;
  messages: DeliveryOutcome[];
  /** Why the run stopped early (server unreachable), or null. */
  stopped: string | null;
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  permanent?: boolean;
}

/** Errors of the connection rather than of one message: stop the run, the rest stays pending. */
const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EAUTH', 'ENOAUTH', 'EPROXY', 'ECONFIG']);

function describe(err: SmtpError): string {
  const text = (err.response ?? err.message ?? String(err)).replace(/\s+/g, ' ').trim();
  return err.code && !text.includes(err.code) ? `${err.code}: ${text}` : text;
}

function isPermanent(err: SmtpError): boolean {
  if (typeof err.permanent === 'boolean') return err.permanent;
  return err.responseCode !== undefined && err.responseCode >= 500 && err.responseCode !== 503;
}

function autoSubmitted(kind: string): Record<string, string> {
  // RFC 3834: robots must not answer our automatic mail; an agent's reply is a person's.
  if (kind === 'reply') return {};
  return { 'Auto-Submitted': kind === 'autoresponse' ? 'auto-replied' : 'auto-generated' };
}

/** Delivers due messages (of one ticket, when given), at most `limit`. */
export async function deliverDue(ctx: DeskContext, opts: { ticket?: string; limit?: number } = {}): Promise<DeliveryReport> {
  const settings = await mailTransportSettings(ctx);
  const nodemailer = (await import('nodemailer')).default;
  // One SMTP session for the whole run (pool of one connection): a new connection per message cost
  // ~110 ms of handshakes each against a local server, and mail servers prefer it too.
  const transport = nodemailer.createTransport({
    url: settings.smtp, pool: true, maxConnections: 1, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  const report: DeliveryReport = { sent: 0, deferred: 0, failed: 0, messages: [], stopped: null };
  try {
    while (opts.limit === undefined || report.messages.length < opts.limit) {
      const m = await claimNextDue(ctx, opts.ticket);
      if (!m) break;
      try {
        await transport.sendMail(envelope(ctx, settings.from, m));
        await recordSent(ctx, m.id);
        report.sent++;
        report.messages.push({ id: m.id, to: m.to, message_id: m.messageId, result: 'sent', error: null, next_attempt_at: null });
      } catch (caught) {
        const err = caught as SmtpError;
        const after = await recordFailure(ctx, m.id, describe(err), isPermanent(err));
        const result = after.status === 'failed' ? 'failed' : 'deferred';
        report[result]++;
        report.messages.push({ id: m.id, to: m.to, message_id: m.messageId, result, error: after.last_error, next_attempt_at: after.next_attempt_at });
        if (err.responseCode === undefined && CONNECTION_CODES.has(err.code ?? '')) {
          report.stopped = `cannot reach the SMTP server: ${describe(err)}`;
          break;
        }
      }
    }
  } finally {
    transport.close();
  }
  return report;
}

function envelope(ctx: DeskContext, from: string, m: Deliverable) {
  return {
    from,
    to: m.toName ? { name: m.toName, address: m.to } : m.to,
    cc: m.cc.length ? m.cc : undefined,
    attachments: m.attachments.length ? m.attachments : undefined,
    subject: m.subject,
    text: m.body,
    messageId: m.messageId,
    inReplyTo: m.inReplyTo ?? undefined,
    references: m.references.length ? m.references : undefined,
    date: ctx.now,
    headers: autoSubmitted(m.kind),
  };
}
