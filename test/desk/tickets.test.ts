import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AccessDeniedError, ConflictError, NotFoundError, UsageError,
} from '../../src/core/errors.js';
import type { DeskContext } from '../../src/desk/context.js';
import { initOrganisation, isInitialised } from '../../src/desk/init.js';
import { noteTicket } from '../../src/desk/tickets/note.js';
import { replyTicket } from '../../src/desk/tickets/reply.js';
import { assignTicket } from '../../src/desk/tickets/assign.js';
import { createTicket, type CreateTicketInput } from '../../src/desk/tickets/create.js';
import { showTicket } from '../../src/desk/tickets/show.js';
import { listTickets, type ListTicketsInput } from '../../src/desk/tickets/list.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.js';
import { failure, labDesk, type TestDesk } from '../helpers/desk.js';

const NOW = new Date('2026-03-02T09:00:00Z'); // a Monday
const T0 = NOW.toISOString();

let desk: TestDesk;
let store: SqliteStore;
let ctx: DeskContext;

beforeEach(async () => {
  desk = await labDesk(T0);
  ({ store, ctx } = desk);
});

afterEach(() => desk.cleanup());

/** The same desk at another instant. */
const when = (iso: string): DeskContext => desk.at(iso);

function create(extra: Partial<CreateTicketInput> = {}, c: DeskContext = ctx) {
  return createTicket(c, { actor: 'john', subject: 'Printer jammed', body: 'It ate my report.', user: 'karen@example.com', ...extra });
}

async function addAgent(username: string, role: string, dept = 'Support'): Promise<void> {
  await store.write(async (tx) => {
    const r = (await tx.org.roleByName(role))!;
    const d = (await tx.org.deptByName(dept))!;
    await tx.org.insertAgent({ username, name: username, email: null, deptId: d.id, roleId: r.id, isAdmin: false, createdAt: T0 });
  });
}

const deactivate = (username: string) => store.db.prepare('UPDATE agents SET active = 0 WHERE username = ?').run(username);
const userExists = (email: string) => store.read(async (tx) => (await tx.org.userByEmail(email)) !== null);
const numbers = (input: Partial<ListTicketsInput> & { actor: string }, c: DeskContext = ctx) =>
  listTickets(c, input).then((l) => l.tickets.map((t) => t.number));

describe('initOrganisation', () => {
  it('lab: the training organisation of CONTRACT.md', async () => {
    const lab = await store.read(async (tx) => ({
      depts: (await tx.org.departments()).map((d) => [d.name, d.sla]),
      agents: (await tx.org.agents()).map((a) => [a.username, a.name, a.department, a.role, a.is_admin, a.active]),
      teams: (await tx.org.teams()).map((t) => [t.name, t.members]),
      plans: (await tx.sla.slaPlans()).map((p) => [p.name, p.minutes, p.schedule, p.pause_awaiting, p.first_response_minutes]),
      topics: (await tx.org.topics()).map((t) => [t.name, t.department, t.priority, t.sla]),
      users: (await tx.org.users()).map((u) => [u.name, u.email]),
      roles: (await tx.org.roles()).map((r) => [r.name, r.permissions.join(' ')]),
      timezone: await tx.settings.getSetting('timezone'),
    }));
    expect(lab).toEqual({
      depts: [['Accounting', null], ['Online Banking', null], ['Support', 'Default SLA'], ['SysAdmins', null]],
      agents: [
        ['admin', 'Admin', 'Support', 'All Access', 1, 1],
        ['jane', 'Jane', 'Online Banking', 'All Access', 0, 1],
        ['john', 'John', 'Support', 'Expanded Access', 0, 1],
      ],
      teams: [['Online Banking Team', ['jane']]],
      plans: [
        ['Sev-A', 60, null, 0, null],
        ['Sev-B', 240, null, 0, null],
        ['Sev-C', 480, 'Business Hours', 0, null],
        ['Default SLA', 1080, null, 0, null],
      ],
      topics: [
        ['Business Critical Outage', 'Support', 'emergency', 'Sev-A'],
        ['General Inquiry', 'Support', null, null],
        ['Password Reset', 'Support', null, null],
        ['Report a Problem', 'Support', null, null],
      ],
      users: [['Alex Kamal', 'alex@example.com'], ['Cliff Tucker', 'cliff@example.com'], ['Karen Jones', 'karen@example.com'], ['Ken Adams', 'ken@example.com']],
      roles: [
        ['All Access', 'view create edit assign transfer reply note close delete'],
        ['Expanded Access', 'view create edit assign transfer reply note close'],
        ['Limited Access', 'view create assign transfer reply note close'],
        ['View Only', 'view'],
      ],
      timezone: 'UTC',
    });
  });

  it('the Business Hours schedule is mon-fri 08:00-17:00 UTC', async () => {
    const s = await store.read(async (tx) => (await tx.sla.schedules())[0]!);
    expect([s.name, s.timezone, JSON.parse(s.ranges), JSON.parse(s.holidays)]).toEqual([
      'Business Hours', 'UTC',
      [1, 2, 3, 4, 5].map((day) => ({ day, start: 480, end: 1020 })),
      [],
    ]);
  });

  it('refuses a database that already holds an organisation (exit 5) and changes nothing', async () => {
    const err = await failure(() => initOrganisation(ctx, { admin: 'other' }));
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.code).toBe(5);
    expect(err.hint).toMatch(/--force/);
    expect(await store.read(async (tx) => (await tx.org.agents()).map((a) => a.username))).toEqual(['admin', 'jane', 'john']);
  });

  describe('default organisation', () => {
    let d2: string;
    let s2: SqliteStore;
    beforeEach(() => {
      d2 = mkdtempSync(join(tmpdir(), 'hd-'));
      s2 = openSqliteStore(join(d2, 't.db'));
    });
    afterEach(() => {
      s2.close();
      rmSync(d2, { recursive: true, force: true });
    });

    it('Support, Default SLA, the four roles and one admin who becomes the login', async () => {
      const c = { store: s2, now: NOW };
      expect(await isInitialised(c)).toBe(false);
      expect(await initOrganisation(c, { admin: 'Boss', adminName: 'The Boss' })).toEqual({ login: 'boss', organisation: 'default' });
      expect(await isInitialised(c)).toBe(true);
      const org = await s2.read(async (tx) => ({
        depts: (await tx.org.departments()).map((d) => [d.name, d.sla]),
        agents: (await tx.org.agents()).map((a) => [a.username, a.name, a.department, a.role, a.is_admin]),
        plans: (await tx.sla.slaPlans()).map((p) => [p.name, p.minutes, p.schedule]),
        roles: (await tx.org.roles()).map((r) => r.name),
        users: await tx.org.users(),
      }));
      expect(org).toEqual({
        depts: [['Support', 'Default SLA']],
        agents: [['boss', 'The Boss', 'Support', 'All Access', 1]],
        plans: [['Default SLA', 1080, null]],
        roles: ['All Access', 'Expanded Access', 'Limited Access', 'View Only'],
        users: [],
      });
      const t = await createTicket(c, { actor: 'boss', subject: 's', body: 'b', user: 'x@example.com' });
      expect([t.number, t.department, t.sla, t.due_at]).toEqual(['100001', 'Support', 'Default SLA', '2026-03-03T03:00:00.000Z']);
    });

    it('an invalid admin username is a usage error and leaves the database uninitialised', async () => {
      const c = { store: s2, now: NOW };
      const err = await failure(() => initOrganisation(c, { admin: 'not a name' }));
      expect(err).toBeInstanceOf(UsageError);
      expect(await isInitialised(c)).toBe(false);
    });
  });
});

describe('createTicket', () => {
  it('a new ticket without a topic or --sla takes its department\'s SLA plan', async () => {
    const plans = store.db.prepare('SELECT id, name FROM sla_plans ORDER BY id').all() as Array<{ id: number; name: string }>;
    const before = store.db.prepare("SELECT sla_id FROM departments WHERE name = 'Support'").pluck().get();
    const plain = await create();
    const other = plans.find((p) => p.name !== plain.sla)!;
    store.db.prepare("UPDATE departments SET sla_id = ? WHERE name = 'Support'").run(other.id);
    expect((await create()).sla).toBe(other.name);
    expect((await create({ sla: plain.sla! })).sla).toBe(plain.sla);
    store.db.prepare("UPDATE departments SET sla_id = ? WHERE name = 'Support'").run(before);
    expect((await create()).sla).toBe(plain.sla);
  });

  it('an agent opens a ticket for an end user: the whole ticket object', async () => {
    const t = await create();
    expect(t).toEqual({
      number: '100001', subject: 'Printer jammed', status: 'open', status_name: 'Open', state: 'open', priority: 'normal',
      department: 'Support', topic: null, sla: 'Default SLA', assignee: null, team: null,
      user: { name: 'Karen Jones', email: 'karen@example.com' }, source: 'phone',
      created_at: T0, updated_at: T0, due_at: '2026-03-03T03:00:00.000Z', overdue: false,
      first_response_due_at: null, first_response_at: null, resolved_at: null, closed_at: null, reopened_count: 0,
      thread: [{ kind: 'message', author: 'karen@example.com', author_name: 'Karen Jones', title: null, body: 'It ate my report.', created_at: T0 }],
      events: [{ type: 'created', actor: 'john', at: T0, data: {} }],
      links: [], parent: null, children: [], collaborators: [], time_spent_minutes: 0, merged_into: null, csat: null,
    });
  });

  it('numbers start at 100001 and increase by one', async () => {
    expect((await create()).number).toBe('100001');
    expect((await create()).number).toBe('100002');
    expect((await create({ actor: 'karen@example.com', user: undefined })).number).toBe('100003');
  });

  it('an end user opens a ticket for themselves: source web, they are author and actor', async () => {
    const t = await createTicket(ctx, { actor: 'karen@example.com', subject: 'VPN down', body: 'Cannot connect' });
    expect([t.user, t.source, t.department, t.sla]).toEqual([{ name: 'Karen Jones', email: 'karen@example.com' }, 'web', 'Support', 'Default SLA']);
    expect(t.thread.map((e) => [e.kind, e.author])).toEqual([['message', 'karen@example.com']]);
    expect(t.events.map((e) => [e.type, e.actor])).toEqual([['created', 'karen@example.com']]);
  });

  it('an end user may pass --user as themselves, in any case', async () => {
    const t = await createTicket(ctx, { actor: 'karen@example.com', subject: 's', body: 'b', user: 'Karen@Example.com' });
    expect(t.user.email).toBe('karen@example.com');
  });

  it('an end user may choose a help topic', async () => {
    const t = await createTicket(ctx, { actor: 'karen@example.com', subject: 's', body: 'b', topic: 'business critical outage' });
    expect([t.topic, t.priority, t.sla, t.due_at]).toEqual(['Business Critical Outage', 'emergency', 'Sev-A', '2026-03-02T10:00:00.000Z']);
  });

  it('--user matches existing end users case-insensitively', async () => {
    const t = await create({ user: 'KAREN@Example.com' });
    expect(t.user).toEqual({ name: 'Karen Jones', email: 'karen@example.com' });
    expect(await store.read(async (tx) => (await tx.org.users()).length)).toBe(4);
  });

  it('an unknown email creates the end user, named by --name', async () => {
    const t = await create({ user: 'New.Person@Example.com', name: ' Nina New ' });
    expect(t.user).toEqual({ name: 'Nina New', email: 'new.person@example.com' });
    expect(t.thread[0]!.author).toBe('new.person@example.com');
    expect(await store.read((tx) => tx.org.userByEmail('new.person@example.com'))).toMatchObject({ name: 'Nina New', created_at: T0 });
  });

  it('a --name that would be refused is an error only when it would name a new end user', async () => {
    // A known end user keeps their name, and --name is not read (as before it was never parsed for them).
    expect((await create({ user: 'karen@example.com', name: 'Karen\tJones' })).user).toEqual({ name: 'Karen Jones', email: 'karen@example.com' });
    const refused = await failure(() => create({ user: 'nina@example.com', name: 'Nina\tNew' }));
    expect(refused).toBeInstanceOf(UsageError);
    expect((refused as Error).message).toMatch(/end user name contains a tab/);
    expect(await store.read((tx) => tx.org.userByEmail('nina@example.com'))).toBeNull();
  });

  it('an unknown email without --name is named by the email', async () => {
    expect((await create({ user: 'nobody@example.org' })).user).toEqual({ name: 'nobody@example.org', email: 'nobody@example.org' });
  });

  it('the topic Business Critical Outage gives priority emergency and Sev-A (due in 1 h)', async () => {
    const t = await create({ topic: 'Business Critical Outage' });
    expect([t.topic, t.department, t.priority, t.sla, t.due_at]).toEqual(['Business Critical Outage', 'Support', 'emergency', 'Sev-A', '2026-03-02T10:00:00.000Z']);
  });

  it('given priority and SLA win over the topic', async () => {
    const t = await create({ topic: 'Business Critical Outage', priority: 'low', sla: 'sev-b' });
    expect([t.priority, t.sla, t.due_at]).toEqual(['low', 'Sev-B', '2026-03-02T13:00:00.000Z']);
  });

  it('a topic without defaults keeps normal priority and the department SLA', async () => {
    const t = await create({ topic: 'Password Reset' });
    expect([t.topic, t.priority, t.sla, t.department]).toEqual(['Password Reset', 'normal', 'Default SLA', 'Support']);
  });

  it('a department without a default SLA falls back to Default SLA', async () => {
    const t = await create({ actor: 'admin', dept: 'online banking' });
    expect([t.department, t.sla, t.due_at]).toEqual(['Online Banking', 'Default SLA', '2026-03-03T03:00:00.000Z']);
  });

  it('Sev-C counts business hours: created Fri 16:00 → due Mon 15:00', async () => {
    const t = await create({ sla: 'Sev-C' }, when('2026-03-06T16:00:00Z'));
    expect([t.created_at, t.due_at, t.overdue]).toEqual(['2026-03-06T16:00:00.000Z', '2026-03-09T15:00:00.000Z', false]);
  });

  it('--assign and --team record one assigned event each', async () => {
    const t = await create({ assign: 'jane', team: 'online banking team' });
    expect([t.assignee, t.team]).toEqual(['jane', 'Online Banking Team']);
    expect(t.events).toEqual([
      { type: 'created', actor: 'john', at: T0, data: {} },
      { type: 'assigned', actor: 'john', at: T0, data: { field: 'agent', from: null, to: 'jane' } },
      { type: 'assigned', actor: 'john', at: T0, data: { field: 'team', from: null, to: 'Online Banking Team' } },
    ]);
  });

  it('--source overrides the agent default', async () => {
    expect((await create({ source: 'walk-in' })).source).toBe('walk-in');
  });

  it('--resolve creates a resolved ticket with the resolution as an internal note', async () => {
    const t = await create({ resolve: 'Cleared the paper path.' });
    expect([t.status, t.state, t.resolved_at, t.closed_at, t.overdue, t.reopened_count]).toEqual(['resolved', 'closed', T0, null, false, 0]);
    expect(t.thread).toEqual([
      { kind: 'message', author: 'karen@example.com', author_name: 'Karen Jones', title: null, body: 'It ate my report.', created_at: T0 },
      { kind: 'note', author: 'john', author_name: 'John', title: 'Resolution', body: 'Cleared the paper path.', created_at: T0 },
    ]);
    expect(t.events).toEqual([
      { type: 'created', actor: 'john', at: T0, data: {} },
      { type: 'status', actor: 'john', at: T0, data: { from: 'open', to: 'resolved' } },
    ]);
    expect(await numbers({ actor: 'admin', queue: 'closed' })).toEqual(['100001']);
    expect(await numbers({ actor: 'admin' })).toEqual([]);
  });

  it('the end user of a --resolve ticket does not see the resolution note', async () => {
    await create({ resolve: 'Cleared the paper path.' });
    const seen = await showTicket(ctx, 'karen@example.com', '100001');
    expect(seen.thread.map((e) => e.kind)).toEqual(['message']);
  });

  it.each<[keyof CreateTicketInput, string | undefined, string]>([
    ['dept', 'Support', '--dept'],
    ['priority', 'high', '--priority'],
    ['sla', 'Sev-A', '--sla'],
    ['assign', 'john', '--assign'],
    ['team', 'Online Banking Team', '--team'],
    ['resolve', 'fixed', '--resolve'],
  ])('an end user may not use %s', async (key, value, flag) => {
    const err = await failure(() => createTicket(ctx, { actor: 'karen@example.com', subject: 's', body: 'b', [key]: value }));
    expect(err).toBeInstanceOf(AccessDeniedError);
    expect(err.message).toBe(`access denied: only agents may use ${flag}`);
    expect((await create()).number).toBe('100001');
  });

  it('an end user may say how the ticket came in (--source defaults to web)', async () => {
    const t = await createTicket(ctx, { actor: 'karen@example.com', subject: 's', body: 'b', source: 'chat' });
    expect(t.source).toBe('chat');
  });

  it('an end user may not open a ticket for someone else', async () => {
    const err = await failure(() => createTicket(ctx, { actor: 'karen@example.com', subject: 's', body: 'b', user: 'ken@example.com' }));
    expect(err).toBeInstanceOf(AccessDeniedError);
    expect(err.code).toBe(4);
  });

  it('an agent must name the end user', async () => {
    const err = await failure(() => create({ user: undefined }));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(/--user/);
  });

  it.each([
    ['empty subject', { subject: '  ' }, 'the subject is empty'],
    ['empty body', { body: '\n' }, 'the body is empty'],
    ['empty resolution', { resolve: ' ' }, 'the body is empty'],
    ['bad email', { user: 'not-an-email' }, "'not-an-email' is not an email address"],
  ])('%s → UsageError', async (_name, extra, message) => {
    const err = await failure(() => create(extra));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe(message);
  });

  describe('a failure in the middle leaves nothing behind', () => {
    const NEW = 'newcomer@example.com';
    it.each<[string, Partial<CreateTicketInput>, string]>([
      ['unknown --assign agent', { assign: 'nobody' }, "no agent named 'nobody'"],
      ['unknown --team', { team: 'Night Shift' }, "no team named 'Night Shift'"],
      ['unknown --topic', { topic: 'Coffee' }, "no help topic named 'Coffee'"],
      ['unknown --dept', { dept: 'Marketing' }, "no department named 'Marketing'"],
      ['unknown --sla', { sla: 'Sev-Z' }, "no SLA plan named 'Sev-Z'"],
    ])('%s: no ticket number used, no end user created', async (_name, extra, message) => {
      const err = await failure(() => create({ user: NEW, name: 'Newcomer', ...extra }));
      expect(err).toBeInstanceOf(NotFoundError);
      expect(err.code).toBe(3);
      expect(err.message).toBe(message);
      expect(await userExists(NEW)).toBe(false);
      expect(await numbers({ actor: 'admin', queue: 'all' })).toEqual([]);
      expect((await create({ user: 'ken@example.com' })).number).toBe('100001');
    });

    it('a typo gets a did-you-mean hint', async () => {
      const err = await failure(() => create({ assign: 'jnae' }));
      expect(err.hint).toBe("did you mean 'jane'? (valid: admin, jane, john)");
    });

    it('a deactivated --assign agent is refused', async () => {
      deactivate('jane');
      const err = await failure(() => create({ user: NEW, assign: 'jane' }));
      expect(err).toBeInstanceOf(UsageError);
      expect(err.message).toBe("agent 'jane' is deactivated");
      expect(await userExists(NEW)).toBe(false);
      expect((await create()).number).toBe('100001');
    });

    it('a View Only agent may not open tickets', async () => {
      await addAgent('viewer', 'View Only');
      const err = await failure(() => create({ actor: 'viewer', user: NEW }));
      expect(err).toBeInstanceOf(AccessDeniedError);
      expect(await userExists(NEW)).toBe(false);
      expect((await create()).number).toBe('100001');
    });

    it('a deactivated agent may not act at all', async () => {
      deactivate('john');
      const err = await failure(() => create({ user: NEW }));
      expect(err).toBeInstanceOf(AccessDeniedError);
      expect(err.message).toBe("agent 'john' is deactivated");
      expect(await userExists(NEW)).toBe(false);
    });

    it('an unknown acting identity is not found (exit 3)', async () => {
      const err = await failure(() => create({ actor: 'ghost' }));
      expect(err).toBeInstanceOf(NotFoundError);
      expect(err.message).toBe("no agent or end user 'ghost'");
    });
  });
});

describe('listTickets', () => {
  // 100001 Support, Default SLA, karen                      (due 03-03 03:00)
  // 100002 Business Critical Outage (Sev-A), ken, → john    (due 03-02 10:01)
  // 100003 SysAdmins, cliff                                 (due 03-03 03:02)
  // 100004 Support, karen, team Online Banking Team         (due 03-03 03:03)
  // 100005 Support, alex, resolved on the spot
  beforeEach(async () => {
    await create({ subject: 'Printer jammed', body: 'Tray two is stuck' }, when('2026-03-02T09:00:00Z'));
    await create({ subject: 'Core banking down', body: 'Nobody can log in', user: 'ken@example.com', topic: 'Business Critical Outage', assign: 'john' }, when('2026-03-02T09:01:00Z'));
    await create({ actor: 'admin', subject: 'Disk full', body: 'Server nine', user: 'cliff@example.com', dept: 'SysAdmins' }, when('2026-03-02T09:02:00Z'));
    await create({ subject: 'Card declined', body: 'Online payment fails', team: 'Online Banking Team' }, when('2026-03-02T09:03:00Z'));
    await create({ subject: 'Password', body: 'Forgot it', user: 'alex@example.com', resolve: 'Reset it' }, when('2026-03-02T09:04:00Z'));
  });

  it.each<[string, Partial<ListTicketsInput>, string[]]>([
    ['admin: open queue by due', {}, ['100002', '100001', '100003', '100004']],
    ['admin: closed queue', { queue: 'closed' }, ['100005']],
    ['admin: all, most recently updated first', { queue: 'all' }, ['100005', '100004', '100003', '100002', '100001']],
    ['admin: unassigned (a team may be set)', { queue: 'unassigned' }, ['100001', '100003', '100004']],
    ['admin: --status without a queue looks at every ticket', { statuses: ['resolved'] }, ['100005']],
    ['admin: --status open,resolved (like all: most recently updated first)', { statuses: ['open', 'resolved'] }, ['100005', '100004', '100003', '100002', '100001']],
    ['admin: --status in-progress matches nothing yet', { statuses: ['in-progress'] }, []],
    ['admin: --dept', { dept: 'sysadmins' }, ['100003']],
    ['admin: --assignee', { assignee: 'john' }, ['100002']],
    ['admin: --team', { team: 'Online Banking Team' }, ['100004']],
    ['admin: --sla', { sla: 'Sev-A' }, ['100002']],
    ['admin: --priority', { priority: 'emergency' }, ['100002']],
    ['admin: --user', { user: 'Karen@example.com' }, ['100001', '100004']],
    ['admin: --search in a subject', { search: 'banking' }, ['100002']],
    ['admin: --search in a body, every word must match', { search: 'tray stuck' }, ['100001']],
    ['admin: --search with no match', { search: 'tray nine' }, []],
    ['admin: --sort created', { sort: 'created' }, ['100004', '100003', '100002', '100001']],
    ['admin: --sort priority', { sort: 'priority' }, ['100002', '100001', '100003', '100004']],
  ])('%s', async (_name, input, expected) => {
    expect(await numbers({ actor: 'admin', ...input })).toEqual(expected);
  });

  it.each<[string, Partial<ListTicketsInput> & { actor: string }, string[]]>([
    ['john sees his department, not SysAdmins', { actor: 'john' }, ['100002', '100001', '100004']],
    ['john: mine', { actor: 'john', queue: 'mine' }, ['100002']],
    ['john: all', { actor: 'john', queue: 'all' }, ['100005', '100004', '100002', '100001']],
    ['jane sees only her team\'s ticket', { actor: 'jane' }, ['100004']],
    ['jane: mine is empty', { actor: 'jane', queue: 'mine' }, []],
    ['karen sees only her own tickets', { actor: 'karen@example.com', queue: 'all' }, ['100004', '100001']],
    ['ken sees only his own ticket', { actor: 'ken@example.com' }, ['100002']],
    ['alex sees his resolved ticket in closed', { actor: 'alex@example.com', queue: 'closed' }, ['100005']],
    ['alex: open is empty', { actor: 'alex@example.com' }, []],
  ])('%s', async (_name, input, expected) => {
    expect(await numbers(input)).toEqual(expected);
  });

  it('overdue: open tickets past their due time, flagged in the summary', async () => {
    const later = when('2026-03-02T11:00:00Z');
    const list = await listTickets(later, { actor: 'admin', queue: 'overdue' });
    expect(list.tickets.map((t) => [t.number, t.overdue])).toEqual([['100002', true]]);
    const open = await listTickets(later, { actor: 'admin' });
    expect(open.tickets.map((t) => [t.number, t.overdue])).toEqual([['100002', true], ['100001', false], ['100003', false], ['100004', false]]);
  });

  it('answered: open tickets whose last public entry is an agent reply', async () => {
    await replyTicket(ctx, { actor: 'john', number: '100001', body: 'Try turning it off and on' });
    await replyTicket(ctx, { actor: 'john', number: '100004', body: 'Which card?' });
    await replyTicket(ctx, { actor: 'karen@example.com', number: '100004', body: 'The blue one' });
    await noteTicket(ctx, 'john', '100001', 'internal only');
    expect(await numbers({ actor: 'admin', queue: 'answered' })).toEqual(['100001']);
  });

  it('search finds internal notes for agents but never for end users', async () => {
    await noteTicket(ctx, 'john', '100001', 'suspect the fuser unit');
    expect(await numbers({ actor: 'john', search: 'fuser', queue: 'all' })).toEqual(['100001']);
    expect(await numbers({ actor: 'karen@example.com', search: 'fuser', queue: 'all' })).toEqual([]);
    expect(await numbers({ actor: 'karen@example.com', search: 'tray', queue: 'all' })).toEqual(['100001']);
  });

  it('--limit cuts the list but total counts every match', async () => {
    const list = await listTickets(ctx, { actor: 'admin', limit: 2 });
    expect(list.tickets.map((t) => t.number)).toEqual(['100002', '100001']);
    expect(list.total).toBe(4);
    const unlimited = await listTickets(ctx, { actor: 'admin', limit: null });
    expect([unlimited.tickets.length, unlimited.total]).toEqual([4, 4]);
  });

  it('summaries have no thread or events', async () => {
    const [first] = (await listTickets(ctx, { actor: 'admin', queue: 'all', limit: 1 })).tickets;
    expect(first).toEqual({
      number: '100005', subject: 'Password', status: 'resolved', status_name: 'Resolved', state: 'closed', priority: 'normal',
      department: 'Support', topic: null, sla: 'Default SLA', assignee: null, team: null,
      user: { name: 'Alex Kamal', email: 'alex@example.com' }, source: 'phone',
      created_at: '2026-03-02T09:04:00.000Z', updated_at: '2026-03-02T09:04:00.000Z', due_at: '2026-03-03T03:04:00.000Z',
      overdue: false, first_response_due_at: null, first_response_at: null, resolved_at: '2026-03-02T09:04:00.000Z',
      closed_at: null, reopened_count: 0,
    });
  });

  it('a deactivated agent may not list', async () => {
    deactivate('john');
    expect(await failure(() => listTickets(ctx, { actor: 'john' }))).toBeInstanceOf(AccessDeniedError);
  });

  it.each<[Partial<ListTicketsInput>, string]>([
    [{ dept: 'Marketing' }, "no department named 'Marketing'"],
    [{ assignee: 'nobody' }, "no agent named 'nobody'"],
    [{ team: 'Night Shift' }, "no team named 'Night Shift'"],
    [{ sla: 'Gold' }, "no SLA plan named 'Gold'"],
    [{ user: 'ghost@example.com' }, "no end user with email 'ghost@example.com'"],
  ])('unknown filter value %j → NotFoundError', async (input, message) => {
    const err = await failure(() => listTickets(ctx, { actor: 'admin', ...input }));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toBe(message);
  });
});

describe('showTicket', () => {
  beforeEach(async () => {
    await create();
    await noteTicket(ctx, 'john', '100001', 'Looks like a hardware fault', 'Diagnosis');
    await replyTicket(ctx, { actor: 'john', number: '100001', body: 'A technician is on the way' });
  });

  it('agents see the whole thread, notes included', async () => {
    const t = await showTicket(ctx, 'john', '#100001');
    expect(t.thread.map((e) => [e.kind, e.author, e.title, e.body])).toEqual([
      ['message', 'karen@example.com', null, 'It ate my report.'],
      ['note', 'john', 'Diagnosis', 'Looks like a hardware fault'],
      ['reply', 'john', null, 'A technician is on the way'],
    ]);
    expect(t.first_response_at).toBe(T0);
  });

  it('the end user sees no notes', async () => {
    const t = await showTicket(ctx, 'karen@example.com', '100001');
    expect(t.thread.map((e) => [e.kind, e.author])).toEqual([['message', 'karen@example.com'], ['reply', 'john']]);
  });

  it('overdue is judged at the context\'s now', async () => {
    expect((await showTicket(when('2026-03-03T03:00:00Z'), 'john', '100001')).overdue).toBe(false);
    expect((await showTicket(when('2026-03-03T03:00:01Z'), 'john', '100001')).overdue).toBe(true);
  });

  it.each([
    ['another end user', 'ken@example.com'],
    ['an agent of another department', 'jane'],
  ])('%s gets a bare access denied', async (_name, who) => {
    const err = await failure(() => showTicket(ctx, who, '100001'));
    expect(err).toBeInstanceOf(AccessDeniedError);
    expect(err.code).toBe(4);
    expect(err.message).toBe('access denied');
  });

  it('an agent of another department sees it once it is assigned to their team', async () => {
    await assignTicket(ctx, { actor: 'john', number: '100001', team: 'Online Banking Team' });
    expect((await showTicket(ctx, 'jane', '100001')).team).toBe('Online Banking Team');
  });

  it('an unknown ticket is not found (exit 3)', async () => {
    const err = await failure(() => showTicket(ctx, 'admin', '999999'));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toBe('ticket #999999 not found');
  });

  it('a malformed number is a usage error (exit 2)', async () => {
    const err = await failure(() => showTicket(ctx, 'admin', '12'));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.code).toBe(2);
  });
});
