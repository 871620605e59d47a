/**
 * What a ticket's history says about its SLA clock, for the rules of core/sla-rules.ts: which breaches
 * were recorded, and the pauses (awaiting the end user) since the clock's start.
 */
import type { Pauses, SettledFacts } from '../../core/sla-rules.js';
import { STATUS_INFO } from '../../core/model.js';
import type { TicketRow, Tx } from '../../store/types.js';
import { pauseSpans, stillIn } from '../../core/custom-status.js';
import { pausingKeys } from '../statuses.js';

export interface ClockHistory {
  recorded: SettledFacts['recorded'];
  /** Finished pauses since the clock's start (the running one, if any, is paused_at → now). */
  pauses: Pauses;
}

export async function clockHistory(tx: Pick<Tx, 'thread' | 'statuses'>, row: TicketRow): Promise<ClockHistory> {
  const recorded = { resolution: false, firstResponse: false };
  const changes: Array<{ at: string; to: unknown }> = [];
  for (const e of await tx.thread.eventsOf(row.id)) {
    const data = JSON.parse(e.data) as { clock?: string; clock_start_at?: string; from?: string; to?: string };
    if (e.type === 'overdue') {
      if (data.clock === 'first_response') recorded.firstResponse = true;
      // A resolution breach belongs to the clock it ran out on; a reopen starts a new one.
      else if (data.clock_start_at === undefined || data.clock_start_at === row.clock_start_at) recorded.resolution = true;
    }
    if (e.type === 'status' || e.type === 'reopened') changes.push({ at: e.at, to: data.to });
  }
  // Awaiting the end user, and a pausing custom status; the running pause is paused_at's.
  const pausing = await pausingKeys(tx);
  const spans = pauseSpans(changes, row.clock_start_at, (key) => stillIn(key, true, pausing));
  const pauses = spans.filter((p) => p[1] !== null).map((p): [string, string] => [p[0], p[1]!]);
  return { recorded, pauses };
}

/** The facts keepSettledTargets needs about a ticket row. */
export function settledFacts(row: TicketRow, history: ClockHistory): SettledFacts {
  return {
    state: STATUS_INFO[row.status].state, dueAt: row.due_at, firstResponseDueAt: row.first_response_due_at,
    firstResponseAt: row.first_response_at, pausedAt: row.paused_at, recorded: history.recorded,
  };
}
