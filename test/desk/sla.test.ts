import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccessDeniedError, ConflictError, NotFoundError, UsageError } from '../../src/core/errors.js';
import { addSchedule, changeHolidays } from '../../src/desk/sla/schedules.js';
import { addSla, listSla } from '../../src/desk/sla/plans.js';
import { slaCheck, slaStatus } from '../../src/desk/sla/status.js';
import { setStatus } from '../../src/desk/tickets/status.js';
import { replyTicket } from '../../src/desk/tickets/reply.js';
import { changeSla } from '../../src/desk/tickets/sla.js';
import { createTicket } from '../../src/desk/tickets/create.js';
import { showTicket } from '../../src/desk/tickets/show.js';
import { listTickets } from '../../src/desk/tickets/list.js';
import { labDesk, type TestDesk } from '../helpers/desk.js';

let d: TestDesk;
beforeEach(async () => {
  d = await labDesk();
});
afterEach(() => d.cleanup());

const KAREN = 'karen@example.com';
const create = (at: string, sla: string, extra: { assign?: string; subject?: string } = {}) =>
  createTicket(d.at(at), { actor: 'john', user: KAREN, subject: extra.subject ?? 'Upgrade Adobe', body: 'Please', sla, assign: extra.assign });
const numbers = (list: { number: string }[]) => list.map((t) => t.number);

/** Gold: 4 business hours on the lab's Business Hours (mon-fri 08:00-17:00 UTC), 1 h first response, pauses. */
async function addGold(): Promise<void> {
  await addSla(d.at('2026-03-02T08:00:00Z'), { actor: 'admin', name: 'Gold', hours: '4', firstResponse: '1', schedule: 'business hours', pauseAwaiting: true });
}

describe('due times and the overdue queue', () => {
  it('Sev-C created Friday 16:00 is due Monday 15:00 and then shows in the overdue queue', async () => {
    const t = await create('2026-03-06T16:00:00Z', 'Sev-C');
    expect(t.due_at).toBe('2026-03-09T15:00:00.000Z');
    const before = await listTickets(d.at('2026-03-09T14:59:00Z'), { actor: 'john', queue: 'overdue' });
    expect(before.tickets).toEqual([]);
    const after = await listTickets(d.at('2026-03-09T15:00:01Z'), { actor: 'john', queue: 'overdue' });
    expect(numbers(after.tickets)).toEqual([t.number]);
    expect(after.tickets[0]!.overdue).toBe(true);
  });

  it('sorts by due time', async () => {
    await create('2026-03-06T16:00:00Z', 'Sev-C');
    await create('2026-03-06T16:05:00Z', 'Sev-A');
    await create('2026-03-06T16:10:00Z', 'Sev-B');
    const list = await listTickets(d.at('2026-03-06T16:20:00Z'), { actor: 'john', sort: 'due' });
    expect(numbers(list.tickets)).toEqual(['100002', '100003', '100001']);
  });
});

describe('pause while awaiting the end user', () => {
  it('stops the clock, never goes overdue while paused, and the end user\'s answer reopens it with the paused time added', async () => {
    await addGold();
    const t = await create('2026-03-02T09:00:00Z', 'Gold', { assign: 'john' });
    expect(t.due_at).toBe('2026-03-02T13:00:00.000Z');
    expect(t.first_response_due_at).toBe('2026-03-02T10:00:00.000Z');
    const asked = await replyTicket(d.at('2026-03-02T10:00:00Z'), { actor: 'john', number: t.number, body: 'Which version?', status: 'awaiting-response' });
    expect(asked.ticket.status).toBe('awaiting-response');
    expect(asked.ticket.first_response_at).toBe('2026-03-02T10:00:00.000Z');

    // Tuesday afternoon: long past the old due time, but the clock is stopped.
    const tuesday = d.at('2026-03-03T16:00:00Z');
    const shown = await showTicket(tuesday, 'john', t.number);
    expect(shown.overdue).toBe(false);
    expect(shown.clock!.state).toBe('paused');
    expect(shown.clock!.business_minutes_left).toBe(180);
    expect((await listTickets(tuesday, { actor: 'john', queue: 'overdue' })).tickets).toEqual([]);
    expect((await slaCheck(tuesday)).breaches).toEqual([]);

    // Karen answers Wednesday 10:00: paused Mon 10-17 (7 h) + Tue (9 h) + Wed 08-10 (2 h) = 18 h.
    const answered = await replyTicket(d.at('2026-03-04T10:00:00Z'), { actor: KAREN, number: t.number, body: 'Version 11' });
    expect(answered.ticket.status).toBe('open');
    expect(answered.ticket.events.at(-1)).toMatchObject({ type: 'status', actor: KAREN, data: { from: 'awaiting-response', to: 'open' } });
    // 4 h + 18 h = 22 business hours from Mon 09:00: Mon 8 h, Tue 9 h, Wed 08:00 + 5 h = 13:00.
    expect(answered.ticket.due_at).toBe('2026-03-04T13:00:00.000Z');
    // Answered before the pause: the first-response due time stays where it was.
    expect(answered.ticket.first_response_due_at).toBe('2026-03-02T10:00:00.000Z');
    const row = (await showTicket(d.at('2026-03-04T10:00:00Z'), 'john', t.number)).clock;
    expect(row).toMatchObject({ state: 'running', paused_at: null, paused_minutes: 1080, business_minutes_left: 180 });
  });

  it('does not pause on a plan without --pause-awaiting', async () => {
    const t = await create('2026-03-06T16:00:00Z', 'Sev-C');
    await setStatus(d.at('2026-03-06T16:30:00Z'), 'john', t.number, 'awaiting-response');
    const later = await showTicket(d.at('2026-03-09T16:00:00Z'), 'john', t.number);
    expect(later.overdue).toBe(true);
    expect(later.clock!.paused_at).toBeNull();
  });

  it('resolving straight from awaiting-response closes the pause before measuring', async () => {
    await addGold();
    const t = await create('2026-03-02T09:00:00Z', 'Gold');
    await setStatus(d.at('2026-03-02T10:00:00Z'), 'john', t.number, 'awaiting-response');
    const done = await setStatus(d.at('2026-03-02T12:00:00Z'), 'john', t.number, 'resolved');
    expect(done.ticket.due_at).toBe('2026-03-02T15:00:00.000Z');
    expect(done.ticket.resolved_at).toBe('2026-03-02T12:00:00.000Z');
  });
});

describe('reopen and plan changes', () => {
  it('a reopen restarts the resolution clock from the reopen time', async () => {
    const t = await create('2026-03-02T09:00:00Z', 'Sev-C');
    await setStatus(d.at('2026-03-02T10:00:00Z'), 'john', t.number, 'resolved');
    const again = await replyTicket(d.at('2026-03-06T16:00:00Z'), { actor: KAREN, number: t.number, body: 'It broke again' });
    expect(again.ticket).toMatchObject({ status: 'open', reopened_count: 1, resolved_at: null, due_at: '2026-03-09T15:00:00.000Z' });
    const clock = (await showTicket(d.at('2026-03-06T16:00:00Z'), 'john', t.number)).clock;
    expect(clock).toMatchObject({ started_at: '2026-03-06T16:00:00.000Z', started_by: 'reopened' });
  });

  it('a plan change recomputes from creation, not from now', async () => {
    const t = await create('2026-03-06T16:00:00Z', 'Default SLA');
    const changed = await changeSla(d.at('2026-03-09T09:00:00Z'), 'john', t.number, 'sev-c');
    expect(changed.ticket.due_at).toBe('2026-03-09T15:00:00.000Z');
    expect(changed.ticket.events.at(-1)).toMatchObject({ type: 'sla', data: { from: 'Default SLA', to: 'Sev-C', due_at: '2026-03-09T15:00:00.000Z' } });
  });

  it('moving a paused ticket to a plan that does not pause closes the pause, keeping the time paused so far', async () => {
    await addGold();
    const t = await create('2026-03-02T09:00:00Z', 'Gold');
    await setStatus(d.at('2026-03-02T10:00:00Z'), 'john', t.number, 'awaiting-response');
    const moved = await changeSla(d.at('2026-03-02T12:00:00Z'), 'john', t.number, 'Sev-C');
    // 8 h + 2 h paused from Mon 09:00 = Tue 10:00.
    expect(moved.ticket.due_at).toBe('2026-03-03T10:00:00.000Z');
    const clock = (await showTicket(d.at('2026-03-02T12:00:00Z'), 'john', t.number)).clock;
    expect(clock).toMatchObject({ state: 'running', paused_at: null, paused_minutes: 120 });
  });
});

describe('sla check', () => {
  it('records one overdue event per breach and alerts the department when unassigned; a second run changes nothing', async () => {
    const t = await create('2026-03-06T16:00:00Z', 'Sev-C');
    const first = await slaCheck(d.at('2026-03-09T16:00:00Z'));
    expect(first).toEqual({
      checked_at: '2026-03-09T16:00:00.000Z',
      breaches: [{
        number: t.number, subject: 'Upgrade Adobe', clock: 'resolution', due_at: '2026-03-09T15:00:00.000Z', overdue_minutes: 60,
        alerted: ['admin@helpdesk.example.com', 'john@helpdesk.example.com'],
      }],
      count: 1,
      omitted: 0,
    });
    const second = await slaCheck(d.at('2026-03-09T17:00:00Z'));
    expect(second.breaches).toEqual([]);
    const shown = await showTicket(d.at('2026-03-09T17:00:00Z'), 'admin', t.number);
    const overdue = shown.events.filter((e) => e.type === 'overdue');
    expect(overdue).toEqual([{
      type: 'overdue', actor: 'system', at: '2026-03-09T16:00:00.000Z',
      data: { clock: 'resolution', due_at: '2026-03-09T15:00:00.000Z', clock_start_at: '2026-03-06T16:00:00.000Z', alerted: ['admin@helpdesk.example.com', 'john@helpdesk.example.com'] },
    }]);
    const mail = await d.store.read((tx) => tx.mail.outbox({}));
    expect(mail.map((m) => [m.kind, m.to_addr, m.subject])).toEqual([
      ['sla-alert', 'admin@helpdesk.example.com', '[SLA] Overdue: Upgrade Adobe [#100001]'],
      ['sla-alert', 'john@helpdesk.example.com', '[SLA] Overdue: Upgrade Adobe [#100001]'],
    ]);
    expect(mail[0]!.body).toContain('Due:       Mon 2026-03-09 15:00 (UTC), overdue by 1h');
  });

  it('alerts use the admin-editable sla-alert template, with the breach details as variables', async () => {
    const { setTemplate } = await import('../../src/desk/mail/templates.js');
    await setTemplate(d.at('2026-03-02T08:00:00Z'), 'admin', 'sla-alert',
      'Hi %{agent.first_name}: #%{ticket.number} broke its %{alert.clock} target (%{alert.plan}), due %{alert.due}, late by %{alert.overdue_by}.');
    await create('2026-03-06T16:00:00Z', 'Sev-C', { assign: 'john' });
    await slaCheck(d.at('2026-03-09T16:30:00Z'));
    const [alert] = await d.store.read((tx) => tx.mail.outbox({}));
    expect(alert).toMatchObject({ kind: 'sla-alert', to_addr: 'john@helpdesk.example.com', subject: '[SLA] Overdue: Upgrade Adobe [#100001]' });
    expect(alert!.body).toBe('Hi John: #100001 broke its resolution target (Sev-C (resolution within 8h on Business Hours)), due Mon 2026-03-09 15:00 (UTC), late by 1h 30m.');
  });

  it('alerts only the assignee; records first-response breaches separately; a reopened ticket can breach again', async () => {
    await addGold();
    const t = await create('2026-03-02T09:00:00Z', 'Gold', { assign: 'jane' });
    const fr = await slaCheck(d.at('2026-03-02T10:30:00Z'));
    expect(fr.breaches.map((b) => [b.clock, b.due_at, b.alerted])).toEqual([['first_response', '2026-03-02T10:00:00.000Z', ['jane@helpdesk.example.com']]]);
    const both = await slaCheck(d.at('2026-03-02T14:00:00Z'));
    expect(both.breaches.map((b) => [b.clock, b.due_at])).toEqual([['resolution', '2026-03-02T13:00:00.000Z']]);
    expect((await slaCheck(d.at('2026-03-02T15:00:00Z'))).breaches).toEqual([]);

    await setStatus(d.at('2026-03-02T15:00:00Z'), 'admin', t.number, 'resolved');
    await setStatus(d.at('2026-03-03T09:00:00Z'), 'admin', t.number, 'open');
    expect((await slaCheck(d.at('2026-03-03T12:00:00Z'))).breaches).toEqual([]);
    const again = await slaCheck(d.at('2026-03-03T13:30:00Z'));
    expect(again.breaches.map((b) => [b.clock, b.due_at])).toEqual([['resolution', '2026-03-03T13:00:00.000Z']]);
    const events = (await showTicket(d.at('2026-03-03T14:00:00Z'), 'admin', t.number)).events.filter((e) => e.type === 'overdue');
    expect(events.map((e) => e.data.clock)).toEqual(['first_response', 'resolution', 'resolution']);
    expect((await d.store.read((tx) => tx.mail.outbox({}))).length).toBe(3);
  });
});

describe('sla status', () => {
  it('lists open tickets the actor may see, overdue first, then by the clock that runs out first, paused last', async () => {
    await addGold();
    const a = await create('2026-03-02T09:00:00Z', 'Sev-C', { subject: 'A' });   // due Mon 17:00
    const b = await create('2026-03-02T09:00:00Z', 'Gold', { subject: 'B' });    // first response 10:00, resolution 13:00
    const c = await create('2026-03-02T08:00:00Z', 'Sev-A', { subject: 'C' });   // due 09:00: overdue at 09:30
    const p = await create('2026-03-02T09:00:00Z', 'Gold', { subject: 'P' });
    await setStatus(d.at('2026-03-02T09:10:00Z'), 'john', p.number, 'awaiting-response');
    await createTicket(d.at('2026-03-02T09:00:00Z'), { actor: 'jane', user: KAREN, subject: 'Banking', body: 'x', dept: 'Online Banking', sla: 'Sev-B' });
    const status = await slaStatus(d.at('2026-03-02T09:30:00Z'), { actor: 'john' });
    expect(status.map((e) => [e.number, e.clock, e.overdue, e.paused, e.minutes_left, e.business_minutes_left])).toEqual([
      [c.number, 'resolution', true, false, -30, -30],
      [b.number, 'first_response', false, false, 30, 30],
      // Awaiting the user pauses only the resolution clock: P's first response runs out at 10:00 like B's.
      [p.number, 'first_response', false, false, 30, 30],
      [a.number, 'resolution', false, false, 450, 450],
    ]);
  });
});

describe('schedules and plans', () => {
  it('adding a holiday moves the due times of open tickets on that schedule', async () => {
    const t = await create('2026-03-06T16:00:00Z', 'Sev-C');
    const other = await create('2026-03-06T16:00:00Z', 'Sev-A');
    const r = await changeHolidays(d.at('2026-03-07T10:00:00Z'), 'admin', 'Business Hours', ['2026-03-09'], 'add');
    expect(r).toEqual({
      schedule: { name: 'Business Hours', hours: 'mon-fri 08:00-17:00', timezone: 'UTC', holidays: ['2026-03-09'], plans: ['Sev-C'] },
      recomputed: 1, unchanged: [],
    });
    const shown = await showTicket(d.at('2026-03-07T10:00:00Z'), 'john', t.number);
    expect(shown.due_at).toBe('2026-03-10T15:00:00.000Z');
    expect((await showTicket(d.at('2026-03-07T10:00:00Z'), 'john', other.number)).due_at).toBe('2026-03-06T17:00:00.000Z');
    const back = await changeHolidays(d.at('2026-03-07T10:00:00Z'), 'admin', 'business hours', ['2026-03-09', '2026-03-10'], 'remove');
    expect(back).toMatchObject({ recomputed: 1, unchanged: ['2026-03-10'] });
  });

  it('stores fractional hours as minutes', async () => {
    await addSla(d.at('2026-03-02T08:00:00Z'), { actor: 'admin', name: 'Quick', hours: '0.5', firstResponse: '0.25' });
    const quick = (await listSla(d.at('2026-03-02T08:00:00Z'), 'john')).find((p) => p.name === 'Quick');
    expect(quick).toEqual({ name: 'Quick', hours: 0.5, minutes: 30, first_response_hours: 0.25, first_response_minutes: 15, schedule: null, pause_awaiting: false });
  });

  it.each<[string, () => Promise<unknown>, new (...a: never[]) => Error, RegExp]>([
    ['overlapping ranges', () => addSchedule(d.at('2026-03-02T08:00:00Z'), { actor: 'admin', name: 'X', hours: 'mon 08:00-12:00,11:00-13:00' }), UsageError, /overlapping/],
    ['unknown zone', () => addSchedule(d.at('2026-03-02T08:00:00Z'), { actor: 'admin', name: 'X', hours: 'mon 08:00-12:00', timezone: 'Mars/Base' }), UsageError, /unknown time zone/],
    ['bad holiday', () => addSchedule(d.at('2026-03-02T08:00:00Z'), { actor: 'admin', name: 'X', hours: 'mon 08:00-12:00', holidays: ['2026-02-30'] }), UsageError, /invalid holiday/],
    ['duplicate schedule', () => addSchedule(d.at('2026-03-02T08:00:00Z'), { actor: 'admin', name: 'business hours', hours: 'mon 08:00-12:00' }), ConflictError, /already exists/],
    ['zero target', () => addSla(d.at('2026-03-02T08:00:00Z'), { actor: 'admin', name: 'Z', hours: '0' }), UsageError, /more than 0/],
    ['first response longer than resolution', () => addSla(d.at('2026-03-02T08:00:00Z'), { actor: 'admin', name: 'Z', hours: '1', firstResponse: '2' }), UsageError, /longer than the resolution/],
    ['unknown schedule', () => addSla(d.at('2026-03-02T08:00:00Z'), { actor: 'admin', name: 'Z', hours: '1', schedule: 'Busness Hours' }), NotFoundError, /no schedule named/],
    ['duplicate plan', () => addSla(d.at('2026-03-02T08:00:00Z'), { actor: 'admin', name: 'sev-a', hours: '1' }), ConflictError, /already exists/],
    ['not an admin', () => addSla(d.at('2026-03-02T08:00:00Z'), { actor: 'john', name: 'Z', hours: '1' }), AccessDeniedError, /only admins/],
    ['end user listing plans', () => listSla(d.at('2026-03-02T08:00:00Z'), KAREN), AccessDeniedError, /only agents/],
  ])('refuses %s and saves nothing', async (_name, fn, type, message) => {
    const before = await d.store.read(async (tx) => JSON.stringify([await tx.sla.schedules(), await tx.sla.slaPlans()]));
    await expect(fn()).rejects.toThrow(type);
    await expect(fn()).rejects.toThrow(message);
    expect(await d.store.read(async (tx) => JSON.stringify([await tx.sla.schedules(), await tx.sla.slaPlans()]))).toBe(before);
  });
});

describe('alert recipients', () => {
  it('a team ticket without an agent alerts the team and the department', async () => {
    const t = await create('2026-03-02T09:00:00Z', 'Sev-A');
    await d.store.write(async (tx) => {
      const team = await tx.org.teamByName('Online Banking Team');
      const row = await tx.tickets.ticketByNumber(t.number);
      await tx.tickets.updateTicket(row!.id, { team_id: team!.id });
    });
    const r = await slaCheck(d.at('2026-03-02T11:00:00Z'));
    expect(r.breaches[0]!.alerted).toEqual(['admin@helpdesk.example.com', 'jane@helpdesk.example.com', 'john@helpdesk.example.com']);
  });
});
