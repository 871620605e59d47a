/**
 * The SLA clock of one ticket, explained (the `clock` field of `ticket show`).
 */
import { stateOf } from '../../core/lifecycle.js';
import { explainClock, type ClockExplanation } from '../../core/sla-clock.js';
import type { TicketRow, Tx } from '../../store/types.js';
import { loadPlan } from '../lookup.js';
import { deskZone } from './status.js';

/** Explains the ticket's clock in the help desk's time zone. */
export async function ticketClock(tx: Tx, row: TicketRow, now: Date): Promise<ClockExplanation> {
  const planChanges = (await tx.thread.eventsOf(row.id))
    .filter((e) => e.type === 'sla')
    .map((e) => {
      const d = JSON.parse(e.data) as { from?: string | null; to?: string | null };
      return { at: e.at, from: d.from ?? null, to: d.to ?? null };
    });
  return explainClock({
    plan: await loadPlan(tx, row.sla_id),
    state: stateOf(row.status),
    createdAt: row.created_at,
    clockStartAt: row.clock_start_at,
    pausedMinutes: row.paused_minutes,
    pausedAt: row.paused_at,
    dueAt: row.due_at,
    firstResponseDueAt: row.first_response_due_at,
    firstResponseAt: row.first_response_at,
    resolvedAt: row.resolved_at,
    reopenedCount: row.reopened_count,
    planChanges,
  }, now, await deskZone(tx));
}
