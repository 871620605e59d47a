/**
 * Business-hours schedules (`schedule add`, `schedule list`, `schedule holiday`; `schedule edit` and
 * `schedule remove` are in edit.ts): defined by admins, listed by any agent, and open tickets' due
 * times kept right when a schedule's holidays change.
 */
import { ConflictError, NotFoundError, UsageError, choicesHint } from '../../core/errors.js';
import { formatHours, parseHolidaySpec, parseHours, parseTimezone, type Schedule, type WeeklyRange } from '../../core/schedule.js';
import { dueFor } from '../../core/sla.js';
import { hasControl } from '../../core/text-rules.js';
import { keepSettledTargets, remeasuredPause, requireReachable } from '../../core/sla-rules.js';
import { clockHistory, settledFacts } from './history.js';
import type { ScheduleRow, Tx } from '../../store/types.js';
import { loadActiveActor, requireAdmin, requireAgent } from '../actor.js';
import type { DeskContext } from '../context.js';
import { loadPlan } from '../lookup.js';

/** A schedule as `schedule list --json` shows it. */
export interface ScheduleView {
  name: string;
  hours: string;
  timezone: string;
  holidays: string[];
  /** SLA plans counted on this schedule. */
  plans: string[];
}

export function parseName(text: string, what: string): string {
  const name = text.trim();
  if (name === '') throw new UsageError(`the ${what} name is empty`, `pass a name, e.g. "Business Hours"`);
  if (name.length > 100) throw new UsageError(`the ${what} name is longer than 100 characters`);
  if (hasControl(name)) throw new UsageError(`the ${what} name contains a tab, newline or control character`, 'use one line of plain text');
  return name;
}

/** A schedule row as the SLA arithmetic takes it. */
export function scheduleOf(row: ScheduleRow): Schedule {
  return { name: row.name, timezone: row.timezone, ranges: JSON.parse(row.ranges) as WeeklyRange[], holidays: JSON.parse(row.holidays) as string[] };
}

/** A change of holidays may not leave a plan on the schedule that can never be met. */
async function requirePlansReachable(tx: Tx, scheduleId: number, schedule: Schedule): Promise<void> {
  for (const p of (await tx.sla.slaPlans()).filter((plan) => plan.schedule_id === scheduleId)) {
    requireReachable({ name: p.name, minutes: p.minutes, firstResponseMinutes: p.first_response_minutes, schedule });
  }
}

/** Finds a schedule by name (case-insensitive) or fails with exit 3 naming the valid ones. */
export async function findSchedule(tx: Tx, name: string): Promise<ScheduleRow> {
  const row = await tx.sla.scheduleByName(name.trim());
  if (row) return row;
  const names = (await tx.sla.schedules()).map((s) => s.name);
  throw new NotFoundError(`no schedule named '${name}'`, names.length ? choicesHint(name, names) : 'create one: helpdesk schedule add <name> --hours "mon-fri 08:00-17:00"');
}

export interface AddScheduleInput {
  actor: string;
  name: string;
  hours: string;
  holidays?: string[];
  timezone?: string;
}

/** Creates a schedule; everything is validated before anything is written. */
export async function addSchedule(ctx: DeskContext, input: AddScheduleInput): Promise<ScheduleView> {
  const name = parseName(input.name, 'schedule');
  const ranges = parseHours(input.hours);
  const holidays = [...new Set((input.holidays ?? []).map(parseHolidaySpec))].sort();
  const timezone = parseTimezone(input.timezone ?? 'UTC');
  return ctx.store.write(async (tx) => {
    requireAdmin(await loadActiveActor(tx, input.actor), 'add schedules');
    if (await tx.sla.scheduleByName(name)) {
      throw new ConflictError(`schedule '${name}' already exists`, 'pick another name, or change its holidays: helpdesk schedule holiday add|remove');
    }
    await tx.sla.insertSchedule({ name, timezone, ranges: JSON.stringify(ranges), holidays: JSON.stringify(holidays) });
    return { name, hours: formatHours(ranges), timezone, holidays, plans: [] };
  });
}

/** Every schedule with the plans that use it (any agent may look). */
export async function listSchedules(ctx: DeskContext, actor: string): Promise<ScheduleView[]> {
  return ctx.store.read(async (tx) => {
    requireAgent(await loadActiveActor(tx, actor), 'list schedules');
    const plans = await tx.sla.slaPlans();
    return (await tx.sla.schedules()).map((s) => scheduleView(s, plans.filter((p) => p.schedule_id === s.id).map((p) => p.name)));
  });
}

export function scheduleView(s: ScheduleRow, plans: string[]): ScheduleView {
  return {
    name: s.name, hours: formatHours(JSON.parse(s.ranges) as WeeklyRange[]), timezone: s.timezone,
    holidays: JSON.parse(s.holidays) as string[], plans,
  };
}

export interface HolidayChange {
  schedule: ScheduleView;
  /** Open tickets whose due times moved. */
  recomputed: number;
  /** Dates that were already (added) or not (removed) holidays. */
  unchanged: string[];
}

/**
 * Adds or removes holidays, then recomputes the due times of open tickets on plans using the schedule
 * (from each ticket's clock start, as a plan change would), all in one transaction.
 */
export async function changeHolidays(
  ctx: DeskContext, actor: string, scheduleName: string, dates: string[], mode: 'add' | 'remove',
): Promise<HolidayChange> {
  if (dates.length === 0) throw new UsageError('no dates given', 'example: helpdesk schedule holiday add "Business Hours" 2026-12-25');
  const days = dates.map(parseHolidaySpec);
  return ctx.store.write(async (tx) => {
    requireAdmin(await loadActiveActor(tx, actor), 'change holidays');
    const row = await findSchedule(tx, scheduleName);
    const current = new Set(JSON.parse(row.holidays) as string[]);
    const unchanged = days.filter((d) => current.has(d) === (mode === 'add'));
    for (const d of days) {
      if (mode === 'add') current.add(d);
      else current.delete(d);
    }
    const holidays = [...current].sort();
    const before = scheduleOf(row);
    await requirePlansReachable(tx, row.id, { ...before, holidays });
    await tx.sla.updateScheduleHolidays(row.id, JSON.stringify(holidays));
    const recomputed = unchanged.length === days.length ? 0 : await recomputeOpenTickets(tx, row.id, before, ctx.now);
    const plans = (await tx.sla.slaPlans()).filter((p) => p.schedule_id === row.id).map((p) => p.name);
    return { schedule: scheduleView({ ...row, holidays: JSON.stringify(holidays) }, plans), recomputed, unchanged };
  });
}

/**
 * After the schedule changed (`before`: its plans as they were): each open ticket's paused time is
 * measured again on the new schedule, and its due times recomputed from the clock's start — except
 * targets already met or missed, which stay where they were.
 */
async function recomputeOpenTickets(tx: Tx, scheduleId: number, before: Schedule, now: Date): Promise<number> {
  let moved = 0;
  for (const t of await tx.sla.openTicketsOnSchedule(scheduleId)) {
    const plan = await loadPlan(tx, t.sla_id);
    const history = await clockHistory(tx, t);
    const paused = remeasuredPause(plan && { ...plan, schedule: before }, plan, t.paused_minutes, history.pauses);
    const proposed = dueFor(plan, { createdAt: t.created_at, clockStartAt: t.clock_start_at, pausedMinutes: paused });
    const due = keepSettledTargets(settledFacts(t, history), proposed, now, true);
    if (due.dueAt === t.due_at && due.firstResponseDueAt === t.first_response_due_at && paused === t.paused_minutes) continue;
    await tx.tickets.updateTicket(t.id, { due_at: due.dueAt, first_response_due_at: due.firstResponseDueAt, paused_minutes: paused });
    moved++;
  }
  return moved;
}
