/**
 * The outbox as the desk sees it: listing it (`mail outbox`), and the bookkeeping of delivery
 * (`mail send`): claim one due message, then record that it was sent or why it was not.
 *
 * A claim counts the attempt and moves the next try to now + backoff *before* the message is handed
 * to the SMTP server. So a run that dies mid-send leaves the message pending, to be sent again later
 * with the same Message-ID; and two runs at once never send the same message twice.
 */
import { visibilityScope } from '../../core/access.js';
import { NotFoundError, UsageError } from '../../core/errors.js';
import { MAX_ATTEMPTS, nextAttemptAt } from '../../core/mail-retry.js';
import type { OutboxMailRow, OutboxStatus } from '../../store/mail/types.js';
import type { Tx } from '../../store/types.js';
import { loadActiveActor, requireAdmin, requireAgent } from '../actor.js';
import { iso, type DeskContext } from '../context.js';
import { loadTicket } from '../tickets/work-on.js';

/** One outbox message (CONTRACT.md, Mail), plus kind and next_attempt_at. */
export interface OutboxMessage {
  id: number;
  ticket: string | null;
  to: string;
  subject: string;
  message_id: string;
  status: OutboxStatus;
  attempts: number;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  kind: string;
  next_attempt_at: string | null;
  /** Cc addresses (collaborators on agent replies). */
  cc: string[];
}

const ccOf = (r: OutboxMailRow): string[] => ((r as { cc_addrs?: string | null }).cc_addrs ?? '').split(',').map((a) => a.trim()).filter(Boolean);

export const toOutboxMessage = (r: OutboxMailRow): OutboxMessage => ({
  id: r.id, ticket: r.ticket, to: r.to_addr, subject: r.subject, message_id: r.message_id, status: r.status,
  attempts: r.attempts, last_error: r.last_error, created_at: r.created_at, sent_at: r.sent_at, kind: r.kind,
  next_attempt_at: r.status === 'pending' ? r.next_attempt_at : null,
  cc: ccOf(r),
});

export interface OutboxQuery {
  status?: OutboxStatus;
  ticket?: string;
  limit?: number | null;
}

/**
 * The queue, oldest first. Admins see everything; other agents see the mail of tickets they may see.
 */
export async function listOutbox(ctx: DeskContext, who: string, q: OutboxQuery): Promise<OutboxMessage[]> {
  return ctx.store.read(async (tx) => {
    const actor = await loadActiveActor(tx, who);
    requireAgent(actor, 'read the mail queue');
    const ticketId = q.ticket === undefined ? undefined : (await loadTicket(tx, q.ticket)).id;
    const scope = actor.isAdmin ? undefined : visibilityScope(actor);
    const rows = await tx.mail.outboxList({ status: q.status, ticketId, scope, limit: q.limit ?? null });
    return rows.map(toOutboxMessage);
  });
}

/** One queued message in full, for `mail show`. */
export async function showOutbox(ctx: DeskContext, who: string, id: number): Promise<OutboxMessage & { body: string; in_reply_to: string | null; references: string | null }> {
  const all = await listOutbox(ctx, who, {});
  const found = all.find((m) => m.id === id);
  if (!found) throw new NotFoundError(`no outbox message ${id}`, 'list them with: helpdesk mail outbox');
  return ctx.store.read(async (tx) => {
    const row = (await tx.mail.outboxById(id))!;
    return { ...found, body: row.body, in_reply_to: row.in_reply_to, references: row.references_hdr };
  });
}

/** What `mail send` needs to deliver: the settings, checked. */
export async function mailTransportSettings(ctx: DeskContext): Promise<{ from: string; smtp: string; allowPlain: boolean }> {
  return ctx.store.read(async (tx) => {
    const from = await tx.settings.getSetting('mail.from');
    const smtp = await tx.settings.getSetting('mail.smtp');
    const allowPlain = (await tx.settings.getSetting('mail.smtp_allow_plain')) === 'on';
    if (!smtp) throw new UsageError('mail.smtp is not set: there is no server to send through', 'an admin sets it: helpdesk config set mail.smtp smtp://user:pass@host:587');
    if (!from) throw new UsageError('mail.from is not set', 'an admin sets it: helpdesk config set mail.from "Help Desk <help@example.com>"');
    return { from, smtp, allowPlain };
  });
}

/** A claimed message, ready for the SMTP server. */
export interface Deliverable {
  id: number;
  kind: string;
  to: string;
  toName: string | null;
  subject: string;
  body: string;
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  attempts: number;
  /** Cc addresses, and the files of the thread entry the message carries. */
  cc: string[];
  attachments: Array<{ filename: string; contentType: string; content: Buffer }>;
}

/** Claims the next due message (optionally of one ticket): counts the attempt and sets the next try. */
export async function claimNextDue(ctx: DeskContext, ticket?: string): Promise<Deliverable | null> {
  return ctx.store.write(async (tx) => {
    const ticketId = ticket === undefined ? null : (await loadTicket(tx, ticket)).id;
    const [row] = await tx.mail.dueOutbox(iso(ctx.now), ticketId, 1);
    if (!row) return null;
    const attempts = row.attempts + 1;
    await tx.mail.updateOutbox(row.id, { attempts, next_attempt_at: nextAttemptAt(ctx.now, attempts) });
    const name = (await tx.org.userByEmail(row.to_addr))?.name ?? (await tx.org.agentByEmail(row.to_addr))?.name ?? null;
    return {
      id: row.id, kind: row.kind, to: row.to_addr, toName: name, subject: row.subject, body: row.body,
      messageId: row.message_id, inReplyTo: row.in_reply_to, references: row.references_hdr?.split(/\s+/).filter(Boolean) ?? [], attempts,
      cc: ccOf(row), attachments: await entryFiles(tx, row),
    };
  });
}

/** The attachments of the entry a message carries (never those of notes: only replies carry entries). */
async function entryFiles(tx: Tx, row: OutboxMailRow): Promise<Deliverable['attachments']> {
  const entryId = (row as { entry_id?: number | null }).entry_id ?? null;
  if (entryId === null || row.ticket_id === null) return [];
  const files: Deliverable['attachments'] = [];
  for (const a of await tx.mail.attachmentsOf(row.ticket_id)) {
    if (a.entry_id !== entryId || a.entry_kind === 'note') continue;
    files.push({ filename: a.filename, contentType: a.content_type, content: (await tx.mail.attachmentContent(a.id))! });
  }
  return files;
}

/** The server took the message. */
export async function recordSent(ctx: DeskContext, id: number, note: string | null = null): Promise<void> {
  await ctx.store.write((tx) => tx.mail.updateOutbox(id, { status: 'sent', sent_at: iso(ctx.now), last_error: note?.slice(0, 1000) ?? null, next_attempt_at: null }));
}

/**
 * The message did not go: it stays pending for the next try (already scheduled by the claim), or is
 * marked failed when the server refused it for good or it ran out of attempts.
 */
export async function recordFailure(ctx: DeskContext, id: number, error: string, how: 'permanent' | 'temporary' | 'session'): Promise<OutboxMessage> {
  return ctx.store.write(async (tx) => {
    const row = (await tx.mail.outboxById(id))!;
    // A session failure (password refused, TLS missing, server down) is not the message's fault: it never fails it.
    const failed = how === 'permanent' || (how === 'temporary' && row.attempts >= MAX_ATTEMPTS);
    await tx.mail.updateOutbox(id, { last_error: error.slice(0, 1000), ...(failed ? { status: 'failed', next_attempt_at: null } : {}) });
    return toOutboxMessage((await tx.mail.outboxById(id))!);
  });
}

/**
 * The whole SMTP session failed: every other due message (of the ticket, when given) stays pending and
 * shows the error, without an attempt counted, since none was made for it.
 */
export async function recordSessionFailure(ctx: DeskContext, error: string, ticket?: string): Promise<void> {
  await ctx.store.write(async (tx) => {
    const ticketId = ticket === undefined ? null : (await loadTicket(tx, ticket)).id;
    for (const row of await tx.mail.dueOutbox(iso(ctx.now), ticketId, 10_000)) {
      await tx.mail.updateOutbox(row.id, { last_error: error.slice(0, 1000) });
    }
  });
}

/** Puts failed messages (or the given ones) back in the queue, due now. Admins. */
export async function retryOutbox(ctx: DeskContext, who: string, ids: number[] | 'failed'): Promise<number> {
  return ctx.store.write(async (tx) => {
    requireAdmin(await loadActiveActor(tx, who), 'put mail back in the queue');
    const rows = ids === 'failed' ? await tx.mail.outboxList({ status: 'failed' }) : await Promise.all(ids.map(async (id) => {
      const row = await tx.mail.outboxById(id);
      if (!row) throw new NotFoundError(`no outbox message ${id}`, 'list them with: helpdesk mail outbox');
      return row;
    }));
    let n = 0;
    for (const row of rows) {
      if (row.status === 'sent') continue;
      // A fresh series of attempts: the count starts over so backoff starts short again.
      await tx.mail.updateOutbox(row.id, { status: 'pending', attempts: 0, next_attempt_at: iso(ctx.now) });
      n++;
    }
    return n;
  });
}
