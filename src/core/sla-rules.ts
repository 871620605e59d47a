/**
 * The SLA rules CONTRACT.md makes explicit ("SLA rules made explicit"), as small pure functions the
 * desk applies when plans, schedules or holidays change:
 *   - a target already met or missed never moves, and a recorded breach stays a breach;
 *   - paused time is business time of the schedule in force, so it is measured again when the
 *     schedule (or the plan) changes — a holiday over a finished pause does not count twice;
 *   - a plan whose target cannot be reached within a year on its schedule is refused.
 */
import { UsageError } from './errors.js';
import { formatHours, type Schedule } from './schedule.js';
import { formatMinutes, isOverdue, planMinutesBetween, type SlaPlan } from './sla.js';

/** A ticket's targets as they stand, and what its history says of them. */
export interface SettledFacts {
  state: 'open' | 'closed';
  dueAt: string | null;
  firstResponseDueAt: string | null;
  firstResponseAt: string | null;
  pausedAt: string | null;
  /** `overdue` events recorded since the clock's start (resolution) and ever (first response). */
  recorded: { resolution: boolean; firstResponse: boolean };
}

export interface Targets {
  dueAt: string | null;
  firstResponseDueAt: string | null;
}

/**
 * The due times after an edit: the proposed ones, except targets already settled. The first response
 * is settled once answered (met or missed), once past due, or once its breach was recorded. The
 * resolution target is settled once its breach was recorded, and — for edits of schedules and
 * holidays (`missedCounts`), not for a deliberate change of plan — once it is past due.
 */
export function keepSettledTargets(t: SettledFacts, proposed: Targets, now: Date, missedCounts: boolean): Targets {
  const frSettled = t.firstResponseAt !== null || t.recorded.firstResponse
    || (t.firstResponseDueAt !== null && Date.parse(t.firstResponseDueAt) < now.getTime());
  const dueSettled = t.recorded.resolution || (missedCounts && isOverdue(t.state, t.dueAt, now, t.pausedAt));
  return {
    dueAt: dueSettled ? t.dueAt : proposed.dueAt,
    firstResponseDueAt: frSettled ? t.firstResponseDueAt : proposed.firstResponseDueAt,
  };
}

/** Finished pauses since the clock's start, as [from, to) instants (ISO). */
export type Pauses = ReadonlyArray<readonly [string, string]>;

/**
 * The paused business minutes measured again under `now` (another schedule or plan). The stored total
 * is trusted unless the pauses read from the history add up to it under `before`: then they are the
 * same pauses, and their length under `now` is the right one.
 */
export function remeasuredPause(before: SlaPlan | null, after: SlaPlan | null, stored: number, pauses: Pauses): number {
  if (!before || !after || pauses.length === 0) return stored;
  const measure = (plan: SlaPlan) => pauses.reduce((sum, [a, b]) => sum + planMinutesBetween(plan, new Date(a), new Date(b)), 0);
  if (Math.abs(measure(before) - stored) > 0.01) return stored;
  return Math.round(measure(after) * 1000) / 1000;
}

const YEAR_DAYS = 365;

/**
 * The least business time any year on the schedule holds: 52 whole weeks of its hours, less the
 * worst run of its holidays that fits in one year (a holiday costs the hours of its weekday).
 */
export function leastMinutesInAYear(schedule: Schedule): number {
  const weekly = schedule.ranges.reduce((sum, r) => sum + (r.end - r.start), 0);
  const cost = (day: string) => schedule.ranges.filter((r) => r.day === new Date(`${day}T12:00:00Z`).getUTCDay()).reduce((s, r) => s + r.end - r.start, 0);
  const days = [...schedule.holidays].sort().map((d) => ({ at: Date.parse(`${d}T00:00:00Z`) / 86_400_000, cost: cost(d) }));
  let worst = 0;
  for (let i = 0, j = 0, sum = 0; j < days.length; j++) {
    sum += days[j]!.cost;
    while (days[j]!.at - days[i]!.at >= YEAR_DAYS) sum -= days[i++]!.cost;
    worst = Math.max(worst, sum);
  }
  return 52 * weekly - worst;
}

/**
 * Refuses (exit 2) a plan whose targets cannot be reached within a year on its schedule from any
 * starting moment: such a plan makes every due time a search through years of closed days.
 */
export function requireReachable(plan: Pick<SlaPlan, 'name' | 'minutes' | 'firstResponseMinutes' | 'schedule'>): void {
  const s = plan.schedule;
  if (s === null) return;
  const least = leastMinutesInAYear(s);
  const longest = Math.max(plan.minutes, plan.firstResponseMinutes ?? 0);
  if (longest <= least) return;
  throw new UsageError(
    `SLA plan '${plan.name}' cannot be met: ${formatMinutes(longest)} of business time is more than a year of ${s.name} holds (${formatMinutes(least)}: ${formatHours(s.ranges)}${s.holidays.length ? `, less its holidays` : ''})`,
    'shorten the target (--hours), or use a schedule with more open hours',
  );
}
