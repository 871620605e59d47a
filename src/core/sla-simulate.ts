/**
 * SLA what-if: replays a ticket's recorded history — creation, every status change and
 * reopen, the first agent reply, the resolution — under another plan, through the very clock
 * functions the live desk uses (dueFor, clockAfterStatusChange), so replaying a ticket under the plan
 * it had all along gives back the due times it has. Pure: the desk passes the history.
 */
import { clockAfterStatusChange, dueFor, isOverdue, type ClockState, type SlaPlan } from './sla.js';
import { builtinTarget, clockAfterCustomPause, customTarget, type CustomStatus, type StatusTarget } from './custom-status.js';
import { STATUSES, type Status } from './model.js';
import { pct } from './report.js';

/** What the replay reads of a ticket. */
export interface TicketHistory {
  created_at: string;
  state: 'open' | 'closed';
  first_response_at: string | null;
  resolved_at: string | null;
  /** `status` and `reopened` events, oldest first (statuses by key, custom ones included). */
  changes: ReadonlyArray<{ at: string; from: string; to: string; reopen: boolean }>;
  /** The desk's custom statuses by key: how a change into or out of one moves the clock. */
  custom?: ReadonlyMap<string, CustomStatus>;
}

/** A status key of the history as the live desk applies it; a custom status since removed counts as in-progress. */
function targetOf(key: string, custom: ReadonlyMap<string, CustomStatus> | undefined): StatusTarget {
  if ((STATUSES as readonly string[]).includes(key)) return builtinTarget(key as Status);
  const c = custom?.get(key);
  return c ? customTarget(c) : builtinTarget('in-progress');
}

/** A ticket's targets and how it did against them. */
export interface Outcome {
  due_at: string | null;
  first_response_due_at: string | null;
  /** Resolved by the due time; null while not resolved (or no target). */
  met: boolean | null;
  first_response_met: boolean | null;
  /** A target was missed: resolved or answered late, or still open (unanswered) past due now. */
  breached: boolean;
}

/** The clock a ticket would have had under `plan`, replayed from its history. */
export function replayClock(plan: SlaPlan | null, h: TicketHistory): { dueAt: string | null; firstResponseDueAt: string | null; pausedAt: string | null } {
  let clock: ClockState = { createdAt: h.created_at, clockStartAt: h.created_at, pausedMinutes: 0, pausedAt: null, firstResponseAt: null };
  let due = dueFor(plan, clock);
  for (const c of h.changes) {
    const answered = h.first_response_at !== null && h.first_response_at <= c.at ? h.first_response_at : null;
    // As applyStatus (desk/tickets/status.ts) does: the built-in rules between bases, then custom pauses.
    const [from, to] = [targetOf(c.from, h.custom), targetOf(c.to, h.custom)];
    const at = new Date(c.at);
    const now = { ...clock, firstResponseAt: answered };
    const afterBase = from.base !== to.base ? clockAfterStatusChange(plan, now, { from: from.base, to: to.base, reopen: c.reopen }, at) : {};
    const upd = clockAfterCustomPause(plan, now, afterBase, { from, to }, at);
    clock = {
      ...clock,
      clockStartAt: upd.clockStartAt ?? clock.clockStartAt,
      pausedMinutes: upd.pausedMinutes ?? clock.pausedMinutes,
      pausedAt: upd.pausedAt !== undefined ? upd.pausedAt : clock.pausedAt,
    };
    due = {
      dueAt: upd.dueAt !== undefined ? upd.dueAt : due.dueAt,
      firstResponseDueAt: upd.firstResponseDueAt !== undefined ? upd.firstResponseDueAt : due.firstResponseDueAt,
    };
  }
  return { ...due, pausedAt: clock.pausedAt };
}

/** How a ticket did against given due times (its real ones, or replayed ones). */
export function outcomeOf(
  h: Pick<TicketHistory, 'state' | 'first_response_at' | 'resolved_at'>,
  due: { dueAt: string | null; firstResponseDueAt: string | null; pausedAt: string | null },
  now: Date,
): Outcome {
  const met = h.resolved_at !== null && due.dueAt !== null ? h.resolved_at <= due.dueAt : null;
  const frMet = h.first_response_at !== null && due.firstResponseDueAt !== null ? h.first_response_at <= due.firstResponseDueAt : null;
  const openLate = isOverdue(h.state, due.dueAt, now, due.pausedAt);
  const unansweredLate = h.first_response_at === null && isOverdue(h.state, due.firstResponseDueAt, now);
  return {
    due_at: due.dueAt, first_response_due_at: due.firstResponseDueAt, met, first_response_met: frMet,
    breached: met === false || frMet === false || openLate || unansweredLate,
  };
}

/** The figures of one side of a simulation. */
export interface SimulationFigures {
  tickets: number;
  breaches: number;
  sla_compliance_pct: number | null;
  first_response_compliance_pct: number | null;
}

/** Breaches and compliance over outcomes, measured as `report` measures them. */
export function figuresOf(outcomes: readonly Outcome[]): SimulationFigures {
  const measured = outcomes.filter((o) => o.met !== null);
  const frMeasured = outcomes.filter((o) => o.first_response_met !== null);
  return {
    tickets: outcomes.length,
    breaches: outcomes.filter((o) => o.breached).length,
    sla_compliance_pct: pct(measured.filter((o) => o.met).length, measured.length),
    first_response_compliance_pct: pct(frMeasured.filter((o) => o.first_response_met).length, frMeasured.length),
  };
}
