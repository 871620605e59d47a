/**
 * The whole access matrix of CONTRACT.md (Organisation), written out by hand: every role × every way an
 * actor can reach a ticket × every action, plus the status-change rule and the list scope, which must
 * agree with it cell for cell. No database.
 */
import { describe, expect, it } from 'vitest';
import { actionsOn, canCreateIn, statusChangeAction, visibilityScope, type Action, type Scope } from '../../src/core/access.js';
import { planStatusChange } from '../../src/core/lifecycle.js';
import { DEFAULT_ROLES, STATUSES, type Actor, type AgentActor, type Status, type TicketAccessFacts } from '../../src/core/model.js';

const ACTIONS: Action[] = ['view', 'create', 'edit', 'assign', 'transfer', 'reply', 'note', 'close', 'delete', 'status', 'reopen', 'resolve'];
const ROLES = ['All Access', 'Expanded Access', 'Limited Access', 'View Only'] as const;
type Role = (typeof ROLES)[number];
const WAYS = [
  'primary department', 'extra grant', 'assigned', 'team', 'none', 'admin', 'end-user owner', 'other end user',
] as const;
type Way = (typeof WAYS)[number];

const SUPPORT = 1;
const SYSADMINS = 3;
const ME = 10;
const SOMEONE_ELSE = 11;
const MY_TEAM = 7;
const OTHER_TEAM = 8;
const KAREN = 100;
const KEN = 101;

const perms = (role: Role) => DEFAULT_ROLES.find((r) => r.name === role)!.permissions;

/**
 * The expected cells. Columns: view create edit assign transfer reply note close delete status reopen resolve.
 * For the agent ways the role is the role of that way of reaching the ticket (primary role for the
 * primary department, own and team tickets; the grant's role for an extra grant — the agent's primary
 * role there is All Access, to show that it does not leak into the granted department). For admins the
 * role is their primary role, and it does not matter. End users have no role: their rows repeat.
 */
const MATRIX = `
primary department | All Access      | Y Y Y Y Y Y Y Y Y Y Y Y
primary department | Expanded Access | Y Y Y Y Y Y Y Y . Y Y Y
primary department | Limited Access  | Y Y . Y Y Y Y Y . Y Y Y
primary department | View Only       | Y . . . . . . . . . . .
extra grant        | All Access      | Y Y Y Y Y Y Y Y Y Y Y Y
extra grant        | Expanded Access | Y Y Y Y Y Y Y Y . Y Y Y
extra grant        | Limited Access  | Y Y . Y Y Y Y Y . Y Y Y
extra grant        | View Only       | Y . . . . . . . . . . .
assigned           | All Access      | Y Y Y Y Y Y Y Y Y Y Y Y
assigned           | Expanded Access | Y Y Y Y Y Y Y Y . Y Y Y
assigned           | Limited Access  | Y Y . Y Y Y Y Y . Y Y Y
assigned           | View Only       | Y . . . . . . . . . . .
team               | All Access      | Y Y Y Y Y Y Y Y Y Y Y Y
team               | Expanded Access | Y Y Y Y Y Y Y Y . Y Y Y
team               | Limited Access  | Y Y . Y Y Y Y Y . Y Y Y
team               | View Only       | Y . . . . . . . . . . .
none               | All Access      | . . . . . . . . . . . .
none               | Expanded Access | . . . . . . . . . . . .
none               | Limited Access  | . . . . . . . . . . . .
none               | View Only       | . . . . . . . . . . . .
admin              | All Access      | Y Y Y Y Y Y Y Y Y Y Y Y
admin              | Expanded Access | Y Y Y Y Y Y Y Y Y Y Y Y
admin              | Limited Access  | Y Y Y Y Y Y Y Y Y Y Y Y
admin              | View Only       | Y Y Y Y Y Y Y Y Y Y Y Y
end-user owner     | All Access      | Y . . . . Y . . . . Y Y
end-user owner     | Expanded Access | Y . . . . Y . . . . Y Y
end-user owner     | Limited Access  | Y . . . . Y . . . . Y Y
end-user owner     | View Only       | Y . . . . Y . . . . Y Y
other end user     | All Access      | . . . . . . . . . . . .
other end user     | Expanded Access | . . . . . . . . . . . .
other end user     | Limited Access  | . . . . . . . . . . . .
other end user     | View Only       | . . . . . . . . . . . .
`;

const cells = MATRIX.trim().split('\n').map((line) => {
  const [way, role, flags] = line.split('|').map((p) => p.trim()) as [Way, Role, string];
  const marks = flags.split(/\s+/);
  expect(marks).toHaveLength(ACTIONS.length);
  return { way, role, allowed: ACTIONS.filter((_a, i) => marks[i] === 'Y') };
});

function agent(extra: Partial<AgentActor>): AgentActor {
  return {
    kind: 'agent', id: ME, username: 'john', name: 'John', email: null, isAdmin: false, active: true,
    deptId: SUPPORT, department: 'Support', primary: perms('All Access'), grants: new Map(), teamIds: [MY_TEAM], ...extra,
  };
}

/** A ticket in SysAdmins, assigned to someone else and another team, opened by Karen — then the way's one change. */
const elsewhere: TicketAccessFacts = { deptId: SYSADMINS, assigneeId: SOMEONE_ELSE, teamId: OTHER_TEAM, userId: KAREN };

function scenario(way: Way, role: Role): { actor: Actor; ticket: TicketAccessFacts } {
  switch (way) {
    case 'primary department': return { actor: agent({ primary: perms(role) }), ticket: { ...elsewhere, deptId: SUPPORT } };
    case 'extra grant': return { actor: agent({ grants: new Map([[SYSADMINS, perms(role)]]) }), ticket: elsewhere };
    case 'assigned': return { actor: agent({ primary: perms(role) }), ticket: { ...elsewhere, assigneeId: ME } };
    case 'team': return { actor: agent({ primary: perms(role) }), ticket: { ...elsewhere, teamId: MY_TEAM } };
    case 'none': return { actor: agent({ primary: perms(role) }), ticket: elsewhere };
    case 'admin': return { actor: agent({ primary: perms(role), isAdmin: true }), ticket: elsewhere };
    case 'end-user owner': return { actor: { kind: 'user', id: KAREN, email: 'karen@example.com', name: 'Karen Jones' }, ticket: elsewhere };
    case 'other end user': return { actor: { kind: 'user', id: KEN, email: 'ken@example.com', name: 'Ken Adams' }, ticket: elsewhere };
  }
}

/** Evaluates a list scope against one ticket the way ticket-query.ts turns it into SQL. */
function inScope(scope: Scope, t: TicketAccessFacts): boolean {
  switch (scope.kind) {
    case 'all': return true;
    case 'none': return false;
    case 'user': return t.userId === scope.userId;
    case 'agent':
      return t.assigneeId === scope.agentId || (t.teamId !== null && scope.teamIds.includes(t.teamId)) || scope.deptIds.includes(t.deptId);
  }
}

describe('the access matrix: role × way × action', () => {
  it('has every role × every way, once', () => {
    expect(cells).toHaveLength(ROLES.length * WAYS.length);
    expect(new Set(cells.map((c) => `${c.way}/${c.role}`)).size).toBe(ROLES.length * WAYS.length);
  });

  const rows = cells.flatMap((c) => ACTIONS.map((action) => ({ ...c, action, expected: c.allowed.includes(action) })));
  it.each(rows)('$way, $role: $action → $expected', ({ way, role, action, expected }) => {
    const { actor, ticket } = scenario(way, role);
    expect(actionsOn(actor, ticket).has(action)).toBe(expected);
  });

  it.each(cells)('the list scope shows the ticket exactly when it may be viewed: $way, $role', ({ way, role, allowed }) => {
    const { actor, ticket } = scenario(way, role);
    expect(inScope(visibilityScope(actor), ticket)).toBe(allowed.includes('view'));
  });

  it.each(cells.filter((c) => !['end-user owner', 'other end user'].includes(c.way)))(
    'a deactivated agent may do nothing and sees nothing: $way, $role',
    ({ way, role }) => {
      const { actor, ticket } = scenario(way, role);
      const inactive = { ...(actor as AgentActor), active: false };
      expect([...actionsOn(inactive, ticket)]).toEqual([]);
      expect(visibilityScope(inactive)).toEqual({ kind: 'none' });
    },
  );
});

describe('the lab escalation: Expanded Access in Support, View Only granted on SysAdmins', () => {
  const john = agent({ primary: perms('Expanded Access') });
  const granted = agent({ primary: perms('Expanded Access'), grants: new Map([[SYSADMINS, perms('View Only')]]) });
  const sysadminsTicket: TicketAccessFacts = { deptId: SYSADMINS, assigneeId: null, teamId: null, userId: KAREN };

  it('before the grant: nothing, and not in his lists', () => {
    expect([...actionsOn(john, sysadminsTicket)]).toEqual([]);
    expect(inScope(visibilityScope(john), sysadminsTicket)).toBe(false);
  });
  it('after the grant: view only, and in his lists', () => {
    expect([...actionsOn(granted, sysadminsTicket)]).toEqual(['view']);
    expect(inScope(visibilityScope(granted), sysadminsTicket)).toBe(true);
  });
  it('his own tickets in SysAdmins still use his primary role (Expanded Access)', () => {
    const own = { ...sysadminsTicket, assigneeId: ME };
    expect([...actionsOn(granted, own)].sort()).toEqual(cells.find((c) => c.way === 'assigned' && c.role === 'Expanded Access')!.allowed.sort());
  });
});

describe('which action a status change needs', () => {
  const john = agent({ primary: perms('Expanded Access') });
  const karen: Actor = { kind: 'user', id: KAREN, email: 'karen@example.com', name: 'Karen Jones' };
  // Agents: every from → to; the cell is the action, or "conflict" when the transition is not allowed at all.
  // The diagonal is a no-op, which still needs "status" (a View Only agent is refused, not told "already").
  const AGENT_TABLE = `
from \\ to        | open    in-progress awaiting-response resolved closed
open              | status  status      status            close    close
in-progress       | status  status      status            close    close
awaiting-response | status  status      status            close    close
resolved          | reopen  reopen      reopen            status   close
closed            | reopen  reopen      reopen            conflict status
`;
  // End users: to open as a reopen, to resolved from an open state (or a no-op, which needs only sight).
  const USER_TABLE = `
from \\ to        | open    in-progress awaiting-response resolved closed
open              | view    status      status            resolve  status
in-progress       | status  status      status            resolve  status
awaiting-response | status  status      status            resolve  status
resolved          | reopen  status      status            view     status
closed            | reopen  status      status            conflict status
`;
  function parse(table: string) {
    const [head, ...lines] = table.trim().split('\n');
    const tos = head!.split('|')[1]!.trim().split(/\s+/) as Status[];
    return lines.flatMap((line) => {
      const [from, rest] = line.split('|').map((p) => p.trim()) as [Status, string];
      return rest.split(/\s+/).map((expected, i) => ({ from, to: tos[i]!, expected }));
    });
  }
  const run = (actor: Actor, from: Status, to: Status): string => {
    try {
      const change = planStatusChange(from, to);
      return statusChangeAction(actor, to, change.kind === 'noop' ? change : { kind: 'change', reopen: change.reopen });
    } catch {
      return 'conflict';
    }
  };

  it('covers every pair of statuses', () => {
    expect(parse(AGENT_TABLE)).toHaveLength(STATUSES.length ** 2);
    expect(parse(USER_TABLE)).toHaveLength(STATUSES.length ** 2);
  });
  it.each(parse(AGENT_TABLE))('agent: $from → $to needs $expected', ({ from, to, expected }) => {
    expect(run(john, from, to)).toBe(expected);
  });
  it.each(parse(USER_TABLE))('end user: $from → $to needs $expected', ({ from, to, expected }) => {
    expect(run(karen, from, to)).toBe(expected);
  });
  it('end users never hold the status action, so every "status" cell is refused for them', () => {
    expect(actionsOn(karen, elsewhere).has('status')).toBe(false);
  });
});

describe('opening tickets (canCreateIn) per role', () => {
  it.each<[Role, boolean]>([['All Access', true], ['Expanded Access', true], ['Limited Access', true], ['View Only', false]])(
    '%s in its own department → %s',
    (role, expected) => {
      expect(canCreateIn(agent({ primary: perms(role) }), SUPPORT)).toBe(expected);
    },
  );
  it('end users may always open tickets (for themselves)', () => {
    expect(canCreateIn({ kind: 'user', id: KAREN, email: 'karen@example.com', name: 'Karen' }, SYSADMINS)).toBe(true);
  });
});
