/**
 * What an identity may do to a ticket, read without changing anything: for menus that offer only
 * what is allowed, and for lab checks judged from the database.
 */
import { actionsOn, statusChangeAction, type Action } from '../core/access.js';
import { planStatusChange } from '../core/lifecycle.js';
import { STATUSES, type Status } from '../core/model.js';
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

/**
 * The statuses `who` may move ticket `number` to, in the desk's order: for a menu that offers only
 * what will be accepted (an end user is offered only a reopen of a resolved or closed ticket).
 */
export async function statusChoices(ctx: DeskContext, who: string, number: string): Promise<Status[]> {
  return ctx.store.read(async (tx) => {
    const actor = await loadActor(tx, who);
    const row = await loadTicket(tx, number);
    const allowed = actionsOn(actor, { deptId: row.dept_id, assigneeId: row.assignee_id, teamId: row.team_id, userId: row.user_id });
    return STATUSES.filter((to) => {
      if (to === row.status) return false;
      let change: ReturnType<typeof planStatusChange>;
      try {
        change = planStatusChange(row.status, to);
      } catch {
        return false; // not a transition the lifecycle allows (closed → resolved)
      }
      return allowed.has(statusChangeAction(actor, to, change));
    });
  });
}
