/**
 * SQLite queries of `automate run` (issue 21): resolved tickets due to close, tickets awaiting the end
 * user with the moment they started waiting, clocks that have not had their warning yet, and the
 * warnings recorded for `sla status`. Each reads only the tickets its rule can touch, through the
 * partial indexes of migration 12 and version 6, so a run with nothing to do reads next to nothing.
 */
import { SqliteQueries } from './sqlite-queries.js';
import { TICKET_SELECT } from './ticket-query.js';
import type { AwaitingRow, RecordedWarning, SlaPatch, TicketRow, WarnCandidate } from './types.js';

/** When the current wait began: the latest change into awaiting-response (creation for imported rows). */
const WAITING_SINCE = `coalesce((SELECT max(e.at) FROM events e WHERE e.ticket_id = t.id AND e.type IN ('status','reopened')
  AND json_extract(e.data, '$.to') = 'awaiting-response'), t.created_at)`;

const OPEN = "t.status IN ('open','in-progress','awaiting-response')";

export class SqliteAutomateQueries extends SqliteQueries {
  resolvedBefore(cutoff: string): TicketRow[] {
    return this.stmt(`${TICKET_SELECT} WHERE t.status = 'resolved' AND t.resolved_at <= ? ORDER BY t.resolved_at, t.id`)
      .all(cutoff) as TicketRow[];
  }

  awaitingSince(cutoff: string): AwaitingRow[] {
    const rows = this.stmt(`SELECT * FROM (SELECT t.id AS wid, ${WAITING_SINCE} AS waiting_since FROM tickets t
        WHERE t.status = 'awaiting-response') w JOIN (${TICKET_SELECT}) x ON x.id = w.wid
      WHERE w.waiting_since <= @cutoff ORDER BY w.waiting_since, x.id`).all({ cutoff }) as Array<TicketRow & { wid: number; waiting_since: string }>;
    return rows.map(({ wid: _wid, waiting_since, ...ticket }) => ({
      ticket: ticket as TicketRow,
      waiting_since,
      reminded: this.get<{ n: number }>(`SELECT 1 AS n FROM events e WHERE e.ticket_id = ? AND e.type = 'reminded'
        AND json_extract(e.data, '$.waiting_since') = ?`, ticket.id, waiting_since) !== null,
    }));
  }

  warnCandidates(now: string): WarnCandidate[] {
    const unwarned = (clock: string, extra: string) => `NOT EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = t.id
      AND e.type IN ('warning','overdue') AND json_extract(e.data, '$.clock') = '${clock}'${extra})`;
    const resolution = this.stmt(`${TICKET_SELECT} WHERE ${OPEN} AND t.due_at IS NOT NULL AND t.due_at > @now
      AND t.paused_at IS NULL AND ${unwarned('resolution', " AND json_extract(e.data, '$.clock_start_at') = t.clock_start_at")}
      ORDER BY t.due_at, t.id`).all({ now }) as TicketRow[];
    const firstResponse = this.stmt(`${TICKET_SELECT} WHERE ${OPEN} AND t.first_response_at IS NULL
      AND t.first_response_due_at IS NOT NULL AND t.first_response_due_at > @now AND ${unwarned('first_response', '')}
      ORDER BY t.first_response_due_at, t.id`).all({ now }) as TicketRow[];
    return [
      ...firstResponse.map((ticket): WarnCandidate => ({ ticket, clock: 'first_response', due_at: ticket.first_response_due_at! })),
      ...resolution.map((ticket): WarnCandidate => ({ ticket, clock: 'resolution', due_at: ticket.due_at! })),
    ];
  }

  warningsOf(ticketIds: readonly number[]): RecordedWarning[] {
    if (ticketIds.length === 0) return [];
    const rows = this.stmt(`SELECT e.ticket_id, e.at, json_extract(e.data, '$.clock') AS clock,
        json_extract(e.data, '$.clock_start_at') AS clock_start_at, json_extract(e.data, '$.due_at') AS due_at
      FROM events e WHERE e.type = 'warning' AND e.ticket_id IN (SELECT value FROM json_each(?)) ORDER BY e.id`)
      .all(JSON.stringify(ticketIds));
    return rows as RecordedWarning[];
  }
}

/** Issue 21: editing plans and schedules (`sla edit`, `schedule edit`, `schedule remove`). */
export class SqliteSlaEditQueries extends SqliteQueries {
  updateSla(id: number, p: SlaPatch): void {
    const cur = this.get<{ minutes: number; first_response_minutes: number | null; pause_awaiting: number; schedule_id: number | null }>(
      'SELECT minutes, first_response_minutes, pause_awaiting, schedule_id FROM sla_plans WHERE id = ?', id)!;
    this.stmt('UPDATE sla_plans SET minutes = ?, first_response_minutes = ?, pause_awaiting = ?, schedule_id = ? WHERE id = ?').run(
      p.minutes ?? cur.minutes,
      p.firstResponseMinutes === undefined ? cur.first_response_minutes : p.firstResponseMinutes,
      p.pauseAwaiting === undefined ? cur.pause_awaiting : p.pauseAwaiting ? 1 : 0,
      p.scheduleId === undefined ? cur.schedule_id : p.scheduleId,
      id,
    );
  }

  updateSchedule(id: number, p: { ranges?: string; timezone?: string }): void {
    if (p.ranges !== undefined) this.stmt('UPDATE schedules SET ranges = ? WHERE id = ?').run(p.ranges, id);
    if (p.timezone !== undefined) this.stmt('UPDATE schedules SET timezone = ? WHERE id = ?').run(p.timezone, id);
  }

  deleteSchedule(id: number): void {
    this.stmt('DELETE FROM schedules WHERE id = ?').run(id);
  }

  openTicketsOnPlan(slaId: number): TicketRow[] {
    return this.stmt(`${TICKET_SELECT} WHERE ${OPEN} AND t.sla_id = ? ORDER BY t.id`).all(slaId) as TicketRow[];
  }
}
