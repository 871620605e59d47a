/**
 * SLA clocks: when a ticket is due. The business-time arithmetic lives in schedule.ts; this is the seam
 * the desk calls, so plans on a schedule and 24/7 plans are computed the same way.
 */
import { says, UsageError, type Input } from './errors.js';
import { addBusinessMinutes, businessMinutesBetween, type Schedule } from './schedule.js';
import { isoTime } from './time.js';

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
 * last reopen) and paused business minutes push it later. The first-response clock runs from creation
 * and never pauses (CONTRACT.md): parking a ticket before anyone answered does not buy time.
 */
export function dueTimes(plan: SlaPlan, createdAt: Date, clockStart: Date, pausedMinutes = 0): DueTimes {
  return {
    dueAt: addBusinessMinutes(clockStart, plan.minutes + pausedMinutes, plan.schedule),
    firstResponseDueAt:
      plan.firstResponseMinutes === null ? null : addBusinessMinutes(createdAt, plan.firstResponseMinutes, plan.schedule),
  };
}

/** Business minutes between two instants under the plan's schedule (for paused time and reports). */
export function planMinutesBetween(plan: SlaPlan, from: Date, to: Date): number {
  return businessMinutesBetween(from, to, plan.schedule);
}

/**
 * Overdue means: still open and now is past the due time. A paused clock (awaiting the end user on a
 * plan that pauses) does not run out: while paused the ticket is overdue only if it was already past
 * its due time when the pause began.
 */
export function isOverdue(state: 'open' | 'closed', dueAt: string | null, now: Date, pausedAt: string | null = null): boolean {
  if (state !== 'open' || dueAt === null) return false;
  const due = Date.parse(dueAt);
  const until = pausedAt === null ? now.getTime() : Math.min(now.getTime(), Date.parse(pausedAt));
  return until > due;
}

/** The first-response clock has run out: open, no agent reply yet, past first_response_due_at (it never pauses). */
export function isFirstResponseOverdue(
  t: { state: 'open' | 'closed'; firstResponseDueAt: string | null; firstResponseAt: string | null; pausedAt?: string | null },
  now: Date,
): boolean {
  return t.firstResponseAt === null && isOverdue(t.state, t.firstResponseDueAt, now);
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
  /** The first agent reply; once given, the first-response due time no longer moves. */
  firstResponseAt?: string | null;
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
  const firstResponse = due.firstResponseDueAt;
  return { dueAt: isoTime(due.dueAt), firstResponseDueAt: firstResponse ? isoTime(firstResponse) : null };
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
  const at = isoTime(now);
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
    // Only the resolution clock was paused; the first-response target stays where it is.
    return { pausedMinutes: paused, pausedAt: null, dueAt: dueFor(plan, { ...clock, pausedMinutes: paused }).dueAt };
  }
  return {};
}

/**
 * What moving a ticket to another plan does to the clock: due times are recomputed from the clock's
 * start; a running pause is closed when the new plan does not pause (its paused time kept), and one is
 * started when the ticket is awaiting the end user and the new plan pauses. A pausing custom status
 * (`customPause`) pauses under every plan, so its pause stays (or starts) whatever the plan.
 */
export function clockAfterPlanChange(
  oldPlan: SlaPlan | null,
  newPlan: SlaPlan | null,
  clock: ClockState,
  status: string,
  now: Date,
  customPause = false,
): ClockUpdate {
  let pausedMinutes = clock.pausedMinutes;
  let pausedAt = clock.pausedAt;
  const pauses = customPause || (newPlan?.pauseAwaiting === true && status === 'awaiting-response');
  if (pausedAt !== null && !pauses) {
    pausedMinutes += oldPlan ? planMinutesBetween(oldPlan, new Date(pausedAt), now) : 0;
    pausedAt = null;
  } else if (pausedAt === null && pauses) {
    pausedAt = isoTime(now);
  }
  return { pausedMinutes, pausedAt, ...dueFor(newPlan, { ...clock, pausedMinutes }) };
}

/** The longest target a plan may have: a year of round-the-clock hours. */
export const MAX_TARGET_HOURS = 8784;

/**
 * Parses an SLA target given in hours (`--hours 8`, `--first-response 0.5`) into whole minutes.
 * Fractions are allowed and rounded to the minute; zero, negative and non-numbers are usage errors.
 */
export function parseTargetHours(text: string, flag: Input): number {
  const raw = text.trim();
  const example = says`example: ${flag} 8 (hours; fractions allowed: ${flag} 0.5 is 30 minutes)`;
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(raw)) throw new UsageError(says`${flag} '${text}' is not a number of hours`, example);
  const hours = Number(raw);
  if (!(hours > 0)) throw new UsageError(says`${flag} must be more than 0 hours, got '${text}'`, example);
  if (hours > MAX_TARGET_HOURS) throw new UsageError(says`${flag} '${text}' is longer than a year (${MAX_TARGET_HOURS} hours)`, example);
  const minutes = Math.round(hours * 60);
  if (minutes < 1) throw new UsageError(says`${flag} '${text}' is less than a minute`, example);
  return minutes;
}

/**
 * A business duration for people: 45m, 8h, 1h 30m — whole minutes, cut down (59.9 minutes left is
 * "59m", never "59.9m" or a rounded-up "1h"); a duration under a minute is "<1m".
 */
export function formatMinutes(minutes: number): string {
  const sign = minutes < 0 ? '-' : '';
  const abs = Math.abs(minutes);
  // The epsilon keeps 60 minutes computed as 59.999999 from showing as 59m.
  const whole = Math.floor(abs + 1e-6);
  if (whole === 0 && abs > 0) return `${sign}<1m`;
  if (whole < 60) return `${sign}${whole}m`;
  const h = Math.floor(whole / 60);
  const m = whole % 60;
  return `${sign}${h}h${m ? ` ${m}m` : ''}`;
}
