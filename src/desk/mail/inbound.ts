/**
 * Reading what came in by mail: the ingested messages of a ticket, a message's original source (the
 * thread keeps only the new text), and attachment contents. Only for those who may see the ticket;
 * what came in as an internal note stays hidden from end users.
 */
import { requireAction } from '../../core/access.js';
import { AccessDeniedError, named, NotFoundError, says, UsageError } from '../../core/errors.js';
import type { Actor } from '../../core/model.js';
import type { InboundRow } from '../../store/mail/types.js';
import type { TicketRow, Tx } from '../../store/types.js';
import { loadActiveActor, requireAgent } from '../actor.js';
import type { DeskContext } from '../context.js';
import { loadTicket } from '../tickets/work-on.js';

export interface InboundMessage {
  id: number;
  ticket: string | null;
  message_id: string;
  from: string;
  subject: string;
  outcome: InboundRow['outcome'];
  received_at: string;
}

const toInbound = (r: InboundRow): InboundMessage => ({
  id: r.id, ticket: r.ticket, message_id: r.message_id, from: r.from_addr, subject: r.subject, outcome: r.outcome, received_at: r.received_at,
});

async function requireView(tx: Tx, actor: Actor, row: TicketRow): Promise<void> {
  const cc = actor.kind === 'user' ? await tx.together.collaboratorsOf(row.id) : [];
  requireAction(actor, 'view', { deptId: row.dept_id, assigneeId: row.assignee_id, teamId: row.team_id, userId: row.user_id, ccUserIds: cc });
}

/** Ingested messages, oldest first: of one ticket (anyone who may see it), or all (admins). */
export async function listInbound(ctx: DeskContext, who: string, ticket?: string, limit: number | null = null): Promise<InboundMessage[]> {
  return ctx.store.read(async (tx) => {
    const actor = await loadActiveActor(tx, who);
    if (ticket === undefined) {
      if (actor.kind !== 'agent' || !actor.isAdmin) throw new UsageError(says`pass ${named('ticket')} <n>`, 'only admins list every ingested message');
      return (await tx.mail.inboundList({ limit })).map(toInbound);
    }
    const row = await loadTicket(tx, ticket);
    await requireView(tx, actor, row);
    const rows = (await tx.mail.inboundList({ ticketId: row.id, limit })).filter((r) => actor.kind === 'agent' || r.outcome !== 'note');
    return rows.map(toInbound);
  });
}

/** The message exactly as it was received. */
export async function inboundOriginal(ctx: DeskContext, who: string, id: number): Promise<Buffer> {
  return ctx.store.read(async (tx) => {
    const actor = await loadActiveActor(tx, who);
    requireAgent(actor, 'read original messages');
    const all = await tx.mail.inboundList({});
    const row = all.find((r) => r.id === id);
    if (!row) throw new NotFoundError(`no ingested message ${id}`, 'list a ticket\'s with: helpdesk mail inbound --ticket <n>');
    if (row.ticket) await requireView(tx, actor, (await tx.tickets.ticketByNumber(row.ticket))!);
    return (await tx.mail.inboundRaw(id))!;
  });
}

/** One attachment of a ticket, by id or file name. */
export async function attachmentContent(
  ctx: DeskContext, who: string, ticket: string, which: string,
): Promise<{ name: string; type: string; content: Buffer }> {
  return ctx.store.read(async (tx) => {
    const actor = await loadActiveActor(tx, who);
    const row = await loadTicket(tx, ticket);
    await requireView(tx, actor, row);
    const visible = (await tx.mail.attachmentsOf(row.id)).filter((a) => actor.kind === 'agent' || a.entry_kind !== 'note');
    const byId = /^\d+$/.test(which.trim()) ? visible.find((a) => a.id === Number(which)) : undefined;
    const found = byId ?? visible.filter((a) => a.filename.toLowerCase() === which.trim().toLowerCase()).at(-1);
    if (!found) {
      const names = visible.map((a) => `${a.id} ${a.filename}`);
      throw new NotFoundError(`ticket #${row.number} has no attachment '${which}'`, names.length ? `attachments: ${names.join(', ')}` : 'it has no attachments');
    }
    if (actor.kind === 'user' && found.entry_kind === 'note') throw new AccessDeniedError();
    return { name: found.filename, type: found.content_type, content: (await tx.mail.attachmentContent(found.id))! };
  });
}
