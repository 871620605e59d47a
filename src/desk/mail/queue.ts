/**
 * Queuing outbound mail. Messages are written to the outbox in the same transaction as the change that
 * causes them, so a change is never committed without its message nor a message without its change;
 * `mail send` delivers them later. Nothing is ever sent from inside a ticket command.
 */
import type { Tx } from '../../store/types.js';

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
