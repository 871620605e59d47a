/**
 * SQL for ticket lists: the visibility scope, queues and filters become WHERE clauses, so a list never
 * loads tickets the actor may not see.
 */
import { CLOSED_STATUSES, OPEN_STATUSES } from '../core/model.js';
import { ftsMatch } from './fts.js';
import type { TicketFilter } from './types.js';

/** A ticket row with the names it refers to (department, topic, plan, assignee, team, end user, custom status): the same SQL on both stores. */
export const TICKET_SELECT = `
SELECT t.*, d.name AS department, tp.name AS topic, s.name AS sla, a.username AS assignee,
       tm.name AS team, u.name AS user_name, u.email AS user_email,
       CASE WHEN t.custom_status IS NULL THEN NULL ELSE (SELECT cs.name FROM statuses cs WHERE cs.key = t.custom_status) END AS custom_status_name
FROM tickets t
JOIN departments d ON d.id = t.dept_id
LEFT JOIN topics tp ON tp.id = t.topic_id
LEFT JOIN sla_plans s ON s.id = t.sla_id
LEFT JOIN agents a ON a.id = t.assignee_id
LEFT JOIN teams tm ON tm.id = t.team_id
JOIN users u ON u.id = t.user_id`;

/**
 * TICKET_SELECT with only what a list shows and the id (TicketSummaryRow): a page of the queue read 37 columns
 * of 50 tickets, and handing each value to JavaScript was most of what the page cost.
 */
export const TICKET_SUMMARY_SELECT = `
SELECT t.id, t.number, t.subject, t.status, t.priority, d.name AS department, tp.name AS topic, s.name AS sla,
       a.username AS assignee, tm.name AS team, u.name AS user_name, u.email AS user_email, t.source,
       t.created_at, t.updated_at, t.due_at, t.first_response_due_at, t.first_response_at, t.resolved_at,
       t.closed_at, t.reopened_count, t.paused_at, t.custom_status,
       CASE WHEN t.custom_status IS NULL THEN NULL ELSE (SELECT cs.name FROM statuses cs WHERE cs.key = t.custom_status) END AS custom_status_name
FROM tickets t
JOIN departments d ON d.id = t.dept_id
LEFT JOIN topics tp ON tp.id = t.topic_id
LEFT JOIN sla_plans s ON s.id = t.sla_id
LEFT JOIN agents a ON a.id = t.assignee_id
LEFT JOIN teams tm ON tm.id = t.team_id
JOIN users u ON u.id = t.user_id`;

type Param = string | number;

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(',');

/** The WHERE clause and its parameters for a filter. */
export function ticketWhere(f: TicketFilter): { sql: string; params: Param[] } {
  const clauses: string[] = [];
  const params: Param[] = [];
  // Parameters are appended one by one, never spread into a call (a spread of an
  // unbounded array overflows the stack).
  const add = (sql: string, ...p: Param[]) => {
    clauses.push(sql);
    for (const x of p) params.push(x);
  };

  const scope = f.scope;
  if (scope.kind === 'none') add('0');
  // An end user sees the tickets they opened and those they are copied on (collaborators, added by mail Cc).
  else if (scope.kind === 'user') {
    add('(t.user_id = ? OR EXISTS (SELECT 1 FROM ticket_collaborators c WHERE c.ticket_id = t.id AND c.user_id = ?))', scope.userId, scope.userId);
  }
  else if (scope.kind === 'agent') {
    const ors = ['t.assignee_id = ?'];
    const p: Param[] = [scope.agentId];
    if (scope.teamIds.length) { ors.push(`t.team_id IN (${placeholders(scope.teamIds.length)})`); for (const id of scope.teamIds) p.push(id); }
    if (scope.deptIds.length) { ors.push(`t.dept_id IN (${placeholders(scope.deptIds.length)})`); for (const id of scope.deptIds) p.push(id); }
    clauses.push(`(${ors.join(' OR ')})`);
    for (const x of p) params.push(x);
  }

  const open = OPEN_SQL;
  switch (f.queue) {
    case 'open': add(open); break;
    case 'mine':
      add(open);
      if (f.meAgentId !== null) add('t.assignee_id = ?', f.meAgentId);
      break;
    case 'unassigned': add(open); add('t.assignee_id IS NULL'); break;
    case 'overdue':
      // A paused clock (awaiting the end user on a plan that pauses) only counts if it ran out before the pause.
      add(open);
      add('t.due_at IS NOT NULL AND t.due_at < ? AND (t.paused_at IS NULL OR t.due_at < t.paused_at)', f.now);
      break;
    case 'answered': add(open); add('t.answered = 1'); break;
    case 'closed': add(CLOSED_SQL); break;
    case 'all': break;
  }

  // A ticket in a custom status matches its custom key, not the built-in base underneath.
  const byStatus: string[] = [];
  let p: Param[] = [];
  if (f.statuses?.length) { byStatus.push(`(t.status IN (${placeholders(f.statuses.length)}) AND t.custom_status IS NULL)`); p = p.concat(f.statuses); }
  if (f.customStatuses?.length) { byStatus.push(`t.custom_status IN (${placeholders(f.customStatuses.length)})`); p = p.concat(f.customStatuses); }
  if (byStatus.length) add(`(${byStatus.join(' OR ')})`, ...p);
  if (f.deptId !== undefined) add('t.dept_id = ?', f.deptId);
  if (f.assigneeId !== undefined) add('t.assignee_id = ?', f.assigneeId);
  if (f.teamId !== undefined) add('t.team_id = ?', f.teamId);
  if (f.slaId !== undefined) add('t.sla_id = ?', f.slaId);
  if (f.priority !== undefined) add('t.priority = ?', f.priority);
  if (f.userId !== undefined) add('t.user_id = ?', f.userId);

  // Full-text: the index holds one document per ticket; end users' searches never look at notes.
  if (f.search) add('t.id IN (SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH ?)', ftsMatch(f.search, scope));
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

export function ticketOrder(f: TicketFilter): string {
  switch (f.sort) {
    case 'due': return 'ORDER BY t.due_at IS NULL, t.due_at, t.id';
    case 'created': return 'ORDER BY t.created_at DESC, t.id DESC';
    case 'updated': return 'ORDER BY t.updated_at DESC, t.id DESC';
    case 'priority':
      return `ORDER BY CASE t.priority WHEN 'emergency' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END, ` +
        't.due_at IS NULL, t.due_at, t.id';
  }
}

/** The open states as SQL over tickets `t`. */
export const OPEN_SQL = `t.status IN (${OPEN_STATUSES.map((s) => `'${s}'`).join(',')})`;
/** The closed states (resolved, closed) as SQL over tickets `t`. */
export const CLOSED_SQL = `t.status IN (${CLOSED_STATUSES.map((s) => `'${s}'`).join(',')})`;

/** ticketWhere with named parameters (@p0, @p1, …), so extra clauses can use @names. */
export function namedWhere(f: TicketFilter): { sql: string; params: Record<string, Param | null> } {
  const where = ticketWhere(f);
  const params: Record<string, Param | null> = {};
  let i = 0;
  const sql = where.sql.replace(/\?/g, () => {
    const name = `p${i}`;
    params[name] = where.params[i++]!;
    return `@${name}`;
  });
  return { sql, params };
}

/** Adds a condition to a WHERE clause that may be empty. */
export function and(where: string, clause: string): string {
  return where ? `${where} AND ${clause}` : `WHERE ${clause}`;
}
