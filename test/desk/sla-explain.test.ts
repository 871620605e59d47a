/**
 * `ticket sla-explain`: the ledger of a clock with a pause, a partial holiday, a warning,
 * a breach and a reopen, entry by entry.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { automateRun } from '../../src/desk/automate.js';
import { setConfig } from '../../src/desk/config.js';
import { changeHolidays } from '../../src/desk/sla/schedules.js';
import { addSla } from '../../src/desk/sla/plans.js';
import { slaExplain } from '../../src/desk/sla/explain.js';
import { setStatus } from '../../src/desk/tickets/status.js';
import { createTicket } from '../../src/desk/tickets/create.js';
import { labDesk, type TestDesk } from '../helpers/desk.js';

let d: TestDesk;
beforeEach(async () => {
  d = await labDesk('2026-03-06T08:00:00Z');
});
afterEach(() => d.cleanup());

it('lists counted stretches, the pause, the holiday skipped, the warning, the breach and the reopen', async () => {
  await addSla(d.at('2026-03-06T08:00:00Z'), { actor: 'admin', name: 'Gold', hours: '4', schedule: 'Business Hours', pauseAwaiting: true });
  await changeHolidays(d.at('2026-03-06T08:00:00Z'), 'admin', 'Business Hours', ['2026-03-09T08:00-10:00'], 'add');
  await setConfig(d.at('2026-03-06T08:00:00Z'), 'admin', 'sla.warn_before', '30m');
  const n = (await createTicket(d.at('2026-03-06T16:00:00Z'), { actor: 'john', user: 'karen@example.com', subject: 'S', body: 'b', sla: 'Gold' })).number;
  await setStatus(d.at('2026-03-06T16:30:00Z'), 'john', n, 'awaiting-response'); // 30m counted
  await setStatus(d.at('2026-03-09T11:00:00Z'), 'john', n, 'open'); // paused Fri 16:30-17:00 + Mon 10:00-11:00 = 90m
  // Due: 4h + 90m paused from Fri 16:00 → Mon 14:30.
  await automateRun(d.at('2026-03-09T14:00:00Z')); // warning (30m left)
  await automateRun(d.at('2026-03-09T14:31:00Z')); // breach
  const x = await slaExplain(d.at('2026-03-09T15:00:00Z'), 'john', n);
  expect(x.clock.due_at).toBe('2026-03-09T14:30:00.000Z');
  expect(x.ledger.map((e) => [e.kind, e.at, e.until ?? null, e.minutes ?? null, e.clock ?? null])).toEqual([
    ['started', '2026-03-06T16:00:00.000Z', null, null, null],
    ['counted', '2026-03-06T16:00:00.000Z', '2026-03-06T16:30:00.000Z', 30, null],
    ['paused', '2026-03-06T16:30:00.000Z', '2026-03-09T11:00:00.000Z', 90, null],
    ['holiday', '2026-03-09T00:00:00.000Z', null, null, null],
    ['counted', '2026-03-09T11:00:00.000Z', '2026-03-09T15:00:00.000Z', 240, null],
    ['warning', '2026-03-09T14:00:00.000Z', null, null, 'resolution'],
    ['due', '2026-03-09T14:30:00.000Z', null, null, 'resolution'],
    ['breach', '2026-03-09T14:31:00.000Z', null, null, 'resolution'],
  ]);
  expect(x.ledger.find((e) => e.kind === 'holiday')!.detail).toBe('holiday 2026-03-09 08:00-10:00 skipped (Business Hours)');
  await setStatus(d.at('2026-03-09T16:00:00Z'), 'john', n, 'resolved');
  await setStatus(d.at('2026-03-10T09:00:00Z'), 'john', n, 'open');
  const again = await slaExplain(d.at('2026-03-10T10:00:00Z'), 'john', n);
  const kinds = again.ledger.map((e) => e.kind);
  expect(kinds).toContain('reopened');
  expect(again.ledger.filter((e) => e.kind === 'counted')).toEqual([
    { kind: 'counted', at: '2026-03-10T09:00:00.000Z', until: '2026-03-10T10:00:00.000Z', minutes: 60 },
  ]);
  await expect(slaExplain(d.at('2026-03-10T10:00:00Z'), 'karen@example.com', n)).rejects.toMatchObject({ code: 4 });
});
