/**
 * The organisation on PostgreSQL: roles, departments, teams, help topics, agents and end
 * users — the queries of SqliteTx and sqlite-org.ts, with SQLite's NOCASE order (hd_nocase) and its
 * errors: a duplicate name is a ConflictError, a department still referenced cannot be deleted.
 */
import { ConflictError } from '../../core/errors.js';
import type { Permission, Priority } from '../../core/model.js';
import type { AgentPatch, AgentRow, DeptRow, DeptUsage, GrantRow, OrgTx, RoleRow, TeamRow, TopicRow, UserRow } from '../types.js';
import type { PgConn, PgParam } from './conn.js';
import { getNamed, insertNamed, nocaseEquals, sqlState } from './named.js';
import { related } from './related.js';

const GRANTS = related('agent', 'grants', `SELECT g.dept_id, d.name AS department, g.role_id, r.name AS role, r.permissions FROM agent_access g
  JOIN departments d ON d.id = g.dept_id JOIN roles r ON r.id = g.role_id WHERE g.agent_id = $1 ORDER BY hd_nocase(d.name)`);
const TEAMS = related('agent', 'teams', 'SELECT team_id FROM team_members WHERE agent_id = $1 ORDER BY team_id');

const perms = (text: string): Permission[] => (text ? (text.split(',') as Permission[]) : []);

const AGENT_SELECT = `
SELECT a.*, d.name AS department, r.name AS role, r.permissions AS permissions
FROM agents a JOIN departments d ON d.id = a.dept_id JOIN roles r ON r.id = a.role_id`;
const DEPT_SELECT = 'SELECT d.*, s.name AS sla FROM departments d LEFT JOIN sla_plans s ON s.id = d.sla_id';
const TOPIC_SELECT = `SELECT tp.*, d.name AS department, s.name AS sla FROM topics tp
  LEFT JOIN departments d ON d.id = tp.dept_id LEFT JOIN sla_plans s ON s.id = tp.sla_id`;

type RawAgent = Omit<AgentRow, 'permissions'> & { permissions: string };
type RawRole = { id: number; name: string; permissions: string };

export class PgOrg implements OrgTx {
  constructor(private readonly c: PgConn) {}

  /** UPDATE of the given columns; a collision with a unique name becomes a ConflictError. */
  private async update(table: string, id: number, fields: Record<string, PgParam | undefined>, what: string, name?: string): Promise<void> {
    const given = Object.entries(fields).filter(([, v]) => v !== undefined) as Array<[string, PgParam]>;
    if (!given.length) return;
    const sql = `UPDATE ${table} SET ${given.map(([col], i) => `${col} = $${i + 1}`).join(', ')} WHERE id = $${given.length + 1}`;
    try {
      await this.c.guarded(() => this.c.run(sql, [...given.map(([, v]) => v), id]));
    } catch (err) {
      if (sqlState(err) === '23505') throw new ConflictError(`${what} '${name ?? ''}' already exists`);
      throw err;
    }
  }

  async roles() {
    return (await this.c.all<RawRole>('SELECT * FROM roles ORDER BY id')).map((r): RoleRow => ({ ...r, permissions: perms(r.permissions) }));
  }
  async roleByName(name: string) {
    const r = await getNamed<RawRole>(this.c, 'SELECT * FROM roles', 'name', name);
    return r ? { ...r, permissions: perms(r.permissions) } : null;
  }
  async insertRole(name: string, permissions: readonly Permission[]) {
    return insertNamed(this.c, 'role', name, 'INSERT INTO roles(name, permissions) VALUES ($1, $2)', [name, permissions.join(',')]);
  }

  async departments() {
    return this.c.all<DeptRow>(`${DEPT_SELECT} ORDER BY hd_nocase(d.name)`);
  }
  async deptByName(name: string) {
    return getNamed<DeptRow>(this.c, DEPT_SELECT, 'd.name', name);
  }
  async deptById(id: number) {
    return this.c.one<DeptRow>(`${DEPT_SELECT} WHERE d.id = $1`, [id]);
  }
  async insertDept(name: string, slaId: number | null) {
    return insertNamed(this.c, 'department', name, 'INSERT INTO departments(name, sla_id) VALUES ($1, $2)', [name, slaId]);
  }
  async updateDept(id: number, p: { name?: string; slaId?: number | null }) {
    await this.update('departments', id, { name: p.name, sla_id: p.slaId }, 'department', p.name);
  }
  async deptUsage(id: number): Promise<DeptUsage> {
    const counts = (await this.c.one<{ tickets: number; open: number }>(
      `SELECT count(*) AS tickets, count(*) FILTER (WHERE status IN ('open','in-progress','awaiting-response')) AS open
       FROM tickets WHERE dept_id = $1`, [id]))!;
    const agents = (await this.c.all<{ username: string }>('SELECT username FROM agents WHERE dept_id = $1 ORDER BY hd_nocase(username)', [id])).map((a) => a.username);
    const topics = (await this.c.all<{ name: string }>('SELECT name FROM topics WHERE dept_id = $1 ORDER BY hd_nocase(name)', [id])).map((t) => t.name);
    return { tickets: counts.tickets, openTickets: counts.open, agents, topics };
  }
  async deleteDept(id: number) {
    await this.c.run('DELETE FROM agent_access WHERE dept_id = $1', [id]);
    try {
      await this.c.guarded(() => this.c.run('DELETE FROM departments WHERE id = $1', [id]));
    } catch (err) {
      // The desk checks what it knows refers to a department; anything else still pointing at it lands here.
      if (sqlState(err) === '23503') throw new ConflictError('the department is still in use');
      throw err;
    }
  }

  private async teamRow(t: { id: number; name: string }): Promise<TeamRow> {
    const members = (await this.c.all<{ username: string }>(
      'SELECT a.username FROM team_members m JOIN agents a ON a.id = m.agent_id WHERE m.team_id = $1 ORDER BY hd_nocase(a.username)', [t.id],
    )).map((m) => m.username);
    return { ...t, members };
  }
  async teams() {
    const rows = await this.c.all<{ id: number; name: string }>('SELECT * FROM teams ORDER BY hd_nocase(name)');
    const out: TeamRow[] = [];
    for (const t of rows) out.push(await this.teamRow(t));
    return out;
  }
  async teamByName(name: string) {
    const t = await getNamed<{ id: number; name: string }>(this.c, 'SELECT * FROM teams', 'name', name);
    return t ? this.teamRow(t) : null;
  }
  async insertTeam(name: string) {
    return insertNamed(this.c, 'team', name, 'INSERT INTO teams(name) VALUES ($1)', [name]);
  }
  async addTeamMember(teamId: number, agentId: number) {
    await this.c.run('INSERT INTO team_members(team_id, agent_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [teamId, agentId]);
  }
  async removeTeamMember(teamId: number, agentId: number) {
    return (await this.c.run('DELETE FROM team_members WHERE team_id = $1 AND agent_id = $2', [teamId, agentId])) > 0;
  }
  async teamIdsOf(agentId: number) {
    return (await this.c.related<{ team_id: number }>(TEAMS, agentId)).map((r) => r.team_id);
  }

  async topics() {
    return this.c.all<TopicRow>(`${TOPIC_SELECT} ORDER BY hd_nocase(tp.name)`);
  }
  async topicByName(name: string) {
    return getNamed<TopicRow>(this.c, TOPIC_SELECT, 'tp.name', name);
  }
  async insertTopic(t: { name: string; deptId: number | null; priority: Priority | null; slaId: number | null }) {
    return insertNamed(this.c, 'help topic', t.name, 'INSERT INTO topics(name, dept_id, priority, sla_id) VALUES ($1, $2, $3, $4)',
      [t.name, t.deptId, t.priority, t.slaId]);
  }
  async updateTopic(id: number, p: { name?: string; deptId?: number | null; priority?: Priority | null; slaId?: number | null }) {
    await this.update('topics', id, { name: p.name, dept_id: p.deptId, priority: p.priority, sla_id: p.slaId }, 'help topic', p.name);
  }

  private agentRow(r: RawAgent | null): AgentRow | null {
    return r ? { ...r, permissions: perms(r.permissions) } : null;
  }
  async agents() {
    return (await this.c.all<RawAgent>(`${AGENT_SELECT} ORDER BY hd_nocase(a.username)`)).map((r) => this.agentRow(r)!);
  }
  async agentByUsername(username: string) {
    // SQLite compares usernames with NOCASE only (no Unicode fallback): usernames are ASCII.
    return this.agentRow(await this.c.one<RawAgent>(`${AGENT_SELECT} WHERE ${nocaseEquals('a.username')}`, [username]));
  }
  async agentByEmail(email: string) {
    return this.agentRow(await this.c.one<RawAgent>(
      `${AGENT_SELECT} WHERE ${nocaseEquals('a.email')} ORDER BY a.active DESC, a.id LIMIT 1`, [email]));
  }
  async insertAgent(a: { username: string; name: string; email: string | null; deptId: number; roleId: number; isAdmin: boolean; createdAt: string }) {
    return insertNamed(this.c, 'agent', a.username,
      'INSERT INTO agents(username, name, email, dept_id, role_id, is_admin, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [a.username, a.name, a.email, a.deptId, a.roleId, a.isAdmin ? 1 : 0, a.createdAt]);
  }
  async updateAgent(id: number, p: AgentPatch) {
    await this.update('agents', id, {
      name: p.name, email: p.email, dept_id: p.deptId, role_id: p.roleId,
      is_admin: p.isAdmin === undefined ? undefined : Number(p.isAdmin),
      active: p.active === undefined ? undefined : Number(p.active),
    }, 'agent');
  }
  async setAgentActive(agentId: number, active: boolean) {
    await this.c.run('UPDATE agents SET active = $1 WHERE id = $2', [active ? 1 : 0, agentId]);
  }
  async grantsOf(agentId: number) {
    return (await this.c.related<Omit<GrantRow, 'permissions'> & { permissions: string }>(GRANTS, agentId))
      .map((g): GrantRow => ({ ...g, permissions: perms(g.permissions) }));
  }
  async setGrant(agentId: number, deptId: number, roleId: number) {
    await this.c.run(`INSERT INTO agent_access(agent_id, dept_id, role_id) VALUES ($1, $2, $3)
      ON CONFLICT (agent_id, dept_id) DO UPDATE SET role_id = excluded.role_id`, [agentId, deptId, roleId]);
  }
  async removeGrant(agentId: number, deptId: number) {
    return (await this.c.run('DELETE FROM agent_access WHERE agent_id = $1 AND dept_id = $2', [agentId, deptId])) > 0;
  }

  async users() {
    return this.c.all<UserRow>('SELECT * FROM users ORDER BY name, hd_nocase(email), id');
  }
  async userByEmail(email: string) {
    return getNamed<UserRow>(this.c, 'SELECT * FROM users', 'email', email);
  }
  async insertUser(u: { email: string; name: string; createdAt: string }) {
    return insertNamed(this.c, 'end user', u.email, 'INSERT INTO users(email, name, created_at) VALUES ($1, $2, $3)', [u.email, u.name, u.createdAt]);
  }
  async userByEmailOrInsert(u: { email: string; name: string; createdAt: string }) {
    // eslint-disable-next-line no-control-regex -- every ASCII character, controls included
    if (/^[\x00-\x7f]*$/.test(u.email)) {
      // The look-up and the insert when it found nothing, in one statement. An ASCII email is found
      // by the indexed NOCASE look-up alone (named.ts), as userByEmail finds it.
      const rows = await this.c.all<UserRow & { hd_created: boolean }>(`WITH f AS (SELECT * FROM users WHERE ${nocaseEquals('email')}),
        i AS (INSERT INTO users(email, name, created_at) SELECT $1::text, $2::text, $3::text WHERE NOT EXISTS (SELECT 1 FROM f)
          ON CONFLICT DO NOTHING RETURNING *)
        SELECT *, false AS hd_created FROM f UNION ALL SELECT *, true AS hd_created FROM i`, [u.email, u.name, u.createdAt]);
      const hit = rows[0];
      if (!hit) throw new ConflictError(`end user '${u.email}' already exists`);
      const { hd_created: created, ...user } = hit;
      return { user, created };
    }
    const existing = await this.userByEmail(u.email);
    if (existing) return { user: existing, created: false };
    const id = await this.insertUser(u);
    return { user: { id, email: u.email, name: u.name, created_at: u.createdAt }, created: true };
  }
  async updateUser(id: number, p: { name?: string; email?: string }) {
    await this.update('users', id, { name: p.name, email: p.email }, 'end user', p.email);
  }
  async usersPage(afterId: number, limit: number) {
    return this.c.all<UserRow>('SELECT * FROM users WHERE id > $1 ORDER BY id LIMIT $2', [afterId, limit]);
  }
  async ticketCountsByUser() {
    const rows = await this.c.all<{ user_id: number; n: number }>('SELECT user_id, count(*) AS n FROM tickets GROUP BY user_id');
    return new Map(rows.map((r) => [r.user_id, r.n]));
  }
}
