/**
 * `ticket sla-explain <n>`: the clock's explanation `ticket show` gives, plus its ledger —
 * each counted stretch, pause, holiday skipped, reopen, plan change, warning and breach — for scripts.
 */
import { requireAction } from '../../core/access.js';
import { pausingKeys } from '../statuses.js';
import { stateOf } from '../../core/lifecycle.js';
import { clockLedger, type LedgerEntry } from '../../core/sla-ledger.js';
import type { ClockExplanation } from '../../core/sla-clock.js';
import { loadActiveActor, requireAgent } from '../actor.js';
import { ticketClock } from './clock.js';
import type { DeskContext } from '../context.js';
import { loadPlan } from '../lookup.js';
import { loadTicket } from '../tickets/work-on.js';

export interface SlaExplanation {
  number: string;
  sla: string | null;
  clock: ClockExplanation;
  ledger: LedgerEntry[];
}

export async function slaExplain(ctx: DeskContext, who: string, number: string): Promise<SlaExplanation> {
  return ctx.store.read(async (tx) => {
    const actor = await loadActiveActor(tx, who);
    requireAgent(actor, 'read SLA ledgers');
    const row = await loadTicket(tx, number);
    requireAction(actor, 'view', { deptId: row.dept_id, assigneeId: row.assignee_id, teamId: row.team_id, userId: row.user_id, ccUserIds: [] });
    const events = (await tx.thread.eventsOf(row.id)).map((e) => ({ type: e.type, at: e.at, data: JSON.parse(e.data) as Record<string, unknown> }));
    const ledger = clockLedger({
      plan: await loadPlan(tx, row.sla_id), state: stateOf(row.status), createdAt: row.created_at, clockStartAt: row.clock_start_at,
      pausedAt: row.paused_at, dueAt: row.due_at, firstResponseDueAt: row.first_response_due_at,
      firstResponseAt: row.first_response_at, resolvedAt: row.resolved_at, events, pausing: await pausingKeys(tx),
    }, ctx.now);
    return { number: row.number, sla: row.sla, clock: await ticketClock(tx, row, ctx.now), ledger };
  });
}
