/**
 * `mail send`: deliver due outbox messages through mail.smtp with nodemailer (imported lazily), one
 * at a time: claim, hand to the server, record. A recipient refused for good (5xx to RCPT/DATA) fails
 * that message; 4xx to RCPT/DATA defers it. A failure of the whole session (unreachable, TLS, AUTH
 * refused, 421) stops the run at once and leaves every message pending with the error. Nothing is
 * lost either way.
 */
import type { DeskContext } from '../desk/context.js';
import {
  claimNextDue, mailTransportSettings, recordFailure, recordSent, recordSessionFailure, type Deliverable,
} from '../desk/mail/outbox.js';
import { parseMailbox } from '../core/mailbox.js';
import { smtpOptions } from './smtp-options.js';

export interface DeliveryOutcome {
  id: number;
  to: string;
  message_id: string;
  result: 'sent' | 'deferred' | 'failed' | 'bounced';
  error: string | null;
  next_attempt_at: string | null;
}

export interface DeliveryReport {
  sent: number;
  deferred: number;
  failed: number;
  /** Messages the server took for some recipients and refused for good for others. */
  bounced: number;
  messages: DeliveryOutcome[];
  /** Why the run stopped early (a failure of the whole SMTP session), or null. */
  stopped: string | null;
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

/** Nodemailer's codes for a session that could not be had at all: connection, TLS, authentication. */
const SESSION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EAUTH', 'ENOAUTH', 'EPROXY', 'ECONFIG', 'EOAUTH2', 'EMAXLIMIT']);

function describe(err: SmtpError): string {
  const text = (err.response ?? err.message ?? String(err)).replace(/\s+/g, ' ').trim();
  return err.code && !text.includes(err.code) ? `${err.code}: ${text}` : text;
}

/**
 * What a refusal means. Only a reply to RCPT TO or DATA is about the message: 5xx fails it, 4xx defers
 * it. Anything else — the connection, the greeting, TLS, AUTH (535, 530), MAIL FROM, a 421 "closing"
 * at any point — is the session's: every message stays pending and the run stops.
 */
export function classify(err: SmtpError): 'permanent' | 'temporary' | 'session' {
  const command = (err.command ?? '').toUpperCase();
  const aboutMessage = command ? /^(RCPT|DATA)/.test(command) : err.code === 'EENVELOPE' || err.code === 'EMESSAGE';
  if (err.responseCode === 421 || err.responseCode === 530 || SESSION_CODES.has(err.code ?? '') || !aboutMessage) return 'session';
  return err.responseCode !== undefined && err.responseCode >= 500 ? 'permanent' : 'temporary';
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
    ...smtpOptions(settings.smtp, settings.allowPlain), pool: true, maxConnections: 1,
    connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  const report: DeliveryReport = { sent: 0, deferred: 0, failed: 0, bounced: 0, messages: [], stopped: null };
  try {
    while (opts.limit === undefined || report.messages.length < opts.limit) {
      const m = await claimNextDue(ctx, opts.ticket);
      if (!m) break;
      const outcome = await deliverOne(ctx, transport, settings.from, m);
      report[outcome.result]++;
      report.messages.push(outcome);
      if (outcome.result === 'deferred' && outcome.session) {
        report.stopped = outcome.error;
        await recordSessionFailure(ctx, outcome.error ?? 'the SMTP session failed', opts.ticket);
        break;
      }
    }
  } finally {
    transport.close();
  }
  for (const m of report.messages) delete (m as { session?: boolean }).session;
  return report;
}

type Transport = { sendMail(m: object): Promise<{ rejected?: unknown[]; rejectedErrors?: SmtpError[] }> };

async function deliverOne(ctx: DeskContext, transport: Transport, from: string, m: Deliverable): Promise<DeliveryOutcome & { session?: boolean }> {
  const base = { id: m.id, to: m.to, message_id: m.messageId };
  try {
    const info = await transport.sendMail(envelope(ctx, from, m));
    const refused = (info.rejectedErrors ?? []).map(describe);
    await recordSent(ctx, m.id, refused.length ? `refused for some recipients: ${refused.join('; ')}` : null);
    return { ...base, result: refused.length ? 'bounced' : 'sent', error: refused.join('; ') || null, next_attempt_at: null };
  } catch (caught) {
    const err = caught as SmtpError;
    const how = classify(err);
    const error = how === 'session' ? `the SMTP session failed: ${describe(err)}${tlsHint(err)}` : describe(err);
    const after = await recordFailure(ctx, m.id, error, how);
    const result = after.status === 'failed' ? 'failed' : 'deferred';
    return { ...base, result, error: after.last_error, next_attempt_at: after.next_attempt_at, session: how === 'session' };
  }
}

/** Says what to do when the password was kept back for want of TLS. */
function tlsHint(err: SmtpError): string {
  return err.code === 'ETLS'
    ? ' (STARTTLS was refused or is not offered: credentials are sent only over TLS unless an admin sets mail.smtp_allow_plain on)' : '';
}

/**
 * A mailbox with its display name, unless the name is empty or only repeats the address
 * ("karen@example.com <karen@example.com>" is what a user created from a bare address would get).
 */
export function mailbox(name: string | null, address: string): string | { name: string; address: string } {
  const n = (name ?? '').trim().replace(/^"(.*)"$/, '$1').trim();
  return n === '' || n.toLowerCase() === address.trim().toLowerCase() ? address : { name: n, address };
}

function envelope(ctx: DeskContext, from: string, m: Deliverable) {
  const sender = parseMailbox(from);
  return {
    from: mailbox(sender.name, sender.address),
    to: mailbox(m.toName, m.to),
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
