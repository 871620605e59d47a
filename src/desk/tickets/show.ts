/**
 * Showing one ticket (`ticket show`): its object with thread, events and SLA clock.
 */
import { requireAction } from '../../core/access.js';
import { loadActiveActor } from '../actor.js';
import type { DeskContext } from '../context.js';
import { toTicketObject, type TicketObject } from './view.js';
import { loadTicket } from './work-on.js';
import type { ClockExplanation } from '../../core/sla-clock.js';
import { ticketClock } from '../sla/clock.js';

/**
 * One ticket with its thread and history, as the actor may see it, and — for agents — its SLA clock
 * explained (the clock's workings are the desk's business, not the end user's).
 */
export async function showTicket(ctx: DeskContext, who: string, number: string): Promise<TicketObject & { clock?: ClockExplanation }> {
  return ctx.store.read(async (tx) => {
    const actor = await loadActiveActor(tx, who);
    const row = await loadTicket(tx, number);
    const ccUserIds = actor.kind === 'user' ? await tx.together.collaboratorsOf(row.id) : [];
    requireAction(actor, 'view', { deptId: row.dept_id, assigneeId: row.assignee_id, teamId: row.team_id, userId: row.user_id, ccUserIds });
    const ticket = await toTicketObject(tx, row, actor, ctx.now);
    return actor.kind === 'user' ? ticket : { ...ticket, clock: await ticketClock(tx, row, ctx.now) };
  });
}
