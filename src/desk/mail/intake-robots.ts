/**
 * Mail written by machines (the mail layer classifies it: src/mail/robots.ts). It never gets an
 * auto-response, never reopens a ticket and never opens one. When it belongs to a ticket it becomes
 * an internal note there; a bounce of one of our own messages also marks that outbox message
 * `bounced`, with the reason in last_error. Anything else is ignored (exit 0: refusing it would make
 * the MTA bounce a bounce).
 */
import type { OutboxMailRow } from '../../store/mail/types.js';
import type { TicketRow, Tx } from '../../store/types.js';
import { iso } from '../context.js';
import type { InboundMail, InboundRobot } from './intake.js';

export interface RobotFiling {
  /** The ticket it was noted on, or null when it was ignored. */
  row: TicketRow | null;
  entryId: number | null;
  reason: string;
}

/** The outbox message a bounce is about: a Message-ID it quotes, or one it answers. */
async function bouncedMessage(tx: Tx, mail: InboundMail, robot: InboundRobot): Promise<OutboxMailRow | null> {
  if (!robot.bounce) return null;
  for (const id of [...robot.bounce.messageIds, ...mail.inReplyTo, ...[...mail.references].reverse()]) {
    const row = await tx.mail.outboxByMessageId(id);
    if (row) return row;
  }
  return null;
}

/** Who the note is by: the sender when they are a person we know or can record, else the ticket's user. */
async function noteAuthor(tx: Tx, mail: InboundMail, sender: string | null, row: TicketRow, now: string) {
  const agent = sender ? await tx.org.agentByEmail(sender) : null;
  if (agent) return { agentId: agent.id, userId: null };
  if (sender) {
    const user = (await tx.org.userByEmail(sender)) ?? { id: await tx.org.insertUser({ email: sender, name: mail.from.name.trim().slice(0, 200) || sender, createdAt: now }) };
    return { agentId: null, userId: user.id };
  }
  return { agentId: null, userId: row.user_id };
}

/**
 * Files robot mail. `thread` is the ticket the message answers by its headers or subject, if any;
 * `sender` is null when the From address is not one we could record (a bare "MAILER-DAEMON").
 */
export async function fileRobotMail(
  tx: Tx, at: Date, mail: InboundMail, robot: InboundRobot, thread: TicketRow | null, sender: string | null,
): Promise<RobotFiling> {
  const now = iso(at);
  const ours = await bouncedMessage(tx, mail, robot);
  let lead = '';
  if (ours && robot.bounce?.failed) {
    await tx.mail.updateOutbox(ours.id, { status: 'bounced', last_error: robot.bounce.reason, next_attempt_at: null });
    lead = `Our mail to ${ours.to_addr} ("${ours.subject}", ${ours.message_id}) bounced: ${robot.bounce.reason.replace(/^bounced: /, '')}\n\n`;
  }
  const row = (ours?.ticket ? await tx.tickets.ticketByNumber(ours.ticket) : null) ?? thread;
  const what = robot.kind === 'bounce' ? (robot.bounce?.failed ? 'a bounce' : 'a delivery notice') : `an automatic reply (${robot.why})`;
  if (!row) {
    const marked = lead ? `; outbox message ${ours!.id} marked bounced` : '';
    return { row: null, entryId: null, reason: `${what} that answers no ticket: no ticket opened${marked}` };
  }
  const title = robot.kind === 'bounce' ? (robot.bounce?.failed ? 'Bounce' : 'Delivery notice') : 'Automatic reply';
  const author = await noteAuthor(tx, mail, sender, row, now);
  const entryId = await tx.thread.insertEntry({ ticketId: row.id, kind: 'note', author, title, body: lead + mail.body, createdAt: now });
  await tx.tickets.updateTicket(row.id, { updated_at: now });
  return { row, entryId, reason: `${what}: added as a note, the ticket left as it was${lead ? '; the outbox message marked bounced' : ''}` };
}
