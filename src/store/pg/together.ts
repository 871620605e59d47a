/**
 * PostgreSQL queries for working tickets together (from sqlite-together.ts): links,
 * parents, merges, time, collaborators, Cc and automatic assignment. Concurrent creates in one
 * department must not choose from the same stale counts or round-robin pointer: in a write
 * transaction the department's row is locked before they are read (FOR NO KEY UPDATE, which does not
 * hold up other tickets' foreign-key checks), so the next creator reads them after this one commits.
 */
import { OPEN_STATUSES } from '../../core/model.js';
import type { AutoAssignRow, CandidateRow, LinkRow, LinkType, TogetherExportRow, TogetherTx } from '../together/types.js';
import type { ReportFilter } from '../types.js';
import { indexTicket } from './search-index.js';
import type { PgConn } from './conn.js';
import { Params, ticketWhere } from './ticket-query.js';
import { groupSql } from '../reports/group-sql.js';
import { related } from './related.js';

const LINKS = related('ticket', 'links', `SELECT t.number, l.type, 1 AS outgoing FROM ticket_links l JOIN tickets t ON t.id = l.other_id WHERE l.ticket_id = $1
  UNION ALL
  SELECT t.number, l.type, 0 AS outgoing FROM ticket_links l JOIN tickets t ON t.id = l.ticket_id WHERE l.other_id = $1
  ORDER BY 1`);
const CHILDREN = related('ticket', 'children', 'SELECT id, number, status FROM tickets WHERE parent_id = $1 ORDER BY id');
const TIME = related('ticket', 'time', 'SELECT coalesce(sum(minutes), 0)::int AS m FROM time_spent WHERE ticket_id = $1');
const COLLABORATORS = related('ticket', 'collaborators',
  'SELECT u.id, u.name, u.email FROM ticket_collaborators c JOIN users u ON u.id = c.user_id WHERE c.ticket_id = $1 ORDER BY u.email');

const OPEN = `(${OPEN_STATUSES.map((s) => `'${s}'`).join(',')})`;

/** The position of the entry a row points at in its ticket's thread (0-based), or null. */
const threadIndex = (alias: string) => `CASE WHEN ${alias}.entry_id IS NULL THEN NULL ELSE
  (SELECT count(*)::int FROM thread_entries e WHERE e.ticket_id = ${alias}.ticket_id AND e.id < ${alias}.entry_id) END`;

export class PgTogether implements TogetherTx {
  constructor(private readonly c: PgConn) {}

  async linksOf(ticketId: number) {
    const rows = await this.c.related<{ number: string; type: LinkType; outgoing: number }>(LINKS, ticketId);
    return rows.map((r): LinkRow => ({ number: r.number, type: r.type, outgoing: Number(r.outgoing) === 1 }));
  }
  async setLink(fromId: number, toId: number, type: LinkType, at: string) {
    await this.c.run('DELETE FROM ticket_links WHERE ticket_id = $1 AND other_id = $2', [toId, fromId]);
    await this.c.run(`INSERT INTO ticket_links(ticket_id, other_id, type, created_at) VALUES ($1, $2, $3, $4)
      ON CONFLICT (ticket_id, other_id) DO UPDATE SET type = excluded.type`, [fromId, toId, type, at]);
  }
  async removeLink(a: number, b: number) {
    return (await this.c.run('DELETE FROM ticket_links WHERE (ticket_id = $1 AND other_id = $2) OR (ticket_id = $2 AND other_id = $1)', [a, b])) > 0;
  }
  async linkBetween(a: number, b: number) {
    return this.c.one<{ type: LinkType }>(
      'SELECT type FROM ticket_links WHERE (ticket_id = $1 AND other_id = $2) OR (ticket_id = $2 AND other_id = $1)', [a, b]);
  }

  async setParent(ticketId: number, parentId: number | null) {
    await this.c.run('UPDATE tickets SET parent_id = $1 WHERE id = $2', [parentId, ticketId]);
  }
  async ancestorsOf(ticketId: number) {
    const seen: number[] = [];
    let at: number | null = ticketId;
    while (at !== null) {
      const row: { parent_id: number | null } | null = await this.c.one('SELECT parent_id FROM tickets WHERE id = $1', [at]);
      const parent: number | null = row === null || row.parent_id === null ? null : Number(row.parent_id);
      if (parent === null || seen.includes(parent) || parent === ticketId) break;
      seen.push(parent);
      at = parent;
    }
    return seen;
  }
  async childrenOf(ticketId: number) {
    return this.c.related<{ id: number; number: string; status: string }>(CHILDREN, ticketId);
  }
  async numberOf(ticketId: number) {
    return (await this.c.one<{ number: string }>('SELECT number FROM tickets WHERE id = $1', [ticketId]))?.number ?? null;
  }

  /** Moves the work of one ticket to another; both search documents follow their threads. */
  async moveWork(fromId: number, toId: number) {
    for (const table of ['thread_entries', 'attachments', 'inbound_messages', 'time_spent']) {
      await this.c.run(`UPDATE ${table} SET ticket_id = $1 WHERE ticket_id = $2`, [toId, fromId]);
    }
    // The source's end user and collaborators join the target, so they hear of it from now on.
    await this.c.run(`INSERT INTO ticket_collaborators(ticket_id, user_id)
      SELECT $2::bigint, user_id FROM ticket_collaborators WHERE ticket_id = $1
      UNION SELECT $2::bigint, user_id FROM tickets WHERE id = $1
      ON CONFLICT DO NOTHING`, [fromId, toId]);
    await this.c.run('DELETE FROM ticket_collaborators WHERE ticket_id = $1 AND user_id = (SELECT user_id FROM tickets WHERE id = $1)', [toId]);
    await indexTicket(this.c, fromId);
    await indexTicket(this.c, toId);
  }
  async setMergedInto(ticketId: number, intoId: number) {
    await this.c.run('UPDATE tickets SET merged_into_id = $1 WHERE id = $2', [intoId, ticketId]);
  }

  async insertTime(t: { ticketId: number; agentId: number; entryId: number | null; minutes: number; at: string }) {
    await this.c.run('INSERT INTO time_spent(ticket_id, agent_id, entry_id, minutes, at) VALUES ($1, $2, $3, $4, $5)',
      [t.ticketId, t.agentId, t.entryId, t.minutes, t.at]);
  }
  async timeOf(ticketId: number) {
    return Number((await this.c.related<{ m: number }>(TIME, ticketId))[0]!.m);
  }
  async timeByEntry(ticketId: number) {
    const rows = await this.c.all<{ entry_id: number; m: number }>(
      'SELECT entry_id, sum(minutes)::int AS m FROM time_spent WHERE ticket_id = $1 AND entry_id IS NOT NULL GROUP BY entry_id', [ticketId]);
    return new Map(rows.map((r) => [Number(r.entry_id), Number(r.m)]));
  }
  async reportTime(f: ReportFilter) {
    const p = new Params();
    const scoped = ticketWhere({ scope: f.scope, queue: 'all', meAgentId: null, sort: 'created', limit: null, now: f.now }, p).sql;
    const clauses = scoped ? [scoped.replace(/^WHERE /, '')] : ['TRUE'];
    if (f.since !== null) clauses.push(`t.created_at >= ${p.add(f.since)}`);
    if (f.until !== null) clauses.push(`t.created_at < ${p.add(f.until)}`);
    const group = f.by === null ? { key: 'NULL::text', join: '' } : groupSql(f.by, 'ts.agent_id');
    const rows = await this.c.all<{ key: string | null; minutes: number }>(
      `SELECT ${group.key} AS key, sum(ts.minutes)::int AS minutes FROM time_spent ts JOIN tickets t ON t.id = ts.ticket_id ${group.join}
       WHERE ${clauses.join(' AND ')} GROUP BY 1`, p.values);
    return rows.map((r) => ({ key: r.key, minutes: Number(r.minutes) }));
  }

  async collaborators(ticketId: number) {
    return this.c.related<{ id: number; name: string; email: string }>(COLLABORATORS, ticketId);
  }
  async collaboratorsOf(ticketId: number) {
    return (await this.c.all<{ user_id: number }>('SELECT user_id FROM ticket_collaborators WHERE ticket_id = $1 ORDER BY user_id', [ticketId]))
      .map((r) => Number(r.user_id));
  }
  async addCollaborator(ticketId: number, userId: number) {
    await this.c.run('INSERT INTO ticket_collaborators(ticket_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [ticketId, userId]);
  }

  async removeCollaborator(ticketId: number, userId: number) {
    return (await this.c.run('DELETE FROM ticket_collaborators WHERE ticket_id = $1 AND user_id = $2', [ticketId, userId])) > 0;
  }

  async exportExtras(ticketIds: readonly number[]): Promise<TogetherExportRow[]> {
    if (ticketIds.length === 0) return [];
    const rows = await this.c.all<Record<string, unknown> & { ticket_id: number; what: string }>(
      `SELECT * FROM (
         SELECT t.id AS ticket_id, 'parent' AS what, p.number, NULL::text AS type, NULL::text AS agent, NULL::int AS minutes,
                NULL::text AS at, NULL::int AS thread_index, 0 AS k
           FROM tickets t JOIN tickets p ON p.id = t.parent_id WHERE t.id = ANY($1::bigint[])
         UNION ALL
         SELECT t.id, 'merged_into', m.number, NULL, NULL, NULL, NULL, NULL, 1
           FROM tickets t JOIN tickets m ON m.id = t.merged_into_id WHERE t.id = ANY($1::bigint[])
         UNION ALL
         SELECT l.ticket_id, 'link', o.number, l.type, NULL, NULL, NULL, NULL, 2
           FROM ticket_links l JOIN tickets o ON o.id = l.other_id WHERE l.ticket_id = ANY($1::bigint[])
         UNION ALL
         SELECT ts.ticket_id, 'time', NULL, NULL, a.username, ts.minutes, ts.at, ${threadIndex('ts')}, 3
           FROM time_spent ts JOIN agents a ON a.id = ts.agent_id WHERE ts.ticket_id = ANY($1::bigint[])
       ) x ORDER BY ticket_id, k, number NULLS FIRST, at NULLS FIRST`, [ticketIds]);
    return rows.map((r) => {
      const { k: _k, type, agent, minutes, at, thread_index, number, ...rest } = r;
      const base = { ...rest, ticket_id: Number(r.ticket_id) };
      if (r.what === 'time') {
        return { ...base, agent, minutes: Number(minutes), at, thread_index: thread_index === null ? null : Number(thread_index) } as TogetherExportRow;
      }
      if (r.what === 'link') return { ...base, number, type } as TogetherExportRow;
      return { ...base, number } as TogetherExportRow;
    });
  }

  /** The department's rule; in a write transaction with the row locked when a rule is set (see the module comment). */
  async autoAssignOf(deptId: number): Promise<AutoAssignRow> {
    const read = (lock: string) => this.c.one<AutoAssignRow>(
      `SELECT d.auto_assign AS rule, d.auto_assign_team_id AS team_id, tm.name AS team, d.auto_assign_last_id AS last_id
       FROM departments d LEFT JOIN teams tm ON tm.id = d.auto_assign_team_id WHERE d.id = $1${lock}`, [deptId]);
    let row = await read('');
    // Locked, then read again by a new statement: it sees the pointer the previous creator committed.
    if (row?.rule && this.c.writing) row = await read(' FOR NO KEY UPDATE OF d');
    if (!row) return { rule: null, team_id: null, team: null, last_id: null };
    return { ...row, team_id: row.team_id === null ? null : Number(row.team_id), last_id: row.last_id === null ? null : Number(row.last_id) };
  }
  async setAutoAssign(deptId: number, rule: AutoAssignRow['rule'], teamId: number | null) {
    await this.c.run('UPDATE departments SET auto_assign = $1, auto_assign_team_id = $2 WHERE id = $3', [rule, teamId, deptId]);
  }
  async setAutoAssignLast(deptId: number, agentId: number) {
    await this.c.run('UPDATE departments SET auto_assign_last_id = $1 WHERE id = $2', [agentId, deptId]);
  }
  async assignCandidates(deptId: number, teamId: number | null) {
    const p = new Params();
    const who = teamId === null ? `a.dept_id = ${p.add(deptId)}` : `a.id IN (SELECT agent_id FROM team_members WHERE team_id = ${p.add(teamId)})`;
    const rows = await this.c.all<CandidateRow>(
      `SELECT a.id, a.username,
         (SELECT count(*)::int FROM tickets t WHERE t.assignee_id = a.id AND t.status IN ${OPEN}) AS open_count
       FROM agents a JOIN roles r ON r.id = a.role_id
       WHERE a.active = 1 AND (a.is_admin = 1 OR position(',reply,' in ',' || r.permissions || ',') > 0) AND ${who}
       ORDER BY a.id`, p.values);
    return rows.map((r) => ({ id: Number(r.id), username: r.username, open_count: Number(r.open_count) }));
  }
}
