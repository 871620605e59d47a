/**
 * Putting a ticket on another SLA plan (`ticket sla`), in one write transaction.
 */
import { clockAfterPlanChange } from '../../core/sla.js';
import { keepSettledTargets, remeasuredPause } from '../../core/sla-rules.js';
import { clockHistory, settledFacts } from '../sla/history.js';
import type { DeskContext } from '../context.js';
import { findSla, loadPlan } from '../lookup.js';
import { currentTarget } from '../statuses.js';
import { workOn, type ActionResult } from './work-on.js';

/** Puts the ticket on another SLA plan; due times are recomputed from the clock's start. */
export function changeSla(ctx: DeskContext, actor: string, number: string, planName: string): Promise<ActionResult> {
  return workOn(ctx, actor, number, 'edit', async (w) => {
    const sla = await findSla(w.tx, planName);
    if (sla.id === w.row.sla_id) return w.warn(`#${w.row.number} is already on ${sla.name}`);
    const plan = await loadPlan(w.tx, sla.id);
    const oldPlan = await loadPlan(w.tx, w.row.sla_id);
    const history = await clockHistory(w.tx, w.row);
    // Paused time is business time: measured again on the new plan's schedule, from the clock's start.
    const pausedMinutes = remeasuredPause(oldPlan, plan, w.row.paused_minutes, history.pauses);
    const clock = clockAfterPlanChange(oldPlan, plan, {
      createdAt: w.row.created_at, clockStartAt: w.row.clock_start_at, pausedMinutes, pausedAt: w.row.paused_at,
    }, w.row.status, w.at, (await currentTarget(w.tx, w.row)).custom?.pause === true);
    // A recorded breach stays a breach, and a first response met or missed stays as it was.
    const due = keepSettledTargets(settledFacts(w.row, history), { dueAt: clock.dueAt ?? null, firstResponseDueAt: clock.firstResponseDueAt ?? null }, w.at, false);
    const from = w.row.sla;
    await w.patch({
      sla_id: sla.id, due_at: due.dueAt, first_response_due_at: due.firstResponseDueAt,
      paused_minutes: clock.pausedMinutes ?? pausedMinutes, paused_at: clock.pausedAt ?? null,
    });
    await w.event('sla', { from, to: sla.name, due_at: due.dueAt });
  });
}
