/**
 * Declared use cases that deliver mail: `mail send` and `ticket reply --send` from a
 * remote command line. They live beside the SMTP delivery rather than in src/desk/api/ because the
 * desk does not import the mail layer (DESIGN.md: mail → desk); the server serves them with the
 * desk's declarations (src/server/served.ts). nodemailer is still loaded only when a run sends.
 */
import { HelpdeskError } from '../core/errors.js';
import { loadActiveActor, requireAdmin } from '../desk/actor.js';
import { NUMBER, obj, type UseCase } from '../desk/api/declare.js';
import { ticketReply } from '../desk/api/ticket-actions.js';
import type { DeskContext } from '../desk/context.js';
import type { ActionResult } from '../desk/tickets/work-on.js';
import type { DeliveryReport } from './deliver.js';

/**
 * `mail send` on a server: for an admin's token only. On a local file it needs no identity (cron
 * runs it as the machine, like `sla check`); on a server the token is the only trust.
 */
export const mailSend: UseCase<{ ticket?: string; limit?: number }, DeliveryReport> = {
  name: 'mail.send', summary: 'deliver due outbox mail through mail.smtp, retrying failures with backoff (admins)', permission: 'admin',
  input: obj({ ticket: NUMBER, limit: { type: 'integer', minimum: 0, description: 'at most this many messages (0: no limit)' } }),
  http: { method: 'POST', path: '/api/v1/mail/send' }, output: 'MailSend',
  run: async (ctx, actor, i) => {
    await ctx.store.read(async (tx) => requireAdmin(await loadActiveActor(tx, actor), 'send the queued mail'));
    const { deliverDue } = await import('./deliver.js');
    return deliverDue(ctx, { ticket: i.ticket, limit: i.limit ? i.limit : undefined });
  },
};

/** What delivering a ticket's mail at once came to: the run's report, or why it could not run (no mail.smtp …). */
export interface SentNow { report: DeliveryReport | null; error: { message: string; hint: string | null } | null }

/** Delivers the ticket's due mail now; a desk error (no mail.smtp, a bad setting) is reported, not thrown: the reply is saved. */
export async function deliverTicketNow(ctx: DeskContext, number: string): Promise<SentNow> {
  try {
    const { deliverDue } = await import('./deliver.js');
    return { report: await deliverDue(ctx, { ticket: number }), error: null };
  } catch (err) {
    if (!(err instanceof HelpdeskError)) throw err;
    return { report: null, error: { message: err.message, hint: err.hint ?? null } };
  }
}

type ReplyInput = Parameters<typeof ticketReply.run>[2];

/** `ticket reply --send` on a server: the reply, then its ticket's mail delivered by the server at once. */
export const ticketReplySend: UseCase<ReplyInput, { result: ActionResult; sent: SentNow }> = {
  name: 'ticket.reply.send', summary: 'reply on the thread and deliver the ticket\'s queued mail at once', permission: ticketReply.permission,
  input: ticketReply.input,
  run: async (ctx, actor, i) => {
    const result = await ticketReply.run(ctx, actor, i);
    return { result, sent: await deliverTicketNow(ctx, result.ticket.number) };
  },
};

export const MAIL_USE_CASES: readonly UseCase<any, any>[] = [mailSend, ticketReplySend];
