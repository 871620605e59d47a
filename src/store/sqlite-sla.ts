/**
 * SQLite queries of the SLA engine and reports (issue 4): the urgency queue, unrecorded breaches, and the
 * report's counts and row stream. Visibility comes from the same WHERE builder as ticket lists, so a
 * report or SLA view never counts a ticket the actor may not see.
 */
import { SqliteQueries } from './sqlite-queries.js';
import type { ReportCounts } from '../core/report.js';
import { OPEN_STATUSES } from '../core/model.js';
import { TICKET_SELECT, ticketWhere } from './ticket-query.js';
import type { ReportFilter, ReportTimeRow, ScheduleRow, SlaBreachRow, SlaQueueFilter, TicketRow } from './types.js';

type Param = string | number | null;

const OPEN = `t.status IN (${OPEN_STATUSES.map((s) => `'${s}'`).join(',')})`;

/** The clock that runs out first: first response while unanswered and earlier, else resolution. */
const NEXT_DUE = `(CASE WHEN t.first_response_at IS NULL AND t.first_response_due_at IS NOT NULL
  AND (t.due_at IS NULL OR t.first_response_due_at < t.due_at) THEN t.first_response_due_at ELSE t.due_at END)`;

/** Past `col` and not frozen by a pause that began before it (a paused clock does not run out). */
const breached = (col: string) => `${col} IS NOT NULL AND ${col} < @now AND (t.paused_at IS NULL OR ${col} < t.paused_at)`;
/** Past the first-response target: that clock never pauses. */
const frBreached = "t.first_response_due_at IS NOT NULL AND t.first_response_due_at < @now";


const GROUP_KEY: Record<string, string> = { dept: 'd.name', agent: 'a.username', sla: 's.name', topic: 'tp.name', team: 'tm.name' };

/**
 * A report reads every ticket of its window (40,000 a month at a million tickets): join only the
 * table its grouping names, not all six of a ticket row (issue 8). Visibility needs none of them.
 */
const GROUP_FROM: Record<string, string> = {
  dept: 'FROM tickets t JOIN departments d ON d.id = t.dept_id',
  agent: 'FROM tickets t LEFT JOIN agents a ON a.id = t.assignee_id',
  sla: 'FROM tickets t LEFT JOIN sla_plans s ON s.id = t.sla_id',
  topic: 'FROM tickets t LEFT JOIN topics tp ON tp.id = t.topic_id',
  team: 'FROM tickets t LEFT JOIN teams tm ON tm.id = t.team_id',
};
const fromFor = (by: string | null) => (by === null ? 'FROM tickets t' : GROUP_FROM[by]!);

/** Turns ticketWhere's positional parameters into named ones, so extra clauses can use @names. */
function named(where: { sql: string; params: Array<string | number> }): { sql: string; params: Record<string, Param> } {
  const params: Record<string, Param> = {};
  let i = 0;
  const sql = where.sql.replace(/\?/g, () => {
    const name = `p${i}`;
    params[name] = where.params[i++]!;
    return `@${name}`;
  });
  return { sql, params };
}

function and(where: string, clause: string): string {
  return where ? `${where} AND ${clause}` : `WHERE ${clause}`;
}

export class SqliteSlaQueries extends SqliteQueries {
  scheduleByName(name: string): ScheduleRow | null {
    return this.getNamed<ScheduleRow>('SELECT * FROM schedules', 'name', name);
  }

  updateScheduleHolidays(id: number, holidays: string): void {
    this.stmt('UPDATE schedules SET holidays = ? WHERE id = ?').run(holidays, id);
  }

  openTicketsOnSchedule(scheduleId: number): TicketRow[] {
    return this.stmt(`${TICKET_SELECT} WHERE ${OPEN} AND s.schedule_id = ? ORDER BY t.id`).all(scheduleId) as TicketRow[];
  }

  slaQueue(f: SlaQueueFilter): TicketRow[] {
    const where = named(ticketWhere({
      scope: f.scope, queue: 'open', meAgentId: null, deptId: f.deptId, assigneeId: f.assigneeId, sort: 'due', limit: null, now: f.now,
    }));
    const limit = f.limit === null ? '' : ` LIMIT ${Math.max(0, Math.floor(f.limit))}`;
    const sql = `${TICKET_SELECT} ${and(where.sql, `${NEXT_DUE} IS NOT NULL`)}
      ORDER BY (t.paused_at IS NOT NULL AND ${NEXT_DUE} >= t.paused_at AND ${NEXT_DUE} IS NOT t.first_response_due_at), ${NEXT_DUE}, t.id${limit}`;
    return this.stmt(sql).all(where.params) as TicketRow[];
  }

  slaBreaches(now: string): SlaBreachRow[] {
    const unrecorded = (clock: string, extra: string) => `NOT EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = t.id
      AND e.type = 'overdue' AND json_extract(e.data, '$.clock') = '${clock}'${extra})`;
    const resolution = this.stmt(`${TICKET_SELECT} WHERE ${OPEN} AND ${breached('t.due_at')}
      AND ${unrecorded('resolution', " AND json_extract(e.data, '$.clock_start_at') = t.clock_start_at")}
      ORDER BY t.due_at, t.id`).all({ now }) as TicketRow[];
    const firstResponse = this.stmt(`${TICKET_SELECT} WHERE ${OPEN} AND t.first_response_at IS NULL
      AND ${frBreached} AND ${unrecorded('first_response', '')}
      ORDER BY t.first_response_due_at, t.id`).all({ now }) as TicketRow[];
    return [
      ...firstResponse.map((ticket): SlaBreachRow => ({ ticket, clock: 'first_response', due_at: ticket.first_response_due_at! })),
      ...resolution.map((ticket): SlaBreachRow => ({ ticket, clock: 'resolution', due_at: ticket.due_at! })),
    ].sort((a, b) => a.due_at.localeCompare(b.due_at) || a.ticket.id - b.ticket.id);
  }

  private window(f: ReportFilter): { sql: string; params: Record<string, Param> } {
    const where = named(ticketWhere({ scope: f.scope, queue: 'all', meAgentId: null, sort: 'created', limit: null, now: f.now }));
    let sql = where.sql;
    if (f.since !== null) sql = and(sql, 't.created_at >= @since');
    if (f.until !== null) sql = and(sql, 't.created_at < @until');
    return { sql, params: { ...where.params, since: f.since, until: f.until, now: f.now } };
  }

  reportCounts(f: ReportFilter): Array<ReportCounts & { key: string | null }> {
    const key = f.by === null ? 'NULL' : GROUP_KEY[f.by]!;
    const w = this.window(f);
    const query = `SELECT ${key} AS key,
        count(*) AS created,
        coalesce(sum(t.resolved_at IS NOT NULL), 0) AS resolved,
        coalesce(sum(${OPEN}), 0) AS backlog,
        coalesce(sum(${OPEN} AND ${breached('t.due_at')}), 0) AS overdue,
        coalesce(sum(${OPEN} AND t.first_response_at IS NULL AND ${frBreached}), 0) AS first_response_overdue,
        coalesce(sum(t.reopened_count > 0), 0) AS reopened,
        coalesce(sum(t.resolved_at IS NOT NULL OR t.reopened_count > 0), 0) AS ever_resolved,
        coalesce(sum(t.resolved_at IS NOT NULL AND t.due_at IS NOT NULL AND t.resolved_at <= t.due_at), 0) AS resolution_met,
        coalesce(sum(t.resolved_at IS NOT NULL AND t.due_at IS NOT NULL), 0) AS resolution_measured,
        coalesce(sum(t.first_response_at IS NOT NULL AND t.first_response_due_at IS NOT NULL
          AND t.first_response_at <= t.first_response_due_at), 0) AS first_response_met,
        coalesce(sum(t.first_response_at IS NOT NULL AND t.first_response_due_at IS NOT NULL), 0) AS first_response_measured
      ${fromFor(f.by)} ${w.sql}
      GROUP BY 1 ORDER BY key IS NULL, key COLLATE NOCASE`;
    return this.stmt(query).all(w.params) as Array<ReportCounts & { key: string | null }>;
  }

  reportTimes(f: ReportFilter, each: (row: ReportTimeRow) => void): void {
    const key = f.by === null ? 'NULL' : GROUP_KEY[f.by]!;
    const w = this.window(f);
    const sql = `SELECT ${key} AS key, t.sla_id, t.created_at, t.first_response_at, t.resolved_at, t.paused_minutes
      ${fromFor(f.by)} ${w.sql} ORDER BY t.created_at, t.id`;
    for (const row of this.stmt(sql).iterate(w.params)) each(row as ReportTimeRow);
  }
}
