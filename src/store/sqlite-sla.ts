/**
 * SQLite queries of the SLA engine and reports (issue 4): the urgency queue, unrecorded breaches, and the
 * report's counts and row stream. Visibility comes from the same WHERE builder as ticket lists, so a
 * report or SLA view never counts a ticket the actor may not see.
 */
import { SqliteQueries } from './sqlite-queries.js';
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


/**
 * The urgency queue is read from the index tickets_sla_queue (schema 9), whose keys are its ORDER BY,
 * 50 entries for a first page. Named, because SQLite's planner, left to itself, started from the
 * departments or the status index and sorted every open ticket (129 ms at 1M, issue 14); a filter
 * (a department, an agent's visibility) is checked along the index, still without a sort.
 */
const QUEUE_SELECT = TICKET_SELECT.replace('FROM tickets t', 'FROM tickets t INDEXED BY tickets_sla_queue');

const GROUP_KEY: Record<string, string> = { dept: 'd.name', agent: 'a.username', sla: 's.name', topic: 'tp.name', team: 'tm.name' };

/**
 * A report reads every ticket of its window (40,000 a month at a million tickets): join only the
 * table its grouping names, not all six of a ticket row (issue 8). Visibility needs none of them.
 * Every join is a LEFT JOIN so that the tickets stay the outer loop, read by created_at: with an
 * inner join SQLite walked each department's tickets whole (2.9-4.3 s at 1M, issue 14).
 */
const GROUP_FROM: Record<string, string> = {
  dept: 'FROM tickets t LEFT JOIN departments d ON d.id = t.dept_id',
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
    const sql = `${QUEUE_SELECT} ${and(where.sql, `${NEXT_DUE} IS NOT NULL`)}
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

  reportTimes(f: ReportFilter, each: (row: ReportTimeRow) => void): void {
    const key = f.by === null ? 'NULL' : GROUP_KEY[f.by]!;
    const w = this.window(f);
    // No ORDER BY: the report sorts what it measured itself, and a sort of the window cost a pass.
    const sql = `SELECT ${key} AS key, t.sla_id, t.status, t.created_at, t.first_response_at, t.resolved_at, t.paused_minutes,
        t.due_at, t.first_response_due_at, t.paused_at, t.reopened_count
      ${fromFor(f.by)} ${w.sql}`;
    // Raw rows into one reused object: a year is ~500k rows, and an object per row was a third of the time.
    const row: ReportTimeRow = {
      key: null, sla_id: null, status: 'open', created_at: '', first_response_at: null, resolved_at: null, paused_minutes: 0,
      due_at: null, first_response_due_at: null, paused_at: null, reopened_count: 0,
    };
    const stmt = this.stmt(sql).raw(true);
    try {
      for (const r of stmt.iterate(w.params) as IterableIterator<unknown[]>) {
        row.key = r[0] as string | null; row.sla_id = r[1] as number | null; row.status = r[2] as ReportTimeRow['status'];
        row.created_at = r[3] as string; row.first_response_at = r[4] as string | null; row.resolved_at = r[5] as string | null;
        row.paused_minutes = r[6] as number; row.due_at = r[7] as string | null; row.first_response_due_at = r[8] as string | null;
        row.paused_at = r[9] as string | null; row.reopened_count = r[10] as number;
        each(row);
      }
    } finally {
      stmt.raw(false);
    }
  }
}
