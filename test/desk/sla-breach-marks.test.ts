/**
 * Migration 20: `sla check` finds the breaches still to record from partial indexes that
 * hold only unrecorded clocks, so a run with nothing to do reads nothing, however many overdue open
 * tickets the desk has. The marks on the ticket follow the `overdue` events whoever inserts them
 * (a trigger), a reopen makes the clock a candidate again, and a desk upgraded from version 18 with
 * breaches already recorded does not record them twice.
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slaCheck } from '../../src/desk/sla/check.js';
import { BREACH_SQL_FOR_TESTS } from '../../src/store/sla/sqlite.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { bigDesk, type BigDesk } from '../helpers/big-desk.js';

const NOW = '2026-03-02T09:15:00.000Z';
let d: BigDesk;
beforeEach(async () => {
  // 400 open tickets, one a minute from 03:00, due 60 minutes after creation (04:00 … 10:39): 315
  // overdue at 09:15, 120 at 06:00. The first 100 also wait for their first reply, due 30 minutes
  // after creation (03:30 … 05:09).
  d = await bigDesk({ count: 400, start: '2026-03-02T03:00:00Z', stepSeconds: 60, status: "'open'", dueMinutes: 60 });
  d.sql(`UPDATE tickets SET first_response_at = NULL,
    first_response_due_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at, '+30 minutes') WHERE number < '500100'`);
}, 60_000);
afterEach(() => d?.cleanup());

const overdue = (clock: string) =>
  d.sql<{ n: number }>("SELECT count(*) AS n FROM events WHERE type = 'overdue' AND json_extract(data, '$.clock') = ?", clock)[0]!.n;

describe('breaches to record, from the partial indexes of migration 20', () => {
  it('reads each clock from its index of unrecorded clocks, without looking at any event', () => {
    d.sql('ANALYZE');
    for (const clock of ['resolution', 'first_response'] as const) {
      const q = BREACH_SQL_FOR_TESTS[clock];
      const plan = d.sql<{ detail: string }>(`EXPLAIN QUERY PLAN ${q.select} WHERE ${q.where} ORDER BY ${q.col}, t.id LIMIT 500`, { now: NOW })
        .map((r) => r.detail);
      const index = clock === 'resolution' ? 'tickets_resolution_unrecorded' : 'tickets_first_response_unrecorded';
      expect(plan.find((l) => / t USING /.test(l))).toMatch(new RegExp(`^SEARCH t USING INDEX ${index} \\(`));
      expect(plan.filter((l) => /\b(e|events)\b/.test(l))).toEqual([]);
    }
  });

  it('records each breach once, and a reopen makes the clock a candidate again', async () => {
    const first = await slaCheck(d.at(NOW));
    expect(first.breaches.filter((b) => b.clock === 'resolution')).toHaveLength(315);
    expect(first.breaches.filter((b) => b.clock === 'first_response')).toHaveLength(100);
    expect((await slaCheck(d.at(NOW))).breaches).toEqual([]);
    // A reopen: a new clock run (clock_start_at) on a due time already past is a new breach; the first
    // response's breach is once per ticket and stays recorded.
    d.sql("UPDATE tickets SET clock_start_at = '2026-03-02T09:00:00.000Z', due_at = '2026-03-02T09:10:00.000Z' WHERE number = '500000'");
    const again = await slaCheck(d.at(NOW));
    expect(again.breaches.map((b) => [b.number, b.clock])).toEqual([['500000', 'resolution']]);
    expect([overdue('resolution'), overdue('first_response')]).toEqual([316, 100]);
    expect(d.sql<{ n: number }>(`SELECT count(*) AS n FROM tickets WHERE due_at < ? AND resolution_breach_run IS NOT clock_start_at`, NOW)[0]!.n).toBe(0);
  });

  it('an overdue event inserted by anyone (an import, another process) marks its clock', async () => {
    // The events of tickets 500000…500049 as an import would bring them: recorded breaches of both clocks.
    d.sql(`INSERT INTO events(ticket_id, type, at, data) SELECT id, 'overdue', '2026-03-02T08:00:00.000Z',
      json_object('clock', 'resolution', 'due_at', due_at, 'clock_start_at', clock_start_at) FROM tickets WHERE number < '500050'`);
    d.sql(`INSERT INTO events(ticket_id, type, at, data) SELECT id, 'overdue', '2026-03-02T08:00:00.000Z',
      json_object('clock', 'first_response', 'due_at', first_response_due_at) FROM tickets WHERE number < '500050'`);
    // A breach of an earlier clock run (before a reopen) does not count for the current one.
    d.sql(`INSERT INTO events(ticket_id, type, at, data) SELECT id, 'overdue', '2026-03-02T08:00:00.000Z',
      json_object('clock', 'resolution', 'due_at', due_at, 'clock_start_at', '2025-01-01T00:00:00.000Z') FROM tickets WHERE number = '500300'`);
    const r = await slaCheck(d.at(NOW));
    expect(r.breaches.filter((b) => b.clock === 'resolution')).toHaveLength(265);
    expect(r.breaches.filter((b) => b.clock === 'first_response')).toHaveLength(50);
    expect(r.breaches.some((b) => b.number === '500300' && b.clock === 'resolution')).toBe(true);
  });

  it('a desk of version 18 with breaches recorded upgrades without recording them again', async () => {
    await slaCheck(d.at('2026-03-02T06:00:00Z'));
    const recorded = [overdue('resolution'), overdue('first_response')];
    expect(recorded).toEqual([120, 100]);
    // Back to version 18: what migration 20 added is taken away, the events stay.
    d.store.close();
    const db = new Database(d.path);
    db.exec(`DROP TRIGGER events_overdue_first_response; DROP TRIGGER events_overdue_resolution;
      DROP INDEX tickets_resolution_unrecorded; DROP INDEX tickets_first_response_unrecorded;
      ALTER TABLE tickets DROP COLUMN resolution_breach_run; ALTER TABLE tickets DROP COLUMN first_response_breached;
      PRAGMA user_version = 18;`);
    db.close();
    const store = openSqliteStore(d.path);
    try {
      const r = await slaCheck({ store, now: new Date(NOW) });
      // Only the clocks that ran out between 06:00 and 09:15: none recorded twice.
      expect(r.breaches.filter((b) => b.clock === 'resolution')).toHaveLength(195);
      expect(r.breaches.filter((b) => b.clock === 'first_response')).toHaveLength(0);
      expect([overdue('resolution'), overdue('first_response')]).toEqual([315, 100]);
    } finally {
      store.close();
    }
  });
});
