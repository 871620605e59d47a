/**
 * PostgreSQL queries of the SLA domain, ported from sla/sqlite.ts: schedules and plans,
 * the urgency queue, breaches, the digest's pending alerts and warnings. Several `sla check` may run at once on one desk: a batch locks the tickets it records
 * (FOR UPDATE SKIP LOCKED, so another run takes the next ones) and, once they are its own, checks
 * again that no other run recorded them in the meantime — so each breach is recorded once.
 */
import type {
  BreachCursor, PendingAlertRow, RecordedWarning, ScheduleRow, SlaBreachRow, SlaPatch, SlaQueueFilter, SlaRow, TicketRow, WarnBatchQuery,
  WarnCandidate,
} from '../types.js';
import type { PgConn } from './conn.js';
import { getNamed, insertNamed } from './named.js';
import { OPEN_SQL as OPEN, Params, TICKET_SELECT, ticketWhere } from './ticket-query.js';

/** The clock that runs out first (as in sqlite-sla.ts; the same expression keys tickets_sla_queue). */
export const NEXT_DUE = `(CASE WHEN t.first_response_at IS NULL AND t.first_response_due_at IS NOT NULL
  AND (t.due_at IS NULL OR t.first_response_due_at < t.due_at) THEN t.first_response_due_at ELSE t.due_at END)`;

/**
 * The unrecorded breaches of one clock at `now` (a parameter), read from the partial indexes of
 * version 20 (tickets_resolution_unrecorded, tickets_first_response_unrecorded), whose terms these
 * repeat: the marks on the ticket are kept by a trigger on the insert of an `overdue` event, and
 * FOR UPDATE re-reads them on the locked row, so a breach another run recorded meanwhile drops out.
 */
const breachWhere = (clock: 'resolution' | 'first_response', now: string) => clock === 'resolution'
  ? `${OPEN} AND t.due_at IS NOT NULL AND (t.paused_at IS NULL OR t.due_at < t.paused_at)
     AND t.resolution_breach_run IS DISTINCT FROM t.clock_start_at AND t.due_at < ${now}`
  : `${OPEN} AND t.first_response_at IS NULL AND t.first_response_due_at IS NOT NULL AND t.first_response_breached = 0
     AND t.first_response_due_at < ${now}`;

/** Still unrecorded on the row as it is now (the marks of version 20). */
const unrecorded = (clock: 'resolution' | 'first_response') => clock === 'resolution'
  ? 't.resolution_breach_run IS DISTINCT FROM t.clock_start_at'
  : 't.first_response_breached = 0';
const CLOCK_COL = { resolution: 't.due_at', first_response: 't.first_response_due_at' } as const;

const SLA_SELECT = 'SELECT p.*, sc.name AS schedule FROM sla_plans p LEFT JOIN schedules sc ON sc.id = p.schedule_id';
/** Not yet warned (or breached) for this clock (run): `automate run` warns once. */
const unwarned = (clock: 'resolution' | 'first_response') => `NOT EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = t.id
  AND e.type IN ('warning','overdue') AND (e.data::jsonb->>'clock') = '${clock}'${clock === 'resolution' ? " AND (e.data::jsonb->>'clock_start_at') = t.clock_start_at" : ''})`;

export class PgSla {
  /** Locks are taken only in a write transaction (c.writing): a read transaction is read-only. */
  constructor(private readonly c: PgConn) {}

  async schedules() {
    return this.c.all<ScheduleRow>(`SELECT * FROM schedules ORDER BY hd_nocase(name)`);
  }
  async scheduleById(id: number) {
    return this.c.one<ScheduleRow>('SELECT * FROM schedules WHERE id = $1', [id]);
  }
  async scheduleByName(name: string) {
    return getNamed<ScheduleRow>(this.c, 'SELECT * FROM schedules', 'name', name);
  }
  async insertSchedule(s: { name: string; timezone: string; ranges: string; holidays: string }) {
    return insertNamed(this.c, 'schedule', s.name, 'INSERT INTO schedules(name, timezone, ranges, holidays) VALUES ($1, $2, $3, $4)',
      [s.name, s.timezone, s.ranges, s.holidays]);
  }
  async updateSchedule(id: number, p: { ranges?: string; timezone?: string }) {
    if (p.ranges !== undefined) await this.c.run('UPDATE schedules SET ranges = $1 WHERE id = $2', [p.ranges, id]);
    if (p.timezone !== undefined) await this.c.run('UPDATE schedules SET timezone = $1 WHERE id = $2', [p.timezone, id]);
  }
  async updateScheduleHolidays(id: number, holidays: string) {
    await this.c.run('UPDATE schedules SET holidays = $1 WHERE id = $2', [holidays, id]);
  }
  async deleteSchedule(id: number) {
    await this.c.run('DELETE FROM schedules WHERE id = $1', [id]);
  }

  async slaPlans() {
    return this.c.all<SlaRow>(`${SLA_SELECT} ORDER BY p.minutes, hd_nocase(p.name)`);
  }
  async slaByName(name: string) {
    return getNamed<SlaRow>(this.c, SLA_SELECT, 'p.name', name);
  }
  async slaById(id: number) {
    return this.c.one<SlaRow>(`${SLA_SELECT} WHERE p.id = $1`, [id]);
  }
  async insertSla(p: { name: string; minutes: number; firstResponseMinutes: number | null; pauseAwaiting: boolean; scheduleId: number | null }) {
    return insertNamed(this.c, 'SLA plan', p.name,
      'INSERT INTO sla_plans(name, minutes, first_response_minutes, pause_awaiting, schedule_id) VALUES ($1, $2, $3, $4, $5)',
      [p.name, p.minutes, p.firstResponseMinutes, p.pauseAwaiting ? 1 : 0, p.scheduleId]);
  }
  async updateSla(id: number, p: SlaPatch) {
    const sets: string[] = [];
    const q = new Params();
    if (p.minutes !== undefined) sets.push(`minutes = ${q.add(p.minutes)}`);
    if (p.firstResponseMinutes !== undefined) sets.push(`first_response_minutes = ${q.add(p.firstResponseMinutes)}`);
    if (p.pauseAwaiting !== undefined) sets.push(`pause_awaiting = ${q.add(p.pauseAwaiting ? 1 : 0)}`);
    if (p.scheduleId !== undefined) sets.push(`schedule_id = ${q.add(p.scheduleId)}`);
    if (sets.length === 0) return;
    await this.c.run(`UPDATE sla_plans SET ${sets.join(', ')} WHERE id = ${q.add(id)}`, q.values);
  }

  async openTicketsOnSchedule(scheduleId: number) {
    return this.c.all<TicketRow>(`${TICKET_SELECT} WHERE ${OPEN} AND s.schedule_id = $1 ORDER BY t.id`, [scheduleId]);
  }
  async openTicketsOnPlan(slaId: number) {
    return this.c.all<TicketRow>(`${TICKET_SELECT} WHERE ${OPEN} AND t.sla_id = $1 ORDER BY t.id`, [slaId]);
  }

  /** Open tickets with a pending clock, most urgent first, paused clocks last (index tickets_sla_queue). */
  async slaQueue(f: SlaQueueFilter) {
    const p = new Params();
    const where = ticketWhere({
      scope: f.scope, queue: 'open', meAgentId: null, deptId: f.deptId, assigneeId: f.assigneeId, sort: 'due', limit: null, now: f.now,
    }, p).sql.replace(/^WHERE /, '');
    const limit = f.limit === null ? '' : ` LIMIT ${Math.max(0, Math.floor(f.limit))}`;
    return this.c.all<TicketRow>(`${TICKET_SELECT} WHERE ${where} AND ${NEXT_DUE} IS NOT NULL
      ORDER BY (t.paused_at IS NOT NULL AND ${NEXT_DUE} >= t.paused_at AND ${NEXT_DUE} IS DISTINCT FROM t.first_response_due_at),
        ${NEXT_DUE}, t.id${limit}`, p.values);
  }

  async slaBreaches(now: string): Promise<SlaBreachRow[]> {
    const first = await this.c.all<TicketRow>(`${TICKET_SELECT} WHERE ${breachWhere('first_response', '$1')}
      ORDER BY t.first_response_due_at, t.id`, [now]);
    const resolution = await this.c.all<TicketRow>(`${TICKET_SELECT} WHERE ${breachWhere('resolution', '$1')}
      ORDER BY t.due_at, t.id`, [now]);
    return [
      ...first.map((ticket): SlaBreachRow => ({ ticket, clock: 'first_response', due_at: ticket.first_response_due_at! })),
      ...resolution.map((ticket): SlaBreachRow => ({ ticket, clock: 'resolution', due_at: ticket.due_at! })),
    ].sort((a, b) => a.due_at.localeCompare(b.due_at) || a.ticket.id - b.ticket.id);
  }

  /**
   * Up to `limit` unrecorded breaches of one clock after `after`, in (due, id) order, locked for this
   * transaction. Rows another run holds are skipped (it records them); rows another run recorded
   * between this statement's snapshot and the lock are dropped by the second look, and when that
   * leaves nothing the next rows are tried, so an empty answer always means "none left".
   */
  async slaBreachBatch(now: string, clock: 'resolution' | 'first_response', after: BreachCursor | null, limit: number): Promise<SlaBreachRow[]> {
    const col = CLOCK_COL[clock];
    let cursor = after;
    for (;;) {
      const p = new Params();
      const from = cursor === null ? '' : ` AND (${col} > ${p.add(cursor.due)} OR (${col} = ${p.add(cursor.due)} AND t.id > ${p.add(cursor.id)}))`;
      const lock = this.c.writing ? ' FOR UPDATE OF t SKIP LOCKED' : '';
      const rows = await this.c.all<TicketRow>(`${TICKET_SELECT} WHERE ${breachWhere(clock, p.add(now))}${from}
        ORDER BY ${col}, t.id LIMIT ${p.add(limit)}${lock}`, p.values);
      if (rows.length === 0) return [];
      const still = this.c.writing ? await this.stillUnrecorded(clock, rows.map((r) => r.id)) : null;
      const kept = still === null ? rows : rows.filter((r) => still.has(Number(r.id)));
      if (kept.length > 0) {
        return kept.map((ticket) => ({ ticket, clock, due_at: (clock === 'resolution' ? ticket.due_at : ticket.first_response_due_at)! }));
      }
      const last = rows[rows.length - 1]!;
      cursor = { due: (clock === 'resolution' ? last.due_at : last.first_response_due_at)!, id: Number(last.id) };
    }
  }

  /** Of these (locked) tickets, those whose breach is still unrecorded, seen by a fresh statement. */
  private async stillUnrecorded(clock: 'resolution' | 'first_response', ids: number[]): Promise<Set<number>> {
    const rows = await this.c.all<{ id: number }>(`SELECT t.id FROM tickets t WHERE t.id = ANY($1::bigint[]) AND ${unrecorded(clock)}`, [ids]);
    return new Set(rows.map((r) => Number(r.id)));
  }

  /**
   * The next `limit` open clocks due in (now, horizon] without a warning (or breach) recorded for the
   * clock run, in due order after `after` (keyset, as the breach batches and as on SQLite). Resolution
   * clocks are read from tickets_open_due (a paused clock is no candidate), first-response clocks from
   * tickets_first_response_due.
   */
  async warnBatch(q: WarnBatchQuery): Promise<WarnCandidate[]> {
    const col = CLOCK_COL[q.clock];
    const p = new Params();
    const now = p.add(q.now);
    const horizon = p.add(q.horizon);
    const where = q.clock === 'resolution'
      ? `${OPEN} AND (t.due_at IS NULL) = false AND t.due_at > ${now} AND t.due_at <= ${horizon} AND t.paused_at IS NULL`
      : `${OPEN} AND t.first_response_at IS NULL AND t.first_response_due_at IS NOT NULL
         AND t.first_response_due_at > ${now} AND t.first_response_due_at <= ${horizon}`;
    const from = q.after === null ? '' : ` AND (${col} > ${p.add(q.after.due)} OR (${col} = ${p.add(q.after.due)} AND t.id > ${p.add(q.after.id)}))`;
    const rows = await this.c.all<TicketRow>(`${TICKET_SELECT} WHERE ${where} AND ${unwarned(q.clock)}${from}
      ORDER BY ${col}, t.id LIMIT ${p.add(q.limit)}`, p.values);
    return rows.map((ticket): WarnCandidate => ({
      ticket, clock: q.clock, due_at: (q.clock === 'resolution' ? ticket.due_at : ticket.first_response_due_at)!,
    }));
  }

  /** The `warning` events of these tickets, oldest first. */
  async warningsOf(ticketIds: readonly number[]): Promise<RecordedWarning[]> {
    if (ticketIds.length === 0) return [];
    return this.c.all<RecordedWarning>(`SELECT e.ticket_id, e.at, (e.data::jsonb->>'clock') AS clock,
        (e.data::jsonb->>'clock_start_at') AS clock_start_at, (e.data::jsonb->>'due_at') AS due_at
      FROM events e WHERE e.type = 'warning' AND e.ticket_id = ANY($1::bigint[]) ORDER BY e.id`, [ticketIds]);
  }

  async insertPendingAlert(recipient: string, eventId: number) {
    await this.c.run('INSERT INTO sla_alert_pending(recipient, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [recipient, eventId]);
  }

  /**
   * Everyone with alerts waiting. In a write transaction their rows are locked (skipping those
   * another run's digest holds), so two runs never mail the same alert.
   */
  async pendingAlertRecipients(): Promise<string[]> {
    if (!this.c.writing) {
      return (await this.c.all<{ recipient: string }>('SELECT DISTINCT recipient FROM sla_alert_pending ORDER BY recipient'))
        .map((r) => r.recipient);
    }
    const rows = await this.c.all<{ recipient: string }>(
      'SELECT recipient FROM sla_alert_pending ORDER BY recipient, event_id FOR UPDATE SKIP LOCKED');
    return [...new Set(rows.map((r) => r.recipient))];
  }

  /** The first `limit` alerts waiting for one person, oldest breach first, and how many there are. */
  async pendingAlertsOf(recipient: string, limit: number): Promise<{ rows: PendingAlertRow[]; total: number }> {
    const total = Number((await this.c.one<{ n: number }>('SELECT count(*) AS n FROM sla_alert_pending WHERE recipient = $1', [recipient]))!.n);
    const rows = await this.c.all<PendingAlertRow>(`SELECT x.*, e.id AS event_id, e.data AS event_data FROM sla_alert_pending p
      JOIN events e ON e.id = p.event_id
      JOIN (${TICKET_SELECT}) x ON x.id = e.ticket_id
      WHERE p.recipient = $1 ORDER BY p.event_id LIMIT $2`, [recipient, limit]);
    return { rows, total };
  }

  async deletePendingAlerts(recipient: string) {
    await this.c.run('DELETE FROM sla_alert_pending WHERE recipient = $1', [recipient]);
  }
}
