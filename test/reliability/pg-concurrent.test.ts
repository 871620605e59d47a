/**
 * Several machines on one PostgreSQL desk: three `mail send` at once deliver each queued
 * message exactly once, and three `sla check` at once record each breach exactly once — every run
 * a separate process of the built binary, as cron on three machines would start them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setConfig } from '../../src/desk/config.js';
import { addSla } from '../../src/desk/sla/plans.js';
import { createTicket } from '../../src/desk/tickets/create.js';
import { setStatusMany } from '../../src/desk/tickets/status.js';
import { openPgStore } from '../../src/store/pg/store.js';
import { freshPgStore } from '../helpers/pg-desk.js';
import { pgUnavailable } from '../helpers/pg-server.mjs';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';
import { spawnHd } from '../helpers/cli.js';

const skip = pgUnavailable();
const RUNS = 3;

function envFor(now: string): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: '/nonexistent', NO_COLOR: '1', HELPDESK_AS: 'admin', HELPDESK_NOW: now };
}

/** A lab desk on a fresh database with `n` tickets created a minute apart from 08:00. */
async function deskWith(n: number, smtpPort: number | null): Promise<string> {
  const { url } = await freshPgStore();
  const env = envFor('2026-03-02T08:00:00Z');
  expect((await spawnHd(['--db', url, 'init', '--sample', 'lab'], env)).code).toBe(0);
  if (smtpPort !== null) {
    for (const [key, value] of [['mail.from', 'Help Desk <help@example.com>'], ['mail.smtp', `smtp://127.0.0.1:${smtpPort}`], ['mail.autoresponse', 'on']]) {
      const set = await spawnHd(['--db', url, 'config', 'set', key!, value!], env);
      expect(set.code, set.stderr).toBe(0);
    }
  }
  const store = openPgStore(url);
  try {
    for (let i = 0; i < n; i++) {
      await createTicket({ store, now: new Date(Date.parse('2026-03-02T08:00:00Z') + i * 60_000) }, {
        actor: 'john', user: `user${i}@example.com`, subject: `VPN drops ${i}`, body: 'Every hour.', priority: 'high',
      });
    }
  } finally {
    store.close();
  }
  return url;
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const store = openPgStore(url);
  try {
    return await store.withConn(false, (c) => c.all<T>(sql));
  } finally {
    store.close();
  }
}

describe.skipIf(skip !== null)('concurrent runs on one PostgreSQL desk', () => {
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startSmtp();
  });
  afterAll(async () => {
    await smtp.close();
  });

  it(`${RUNS} mail send at once deliver each message once`, async () => {
    const url = await deskWith(30, smtp.port);
    const queued = await query<{ message_id: string }>(url, "SELECT message_id FROM outbox WHERE status = 'pending' ORDER BY id");
    expect(queued.length).toBe(30);
    const mark = smtp.received.length;
    const env = envFor('2026-03-02T09:15:00Z');
    const runs = await Promise.all(Array.from({ length: RUNS }, () => spawnHd(['--db', url, 'mail', 'send'], env)));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const delivered = smtp.received.slice(mark).map((m) => m.mail.messageId ?? '');
    expect(delivered.slice().sort()).toEqual(queued.map((q) => q.message_id).sort());
    expect(new Set(delivered).size).toBe(delivered.length);
    const left = await query<{ status: string; n: number }>(url, 'SELECT status, count(*) AS n FROM outbox GROUP BY status');
    expect(left).toEqual([{ status: 'sent', n: 30 }]);
  });

  for (const rule of ['least-open', 'round-robin'] as const) {
    it(`concurrent creates from ${RUNS + 1} connections stay fair under ${rule}`, async () => {
      const { url } = await freshPgStore();
      const env = envFor('2026-03-02T08:00:00Z');
      for (const args of [['init', '--sample', 'lab'], ['agent', 'add', 'ann', '--name', 'Ann', '--dept', 'Support'],
        ['agent', 'add', 'bob', '--name', 'Bob', '--dept', 'Support'], ['dept', 'edit', 'Support', '--auto-assign', rule]]) {
        const r = await spawnHd(['--db', url, ...args], env);
        expect(r.code, r.stderr).toBe(0);
      }
      // 24 creates queue for the writers' lock: on a loaded test machine that takes longer than the default busy timeout.
      const stores = Array.from({ length: RUNS + 1 }, () => openPgStore(url, { busyTimeoutMs: 120_000 }));
      try {
        const now = new Date('2026-03-02T09:00:00Z');
        const made = await Promise.all(stores.flatMap((store, s) => Array.from({ length: 6 }, (_, i) =>
          createTicket({ store, now }, { actor: 'karen@example.com', subject: `Outage ${s}.${i}`, body: 'x' }))));
        const counts = new Map<string, number>();
        for (const t of made) counts.set(t.assignee!, (counts.get(t.assignee!) ?? 0) + 1);
        // Four agents in Support, 24 tickets: six each, never two chosen from the same stale count.
        expect([...counts.keys()].sort()).toEqual(['admin', 'ann', 'bob', 'john']);
        expect([...counts.values()]).toEqual([6, 6, 6, 6]);
      } finally {
        for (const store of stores) store.close();
      }
    });
  }

  it(`${RUNS} sla check at once record each breach once`, async () => {
    const url = await deskWith(40, null);
    // Two days on, every ticket's first response and resolution are overdue.
    const env = envFor('2026-03-04T12:00:00Z');
    const runs = await Promise.all(Array.from({ length: RUNS }, () => spawnHd(['--db', url, 'sla', 'check', '--json'], env)));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const reported = runs.flatMap((r) => (JSON.parse(r.stdout) as { breaches: Array<{ number: string; clock: string }> }).breaches)
      .map((b) => `${b.number} ${b.clock}`);
    const recorded = await query<{ k: string }>(url,
      "SELECT t.number || ' ' || (e.data::jsonb->>'clock') AS k FROM events e JOIN tickets t ON t.id = e.ticket_id WHERE e.type = 'overdue' ORDER BY 1");
    expect(recorded.length).toBeGreaterThanOrEqual(40);
    expect(new Set(recorded.map((r) => r.k)).size).toBe(recorded.length);
    expect(reported.slice().sort()).toEqual(recorded.map((r) => r.k));
    // A fourth run finds nothing left to record.
    const again = await spawnHd(['--db', url, 'sla', 'check', '--json'], env);
    expect(JSON.parse(again.stdout).breaches).toEqual([]);
  });

  it(`${RUNS} automate run at once close, remind and warn each ticket once and record each breach once`, async () => {
    const { url } = await freshPgStore();
    const env = envFor('2026-03-02T08:00:00Z');
    expect((await spawnHd(['--db', url, 'init', '--sample', 'lab'], env)).code).toBe(0);
    const store = openPgStore(url);
    const mon = { store, now: new Date('2026-03-02T09:00:00Z') };
    try {
      await setConfig(mon, 'admin', 'ticket.remind_after', '1d');
      await setConfig(mon, 'admin', 'sla.warn_before', '20%');
      await addSla(mon, { actor: 'admin', name: 'Month', hours: '720' });
      const make = async (n: number, extra: { sla?: string; resolve?: string }) => {
        const numbers: string[] = [];
        for (let i = 0; i < n; i++) {
          numbers.push((await createTicket(mon, { actor: 'john', user: 'karen@example.com', subject: `T${i}`, body: 'x', ...extra })).number);
        }
        return numbers;
      };
      await make(12, { resolve: 'fixed' });
      await make(3, { sla: 'Sev-A' });
      const awaiting = await make(4, { sla: 'Sev-C' });
      await setStatusMany({ store, now: new Date('2026-03-02T10:00:00Z') }, 'john', awaiting, 'awaiting-response');
      // A 30-day plan: 7 days in, past 20% of its target and far from breached.
      await make(2, { sla: 'Month' });
    } finally {
      store.close();
    }
    const later = envFor('2026-03-09T09:00:00Z');
    const runs = await Promise.all(Array.from({ length: RUNS }, () => spawnHd(['--db', url, 'automate', 'run', '--json'], later)));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    type Counts = { closed: number; breaches: number; reminded: number; warnings: number };
    const totals = runs.map((r) => (JSON.parse(r.stdout) as { counts: Counts }).counts).reduce((a, c) => ({
      closed: a.closed + c.closed, breaches: a.breaches + c.breaches, reminded: a.reminded + c.reminded, warnings: a.warnings + c.warnings,
    }), { closed: 0, breaches: 0, reminded: 0, warnings: 0 });
    // 12 closed; Sev-A's 3 and Sev-C's 4 resolution clocks breached (Sev-C's first responses too are
    // past due, but an awaiting ticket was answered); 4 reminders; the 2 Month tickets warned.
    const events = await query<{ type: string; k: string; n: number }>(url, `SELECT e.type, t.number || ' ' || coalesce(e.data::jsonb->>'clock', '')
        || ' ' || coalesce(e.data::jsonb->>'rule', '') AS k, count(*)::int AS n
      FROM events e JOIN tickets t ON t.id = e.ticket_id
      WHERE e.type IN ('overdue', 'warning', 'reminded') OR (e.type = 'status' AND e.data::jsonb->>'to' = 'closed')
      GROUP BY 1, 2 ORDER BY 2`);
    expect(events.filter((e) => e.n !== 1), 'no change made twice').toEqual([]);
    const byType = (type: string) => events.filter((e) => e.type === type).length;
    expect({ closed: byType('status'), breaches: byType('overdue'), reminded: byType('reminded'), warnings: byType('warning') }).toEqual(totals);
    expect(totals).toEqual({ closed: 12, breaches: 3 + 4, reminded: 4, warnings: 2 });
    // No mail twice: the warnings go to the department's two agents (no mail.from: no reminder mails).
    // (Breach digests are per person per run: two runs that split the breaches may each send one.)
    const twice = await query(url, "SELECT kind, ticket_id, to_addr FROM outbox WHERE kind <> 'sla-alert' GROUP BY 1, 2, 3 HAVING count(*) > 1");
    expect(twice).toEqual([]);
    const warned = await query<{ n: number }>(url, "SELECT count(*)::int AS n FROM outbox WHERE kind = 'sla-warning'");
    expect(warned).toEqual([{ n: 4 }]);
    // A fourth run finds nothing left to do.
    const again = await spawnHd(['--db', url, 'automate', 'run', '--json'], later);
    expect(JSON.parse(again.stdout).counts).toEqual({ breaches: 0, closed: 0, reminded: 0, warnings: 0 });
  }, 180_000);
});
