/**
 * The SLA rules of CONTRACT.md ("SLA rules made explicit"), with times worked out by hand on the lab's
 * Business Hours (mon-fri 08:00-17:00 UTC). 2026-03-02 is a Monday.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { addDept, editDept } from '../../src/desk/org/depts.js';
import { addSchedule, changeHolidays } from '../../src/desk/sla/schedules.js';
import { addSla } from '../../src/desk/sla/plans.js';
import { slaCheck } from '../../src/desk/sla/status.js';
import { setStatus } from '../../src/desk/tickets/status.js';
import { replyTicket } from '../../src/desk/tickets/reply.js';
import { changeSla } from '../../src/desk/tickets/sla.js';
import { createTicket } from '../../src/desk/tickets/create.js';
import { showTicket } from '../../src/desk/tickets/show.js';
import { labDesk, type TestDesk } from '../helpers/desk.js';

let d: TestDesk;
beforeEach(async () => {
  d = await labDesk();
});
afterEach(() => d.cleanup());

const KAREN = 'karen@example.com';
const create = (at: string, sla: string) => createTicket(d.at(at), { actor: 'john', user: KAREN, subject: 'VPN', body: 'Please', sla });
const show = async (at: string, n: string) => showTicket(d.at(at), 'john', n);
const plan = (name: string, hours: string, extra: { firstResponse?: string; schedule?: string; pauseAwaiting?: boolean } = {}) =>
  addSla(d.at('2026-03-02T08:00:00Z'), { actor: 'admin', name, hours, ...extra });
const thrown = async (p: Promise<unknown>): Promise<Error> => p.then(() => { throw new Error('expected a refusal'); }, (e: Error) => e);

describe('the first-response clock never pauses', () => {
  it('parking a ticket before any reply neither stops the clock nor undoes a recorded breach', async () => {
    // Gold: 4 h, first response 1 h, on Business Hours, pauses while awaiting the user.
    await plan('Gold', '4', { firstResponse: '1', schedule: 'Business Hours', pauseAwaiting: true });
    const t = await create('2026-03-02T09:00:00Z', 'Gold');
    expect([t.due_at, t.first_response_due_at]).toEqual(['2026-03-02T13:00:00.000Z', '2026-03-02T10:00:00.000Z']);
    await setStatus(d.at('2026-03-02T09:10:00Z'), 'john', t.number, 'awaiting-response');

    // 10:30, still awaiting the user: the first response was due at 10:00 and is overdue.
    const check = await slaCheck(d.at('2026-03-02T10:30:00Z'));
    expect(check.breaches.map((b) => [b.number, b.clock, b.due_at])).toEqual([[t.number, 'first_response', '2026-03-02T10:00:00.000Z']]);
    expect((await show('2026-03-02T10:30:00Z', t.number)).clock!.first_response).toMatchObject({ overdue: true });

    // The user answers at 11:10: only the resolution clock was paused (09:10-11:10, 2 h) → 13:00 + 2 h.
    const back = await replyTicket(d.at('2026-03-02T11:10:00Z'), { actor: KAREN, number: t.number, body: 'here' });
    expect([back.ticket.due_at, back.ticket.first_response_due_at]).toEqual(['2026-03-02T15:00:00.000Z', '2026-03-02T10:00:00.000Z']);
    // Recorded once; still a breach.
    expect((await slaCheck(d.at('2026-03-02T11:20:00Z'))).breaches).toEqual([]);
    const shown = await show('2026-03-02T11:20:00Z', t.number);
    expect(shown.events.filter((e) => e.type === 'overdue')).toHaveLength(1);
    expect(shown.clock!.first_response).toMatchObject({ due_at: '2026-03-02T10:00:00.000Z', overdue: true });
  });
});

describe('settled targets never move', () => {
  it('a recorded resolution breach stays when a holiday is added under it', async () => {
    // Sev-C: 8 h on Business Hours. Created Mon 09:00 → due Mon 17:00; recorded overdue on Tuesday.
    const t = await create('2026-03-02T09:00:00Z', 'Sev-C');
    expect(t.due_at).toBe('2026-03-02T17:00:00.000Z');
    expect((await slaCheck(d.at('2026-03-03T09:00:00Z'))).breaches).toHaveLength(1);
    // Monday made a holiday after the fact would put it at Tue 16:00: the breach is kept instead.
    await changeHolidays(d.at('2026-03-03T09:30:00Z'), 'admin', 'Business Hours', ['2026-03-02'], 'add');
    const shown = await show('2026-03-03T09:30:00Z', t.number);
    expect([shown.due_at, shown.overdue]).toEqual(['2026-03-02T17:00:00.000Z', true]);
  });

  it('a first response met stays met when the plan changes; resolution counts again from the start', async () => {
    await plan('Gold', '4', { firstResponse: '1', schedule: 'Business Hours' });
    await plan('Silver', '8', { firstResponse: '0.25', schedule: 'Business Hours' });
    const t = await create('2026-03-02T09:00:00Z', 'Gold');
    await replyTicket(d.at('2026-03-02T09:30:00Z'), { actor: 'john', number: t.number, body: 'On it' }); // met (due 10:00)
    const moved = await changeSla(d.at('2026-03-02T11:00:00Z'), 'john', t.number, 'Silver');
    // Silver's 15 minutes would have made it a miss at 09:15: the met target stays at 10:00.
    expect(moved.ticket.first_response_due_at).toBe('2026-03-02T10:00:00.000Z');
    // Resolution: Mon 09:00 + 8 h of business time = Mon 17:00.
    expect(moved.ticket.due_at).toBe('2026-03-02T17:00:00.000Z');
  });

  it('a first response missed (not yet recorded) stays missed when a holiday is added', async () => {
    await plan('Gold', '4', { firstResponse: '1', schedule: 'Business Hours' });
    const t = await create('2026-03-06T16:30:00Z', 'Gold'); // Fri 16:30 → first response Mon 08:30
    expect(t.first_response_due_at).toBe('2026-03-09T08:30:00.000Z');
    await changeHolidays(d.at('2026-03-09T09:00:00Z'), 'admin', 'Business Hours', ['2026-03-09'], 'add');
    expect((await show('2026-03-09T09:00:00Z', t.number)).first_response_due_at).toBe('2026-03-09T08:30:00.000Z');
  });
});

describe('a holiday over a finished pause', () => {
  it('keeps the paused minutes right (the due time does not end a business day late)', async () => {
    await plan('Gold', '4', { firstResponse: '1', schedule: 'Business Hours', pauseAwaiting: true });
    const t = await create('2026-03-02T09:00:00Z', 'Gold'); // due Mon 13:00
    await replyTicket(d.at('2026-03-02T09:30:00Z'), { actor: 'john', number: t.number, body: 'Which version?', status: 'awaiting-response' });
    // Paused Mon 09:30 → Wed 09:30: Mon 7.5 h + Tue 9 h + Wed 1.5 h = 18 h. 4 h + 18 h = 22 h from Mon 09:00:
    // Mon 8 h, Tue 9 h, Wed 08:00 + 5 h = Wed 13:00.
    const back = await replyTicket(d.at('2026-03-04T09:30:00Z'), { actor: KAREN, number: t.number, body: '11.2' });
    expect(back.ticket.due_at).toBe('2026-03-04T13:00:00.000Z');
    // Tuesday becomes a holiday: the pause was Mon 7.5 h + Wed 1.5 h = 9 h; 4 h + 9 h = 13 h from Mon 09:00:
    // Mon 8 h, (Tue closed), Wed 08:00 + 5 h = Wed 13:00 still — not Thu 13:00.
    await changeHolidays(d.at('2026-03-04T10:00:00Z'), 'admin', 'Business Hours', ['2026-03-03'], 'add');
    const shown = await show('2026-03-04T10:00:00Z', t.number);
    expect(shown.due_at).toBe('2026-03-04T13:00:00.000Z');
    expect(shown.clock!.paused_minutes).toBe(540);
  });
});

describe('a plan change counts from the clock\'s start', () => {
  it('from the last reopen, not from creation or from now', async () => {
    const t = await create('2026-03-02T09:00:00Z', 'Default SLA'); // 18 h 24/7 → Tue 03:00
    await setStatus(d.at('2026-03-02T10:00:00Z'), 'john', t.number, 'resolved');
    const reopened = await setStatus(d.at('2026-03-02T12:00:00Z'), 'john', t.number, 'open');
    expect(reopened.ticket.due_at).toBe('2026-03-03T06:00:00.000Z'); // 12:00 + 18 h
    const moved = await changeSla(d.at('2026-03-02T13:00:00Z'), 'john', t.number, 'Sev-B');
    expect(moved.ticket.due_at).toBe('2026-03-02T16:00:00.000Z'); // 12:00 + 4 h
  });

  it('with paused time measured again on the new plan\'s schedule', async () => {
    await plan('Gold', '4', { schedule: 'Business Hours', pauseAwaiting: true });
    await plan('Round', '4', { pauseAwaiting: true });
    const t = await create('2026-03-02T16:00:00Z', 'Gold');
    await setStatus(d.at('2026-03-02T16:30:00Z'), 'john', t.number, 'awaiting-response');
    // Paused Mon 16:30 → Tue 09:00: on Business Hours that is 30 m + 1 h = 90 business minutes.
    const back = await setStatus(d.at('2026-03-03T09:00:00Z'), 'john', t.number, 'open');
    expect(back.ticket.due_at).toBe('2026-03-03T12:30:00.000Z'); // Mon 16-17 (1 h) + Tue 08:00 + 3 h + 1.5 h
    // Round the clock the same pause is 16.5 h: Mon 16:00 + 4 h + 16.5 h = Tue 12:30.
    const moved = await changeSla(d.at('2026-03-03T10:00:00Z'), 'john', t.number, 'Round');
    // (Kept at 90 minutes, as before this rule, it would be Mon 21:30.)
    expect(moved.ticket.due_at).toBe('2026-03-03T12:30:00.000Z');
    expect((await show('2026-03-03T10:00:00Z', t.number)).clock!.paused_minutes).toBe(990);
  });
});

describe('plans that can be met', () => {
  beforeEach(async () => {
    // One hour a week: at most 52 hours in any year.
    await addSchedule(d.at('2026-03-02T08:00:00Z'), { actor: 'admin', name: 'Tiny', hours: 'mon 08:00-09:00' });
  });

  it('sla add refuses a target a year of the schedule cannot hold (exit 2)', async () => {
    const e = await thrown(plan('Huge', '60', { schedule: 'Tiny' }));
    expect(e).toBeInstanceOf(UsageError);
    expect(e.message).toBe("SLA plan 'Huge' cannot be met: 60h of business time is more than a year of Tiny holds (52h: mon 08:00-09:00)");
    expect(await thrown(plan('Slow reply', '10', { schedule: 'Tiny', firstResponse: '53' }))).toBeInstanceOf(UsageError);
    await plan('Edge', '52', { schedule: 'Tiny' });
  });

  it('a holiday that would leave a plan unreachable is refused', async () => {
    await plan('Edge', '52', { schedule: 'Tiny' });
    const e = await thrown(changeHolidays(d.at('2026-03-02T08:00:00Z'), 'admin', 'Tiny', ['2026-03-09'], 'add'));
    expect(e).toBeInstanceOf(UsageError);
    expect(e.message).toMatch(/SLA plan 'Edge' cannot be met: 52h .* \(51h: mon 08:00-09:00, less its holidays\)/);
  });

  it('a department default that could never be met cannot be set', async () => {
    // A plan from before this rule (written straight into the store).
    const tiny = await d.store.read(async (tx) => (await tx.sla.scheduleByName('Tiny'))!.id);
    await d.store.write(async (tx) => tx.sla.insertSla({ name: 'Ancient', minutes: 100 * 60, firstResponseMinutes: null, pauseAwaiting: false, scheduleId: tiny }));
    const at = d.at('2026-03-02T08:00:00Z');
    expect(await thrown(addDept(at, 'admin', 'Payroll', 'Ancient'))).toBeInstanceOf(UsageError);
    expect(await thrown(editDept(at, { actor: 'admin', dept: 'Support', sla: 'Ancient' }))).toBeInstanceOf(UsageError);
  });
});
