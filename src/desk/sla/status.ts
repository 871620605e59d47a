/**
 * Watching the SLA clocks: `sla status` (what runs out next, for the people working tickets); `sla
 * check` (the cron job that records each breach once and alerts people) lives in sla-check.ts.
 */
import { visibilityScope } from '../../core/access.js';
import { businessMinutesLeft } from '../../core/sla-clock.js';
import { isOverdue, type SlaPlan } from '../../core/sla.js';
import type { Priority, Status } from '../../core/model.js';
import type { TicketRow } from '../../store/types.js';
import { loadActiveActor } from '../actor.js';
import { iso, type DeskContext } from '../context.js';
import { findAgent, findDept } from '../lookup.js';
import { planCache } from './plan-cache.js';

export { deskZone, planCache } from './plan-cache.js';
export { alertRecipients, slaCheck, type SlaBreach, type SlaCheckResult } from './check.js';

/** One row of `sla status`: the ticket and the clock that runs out first. */
export interface SlaStatusEntry {
  number: string;
  subject: string;
  status: Status;
  priority: Priority;
  department: string;
  assignee: string | null;
  team: string | null;
  sla: string | null;
  /** The clock shown: first response while unanswered and due first, else resolution. */
  clock: 'first_response' | 'resolution';
  due_at: string;
  overdue: boolean;
  paused: boolean;
  /** Wall-clock minutes until due_at (negative: overdue); null while the clock is paused. */
  minutes_left: number | null;
  /** Business minutes of the plan until due_at (negative: overdue), frozen while paused. */
  business_minutes_left: number;
  resolution_due_at: string | null;
  first_response_due_at: string | null;
  /** When `automate run` warned about the clock shown; null when it has not. */
  warned_at: string | null;
}

export interface SlaStatusInput {
  actor: string;
  dept?: string;
  assignee?: string;
  /** null = all */
  limit?: number | null;
}

/** Open tickets visible to the actor with a running (or paused) clock, most urgent first. */
export async function slaStatus(ctx: DeskContext, input: SlaStatusInput): Promise<SlaStatusEntry[]> {
  return ctx.store.read(async (tx) => {
    const actor = await loadActiveActor(tx, input.actor);
    const rows = await tx.sla.slaQueue({
      scope: visibilityScope(actor),
      now: iso(ctx.now),
      limit: input.limit === undefined ? 50 : input.limit,
      deptId: input.dept !== undefined ? (await findDept(tx, input.dept)).id : undefined,
      assigneeId: input.assignee !== undefined ? (await findAgent(tx, input.assignee)).id : undefined,
    });
    const plan = planCache(tx);
    const warnings = await tx.sla.warningsOf(rows.map((r) => r.id));
    const out: SlaStatusEntry[] = [];
    for (const row of rows) {
      const entry = statusEntry(row, await plan(row.sla_id), ctx.now);
      const warned = warnings.find((w) => w.ticket_id === row.id && w.clock === entry.clock
        && (w.clock === 'first_response' || w.clock_start_at === row.clock_start_at));
      out.push({ ...entry, warned_at: warned?.at ?? null });
    }
    return out;
  });
}

function statusEntry(t: TicketRow, plan: SlaPlan | null, now: Date): Omit<SlaStatusEntry, 'warned_at'> {
  const fr = t.first_response_at === null && t.first_response_due_at !== null
    && (t.due_at === null || t.first_response_due_at < t.due_at);
  const due = (fr ? t.first_response_due_at : t.due_at)!;
  // The first-response clock runs while the resolution clock is paused.
  const paused = t.paused_at !== null && !fr;
  const pausedAt = paused ? t.paused_at : null;
  const left = plan ? businessMinutesLeft(plan, due, pausedAt, now) : (Date.parse(due) - now.getTime()) / 60_000;
  return {
    number: t.number, subject: t.subject, status: t.status, priority: t.priority, department: t.department,
    assignee: t.assignee, team: t.team, sla: t.sla,
    clock: fr ? 'first_response' : 'resolution',
    due_at: due,
    overdue: isOverdue('open', due, now, pausedAt),
    paused,
    minutes_left: paused ? null : Math.trunc((Date.parse(due) - now.getTime()) / 60_000),
    business_minutes_left: Math.round(left * 10) / 10,
    resolution_due_at: t.due_at,
    first_response_due_at: t.first_response_due_at,
  };
}
