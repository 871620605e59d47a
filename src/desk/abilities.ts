/**
 * What an identity may do to a ticket, read without changing anything: for menus that offer only
 * what is allowed, and for lab checks judged from the database.
 */
import { actionsOn, type Action } from '../core/access.js';
import { loadActor } from './actor.js';
import type { DeskContext } from './context.js';
import { loadTicket } from './work.js';

/** The actions `who` may take on ticket `number` (empty when they may not even see it). */
export async function abilitiesOn(ctx: DeskContext, who: string, number: string): Promise<Set<Action>> {
  return ctx.store.read(async (tx) => {
    const actor = await loadActor(tx, who);
    const row = await loadTicket(tx, number);
    return actionsOn(actor, { deptId: row.dept_id, assigneeId: row.assignee_id, teamId: row.team_id, userId: row.user_id });
  });
}
