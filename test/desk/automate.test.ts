/**
 * `automate run` with a frozen clock on both sides of every threshold, each run twice to
 * show a second run changes nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { automateRun, type AutomateResult } from '../../src/desk/automate.js';
import { setConfig } from '../../src/desk/config.js';
import { addSla } from '../../src/desk/sla/plans.js';
import { slaStatus } from '../../src/desk/sla/status.js';
import { setStatus } from '../../src/desk/tickets/status.js';
import { replyTicket } from '../../src/desk/tickets/reply.js';
import { createTicket } from '../../src/desk/tickets/create.js';
import { showTicket } from '../../src/desk/tickets/show.js';
import { labDesk, type TestDesk } from '../helpers/desk.js';

let d: TestDesk;
beforeEach(async () => {
  d = await labDesk();
  await setConfig(d.at('2026-03-02T08:00:00Z'), 'admin', 'mail.from', 'Help Desk <help@example.com>');
});
afterEach(() => d.cleanup());

const KAREN = 'karen@example.com';
const run = (at: string, dryRun = false) => automateRun(d.at(at), { dryRun });
const config = (key: string, value: string) => setConfig(d.at('2026-03-02T08:00:00Z'), 'admin', key, value);
const create = async (at: string, sla = 'Sev-C') =>
  (await createTicket(d.at(at), { actor: 'john', user: KAREN, subject: 'Printer', body: 'Broken', sla, assign: 'john' })).number;
const events = async (n: string, type: string) =>
  (await showTicket(d.at('2026-04-01T00:00:00Z'), 'john', n)).events.filter((e) => e.type === type);
const nothing = (r: AutomateResult) => expect(r.counts).toEqual({ breaches: 0, closed: 0, reminded: 0, warnings: 0 });
/** Nothing closed, reminded or warned (the ticket's own SLA breach, recorded by sla check, aside). */
const quiet = (r: AutomateResult) => expect({ ...r.counts, breaches: 0 }).toEqual({ breaches: 0, closed: 0, reminded: 0, warnings: 0 });
const outboxKinds = async () => (await d.store.read((tx) => tx.mail.outbox({}))).map((m) => `${m.kind}:${m.to_addr}`);

describe('closing resolved tickets (ticket.autoclose_after, default 7d)', () => {
  it('closes a resolved ticket 7 days after it was resolved, once, with an event naming the rule', async () => {
    const n = await create('2026-03-02T09:00:00Z');
    await setStatus(d.at('2026-03-02T10:00:00Z'), 'john', n, 'resolved');
    nothing(await run('2026-03-09T09:59:59Z'));
    const dry = await run('2026-03-09T10:00:00Z', true);
    expect(dry.closed.map((c) => c.number)).toEqual([n]);
    expect((await showTicket(d.at('2026-03-09T10:00:00Z'), 'john', n)).status).toBe('resolved');
    const first = await run('2026-03-09T10:00:00Z');
    expect(first.closed).toEqual([{ number: n, subject: 'Printer', from: 'resolved', rule: 'ticket.autoclose_after' }]);
    nothing(await run('2026-03-09T10:00:00Z'));
    nothing(await run('2026-03-20T10:00:00Z'));
    const t = await showTicket(d.at('2026-03-20T10:00:00Z'), 'john', n);
    expect(t.status).toBe('closed');
    expect(t.closed_at).toBe('2026-03-09T10:00:00.000Z');
    expect(t.resolved_at).toBe('2026-03-02T10:00:00.000Z');
    const closes = await events(n, 'status');
    expect(closes.at(-1)).toMatchObject({ actor: 'system', data: { from: 'resolved', to: 'closed', rule: 'ticket.autoclose_after' } });
  });

  it("an end user's answer to a resolved ticket reopens it, so it is not closed", async () => {
    const n = await create('2026-03-02T09:00:00Z');
    await setStatus(d.at('2026-03-02T10:00:00Z'), 'john', n, 'resolved');
    await replyTicket(d.at('2026-03-08T10:00:00Z'), { actor: KAREN, number: n, body: 'Still broken' });
    quiet(await run('2026-03-09T10:00:00Z'));
    expect((await showTicket(d.at('2026-03-09T10:00:00Z'), 'john', n)).status).toBe('open');
  });

  it('off disables it; another duration moves the threshold', async () => {
    const n = await create('2026-03-02T09:00:00Z');
    await setStatus(d.at('2026-03-02T10:00:00Z'), 'john', n, 'resolved');
    await config('ticket.autoclose_after', 'off');
    nothing(await run('2026-04-01T00:00:00Z'));
    await config('ticket.autoclose_after', '36h');
    nothing(await run('2026-03-03T21:59:00Z'));
    expect((await run('2026-03-03T22:00:00Z')).counts.closed).toBe(1);
  });

  it('refuses a setting that is not a duration', async () => {
    await expect(config('ticket.autoclose_after', 'weekly')).rejects.toThrow(/not a duration/);
    await expect(config('sla.warn_before', '150%')).rejects.toThrow(/between 0% and 100%/);
  });
});

describe('tickets awaiting the end user (ticket.remind_after, ticket.close_awaiting_after)', () => {
  beforeEach(async () => {
    await config('ticket.remind_after', '2d');
    await config('ticket.close_awaiting_after', '5d');
  });

  const ask = (n: string, at: string) => replyTicket(d.at(at), { actor: 'john', number: n, body: 'Which model?', status: 'awaiting-response' });

  it('are off by default', async () => {
    await config('ticket.remind_after', 'off');
    await config('ticket.close_awaiting_after', 'off');
    const n = await create('2026-03-02T09:00:00Z');
    await ask(n, '2026-03-02T10:00:00Z');
    quiet(await run('2026-03-31T10:00:00Z'));
  });

  it('reminds once after 2 days of waiting and closes after 5, counted from when the wait began', async () => {
    const n = await create('2026-03-02T09:00:00Z');
    await ask(n, '2026-03-02T10:00:00Z');
    quiet(await run('2026-03-04T09:59:00Z'));
    const reminded = await run('2026-03-04T10:00:00Z');
    expect(reminded.reminded).toEqual([{
      number: n, subject: 'Printer', to: KAREN, waiting_since: '2026-03-02T10:00:00.000Z', rule: 'ticket.remind_after',
    }]);
    expect(await outboxKinds()).toContain(`reminder:${KAREN}`);
    quiet(await run('2026-03-04T10:00:00Z'));
    quiet(await run('2026-03-07T09:59:00Z'));
    expect((await events(n, 'reminded')).length).toBe(1);
    const closed = await run('2026-03-07T10:00:00Z');
    expect(closed.closed).toEqual([{ number: n, subject: 'Printer', from: 'awaiting-response', rule: 'ticket.close_awaiting_after' }]);
    quiet(await run('2026-03-07T10:00:00Z'));
    expect((await showTicket(d.at('2026-03-08T00:00:00Z'), 'john', n)).status).toBe('closed');
  });

  it("an end user's answer cancels the pending close; a new wait is counted afresh and reminded again", async () => {
    const n = await create('2026-03-02T09:00:00Z');
    await ask(n, '2026-03-02T10:00:00Z');
    expect((await run('2026-03-04T10:00:00Z')).counts.reminded).toBe(1);
    await replyTicket(d.at('2026-03-05T10:00:00Z'), { actor: KAREN, number: n, body: 'An HP 4000' });
    quiet(await run('2026-03-07T10:00:00Z'));
    await ask(n, '2026-03-07T10:00:00Z');
    quiet(await run('2026-03-09T09:59:00Z'));
    expect((await run('2026-03-09T10:00:00Z')).counts.reminded).toBe(1);
    expect((await run('2026-03-12T10:00:00Z')).counts.closed).toBe(1);
    expect((await events(n, 'reminded')).map((e) => (e.data as { waiting_since: string }).waiting_since)).toEqual([
      '2026-03-02T10:00:00.000Z', '2026-03-07T10:00:00.000Z',
    ]);
  });
});

describe('SLA warnings (sla.warn_before)', () => {
  it('warns the assignee once when 30 business minutes are left, shows it in sla status, and not again', async () => {
    await config('sla.warn_before', '30m');
    // Sev-C: 8 business hours on mon-fri 08:00-17:00 → created Mon 09:00, due Mon 17:00.
    const n = await create('2026-03-02T09:00:00Z');
    nothing(await run('2026-03-02T16:29:00Z'));
    const warned = await run('2026-03-02T16:30:00Z');
    expect(warned.warnings).toEqual([{
      number: n, subject: 'Printer', clock: 'resolution', due_at: '2026-03-02T17:00:00.000Z',
      business_minutes_left: 30, alerted: ['john@helpdesk.example.com'], rule: 'sla.warn_before',
    }]);
    expect(await outboxKinds()).toContain('sla-warning:john@helpdesk.example.com');
    nothing(await run('2026-03-02T16:45:00Z'));
    const status = await slaStatus(d.at('2026-03-02T16:45:00Z'), { actor: 'john' });
    expect(status.find((e) => e.number === n)?.warned_at).toBe('2026-03-02T16:30:00.000Z');
    // Past due: the breach is sla check's, recorded once through automate run; no second warning.
    const late = await run('2026-03-02T17:01:00Z');
    expect(late.counts).toEqual({ breaches: 1, closed: 0, reminded: 0, warnings: 0 });
    nothing(await run('2026-03-02T17:01:00Z'));
  });

  it('75% warns when three quarters of the target have elapsed, per clock, and a reopen starts a new clock', async () => {
    await config('sla.warn_before', '75%');
    await addSla(d.at('2026-03-02T08:00:00Z'), { actor: 'admin', name: 'Gold', hours: '8', firstResponse: '2', schedule: 'business hours' });
    const n = await create('2026-03-02T09:00:00Z', 'Gold');
    nothing(await run('2026-03-02T10:29:00Z'));
    expect((await run('2026-03-02T10:30:00Z')).warnings.map((w) => w.clock)).toEqual(['first_response']);
    await replyTicket(d.at('2026-03-02T10:45:00Z'), { actor: 'john', number: n, body: 'On it' });
    nothing(await run('2026-03-02T14:59:00Z'));
    expect((await run('2026-03-02T15:00:00Z')).warnings.map((w) => w.clock)).toEqual(['resolution']);
    nothing(await run('2026-03-02T15:00:00Z'));
    await setStatus(d.at('2026-03-02T16:00:00Z'), 'john', n, 'resolved');
    await setStatus(d.at('2026-03-03T08:00:00Z'), 'john', n, 'open');
    nothing(await run('2026-03-03T13:59:00Z'));
    expect((await run('2026-03-03T14:00:00Z')).warnings.map((w) => w.clock)).toEqual(['resolution']);
    expect((await events(n, 'warning')).length).toBe(3);
  });

  it('looks far enough ahead on a business-hours plan: 30 business minutes before a Monday due time is Friday 16:50', async () => {
    await config('sla.warn_before', '30m');
    // Sev-C, mon-fri 08:00-17:00: created Fri 09:20 → 7 h 40 m on Friday, 20 m on Monday → due Mon 08:20.
    const n = await create('2026-03-06T09:20:00Z');
    nothing(await run('2026-03-06T16:49:00Z'));
    const w = await run('2026-03-06T16:50:00Z');
    expect(w.warnings.map((x) => [x.number, x.due_at, x.business_minutes_left])).toEqual([[n, '2026-03-09T08:20:00.000Z', 30]]);
    nothing(await run('2026-03-09T08:00:00Z'));
  });

  it('75% counts the time the clock ran, not the time it stood still', async () => {
    await config('sla.warn_before', '75%');
    await addSla(d.at('2026-03-02T08:00:00Z'), { actor: 'admin', name: 'Pausing', hours: '8', pauseAwaiting: true });
    const n = await create('2026-03-02T09:00:00Z', 'Pausing');
    // Runs 09:00-10:00 (1 h), stands still 10:00-14:00 while awaiting the user, runs again: due 21:00.
    await setStatus(d.at('2026-03-02T10:00:00Z'), 'john', n, 'awaiting-response');
    nothing(await run('2026-03-02T12:00:00Z'));
    await setStatus(d.at('2026-03-02T14:00:00Z'), 'john', n, 'in-progress');
    // 18:30 is 5 h 30 m of clock (69%); 19:00 is 6 h (75%), two hours before the due time.
    nothing(await run('2026-03-02T18:30:00Z'));
    const w = await run('2026-03-02T19:00:00Z');
    expect(w.warnings.map((x) => [x.number, x.clock, x.due_at, x.business_minutes_left])).toEqual([[n, 'resolution', '2026-03-02T21:00:00.000Z', 120]]);
  });

  it('is off by default', async () => {
    await create('2026-03-02T09:00:00Z');
    nothing(await run('2026-03-02T16:45:00Z'));
  });
});
