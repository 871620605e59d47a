import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AccessDeniedError, ConflictError, NotFoundError, UsageError,
} from '../../src/core/errors.js';
import type { Status } from '../../src/core/model.js';
import type { DeskContext } from '../../src/desk/context.js';
import { setStatus } from '../../src/desk/tickets/status.js';
import { noteTicket } from '../../src/desk/tickets/note.js';
import { replyTicket } from '../../src/desk/tickets/reply.js';
import { changeSla } from '../../src/desk/tickets/sla.js';
import { editTicket } from '../../src/desk/tickets/edit.js';
import { transferTicket } from '../../src/desk/tickets/transfer.js';
import { assignTicket } from '../../src/desk/tickets/assign.js';
import type { TicketObject } from '../../src/desk/tickets/view.js';
import { createTicket, type CreateTicketInput } from '../../src/desk/tickets/create.js';
import { showTicket } from '../../src/desk/tickets/show.js';
import { listTickets } from '../../src/desk/tickets/list.js';
import type { SqliteStore } from '../../src/store/sqlite.js';
import { failure, labDesk, type TestDesk } from '../helpers/desk.js';

const NOW = new Date('2026-03-02T09:00:00Z'); // a Monday
const T0 = NOW.toISOString();
const N = '100001';
const CREATED = { type: 'created', actor: 'john', at: T0, data: {} };

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

/** Ticket 100001: Support, Default SLA, for karen, opened by john at NOW. */
function create(extra: Partial<CreateTicketInput> = {}, c: DeskContext = ctx): Promise<TicketObject> {
  return createTicket(c, { actor: 'john', subject: 'Printer jammed', body: 'It ate my report.', user: 'karen@example.com', ...extra });
}

const show = (who = 'admin') => showTicket(ctx, who, N);

async function addAgent(username: string, role: string, dept = 'Support'): Promise<void> {
  await store.write(async (tx) => {
    const r = (await tx.org.roleByName(role))!;
    const d = (await tx.org.deptByName(dept))!;
    await tx.org.insertAgent({ username, name: username, email: null, deptId: d.id, roleId: r.id, isAdmin: false, createdAt: T0 });
  });
}

const deactivate = (username: string) => store.db.prepare('UPDATE agents SET active = 0 WHERE username = ?').run(username);

/** Drives ticket 100001 to a status through allowed transitions, as admin. */
async function driveTo(status: Status, c: DeskContext = ctx): Promise<void> {
  if (status === 'open') return;
  if (status === 'closed') await setStatus(c, 'admin', N, 'resolved');
  await setStatus(c, 'admin', N, status);
}

/** Everything about the ticket that a failed use case must not have changed. */
const snapshot = (): Promise<TicketObject> => show();

/** Asserts the use case is refused with a bare or specific access denial and changes nothing. */
async function expectDenied(fn: () => unknown, message: string | RegExp): Promise<void> {
  const before = await snapshot();
  const err = await failure(fn);
  expect(err).toBeInstanceOf(AccessDeniedError);
  expect(err.code).toBe(4);
  if (typeof message === 'string') expect(err.message).toBe(message);
  else expect(err.message).toMatch(message);
  expect(await snapshot()).toEqual(before);
}

describe('assignTicket', () => {
  beforeEach(async () => {
    await create();
  });

  it('--to sets the agent and records who did it', async () => {
    const r = await assignTicket(ctx, { actor: 'john', number: N, to: 'jane' });
    expect([r.changed, r.warnings, r.ticket.assignee, r.ticket.team]).toEqual([true, [], 'jane', null]);
    expect(r.ticket.events).toEqual([CREATED, { type: 'assigned', actor: 'john', at: T0, data: { field: 'agent', from: null, to: 'jane' } }]);
  });

  it('--to keeps the team; --release clears only the agent', async () => {
    await assignTicket(ctx, { actor: 'john', number: N, team: 'Online Banking Team' });
    const to = await assignTicket(when('2026-03-02T09:05:00Z'), { actor: 'john', number: N, to: 'jane' });
    expect([to.ticket.assignee, to.ticket.team]).toEqual(['jane', 'Online Banking Team']);
    const released = await assignTicket(when('2026-03-02T09:10:00Z'), { actor: 'admin', number: N, release: true });
    expect([released.ticket.assignee, released.ticket.team, released.ticket.updated_at]).toEqual([null, 'Online Banking Team', '2026-03-02T09:10:00.000Z']);
    expect(released.ticket.events.slice(1)).toEqual([
      { type: 'assigned', actor: 'john', at: T0, data: { field: 'team', from: null, to: 'Online Banking Team' } },
      { type: 'assigned', actor: 'john', at: '2026-03-02T09:05:00.000Z', data: { field: 'agent', from: null, to: 'jane' } },
      { type: 'released', actor: 'admin', at: '2026-03-02T09:10:00.000Z', data: { from: 'jane', to: null } },
    ]);
  });

  it('--me assigns the acting agent; reassigning records from and to', async () => {
    await assignTicket(ctx, { actor: 'john', number: N, me: true });
    const r = await assignTicket(ctx, { actor: 'admin', number: N, to: 'admin' });
    expect(r.ticket.assignee).toBe('admin');
    expect(r.ticket.events.map((e) => [e.type, e.actor, e.data])).toEqual([
      ['created', 'john', {}],
      ['assigned', 'john', { field: 'agent', from: null, to: 'john' }],
      ['assigned', 'admin', { field: 'agent', from: 'john', to: 'admin' }],
    ]);
  });

  it('--to and --team together record both', async () => {
    const r = await assignTicket(ctx, { actor: 'john', number: N, to: 'jane', team: 'online banking team' });
    expect(r.ticket.events.slice(1).map((e) => e.data)).toEqual([
      { field: 'agent', from: null, to: 'jane' },
      { field: 'team', from: null, to: 'Online Banking Team' },
    ]);
  });

  it('assigning the same agent again is a no-op with a warning', async () => {
    await assignTicket(ctx, { actor: 'john', number: N, to: 'jane' });
    const r = await assignTicket(when('2026-03-02T10:00:00Z'), { actor: 'john', number: N, to: 'jane' });
    expect([r.changed, r.warnings]).toEqual([false, ['#100001 is already assigned to jane']]);
    expect(r.ticket.events).toHaveLength(2);
    expect(r.ticket.updated_at).toBe(T0);
  });

  it('releasing an unassigned ticket is a no-op with a warning', async () => {
    const r = await assignTicket(ctx, { actor: 'john', number: N, release: true });
    expect([r.changed, r.warnings, r.ticket.events.length]).toEqual([false, ['#100001 has no assigned agent'], 1]);
  });

  it.each([
    ['nothing to assign', {}],
    ['--to with --release', { to: 'jane', release: true }],
    ['--me with --to', { me: true, to: 'jane' }],
  ])('%s → UsageError', async (_name, input) => {
    const err = await failure(() => assignTicket(ctx, { actor: 'john', number: N, ...input }));
    expect(err).toBeInstanceOf(UsageError);
  });

  it('an unknown agent is not found, with a did-you-mean', async () => {
    const err = await failure(() => assignTicket(ctx, { actor: 'john', number: N, to: 'jnae' }));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.hint).toBe("did you mean 'jane'? (valid: admin, jane, john)");
  });

  it('a deactivated agent cannot be assigned', async () => {
    deactivate('jane');
    const err = await failure(() => assignTicket(ctx, { actor: 'john', number: N, to: 'jane' }));
    expect(err).toBeInstanceOf(UsageError);
    expect((await show()).assignee).toBeNull();
  });

  it('a failure after the agent was set rolls the whole assignment back', async () => {
    const before = await snapshot();
    const err = await failure(() => assignTicket(ctx, { actor: 'john', number: N, to: 'jane', team: 'Night Shift' }));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(await snapshot()).toEqual(before);
  });

  it('an end user may not assign', async () => {
    await expectDenied(() => assignTicket(ctx, { actor: 'karen@example.com', number: N, to: 'john' }),
      'access denied: karen@example.com may not assign this ticket');
  });

  it('a View Only agent may not assign', async () => {
    await addAgent('viewer', 'View Only');
    await expectDenied(() => assignTicket(ctx, { actor: 'viewer', number: N, me: true }), 'access denied: viewer may not assign this ticket');
  });

  it('an agent who cannot see the ticket gets a bare access denied', async () => {
    await expectDenied(() => assignTicket(ctx, { actor: 'jane', number: N, me: true }), 'access denied');
  });
});

describe('transferTicket', () => {
  beforeEach(async () => {
    await create();
  });

  it('moves the ticket and records from/to', async () => {
    const r = await transferTicket(ctx, 'john', N, 'sysadmins');
    expect([r.changed, r.ticket.department]).toEqual([true, 'SysAdmins']);
    expect(r.ticket.events).toEqual([CREATED, { type: 'transferred', actor: 'john', at: T0, data: { from: 'Support', to: 'SysAdmins' } }]);
  });

  it('john in Support can no longer see a ticket transferred to SysAdmins', async () => {
    await transferTicket(ctx, 'john', N, 'SysAdmins');
    const err = await failure(() => showTicket(ctx, 'john', N));
    expect(err).toBeInstanceOf(AccessDeniedError);
    expect(err.message).toBe('access denied');
    expect((await listTickets(ctx, { actor: 'john', queue: 'all' })).tickets).toEqual([]);
    expect((await listTickets(ctx, { actor: 'admin' })).tickets.map((t) => [t.number, t.department])).toEqual([[N, 'SysAdmins']]);
    await expectDenied(() => noteTicket(ctx, 'john', N, 'still mine?'), 'access denied');
  });

  it('a ticket assigned to john stays visible to him after a transfer', async () => {
    await assignTicket(ctx, { actor: 'john', number: N, me: true });
    await transferTicket(ctx, 'john', N, 'SysAdmins');
    expect((await showTicket(ctx, 'john', N)).department).toBe('SysAdmins');
  });

  it('the same department is a no-op with a warning', async () => {
    const r = await transferTicket(ctx, 'john', N, 'support');
    expect([r.changed, r.warnings, r.ticket.events.length]).toEqual([false, ['#100001 is already in Support'], 1]);
  });

  it('an unknown department is not found and changes nothing', async () => {
    const err = await failure(() => transferTicket(ctx, 'john', N, 'Sysadmin'));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.hint).toMatch(/^did you mean 'SysAdmins'\?/);
    expect((await show()).department).toBe('Support');
  });

  it('an end user may not transfer', async () => {
    await expectDenied(() => transferTicket(ctx, 'karen@example.com', N, 'SysAdmins'), 'access denied: karen@example.com may not transfer this ticket');
  });
});

describe('editTicket', () => {
  beforeEach(async () => {
    await create();
  });

  it('one edited event per changed field', async () => {
    const r = await editTicket(when('2026-03-02T09:30:00Z'), { actor: 'john', number: N, subject: '  Printer on fire ', priority: 'high' });
    expect([r.changed, r.ticket.subject, r.ticket.priority, r.ticket.updated_at]).toEqual([true, 'Printer on fire', 'high', '2026-03-02T09:30:00.000Z']);
    expect(r.ticket.events.slice(1)).toEqual([
      { type: 'edited', actor: 'john', at: '2026-03-02T09:30:00.000Z', data: { field: 'subject', from: 'Printer jammed', to: 'Printer on fire' } },
      { type: 'edited', actor: 'john', at: '2026-03-02T09:30:00.000Z', data: { field: 'priority', from: 'normal', to: 'high' } },
    ]);
  });

  it('changing the topic records it and leaves department and SLA alone', async () => {
    const r = await editTicket(ctx, { actor: 'john', number: N, topic: 'password reset' });
    expect([r.ticket.topic, r.ticket.department, r.ticket.sla, r.ticket.priority]).toEqual(['Password Reset', 'Support', 'Default SLA', 'normal']);
    expect(r.ticket.events.slice(1).map((e) => e.data)).toEqual([{ field: 'topic', from: null, to: 'Password Reset' }]);
  });

  it('only fields that differ are recorded', async () => {
    const r = await editTicket(ctx, { actor: 'john', number: N, subject: 'Printer jammed', priority: 'low' });
    expect(r.ticket.events.slice(1).map((e) => e.data)).toEqual([{ field: 'priority', from: 'normal', to: 'low' }]);
  });

  it('the same values are a no-op with a warning', async () => {
    const r = await editTicket(ctx, { actor: 'john', number: N, subject: 'Printer jammed', priority: 'normal' });
    expect([r.changed, r.warnings, r.ticket.events.length]).toEqual([false, ['#100001 already has those values'], 1]);
  });

  it.each([
    ['nothing to edit', {}],
    ['an empty subject', { subject: ' ' }],
  ])('%s → UsageError', async (_name, input) => {
    expect(await failure(() => editTicket(ctx, { actor: 'john', number: N, ...input }))).toBeInstanceOf(UsageError);
  });

  it('an unknown topic changes nothing, not even the other fields', async () => {
    const before = await snapshot();
    expect(await failure(() => editTicket(ctx, { actor: 'john', number: N, priority: 'high', topic: 'Coffee' }))).toBeInstanceOf(NotFoundError);
    expect(await snapshot()).toEqual(before);
  });

  it('an end user may not edit', async () => {
    await expectDenied(() => editTicket(ctx, { actor: 'karen@example.com', number: N, priority: 'emergency' }),
      'access denied: karen@example.com may not edit this ticket');
  });

  it('a Limited Access agent may not edit', async () => {
    await addAgent('limited', 'Limited Access');
    await expectDenied(() => editTicket(ctx, { actor: 'limited', number: N, subject: 'x' }), 'access denied: limited may not edit this ticket');
  });
});

describe('changeSla', () => {
  it('recomputes the due time from creation and records it', async () => {
    await create();
    const r = await changeSla(when('2026-03-02T09:20:00Z'), 'john', N, 'sev-a');
    expect([r.changed, r.ticket.sla, r.ticket.due_at]).toEqual([true, 'Sev-A', '2026-03-02T10:00:00.000Z']);
    expect(r.ticket.events.slice(1)).toEqual([
      { type: 'sla', actor: 'john', at: '2026-03-02T09:20:00.000Z', data: { from: 'Default SLA', to: 'Sev-A', due_at: '2026-03-02T10:00:00.000Z' } },
    ]);
  });

  it('a business-hours plan: created Fri 16:00, moved to Sev-C later → due Mon 15:00', async () => {
    await create({}, when('2026-03-06T16:00:00Z'));
    const r = await changeSla(when('2026-03-06T16:30:00Z'), 'john', N, 'Sev-C');
    expect(r.ticket.due_at).toBe('2026-03-09T15:00:00.000Z');
  });

  it('moving a breached ticket to a longer plan clears overdue', async () => {
    await create({ sla: 'Sev-A' });
    const later = when('2026-03-02T12:00:00Z');
    expect((await showTicket(later, 'john', N)).overdue).toBe(true);
    const r = await changeSla(later, 'john', N, 'Sev-B');
    expect([r.ticket.due_at, r.ticket.overdue]).toEqual(['2026-03-02T13:00:00.000Z', false]);
  });

  it('the same plan is a no-op with a warning', async () => {
    await create();
    const r = await changeSla(ctx, 'john', N, 'default sla');
    expect([r.changed, r.warnings]).toEqual([false, ['#100001 is already on Default SLA']]);
  });

  it('an unknown plan is not found', async () => {
    await create();
    const err = await failure(() => changeSla(ctx, 'john', N, 'Sev-D'));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toBe("no SLA plan named 'Sev-D'");
    expect((await show()).sla).toBe('Default SLA');
  });

  it('an end user may not change the SLA', async () => {
    await create();
    await expectDenied(() => changeSla(ctx, 'karen@example.com', N, 'Sev-A'), /^access denied: karen@example.com may not/);
  });
});

describe('replyTicket', () => {
  beforeEach(async () => {
    await create();
  });

  it('an agent reply is a visible reply and the first response', async () => {
    const r = await replyTicket(when('2026-03-02T09:15:00Z'), { actor: 'john', number: N, body: 'On my way' });
    expect([r.changed, r.ticket.status, r.ticket.first_response_at, r.ticket.updated_at]).toEqual([true, 'open', '2026-03-02T09:15:00.000Z', '2026-03-02T09:15:00.000Z']);
    expect(r.ticket.thread.slice(1)).toEqual([
      { kind: 'reply', author: 'john', author_name: 'John', title: null, body: 'On my way', created_at: '2026-03-02T09:15:00.000Z' },
    ]);
    // Claim on response: the reply assigns the unassigned ticket to John.
    expect(r.ticket.assignee).toBe('john');
    expect(r.ticket.events).toEqual([CREATED, {
      type: 'assigned', actor: 'john', at: '2026-03-02T09:15:00.000Z', data: { field: 'agent', from: null, to: 'john', reason: 'claim-on-response' },
    }]);
    expect((await showTicket(ctx, 'karen@example.com', N)).thread.map((e) => e.kind)).toEqual(['message', 'reply']);
  });

  it('a later reply keeps the first response time', async () => {
    await replyTicket(when('2026-03-02T09:15:00Z'), { actor: 'john', number: N, body: 'one' });
    const r = await replyTicket(when('2026-03-02T11:00:00Z'), { actor: 'admin', number: N, body: 'two' });
    expect(r.ticket.first_response_at).toBe('2026-03-02T09:15:00.000Z');
    expect(r.ticket.thread.map((e) => [e.kind, e.author])).toEqual([['message', 'karen@example.com'], ['reply', 'john'], ['reply', 'admin']]);
  });

  it('an end user\'s message does not count as the first response', async () => {
    const r = await replyTicket(ctx, { actor: 'karen@example.com', number: N, body: 'Any news?' });
    expect(r.ticket.first_response_at).toBeNull();
    expect(r.ticket.thread.map((e) => [e.kind, e.author])).toEqual([['message', 'karen@example.com'], ['message', 'karen@example.com']]);
  });

  it('--status changes the status with the reply', async () => {
    const r = await replyTicket(ctx, { actor: 'john', number: N, body: 'Which printer?', status: 'awaiting-response' });
    expect(r.ticket.status).toBe('awaiting-response');
    expect(r.ticket.events.slice(1).map((e) => e.type)).toEqual(['assigned', 'status']); // claimed, then the status
    expect(r.ticket.events.at(-1)).toEqual({ type: 'status', actor: 'john', at: T0, data: { from: 'open', to: 'awaiting-response' } });
  });

  it('an agent may not reply to a closed ticket (ConflictError, nothing recorded)', async () => {
    await driveTo('closed');
    const before = await snapshot();
    const err = await failure(() => replyTicket(ctx, { actor: 'john', number: N, body: 'hello?' }));
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.code).toBe(5);
    expect(err.hint).toMatch(/reopen/);
    expect(await snapshot()).toEqual(before);
  });

  it.each<Status>(['resolved', 'closed'])('an end user replying to a %s ticket reopens it', async (status) => {
    await driveTo(status);
    const later = when('2026-03-03T10:00:00Z');
    const r = await replyTicket(later, { actor: 'karen@example.com', number: N, body: 'It is broken again' });
    expect([r.ticket.status, r.ticket.state, r.ticket.reopened_count, r.ticket.resolved_at, r.ticket.closed_at])
      .toEqual(['open', 'open', 1, null, null]);
    expect(r.ticket.due_at).toBe('2026-03-04T04:00:00.000Z'); // the clock restarts at the reopen: +18 h
    expect(r.ticket.thread.at(-1)).toMatchObject({ kind: 'message', author: 'karen@example.com', body: 'It is broken again' });
    expect(r.ticket.events.at(-1)).toEqual({ type: 'reopened', actor: 'karen@example.com', at: '2026-03-03T10:00:00.000Z', data: { from: status, to: 'open' } });
  });

  it('an end user replying to an awaiting-response ticket sets it back to open', async () => {
    await driveTo('awaiting-response');
    const r = await replyTicket(when('2026-03-02T10:00:00Z'), { actor: 'karen@example.com', number: N, body: 'The HP one' });
    expect([r.ticket.status, r.ticket.reopened_count]).toEqual(['open', 0]);
    expect(r.ticket.thread.at(-1)).toMatchObject({ kind: 'message', author: 'karen@example.com', body: 'The HP one' });
    expect(r.ticket.events.at(-1)).toEqual({ type: 'status', actor: 'karen@example.com', at: '2026-03-02T10:00:00.000Z', data: { from: 'awaiting-response', to: 'open' } });
  });

  it.each<Status>(['open', 'in-progress'])('an end user replying to an %s ticket leaves the status alone', async (status) => {
    await driveTo(status);
    const eventsBefore = (await show()).events.length;
    const r = await replyTicket(ctx, { actor: 'karen@example.com', number: N, body: 'more detail' });
    expect(r.ticket.status).toBe(status);
    expect(r.ticket.events).toHaveLength(eventsBefore);
  });

  it('an agent reply to a resolved ticket leaves it resolved', async () => {
    await driveTo('resolved');
    const r = await replyTicket(ctx, { actor: 'john', number: N, body: 'Glad it works' });
    expect([r.ticket.status, r.ticket.reopened_count]).toEqual(['resolved', 0]);
  });

  it('an end user may not pass --status closed', async () => {
    const before = await snapshot();
    expect(await failure(() => replyTicket(ctx, { actor: 'karen@example.com', number: N, body: 'x', status: 'closed' }))).toBeInstanceOf(AccessDeniedError);
    expect(await snapshot()).toEqual(before);
  });

  it('an end user may mark their ticket resolved, with a message or without (CONTRACT: Organisation)', async () => {
    await replyTicket(ctx, { actor: 'karen@example.com', number: N, body: 'Works now, thanks' });
    expect((await setStatus(ctx, 'karen@example.com', N, 'resolved')).ticket.status).toBe('resolved');
    expect(await failure(() => setStatus(ctx, 'karen@example.com', N, 'closed'))).toBeInstanceOf(AccessDeniedError);
  });

  it('an empty body is a usage error', async () => {
    expect(await failure(() => replyTicket(ctx, { actor: 'john', number: N, body: '  ' }))).toBeInstanceOf(UsageError);
  });

  it('another end user gets a bare access denied', async () => {
    await expectDenied(() => replyTicket(ctx, { actor: 'ken@example.com', number: N, body: 'me too' }), 'access denied');
  });

  it('a View Only agent may not reply', async () => {
    await addAgent('viewer', 'View Only');
    await expectDenied(() => replyTicket(ctx, { actor: 'viewer', number: N, body: 'hi' }), 'access denied: viewer may not reply to this ticket');
  });

  it('an unknown ticket is not found', async () => {
    const err = await failure(() => replyTicket(ctx, { actor: 'john', number: '#100009', body: 'x' }));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toBe('ticket #100009 not found');
  });
});

describe('noteTicket', () => {
  beforeEach(async () => {
    await create();
  });

  it('adds an internal note the end user never sees', async () => {
    const r = await noteTicket(when('2026-03-02T09:45:00Z'), 'john', N, 'Toner is fine', ' Check ');
    expect([r.changed, r.ticket.status, r.ticket.first_response_at, r.ticket.updated_at]).toEqual([true, 'open', null, '2026-03-02T09:45:00.000Z']);
    expect(r.ticket.thread.slice(1)).toEqual([
      { kind: 'note', author: 'john', author_name: 'John', title: 'Check', body: 'Toner is fine', created_at: '2026-03-02T09:45:00.000Z' },
    ]);
    expect(r.ticket.events).toEqual([CREATED]);
    expect((await showTicket(ctx, 'karen@example.com', N)).thread.map((e) => e.kind)).toEqual(['message']);
  });

  it.each([[undefined], ['   ']])('title %j is stored as null', async (title) => {
    const r = await noteTicket(ctx, 'john', N, 'body', title);
    expect(r.ticket.thread.at(-1)!.title).toBeNull();
  });

  it('an empty body is a usage error', async () => {
    expect(await failure(() => noteTicket(ctx, 'john', N, ''))).toBeInstanceOf(UsageError);
  });

  it('an end user may not add notes', async () => {
    await expectDenied(() => noteTicket(ctx, 'karen@example.com', N, 'psst'), 'access denied: karen@example.com may not add notes to this ticket');
  });

  it('a View Only agent may not add notes', async () => {
    await addAgent('viewer', 'View Only');
    await expectDenied(() => noteTicket(ctx, 'viewer', N, 'psst'), 'access denied: viewer may not add notes to this ticket');
  });
});

describe('setStatus', () => {
  beforeEach(async () => {
    await create();
  });

  const T1 = '2026-03-02T10:00:00.000Z';

  it.each<{ from: Status; to: Status; resolved: string | null; closed: string | null }>([
    { from: 'open', to: 'in-progress', resolved: null, closed: null },
    { from: 'open', to: 'awaiting-response', resolved: null, closed: null },
    { from: 'in-progress', to: 'open', resolved: null, closed: null },
    { from: 'open', to: 'resolved', resolved: T1, closed: null },
    { from: 'awaiting-response', to: 'resolved', resolved: T1, closed: null },
    { from: 'open', to: 'closed', resolved: T1, closed: T1 },
    { from: 'in-progress', to: 'closed', resolved: T1, closed: T1 },
    { from: 'resolved', to: 'closed', resolved: T0, closed: T1 },
  ])('$from → $to records a status event and the timestamps', async ({ from, to, resolved, closed }) => {
    await driveTo(from);
    const eventsBefore = (await show()).events.length;
    const r = await setStatus(when(T1), 'john', N, to);
    expect([r.changed, r.warnings, r.ticket.status, r.ticket.resolved_at, r.ticket.closed_at, r.ticket.reopened_count, r.ticket.updated_at])
      .toEqual([true, [], to, resolved, closed, 0, T1]);
    expect(r.ticket.events.slice(eventsBefore)).toEqual([{ type: 'status', actor: 'john', at: T1, data: { from, to } }]);
  });

  it.each<{ from: Status; to: Status }>([
    { from: 'resolved', to: 'open' },
    { from: 'resolved', to: 'in-progress' },
    { from: 'closed', to: 'open' },
    { from: 'closed', to: 'awaiting-response' },
  ])('$from → $to is a reopen: counted, timestamps cleared, clock restarted', async ({ from, to }) => {
    await driveTo(from);
    const eventsBefore = (await show()).events.length;
    const r = await setStatus(when('2026-03-04T12:00:00Z'), 'john', N, to);
    expect([r.ticket.status, r.ticket.state, r.ticket.resolved_at, r.ticket.closed_at, r.ticket.reopened_count, r.ticket.due_at])
      .toEqual([to, 'open', null, null, 1, '2026-03-05T06:00:00.000Z']);
    expect(r.ticket.events.slice(eventsBefore)).toEqual([{ type: 'reopened', actor: 'john', at: '2026-03-04T12:00:00.000Z', data: { from, to } }]);
  });

  it('each reopen counts', async () => {
    await driveTo('closed');
    await setStatus(ctx, 'admin', N, 'open');
    await setStatus(ctx, 'admin', N, 'resolved');
    const r = await setStatus(ctx, 'admin', N, 'open');
    expect(r.ticket.reopened_count).toBe(2);
  });

  it('a reopen on Sev-C at Friday 16:00 is due Monday 15:00', async () => {
    await changeSla(ctx, 'john', N, 'Sev-C');
    await driveTo('closed');
    const r = await setStatus(when('2026-03-06T16:00:00Z'), 'john', N, 'open');
    expect(r.ticket.due_at).toBe('2026-03-09T15:00:00.000Z');
  });

  it.each<Status>(['open', 'in-progress', 'awaiting-response', 'resolved', 'closed'])('setting %s again is a no-op with a warning', async (status) => {
    await driveTo(status);
    const before = await snapshot();
    const r = await setStatus(when('2026-03-05T00:00:00Z'), 'john', N, status);
    const display = { open: 'Open', 'in-progress': 'In Progress', 'awaiting-response': 'Awaiting Response', resolved: 'Resolved', closed: 'Closed' }[status];
    expect([r.changed, r.warnings]).toEqual([false, [`#100001 is already ${display}`]]);
    expect(await snapshot()).toEqual(before);
  });

  it('--note adds an internal note in the same change', async () => {
    const r = await setStatus(when(T1), 'john', N, 'resolved', 'Replaced the roller');
    expect(r.ticket.thread.slice(1)).toEqual([
      { kind: 'note', author: 'john', author_name: 'John', title: null, body: 'Replaced the roller', created_at: T1 },
    ]);
    expect(r.ticket.events.slice(1)).toEqual([{ type: 'status', actor: 'john', at: T1, data: { from: 'open', to: 'resolved' } }]);
  });

  it('closed → resolved conflicts and leaves no note behind', async () => {
    await driveTo('closed');
    const before = await snapshot();
    const err = await failure(() => setStatus(when(T1), 'john', N, 'resolved', 'should not be saved'));
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.code).toBe(5);
    expect(err.message).toBe('a closed ticket cannot become resolved');
    expect(await snapshot()).toEqual(before);
    expect((await show()).thread.map((e) => e.kind)).toEqual(['message']);
  });

  it('an empty --note is a usage error', async () => {
    const err = await failure(() => setStatus(ctx, 'john', N, 'resolved', ' '));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.hint).toMatch(/--note/);
    expect((await show()).status).toBe('open');
  });

  describe('end users', () => {
    it.each<Status>(['resolved', 'closed'])('may reopen their %s ticket', async (from) => {
      await driveTo(from);
      const r = await setStatus(when(T1), 'karen@example.com', N, 'open');
      expect([r.ticket.status, r.ticket.reopened_count]).toEqual(['open', 1]);
      expect(r.ticket.events.at(-1)).toEqual({ type: 'reopened', actor: 'karen@example.com', at: T1, data: { from, to: 'open' } });
    });

    it.each<[Status, Status]>([
      ['open', 'closed'],
      ['open', 'in-progress'],
      ['resolved', 'closed'],
      ['in-progress', 'awaiting-response'],
    ])('may not move %s → %s', async (from, to) => {
      await driveTo(from);
      await expectDenied(() => setStatus(ctx, 'karen@example.com', N, to), /^access denied: karen@example.com may not/);
    });

    it('may not add a note with a reopen', async () => {
      await driveTo('resolved');
      await expectDenied(() => setStatus(ctx, 'karen@example.com', N, 'open', 'psst'), 'access denied: karen@example.com may not add notes to this ticket');
    });

    it('another end user may not reopen', async () => {
      await driveTo('resolved');
      await expectDenied(() => setStatus(ctx, 'ken@example.com', N, 'open'), 'access denied');
    });
  });

  describe('agents by role', () => {
    it('a View Only agent may not change the status', async () => {
      await addAgent('viewer', 'View Only');
      await expectDenied(() => setStatus(ctx, 'viewer', N, 'in-progress'), 'access denied: viewer may not change the status of this ticket');
    });

    it('a Limited Access agent may close and reopen', async () => {
      await addAgent('limited', 'Limited Access');
      expect((await setStatus(ctx, 'limited', N, 'closed')).ticket.status).toBe('closed');
      expect((await setStatus(ctx, 'limited', N, 'open')).ticket.reopened_count).toBe(1);
    });

    it('an agent of another department gets a bare access denied', async () => {
      await expectDenied(() => setStatus(ctx, 'jane', N, 'closed'), 'access denied');
    });

    it('a deactivated agent may not act', async () => {
      deactivate('john');
      const err = await failure(() => setStatus(ctx, 'john', N, 'closed'));
      expect(err).toBeInstanceOf(AccessDeniedError);
      expect(err.message).toBe("agent 'john' is deactivated");
      expect((await show()).status).toBe('open');
    });
  });

  describe('a plan that pauses while awaiting the end user', () => {
    beforeEach(async () => {
      await store.write((tx) => tx.sla.insertSla({ name: 'Pausing', minutes: 18 * 60, firstResponseMinutes: 60, pauseAwaiting: true, scheduleId: null }));
    });

    it('awaiting-response for two hours moves the resolution due time two hours later, not the first response', async () => {
      const t = await create({ sla: 'Pausing', user: 'ken@example.com' });
      const n = t.number;
      expect([t.due_at, t.first_response_due_at]).toEqual(['2026-03-03T03:00:00.000Z', '2026-03-02T10:00:00.000Z']);
      await setStatus(when('2026-03-02T10:00:00Z'), 'john', n, 'awaiting-response');
      const r = await setStatus(when('2026-03-02T12:00:00Z'), 'john', n, 'open');
      expect([r.ticket.due_at, r.ticket.first_response_due_at]).toEqual(['2026-03-03T05:00:00.000Z', '2026-03-02T10:00:00.000Z']);
    });

    it('an end user\'s answer ends the pause', async () => {
      const t = await create({ sla: 'Pausing', user: 'karen@example.com' });
      await setStatus(when('2026-03-02T10:00:00Z'), 'john', t.number, 'awaiting-response');
      const r = await replyTicket(when('2026-03-02T10:30:00Z'), { actor: 'karen@example.com', number: t.number, body: 'here you go' });
      expect([r.ticket.status, r.ticket.due_at]).toEqual(['open', '2026-03-03T03:30:00.000Z']);
    });

    it('a reopen straight into awaiting-response pauses too', async () => {
      const t = await create({ sla: 'Pausing', user: 'ken@example.com' });
      await setStatus(ctx, 'john', t.number, 'resolved');
      const reopened = await setStatus(when('2026-03-03T10:00:00Z'), 'john', t.number, 'awaiting-response');
      expect([reopened.ticket.status, reopened.ticket.reopened_count]).toEqual(['awaiting-response', 1]);
      // Two hours awaiting the end user, then back to work: the clock restarted at 10:00 and lost nothing.
      const r = await setStatus(when('2026-03-03T12:00:00Z'), 'john', t.number, 'open');
      expect(r.ticket.due_at).toBe('2026-03-04T06:00:00.000Z'); // 10:00 + 18 h + 2 h paused
    });

    it('a plan without the pause keeps its due time', async () => {
      await setStatus(when('2026-03-02T10:00:00Z'), 'john', N, 'awaiting-response');
      const r = await setStatus(when('2026-03-02T12:00:00Z'), 'john', N, 'open');
      expect(r.ticket.due_at).toBe('2026-03-03T03:00:00.000Z');
    });
  });
});

describe('a ticket the actor may not see reveals nothing', () => {
  beforeEach(async () => {
    await create({ actor: 'admin', dept: 'SysAdmins' });
  });

  it.each<[string, () => Promise<unknown>]>([
    ['show', () => showTicket(ctx, 'john', N)],
    ['assign', () => assignTicket(ctx, { actor: 'john', number: N, to: 'nobody' })],
    ['transfer', () => transferTicket(ctx, 'john', N, 'Nowhere')],
    ['edit', () => editTicket(ctx, { actor: 'john', number: N, topic: 'Nothing' })],
    ['sla', () => changeSla(ctx, 'john', N, 'Nothing')],
    ['reply', () => replyTicket(ctx, { actor: 'john', number: N, body: 'x' })],
    ['note', () => noteTicket(ctx, 'john', N, 'x')],
    ['status', () => setStatus(ctx, 'john', N, 'closed')],
    ['status to the one it has (a no-op)', () => setStatus(ctx, 'john', N, 'open')],
  ])('%s → bare access denied, before any lookup of the other names', async (_name, fn) => {
    await expectDenied(fn, 'access denied');
  });

  it('a conflicting transition is still a bare access denied, not a conflict', async () => {
    await setStatus(ctx, 'admin', N, 'closed');
    await expectDenied(() => setStatus(ctx, 'john', N, 'resolved', 'x'), 'access denied');
  });
});
