/**
 * The report's row stream on PostgreSQL (from sqlite-sla.ts): the window's tickets read
 * through a server-side cursor (PgConn.each) a few thousand rows at a time, so a year of tickets is
 * never in memory at once, neither here nor in the driver. Joins only the table the grouping names.
 */
import type { ReportFilter, ReportTimeRow } from '../types.js';
import type { PgConn } from './conn.js';
import { Params, ticketWhere } from './ticket-query.js';

const GROUP_KEY: Record<string, string> = {
  dept: 'd.name', agent: 'a.username', sla: 's.name', topic: 'tp.name', team: 'tm.name', status: 'coalesce(t.custom_status, t.status)',
};
const GROUP_FROM: Record<string, string> = {
  dept: 'FROM tickets t LEFT JOIN departments d ON d.id = t.dept_id',
  agent: 'FROM tickets t LEFT JOIN agents a ON a.id = t.assignee_id',
  sla: 'FROM tickets t LEFT JOIN sla_plans s ON s.id = t.sla_id',
  topic: 'FROM tickets t LEFT JOIN topics tp ON tp.id = t.topic_id',
  team: 'FROM tickets t LEFT JOIN teams tm ON tm.id = t.team_id',
  status: 'FROM tickets t',
};

/** Rows per FETCH: large enough that round trips do not dominate, small enough to stay flat. */
export const REPORT_FETCH = 5000;

export class PgReports {
  constructor(private readonly c: PgConn, private readonly fetchSize = REPORT_FETCH) {}

  /** Streams the window's tickets into one reused row object (see Tx.reportTimes). */
  async reportTimes(f: ReportFilter, each: (row: ReportTimeRow) => void): Promise<void> {
    const p = new Params();
    const scoped = ticketWhere({ scope: f.scope, queue: 'all', meAgentId: null, sort: 'created', limit: null, now: f.now }, p).sql;
    const clauses = scoped ? [scoped.replace(/^WHERE /, '')] : [];
    if (f.since !== null) clauses.push(`t.created_at >= ${p.add(f.since)}`);
    if (f.until !== null) clauses.push(`t.created_at < ${p.add(f.until)}`);
    const key = f.by === null ? 'NULL::text' : GROUP_KEY[f.by]!;
    const from = f.by === null ? 'FROM tickets t' : GROUP_FROM[f.by]!;
    // No ORDER BY: the report sorts what it measured itself (as on SQLite).
    const sql = `SELECT ${key} AS key, t.sla_id, t.status, t.created_at, t.first_response_at, t.resolved_at, t.paused_minutes,
        t.due_at, t.first_response_due_at, t.paused_at, t.reopened_count
      ${from}${clauses.length ? ` WHERE ${clauses.join(' AND ')}` : ''}`;
    const row: ReportTimeRow = {
      key: null, sla_id: null, status: 'open', created_at: '', first_response_at: null, resolved_at: null, paused_minutes: 0,
      due_at: null, first_response_due_at: null, paused_at: null, reopened_count: 0,
    };
    // One reused object, as on SQLite: the report keeps values, never the row.
    await this.c.each<ReportTimeRow>(sql, p.values, (r) => {
      row.key = r.key; row.sla_id = r.sla_id === null ? null : Number(r.sla_id); row.status = r.status;
      row.created_at = r.created_at; row.first_response_at = r.first_response_at; row.resolved_at = r.resolved_at;
      row.paused_minutes = Number(r.paused_minutes); row.due_at = r.due_at; row.first_response_due_at = r.first_response_due_at;
      row.paused_at = r.paused_at; row.reopened_count = Number(r.reopened_count);
      each(row);
    }, this.fetchSize);
  }
}
