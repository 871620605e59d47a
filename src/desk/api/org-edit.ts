/**
 * Declared use cases: the organisation's corrections an admin makes — end users, departments, help
 * topics, an agent's access to other departments (how a declaration reads: declare.ts).
 * The desk refuses non-admins (exit 4, HTTP 403) as it does locally.
 */
import { PRIORITIES, type Priority } from '../../core/model.js';
import { AUTO_ASSIGN_RULES, type AutoAssignRule } from '../../core/together.js';
import type { AdminResult } from '../admin.js';
import { setAgentAccess } from '../org/agents.js';
import { editDept, removeDept } from '../org/depts.js';
import { editTopic } from '../org/topics.js';
import { editUser } from '../org/users.js';
import type { AgentObject, DeptObject, TopicObject, UserObject } from '../org/view.js';
import { flag, obj, oneOf, str, type UseCase } from './declare.js';

export const userEdit: UseCase<{ email: string; name?: string; newEmail?: string }, AdminResult<UserObject>> = {
  name: 'user.edit', summary: "correct an end user's name or email (admins); their tickets follow", permission: 'admin',
  input: obj({ email: str('the end user'), name: str('full name'), newEmail: str('new email address') }, ['email']),
  run: (ctx, actor, i) => editUser(ctx, actor, i.email, { name: i.name, email: i.newEmail }),
};

interface DeptEdit { dept: string; name?: string; sla?: string; clearSla?: boolean; autoAssign?: AutoAssignRule | 'off'; team?: string }

export const deptEdit: UseCase<DeptEdit, AdminResult<DeptObject>> = {
  name: 'dept.edit', summary: 'rename a department, change its default SLA or automatic assignment (admins)', permission: 'admin',
  input: obj({
    dept: str('the department'), name: str('new name'), sla: str('default SLA plan'), clearSla: flag('no default SLA'),
    autoAssign: oneOf([...AUTO_ASSIGN_RULES, 'off'], 'assign new tickets automatically'), team: str('choose among this team'),
  }, ['dept']),
  run: (ctx, actor, i) => editDept(ctx, {
    actor, dept: i.dept, name: i.name, sla: i.clearSla ? null : i.sla,
    autoAssign: i.autoAssign === 'off' ? null : i.autoAssign, autoAssignTeam: i.team,
  }),
};

export const deptRemove: UseCase<{ dept: string }, DeptObject> = {
  name: 'dept.remove', summary: 'delete a department nothing uses (admins)', permission: 'admin',
  input: obj({ dept: str('the department') }, ['dept']),
  run: (ctx, actor, i) => removeDept(ctx, actor, i.dept),
};

export const topicEdit: UseCase<{ topic: string; name?: string; dept?: string; priority?: Priority; sla?: string }, AdminResult<TopicObject>> = {
  name: 'topic.edit', summary: "change a help topic's name, department, priority or SLA (admins)", permission: 'admin',
  input: obj({ topic: str('the help topic'), name: str('new name'), dept: str('department'), priority: oneOf(PRIORITIES), sla: str('SLA plan') }, ['topic']),
  run: (ctx, actor, i) => editTopic(ctx, { actor, name: i.topic, rename: i.name, dept: i.dept, priority: i.priority, sla: i.sla }),
};

export const agentAccess: UseCase<{ username: string; dept: string; role?: string; remove?: boolean }, AdminResult<AgentObject> & { department: string }> = {
  name: 'agent.access', summary: "grant, change or remove an agent's role on another department (admins)", permission: 'admin',
  input: obj({ username: str('agent username', 64), dept: str('department'), role: str('role'), remove: flag('remove the extra access') }, ['username', 'dept']),
  run: (ctx, actor, i) => setAgentAccess(ctx, { ...i, actor }),
};
