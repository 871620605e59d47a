/**
 * Automatic assignment end to end. `dept edit --auto-assign` assigns new tickets of the
 * department from any channel inside the creating transaction; 100 concurrent creates stay fair
 * (every agent within one ticket of the others); deactivated agents are skipped; --assign wins.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dbDigest, query, sandbox, type Sandbox } from '../../helpers/cli.js';

let s: Sandbox;
const T0 = '2026-03-02T09:00:00Z';

function ok(args: string[], input?: string): string {
  const r = s.hd(args, { input });
  if (r.code !== 0) throw new Error(`helpdesk ${args.join(' ')} → ${r.code}: ${r.stderr}`);
  return r.stdout.trim();
}
const userCreate = (subject: string) => s.json(['--as', 'karen@example.com', 'ticket', 'create', '--subject', subject, '--body', 'x']);

beforeEach(() => {
  s = sandbox();
  s.env.HELPDESK_NOW = T0;
  ok(['init', '--sample', 'lab']);
  // Support: admin and john (lab), plus ann and bob.
  ok(['--as', 'admin', 'agent', 'add', 'ann', '--name', 'Ann', '--dept', 'Support']);
  ok(['--as', 'admin', 'agent', 'add', 'bob', '--name', 'Bob', '--dept', 'Support']);
});
afterEach(() => s.cleanup());

describe('dept edit --auto-assign', () => {
  it('round-robin in turn, with data.rule on the assigned event, skipping deactivated agents', () => {
    const d = s.json(['--as', 'admin', 'dept', 'edit', 'Support', '--auto-assign', 'round-robin']);
    expect(d).toMatchObject({ name: 'Support', auto_assign: 'round-robin', auto_assign_team: null });
    const first = [1, 2, 3, 4, 5].map((i) => userCreate(`t${i}`));
    expect(first.map((t) => t.assignee)).toEqual(['admin', 'john', 'ann', 'bob', 'admin']);
    // The end user's own ticket object leaves out the desk's routing (CONTRACT.md, On a terminal): read it as the admin.
    expect(first[0].events.map((e: { type: string }) => e.type)).toEqual(['created']);
    expect(s.json(['--as', 'admin', 'ticket', 'show', first[0].number]).events[1]).toEqual({
      type: 'assigned', actor: 'karen@example.com', at: '2026-03-02T09:00:00.000Z', data: { field: 'agent', from: null, to: 'admin', rule: 'round-robin' },
    });
    ok(['--as', 'admin', 'agent', 'deactivate', 'ann']);
    expect([6, 7, 8].map((i) => userCreate(`t${i}`).assignee)).toEqual(['john', 'bob', 'admin']);
  });

  it('least-open picks the agent with the fewest open tickets; an explicit --assign wins', () => {
    ok(['--as', 'admin', 'dept', 'edit', 'Support', '--auto-assign', 'least-open']);
    for (const n of [1, 2]) ok(['--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', `j${n}`, '--body', 'x', '--assign', 'john']);
    expect(query(s.db, "SELECT data FROM events WHERE type = 'assigned' AND data LIKE '%rule%'")).toEqual([]);
    // admin, ann and bob have none; john has two: the next three go to the others, then one each.
    expect([1, 2, 3, 4, 5, 6].map((i) => userCreate(`t${i}`).assignee)).toEqual(['admin', 'ann', 'bob', 'admin', 'ann', 'bob']);
    expect(userCreate('t7').assignee).toBe('admin');
  });

  it('within a team, from mail too, and off again', () => {
    ok(['--as', 'admin', 'team', 'add', 'Desk Two', '--members', 'ann,bob']);
    ok(['--as', 'admin', 'dept', 'edit', 'Support', '--auto-assign', 'round-robin', '--team', 'Desk Two']);
    const eml = (id: string) => ['From: Alex Kamal <alex@example.com>', 'To: help@example.com', 'Subject: Laptop',
      `Message-ID: <${id}@example.com>`, 'Date: Mon, 02 Mar 2026 09:00:00 +0000', '', 'It will not boot.', ''].join('\r\n');
    ok(['mail', 'ingest', '-'], eml('a1'));
    ok(['mail', 'ingest', '-'], eml('a2'));
    const mailed = s.json(['--as', 'admin', 'ticket', 'list', '--queue', 'all']).map((t: any) => [t.source, t.assignee]);
    expect(mailed).toEqual([['email', 'bob'], ['email', 'ann']]);
    ok(['--as', 'admin', 'dept', 'edit', 'Support', '--auto-assign', 'off']);
    expect(userCreate('later').assignee).toBeNull();
  });

  it('refuses a bad rule (2), an unknown team (3), and non-admins (4), changing nothing', () => {
    for (const [args, code, message] of [
      [['--as', 'admin', 'dept', 'edit', 'Support', '--auto-assign', 'random'], 2, /unknown assignment rule 'random'/],
      [['--as', 'admin', 'dept', 'edit', 'Support', '--auto-assign', 'round-robin', '--team', 'Nope'], 3, /Nope/],
      [['--as', 'admin', 'dept', 'edit', 'Support', '--team', 'Online Banking Team'], 2, /--team goes with --auto-assign/],
      [['--as', 'john', 'dept', 'edit', 'Support', '--auto-assign', 'round-robin'], 4, /only admins/],
    ] as const) {
      const before = dbDigest(s.db);
      const r = s.hd([...args]);
      expect(r.code, r.stderr).toBe(code);
      expect(r.stderr.split('\n')[0]).toMatch(message);
      expect(dbDigest(s.db)).toBe(before);
    }
  });

  it('stays fair over 100 concurrent creates: every agent within one of the others', async () => {
    ok(['--as', 'admin', 'dept', 'edit', 'Support', '--auto-assign', 'round-robin']);
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) =>
      // 100 processes on a shared 2-core machine: a writer may wait longer than the default 5 s.
      s.hdAsync(['--as', 'karen@example.com', 'ticket', 'create', '--subject', `c${i}`, '--body', 'x'], { env: { HELPDESK_BUSY_TIMEOUT_MS: '60000' } })));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const counts = query<{ username: string; n: number }>(s.db,
      'SELECT a.username, count(*) AS n FROM tickets t JOIN agents a ON a.id = t.assignee_id GROUP BY 1 ORDER BY 1');
    expect(counts.map((c) => c.username)).toEqual(['admin', 'ann', 'bob', 'john']);
    expect(counts.reduce((sum, c) => sum + c.n, 0)).toBe(100);
    const ns = counts.map((c) => c.n);
    expect(Math.max(...ns) - Math.min(...ns)).toBeLessThanOrEqual(1);
  }, 120_000);
});
