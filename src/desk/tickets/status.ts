/**
 * Changing the status of one ticket or several (`ticket status`), and the one status path that
 * `ticket reply --status`, `ticket create --resolve`, mail intake and the portal use too: a status
 * someone asks for goes through changeStatus (one rule for access, transitions, clock and mail);
 * one a post implies goes straight to applyStatus.
 * Each runs in one write transaction through workOn().
 */
import { statusChangeAction } from '../../core/access.js';
import { HelpdeskError, named, Phrase, says, UsageError } from '../../core/errors.js';
import { parseBody, parseTicketNumber, statusTimestamps } from '../../core/lifecycle.js';
import { builtinTarget, clockAfterCustomPause, displayOf, planTargetChange, type StatusTarget } from '../../core/custom-status.js';
import { STATUS_INFO, type Status } from '../../core/model.js';
import { clockAfterStatusChange } from '../../core/sla.js';
import type { TicketPatch } from '../../store/types.js';
import type { DeskContext } from '../context.js';
import { loadPlan } from '../lookup.js';
import { queueUserMail } from '../mail/queue.js';
import { loadActiveActor } from '../actor.js';
import { currentTarget, resolveStatus } from '../statuses.js';
import { logTime } from './work-extras.js';
import { workOn, workOnIn, type ActionResult, type TicketWork } from './work-on.js';

/** What `ticket status` may carry besides the note. */
export interface StatusExtras {
  /** Minutes of work to log with the change. */
  time?: number;
  /** Resolving (or closing) a parent changes its open children the same way, in the same transaction. */
  children?: boolean;
}

/**
 * Changes the status (optionally with an internal note in the same transaction). `status` is a
 * built-in or custom status name as typed; unknown names are usage errors.
 */
export function setStatus(
  ctx: DeskContext, actor: string, number: string, status: string, note?: string, extra: StatusExtras = {},
): Promise<ActionResult> {
  const text = note === undefined ? undefined : parseBody(note, named('note'));
  return workOn(ctx, actor, number, null, async (w) => {
    const target = await resolveStatus(w.tx, status);
    await changeStatus(w, target, { note: text });
    await logTime(w, extra.time, null);
    if (extra.children) await changeChildren(w, target);
  });
}

/** The open children of the ticket move to the same (closed-state) status, each checked on its own. */
async function changeChildren(w: TicketWork, target: StatusTarget): Promise<void> {
  if (STATUS_INFO[target.base].state !== 'closed') throw new UsageError(says`${named('children')} goes with a closed-state status such as resolved or closed`);
  for (const child of await w.tx.together.childrenOf(w.row.id)) {
    if (STATUS_INFO[child.status as Status].state !== 'open') continue;
    await workOnIn(w.tx, w.actor, child.number, null, w.at, (c) => changeStatus(c, target));
  }
}

/**
 * Changes the status of several tickets in ONE transaction: every one of them changes, or
 * — at the first that may not (not found, access denied, a transition not allowed) — none does.
 * A number given twice counts once; results come in the order given.
 */
export async function setStatusMany(ctx: DeskContext, who: string, numbers: readonly string[], status: string, note?: string): Promise<ActionResult[]> {
  const text = note === undefined ? undefined : parseBody(note, named('note'));
  const unique = [...new Set(numbers.map(parseTicketNumber))];
  if (unique.length === 0) throw new UsageError('no ticket numbers given');
  return ctx.store.write(async (tx) => {
    const actor = await loadActiveActor(tx, who);
    const target = await resolveStatus(tx, status);
    const results: ActionResult[] = [];
    for (const number of unique) {
      try {
        results.push(await workOnIn(tx, actor, number, null, ctx.now, (w) => changeStatus(w, target, { note: text })));
      } catch (err) {
        // All or none: say which ticket stopped the change (the message itself stays as bare as for one).
        if (!(err instanceof HelpdeskError) || unique.length === 1) throw err;
        const which = `refused for #${number}; none of the ${unique.length} tickets was changed`;
        throw new HelpdeskError(err.phrased.message, err.code, err.phrased.hint ? new Phrase([...err.phrased.hint.parts, `; ${which}`]) : which);
      }
    }
    return results;
  });
}

/** How a caller wants an asked-for status change made. */
export interface StatusChangeOptions {
  /** An internal note written with the change (checked as a note). */
  note?: string;
  /**
   * False when the caller's own mail to the end user already carries the change (a reply that
   * resolves the ticket sends the reply, not a second "resolved" notice).
   */
  mailResolved?: boolean;
}

/**
 * A status change someone asked for (`ticket status`, `reply --status`, `create --resolve`, the
 * menu, the portal): the transition and the actor's right to make it are checked here, once, then
 * applied with its clock, event and the end user's "resolved" mail.
 */
export async function changeStatus(w: TicketWork, target: StatusTarget, options: StatusChangeOptions = {}): Promise<void> {
  const change = planTargetChange(await currentTarget(w.tx, w.row), target);
  w.require(statusChangeAction(w.actor, target.base, change));
  if (options.note !== undefined) {
    w.require('note');
    await w.entry('note', options.note);
  }
  const before = w.row.status;
  await applyStatus(w, target);
  if (target.base === 'resolved' && before !== 'resolved' && options.mailResolved !== false) {
    await queueUserMail(w.tx, 'resolved', w.row, { agent: w.actor.kind === 'agent' ? w.actor : null }, w.now);
  }
}

/**
 * Applies a status change with its timestamps, clock effects and event; a no-op only warns. Checks
 * no access: an asked-for change has been checked by changeStatus, and one a post implies (an end
 * user's answer reopens the ticket) follows from a post the actor was allowed to make.
 * A custom status is applied over its built-in base; the event names the custom key.
 */
export async function applyStatus(w: TicketWork, status: Status | StatusTarget): Promise<void> {
  const to = typeof status === 'string' ? builtinTarget(status) : status;
  const from = await currentTarget(w.tx, w.row);
  const change = planTargetChange(from, to);
  if (change.kind === 'noop') return w.warn(`#${w.row.number} is already ${displayOf(to)}`);
  const plan = await loadPlan(w.tx, w.row.sla_id);
  const clockNow = {
    createdAt: w.row.created_at, clockStartAt: w.row.clock_start_at, pausedMinutes: w.row.paused_minutes, pausedAt: w.row.paused_at,
    firstResponseAt: w.row.first_response_at,
  };
  const baseChange = { from: from.base, to: to.base, reopen: change.reopen };
  const afterBase = change.baseChanged ? clockAfterStatusChange(plan, clockNow, baseChange, w.at) : {};
  const clock = clockAfterCustomPause(plan, clockNow, afterBase, { from, to }, w.at);
  const patch: TicketPatch = { status: to.base, ...(change.baseChanged ? statusTimestamps(baseChange, w.now) : {}) };
  if (from.custom || to.custom) patch.custom_status = to.custom ? to.key : null;
  if (clock.clockStartAt !== undefined) patch.clock_start_at = clock.clockStartAt;
  if (clock.pausedMinutes !== undefined) patch.paused_minutes = clock.pausedMinutes;
  if (clock.pausedAt !== undefined) patch.paused_at = clock.pausedAt;
  if (clock.dueAt !== undefined) patch.due_at = clock.dueAt;
  if (clock.firstResponseDueAt !== undefined) patch.first_response_due_at = clock.firstResponseDueAt;
  if (change.reopen) patch.reopened_count = w.row.reopened_count + 1;
  await w.patch(patch);
  await w.event(change.reopen ? 'reopened' : 'status', { from: from.key, to: to.key });
}
