/**
 * The SLA clock explained: everything `ticket show` says about why a ticket is due when it is — the
 * plan, its schedule (hours, time zone, holidays), when the clock started (creation or the last reopen),
 * the stretches of business time counted, paused time, plan changes, and where the clock stands now.
 * Pure: the caller passes the facts, "now" and the time zone to show times in.
 */
import { formatHours, formatLocal, holidaysBetween, isOpen, openIntervals, addBusinessMinutes } from './schedule.js';
import { dueFor, formatMinutes, isFirstResponseOverdue, isOverdue, planMinutesBetween, type SlaPlan } from './sla.js';

/** What the explanation is built from: the ticket's clock columns and its plan-change history. */
export interface ClockFacts {
  plan: SlaPlan | null;
  state: 'open' | 'closed';
  createdAt: string;
  clockStartAt: string;
  pausedMinutes: number;
  pausedAt: string | null;
  dueAt: string | null;
  firstResponseDueAt: string | null;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  reopenedCount: number;
  /** `sla` events, oldest first. */
  planChanges: ReadonlyArray<{ at: string; from: string | null; to: string | null }>;
}

/** The `clock` field of `ticket show --json`. Minutes are business minutes of the plan's schedule. */
export interface ClockExplanation {
  plan: { name: string; hours: number; first_response_hours: number | null; pause_awaiting: boolean } | null;
  schedule: { name: string; hours: string; timezone: string; holidays: string[] } | null;
  started_at: string;
  started_by: 'created' | 'reopened';
  state: 'running' | 'paused' | 'stopped' | 'none';
  due_at: string | null;
  overdue: boolean;
  /** Business minutes left before the due time (negative once overdue); null when closed or without a plan. */
  business_minutes_left: number | null;
  paused_at: string | null;
  /** Business minutes the clock was paused since it started, the running pause included. */
  paused_minutes: number;
  first_response: { due_at: string | null; at: string | null; met: boolean | null; overdue: boolean } | null;
  /** The same story in sentences, for people. */
  explanation: string[];
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** "3h 20m", "2d 4h": a wall-clock duration. */
function wall(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours}h ${minutes % 60}m` : `${hours}h`;
  return hours % 24 ? `${Math.floor(hours / 24)}d ${hours % 24}h` : `${Math.floor(hours / 24)}d`;
}

function planLine(plan: SlaPlan, tz: string): string {
  const s = plan.schedule;
  const where = s
    ? `of business time on ${s.name} (${formatHours(s.ranges)}, time zone ${s.timezone}` +
      `${s.holidays.length ? `, ${s.holidays.length} holiday${s.holidays.length === 1 ? '' : 's'}` : ''})`
    : 'counted round the clock (24/7)';
  const parts = [`Plan ${plan.name}: resolve within ${formatMinutes(plan.minutes)} ${where}`];
  if (plan.firstResponseMinutes !== null) parts.push(`first response within ${formatMinutes(plan.firstResponseMinutes)}`);
  if (plan.pauseAwaiting) parts.push('the clock pauses while the ticket awaits the end user');
  const zoneNote = s && s.timezone !== tz ? ` Times below are in ${tz}.` : '';
  return `${parts.join('; ')}.${zoneNote}`;
}

/** "Fri 2026-03-06 16:00-17:00 (1h)" for each counted stretch, shortened in the middle when long. */
function countedLine(plan: SlaPlan, start: Date, due: Date, tz: string, target: number, paused: number): string {
  const total = paused > 0 ? `${formatMinutes(target)} target + ${formatMinutes(paused)} paused = ${formatMinutes(target + paused)}` : formatMinutes(target);
  if (plan.schedule === null) return `Counted round the clock: ${total} → due ${formatLocal(due, tz)}.`;
  const spans = openIntervals(start, due, plan.schedule, 2000);
  const text = spans.map(([a, b]) => {
    const from = formatLocal(a, tz);
    const to = formatLocal(b, tz);
    const toText = to.slice(0, 14) === from.slice(0, 14) ? to.slice(15) : to;
    return `${from}–${toText} (${formatMinutes((b.getTime() - a.getTime()) / 60_000)})`;
  });
  const shown = text.length > 6 ? [...text.slice(0, 2), `… ${text.length - 4} more stretches …`, ...text.slice(-2)] : text;
  return `Counted ${total} of open hours: ${shown.join(', ')} → due ${formatLocal(due, tz)}.`;
}

function startLines(f: ClockFacts, plan: SlaPlan, tz: string): string[] {
  const start = new Date(f.clockStartAt);
  const lines = [f.reopenedCount > 0
    ? `Clock restarted ${formatLocal(start, tz)} when the ticket was reopened (reopened ${f.reopenedCount}×); time before that no longer counts.`
    : `Clock started ${formatLocal(start, tz)} when the ticket was created.`];
  if (plan.schedule && !isOpen(start, plan.schedule)) {
    lines.push(`That was outside business hours, so counting began at the next opening, ${formatLocal(addBusinessMinutes(start, 0, plan.schedule), tz)}.`);
  }
  return lines;
}

function pauseLines(f: ClockFacts, plan: SlaPlan, now: Date, tz: string): string[] {
  const lines: string[] = [];
  if (f.pausedMinutes > 0) lines.push(`Paused earlier for ${formatMinutes(round1(f.pausedMinutes))} of business time while awaiting the end user; that much was added to the due time.`);
  if (f.pausedAt !== null) {
    const running = planMinutesBetween(plan, new Date(f.pausedAt), now);
    lines.push(`Paused since ${formatLocal(new Date(f.pausedAt), tz)} (awaiting the end user, ${formatMinutes(round1(running))} of business time so far): ` +
      'the due time moves later by the paused time when the ticket leaves Awaiting Response.');
  }
  return lines;
}

function standingLine(f: ClockFacts, plan: SlaPlan, now: Date, tz: string, left: number | null): string {
  const due = new Date(f.dueAt!);
  if (f.state === 'closed') {
    if (f.resolvedAt === null) return `Closed; it was due ${formatLocal(due, tz)}.`;
    const delta = Date.parse(f.resolvedAt) - due.getTime();
    return delta <= 0
      ? `Resolved ${formatLocal(new Date(f.resolvedAt), tz)}, ${wall(delta)} before the due time: target met.`
      : `Resolved ${formatLocal(new Date(f.resolvedAt), tz)}, ${wall(delta)} after the due time: target missed.`;
  }
  if (isOverdue(f.state, f.dueAt, now, f.pausedAt)) return `Overdue by ${wall(now.getTime() - due.getTime())} (due ${formatLocal(due, tz)}).`;
  const stopped = f.pausedAt !== null ? ' when the clock resumes' : '';
  return `${formatMinutes(round1(left ?? 0))} of business time left${stopped}; due ${formatLocal(due, tz)} if nothing changes.`;
}

function firstResponseLine(f: ClockFacts, now: Date, tz: string): string | null {
  if (f.firstResponseDueAt === null) return f.firstResponseAt ? `First agent reply ${formatLocal(new Date(f.firstResponseAt), tz)}.` : null;
  const due = new Date(f.firstResponseDueAt);
  if (f.firstResponseAt !== null) {
    const met = Date.parse(f.firstResponseAt) <= due.getTime();
    return `First response due ${formatLocal(due, tz)}; answered ${formatLocal(new Date(f.firstResponseAt), tz)}: ${met ? 'met' : 'missed'}.`;
  }
  if (isFirstResponseOverdue({ state: f.state, firstResponseDueAt: f.firstResponseDueAt, firstResponseAt: null, pausedAt: f.pausedAt }, now)) {
    return `First response due ${formatLocal(due, tz)}: no agent reply yet, overdue by ${wall(now.getTime() - due.getTime())}.`;
  }
  return `First response due ${formatLocal(due, tz)}, counted from creation: no agent reply yet.`;
}

/** Business minutes left on a ticket's clock (negative: how far past due), frozen while paused. */
export function businessMinutesLeft(plan: SlaPlan, dueAt: string, pausedAt: string | null, now: Date): number {
  const from = pausedAt === null ? now : new Date(Math.min(now.getTime(), Date.parse(pausedAt)));
  const due = new Date(dueAt);
  return from.getTime() <= due.getTime() ? planMinutesBetween(plan, from, due) : -planMinutesBetween(plan, due, from);
}

/** Explains a ticket's SLA clock; `tz` is the help desk time zone that times are shown in. */
export function explainClock(f: ClockFacts, now: Date, tz: string): ClockExplanation {
  const plan = f.plan;
  const running = f.state === 'open' && plan !== null && f.dueAt !== null;
  const left = running ? round1(businessMinutesLeft(plan, f.dueAt!, f.pausedAt, now)) : null;
  const pausedNow = f.pausedAt !== null && plan ? planMinutesBetween(plan, new Date(f.pausedAt), now) : 0;
  const result: ClockExplanation = {
    plan: plan && {
      name: plan.name, hours: round2(plan.minutes / 60), pause_awaiting: plan.pauseAwaiting,
      first_response_hours: plan.firstResponseMinutes === null ? null : round2(plan.firstResponseMinutes / 60),
    },
    schedule: plan?.schedule
      ? { name: plan.schedule.name, hours: formatHours(plan.schedule.ranges), timezone: plan.schedule.timezone, holidays: [...plan.schedule.holidays] }
      : null,
    started_at: f.clockStartAt,
    started_by: f.reopenedCount > 0 ? 'reopened' : 'created',
    state: plan === null || f.dueAt === null ? 'none' : f.state === 'closed' ? 'stopped' : f.pausedAt !== null ? 'paused' : 'running',
    due_at: f.dueAt,
    overdue: isOverdue(f.state, f.dueAt, now, f.pausedAt),
    business_minutes_left: left,
    paused_at: f.pausedAt,
    paused_minutes: round1(f.pausedMinutes + pausedNow),
    first_response: f.firstResponseDueAt === null && f.firstResponseAt === null ? null : {
      due_at: f.firstResponseDueAt,
      at: f.firstResponseAt,
      met: f.firstResponseAt === null || f.firstResponseDueAt === null ? null : Date.parse(f.firstResponseAt) <= Date.parse(f.firstResponseDueAt),
      overdue: isFirstResponseOverdue({ state: f.state, firstResponseDueAt: f.firstResponseDueAt, firstResponseAt: f.firstResponseAt, pausedAt: f.pausedAt }, now),
    },
    explanation: [],
  };
  result.explanation = explanationLines(f, now, tz, left);
  return result;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function explanationLines(f: ClockFacts, now: Date, tz: string, left: number | null): string[] {
  const plan = f.plan;
  if (plan === null) return ['No SLA plan: this ticket has no due time.'];
  const lines = [planLine(plan, tz)];
  for (const c of f.planChanges) {
    lines.push(`Plan changed from ${c.from ?? 'none'} to ${c.to ?? 'none'} on ${formatLocal(new Date(c.at), tz)}; due times were recomputed from the clock's start.`);
  }
  for (const line of startLines(f, plan, tz)) lines.push(line);
  if (f.dueAt === null) return lines;
  lines.push(countedLine(plan, new Date(f.clockStartAt), new Date(f.dueAt), tz, plan.minutes, f.pausedMinutes));
  const holidays = holidaysBetween(new Date(f.clockStartAt), new Date(f.dueAt), plan.schedule);
  // Partial holidays read "2026-12-24 12:00-24:00": closed only in those hours.
  if (holidays.length) lines.push(`Skipped holiday${holidays.length > 1 ? 's' : ''} ${holidays.join(', ')} (${holidays.some((h) => h.length > 10) ? 'closed in the hours given, else all day' : 'closed all day'}).`);
  for (const line of pauseLines(f, plan, now, tz)) lines.push(line);
  const expected = dueFor(plan, f).dueAt;
  if (expected !== null && expected !== f.dueAt) {
    lines.push(`The plan or its schedule was edited after this due time was set; it is kept as computed then (today it would be ${formatLocal(new Date(expected), tz)}).`);
  }
  lines.push(standingLine(f, plan, now, tz, left));
  const fr = firstResponseLine(f, now, tz);
  if (fr) lines.push(fr);
  return lines;
}
