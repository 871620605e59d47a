/**
 * `sla check` on a backlog: batches that each commit, resumable after a crash without
 * an event or a mail twice, and one mail per person per run (a digest) instead of one per breach
 * per department member. 1,200 unassigned overdue tickets in Support (three batches of 500).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slaCheck } from '../../src/desk/sla/status.js';
import type { Store } from '../../src/store/types.js';
import { bigDesk, type BigDesk } from '../helpers/big-desk.js';

const COUNT = 1200;
const NOW = '2026-03-02T09:00:00Z';
let d: BigDesk;
beforeEach(async () => {
  // One ticket a minute from 2026-02-01, each due an hour after it was opened: all overdue by NOW.
  d = await bigDesk({ count: COUNT, start: '2026-02-01T00:00:00Z', stepSeconds: 60, status: "'open'", dueMinutes: 60 });
}, 60_000);
afterEach(() => d?.cleanup());

const count = (sql: string) => d.sql<{ n: number }>(sql)[0]!.n;
const alerts = () => d.sql<{ to_addr: string; subject: string; body: string; ticket_id: number | null }>(
  "SELECT to_addr, subject, body, ticket_id FROM outbox WHERE kind = 'sla-alert' ORDER BY to_addr");
const supportAgents = () => d.sql<{ email: string }>(
  "SELECT lower(a.email) AS email FROM agents a JOIN departments d ON d.id = a.dept_id WHERE d.name = 'Support' AND a.active = 1 AND a.email IS NOT NULL ORDER BY 1")
  .map((a) => a.email);

/** The same store, whose `write` fails from the n-th call on: a process that died there. */
function dyingAfter(store: Store, n: number): Store {
  let writes = 0;
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'write') {
        return (fn: Parameters<Store['write']>[0]) => (++writes >= n ? Promise.reject(new Error('killed')) : target.write(fn));
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

describe('sla check on a backlog of 1,200 breaches', () => {
  it('records each breach once and sends one digest per person, not one mail per breach per member', async () => {
    const people = supportAgents();
    expect(people.length).toBeGreaterThan(1);
    const r = await slaCheck(d.at(NOW));
    // Counted in full, listed up to 1,000 (the earliest due; src/desk/listing.ts).
    expect([r.count, r.breaches.length, r.omitted]).toEqual([COUNT, 1000, COUNT - 1000]);
    expect(r.breaches[0]!.number).toBe('500000');
    expect(r.breaches.every((b) => b.alerted.join() === people.join())).toBe(true);
    expect(r.breaches.map((b) => b.due_at)).toEqual([...r.breaches.map((b) => b.due_at)].sort());
    expect(count("SELECT count(*) AS n FROM events WHERE type = 'overdue'")).toBe(COUNT);
    const mails = alerts();
    expect(mails.map((m) => m.to_addr)).toEqual(people);
    for (const m of mails) {
      expect(m.subject).toBe('[SLA] 1,200 tickets overdue');
      expect(m.ticket_id).toBeNull();
      expect(m.body).toContain('#500000  Synthetic ticket 0');
      expect(m.body).toContain('… and 1,100 more');
    }
    expect(count('SELECT count(*) AS n FROM sla_alert_pending')).toBe(0);
    // A second run finds nothing new and sends nothing.
    expect((await slaCheck(d.at(NOW))).breaches).toEqual([]);
    expect(alerts()).toHaveLength(people.length);
  }, 60_000);

  it('after a crash between batches, the next run records the rest and mails everything once', async () => {
    const people = supportAgents();
    // Write 1 finds no first-response breach; writes 2 and 3 commit two batches (1,000 breaches
    // recorded, their alerts waiting); the fourth dies.
    await expect(slaCheck({ ...d.at(NOW), store: dyingAfter(d.store, 4) })).rejects.toThrow('killed');
    expect(count("SELECT count(*) AS n FROM events WHERE type = 'overdue'")).toBe(1000);
    expect(count('SELECT count(*) AS n FROM sla_alert_pending')).toBe(1000 * people.length);
    expect(alerts()).toEqual([]);
    const r = await slaCheck(d.at(NOW));
    expect(r.breaches).toHaveLength(COUNT - 1000);
    expect([r.count, r.omitted]).toEqual([COUNT - 1000, 0]);
    expect(count("SELECT count(*) AS n FROM events WHERE type = 'overdue'")).toBe(COUNT);
    expect(count("SELECT count(DISTINCT ticket_id) AS n FROM events WHERE type = 'overdue'")).toBe(COUNT);
    const mails = alerts();
    expect(mails.map((m) => m.to_addr)).toEqual(people);
    expect(mails.every((m) => m.subject === '[SLA] 1,200 tickets overdue')).toBe(true);
  }, 60_000);

  it('a person with one breach gets the sla-alert template for that ticket', async () => {
    d.sql("UPDATE tickets SET due_at = '2026-03-09T00:00:00.000Z' WHERE number <> '500007'");
    const assignee = d.sql<{ id: number; email: string }>("SELECT id, lower(email) AS email FROM agents WHERE username = 'john'")[0]!;
    d.sql("UPDATE tickets SET assignee_id = ? WHERE number = '500007'", assignee.id);
    const r = await slaCheck(d.at(NOW));
    expect(r.breaches.map((b) => [b.number, b.alerted])).toEqual([['500007', [assignee.email]]]);
    const [mail] = alerts();
    expect(mail!.to_addr).toBe(assignee.email);
    expect(mail!.subject).toBe('[SLA] Overdue: Synthetic ticket 7 [#500007]');
    expect(mail!.ticket_id).not.toBeNull();
  }, 60_000);
});
