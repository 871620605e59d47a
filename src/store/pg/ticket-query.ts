/**
 * SQL for ticket lists on PostgreSQL: the same WHERE clauses and ORDER BY as SQLite's
 * ticket-query.ts, so both stores list the same tickets in the same order. Parameters are numbered
 * ($1 …) as they are added. SQLite sorts NULLs first in ascending order; PostgreSQL last — every
 * nullable sort key says NULLS FIRST where it matters.
 */
import { CLOSED_SQL, OPEN_SQL } from '../ticket-query.js';
import type { TicketFilter } from '../types.js';
import type { PgParam } from './conn.js';
import { searchCondition } from './search.js';

// The ticket row and the open/closed conditions are the same SQL as SQLite's.
import { TICKET_SELECT, TICKET_SUMMARY_SELECT } from '../ticket-query.js';
export { OPEN_SQL, TICKET_SELECT } from '../ticket-query.js';

/**
 * TICKET_SELECT's row — the same columns in the same order — with each name read by a look-up on
 * its primary key instead of a join, for reads of a few rows (a page of a list, one ticket).
 * PostgreSQL plans a statement every time it is not prepared (a cold command runs each once, and a
 * statement without parameters is never prepared, conn.ts), and for TICKET_SELECT's seven tables it
 * weighs every join order: 8-25 ms of planning for a 0.5 ms page of the queue. Look-ups leave one
 * table to plan, and with a LIMIT they are made only for the rows returned, after any sort
 * (PostgreSQL puts expensive output columns above the sort). The department and the end user
 * always exist (NOT NULL foreign keys), so no row is lost that the joins would keep or keep one
 * they would drop. Not for long lists: a look-up per row and name costs more than a join there.
 */
const LOOKED_UP = `(SELECT d.name FROM departments d WHERE d.id = t.dept_id) AS department,
       (SELECT tp.name FROM topics tp WHERE tp.id = t.topic_id) AS topic,
       (SELECT s.name FROM sla_plans s WHERE s.id = t.sla_id) AS sla,
       (SELECT a.username FROM agents a WHERE a.id = t.assignee_id) AS assignee,
       (SELECT tm.name FROM teams tm WHERE tm.id = t.team_id) AS team,
       (SELECT u.name FROM users u WHERE u.id = t.user_id) AS user_name,
       (SELECT u.email FROM users u WHERE u.id = t.user_id) AS user_email`;
const CUSTOM_STATUS_NAME = 'CASE WHEN t.custom_status IS NULL THEN NULL ELSE (SELECT cs.name FROM statuses cs WHERE cs.key = t.custom_status) END AS custom_status_name';

export const TICKET_LOOKUP_SELECT = `
SELECT t.*, ${LOOKED_UP},
       ${CUSTOM_STATUS_NAME}
FROM tickets t`;

/** TICKET_SUMMARY_SELECT's columns (what a list shows, TicketSummaryRow) with the look-ups of TICKET_LOOKUP_SELECT. */
export const TICKET_SUMMARY_LOOKUP_SELECT = `
SELECT t.id, t.number, t.subject, t.status, t.priority, ${LOOKED_UP}, t.source,
       t.created_at, t.updated_at, t.due_at, t.first_response_due_at, t.first_response_at, t.resolved_at,
       t.closed_at, t.reopened_count, t.paused_at, t.custom_status, ${CUSTOM_STATUS_NAME}
FROM tickets t`;

/** Up to this many rows a read takes TICKET_LOOKUP_SELECT; more (or no limit) take the joins. */
export const LOOKUP_ROWS_MAX = 500;

/** The ticket row's SELECT … FROM for a read of at most `limit` rows (null: no limit). */
export function ticketSelectFor(limit: number | null): string {
  return limit !== null && limit <= LOOKUP_ROWS_MAX ? TICKET_LOOKUP_SELECT : TICKET_SELECT;
}

/** The same for a list's rows (TicketSummaryRow). */
export function summarySelectFor(limit: number | null): string {
  return limit !== null && limit <= LOOKUP_ROWS_MAX ? TICKET_SUMMARY_LOOKUP_SELECT : TICKET_SUMMARY_SELECT;
}

/** Collects parameters and hands out their $n placeholders. */
export class Params {
  readonly values: PgParam[] = [];
  constructor(start: readonly PgParam[] = []) {
    for (const v of start) this.values.push(v);
  }
  /** The placeholder for one more parameter. */
  add(value: PgParam): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The WHERE clause of a filter, its parameters added to `p`. */
export function ticketWhere(f: TicketFilter, p: Params = new Params()): { sql: string; params: PgParam[] } {
  const clauses: string[] = [];
  const scope = f.scope;
  if (scope.kind === 'none') clauses.push('false');
  // An end user sees the tickets they opened and those they are copied on (collaborators).
  else if (scope.kind === 'user') {
    const me = p.add(scope.userId);
    clauses.push(`(t.user_id = ${me} OR EXISTS (SELECT 1 FROM ticket_collaborators c WHERE c.ticket_id = t.id AND c.user_id = ${me}))`);
  } else if (scope.kind === 'agent') {
    const ors = [`t.assignee_id = ${p.add(scope.agentId)}`];
    if (scope.teamIds.length) ors.push(`t.team_id = ANY(${p.add([...scope.teamIds])}::bigint[])`);
    if (scope.deptIds.length) ors.push(`t.dept_id = ANY(${p.add([...scope.deptIds])}::bigint[])`);
    clauses.push(`(${ors.join(' OR ')})`);
  }

  switch (f.queue) {
    case 'open': clauses.push(OPEN_SQL); break;
    case 'mine':
      clauses.push(OPEN_SQL);
      if (f.meAgentId !== null) clauses.push(`t.assignee_id = ${p.add(f.meAgentId)}`);
      break;
    case 'unassigned': clauses.push(OPEN_SQL, 't.assignee_id IS NULL'); break;
    case 'overdue':
      // A paused clock only counts if it ran out before the pause.
      clauses.push(OPEN_SQL, `t.due_at IS NOT NULL AND t.due_at < ${p.add(f.now)} AND (t.paused_at IS NULL OR t.due_at < t.paused_at)`);
      break;
    case 'answered': clauses.push(OPEN_SQL, 't.answered = 1'); break;
    case 'closed': clauses.push(CLOSED_SQL); break;
    case 'all': break;
  }

  // A ticket in a custom status matches its custom key, not the built-in base underneath.
  const byStatus: string[] = [];
  if (f.statuses?.length) byStatus.push(`(t.status = ANY(${p.add([...f.statuses])}::text[]) AND t.custom_status IS NULL)`);
  if (f.customStatuses?.length) byStatus.push(`t.custom_status = ANY(${p.add([...f.customStatuses])}::text[])`);
  if (byStatus.length) clauses.push(`(${byStatus.join(' OR ')})`);
  if (f.deptId !== undefined) clauses.push(`t.dept_id = ${p.add(f.deptId)}`);
  if (f.assigneeId !== undefined) clauses.push(`t.assignee_id = ${p.add(f.assigneeId)}`);
  if (f.teamId !== undefined) clauses.push(`t.team_id = ${p.add(f.teamId)}`);
  if (f.slaId !== undefined) clauses.push(`t.sla_id = ${p.add(f.slaId)}`);
  if (f.priority !== undefined) clauses.push(`t.priority = ${p.add(f.priority)}`);
  if (f.userId !== undefined) clauses.push(`t.user_id = ${p.add(f.userId)}`);
  // Full-text: the search module says how a query matches (end users' searches never see notes).
  if (f.search) clauses.push(searchCondition(f.search, scope, p));
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params: p.values };
}

/** ORDER BY for a list: SQLite's order exactly (false sorts before true, as 0 before 1). */
export function ticketOrder(f: Pick<TicketFilter, 'sort'>): string {
  switch (f.sort) {
    case 'due': return 'ORDER BY (t.due_at IS NULL), t.due_at, t.id';
    case 'created': return 'ORDER BY t.created_at DESC, t.id DESC';
    case 'updated': return 'ORDER BY t.updated_at DESC, t.id DESC';
    case 'priority':
      return `ORDER BY CASE t.priority WHEN 'emergency' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END, ` +
        '(t.due_at IS NULL), t.due_at, t.id';
  }
}

/** LIMIT for a filter's limit (none when null). */
export function limitSql(limit: number | null): string {
  return limit === null ? '' : ` LIMIT ${Math.max(0, Math.floor(limit))}`;
}
