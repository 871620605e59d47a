/**
 * Changing SLA plans and schedules after tickets use them: `sla edit`, `schedule edit`,
 * `schedule remove`. Open tickets' due times follow the edit, recomputed from each clock's start as a
 * plan change would; a target already met or missed (first response answered, or an `overdue` event
 * recorded for the clock) never moves, so an edit cannot rewrite history (CONTRACT "SLA rules made
 * explicit"). Closed tickets keep the due times they were measured by.
 */
import { requireReachable } from '../../core/sla-rules.js';
import { pausingKeys } from '../statuses.js';
import { ConflictError, named, says, UsageError } from '../../core/errors.js';
import { parseHours, parseTimezone } from '../../core/schedule.js';
import { clockAfterPlanChange, isOverdue, parseTargetHours, type SlaPlan } from '../../core/sla.js';
import type { SlaPatch, SlaRow, TicketPatch, TicketRow, Tx } from '../../store/types.js';
import { loadActiveActor, requireAdmin } from '../actor.js';
import type { DeskContext } from '../context.js';
import { findSla, loadPlan } from '../lookup.js';
import { changeHolidays, findSchedule, scheduleView, type HolidayChange, type ScheduleView } from './schedules.js';
import { slaView, type SlaView } from './plans.js';

export interface SlaEditInput {
  actor: string;
  name: string;
  hours?: string;
  /** Hours, or `none` to drop the first-response target. */
  firstResponse?: string;
  /** A schedule name, or `none` for round the clock (24/7). */
  schedule?: string;
  pauseAwaiting?: boolean;
}

export interface EditResult<V> {
  view: V;
  /** Open tickets whose due times moved. */
  recomputed: number;
}

const NONE = new Set(['none', 'off', '24/7']);

/** Edits a plan; everything is validated before anything is written, in one transaction. */
export async function editSla(ctx: DeskContext, input: SlaEditInput): Promise<EditResult<SlaView>> {
  if ([input.hours, input.firstResponse, input.schedule, input.pauseAwaiting].every((v) => v === undefined)) {
    throw new UsageError('nothing to edit', says`pass ${named('hours')}, ${named('firstResponse')}, ${named('schedule')}, ${named('pauseAwaiting')} or ${named('pauseAwaiting', '--no-pause-awaiting')}`);
  }
  const patch: SlaPatch = {};
  if (input.hours !== undefined) patch.minutes = parseTargetHours(input.hours, named('hours'));
  if (input.firstResponse !== undefined) {
    patch.firstResponseMinutes = NONE.has(input.firstResponse.trim().toLowerCase()) ? null : parseTargetHours(input.firstResponse, named('firstResponse'));
  }
  if (input.pauseAwaiting !== undefined) patch.pauseAwaiting = input.pauseAwaiting;
  return ctx.store.write(async (tx) => {
    requireAdmin(await loadActiveActor(tx, input.actor), 'edit SLA plans');
    const row = await findSla(tx, input.name);
    if (input.schedule !== undefined) {
      patch.scheduleId = NONE.has(input.schedule.trim().toLowerCase()) ? null : (await findSchedule(tx, input.schedule)).id;
    }
    const minutes = patch.minutes ?? row.minutes;
    const firstResponse = patch.firstResponseMinutes === undefined ? row.first_response_minutes : patch.firstResponseMinutes;
    if (firstResponse !== null && firstResponse > minutes) {
      throw new UsageError(says`${named('firstResponse')} is longer than the resolution target (${named('hours')})`, says`a first reply comes before the resolution, e.g. ${named('hours')} 8 ${named('firstResponse')} 1`);
    }
    const before = await loadPlan(tx, row.id);
    await tx.sla.updateSla(row.id, patch);
    // A plan that can never be met is refused as at `sla add` (the write is rolled back).
    const after = await loadPlan(tx, row.id);
    if (after) requireReachable(after);
    const recomputed = await followEdit(tx, await tx.sla.openTicketsOnPlan(row.id), new Map([[row.id, before]]), ctx.now);
    return { view: slaView((await tx.sla.slaById(row.id))!), recomputed };
  });
}

export interface ScheduleEditInput {
  actor: string;
  name: string;
  hours?: string;
  timezone?: string;
}

/** Changes a schedule's weekly hours or time zone; open tickets on every plan counted on it follow. */
export async function editSchedule(ctx: DeskContext, input: ScheduleEditInput): Promise<EditResult<ScheduleView>> {
  if (input.hours === undefined && input.timezone === undefined) throw new UsageError('nothing to edit', says`pass ${named('hours')} or ${named('timezone')}`);
  const ranges = input.hours === undefined ? undefined : JSON.stringify(parseHours(input.hours));
  const timezone = input.timezone === undefined ? undefined : parseTimezone(input.timezone);
  return ctx.store.write(async (tx) => {
    requireAdmin(await loadActiveActor(tx, input.actor), 'edit schedules');
    const row = await findSchedule(tx, input.name);
    const plans = (await tx.sla.slaPlans()).filter((p) => p.schedule_id === row.id);
    const before = new Map<number, SlaPlan | null>();
    for (const p of plans) before.set(p.id, await loadPlan(tx, p.id));
    await tx.sla.updateSchedule(row.id, { ranges, timezone });
    // Fewer hours may leave a plan on this schedule unreachable: refused as at `sla add`.
    for (const p of plans) {
      const after = await loadPlan(tx, p.id);
      if (after) requireReachable(after);
    }
    const tickets = await tx.sla.openTicketsOnSchedule(row.id);
    const recomputed = await followEdit(tx, tickets, before, ctx.now);
    return { view: scheduleView((await tx.sla.scheduleById(row.id))!, plans.map((p) => p.name)), recomputed };
  });
}

/** Deletes a schedule no plan uses; one in use is a conflict (exit 5) naming the plans. */
export async function removeSchedule(ctx: DeskContext, actor: string, name: string): Promise<ScheduleView> {
  return ctx.store.write(async (tx) => {
    requireAdmin(await loadActiveActor(tx, actor), 'remove schedules');
    const row = await findSchedule(tx, name);
    const users: SlaRow[] = (await tx.sla.slaPlans()).filter((p) => p.schedule_id === row.id);
    if (users.length) {
      const names = users.map((p) => p.name);
      throw new ConflictError(`schedule '${row.name}' is used by ${names.length === 1 ? 'plan' : 'plans'} ${names.join(', ')}`,
        `move ${names.length === 1 ? 'it' : 'them'} first: helpdesk sla edit "${names[0]}" --schedule <other|none>`);
    }
    await tx.sla.deleteSchedule(row.id);
    return scheduleView(row, []);
  });
}

/**
 * Recomputes open tickets after their plan (or its schedule) changed: pauses follow the new plan's
 * pause rule, due times are recomputed from the clock's start, and a target already met or missed
 * keeps the due time it was judged by. Returns how many tickets' due times moved.
 */
async function followEdit(tx: Tx, tickets: TicketRow[], before: Map<number, SlaPlan | null>, now: Date): Promise<number> {
  let moved = 0;
  const pausing = await pausingKeys(tx);
  for (const t of tickets) {
    const plan = await loadPlan(tx, t.sla_id);
    // A pausing custom status keeps its pause whatever the plan's own pause rule becomes.
    const clock = clockAfterPlanChange(before.get(t.sla_id!) ?? plan, plan, {
      createdAt: t.created_at, clockStartAt: t.clock_start_at, pausedMinutes: t.paused_minutes, pausedAt: t.paused_at,
    }, t.status, now, pausing.has(t.custom_status ?? ''));
    const settled = await settledClocks(tx, t, now);
    const patch: TicketPatch = {};
    if (!settled.resolution && clock.dueAt !== undefined && clock.dueAt !== t.due_at) patch.due_at = clock.dueAt;
    if (!settled.firstResponse && clock.firstResponseDueAt !== undefined && clock.firstResponseDueAt !== t.first_response_due_at) {
      patch.first_response_due_at = clock.firstResponseDueAt;
    }
    if (clock.pausedAt !== undefined && clock.pausedAt !== t.paused_at) patch.paused_at = clock.pausedAt;
    if (clock.pausedMinutes !== undefined && clock.pausedMinutes !== t.paused_minutes) patch.paused_minutes = clock.pausedMinutes;
    if (Object.keys(patch).length === 0) continue;
    await tx.tickets.updateTicket(t.id, patch);
    if (patch.due_at !== undefined || patch.first_response_due_at !== undefined) moved++;
  }
  return moved;
}

/**
 * Which of a ticket's targets are already judged: answered (met or missed), missed already (past due,
 * recorded by `sla check` or not yet), or with a breach recorded.
 */
async function settledClocks(tx: Tx, t: TicketRow, now: Date): Promise<{ resolution: boolean; firstResponse: boolean }> {
  const breaches = (await tx.thread.eventsOf(t.id)).filter((e) => e.type === 'overdue').map((e) => JSON.parse(e.data) as { clock?: string; clock_start_at?: string });
  return {
    resolution: isOverdue('open', t.due_at, now, t.paused_at)
      || breaches.some((b) => b.clock === 'resolution' && b.clock_start_at === t.clock_start_at),
    // The first-response clock never pauses (CONTRACT "SLA rules made explicit").
    firstResponse: t.first_response_at !== null || isOverdue('open', t.first_response_due_at, now)
      || breaches.some((b) => b.clock === 'first_response'),
  };
}

/**
 * Adds an iCalendar file's events as holidays of a schedule (admins); open tickets' due times follow,
 * as for `schedule holiday add`. The file is read by the caller; its wall times are placed in the
 * schedule's time zone.
 */
export async function importHolidays(ctx: DeskContext, actor: string, scheduleName: string, icsText: string): Promise<HolidayChange & { imported: string[] }> {
  const timezone = await ctx.store.read(async (tx) => {
    requireAdmin(await loadActiveActor(tx, actor), 'change holidays');
    return (await findSchedule(tx, scheduleName)).timezone;
  });
  const { holidaysFromIcs } = await import('./ics-import.js');
  const imported = await holidaysFromIcs(icsText, timezone, ctx.now);
  if (imported.length === 0) throw new UsageError('the calendar has no events to import', 'an .ics file with VEVENTs (all-day or timed), e.g. exported from a holiday calendar');
  return { ...(await changeHolidays(ctx, actor, scheduleName, imported, 'add')), imported };
}
