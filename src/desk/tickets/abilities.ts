/**
 * What an identity may do to a ticket, read without changing anything: for menus that offer only
 * what is allowed, and for lab checks judged from the database.
 */
import { actionsOn, statusChangeAction, type Action } from '../../core/access.js';
import { builtinTarget, customTarget, displayOf, planTargetChange, type StatusTarget } from '../../core/custom-status.js';
import { STATUSES } from '../../core/model.js';
import { loadActor } from '../actor.js';
import type { DeskContext } from '../context.js';
import { currentTarget } from '../statuses.js';
import { loadTicket } from './work-on.js';

/** The actions `who` may take on ticket `number` (empty when they may not even see it). */
export async function abilitiesOn(ctx: DeskContext, who: string, number: string): Promise<Set<Action>> {
  return ctx.store.read(async (tx) => {
    const actor = await loadActor(tx, who);
    const row = await loadTicket(tx, number);
    return actionsOn(actor, { deptId: row.dept_id, assigneeId: row.assignee_id, teamId: row.team_id, userId: row.user_id });
  });
}

/** A status a menu offers: its key (what `ticket status` takes) and its name for people. */
export interface StatusChoice { value: string; name: string }

/**
 * The statuses `who` may move ticket `number` to, built-in ones in the desk's order and then the
 * custom ones, for a menu that offers only what will be accepted (an end user is offered
 * only a reopen of a resolved or closed ticket).
 */
export async function statusChoices(ctx: DeskContext, who: string, number: string): Promise<StatusChoice[]> {
  return ctx.store.read(async (tx) => {
    const actor = await loadActor(tx, who);
    const row = await loadTicket(tx, number);
    const allowed = actionsOn(actor, { deptId: row.dept_id, assigneeId: row.assignee_id, teamId: row.team_id, userId: row.user_id });
    const from = await currentTarget(tx, row);
    const targets: StatusTarget[] = STATUSES.map(builtinTarget);
    for (const r of await tx.statuses.list()) targets.push(customTarget({ key: r.key, name: r.name, state: r.state, pause: r.pause === 1 }));
    const out: StatusChoice[] = [];
    for (const to of targets) {
      let change: ReturnType<typeof planTargetChange>;
      try {
        change = planTargetChange(from, to);
      } catch {
        continue; // not a transition the lifecycle allows (closed → resolved)
      }
      if (change.kind === 'noop') continue;
      if (allowed.has(statusChangeAction(actor, to.base, change))) out.push({ value: to.key, name: displayOf(to) });
    }
    return out;
  });
}
