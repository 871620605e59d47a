/**
 * SLA clocks: when a ticket is due. The business-time arithmetic lives in schedule.ts; this is the seam
 * the desk calls, so plans on a schedule and 24/7 plans are computed the same way.
 */
import { addBusinessMinutes, businessMinutesBetween, type Schedule } from './schedule.js';

export interface SlaPlan {
  id: number;
  name: string;
  /** Resolution target in minutes of the plan's schedule. */
  minutes: number;
  firstResponseMinutes: number | null;
  pauseAwaiting: boolean;
  /** null = 24/7 */
  schedule: Schedule | null;
}

export interface DueTimes {
  dueAt: Date;
  firstResponseDueAt: Date | null;
}

/**
 * Due times of a ticket under a plan. The resolution clock runs from `clockStart` (creation, or the
 * last reopen); the first-response clock from creation. Paused business minutes push both later.
 */
export function dueTimes(plan: SlaPlan, createdAt: Date, clockStart: Date, pausedMinutes = 0): DueTimes {
  return {
    dueAt: addBusinessMinutes(clockStart, plan.minutes + pausedMinutes, plan.schedule),
    firstResponseDueAt:
      plan.firstResponseMinutes === null
        ? null
        : addBusinessMinutes(createdAt, plan.firstResponseMinutes + pausedMinutes, plan.schedule),
  };
}

/** Business minutes between two instants under the plan's schedule (for paused time and reports). */
export function planMinutesBetween(plan: SlaPlan, from: Date, to: Date): number {
  return businessMinutesBetween(from, to, plan.schedule);
}

/** Overdue means: still open and now is past the due time. */
export function isOverdue(state: 'open' | 'closed', dueAt: string | null, now: Date): boolean {
  return state === 'open' && dueAt !== null && now.getTime() > Date.parse(dueAt);
}

/** The SLA clock state a ticket carries. Times are ISO strings. */
export interface ClockState {
  createdAt: string;
  /** Creation, or the last reopen. */
  clockStartAt: string;
  /** Business minutes the clock has been paused (awaiting the end user) since clockStartAt. */
  pausedMinutes: number;
  /** When the running pause began; null when the clock runs. */
  pausedAt: string | null;
}

export interface ClockUpdate {
  clockStartAt?: string;
  pausedMinutes?: number;
  pausedAt?: string | null;
  dueAt?: string | null;
  firstResponseDueAt?: string | null;
}

/** Due times for a clock under a plan (null plan: no due times). */
export function dueFor(plan: SlaPlan | null, clock: Pick<ClockState, 'createdAt' | 'clockStartAt' | 'pausedMinutes'>): {
  dueAt: string | null; firstResponseDueAt: string | null;
} {
  if (!plan) return { dueAt: null, firstResponseDueAt: null };
  const due = dueTimes(plan, new Date(clock.createdAt), new Date(clock.clockStartAt), clock.pausedMinutes);
  return { dueAt: due.dueAt.toISOString(), firstResponseDueAt: due.firstResponseDueAt?.toISOString() ?? null };
}

/**
 * What a status change does to the clock: a reopen restarts it from now; entering awaiting-response
 * pauses it when the plan says so; leaving that status adds the paused business time back.
 */
export function clockAfterStatusChange(
  plan: SlaPlan | null,
  clock: ClockState,
  change: { from: string; to: string; reopen: boolean },
  now: Date,
): ClockUpdate {
  const at = now.toISOString();
  if (change.reopen) {
    const restarted = { createdAt: clock.createdAt, clockStartAt: at, pausedMinutes: 0 };
    // Reopened straight into awaiting-response on a pausing plan: the new clock starts paused.
    const pausedAt = change.to === 'awaiting-response' && plan?.pauseAwaiting ? at : null;
    return { clockStartAt: at, pausedMinutes: 0, pausedAt, dueAt: dueFor(plan, restarted).dueAt };
  }
  if (change.to === 'awaiting-response' && plan?.pauseAwaiting && clock.pausedAt === null) {
    return { pausedAt: at };
  }
  if (change.from === 'awaiting-response' && clock.pausedAt !== null) {
    const paused = clock.pausedMinutes + (plan ? planMinutesBetween(plan, new Date(clock.pausedAt), now) : 0);
    const due = dueFor(plan, { ...clock, pausedMinutes: paused });
    return { pausedMinutes: paused, pausedAt: null, ...due };
  }
  return {};
}
