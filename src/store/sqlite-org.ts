/**
 * SQLite queries for organisation admin (issue 3): changing agents, departments, help topics and end
 * users. SqliteTx delegates to this class; statements are prepared once and cached by their text.
 */
import { SqliteQueries } from './sqlite-queries.js';
import { ConflictError } from '../core/errors.js';
import type { Priority } from '../core/model.js';
import type { AgentPatch, DeptUsage } from './types.js';

type Param = string | number | null;

/** Column name → value, for the fields of a patch that were given. */
function assignments(fields: Record<string, Param | undefined>): { sql: string; params: Param[] } {
  const given = Object.entries(fields).filter(([, v]) => v !== undefined) as Array<[string, Param]>;
  return { sql: given.map(([c]) => `${c} = ?`).join(', '), params: given.map(([, v]) => v) };
}

/** The organisation-admin queries on one connection (used through SqliteTx). */
export class SqliteOrg extends SqliteQueries {
  /** Runs an UPDATE of the given columns; a collision with a unique name becomes a ConflictError. */
  private update(table: string, id: number, fields: Record<string, Param | undefined>, what: string, name?: string): void {
    const set = assignments(fields);
    if (!set.sql) return;
    try {
      this.stmt(`UPDATE ${table} SET ${set.sql} WHERE id = ?`).run(...set.params, id);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'SQLITE_CONSTRAINT_UNIQUE') throw new ConflictError(`${what} '${name ?? ''}' already exists`);
      throw err;
    }
  }

  updateAgent(id: number, p: AgentPatch): void {
    this.update('agents', id, {
      name: p.name, email: p.email, dept_id: p.deptId, role_id: p.roleId,
      is_admin: p.isAdmin === undefined ? undefined : Number(p.isAdmin),
      active: p.active === undefined ? undefined : Number(p.active),
    }, 'agent');
  }

  removeGrant(agentId: number, deptId: number): boolean {
    return this.stmt('DELETE FROM agent_access WHERE agent_id = ? AND dept_id = ?').run(agentId, deptId).changes > 0;
  }

  removeTeamMember(teamId: number, agentId: number): boolean {
    return this.stmt('DELETE FROM team_members WHERE team_id = ? AND agent_id = ?').run(teamId, agentId).changes > 0;
  }

  updateDept(id: number, p: { name?: string; slaId?: number | null }): void {
    this.update('departments', id, { name: p.name, sla_id: p.slaId }, 'department', p.name);
  }

  deptUsage(id: number): DeptUsage {
    const counts = this.stmt(
      `SELECT count(*) AS tickets,
              coalesce(sum(status IN ('open','in-progress','awaiting-response')), 0) AS open
       FROM tickets WHERE dept_id = ?`,
    ).get(id) as { tickets: number; open: number };
    const agents = (this.stmt('SELECT username FROM agents WHERE dept_id = ? ORDER BY username').all(id) as Array<{ username: string }>)
      .map((a) => a.username);
    const topics = (this.stmt('SELECT name FROM topics WHERE dept_id = ? ORDER BY name').all(id) as Array<{ name: string }>)
      .map((t) => t.name);
    return { tickets: counts.tickets, openTickets: counts.open, agents, topics };
  }

  deleteDept(id: number): void {
    this.stmt('DELETE FROM agent_access WHERE dept_id = ?').run(id);
    try {
      this.stmt('DELETE FROM departments WHERE id = ?').run(id);
    } catch (err) {
      // The desk checks what it knows refers to a department; anything else still pointing at it lands here.
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new ConflictError('the department is still in use');
      throw err;
    }
  }

  updateTopic(id: number, p: { name?: string; deptId?: number | null; priority?: Priority | null; slaId?: number | null }): void {
    this.update('topics', id, { name: p.name, dept_id: p.deptId, priority: p.priority, sla_id: p.slaId }, 'help topic', p.name);
  }

  updateUser(id: number, p: { name?: string; email?: string }): void {
    this.update('users', id, { name: p.name, email: p.email }, 'end user', p.email);
  }

  ticketCountsByUser(): Map<number, number> {
    const rows = this.stmt('SELECT user_id, count(*) AS n FROM tickets GROUP BY user_id').all() as Array<{ user_id: number; n: number }>;
    return new Map(rows.map((r) => [r.user_id, r.n]));
  }
}
