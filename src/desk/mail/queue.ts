/**
 * Queuing outbound mail, all of it: messages are written to the outbox in the same transaction as the
 * change that causes them, so a change is never committed without its message nor a message without
 * its change; `mail send` delivers them later. Nothing is ever sent from inside a ticket command.
 * Mail to end users (an agent's reply, the new-ticket auto-response, the resolution notice, the
 * reminder) is queued only when mail is configured (`mail.from` is set): a desk without mail works
 * exactly as before. Their words come from compose.ts.
 */
import { expandTemplate, ticketMailSubject } from '../../core/template.js';
import type { TicketRow, Tx } from '../../store/types.js';
import { ratingLink } from '../portal-tokens.js';
import { templateText, templateValues, type TemplateAgent } from './compose.js';

export type UserMailKind = 'reply' | 'autoresponse' | 'resolved' | 'reminder';

export interface OutgoingMessage {
  ticketId: number | null;
  /** reply, autoresponse, resolved, sla-alert … */
  kind: string;
  to: string;
  subject: string;
  body: string;
  inReplyTo?: string | null;
  /** Earlier Message-IDs of the conversation, oldest first (the References header). */
  references?: readonly string[];
  /** Cc addresses (the ticket's collaborators on agent replies). */
  cc?: readonly string[];
  /** The thread entry the message carries; its attachments are mailed with it. */
  entryId?: number | null;
}

/** A unique Message-ID in our domain, e.g. <helpdesk.100001.3f2a…@helpdesk.local>. */
export function newMessageId(ticketNumber: string | null, domain: string): string {
  // The global Web Crypto: node:crypto loads on first use, not on every command's start.
  return `<helpdesk.${ticketNumber ?? 'desk'}.${globalThis.crypto.randomUUID()}@${domain}>`;
}

/** Queues one message inside the caller's transaction; returns its Message-ID. */
export async function queueMail(tx: Tx, m: OutgoingMessage, at: string, ticketNumber: string | null = null): Promise<string> {
  const from = (await tx.settings.getSetting('mail.from')) ?? '';
  const domain = /@([^>\s]+)/.exec(from)?.[1] ?? 'helpdesk.local';
  const messageId = newMessageId(ticketNumber, domain);
  const id = await tx.mail.insertOutbox({
    ticketId: m.ticketId, kind: m.kind, to: m.to, subject: m.subject, body: m.body, messageId,
    inReplyTo: m.inReplyTo ?? null, createdAt: at,
  });
  if (m.references?.length) await tx.mail.setOutboxReferences(id, m.references.join(' '));
  if (m.cc?.length || m.entryId) await tx.mail.setOutboxExtras(id, m.cc?.length ? m.cc.join(', ') : null, m.entryId ?? null);
  return messageId;
}

/**
 * Queues one message for the ticket's end user, threaded after the conversation so far. Returns its
 * Message-ID, or null when mail is not configured (or, for the auto-response, switched off).
 */
export async function queueUserMail(
  tx: Tx, kind: UserMailKind, row: TicketRow, opts: { agent?: TemplateAgent | null; message?: string; entryId?: number }, at: string,
): Promise<string | null> {
  if (!(await tx.settings.getSetting('mail.from'))) return null;
  if (kind === 'autoresponse' && (await tx.settings.getSetting('mail.autoresponse')) !== 'on') return null;
  const values = await templateValues(tx, row, opts.agent ?? null);
  if (kind === 'reply') values.message = opts.message ?? '';
  let body = expandTemplate(await templateText(tx, kind), values);
  // The mail that tells of a resolution carries a link to rate it (once per resolution).
  if ((kind === 'resolved' || kind === 'reply') && row.status === 'resolved') {
    const link = await ratingLink(tx, row, at);
    if (link) body += `\nHow did we do? Rate this ticket from 1 to 5: ${link}\n`;
  }
  const earlier = (await tx.mail.threadMessageIds(row.id)).map((m) => m.message_id);
  // References: the first message and the latest ones, so long threads keep a short header.
  const references = earlier.length > 10 ? [earlier[0]!, ...earlier.slice(-9)] : earlier;
  // An agent's reply goes to the collaborators in Cc, with the reply's attachments.
  const cc = kind === 'reply' ? (await tx.together.collaborators(row.id)).map((c) => c.email) : [];
  return queueMail(tx, {
    ticketId: row.id, kind, to: row.user_email, subject: ticketMailSubject(row.subject, row.number), body,
    inReplyTo: earlier.at(-1) ?? null, references, cc, entryId: opts.entryId ?? null,
  }, at, row.number);
}
