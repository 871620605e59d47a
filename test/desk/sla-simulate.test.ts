/**
 * `sla simulate`: figures hand-computed on a small fixture, and simulating the plan the
 * tickets already have reproduces `report` and their due times exactly. Nothing is changed.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildReport } from '../../src/desk/report.js';
import { addSla } from '../../src/desk/sla/plans.js';
import { simulateSla } from '../../src/desk/sla/simulate.js';
import { setStatus } from '../../src/desk/tickets/status.js';
import { replyTicket } from '../../src/desk/tickets/reply.js';
import { createTicket } from '../../src/desk/tickets/create.js';
import { labDesk, type TestDesk } from '../helpers/desk.js';

let d: TestDesk;
beforeEach(async () => {
  d = await labDesk();
});
afterEach(() => d.cleanup());

const create = async (at: string, sla: string, subject: string) =>
  (await createTicket(d.at(at), { actor: 'john', user: 'karen@example.com', subject, body: 'x', sla })).number;
const resolve = (n: string, at: string) => setStatus(d.at(at), 'john', n, 'resolved');
const reply = (n: string, at: string, status?: 'awaiting-response') => replyTicket(d.at(at), { actor: 'john', number: n, body: 'ok', status });

it('hand-computed: Sev-C/Sev-B tickets replayed under Gold (2 business hours, first response 1 h)', async () => {
  await addSla(d.at('2026-03-02T08:00:00Z'), { actor: 'admin', name: 'Gold', hours: '2', firstResponse: '1', schedule: 'Business Hours' });
  // Business Hours: mon-fri 08:00-17:00 UTC. Monday 2026-03-02.
  const a = await create('2026-03-02T09:00:00Z', 'Sev-C', 'A'); // due 17:00; Gold: due 11:00, first response 10:00
  await reply(a, '2026-03-02T09:30:00Z');
  await resolve(a, '2026-03-02T16:00:00Z'); // met; under Gold: missed (answered in time)
  const b = await create('2026-03-02T09:00:00Z', 'Sev-C', 'B');
  await resolve(b, '2026-03-03T10:00:00Z'); // missed both ways
  const c = await create('2026-03-02T09:00:00Z', 'Sev-B', 'C'); // 4 h 24/7: due 13:00
  await resolve(c, '2026-03-02T12:00:00Z'); // met; under Gold: missed
  const dd = await create('2026-03-02T09:00:00Z', 'Sev-C', 'D');
  await resolve(dd, '2026-03-02T10:30:00Z'); // met both ways
  const e = await create('2026-03-03T09:00:00Z', 'Sev-B', 'E'); // open, unanswered: due 13:00; Gold: first response 10:00
  const sim = await simulateSla(d.at('2026-03-03T10:30:00Z'), { actor: 'john', plan: 'gold' });
  expect(sim.actual).toEqual({ tickets: 5, breaches: 1, sla_compliance_pct: 75, first_response_compliance_pct: null });
  expect(sim.simulated).toEqual({ tickets: 5, breaches: 4, sla_compliance_pct: 25, first_response_compliance_pct: 100 });
  expect(sim.changed).toEqual([a, c, e]);
  const byNumber = new Map(sim.tickets.map((t) => [t.number, t]));
  expect(byNumber.get(a)!.simulated).toEqual({
    due_at: '2026-03-02T11:00:00.000Z', first_response_due_at: '2026-03-02T10:00:00.000Z', met: false, first_response_met: true, breached: true,
  });
  expect(byNumber.get(e)!.actual).toMatchObject({ due_at: '2026-03-03T13:00:00.000Z', breached: false });
  expect(byNumber.get(e)!.simulated).toMatchObject({ first_response_due_at: '2026-03-03T10:00:00.000Z', breached: true });
  // A window: only Monday's tickets.
  const monday = await simulateSla(d.at('2026-03-03T10:30:00Z'), { actor: 'john', plan: 'Gold', since: '2026-03-02', until: '2026-03-02' });
  expect(monday.tickets.map((t) => t.number)).toEqual([a, b, c, dd]);
});

it("simulating the tickets' own plan reproduces report and every due time, pauses and reopens included", async () => {
  await addSla(d.at('2026-03-02T08:00:00Z'), { actor: 'admin', name: 'Gold', hours: '4', firstResponse: '1', schedule: 'Business Hours', pauseAwaiting: true });
  const p = await create('2026-03-02T09:00:00Z', 'Gold', 'paused');
  await reply(p, '2026-03-02T09:30:00Z', 'awaiting-response');
  await replyTicket(d.at('2026-03-03T09:00:00Z'), { actor: 'karen@example.com', number: p, body: 'here' });
  await resolve(p, '2026-03-03T10:00:00Z');
  const r = await create('2026-03-02T10:00:00Z', 'Gold', 'reopened');
  await resolve(r, '2026-03-02T11:00:00Z');
  await setStatus(d.at('2026-03-04T09:00:00Z'), 'john', r, 'open');
  await reply(r, '2026-03-04T15:00:00Z');
  await resolve(r, '2026-03-05T09:00:00Z');
  const late = await create('2026-03-02T13:00:00Z', 'Gold', 'answered late');
  await reply(late, '2026-03-02T15:00:00Z');
  await create('2026-03-04T08:00:00Z', 'Gold', 'still open');
  const now = d.at('2026-03-06T12:00:00Z');
  const sim = await simulateSla(now, { actor: 'john', plan: 'Gold' });
  const report = await buildReport(now, { actor: 'john' });
  expect(sim.simulated).toEqual(sim.actual);
  expect(sim.simulated.sla_compliance_pct).toBe(report.sla_compliance_pct);
  expect(sim.simulated.first_response_compliance_pct).toBe(report.first_response_compliance_pct);
  expect(report.sla_compliance_pct).not.toBeNull();
  for (const t of sim.tickets) expect(t.simulated, t.number).toEqual(t.actual);
  expect(sim.changed).toEqual([]);
});
