/**
 * Departments (`dept add`, `dept list`, `dept edit`, `dept remove`): removing one only when nothing
 * refers to it any more. Changes are admin-only; lists are open to every agent.
 */
import { ConflictError, named, says, UsageError } from '../../core/errors.js';
import type { AutoAssignRule } from '../../core/together.js';
import type { Tx } from '../../store/types.js';
import { parseName } from '../../core/org.js';
import { asAdmin, readAsAgent, ChangeLog, type AdminResult } from '../admin.js';
import type { DeskContext } from '../context.js';
import { findDept, findSla, findTeam, loadPlan } from '../lookup.js';
import { requireReachable } from '../../core/sla-rules.js';
import { defaultDeptName, deptObject, toDeptObject, type DeptObject } from './view.js';

/** Names match case-insensitively: 'support' is the existing 'Support'. */
export function refuseDuplicate(what: string, existing: { name: string } | null, list: string): void {
  if (existing) throw new ConflictError(`${what} '${existing.name}' already exists`, `see them with: ${list}`);
}

/** Adds a department, optionally with its default SLA plan. */
export function addDept(ctx: DeskContext, who: string, name: string, sla?: string): Promise<DeptObject> {
  return asAdmin(ctx, who, 'add departments', async (tx) => {
    const clean = parseName('department', name);
    refuseDuplicate('department', await tx.org.deptByName(clean), 'helpdesk dept list');
    const plan = sla === undefined ? null : await findSla(tx, sla);
    if (plan) await requireReachableDefault(tx, plan.id);
    await tx.org.insertDept(clean, plan?.id ?? null);
    return deptObject(tx, clean);
  });
}

/** Every department with its default SLA and its agents (primary department). Open to every agent. */
export function listDepts(ctx: DeskContext, who: string): Promise<DeptObject[]> {
  return readAsAgent(ctx, who, 'list departments', async (tx) => {
    const def = await defaultDeptName(tx);
    const agents = await tx.org.agents();
    const teams = await tx.org.teams();
    return (await tx.org.departments()).map((d) => toDeptObject(d, def, agents, teams));
  });
}

/** What `dept edit` changes. */
export interface EditDeptInput {
  actor: string;
  dept: string;
  name?: string;
  /** A plan name, or null to clear the department's default SLA. */
  sla?: string | null;
  /** The automatic assignment rule for new tickets; null turns it off. */
  autoAssign?: AutoAssignRule | null;
  /** Pick from this team's members instead of the department's agents. */
  autoAssignTeam?: string;
}

/** Renames a department and/or sets its default SLA. Tickets follow by id; history keeps the old name. */
export function editDept(ctx: DeskContext, input: EditDeptInput): Promise<AdminResult<DeptObject>> {
  if (input.name === undefined && input.sla === undefined && input.autoAssign === undefined) {
    if (input.autoAssignTeam !== undefined) throw new UsageError(says`${named('team')} goes with ${named('autoAssign')}`, 'helpdesk dept edit <d> --auto-assign round-robin --team <t>');
    throw new UsageError('nothing to change', says`pass ${named('name')} <new name>, ${named('sla')} <plan>, ${named('clearSla', '--no-sla')} or ${named('autoAssign')} <rule>`);
  }
  return asAdmin(ctx, input.actor, 'edit departments', async (tx) => {
    const dept = await findDept(tx, input.dept);
    const log = new ChangeLog();
    const name = input.name === undefined ? undefined : parseName('department', input.name, named('name'));
    const slaId = input.sla === undefined ? undefined : input.sla === null ? null : (await findSla(tx, input.sla)).id;
    if (slaId) await requireReachableDefault(tx, slaId);
    const patch: { name?: string; slaId?: number | null } = {};
    if (name !== undefined && name !== dept.name) {
      const other = await tx.org.deptByName(name);
      if (other && other.id !== dept.id) refuseDuplicate('department', other, 'helpdesk dept list');
      patch.name = name;
    }
    if (slaId !== undefined && slaId !== dept.sla_id) patch.slaId = slaId;
    const autoChanged = await changeAutoAssign(tx, dept.id, input);
    if (Object.keys(patch).length === 0 && autoChanged) log.done();
    else if (Object.keys(patch).length === 0) log.warn(`${dept.name} already has those values`);
    else {
      const wasDefault = dept.name.toLowerCase() === (await defaultDeptName(tx)).toLowerCase();
      await tx.org.updateDept(dept.id, patch);
      // The default department is remembered by name: keep it pointing at the renamed one.
      if (patch.name !== undefined && wasDefault) await tx.settings.setSetting('default.department', patch.name);
      log.done();
    }
    return log.result(await deptObject(tx, name ?? dept.name));
  });
}

/** Sets the department's automatic assignment; true when it changed. */
async function changeAutoAssign(tx: Tx, deptId: number, input: EditDeptInput): Promise<boolean> {
  if (input.autoAssign === undefined) return false;
  if (input.autoAssign === null && input.autoAssignTeam !== undefined) throw new UsageError(says`${named('team')} goes with a rule, not with off`);
  const teamId = input.autoAssignTeam === undefined ? null : (await findTeam(tx, input.autoAssignTeam)).id;
  const before = await tx.together.autoAssignOf(deptId);
  if (before.rule === input.autoAssign && before.team_id === (input.autoAssign === null ? before.team_id : teamId)) return false;
  await tx.together.setAutoAssign(deptId, input.autoAssign, input.autoAssign === null ? null : teamId);
  return true;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Removes a department. Refused (exit 5) while it is the default department or still holds tickets
 * (any state: they are its history), agents (primary department) or help topics; extra grants on it go with it.
 */
export function removeDept(ctx: DeskContext, who: string, name: string): Promise<DeptObject> {
  return asAdmin(ctx, who, 'remove departments', async (tx) => {
    const dept = await findDept(tx, name);
    const value = await deptObject(tx, dept.name);
    if (value.default) {
      throw new ConflictError(`${dept.name} is the default department and cannot be removed`, 'new tickets fall back to it; rename it instead: helpdesk dept edit');
    }
    const use = await tx.org.deptUsage(dept.id);
    const q = JSON.stringify(dept.name);
    if (use.tickets > 0) {
      throw new ConflictError(`${dept.name} still holds ${plural(use.tickets, 'ticket')} (${use.openTickets} open)`,
        `transfer them first: helpdesk ticket list --dept ${q} --queue all, then helpdesk ticket transfer <n> --dept <other>`);
    }
    if (use.agents.length > 0) {
      throw new ConflictError(`${dept.name} is still the primary department of ${plural(use.agents.length, 'agent')} (${use.agents.join(', ')})`,
        `move them first: helpdesk agent edit ${use.agents[0]} --dept <other>`);
    }
    if (use.topics.length > 0) {
      throw new ConflictError(`${dept.name} is still the department of ${plural(use.topics.length, 'help topic')} (${use.topics.join(', ')})`,
        `move them first: helpdesk topic edit ${JSON.stringify(use.topics[0])} --dept <other>`);
    }
    await tx.org.deleteDept(dept.id);
    return value;
  });
}

/** A department's default plan is every new ticket's there: one that can never be met is refused. */
async function requireReachableDefault(tx: Tx, slaId: number): Promise<void> {
  const plan = await loadPlan(tx, slaId);
  if (plan) requireReachable(plan);
}
