import { describe, expect, it } from 'vitest';
import { actionsOn, can, canCreateIn, requireAction, visibilityScope, type Action } from '../../src/core/access.js';
import { AccessDeniedError } from '../../src/core/errors.js';
import { DEFAULT_ROLES, type AgentActor, type Permission, type TicketAccessFacts, type UserActor } from '../../src/core/model.js';

const ACTIONS: Action[] = ['view', 'create', 'edit', 'assign', 'transfer', 'reply', 'note', 'close', 'delete', 'status', 'reopen', 'resolve'];
const ROLES = ['All Access', 'Expanded Access', 'Limited Access', 'View Only'] as const;
type RoleName = (typeof ROLES)[number];

/**
 * What each role may do to a ticket it reaches, written out by hand from CONTRACT.md: the role's
 * permissions, plus `status` (moving between open states: any working role), `reopen` and `resolve` (need close).
 */
const EXPECTED: Record<RoleName, readonly Action[]> = {
  'All Access': ['view', 'create', 'edit', 'assign', 'transfer', 'reply', 'note', 'close', 'delete', 'status', 'reopen', 'resolve'],
  'Expanded Access': ['view', 'create', 'edit', 'assign', 'transfer', 'reply', 'note', 'close', 'status', 'reopen', 'resolve'],
  'Limited Access': ['view', 'create', 'assign', 'transfer', 'reply', 'note', 'close', 'status', 'reopen', 'resolve'],
  'View Only': ['view'],
};

function perms(role: RoleName): readonly Permission[] {
  return DEFAULT_ROLES.find((r) => r.name === role)!.permissions;
}

const SUPPORT = 1;
const BANKING = 2;
const SYSADMINS = 3;
const ACCOUNTING_ID = 4;
const AGENT_ID = 10;
const OTHER_AGENT = 11;
const TEAM = 7;
const OTHER_TEAM = 8;
const OWNER = 100;
const CC = 101;
const STRANGER = 102;

function agent(role: RoleName, extra: Partial<AgentActor> = {}): AgentActor {
  return {
    kind: 'agent', id: AGENT_ID, username: 'john', name: 'John', email: null, isAdmin: false, active: true,
    deptId: SUPPORT, department: 'Support', primary: perms(role), grants: new Map(), teamIds: [TEAM], ...extra,
  };
}

function ticket(facts: Partial<TicketAccessFacts> = {}): TicketAccessFacts {
  return { deptId: SYSADMINS, assigneeId: OTHER_AGENT, teamId: OTHER_TEAM, userId: OWNER, ccUserIds: [CC], ...facts };
}

const user = (id: number, email: string): UserActor => ({ kind: 'user', id, email, name: email });

/** How an agent (primary dept Support, team 7, no grants) can relate to a ticket. */
const RELATIONS: Array<{ name: string; facts: TicketAccessFacts; reaches: boolean }> = [
  { name: 'primary department', facts: ticket({ deptId: SUPPORT }), reaches: true },
  { name: 'assigned to them (other department)', facts: ticket({ assigneeId: AGENT_ID }), reaches: true },
  { name: 'assigned to their team (other department)', facts: ticket({ teamId: TEAM }), reaches: true },
  { name: 'unassigned in their primary department', facts: ticket({ deptId: SUPPORT, assigneeId: null, teamId: null }), reaches: true },
  { name: 'none (other department, other agent, other team)', facts: ticket(), reaches: false },
  { name: 'none (other department, unassigned, no team)', facts: ticket({ assigneeId: null, teamId: null }), reaches: false },
];

function sorted(actions: Iterable<Action>): Action[] {
  return [...actions].sort((a, b) => ACTIONS.indexOf(a) - ACTIONS.indexOf(b));
}

describe('access matrix: primary role × relation × action', () => {
  const cases = ROLES.flatMap((role) =>
    RELATIONS.flatMap((rel) =>
      ACTIONS.map((action) => ({ role, relation: rel.name, facts: rel.facts, action, allowed: rel.reaches && EXPECTED[role].includes(action) })),
    ),
  );

  it('covers 4 roles × 6 relations × 12 actions', () => {
    expect(cases).toHaveLength(4 * 6 * 12);
  });

  it.each(cases)('$role, $relation: $action → $allowed', ({ role, facts, action, allowed }) => {
    expect(can(agent(role), action, facts)).toBe(allowed);
  });

  it.each(ROLES.flatMap((role) => RELATIONS.map((rel) => ({ role, rel }))))(
    'actionsOn lists exactly the allowed actions: $role, $rel.name',
    ({ role, rel }) => {
      expect(sorted(actionsOn(agent(role), rel.facts))).toEqual(rel.reaches ? [...EXPECTED[role]] : []);
    },
  );
});

describe('access matrix: extra department grant (grant role × primary role × action)', () => {
  // The ticket is in Banking, where the agent has only the grant: the grant's role decides, not the primary one.
  const facts = ticket({ deptId: BANKING });
  const cases = ROLES.flatMap((grantRole) =>
    ROLES.flatMap((primaryRole) =>
      ACTIONS.map((action) => ({ grantRole, primaryRole, action, allowed: EXPECTED[grantRole].includes(action) })),
    ),
  );

  it.each(cases)('grant $grantRole, primary $primaryRole: $action → $allowed', ({ grantRole, primaryRole, action, allowed }) => {
    const a = agent(primaryRole, { grants: new Map([[BANKING, perms(grantRole)]]) });
    expect(can(a, action, facts)).toBe(allowed);
  });

  it('a grant on another department gives nothing here', () => {
    const a = agent('All Access', { grants: new Map([[ACCOUNTING_ID, perms('All Access')]]) });
    expect(sorted(actionsOn(a, facts))).toEqual([]);
  });
});

describe('access matrix: combined relations take the union', () => {
  it('View Only primary, All Access grant, ticket in the granted dept assigned to them → All Access', () => {
    const a = agent('View Only', { grants: new Map([[BANKING, perms('All Access')]]) });
    expect(sorted(actionsOn(a, ticket({ deptId: BANKING, assigneeId: AGENT_ID })))).toEqual([...EXPECTED['All Access']]);
  });
  it('All Access primary, View Only grant, ticket in the granted dept assigned to them → All Access (own tickets use the primary role)', () => {
    const a = agent('All Access', { grants: new Map([[BANKING, perms('View Only')]]) });
    expect(sorted(actionsOn(a, ticket({ deptId: BANKING, assigneeId: AGENT_ID })))).toEqual([...EXPECTED['All Access']]);
  });
  it('Limited primary, Expanded grant on the ticket dept → edit from the grant joins', () => {
    const a = agent('Limited Access', { grants: new Map([[BANKING, perms('Expanded Access')]]) });
    expect(sorted(actionsOn(a, ticket({ deptId: BANKING, teamId: TEAM })))).toEqual([...EXPECTED['Expanded Access']]);
  });
});

describe('admins, inactive agents and end users', () => {
  const facts = [...RELATIONS.map((r) => ({ name: r.name, facts: r.facts }))];

  it.each(facts.flatMap((f) => ACTIONS.map((action) => ({ ...f, action }))))(
    'admin may $action whatever the relation ($name)',
    ({ facts: f, action }) => {
      expect(can(agent('View Only', { isAdmin: true }), action, f)).toBe(true);
    },
  );

  it.each(facts)('an inactive agent may do nothing, even in their own dept ($name)', ({ facts: f }) => {
    expect(sorted(actionsOn(agent('All Access', { active: false }), f))).toEqual([]);
  });

  it('an inactive admin may do nothing', () => {
    expect(sorted(actionsOn(agent('All Access', { active: false, isAdmin: true }), ticket({ deptId: SUPPORT })))).toEqual([]);
  });

  const USER_ALLOWED: Action[] = ['view', 'reply', 'reopen', 'resolve'];
  const userCases = [
    { who: 'owner', actor: user(OWNER, 'karen@example.com'), allowed: USER_ALLOWED },
    { who: "cc'd end user", actor: user(CC, 'ken@example.com'), allowed: USER_ALLOWED },
    { who: 'other end user', actor: user(STRANGER, 'cliff@example.com'), allowed: [] as Action[] },
  ];
  it.each(userCases.flatMap((u) => ACTIONS.map((action) => ({ ...u, action, expected: u.allowed.includes(action) }))))(
    '$who: $action → $expected',
    ({ actor, action, expected }) => {
      expect(can(actor, action, ticket())).toBe(expected);
    },
  );

  it('an end user sharing an id with the assignee or dept gains nothing (ids are of different kinds)', () => {
    const u = user(AGENT_ID, 'x@example.com');
    expect(sorted(actionsOn(u, ticket({ assigneeId: AGENT_ID, deptId: AGENT_ID, teamId: AGENT_ID })))).toEqual([]);
  });

  it('a ticket without ccUserIds is only the owner\'s', () => {
    const noCc: TicketAccessFacts = { deptId: SUPPORT, assigneeId: null, teamId: null, userId: OWNER };
    expect(sorted(actionsOn(user(OWNER, 'k@example.com'), noCc))).toEqual(USER_ALLOWED);
    expect(sorted(actionsOn(user(CC, 'c@example.com'), noCc))).toEqual([]);
  });
});

describe('requireAction', () => {
  function denial(fn: () => void): AccessDeniedError {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(AccessDeniedError);
      return e as AccessDeniedError;
    }
    throw new Error('expected AccessDeniedError');
  }

  it.each(ACTIONS)('a ticket the agent cannot see: %s → bare "access denied", code 4', (action) => {
    const err = denial(() => requireAction(agent('All Access'), action, ticket()));
    expect(err.code).toBe(4);
    expect(err.message).toBe('access denied');
    expect(err.hint).toBeUndefined();
  });

  it.each(ACTIONS)('another end user\'s ticket: %s → bare "access denied"', (action) => {
    const err = denial(() => requireAction(user(STRANGER, 'cliff@example.com'), action, ticket()));
    expect(err.message).toBe('access denied');
  });

  it('an inactive agent gets the bare message', () => {
    expect(denial(() => requireAction(agent('All Access', { active: false }), 'view', ticket({ deptId: SUPPORT }))).message).toBe('access denied');
  });

  it.each<[RoleName, Action, string]>([
    ['View Only', 'reply', 'access denied: john may not reply to this ticket'],
    ['View Only', 'note', 'access denied: john may not add notes to this ticket'],
    ['View Only', 'status', 'access denied: john may not change the status of this ticket'],
    ['View Only', 'reopen', 'access denied: john may not reopen this ticket'],
    ['Limited Access', 'edit', 'access denied: john may not edit this ticket'],
    ['Expanded Access', 'delete', 'access denied: john may not delete this ticket'],
  ])('%s in its own dept may see but not %s: %j', (role, action, message) => {
    const err = denial(() => requireAction(agent(role), action, ticket({ deptId: SUPPORT })));
    expect(err.code).toBe(4);
    expect(err.message).toBe(message);
  });

  it('an end user who may see but not note is named by email', () => {
    expect(denial(() => requireAction(user(OWNER, 'karen@example.com'), 'note', ticket())).message)
      .toBe('access denied: karen@example.com may not add notes to this ticket');
  });

  it('returns quietly when allowed', () => {
    expect(requireAction(agent('Limited Access'), 'close', ticket({ deptId: SUPPORT }))).toBeUndefined();
    expect(requireAction(user(OWNER, 'k@example.com'), 'reopen', ticket())).toBeUndefined();
  });
});

describe('visibilityScope', () => {
  it('end user: their own tickets', () => {
    expect(visibilityScope(user(OWNER, 'karen@example.com'))).toEqual({ kind: 'user', userId: OWNER });
  });
  it('admin: everything', () => {
    expect(visibilityScope(agent('View Only', { isAdmin: true }))).toEqual({ kind: 'all' });
  });
  it('inactive agent (even an admin): nothing', () => {
    expect(visibilityScope(agent('All Access', { active: false }))).toEqual({ kind: 'none' });
    expect(visibilityScope(agent('All Access', { active: false, isAdmin: true }))).toEqual({ kind: 'none' });
  });
  it.each(ROLES)('%s agent without grants: own id, teams, primary dept', (role) => {
    expect(visibilityScope(agent(role))).toEqual({ kind: 'agent', agentId: AGENT_ID, teamIds: [TEAM], deptIds: [SUPPORT] });
  });
  it('grants add their departments', () => {
    const a = agent('Expanded Access', {
      teamIds: [TEAM, OTHER_TEAM],
      grants: new Map<number, readonly Permission[]>([[BANKING, perms('View Only')], [SYSADMINS, perms('Limited Access')]]),
    });
    const scope = visibilityScope(a);
    expect(scope.kind).toBe('agent');
    if (scope.kind !== 'agent') return;
    expect(scope.agentId).toBe(AGENT_ID);
    expect([...scope.teamIds].sort()).toEqual([TEAM, OTHER_TEAM].sort());
    expect([...scope.deptIds].sort()).toEqual([SUPPORT, BANKING, SYSADMINS]);
  });
  it('a grant on the primary department is not listed twice', () => {
    const scope = visibilityScope(agent('View Only', { grants: new Map([[SUPPORT, perms('All Access')]]) }));
    expect(scope).toEqual({ kind: 'agent', agentId: AGENT_ID, teamIds: [TEAM], deptIds: [SUPPORT] });
  });

  it('the scope agrees with actionsOn for every relation', () => {
    // A ticket is in the scope iff the agent may view it.
    const a = agent('Limited Access', { grants: new Map([[BANKING, perms('View Only')]]) });
    const scope = visibilityScope(a);
    if (scope.kind !== 'agent') throw new Error('expected an agent scope');
    const inScope = (t: TicketAccessFacts) =>
      t.assigneeId === scope.agentId || (t.teamId !== null && scope.teamIds.includes(t.teamId)) || scope.deptIds.includes(t.deptId);
    const tickets = [
      ...RELATIONS.map((r) => r.facts),
      ticket({ deptId: BANKING }),
      ticket({ deptId: ACCOUNTING_ID, assigneeId: null, teamId: null }),
    ];
    for (const t of tickets) expect(inScope(t)).toBe(can(a, 'view', t));
  });
});

describe('canCreateIn', () => {
  it.each<[string, Parameters<typeof canCreateIn>[0], number, boolean]>([
    ['end user', user(OWNER, 'karen@example.com'), SUPPORT, true],
    ['admin (View Only role)', agent('View Only', { isAdmin: true }), SYSADMINS, true],
    ['inactive admin', agent('All Access', { isAdmin: true, active: false }), SUPPORT, false],
    ['inactive All Access agent', agent('All Access', { active: false }), SUPPORT, false],
    ['All Access, own dept', agent('All Access'), SUPPORT, true],
    ['Expanded Access, own dept', agent('Expanded Access'), SUPPORT, true],
    ['Limited Access, own dept', agent('Limited Access'), SUPPORT, true],
    ['View Only, own dept', agent('View Only'), SUPPORT, false],
    ['View Only, Limited grant on Banking, in Banking', agent('View Only', { grants: new Map([[BANKING, perms('Limited Access')]]) }), BANKING, true],
    ['View Only, Limited grant on Banking, in Support', agent('View Only', { grants: new Map([[BANKING, perms('Limited Access')]]) }), SUPPORT, false],
    ['View Only, View Only grant on Banking, in Banking', agent('View Only', { grants: new Map([[BANKING, perms('View Only')]]) }), BANKING, false],
  ])('%s → %s', (_name, actor, deptId, expected) => {
    expect(canCreateIn(actor, deptId)).toBe(expected);
  });
});
