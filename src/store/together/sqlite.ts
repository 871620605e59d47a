/**
 * The SQLite queries for working tickets together: links, parents, merges, time, collaborators, auto-assignment.
 */
import { OPEN_STATUSES } from '../../core/model.js';
import { SqliteQueries } from '../sqlite-queries.js';
import { ticketWhere } from '../ticket-query.js';
import type { AutoAssignRow, CandidateRow, LinkRow, LinkType, TogetherExportRow, TogetherTx } from './types.js';
import type { ReportFilter } from '../reports/types.js';
import { groupSql } from '../reports/group-sql.js';

const OPEN = `(${OPEN_STATUSES.map((s) => `'${s}'`).join(',')})`;

export class SqliteTogether extends SqliteQueries implements TogetherTx {
  async linksOf(ticketId: number) {
    return this.all<{ number: string; type: LinkType; outgoing: number }>(
      `SELECT t.number, l.type, 1 AS outgoing FROM ticket_links l JOIN tickets t ON t.id = l.other_id WHERE l.ticket_id = @id
       UNION ALL
       SELECT t.number, l.type, 0 AS outgoing FROM ticket_links l JOIN tickets t ON t.id = l.ticket_id WHERE l.other_id = @id
       ORDER BY 1`, { id: ticketId },
    ).map((r): LinkRow => ({ number: r.number, type: r.type, outgoing: r.outgoing === 1 }));
  }
  async setLink(fromId: number, toId: number, type: LinkType, at: string) {
    this.run('DELETE FROM ticket_links WHERE ticket_id = ? AND other_id = ?', toId, fromId);
    this.run(`INSERT INTO ticket_links(ticket_id, other_id, type, created_at) VALUES (?, ?, ?, ?)
      ON CONFLICT(ticket_id, other_id) DO UPDATE SET type = excluded.type`, fromId, toId, type, at);
  }
  async removeLink(a: number, b: number) {
    const n = this.stmt('DELETE FROM ticket_links WHERE (ticket_id = @a AND other_id = @b) OR (ticket_id = @b AND other_id = @a)').run({ a, b });
    return n.changes > 0;
  }
  async linkBetween(a: number, b: number) {
    return this.get<{ type: LinkType }>(
      'SELECT type FROM ticket_links WHERE (ticket_id = @a AND other_id = @b) OR (ticket_id = @b AND other_id = @a)', { a, b });
  }

  async setParent(ticketId: number, parentId: number | null) {
    this.run('UPDATE tickets SET parent_id = ? WHERE id = ?', parentId, ticketId);
  }
  async ancestorsOf(ticketId: number) {
    const seen: number[] = [];
    let id: number | null = ticketId;
    while (id !== null) {
      const parent: number | null = this.get<{ parent_id: number | null }>('SELECT parent_id FROM tickets WHERE id = ?', id)?.parent_id ?? null;
      if (parent === null || seen.includes(parent) || parent === ticketId) break;
      seen.push(parent);
      id = parent;
    }
    return seen;
  }
  async childrenOf(ticketId: number) {
    return this.all<{ id: number; number: string; status: string }>(
      'SELECT id, number, status FROM tickets WHERE parent_id = ? ORDER BY id', ticketId);
  }
  async numberOf(ticketId: number) {
    return this.get<{ number: string }>('SELECT number FROM tickets WHERE id = ?', ticketId)?.number ?? null;
  }

  async moveWork(fromId: number, toId: number) {
    for (const table of ['thread_entries', 'attachments', 'inbound_messages', 'time_spent']) {
      this.run(`UPDATE ${table} SET ticket_id = ? WHERE ticket_id = ?`, toId, fromId);
    }
    // The source's end user and collaborators join the target, so they hear of it from now on.
    this.run(`INSERT OR IGNORE INTO ticket_collaborators(ticket_id, user_id)
      SELECT @to, user_id FROM ticket_collaborators WHERE ticket_id = @from
      UNION SELECT @to, user_id FROM tickets WHERE id = @from`, { from: fromId, to: toId });
    this.run(`DELETE FROM ticket_collaborators WHERE ticket_id = @to
      AND user_id = (SELECT user_id FROM tickets WHERE id = @to)`, { to: toId });
  }
  async setMergedInto(ticketId: number, intoId: number) {
    this.run('UPDATE tickets SET merged_into_id = ? WHERE id = ?', intoId, ticketId);
  }

  async insertTime(t: { ticketId: number; agentId: number; entryId: number | null; minutes: number; at: string }) {
    this.run('INSERT INTO time_spent(ticket_id, agent_id, entry_id, minutes, at) VALUES (?, ?, ?, ?, ?)',
      t.ticketId, t.agentId, t.entryId, t.minutes, t.at);
  }
  async timeOf(ticketId: number) {
    return this.get<{ m: number }>('SELECT coalesce(sum(minutes), 0) AS m FROM time_spent WHERE ticket_id = ?', ticketId)!.m;
  }
  async timeByEntry(ticketId: number) {
    const rows = this.all<{ entry_id: number; m: number }>(
      'SELECT entry_id, sum(minutes) AS m FROM time_spent WHERE ticket_id = ? AND entry_id IS NOT NULL GROUP BY entry_id', ticketId);
    return new Map(rows.map((r) => [r.entry_id, r.m]));
  }
  async reportTime(f: ReportFilter) {
    const where = ticketWhere({ scope: f.scope, queue: 'all', meAgentId: null, sort: 'created', limit: null, now: f.now });
    const clauses = where.sql ? [where.sql.replace(/^WHERE /, '')] : [];
    const params: unknown[] = [...where.params];
    if (f.since !== null) { clauses.push('t.created_at >= ?'); params.push(f.since); }
    if (f.until !== null) { clauses.push('t.created_at < ?'); params.push(f.until); }
    const group = f.by === null ? { key: 'NULL', join: '' } : groupSql(f.by, 'ts.agent_id');
    return this.all<{ key: string | null; minutes: number }>(
      `SELECT ${group.key} AS key, sum(ts.minutes) AS minutes FROM time_spent ts JOIN tickets t ON t.id = ts.ticket_id ${group.join}
       ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''} GROUP BY 1`, ...params);
  }

  async collaboratorsOf(ticketId: number) {
    return this.all<{ user_id: number }>('SELECT user_id FROM ticket_collaborators WHERE ticket_id = ? ORDER BY user_id', ticketId)
      .map((r) => r.user_id);
  }
  async addCollaborator(ticketId: number, userId: number) {
    this.run('INSERT OR IGNORE INTO ticket_collaborators(ticket_id, user_id) VALUES (?, ?)', ticketId, userId);
  }
  async collaborators(ticketId: number) {
    return this.all<{ id: number; name: string; email: string }>(
      'SELECT u.id, u.name, u.email FROM ticket_collaborators c JOIN users u ON u.id = c.user_id WHERE c.ticket_id = ? ORDER BY u.email', ticketId);
  }
  async removeCollaborator(ticketId: number, userId: number) {
    return this.stmt('DELETE FROM ticket_collaborators WHERE ticket_id = ? AND user_id = ?').run(ticketId, userId).changes > 0;
  }

  async exportExtras(ticketIds: readonly number[]) {
    if (ticketIds.length === 0) return [];
    const ids = JSON.stringify(ticketIds);
    const rows = this.all<Record<string, unknown> & { ticket_id: number; what: string }>(
      `SELECT t.id AS ticket_id, 'parent' AS what, p.number, NULL AS type, NULL AS agent, NULL AS minutes, NULL AS at, NULL AS thread_index, 0 AS k
         FROM tickets t JOIN tickets p ON p.id = t.parent_id WHERE t.id IN (SELECT value FROM json_each(@ids))
       UNION ALL
       SELECT t.id, 'merged_into', m.number, NULL, NULL, NULL, NULL, NULL, 1
         FROM tickets t JOIN tickets m ON m.id = t.merged_into_id WHERE t.id IN (SELECT value FROM json_each(@ids))
       UNION ALL
       SELECT l.ticket_id, 'link', o.number, l.type, NULL, NULL, NULL, NULL, 2
         FROM ticket_links l JOIN tickets o ON o.id = l.other_id WHERE l.ticket_id IN (SELECT value FROM json_each(@ids))
       UNION ALL
       SELECT ts.ticket_id, 'time', NULL, NULL, a.username, ts.minutes, ts.at,
         CASE WHEN ts.entry_id IS NULL THEN NULL ELSE
           (SELECT count(*) FROM thread_entries e WHERE e.ticket_id = ts.ticket_id AND e.id < ts.entry_id) END, 3
         FROM time_spent ts JOIN agents a ON a.id = ts.agent_id WHERE ts.ticket_id IN (SELECT value FROM json_each(@ids))
       ORDER BY 1, k, number, at`, { ids },
    );
    return rows.map((r) => {
      const { k: _k, type, agent, minutes, at, thread_index, number, ...rest } = r;
      if (r.what === 'time') return { ...rest, agent, minutes, at, thread_index } as TogetherExportRow;
      if (r.what === 'link') return { ...rest, number, type } as TogetherExportRow;
      return { ...rest, number } as TogetherExportRow;
    });
  }

  async autoAssignOf(deptId: number) {
    return this.get<AutoAssignRow>(
      `SELECT d.auto_assign AS rule, d.auto_assign_team_id AS team_id, tm.name AS team, d.auto_assign_last_id AS last_id
       FROM departments d LEFT JOIN teams tm ON tm.id = d.auto_assign_team_id WHERE d.id = ?`, deptId,
    ) ?? { rule: null, team_id: null, team: null, last_id: null };
  }
  async setAutoAssign(deptId: number, rule: AutoAssignRow['rule'], teamId: number | null) {
    this.run('UPDATE departments SET auto_assign = ?, auto_assign_team_id = ? WHERE id = ?', rule, teamId, deptId);
  }
  async setAutoAssignLast(deptId: number, agentId: number) {
    this.run('UPDATE departments SET auto_assign_last_id = ? WHERE id = ?', agentId, deptId);
  }
  async assignCandidates(deptId: number, teamId: number | null) {
    const who = teamId === null
      ? 'a.dept_id = @dept'
      : 'a.id IN (SELECT agent_id FROM team_members WHERE team_id = @team)';
    return this.all<CandidateRow>(
      `SELECT a.id, a.username,
         (SELECT count(*) FROM tickets t WHERE t.assignee_id = a.id AND t.status IN ${OPEN}) AS open_count
       FROM agents a JOIN roles r ON r.id = a.role_id
       WHERE a.active = 1 AND (a.is_admin = 1 OR instr(',' || r.permissions || ',', ',reply,') > 0) AND ${who}
       ORDER BY a.id`, { dept: deptId, team: teamId },
    );
  }
}
