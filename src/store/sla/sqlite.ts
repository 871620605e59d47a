/**
 * The SQLite service levels: schedules and plans, the urgency queue, breaches (all at once, or a
 * backlog a batch at a time in due order), warnings, and the alerts waiting for `sla check`'s digest
 * (table sla_alert_pending, schema 9). Visibility comes from the same WHERE builder as ticket lists.
 */
import { SqliteQueries } from '../sqlite-queries.js';
import { OPEN_SQL as OPEN, TICKET_SELECT, and, namedWhere } from '../ticket-query.js';
import type { TicketRow } from '../tickets/types.js';
import type {
  BreachCursor, PendingAlertRow, RecordedWarning, ScheduleRow, SlaBreachRow, SlaPatch, SlaQueueFilter, SlaRow, SlaTx, WarnBatchQuery, WarnCandidate,
} from './types.js';

type Clock = 'resolution' | 'first_response';

/** The clock that runs out first: first response while unanswered and earlier, else resolution. */
const NEXT_DUE = `(CASE WHEN t.first_response_at IS NULL AND t.first_response_due_at IS NOT NULL
  AND (t.due_at IS NULL OR t.first_response_due_at < t.due_at) THEN t.first_response_due_at ELSE t.due_at END)`;

/** No `types` event (overdue, or warning too) recorded yet for this clock (and, for resolution, this clock run). */
const unrecorded = (types: string, clock: Clock) => `NOT EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = t.id
  AND e.type IN (${types}) AND json_extract(e.data, '$.clock') = '${clock}'${
  clock === 'resolution' ? " AND json_extract(e.data, '$.clock_start_at') = t.clock_start_at" : ''})`;

/**
 * The breaches still to record. Each term of the partial indexes of migration 20 is repeated here word
 * for word (SQLite uses a partial index only when the query states its WHERE): they hold just the
 * clocks whose breach is unrecorded — `resolution_breach_run` and `first_response_breached` are kept
 * by triggers on the insert of an `overdue` event — so a run reads the ones due before now and no
 * more, instead of probing the events of every overdue open ticket. The first-response clock never
 * pauses (CONTRACT: SLA rules made explicit), so a pause does not freeze it. The indexes are named:
 * the planner, without statistics for them, preferred the status index and read every overdue
 * ticket; INDEXED BY also makes a query that no longer matches its index fail loudly.
 */
const indexedBy = (index: string) => TICKET_SELECT.replace('FROM tickets t', `FROM tickets t INDEXED BY ${index}`);
const BREACH: Record<Clock, { col: string; select: string; where: string }> = {
  resolution: { col: 't.due_at', select: indexedBy('tickets_resolution_unrecorded'), where: `${OPEN} AND t.due_at IS NOT NULL AND (t.paused_at IS NULL OR t.due_at < t.paused_at)
    AND t.resolution_breach_run IS NOT t.clock_start_at AND t.due_at < @now` },
  first_response: { col: 't.first_response_due_at', select: indexedBy('tickets_first_response_unrecorded'), where: `${OPEN} AND t.first_response_at IS NULL
    AND t.first_response_due_at IS NOT NULL AND t.first_response_breached = 0 AND t.first_response_due_at < @now` },
};

/** The breach batches' queries, for the test that asserts their plans use the due-time indexes. */
export const BREACH_SQL_FOR_TESTS = BREACH;

/**
 * The warning windows: open clocks due in (now, horizon] with no warning (or breach) yet. Resolution:
 * `(due_at IS NULL) = 0` and the range on due_at match the open queue index of version 6
 * (tickets_open_due); a paused clock is no candidate. First response: the partial index of
 * migration 17 holds exactly the open unanswered clocks, keyed by their due time.
 */
export const WARN_SQL: Record<Clock, { col: string; where: string }> = {
  resolution: { col: 't.due_at', where: `${OPEN} AND (t.due_at IS NULL) = 0 AND t.due_at > @now AND t.due_at <= @horizon
    AND t.paused_at IS NULL AND ${unrecorded("'warning','overdue'", 'resolution')}` },
  first_response: { col: 't.first_response_due_at', where: `${OPEN} AND t.first_response_at IS NULL AND t.first_response_due_at IS NOT NULL
    AND t.first_response_due_at > @now AND t.first_response_due_at <= @horizon AND ${unrecorded("'warning','overdue'", 'first_response')}` },
};

/**
 * The urgency queue is read from the index tickets_sla_queue (schema 9), whose keys are its ORDER BY,
 * 50 entries for a first page. Named, because SQLite's planner, left to itself, started from the
 * departments or the status index and sorted every open ticket (129 ms at 1M tickets); a filter
 * (a department, an agent's visibility) is checked along the index, still without a sort.
 */
const QUEUE_SELECT = TICKET_SELECT.replace('FROM tickets t', 'FROM tickets t INDEXED BY tickets_sla_queue');

const SLA_SELECT = 'SELECT p.*, sc.name AS schedule FROM sla_plans p LEFT JOIN schedules sc ON sc.id = p.schedule_id';

const asBreaches = (rows: TicketRow[], clock: Clock): SlaBreachRow[] =>
  rows.map((ticket) => ({ ticket, clock, due_at: (clock === 'resolution' ? ticket.due_at : ticket.first_response_due_at)! }));

export class SqliteSla extends SqliteQueries implements SlaTx {
  async schedules() {
    return this.all<ScheduleRow>('SELECT * FROM schedules ORDER BY name');
  }
  async scheduleById(id: number) {
    return this.get<ScheduleRow>('SELECT * FROM schedules WHERE id = ?', id);
  }
  async scheduleByName(name: string) {
    return this.getNamed<ScheduleRow>('SELECT * FROM schedules', 'name', name);
  }
  async insertSchedule(s: { name: string; timezone: string; ranges: string; holidays: string }) {
    return this.insertNamed('schedule', s.name, 'INSERT INTO schedules(name, timezone, ranges, holidays) VALUES (?, ?, ?, ?)',
      s.name, s.timezone, s.ranges, s.holidays);
  }
  async updateSchedule(id: number, p: { ranges?: string; timezone?: string }) {
    if (p.ranges !== undefined) this.run('UPDATE schedules SET ranges = ? WHERE id = ?', p.ranges, id);
    if (p.timezone !== undefined) this.run('UPDATE schedules SET timezone = ? WHERE id = ?', p.timezone, id);
  }
  async updateScheduleHolidays(id: number, holidays: string) {
    this.run('UPDATE schedules SET holidays = ? WHERE id = ?', holidays, id);
  }
  async deleteSchedule(id: number) {
    this.run('DELETE FROM schedules WHERE id = ?', id);
  }

  async slaPlans() {
    return this.all<SlaRow>(`${SLA_SELECT} ORDER BY p.minutes, p.name`);
  }
  async slaByName(name: string) {
    return this.getNamed<SlaRow>(SLA_SELECT, 'p.name', name);
  }
  async slaById(id: number) {
    return this.get<SlaRow>(`${SLA_SELECT} WHERE p.id = ?`, id);
  }
  async insertSla(p: { name: string; minutes: number; firstResponseMinutes: number | null; pauseAwaiting: boolean; scheduleId: number | null }) {
    return this.insertNamed('SLA plan', p.name,
      'INSERT INTO sla_plans(name, minutes, first_response_minutes, pause_awaiting, schedule_id) VALUES (?, ?, ?, ?, ?)',
      p.name, p.minutes, p.firstResponseMinutes, p.pauseAwaiting ? 1 : 0, p.scheduleId);
  }
  async updateSla(id: number, p: SlaPatch) {
    const cur = this.get<{ minutes: number; first_response_minutes: number | null; pause_awaiting: number; schedule_id: number | null }>(
      'SELECT minutes, first_response_minutes, pause_awaiting, schedule_id FROM sla_plans WHERE id = ?', id)!;
    this.run('UPDATE sla_plans SET minutes = ?, first_response_minutes = ?, pause_awaiting = ?, schedule_id = ? WHERE id = ?',
      p.minutes ?? cur.minutes,
      p.firstResponseMinutes === undefined ? cur.first_response_minutes : p.firstResponseMinutes,
      p.pauseAwaiting === undefined ? cur.pause_awaiting : p.pauseAwaiting ? 1 : 0,
      p.scheduleId === undefined ? cur.schedule_id : p.scheduleId,
      id,
    );
  }
  async openTicketsOnSchedule(scheduleId: number) {
    return this.all<TicketRow>(`${TICKET_SELECT} WHERE ${OPEN} AND s.schedule_id = ? ORDER BY t.id`, scheduleId);
  }
  async openTicketsOnPlan(slaId: number) {
    return this.all<TicketRow>(`${TICKET_SELECT} WHERE ${OPEN} AND t.sla_id = ? ORDER BY t.id`, slaId);
  }

  async slaQueue(f: SlaQueueFilter) {
    const where = namedWhere({
      scope: f.scope, queue: 'open', meAgentId: null, deptId: f.deptId, assigneeId: f.assigneeId, sort: 'due', limit: null, now: f.now,
    });
    const limit = f.limit === null ? '' : ` LIMIT ${Math.max(0, Math.floor(f.limit))}`;
    const sql = `${QUEUE_SELECT} ${and(where.sql, `${NEXT_DUE} IS NOT NULL`)}
      ORDER BY (t.paused_at IS NOT NULL AND ${NEXT_DUE} >= t.paused_at AND ${NEXT_DUE} IS NOT t.first_response_due_at), ${NEXT_DUE}, t.id${limit}`;
    return this.all<TicketRow>(sql, where.params);
  }
  async slaBreaches(now: string) {
    const of = (clock: Clock) => asBreaches(this.all<TicketRow>(
      `${BREACH[clock].select} WHERE ${BREACH[clock].where} ORDER BY ${BREACH[clock].col}, t.id`, { now }), clock);
    return [...of('first_response'), ...of('resolution')]
      .sort((a, b) => a.due_at.localeCompare(b.due_at) || a.ticket.id - b.ticket.id);
  }
  async slaBreachBatch(now: string, clock: Clock, after: BreachCursor | null, limit: number) {
    const q = BREACH[clock];
    const from = after === null ? '' : ` AND (${q.col} > @due OR (${q.col} = @due AND t.id > @id))`;
    return asBreaches(this.all<TicketRow>(`${q.select} WHERE ${q.where}${from} ORDER BY ${q.col}, t.id LIMIT @limit`,
      { now, limit, ...(after === null ? {} : { due: after.due, id: after.id }) }), clock);
  }
  /**
   * The next `limit` open clocks due in (now, horizon] without a warning (or breach) recorded for the
   * clock run, in due order after `after` (keyset, as the breach batches). The desk computes the
   * horizon from the rule and the plans, so a run reads only the clocks that can be in the window.
   */
  async warnBatch(q: WarnBatchQuery) {
    const w = WARN_SQL[q.clock];
    const from = q.after === null ? '' : ` AND (${w.col} > @due OR (${w.col} = @due AND t.id > @id))`;
    return asBreaches(this.all<TicketRow>(`${TICKET_SELECT} WHERE ${w.where}${from} ORDER BY ${w.col}, t.id LIMIT @limit`, {
      now: q.now, horizon: q.horizon, limit: q.limit, ...(q.after === null ? {} : { due: q.after.due, id: q.after.id }),
    }), q.clock) as WarnCandidate[];
  }
  async warningsOf(ticketIds: readonly number[]) {
    if (ticketIds.length === 0) return [];
    return this.all<RecordedWarning>(`SELECT e.ticket_id, e.at, json_extract(e.data, '$.clock') AS clock,
        json_extract(e.data, '$.clock_start_at') AS clock_start_at, json_extract(e.data, '$.due_at') AS due_at
      FROM events e WHERE e.type = 'warning' AND e.ticket_id IN (SELECT value FROM json_each(?)) ORDER BY e.id`,
    JSON.stringify(ticketIds));
  }

  async insertPendingAlert(recipient: string, eventId: number) {
    this.run('INSERT OR IGNORE INTO sla_alert_pending(recipient, event_id) VALUES (?, ?)', recipient, eventId);
  }
  async pendingAlertRecipients() {
    return this.all<{ recipient: string }>('SELECT DISTINCT recipient FROM sla_alert_pending ORDER BY recipient').map((r) => r.recipient);
  }
  async pendingAlertsOf(recipient: string, limit: number): Promise<{ rows: PendingAlertRow[]; total: number }> {
    const total = this.get<{ n: number }>('SELECT count(*) AS n FROM sla_alert_pending WHERE recipient = ?', recipient)!.n;
    const rows = this.all<PendingAlertRow>(`SELECT x.*, e.id AS event_id, e.data AS event_data FROM sla_alert_pending p
      JOIN events e ON e.id = p.event_id
      JOIN (${TICKET_SELECT}) x ON x.id = e.ticket_id
      WHERE p.recipient = ? ORDER BY p.event_id LIMIT ?`, recipient, limit);
    return { rows, total };
  }
  async deletePendingAlerts(recipient: string) {
    this.run('DELETE FROM sla_alert_pending WHERE recipient = ?', recipient);
  }
}
