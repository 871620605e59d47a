/**
 * Declared use cases: the organisation's lists (how a declaration reads: declare.ts). 
 */
import { listAgents } from '../org/agents.js';
import { listDepts } from '../org/depts.js';
import { listRoles } from '../org/roles.js';
import { listTopics } from '../org/topics.js';
import { listTeams } from '../org/teams.js';
import { listUsers } from '../org/users.js';
import { listSla } from '../sla/plans.js';
import type { DeskContext } from '../context.js';
import type { SlaView } from '../sla/plans.js';
import type { AgentObject, DeptObject, RoleObject, TeamObject, TopicObject, UserObject } from '../org/view.js';
import { obj, type UseCase } from './declare.js';

/** A list of the organisation: `(ctx, actor)` → its objects. */

function orgList<O>(name: string, summary: string, path: string, list: (ctx: DeskContext, actor: string) => Promise<O[]>): UseCase<object, O[]> {
  return {
    name, summary, permission: 'agent', input: obj({}), http: { method: 'GET', path }, output: 'List',
    run: (ctx, actor) => list(ctx, actor),
  };
}

export const slaList = orgList<SlaView>('sla.list', 'the SLA plans', '/api/v1/sla', listSla);

export const agentList = orgList<AgentObject>('agent.list', 'the agents', '/api/v1/agents', listAgents);

export const userList = orgList<UserObject>('user.list', 'the end users (admins)', '/api/v1/users', listUsers);

export const deptList = orgList<DeptObject>('dept.list', 'the departments', '/api/v1/departments', listDepts);

export const teamList = orgList<TeamObject>('team.list', 'the teams', '/api/v1/teams', listTeams);

export const topicList = orgList<TopicObject>('topic.list', 'the help topics', '/api/v1/topics', listTopics);

export const roleList = orgList<RoleObject>('role.list', 'the roles and their permissions', '/api/v1/roles', listRoles);
