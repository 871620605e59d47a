/**
 * The organisation: roles, departments, teams, help topics, agents (with their extra department
 * grants) and end users. Inserts and renames that collide with an existing name throw ConflictError.
 */
import type { Permission, Priority } from '../../core/model.js';

export interface RoleRow { id: number; name: string; permissions: Permission[] }
export interface DeptRow { id: number; name: string; sla_id: number | null; sla: string | null }
export interface TeamRow { id: number; name: string; members: string[] }
export interface TopicRow {
  id: number; name: string; dept_id: number | null; department: string | null;
  priority: Priority | null; sla_id: number | null; sla: string | null;
}
export interface UserRow { id: number; email: string; name: string; created_at: string }
export interface AgentRow {
  id: number; username: string; name: string; email: string | null; dept_id: number; department: string;
  role_id: number; role: string; permissions: Permission[]; is_admin: number; active: number; created_at: string;
}
export interface GrantRow { dept_id: number; department: string; role_id: number; role: string; permissions: Permission[] }

/** The agent columns an admin may change. */
export interface AgentPatch {
  name?: string; email?: string | null; deptId?: number; roleId?: number; isAdmin?: boolean; active?: boolean;
}

/** What still refers to a department. */
export interface DeptUsage { tickets: number; openTickets: number; agents: string[]; topics: string[] }

export interface OrgTx {
  roles(): Promise<RoleRow[]>;
  roleByName(name: string): Promise<RoleRow | null>;
  insertRole(name: string, permissions: readonly Permission[]): Promise<number>;

  departments(): Promise<DeptRow[]>;
  deptByName(name: string): Promise<DeptRow | null>;
  deptById(id: number): Promise<DeptRow | null>;
  insertDept(name: string, slaId: number | null): Promise<number>;
  updateDept(id: number, patch: { name?: string; slaId?: number | null }): Promise<void>;
  /** What still points at a department: tickets, agents (primary department) and help topics. */
  deptUsage(id: number): Promise<DeptUsage>;
  /** Deletes a department and the extra grants on it; callers check deptUsage first. */
  deleteDept(id: number): Promise<void>;

  teams(): Promise<TeamRow[]>;
  teamByName(name: string): Promise<TeamRow | null>;
  insertTeam(name: string): Promise<number>;
  addTeamMember(teamId: number, agentId: number): Promise<void>;
  /** Removes a team member; false when they were not one. */
  removeTeamMember(teamId: number, agentId: number): Promise<boolean>;
  teamIdsOf(agentId: number): Promise<number[]>;

  topics(): Promise<TopicRow[]>;
  topicByName(name: string): Promise<TopicRow | null>;
  insertTopic(t: { name: string; deptId: number | null; priority: Priority | null; slaId: number | null }): Promise<number>;
  updateTopic(id: number, patch: { name?: string; deptId?: number | null; priority?: Priority | null; slaId?: number | null }): Promise<void>;

  agents(): Promise<AgentRow[]>;
  agentByUsername(username: string): Promise<AgentRow | null>;
  /** The agent with this email, an active one first when several share it. */
  agentByEmail(email: string): Promise<AgentRow | null>;
  insertAgent(a: { username: string; name: string; email: string | null; deptId: number; roleId: number; isAdmin: boolean; createdAt: string }): Promise<number>;
  updateAgent(id: number, patch: AgentPatch): Promise<void>;
  /** Deactivates or reactivates an agent: the one way the desk does either. */
  setAgentActive(agentId: number, active: boolean): Promise<void>;
  grantsOf(agentId: number): Promise<GrantRow[]>;
  setGrant(agentId: number, deptId: number, roleId: number): Promise<void>;
  /** Removes an extra department grant; false when there was none. */
  removeGrant(agentId: number, deptId: number): Promise<boolean>;

  users(): Promise<UserRow[]>;
  userByEmail(email: string): Promise<UserRow | null>;
  insertUser(u: { email: string; name: string; createdAt: string }): Promise<number>;
  /**
   * The end user with this email (matched as userByEmail does), inserted with this name when there
   * is none — what userByEmail then insertUser do, in one round trip on PostgreSQL.
   */
  userByEmailOrInsert(u: { email: string; name: string; createdAt: string }): Promise<{ user: UserRow; created: boolean }>;
  updateUser(id: number, patch: { name?: string; email?: string }): Promise<void>;
  /** End users by id, a page at a time. */
  usersPage(afterId: number, limit: number): Promise<UserRow[]>;
  /** Tickets per end user id (all states). */
  ticketCountsByUser(): Promise<Map<number, number>>;
}
