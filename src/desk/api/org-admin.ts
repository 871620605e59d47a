/**
 * Declared use cases: the organisation's changes an admin makes (how a declaration reads:
 * declare.ts). The desk refuses non-admins (exit 4, HTTP 403) as it does locally.
 */
import { PRIORITIES, type Priority } from '../../core/model.js';
import type { AdminResult } from '../admin.js';
import { addAgent, editAgent, setAgentActive } from '../org/agents.js';
import { addDept } from '../org/depts.js';
import { addTopic } from '../org/topics.js';
import { addTeam, setTeamMember } from '../org/teams.js';
import { addUser } from '../org/users.js';
import type { AgentObject, DeptObject, TeamObject, TopicObject, UserObject } from '../org/view.js';
import { flag, obj, oneOf, str, type UseCase } from './declare.js';

const USERNAME = str('agent username', 64);

interface AgentFields { username: string; name?: string; email?: string; dept?: string; role?: string; admin?: boolean }
const AGENT_FIELDS = { username: USERNAME, name: str('full name'), email: str('email'), dept: str('primary department'), role: str('role'), admin: flag('an admin') };

export const agentAdd: UseCase<AgentFields & { name: string }, AgentObject> = {
  name: 'agent.add', summary: 'add an agent (admins)', permission: 'admin', input: obj(AGENT_FIELDS, ['username', 'name']),
  http: { method: 'POST', path: '/api/v1/agents', created: true }, output: 'Agent',
  run: (ctx, actor, i) => addAgent(ctx, { ...i, actor }),
};

export const agentEdit: UseCase<AgentFields, AdminResult<AgentObject>> = {
  name: 'agent.edit', summary: "change an agent's name, email, department, role or admin flag (admins)", permission: 'admin',
  input: obj(AGENT_FIELDS, ['username']), run: (ctx, actor, i) => editAgent(ctx, { ...i, actor }),
};

export const agentActive: UseCase<{ username: string; active: boolean }, AdminResult<AgentObject>> = {
  name: 'agent.set-active', summary: 'deactivate or reactivate an agent (admins)', permission: 'admin',
  input: obj({ username: USERNAME, active: flag('true to reactivate, false to deactivate') }, ['username', 'active']),
  run: (ctx, actor, i) => setAgentActive(ctx, actor, i.username, i.active),
};

export const userAdd: UseCase<{ email: string; name: string }, UserObject> = {
  name: 'user.add', summary: 'add an end user (admins)', permission: 'admin', input: obj({ email: str('email'), name: str('full name') }, ['email', 'name']),
  http: { method: 'POST', path: '/api/v1/users', created: true }, output: 'User',
  run: (ctx, actor, i) => addUser(ctx, actor, i.email, i.name),
};

export const deptAdd: UseCase<{ name: string; sla?: string }, DeptObject> = {
  name: 'dept.add', summary: 'add a department (admins)', permission: 'admin', input: obj({ name: str('name'), sla: str('default SLA plan') }, ['name']),
  http: { method: 'POST', path: '/api/v1/departments', created: true }, output: 'Department',
  run: (ctx, actor, i) => addDept(ctx, actor, i.name, i.sla),
};

export const teamAdd: UseCase<{ name: string; members?: string[] }, TeamObject> = {
  name: 'team.add', summary: 'add a team (admins)', permission: 'admin',
  input: obj({ name: str('name'), members: { type: 'array', items: USERNAME, maxItems: 1000 } }, ['name']),
  http: { method: 'POST', path: '/api/v1/teams', created: true }, output: 'Team',
  run: (ctx, actor, i) => addTeam(ctx, actor, i.name, i.members ?? []),
};

export const teamMember: UseCase<{ team: string; username: string; join: boolean }, AdminResult<TeamObject>> = {
  name: 'team.member', summary: 'add an agent to a team or take them off it (admins)', permission: 'admin',
  input: obj({ team: str('team'), username: USERNAME, join: flag('true to join, false to leave') }, ['team', 'username', 'join']),
  run: (ctx, actor, i) => setTeamMember(ctx, actor, i.team, i.username, i.join),
};

export const topicAdd: UseCase<{ name: string; dept?: string; priority?: Priority; sla?: string }, TopicObject> = {
  name: 'topic.add', summary: 'add a help topic (admins)', permission: 'admin',
  input: obj({ name: str('name'), dept: str('department'), priority: oneOf(PRIORITIES), sla: str('SLA plan') }, ['name']),
  http: { method: 'POST', path: '/api/v1/topics', created: true }, output: 'Topic',
  run: (ctx, actor, i) => addTopic(ctx, { ...i, actor }),
};
