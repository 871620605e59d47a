/**
 * Managing agents: add, list, grant or remove extra department access, edit, deactivate and
 * reactivate. Deactivated agents keep their history (tickets, thread entries, events) but cannot act
 * and cannot be assigned.
 */
import { ConflictError, named, says, UsageError } from '../../core/errors.js';
import { parseEmail, parseUsername } from '../../core/lifecycle.js';
import type { AgentActor } from '../../core/model.js';
import { parseName, requireNotSelf } from '../../core/org.js';
import type { AgentPatch, AgentRow, Tx } from '../../store/types.js';
import { asAdmin, readAsAgent, ChangeLog, type AdminResult } from '../admin.js';
import { iso, type DeskContext } from '../context.js';
import { findAgent, findDept, findRole } from '../lookup.js';
import { agentObject, defaultDeptName, toAgentObject, type AgentObject } from './view.js';

/** The role a new agent gets without --role: the working role of a help desk agent such as John. */
export const DEFAULT_AGENT_ROLE = 'Expanded Access';

/** Refuses an email that another agent or any end user already uses: one address, one identity. */
async function requireFreeEmail(tx: Tx, email: string, self: number | null): Promise<void> {
  const agent = await tx.org.agentByEmail(email);
  if (agent && agent.id !== self) throw new ConflictError(`the email ${email} already belongs to agent '${agent.username}'`);
  if (await tx.org.userByEmail(email)) {
    throw new ConflictError(`the email ${email} already belongs to an end user`, 'give the agent a different address');
  }
}

/** What `agent add` is given. */
export interface AddAgentInput {
  actor: string;
  username: string;
  name: string;
  email?: string;
  dept?: string;
  role?: string;
  admin?: boolean;
}

/** Adds an agent: primary department (default: the default department) and role (default Expanded Access). */
export function addAgent(ctx: DeskContext, input: AddAgentInput): Promise<AgentObject> {
  return asAdmin(ctx, input.actor, 'add agents', async (tx) => {
    const username = parseUsername(input.username);
    const name = parseName('agent', input.name, named('name'));
    const email = input.email === undefined ? null : parseEmail(input.email);
    if (await tx.org.agentByUsername(username)) throw new ConflictError(`agent '${username}' already exists`, 'see them with: helpdesk agent list');
    if (email !== null) await requireFreeEmail(tx, email, null);
    const dept = await findDept(tx, input.dept ?? (await defaultDeptName(tx)));
    const role = await findRole(tx, input.role ?? DEFAULT_AGENT_ROLE);
    await tx.org.insertAgent({ username, name, email, deptId: dept.id, roleId: role.id, isAdmin: input.admin === true, createdAt: iso(ctx.now) });
    return agentObject(tx, username);
  });
}

/** Every agent (active or not), by username. Open to every agent. */
export function listAgents(ctx: DeskContext, who: string): Promise<AgentObject[]> {
  return readAsAgent(ctx, who, 'list agents', async (tx) => {
    const teams = await tx.org.teams();
    const out: AgentObject[] = [];
    for (const row of await tx.org.agents()) out.push(toAgentObject(row, await tx.org.grantsOf(row.id), teams));
    return out;
  });
}

/** What `agent access` is given: exactly one of role and remove. */
export interface AccessInput {
  actor: string;
  username: string;
  dept: string;
  role?: string;
  remove?: boolean;
}

/**
 * Grants, changes or removes an agent's extra access to one department. Nobody changes their own.
 * `department` is the department's name as stored (the input matches case-insensitively).
 */
export function setAgentAccess(ctx: DeskContext, input: AccessInput): Promise<AdminResult<AgentObject> & { department: string }> {
  if ((input.role === undefined) === (input.remove !== true)) {
    throw new UsageError(says`pass either ${named('role')} <role> or ${named('remove')}`, 'e.g. helpdesk agent access john --dept SysAdmins --role "View Only"');
  }
  return asAdmin(ctx, input.actor, 'change department access', async (tx, admin) => {
    const agent = await findAgent(tx, input.username);
    requireNotSelf(admin.id, agent.id, 'access');
    const dept = await findDept(tx, input.dept);
    const log = new ChangeLog();
    if (dept.id === agent.dept_id) {
      throw new ConflictError(`${dept.name} is ${agent.username}'s primary department`,
        `change the role there with: helpdesk agent edit ${agent.username} --role <role>`);
    }
    const current = (await tx.org.grantsOf(agent.id)).find((g) => g.dept_id === dept.id);
    if (input.remove) {
      if (await tx.org.removeGrant(agent.id, dept.id)) log.done();
      else log.warn(`${agent.username} has no extra access to ${dept.name}`);
    } else {
      const role = await findRole(tx, input.role!);
      if (current?.role_id === role.id) log.warn(`${agent.username} already has ${role.name} on ${dept.name}`);
      else {
        await tx.org.setGrant(agent.id, dept.id, role.id);
        log.done();
      }
    }
    return { ...log.result(await agentObject(tx, agent.username)), department: dept.name };
  });
}

/** What `agent edit` changes; absent fields stay. */
export interface EditAgentInput {
  actor: string;
  username: string;
  name?: string;
  email?: string;
  dept?: string;
  role?: string;
  admin?: boolean;
}

/** Changes an agent's name, email, primary department, role or admin flag (the last three never one's own). */
export function editAgent(ctx: DeskContext, input: EditAgentInput): Promise<AdminResult<AgentObject>> {
  const { name, email, dept, role, admin } = input;
  if ([name, email, dept, role, admin].every((v) => v === undefined)) {
    throw new UsageError('nothing to change', says`pass ${named('name')}, ${named('email')}, ${named('dept')}, ${named('role')}, ${named('admin')} or ${named('admin', '--no-admin')}`);
  }
  return asAdmin(ctx, input.actor, 'edit agents', async (tx, actor) => {
    const agent = await findAgent(tx, input.username);
    const log = new ChangeLog();
    const patch = await agentPatch(tx, actor, agent, input, log);
    if (Object.keys(patch).length === 0) log.warn(`${agent.username} already has those values`);
    else {
      await tx.org.updateAgent(agent.id, patch);
      log.done();
    }
    return log.result(await agentObject(tx, agent.username));
  });
}

/** The fields that really change; moving the primary department drops a grant that would duplicate it. */
async function agentPatch(tx: Tx, actor: AgentActor, agent: AgentRow, input: EditAgentInput, log: ChangeLog): Promise<AgentPatch> {
  const patch: AgentPatch = {};
  if (input.dept !== undefined || input.role !== undefined) requireNotSelf(actor.id, agent.id, 'department or role');
  if (input.admin !== undefined) requireNotSelf(actor.id, agent.id, 'admin rights');
  if (input.name !== undefined) {
    const name = parseName('agent', input.name, named('name'));
    if (name !== agent.name) patch.name = name;
  }
  if (input.email !== undefined) {
    const email = input.email.trim() === '' ? null : parseEmail(input.email);
    if (email !== null) await requireFreeEmail(tx, email, agent.id);
    if (email !== agent.email) patch.email = email;
  }
  if (input.dept !== undefined) {
    const dept = await findDept(tx, input.dept);
    if (dept.id !== agent.dept_id) {
      patch.deptId = dept.id;
      if (await tx.org.removeGrant(agent.id, dept.id)) log.warn(`removed ${agent.username}'s extra access to ${dept.name}: it is now the primary department`);
    }
  }
  if (input.role !== undefined) {
    const role = await findRole(tx, input.role);
    if (role.id !== agent.role_id) patch.roleId = role.id;
  }
  if (input.admin !== undefined && input.admin !== (agent.is_admin === 1)) patch.isAdmin = input.admin;
  return patch;
}

/**
 * Deactivates or reactivates an agent. A deactivated agent keeps every ticket, entry and event; their
 * open tickets stay assigned (the warning says how many and how to find them).
 */
export function setAgentActive(ctx: DeskContext, who: string, username: string, active: boolean): Promise<AdminResult<AgentObject>> {
  return asAdmin(ctx, who, active ? 'activate agents' : 'deactivate agents', async (tx, actor) => {
    const agent = await findAgent(tx, username);
    requireNotSelf(actor.id, agent.id, 'account status');
    const log = new ChangeLog();
    if ((agent.active === 1) === active) log.warn(`${agent.username} is already ${active ? 'active' : 'deactivated'}`);
    else {
      await tx.org.setAgentActive(agent.id, active);
      log.done();
    }
    if (!active) {
      const open = await tx.tickets.countTickets({
        scope: { kind: 'all' }, queue: 'open', meAgentId: null, assigneeId: agent.id, sort: 'due', limit: null, now: iso(ctx.now),
      });
      if (open > 0) {
        log.warn(`${agent.username} still has ${open} open ticket${open === 1 ? '' : 's'} assigned; ` +
          `reassign them (helpdesk ticket list --assignee ${agent.username})`);
      }
    }
    return log.result(await agentObject(tx, agent.username));
  });
}
