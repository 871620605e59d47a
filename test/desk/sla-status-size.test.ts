/**
 * `sla status` reads its first page from the urgency index (schema 9) instead of sorting
 * the whole backlog: the page must still be the head of the whole queue, in the same order, with
 * paused clocks and first-response clocks mixed in. (How fast is the benchmark's business.)
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { slaStatus } from '../../src/desk/sla/status.js';
import { bigDesk, type BigDesk } from '../helpers/big-desk.js';

let d: BigDesk;
beforeAll(async () => {
  d = await bigDesk({ count: 20_000, start: '2026-02-01T00:00:00Z', stepSeconds: 97, status: "CASE WHEN i % 5 = 0 THEN 'resolved' WHEN i % 7 = 0 THEN 'awaiting-response' ELSE 'open' END", dueMinutes: 600, spreadDepts: true });
  // Every third ticket unanswered with an earlier first-response target; some clocks paused.
  d.sql(`UPDATE tickets SET first_response_at = NULL,
    first_response_due_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at, '+' || (id % 900) || ' minutes') WHERE id % 3 = 0`);
  d.sql("UPDATE tickets SET paused_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at, '+30 minutes') WHERE status = 'awaiting-response'");
}, 60_000);
afterAll(() => d?.cleanup());

it('the first page is the head of the whole queue, most urgent first', async () => {
  const ctx = d.at('2026-02-10T00:00:00Z');
  const all = await slaStatus(ctx, { actor: 'admin', limit: null });
  expect(all.length).toBeGreaterThan(10_000);
  const page = await slaStatus(ctx, { actor: 'admin' });
  expect(page).toEqual(all.slice(0, 50));
  // Most urgent first among running clocks (the finer rules are tested in test/desk/sla.test.ts).
  const running = all.filter((e) => !e.paused).map((e) => e.due_at);
  expect(running).toEqual([...running].sort());
  const dept = await slaStatus(ctx, { actor: 'admin', dept: all[0]!.department });
  expect(dept).toEqual(all.filter((e) => e.department === all[0]!.department).slice(0, 50));
}, 60_000);
