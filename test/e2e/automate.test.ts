/**
 * `helpdesk automate run` as cron runs it: several runs at once change each ticket once,
 * an end user's answer racing an automatic close never loses the answer nor leaves the ticket closed,
 * `--dry-run` changes nothing, and the output is quiet when there is nothing to do.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dbDigest, query, sandbox, type Sandbox } from '../helpers/cli.js';

let s: Sandbox;
const at = (iso: string) => ({ env: { HELPDESK_NOW: iso } });
const MON = '2026-03-02T09:00:00Z';

beforeEach(() => {
  s = sandbox();
  expect(s.hd(['init', '--sample', 'lab'], at('2026-03-02T08:00:00Z')).code).toBe(0);
});
afterEach(() => s.cleanup());

function create(n: number, extra: string[] = []): string[] {
  const numbers: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = s.hd(['--as', 'john', 'ticket', 'create', '--user', 'karen@example.com', '--subject', `T${i}`, '--body', 'x', ...extra], at(MON));
    expect(r.code).toBe(0);
    numbers.push(r.stdout.trim());
  }
  return numbers;
}

describe('automate run', () => {
  it('needs no identity, is silent when idle, and --dry-run changes nothing', () => {
    create(2, ['--resolve', 'fixed']);
    const idle = s.hd(['automate', 'run'], at('2026-03-03T09:00:00Z'));
    expect(idle).toEqual({ code: 0, stdout: '', stderr: '' });
    const before = dbDigest(s.db);
    const dry = s.hd(['automate', 'run', '--dry-run'], at('2026-03-09T09:00:00Z'));
    expect(dry.code).toBe(0);
    expect(dry.stdout).toBe('100001\tclosed\tresolved\tticket.autoclose_after\n100002\tclosed\tresolved\tticket.autoclose_after\n');
    expect(dbDigest(s.db)).toBe(before);
    const json = s.json(['automate', 'run'], at('2026-03-09T09:00:00Z'));
    expect(json.counts).toEqual({ breaches: 0, closed: 2, reminded: 0, warnings: 0 });
    expect(s.json(['automate', 'run'], at('2026-03-09T09:00:00Z')).counts.closed).toBe(0);
  });

  it('four runs at once close, remind and warn each ticket exactly once and record each breach once', async () => {
    expect(s.hd(['config', 'set', 'ticket.remind_after', '1d'], at(MON)).code).toBe(0);
    expect(s.hd(['config', 'set', 'sla.warn_before', '20%'], at(MON)).code).toBe(0);
    create(12, ['--resolve', 'fixed']);
    create(3, ['--sla', 'Sev-A']);
    for (const n of create(4, ['--sla', 'Sev-C'])) {
      expect(s.hd(['--as', 'john', 'ticket', 'status', n, 'awaiting-response'], at('2026-03-02T10:00:00Z')).code).toBe(0);
    }
    // A 30-day plan: 7 days in, past 20% of its target and far from breached.
    s.hd(['sla', 'add', 'Month', '--hours', '720'], at(MON));
    create(2, ['--sla', 'Month']);
    const runs = await Promise.all([0, 1, 2, 3].map(() => s.hdAsync(['automate', 'run', '--json'], at('2026-03-09T09:00:00Z'))));
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    const totals = runs.map((r) => JSON.parse(r.stdout).counts).reduce((a, c) => ({
      closed: a.closed + c.closed, breaches: a.breaches + c.breaches, reminded: a.reminded + c.reminded, warnings: a.warnings + c.warnings,
    }), { closed: 0, breaches: 0, reminded: 0, warnings: 0 });
    expect(totals).toEqual({ closed: 12, breaches: 3 + 4, reminded: 4, warnings: 2 });
    const events = query<{ n: number }>(s.db, "SELECT count(*) AS n FROM events WHERE type = 'status' AND json_extract(data, '$.rule') = 'ticket.autoclose_after'");
    expect(events[0]!.n).toBe(12);
    expect(query<{ n: number }>(s.db, "SELECT count(*) AS n FROM events WHERE type = 'overdue'")[0]!.n).toBe(7);
    expect(query<{ n: number }>(s.db, "SELECT count(*) AS n FROM events WHERE type IN ('reminded', 'warning')")[0]!.n).toBe(6);
  }, 120_000);

  it("an end user's answer racing the close of an awaiting ticket: the answer is kept and the ticket ends open", async () => {
    expect(s.hd(['config', 'set', 'ticket.close_awaiting_after', '1d'], at(MON)).code).toBe(0);
    const numbers = create(6);
    for (const n of numbers) {
      expect(s.hd(['--as', 'john', 'ticket', 'status', n, 'awaiting-response'], at('2026-03-02T10:00:00Z')).code).toBe(0);
    }
    const later = at('2026-03-04T10:00:00Z');
    const racers = [
      s.hdAsync(['automate', 'run'], later),
      ...numbers.map((n) => s.hdAsync(['--as', 'karen@example.com', 'ticket', 'reply', n, '--body', 'Here it is'], later)),
      s.hdAsync(['automate', 'run'], later),
    ];
    const results = await Promise.all(racers);
    expect(results.filter((r) => r.code !== 0).map((r) => r.stderr)).toEqual([]);
    for (const n of numbers) {
      const t = s.json(['--as', 'john', 'ticket', 'show', n], later);
      expect(t.status).toBe('open');
      expect(t.thread.filter((e: { kind: string }) => e.kind === 'message').length).toBe(2);
      const types = t.events.map((e: { type: string; data: { rule?: string } }) => (e.data.rule ? `${e.type}:${e.data.rule}` : e.type));
      const closed = types.indexOf('status:ticket.close_awaiting_after');
      // Either the answer came first (no close), or the close came first and the answer reopened it.
      if (closed >= 0) expect(types.slice(closed + 1)).toContain('reopened');
      else expect(types).not.toContain('reopened');
    }
    expect(s.json(['automate', 'run'], later).counts.closed).toBe(0);
  }, 120_000);

  it('refuses a bad setting with exit 2 and leaves the database unchanged', () => {
    const before = dbDigest(s.db);
    const r = s.hd(['config', 'set', 'sla.warn_before', 'soon'], at(MON));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^helpdesk: sla.warn_before 'soon' is not a duration\n/);
    expect(dbDigest(s.db)).toBe(before);
  });
});
