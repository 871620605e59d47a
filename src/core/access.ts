/**
 * Who may see and do what (CONTRACT.md, Organisation). One pure answer to "may this actor do this to
 * this ticket?", used by every desk use case, and the visibility scope every list query filters by.
 */
import { AccessDeniedError } from './errors.js';
import type { Actor, AgentActor, Permission, Status, TicketAccessFacts } from './model.js';
import { PERMISSIONS, STATUS_INFO } from './model.js';

/**
 * What can be done to a ticket. Permissions map one to one; `status` is moving between open-state
 * statuses (any working role), `reopen` is leaving resolved/closed (agents need `close`), `resolve` is
 * marking it resolved (agents with `close`; end users on their own tickets — CONTRACT.md, Organisation:
 * they "may only create tickets, post messages on them, mark them resolved, and reopen them").
 */
export type Action = Permission | 'status' | 'reopen' | 'resolve';

const USER_ACTIONS: readonly Action[] = ['view', 'reply', 'reopen', 'resolve'];

/** Every action the actor may take on the ticket; empty when they may not even see it. */
export function actionsOn(actor: Actor, ticket: TicketAccessFacts): Set<Action> {
  if (actor.kind === 'user') {
    const owns = ticket.userId === actor.id || (ticket.ccUserIds ?? []).includes(actor.id);
    return new Set(owns ? USER_ACTIONS : []);
  }
  if (!actor.active) return new Set();
  if (actor.isAdmin) return withDerived(new Set(PERMISSIONS));
  const perms = new Set<Permission>();
  const add = (list: readonly Permission[]) => list.forEach((p) => perms.add(p));
  if (ticket.assigneeId === actor.id) add(actor.primary);
  if (ticket.teamId !== null && actor.teamIds.includes(ticket.teamId)) add(actor.primary);
  if (ticket.deptId === actor.deptId) add(actor.primary);
  const grant = actor.grants.get(ticket.deptId);
  if (grant) add(grant);
  // Every role includes view; guard anyway so a malformed role cannot grant action without sight.
  if (!perms.has('view')) return new Set();
  return withDerived(perms);
}

function withDerived(perms: Set<Permission>): Set<Action> {
  const actions = new Set<Action>(perms);
  if (perms.has('reply') || perms.has('close') || perms.has('edit')) actions.add('status');
  if (perms.has('close')) {
    actions.add('reopen');
    actions.add('resolve');
  }
  return actions;
}

export function can(actor: Actor, action: Action, ticket: TicketAccessFacts): boolean {
  return actionsOn(actor, ticket).has(action);
}

/**
 * Throws AccessDeniedError unless the actor may take the action. A ticket the actor may not see is
 * refused with the same bare message as one they may see but not change, so nothing about it leaks.
 */
export function requireAction(actor: Actor, action: Action, ticket: TicketAccessFacts): void {
  const actions = actionsOn(actor, ticket);
  if (actions.has(action)) return;
  if (!actions.has('view')) throw new AccessDeniedError('access denied');
  throw new AccessDeniedError(`access denied: ${describeActor(actor)} may not ${ACTION_VERBS[action]} this ticket`);
}

const ACTION_VERBS: Record<Action, string> = {
  view: 'view', create: 'create', edit: 'edit', assign: 'assign', transfer: 'transfer', reply: 'reply to',
  note: 'add notes to', close: 'close', delete: 'delete', status: 'change the status of', reopen: 'reopen', resolve: 'resolve',
};

function describeActor(actor: Actor): string {
  return actor.kind === 'agent' ? actor.username : actor.email;
}

/**
 * The action a status change to `to` needs. Agents: `reopen` to leave resolved or closed, `close` to
 * resolve or close, `status` otherwise — a no-op included, so an agent who may not change the status
 * is refused rather than told it is already so. End users may reopen to `open` and mark a ticket
 * `resolved` (a no-op to either needs only sight); every other status needs `status`, which they never have.
 */
export function statusChangeAction(actor: Actor, to: Status, change: { kind: 'noop' } | { kind: 'change'; reopen: boolean }): Action {
  if (actor.kind === 'user') {
    if (to === 'resolved') return change.kind === 'noop' ? 'view' : 'resolve';
    if (to !== 'open') return 'status';
    if (change.kind === 'noop') return 'view';
    return change.reopen ? 'reopen' : 'status';
  }
  if (change.kind === 'noop') return 'status';
  if (change.reopen) return 'reopen';
  return STATUS_INFO[to].state === 'closed' ? 'close' : 'status';
}

/** May the actor open a new ticket in this department? */
export function canCreateIn(actor: Actor, deptId: number): boolean {
  if (actor.kind === 'user') return true;
  if (!actor.active) return false;
  if (actor.isAdmin) return true;
  return actor.primary.includes('create') || (actor.grants.get(deptId) ?? []).includes('create');
}

/** Which tickets a list may show: a description the store turns into SQL (filtering never happens after loading). */
export type Scope =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'user'; userId: number }
  | { kind: 'agent'; agentId: number; teamIds: readonly number[]; deptIds: readonly number[] };

export function visibilityScope(actor: Actor): Scope {
  if (actor.kind === 'user') return { kind: 'user', userId: actor.id };
  if (!actor.active) return { kind: 'none' };
  if (actor.isAdmin) return { kind: 'all' };
  return { kind: 'agent', agentId: actor.id, teamIds: actor.teamIds, deptIds: visibleDepartments(actor) };
}

function visibleDepartments(actor: AgentActor): number[] {
  const ids = new Set<number>();
  if (actor.primary.includes('view')) ids.add(actor.deptId);
  for (const [deptId, perms] of actor.grants) if (perms.includes('view')) ids.add(deptId);
  return [...ids];
}
