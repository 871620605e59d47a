/**
 * Satisfaction ratings — once per resolution, only when resolved, only by the ticket's end
 * user — and the report's csat_average / csat_responses, overall and per group, checked by hand.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rateTicket, ratingState } from '../../src/desk/portal.js';
import { buildReport } from '../../src/desk/report.js';
import { setStatus } from '../../src/desk/tickets/status.js';
import { createTicket } from '../../src/desk/tickets/create.js';
import { showTicket } from '../../src/desk/tickets/show.js';
import { labDesk, type TestDesk } from '../helpers/desk.js';

const KAREN = 'karen@example.com';
const KEN = 'ken@example.com';
let d: TestDesk;
const T = (h: number) => new Date(Date.UTC(2026, 2, 2, 9 + h)).toISOString();

beforeEach(async () => { d = await labDesk(); });
afterEach(() => d.cleanup());

async function resolvedTicket(user: string, dept: string, h: number): Promise<string> {
  const t = await createTicket(d.at(T(h)), { actor: 'admin', user, subject: `Problem in ${dept}`, body: 'b', dept });
  await setStatus(d.at(T(h + 1)), 'admin', t.number, 'resolved');
  return t.number;
}

describe('ratings', () => {
  it('only a resolved ticket, only its end user, once per resolution; a new resolution may be rated again', async () => {
    const n = (await createTicket(d.at(T(0)), { actor: 'admin', user: KAREN, subject: 's', body: 'b' })).number;
    await expect(rateTicket(d.at(T(1)), { email: KAREN, number: n, rating: 5 })).rejects.toThrow(/not resolved/);
    await setStatus(d.at(T(1)), 'admin', n, 'resolved');
    await expect(rateTicket(d.at(T(2)), { email: KEN, number: n, rating: 1 })).rejects.toThrow(/no such ticket/);
    await expect(rateTicket(d.at(T(2)), { email: KAREN, number: n, rating: 6 })).rejects.toThrow(/1 to 5/);
    expect((await ratingState(d.at(T(2)), KAREN, n)).can).toBe(true);
    await rateTicket(d.at(T(2)), { email: KAREN, number: n, rating: 4, comment: '  quick  ' });
    await expect(rateTicket(d.at(T(3)), { email: KAREN, number: n, rating: 1 })).rejects.toThrow(/already rated/);
    expect((await showTicket(d.at(T(3)), 'admin', n)).csat).toEqual({ rating: 4, comment: 'quick', at: T(2) });
    await setStatus(d.at(T(4)), KAREN, n, 'open');
    expect((await ratingState(d.at(T(4)), KAREN, n)).can).toBe(false);
    await setStatus(d.at(T(5)), 'admin', n, 'resolved');
    await rateTicket(d.at(T(6)), { email: KAREN, number: n, rating: 2 });
    expect((await showTicket(d.at(T(6)), 'admin', n)).csat).toMatchObject({ rating: 2, comment: null });
  });
});

describe('report', () => {
  it('csat_average and csat_responses overall and per department, by hand', async () => {
    const a = await resolvedTicket(KAREN, 'Support', 0);
    const b = await resolvedTicket(KEN, 'Support', 2);
    const c = await resolvedTicket(KAREN, 'Online Banking', 4);
    await resolvedTicket(KEN, 'Accounting', 6); // resolved, never rated
    await rateTicket(d.at(T(10)), { email: KAREN, number: a, rating: 5 });
    await rateTicket(d.at(T(10)), { email: KEN, number: b, rating: 3 });
    await rateTicket(d.at(T(10)), { email: KAREN, number: c, rating: 4 });
    await setStatus(d.at(T(11)), KAREN, a, 'open');
    await setStatus(d.at(T(12)), 'admin', a, 'resolved');
    await rateTicket(d.at(T(13)), { email: KAREN, number: a, rating: 1 });
    // Ratings: Support 5, 3, 1 → 9/3 = 3; Online Banking 4; overall 13/4 = 3.25.
    const r = await buildReport(d.at(T(14)), { actor: 'admin', by: 'dept' });
    expect(r).toMatchObject({ csat_average: 3.25, csat_responses: 4 });
    const by = Object.fromEntries(r.groups.map((g) => [g.key, [g.csat_average, g.csat_responses]]));
    expect(by).toEqual({ Accounting: [null, 0], 'Online Banking': [4, 1], Support: [3, 3] });
    // An agent who may see only Online Banking counts only its ratings.
    expect(await buildReport(d.at(T(14)), { actor: 'jane' })).toMatchObject({ csat_average: 4, csat_responses: 1 });
    // The window is over tickets created in it: since 12:00 leaves only Online Banking's and Accounting's.
    expect(await buildReport(d.at(T(14)), { actor: 'admin', since: T(3) })).toMatchObject({ csat_average: 4, csat_responses: 1 });
  });
});
