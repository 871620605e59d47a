/**
 * SQLite queries of `sla check` on a backlog (issue 14): unrecorded breaches a batch at a time in
 * due order (keyset, so each batch starts where the last ended), and the alerts waiting for the
 * run's digest (table sla_alert_pending, schema 9).
 */
import { OPEN_STATUSES } from '../core/model.js';
import { SqliteQueries } from './sqlite-queries.js';
import { TICKET_SELECT } from './ticket-query.js';
import type { BreachCursor, PendingAlertRow, SlaBreachRow, TicketRow } from './types.js';

const OPEN = `t.status IN (${OPEN_STATUSES.map((s) => `'${s}'`).join(',')})`;

/** Past `col` and not frozen by a pause that began before it (as in sqlite-sla.ts). */
const breached = (col: string) => `${col} IS NOT NULL AND ${col} < @now AND (t.paused_at IS NULL OR ${col} < t.paused_at)`;

const unrecorded = (clock: string, extra: string) => `NOT EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = t.id
  AND e.type = 'overdue' AND json_extract(e.data, '$.clock') = '${clock}'${extra})`;

// The first-response clock never pauses (CONTRACT: SLA rules made explicit), so a pause does not freeze it.
const BATCH_SQL = {
  resolution: { col: 't.due_at', where: `${OPEN} AND ${breached('t.due_at')}
    AND ${unrecorded('resolution', " AND json_extract(e.data, '$.clock_start_at') = t.clock_start_at")}` },
  first_response: { col: 't.first_response_due_at', where: `${OPEN} AND t.first_response_at IS NULL
    AND t.first_response_due_at IS NOT NULL AND t.first_response_due_at < @now
    AND ${unrecorded('first_response', '')}` },
} as const;

export class SqliteSlaAlerts extends SqliteQueries {
  slaBreachBatch(now: string, clock: 'resolution' | 'first_response', after: BreachCursor | null, limit: number): SlaBreachRow[] {
    const q = BATCH_SQL[clock];
    const from = after === null ? '' : ` AND (${q.col} > @due OR (${q.col} = @due AND t.id > @id))`;
    const rows = this.stmt(`${TICKET_SELECT} WHERE ${q.where}${from} ORDER BY ${q.col}, t.id LIMIT @limit`)
      .all({ now, limit, ...(after === null ? {} : { due: after.due, id: after.id }) }) as TicketRow[];
    return rows.map((ticket) => ({ ticket, clock, due_at: (clock === 'resolution' ? ticket.due_at : ticket.first_response_due_at)! }));
  }

  insertPendingAlert(recipient: string, eventId: number): void {
    this.stmt('INSERT OR IGNORE INTO sla_alert_pending(recipient, event_id) VALUES (?, ?)').run(recipient, eventId);
  }

  pendingAlertRecipients(): string[] {
    return this.stmt('SELECT DISTINCT recipient FROM sla_alert_pending ORDER BY recipient').pluck().all() as string[];
  }

  /** The first `limit` alerts waiting for one person, oldest breach first, and how many there are. */
  pendingAlertsOf(recipient: string, limit: number): { rows: PendingAlertRow[]; total: number } {
    const total = this.stmt('SELECT count(*) FROM sla_alert_pending WHERE recipient = ?').pluck().get(recipient) as number;
    const rows = this.stmt(`SELECT x.*, e.id AS event_id, e.data AS event_data FROM sla_alert_pending p
      JOIN events e ON e.id = p.event_id
      JOIN (${TICKET_SELECT}) x ON x.id = e.ticket_id
      WHERE p.recipient = ? ORDER BY p.event_id LIMIT ?`).all(recipient, limit) as PendingAlertRow[];
    return { rows, total };
  }

  deletePendingAlerts(recipient: string): void {
    this.stmt('DELETE FROM sla_alert_pending WHERE recipient = ?').run(recipient);
  }
}
