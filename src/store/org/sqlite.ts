/**
 * The SQLite organisation: roles, departments, teams, help topics, agents and end users. Names match
 * case-insensitively (getNamed); a duplicate name becomes a ConflictError that names it.
 */
import { ConflictError } from '../../core/errors.js';
import type { Permission, Priority } from '../../core/model.js';
import { SqliteQueries } from '../sqlite-queries.js';
import type { AgentPatch, AgentRow, DeptRow, DeptUsage, GrantRow, OrgTx, RoleRow, TeamRow, TopicRow, UserRow } from './types.js';

type Param = string | number | null;

/** Column name → value, for the fields of a patch that were given. */
function assignments(fields: Record<string, Param | undefined>): { sql: string; params: Param[] } {
  const given = Object.entries(fields).filter(([, v]) => v !== undefined) as Array<[string, Param]>;
  return { sql: given.map(([c]) => `${c} = ?`).join(', '), params: given.map(([, v]) => v) };
}

const perms = (text: string): Permission[] => (text ? (text.split(',') as Permission[]) : []);

const AGENT_SELECT = `
SELECT a.*, d.name AS department, r.name AS role, r.permissions AS permissions
FROM agents a JOIN departments d ON d.id = a.dept_id JOIN roles r ON r.id = a.role_id`;
const DEPT_SELECT = 'SELECT d.*, s.name AS sla FROM departments d LEFT JOIN sla_plans s ON s.id = d.sla_id';
const TOPIC_SELECT = `SELECT tp.*, d.name AS department, s.name AS sla FROM topics tp
    LEFT JOIN departments d ON d.id = tp.dept_id LEFT JOIN sla_plans s ON s.id = tp.sla_id`;

type RawAgent = Omit<AgentRow, 'permissions'> & { permissions: string };

export class SqliteOrg extends SqliteQueries implements OrgTx {
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

  async roles() {
    return this.all<{ id: number; name: string; permissions: string }>('SELECT * FROM roles ORDER BY id')
      .map((r): RoleRow => ({ ...r, permissions: perms(r.permissions) }));
  }
  async roleByName(name: string) {
    const r = this.getNamed<{ id: number; name: string; permissions: string }>('SELECT * FROM roles', 'name', name);
    return r ? { ...r, permissions: perms(r.permissions) } : null;
  }
  async insertRole(name: string, permissions: readonly Permission[]) {
    return this.insertNamed('role', name, 'INSERT INTO roles(name, permissions) VALUES (?, ?)', name, permissions.join(','));
  }

  async departments() {
    return this.all<DeptRow>(`${DEPT_SELECT} ORDER BY d.name`);
  }
  async deptByName(name: string) {
    return this.getNamed<DeptRow>(DEPT_SELECT, 'd.name', name);
  }
  async deptById(id: number) {
    return this.get<DeptRow>(`${DEPT_SELECT} WHERE d.id = ?`, id);
  }
  async insertDept(name: string, slaId: number | null) {
    return this.insertNamed('department', name, 'INSERT INTO departments(name, sla_id) VALUES (?, ?)', name, slaId);
  }
  async updateDept(id: number, p: { name?: string; slaId?: number | null }) {
    this.update('departments', id, { name: p.name, sla_id: p.slaId }, 'department', p.name);
  }
  async deptUsage(id: number): Promise<DeptUsage> {
    const counts = this.get<{ tickets: number; open: number }>(
      `SELECT count(*) AS tickets,
              coalesce(sum(status IN ('open','in-progress','awaiting-response')), 0) AS open
       FROM tickets WHERE dept_id = ?`, id,
    )!;
    const agents = this.all<{ username: string }>('SELECT username FROM agents WHERE dept_id = ? ORDER BY username', id).map((a) => a.username);
    const topics = this.all<{ name: string }>('SELECT name FROM topics WHERE dept_id = ? ORDER BY name', id).map((t) => t.name);
    return { tickets: counts.tickets, openTickets: counts.open, agents, topics };
  }
  async deleteDept(id: number) {
    this.run('DELETE FROM agent_access WHERE dept_id = ?', id);
    try {
      this.run('DELETE FROM departments WHERE id = ?', id);
    } catch (err) {
      // The desk checks what it knows refers to a department; anything else still pointing at it lands here.
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new ConflictError('the department is still in use');
      throw err;
    }
  }

  private teamRow(t: { id: number; name: string }): TeamRow {
    const members = this.all<{ username: string }>(
      'SELECT a.username FROM team_members m JOIN agents a ON a.id = m.agent_id WHERE m.team_id = ? ORDER BY a.username', t.id,
    ).map((m) => m.username);
    return { ...t, members };
  }
  async teams() {
    return this.all<{ id: number; name: string }>('SELECT * FROM teams ORDER BY name').map((t) => this.teamRow(t));
  }
  async teamByName(name: string) {
    const t = this.getNamed<{ id: number; name: string }>('SELECT * FROM teams', 'name', name);
    return t ? this.teamRow(t) : null;
  }
  async insertTeam(name: string) {
    return this.insertNamed('team', name, 'INSERT INTO teams(name) VALUES (?)', name);
  }
  async addTeamMember(teamId: number, agentId: number) {
    this.run('INSERT OR IGNORE INTO team_members(team_id, agent_id) VALUES (?, ?)', teamId, agentId);
  }
  async removeTeamMember(teamId: number, agentId: number) {
    return this.stmt('DELETE FROM team_members WHERE team_id = ? AND agent_id = ?').run(teamId, agentId).changes > 0;
  }
  async teamIdsOf(agentId: number) {
    return this.all<{ team_id: number }>('SELECT team_id FROM team_members WHERE agent_id = ?', agentId).map((r) => r.team_id);
  }

  async topics() {
    return this.all<TopicRow>(`${TOPIC_SELECT} ORDER BY tp.name`);
  }
  async topicByName(name: string) {
    return this.getNamed<TopicRow>(TOPIC_SELECT, 'tp.name', name);
  }
  async insertTopic(t: { name: string; deptId: number | null; priority: Priority | null; slaId: number | null }) {
    return this.insertNamed('help topic', t.name, 'INSERT INTO topics(name, dept_id, priority, sla_id) VALUES (?, ?, ?, ?)',
      t.name, t.deptId, t.priority, t.slaId);
  }
  async updateTopic(id: number, p: { name?: string; deptId?: number | null; priority?: Priority | null; slaId?: number | null }) {
    this.update('topics', id, { name: p.name, dept_id: p.deptId, priority: p.priority, sla_id: p.slaId }, 'help topic', p.name);
  }

  private agentRow(r: RawAgent | null): AgentRow | null {
    return r ? { ...r, permissions: perms(r.permissions) } : null;
  }
  async agents() {
    return this.all<RawAgent>(`${AGENT_SELECT} ORDER BY a.username`).map((r) => this.agentRow(r)!);
  }
  async agentByUsername(username: string) {
    return this.agentRow(this.get(`${AGENT_SELECT} WHERE a.username = ? COLLATE NOCASE`, username));
  }
  async agentByEmail(email: string) {
    return this.agentRow(this.get(`${AGENT_SELECT} WHERE a.email = ? COLLATE NOCASE ORDER BY a.active DESC LIMIT 1`, email));
  }
  async insertAgent(a: { username: string; name: string; email: string | null; deptId: number; roleId: number; isAdmin: boolean; createdAt: string }) {
    return this.insertNamed('agent', a.username,
      'INSERT INTO agents(username, name, email, dept_id, role_id, is_admin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      a.username, a.name, a.email, a.deptId, a.roleId, a.isAdmin ? 1 : 0, a.createdAt);
  }
  async updateAgent(id: number, p: AgentPatch) {
    this.update('agents', id, {
      name: p.name, email: p.email, dept_id: p.deptId, role_id: p.roleId,
      is_admin: p.isAdmin === undefined ? undefined : Number(p.isAdmin),
      active: p.active === undefined ? undefined : Number(p.active),
    }, 'agent');
  }
  async setAgentActive(agentId: number, active: boolean) {
    await this.updateAgent(agentId, { active });
  }
  async grantsOf(agentId: number) {
    return this.all<Omit<GrantRow, 'permissions'> & { permissions: string }>(
      `SELECT g.dept_id, d.name AS department, g.role_id, r.name AS role, r.permissions FROM agent_access g
       JOIN departments d ON d.id = g.dept_id JOIN roles r ON r.id = g.role_id WHERE g.agent_id = ? ORDER BY d.name`, agentId,
    ).map((g): GrantRow => ({ ...g, permissions: perms(g.permissions) }));
  }
  async setGrant(agentId: number, deptId: number, roleId: number) {
    this.run(`INSERT INTO agent_access(agent_id, dept_id, role_id) VALUES (?, ?, ?)
      ON CONFLICT(agent_id, dept_id) DO UPDATE SET role_id = excluded.role_id`, agentId, deptId, roleId);
  }
  async removeGrant(agentId: number, deptId: number) {
    return this.stmt('DELETE FROM agent_access WHERE agent_id = ? AND dept_id = ?').run(agentId, deptId).changes > 0;
  }

  async users() {
    return this.all<UserRow>('SELECT * FROM users ORDER BY name, email');
  }
  async userByEmail(email: string) {
    return this.getNamed<UserRow>('SELECT * FROM users', 'email', email);
  }
  async insertUser(u: { email: string; name: string; createdAt: string }) {
    return this.insertNamed('end user', u.email, 'INSERT INTO users(email, name, created_at) VALUES (?, ?, ?)', u.email, u.name, u.createdAt);
  }
  async userByEmailOrInsert(u: { email: string; name: string; createdAt: string }) {
    const existing = await this.userByEmail(u.email);
    if (existing) return { user: existing, created: false };
    const id = await this.insertUser(u);
    return { user: { id, email: u.email, name: u.name, created_at: u.createdAt }, created: true };
  }
  async updateUser(id: number, p: { name?: string; email?: string }) {
    this.update('users', id, { name: p.name, email: p.email }, 'end user', p.email);
  }
  async usersPage(afterId: number, limit: number) {
    return this.all<UserRow>('SELECT * FROM users WHERE id > ? ORDER BY id LIMIT ?', afterId, limit);
  }
  async ticketCountsByUser() {
    const rows = this.all<{ user_id: number; n: number }>('SELECT user_id, count(*) AS n FROM tickets GROUP BY user_id');
    return new Map(rows.map((r) => [r.user_id, r.n]));
  }
}
