/**
 * Editing plans and schedules that tickets already use: open tickets' due times follow;
 * a target already met or missed, and a recorded breach, never move.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, UsageError } from '../../src/core/errors.js';
import { addSchedule, listSchedules } from '../../src/desk/sla/schedules.js';
import { addSla } from '../../src/desk/sla/plans.js';
import { editSchedule, editSla, removeSchedule } from '../../src/desk/sla/edit.js';
import { slaCheck } from '../../src/desk/sla/status.js';
import { setStatus } from '../../src/desk/tickets/status.js';
import { replyTicket } from '../../src/desk/tickets/reply.js';
import { createTicket } from '../../src/desk/tickets/create.js';
import { showTicket } from '../../src/desk/tickets/show.js';
import { labDesk, type TestDesk } from '../helpers/desk.js';

let d: TestDesk;
beforeEach(async () => {
  d = await labDesk();
});
afterEach(() => d.cleanup());

const create = async (at: string, sla: string) =>
  (await createTicket(d.at(at), { actor: 'john', user: 'karen@example.com', subject: 'VPN', body: 'down', sla })).number;
const show = (n: string, at = '2026-03-02T16:00:00Z') => showTicket(d.at(at), 'john', n);

describe('sla edit', () => {
  it('refuses a plan or schedule that could never be met, changing nothing', async () => {
    // Business Hours give 45 h a week, about 2,340 h a year: 3,000 business hours cannot be reached.
    await expect(editSla(d.at('2026-03-02T09:00:00Z'), { actor: 'admin', name: 'Sev-C', hours: '3000' })).rejects.toThrow(UsageError);
    // One minute a week is 52 minutes a year: Sev-C's 8 hours could never be met on it.
    await expect(editSchedule(d.at('2026-03-02T09:00:00Z'), { actor: 'admin', name: 'Business Hours', hours: 'sat 08:00-08:01' }))
      .rejects.toThrow(UsageError);
    const n = await create('2026-03-02T08:00:00Z', 'Sev-C');
    expect((await show(n)).due_at).toBe('2026-03-02T16:00:00.000Z');
    expect((await listSchedules(d.at('2026-03-02T09:00:00Z'), 'admin')).find((x) => x.name === 'Business Hours')).toMatchObject({ hours: 'mon-fri 08:00-17:00' });
  });

  it('on a ticket that already breached: the breach and its due time stay; an open ticket follows', async () => {
    // Sev-C: 8 business hours on mon-fri 08:00-17:00 UTC.
    const breached = await create('2026-03-02T08:00:00Z', 'Sev-C'); // due Mon 16:00
    const missedUnrecorded = await create('2026-03-02T08:30:00Z', 'Sev-C'); // due Mon 16:30
    const running = await create('2026-03-02T10:00:00Z', 'Sev-C'); // due Mon 17:00 + 1h → Tue 09:00
    const resolved = await create('2026-03-02T09:00:00Z', 'Sev-C');
    await setStatus(d.at('2026-03-02T12:00:00Z'), 'john', resolved, 'resolved');
    expect((await slaCheck(d.at('2026-03-02T16:10:00Z'))).breaches.map((b) => b.number)).toEqual([breached]);
    const at = d.at('2026-03-02T16:40:00Z');
    const result = await editSla(at, { actor: 'admin', name: 'sev-c', hours: '16' });
    expect(result.view).toMatchObject({ name: 'Sev-C', minutes: 960, schedule: 'Business Hours' });
    expect(result.recomputed).toBe(1);
    expect((await show(breached)).due_at).toBe('2026-03-02T16:00:00.000Z');
    expect((await show(missedUnrecorded)).due_at).toBe('2026-03-02T16:30:00.000Z');
    expect((await show(running)).due_at).toBe('2026-03-03T17:00:00.000Z');
    expect((await show(resolved)).due_at).toBe('2026-03-02T17:00:00.000Z');
    // The breach stays recorded and is not recorded again.
    expect((await show(breached)).events.filter((e) => e.type === 'overdue').length).toBe(1);
    expect((await slaCheck(d.at('2026-03-02T16:41:00Z'))).breaches.map((b) => b.number)).toEqual([missedUnrecorded]);
  });

  it('an answered first-response target keeps its due time; an unanswered one follows', async () => {
    await addSla(d.at('2026-03-02T08:00:00Z'), { actor: 'admin', name: 'Gold', hours: '8', firstResponse: '2', schedule: 'Business Hours' });
    const answered = await create('2026-03-02T09:00:00Z', 'Gold');
    const waiting = await create('2026-03-02T09:00:00Z', 'Gold');
    await replyTicket(d.at('2026-03-02T09:30:00Z'), { actor: 'john', number: answered, body: 'Looking' });
    const r = await editSla(d.at('2026-03-02T09:40:00Z'), { actor: 'admin', name: 'Gold', firstResponse: '1' });
    expect(r.recomputed).toBe(1);
    expect((await show(answered)).first_response_due_at).toBe('2026-03-02T11:00:00.000Z');
    expect((await show(waiting)).first_response_due_at).toBe('2026-03-02T10:00:00.000Z');
    const none = await editSla(d.at('2026-03-02T09:45:00Z'), { actor: 'admin', name: 'Gold', firstResponse: 'none' });
    expect(none.view.first_response_minutes).toBeNull();
    expect((await show(waiting)).first_response_due_at).toBeNull();
  });

  it('--no-pause-awaiting closes a running pause (its paused time kept); --schedule none counts 24/7', async () => {
    await addSla(d.at('2026-03-02T08:00:00Z'), { actor: 'admin', name: 'Gold', hours: '4', schedule: 'Business Hours', pauseAwaiting: true });
    const n = await create('2026-03-02T09:00:00Z', 'Gold'); // due 13:00
    await setStatus(d.at('2026-03-02T10:00:00Z'), 'john', n, 'awaiting-response');
    await editSla(d.at('2026-03-02T11:00:00Z'), { actor: 'admin', name: 'Gold', pauseAwaiting: false });
    const t = await show(n, '2026-03-02T11:00:00Z');
    expect(t.clock!.state).toBe('running');
    expect(t.due_at).toBe('2026-03-02T14:00:00.000Z');
    await editSla(d.at('2026-03-02T11:30:00Z'), { actor: 'admin', name: 'Gold', schedule: 'none' });
    expect((await show(n, '2026-03-02T11:30:00Z')).due_at).toBe('2026-03-02T14:00:00.000Z');
    await editSla(d.at('2026-03-02T11:30:00Z'), { actor: 'admin', name: 'Gold', hours: '24' });
    expect((await show(n, '2026-03-02T11:30:00Z')).due_at).toBe('2026-03-03T10:00:00.000Z');
  });

  it('refuses bad input and non-admins, changing nothing', async () => {
    await expect(editSla(d.at('2026-03-02T09:00:00Z'), { actor: 'admin', name: 'Sev-C' })).rejects.toThrow(UsageError);
    await expect(editSla(d.at('2026-03-02T09:00:00Z'), { actor: 'admin', name: 'Sev-C', firstResponse: '9' })).rejects.toThrow(/longer than the resolution/);
    await expect(editSla(d.at('2026-03-02T09:00:00Z'), { actor: 'admin', name: 'Nope', hours: '1' })).rejects.toMatchObject({ code: 3 });
    await expect(editSla(d.at('2026-03-02T09:00:00Z'), { actor: 'john', name: 'Sev-C', hours: '1' })).rejects.toMatchObject({ code: 4 });
  });
});

describe('schedule edit and remove', () => {
  it("a new time zone moves open tickets' due times", async () => {
    const n = await create('2026-03-02T09:00:00Z', 'Sev-C'); // due Mon 17:00 UTC
    const r = await editSchedule(d.at('2026-03-02T10:00:00Z'), { actor: 'admin', name: 'business hours', timezone: 'America/New_York' });
    expect(r.view).toMatchObject({ name: 'Business Hours', timezone: 'America/New_York', plans: ['Sev-C'] });
    expect(r.recomputed).toBe(1);
    // 08:00-17:00 New York (UTC-5): Mon 13:00-22:00 UTC counts 8h from 13:00 → 21:00 UTC.
    expect((await show(n)).due_at).toBe('2026-03-02T21:00:00.000Z');
    const h = await editSchedule(d.at('2026-03-02T10:00:00Z'), { actor: 'admin', name: 'Business Hours', hours: 'mon-sun 00:00-24:00' });
    expect(h.view.hours).toMatch(/mon-sun|mon-fri/);
    expect((await show(n)).due_at).toBe('2026-03-02T17:00:00.000Z');
  });

  it('refuses to remove a schedule a plan uses (exit 5), removes an unused one', async () => {
    await expect(removeSchedule(d.at('2026-03-02T09:00:00Z'), 'admin', 'Business Hours')).rejects.toThrow(ConflictError);
    await addSchedule(d.at('2026-03-02T09:00:00Z'), { actor: 'admin', name: 'Night', hours: 'mon-fri 22:00-24:00' });
    await removeSchedule(d.at('2026-03-02T09:00:00Z'), 'admin', 'night');
    expect((await listSchedules(d.at('2026-03-02T09:00:00Z'), 'admin')).map((s) => s.name)).toEqual(['Business Hours']);
  });
});
