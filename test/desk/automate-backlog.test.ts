/**
 * `automate run`'s warnings at size: the pass reads only the clocks that can be inside the
 * warning window, through indexes keyed by the due time (the query plans, after ANALYZE as the
 * benchmark's desk has), in batches that each commit (a run killed between batches leaves the rest for
 * the next run, none warned twice), and a second run with nothing to do reads the same window only.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { automateRun } from '../../src/desk/automate.js';
import { setConfig } from '../../src/desk/config.js';
import { BREACH_SQL_FOR_TESTS, WARN_SQL } from '../../src/store/sla/sqlite.js';
import { TICKET_SELECT } from '../../src/store/ticket-query.js';
import type { Store } from '../../src/store/types.js';
import { bigDesk, type BigDesk } from '../helpers/big-desk.js';

const NOW = '2026-03-02T08:50:00Z';
let d: BigDesk;
beforeEach(async () => {
  // 1,200 open tickets on Sev-B (4 h, 24/7), one every 2 s from 05:00: due 09:00:00 … 09:39:58.
  d = await bigDesk({ count: 1200, start: '2026-03-02T05:00:00Z', stepSeconds: 2, status: "'open'", dueMinutes: 240 });
  d.sql("UPDATE tickets SET sla_id = (SELECT id FROM sla_plans WHERE name = 'Sev-B') WHERE number >= '500000'");
  await setConfig(d.at('2026-03-01T00:00:00Z'), 'admin', 'sla.warn_before', '30m');
}, 60_000);
afterEach(() => d?.cleanup());

const warnings = () => d.sql<{ n: number }>("SELECT count(*) AS n FROM events WHERE type = 'warning'")[0]!.n;

/** The same store, whose `write` fails from the n-th call on: a process that died there. */
function dyingAfter(store: Store, n: number): Store {
  let writes = 0;
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'write') return (fn: Parameters<Store['write']>[0]) => (++writes >= n ? Promise.reject(new Error('killed')) : target.write(fn));
      return Reflect.get(target, prop, receiver);
    },
  });
}

describe('warnings on a backlog', () => {
  it('warns exactly the clocks 30 minutes or less from due (601 of 1,200), each once, in due order', async () => {
    const r = await automateRun(d.at(NOW));
    // Due 09:00:00 + 2 s × i ≤ 09:20:00 → i = 0 … 600.
    expect(r.counts.warnings).toBe(601);
    expect(r.warnings.at(-1)!.due_at).toBe('2026-03-02T09:20:00.000Z');
    expect(r.warnings.map((w) => w.due_at)).toEqual([...r.warnings.map((w) => w.due_at)].sort());
    expect(new Set(r.warnings.map((w) => w.number)).size).toBe(601);
    expect(warnings()).toBe(601);
    expect((await automateRun(d.at(NOW))).counts.warnings).toBe(0);
    // Ten minutes on, the window has moved: the next 300 clocks, and none of the first 601 again.
    expect((await automateRun(d.at('2026-03-02T09:00:00Z'))).counts.warnings).toBe(300);
    expect(warnings()).toBe(901);
  });

  it('commits a batch at a time: killed after the first, the next run warns the rest, none twice', async () => {
    // Writes before the warnings: sla check's two clocks and its digest, then the closes/reminders.
    const dying = { store: dyingAfter(d.store, 6), now: new Date(NOW) };
    await expect(automateRun(dying)).rejects.toThrow('killed');
    expect(warnings()).toBe(500);
    expect((await automateRun(d.at(NOW))).counts.warnings).toBe(101);
    expect(d.sql<{ n: number }>("SELECT count(DISTINCT ticket_id) AS n FROM events WHERE type = 'warning'")[0]!.n).toBe(601);
  });

  it('reads the window through indexes on the due times, never the whole open queue', () => {
    d.sql('ANALYZE');
    const plan = (where: string, col: string) => d.sql<{ detail: string }>(`EXPLAIN QUERY PLAN ${TICKET_SELECT} WHERE ${where} ORDER BY ${col}, t.id LIMIT 500`,
      { now: NOW, horizon: '2026-03-02T09:21:00Z', limit: 500, due: NOW, id: 0 }).map((r) => r.detail);
    const resolution = plan(WARN_SQL.resolution.where, WARN_SQL.resolution.col);
    expect(resolution.find((l) => / t USING /.test(l))).toMatch(/^SEARCH t USING (COVERING )?INDEX \w+ \(.*due_at>\? AND due_at<\?\)$/);
    const first = plan(WARN_SQL.first_response.where, WARN_SQL.first_response.col);
    expect(first.find((l) => / t USING /.test(l))).toBe('SEARCH t USING INDEX tickets_first_response_due (first_response_due_at>? AND first_response_due_at<?)');
    // sla check's first-response breaches: past due, from the index of the unrecorded ones (migration 20,
    // test/desk/sla-breach-marks.test.ts).
    const q = BREACH_SQL_FOR_TESTS.first_response;
    const breaches = d.sql<{ detail: string }>(`EXPLAIN QUERY PLAN ${q.select} WHERE ${q.where} ORDER BY ${q.col}, t.id LIMIT 500`, { now: NOW })
      .map((r) => r.detail);
    expect(breaches.find((l) => / t USING /.test(l))).toMatch(/^SEARCH t USING INDEX tickets_first_response_unrecorded \(.*first_response_due_at<\?\)$/);
    for (const lines of [resolution, first, breaches]) expect(lines.filter((l) => /^SCAN t\b/.test(l))).toEqual([]);
  });
});
