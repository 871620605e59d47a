/**
 * The organisation as the CLI prints it with --json: agents, end users, departments, teams, help
 * topics and roles. Field names are part of the contract once released; add, never rename.
 */
import type { Permission, Priority } from '../../core/model.js';
import type { AgentRow, DeptRow, GrantRow, RoleRow, TeamRow, TopicRow, Tx, UserRow } from '../../store/types.js';

/** An agent as `agent list` and the agent verbs print it. */
export interface AgentObject {
  username: string;
  name: string;
  email: string | null;
  /** Primary department; the role applies there and to the agent's own and team tickets. */
  department: string;
  role: string;
  admin: boolean;
  active: boolean;
  /** Extra department grants. */
  access: Array<{ department: string; role: string }>;
  teams: string[];
  created_at: string;
}

/** An end user; `tickets` counts every ticket they opened. */
export interface UserObject { email: string; name: string; created_at: string; tickets: number }
/** A department; `agents` are those whose primary department it is. */
export interface DeptObject {
  name: string; sla: string | null; default: boolean; agents: string[];
  /** The automatic assignment rule of new tickets (null: off) and the team it picks from. */
  auto_assign: string | null; auto_assign_team: string | null;
}
/** A team and its members' usernames. */
export interface TeamObject { name: string; members: string[] }
/** A help topic and the department, priority and SLA it gives new tickets. */
export interface TopicObject { name: string; department: string | null; priority: Priority | null; sla: string | null }
/** A role and its permissions. */
export interface RoleObject { name: string; permissions: Permission[] }

/** Builds the agent object from its row, grants and the teams (with members). */
export function toAgentObject(row: AgentRow, grants: readonly GrantRow[], teams: readonly TeamRow[]): AgentObject {
  return {
    username: row.username,
    name: row.name,
    email: row.email,
    department: row.department,
    role: row.role,
    admin: row.is_admin === 1,
    active: row.active === 1,
    access: grants.map((g) => ({ department: g.department, role: g.role })),
    teams: teams.filter((t) => t.members.includes(row.username)).map((t) => t.name),
    created_at: row.created_at,
  };
}

/** One agent, read fresh (after a change). */
export async function agentObject(tx: Tx, username: string): Promise<AgentObject> {
  const row = (await tx.org.agentByUsername(username))!;
  return toAgentObject(row, await tx.org.grantsOf(row.id), await tx.org.teams());
}

/** Builds the end-user object. */
export const toUserObject = (u: UserRow, tickets: number): UserObject => ({
  email: u.email, name: u.name, created_at: u.created_at, tickets,
});

/** The name of the department new tickets fall back to (setting `default.department`). */
export async function defaultDeptName(tx: Tx): Promise<string> {
  return (await tx.settings.getSetting('default.department')) ?? 'Support';
}

/** Builds the department object; `agents` is every agent, filtered here. */
export function toDeptObject(d: DeptRow, defaultName: string, agents: readonly AgentRow[], teams: readonly TeamRow[] = []): DeptObject {
  return {
    name: d.name,
    sla: d.sla,
    default: d.name.toLowerCase() === defaultName.toLowerCase(),
    agents: agents.filter((a) => a.dept_id === d.id).map((a) => a.username),
    ...autoAssignOf(d, teams),
  };
}

/** The department row carries migration 11's columns. */
function autoAssignOf(d: DeptRow, teams: readonly TeamRow[]): Pick<DeptObject, 'auto_assign' | 'auto_assign_team'> {
  const row = d as DeptRow & { auto_assign?: string | null; auto_assign_team_id?: number | null };
  const team = row.auto_assign_team_id == null ? null : teams.find((t) => t.id === row.auto_assign_team_id)?.name ?? null;
  return { auto_assign: row.auto_assign ?? null, auto_assign_team: row.auto_assign ? team : null };
}

/** One department, read fresh (after a change). */
export async function deptObject(tx: Tx, name: string): Promise<DeptObject> {
  return toDeptObject((await tx.org.deptByName(name))!, await defaultDeptName(tx), await tx.org.agents(), await tx.org.teams());
}

/** Builds the team object. */
export const toTeamObject = (t: TeamRow): TeamObject => ({ name: t.name, members: [...t.members] });

/** Builds the help-topic object. */
export const toTopicObject = (t: TopicRow): TopicObject => ({
  name: t.name, department: t.department, priority: t.priority, sla: t.sla,
});

/** Builds the role object. */
export const toRoleObject = (r: RoleRow): RoleObject => ({ name: r.name, permissions: [...r.permissions] });
