/**
 * `automate run` on a backlog of resolved tickets: 240,000 of them at a million tickets
 * closed in one transaction held ~860 MB. They now close 500 per write transaction, each committed:
 * a run that dies midway keeps what it closed, and the next run closes the rest, each ticket once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { automateRun } from '../../src/desk/automate.js';
import type { Store } from '../../src/store/types.js';
import { bigDesk, type BigDesk } from '../helpers/big-desk.js';

const COUNT = 1200;
const NOW = '2026-03-02T09:00:00Z';
let d: BigDesk;
beforeEach(async () => {
  // One ticket a minute from 2026-01-01, each resolved two hours after it was opened: all older than 7 days.
  d = await bigDesk({ count: COUNT, start: '2026-01-01T00:00:00Z', stepSeconds: 60, status: "'resolved'" });
}, 60_000);
afterEach(() => d?.cleanup());

const count = (sql: string) => d.sql<{ n: number }>(sql)[0]!.n;
const closedEvents = () => count("SELECT count(*) AS n FROM events WHERE type = 'status' AND json_extract(data, '$.to') = 'closed'");

const closedNow = () => count("SELECT count(*) AS n FROM tickets WHERE status = 'closed'");

/** The same store, noting how many tickets each write transaction closed. */
function measured(store: Store, perWrite: number[]): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'write') {
        return async (fn: Parameters<Store['write']>[0]) => {
          const before = closedNow();
          const result = await target.write(fn);
          perWrite.push(closedNow() - before);
          return result;
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

describe('automate run on 1,200 resolved tickets', () => {
  it('closes them 500 per write transaction, each once', async () => {
    const perWrite: number[] = [];
    const r = await automateRun({ store: measured(d.store, perWrite), now: new Date(NOW) });
    expect(r.counts.closed).toBe(COUNT);
    // The report lists the first 1,000 (src/desk/listing.ts) and counts the rest; the events hold all.
    expect(r.closed).toHaveLength(1000);
    expect(r.omitted.closed).toBe(COUNT - 1000);
    expect(new Set(r.closed.map((c) => c.number)).size).toBe(1000);
    expect(r.closed.map((c) => c.number)).toEqual([...r.closed.map((c) => c.number)].sort());
    expect(count("SELECT count(*) AS n FROM tickets WHERE status = 'closed'")).toBe(COUNT);
    expect(closedEvents()).toBe(COUNT);
    expect(perWrite.filter((n) => n > 0)).toEqual([500, 500, 200]);
    const again = await automateRun({ store: d.store, now: new Date(NOW) });
    expect(again.counts.closed).toBe(0);
  });

  it('a run that dies after its first batch keeps it, and the next run closes the rest', async () => {
    // The process dies as soon as a batch of closes has committed: every later write fails.
    const dying = new Proxy(d.store, {
      get(target, prop, receiver) {
        if (prop === 'write') {
          return (fn: Parameters<Store['write']>[0]) => (closedNow() > 0 ? Promise.reject(new Error('killed')) : target.write(fn));
        }
        return Reflect.get(target, prop, receiver);
      },
    });
    await expect(automateRun({ store: dying, now: new Date(NOW) })).rejects.toThrow('killed');
    expect(closedNow()).toBe(500);
    const rest = await automateRun({ store: d.store, now: new Date(NOW) });
    expect(rest.counts.closed).toBe(COUNT - 500);
    expect(closedNow()).toBe(COUNT);
    expect(closedEvents()).toBe(COUNT);
  });
});
