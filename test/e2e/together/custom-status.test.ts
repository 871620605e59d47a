/**
 * Custom statuses. Adding, listing, removing (refused while used), the bad
 * input with an unchanged database, ticket status/list with custom names, the transitions by state,
 * and the pause of the resolution clock with hand-computed due times.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { dbDigest, sandbox, type Sandbox } from '../../helpers/cli.js';
import { KEY, plain, terminal } from '../../helpers/pty.js';
import { expectRefusedUnchanged } from '../contract/support.js';
import { serve } from '../../helpers/server.js';

let s: Sandbox;
const T0 = '2026-03-02T09:00:00Z';
const at = (iso: string) => ({ env: { HELPDESK_NOW: iso } });

function ok(args: string[], iso = T0): string {
  const r = s.hd(args, at(iso));
  if (r.code !== 0) throw new Error(`helpdesk ${args.join(' ')} → ${r.code}: ${r.stderr}`);
  return r.stdout.trim();
}
/** Exit code, one-line error (and no stack trace), the database untouched. */
function refused(args: string[], code: number, message: RegExp): void {
  const r = expectRefusedUnchanged(s, args, code, undefined, { HELPDESK_NOW: T0 });
  expect(r.stderr.split('\n')[0]).toMatch(message);
}
const status = (n: string, to: string, iso: string) => s.json(['--as', 'john', 'ticket', 'status', n, to], at(iso));

beforeEach(() => {
  s = sandbox();
  s.env.HELPDESK_NOW = T0;
  ok(['init', '--sample', 'lab'], '2026-03-02T08:00:00Z');
  // 24/7, 8h to resolve, 2h to first response: due times are plain arithmetic.
  ok(['--as', 'admin', 'sla', 'add', 'Flat', '--hours', '8', '--first-response', '2']);
  ok(['--as', 'admin', 'status', 'add', 'On Hold', '--state', 'open', '--pause']);
  ok(['--as', 'admin', 'status', 'add', 'Cancelled', '--state', 'closed']);
  ok(['--as', 'john', 'ticket', 'create', '--user', 'karen@example.com', '--subject', 'VPN', '--body', 'Help', '--sla', 'Flat']);
});
afterEach(() => s.cleanup());

describe('status add, list, remove', () => {
  it('lists built-ins and custom statuses to every agent', () => {
    const list = s.json(['--as', 'john', 'status', 'list']);
    expect(list.map((x: any) => x.key)).toEqual(['open', 'in-progress', 'awaiting-response', 'resolved', 'closed', 'cancelled', 'on-hold']);
    expect(list.find((x: any) => x.key === 'on-hold')).toEqual({ key: 'on-hold', name: 'On Hold', state: 'open', pause: true, builtin: false, tickets: 0 });
  });

  it('refuses bad input with the contract codes and nothing changed', () => {
    refused(['--as', 'admin', 'status', 'add', 'Resolved', '--state', 'closed'], 5, /built-in status resolved/);
    refused(['--as', 'admin', 'status', 'add', 'in progress', '--state', 'open'], 5, /built-in status in-progress/);
    refused(['--as', 'admin', 'status', 'add', 'on_hold', '--state', 'open'], 5, /already exists/);
    refused(['--as', 'admin', 'status', 'add', 'Later', '--state', 'paused'], 2, /unknown state 'paused'/);
    refused(['--as', 'admin', 'status', 'add', 'Later'], 2, /missing --state/);
    refused(['--as', 'john', 'status', 'add', 'Later', '--state', 'open'], 4, /only admins/);
    refused(['--as', 'john', 'status', 'remove', 'cancelled'], 4, /only admins/);
    refused(['--as', 'admin', 'status', 'remove', 'closed'], 5, /built-in/);
    refused(['--as', 'john', 'ticket', 'status', '100001', 'someday'], 2, /unknown status 'someday'/);
    refused(['--as', 'admin', 'status', 'add', 'x'.repeat(41), '--state', 'open'], 2, /longer than 40 characters/);
    refused(['--as', 'admin', 'status', 'add', 'Hold, please', '--state', 'open'], 2, /control characters or commas/);
    refused(['--as', 'admin', 'status', 'add', '  ', '--state', 'open'], 2, /needs a name/);
    refused(['--as', 'admin', 'status', 'add', 'Shelved', '--state', 'closed', '--pause'], 2, /--pause goes with --state open/);
    refused(['--as', 'admin', 'status', 'remove', 'someday'], 3, /no status 'someday'/);
    refused(['--as', 'karen@example.com', 'ticket', 'status', '100001', 'on-hold'], 4, /access denied/);
    status('100001', 'on-hold', T0);
    refused(['--as', 'admin', 'status', 'remove', 'On Hold'], 5, /in use by 1 ticket/);
  });

  it('removes an unused status; it is then unknown', () => {
    ok(['--as', 'admin', 'status', 'remove', 'cancelled']);
    refused(['--as', 'john', 'ticket', 'status', '100001', 'cancelled'], 2, /unknown status/);
  });
});

describe('tickets in custom statuses', () => {
  it('sets and filters by a custom status; built-in filters do not match it', () => {
    const t = status('100001', 'On Hold', '2026-03-02T10:00:00Z');
    expect([t.status, t.state]).toEqual(['on-hold', 'open']);
    expect(t.events.at(-1)).toMatchObject({ type: 'status', data: { from: 'open', to: 'on-hold' } });
    expect(s.json(['--as', 'john', 'ticket', 'list', '--status', 'on-hold']).map((x: any) => x.number)).toEqual(['100001']);
    expect(s.json(['--as', 'john', 'ticket', 'list', '--status', 'in-progress'])).toEqual([]);
    expect(s.json(['--as', 'john', 'ticket', 'list']).map((x: any) => x.status)).toEqual(['on-hold']); // open queue
  });

  it('a closed-state status acts like resolved: may close, reopens to open, closed cannot become it', () => {
    const t = status('100001', 'cancelled', '2026-03-02T10:00:00Z');
    expect([t.status, t.state, t.resolved_at]).toEqual(['cancelled', 'closed', '2026-03-02T10:00:00.000Z']);
    expect(s.json(['--as', 'john', 'ticket', 'list', '--queue', 'closed']).map((x: any) => x.status)).toEqual(['cancelled']);
    // An end user's answer reopens it, as for resolved.
    const back = s.json(['--as', 'karen@example.com', 'ticket', 'reply', '100001', '--body', 'Still broken'], at('2026-03-02T11:00:00Z'));
    expect([back.status, back.reopened_count]).toEqual(['open', 1]);
    status('100001', 'closed', '2026-03-02T12:00:00Z');
    refused(['--as', 'john', 'ticket', 'status', '100001', 'cancelled'], 5, /closed ticket cannot become Cancelled/);
  });

  it('--pause stops the resolution clock, never the first response', () => {
    // Created 09:00: due 17:00, first response due 11:00. On hold 10:00–13:00 (3h): due 20:00.
    const held = status('100001', 'on-hold', '2026-03-02T10:00:00Z');
    expect([held.due_at, held.first_response_due_at]).toEqual(['2026-03-02T17:00:00.000Z', '2026-03-02T11:00:00.000Z']);
    // Paused past its due time: not overdue.
    expect(s.json(['--as', 'john', 'ticket', 'show', '100001'], at('2026-03-02T18:00:00Z')).overdue).toBe(false);
    const resumed = status('100001', 'in-progress', '2026-03-02T13:00:00Z');
    expect([resumed.due_at, resumed.first_response_due_at]).toEqual(['2026-03-02T20:00:00.000Z', '2026-03-02T11:00:00.000Z']);
    // A second hold 14:00–15:30 (1.5h) adds to it: 21:30; resolving from the hold ends the pause.
    status('100001', 'on-hold', '2026-03-02T14:00:00Z');
    const done = status('100001', 'resolved', '2026-03-02T15:30:00Z');
    expect(done.due_at).toBe('2026-03-02T21:30:00.000Z');
    expect(s.json(['--as', 'john', 'ticket', 'show', '100001'], at('2026-03-02T22:00:00Z')).overdue).toBe(false);
  });

  it('without --pause the clock keeps running', () => {
    ok(['--as', 'admin', 'status', 'add', 'With Vendor', '--state', 'open']);
    status('100001', 'with-vendor', '2026-03-02T10:00:00Z');
    const back = status('100001', 'in-progress', '2026-03-02T13:00:00Z');
    expect(back.due_at).toBe('2026-03-02T17:00:00.000Z');
    expect(s.json(['--as', 'john', 'ticket', 'show', '100001'], at('2026-03-02T18:00:00Z')).overdue).toBe(true);
  });
});

describe('export and import carry custom statuses', () => {
  it('round trip: the statuses, each ticket in its custom status, the pause and the due times are the same', () => {
    ok(['--as', 'john', 'ticket', 'create', '--user', 'karen@example.com', '--subject', 'Refund', '--body', 'x', '--sla', 'Flat']);
    status('100001', 'on-hold', '2026-03-02T10:00:00Z');
    status('100002', 'cancelled', '2026-03-02T10:30:00Z');
    const file = `${s.dir}/desk.json`;
    ok(['--as', 'admin', 'export', '--out', file], '2026-03-02T11:00:00Z');
    const copy = `${s.dir}/copy.db`;
    const imported = s.hd(['--db', copy, 'import', file], at('2026-03-02T11:00:00Z'));
    expect(imported.code, imported.stderr).toBe(0);
    const inCopy = (args: string[], iso = '2026-03-02T11:00:00Z') => s.json(['--db', copy, '--as', 'admin', ...args], at(iso));
    expect(inCopy(['status', 'list']).filter((x: any) => !x.builtin)).toEqual([
      { key: 'cancelled', name: 'Cancelled', state: 'closed', pause: false, builtin: false, tickets: 1 },
      { key: 'on-hold', name: 'On Hold', state: 'open', pause: true, builtin: false, tickets: 1 },
    ]);
    const strip = (t: any) => ({ ...t, events: t.events.map((e: any) => ({ ...e, id: undefined })) });
    for (const n of ['100001', '100002']) {
      const [a, b] = [s.json(['--as', 'admin', 'ticket', 'show', n], at('2026-03-02T11:00:00Z')), inCopy(['ticket', 'show', n])];
      expect(strip(b)).toEqual(strip(a));
    }
    expect(inCopy(['ticket', 'list', '--status', 'on-hold']).map((x: any) => x.number)).toEqual(['100001']);
    expect(inCopy(['ticket', 'list', '--queue', 'closed']).map((x: any) => x.status)).toEqual(['cancelled']);
    // The imported hold still stands the clock still: leaving it at 13:00 adds 3 h, due 20:00 (as before export).
    expect(inCopy(['ticket', 'status', '100001', 'in-progress'], '2026-03-02T13:00:00Z').due_at).toBe('2026-03-02T20:00:00.000Z');
    refused(['--db', copy, '--as', 'admin', 'status', 'remove', 'cancelled'], 5, /in use by 1 ticket/);
    // Exported again, the copy gives the same custom statuses and ticket statuses.
    const again = `${s.dir}/again.json`;
    expect(s.hd(['--db', copy, '--as', 'admin', 'export', '--out', again], at('2026-03-02T11:00:00Z')).code).toBe(0);
    const statusesOf = (path: string) => JSON.parse(readFileSync(path, 'utf8')).organisation.statuses.map((x: any) => [x.key, x.name, x.state, x.pause]);
    expect(statusesOf(again)).toEqual(statusesOf(file));
  });

  it('refuses a ticket in a custom status the file and the database lack, and a status shadowing a built-in (exit 2, nothing imported)', () => {
    status('100001', 'on-hold', '2026-03-02T10:00:00Z');
    const file = `${s.dir}/desk.json`;
    ok(['--as', 'admin', 'export', '--out', file], '2026-03-02T11:00:00Z');
    const text = readFileSync(file, 'utf8');
    const cases: Array<[string, string, RegExp]> = [
      ['unknown', text.replace(/"statuses":\[[^\]]*\]/, '"statuses":[]'), /status.*'on-hold'|'on-hold'.*status/],
      ['shadow', text.replace('"name":"Cancelled"', '"name":"Resolved"'), /built-in status resolved/],
      ['badkey', text.replace('"status":"on-hold"', '"status":"On Hold"'), /key of a custom status/],
    ];
    for (const [name, body, message] of cases) {
      expect(body, name).not.toBe(text);
      const bad = `${s.dir}/${name}.json`;
      writeFileSync(bad, body);
      const copy = `${s.dir}/${name}.db`;
      ok(['--db', copy, 'init', '--sample', 'lab'], '2026-03-02T08:00:00Z');
      const before = dbDigest(copy);
      const r = s.hd(['--db', copy, '--as', 'admin', 'import', bad], at('2026-03-02T11:00:00Z'));
      expect(r.code, `${name}: ${r.stderr}`).toBe(2);
      expect(r.stderr.split('\n')[0], name).toMatch(message);
      expect(dbDigest(copy), name).toBe(before);
    }
  });
});

describe('custom statuses where people read tickets', () => {
  it('the ticket object carries status_name; ticket show, the confirmation and lists use the name; TSV keeps the key', () => {
    const t = status('100001', 'on-hold', '2026-03-02T10:00:00Z');
    expect([t.status, t.status_name]).toEqual(['on-hold', 'On Hold']);
    expect(s.json(['--as', 'john', 'ticket', 'show', '100001'], at('2026-03-02T10:00:00Z')).status_name).toBe('On Hold');
    expect(s.json(['--as', 'john', 'ticket', 'list'], at('2026-03-02T10:00:00Z'))[0].status_name).toBe('On Hold');
    const back = s.hd(['--as', 'john', 'ticket', 'status', '100001', 'in-progress'], at('2026-03-02T10:30:00Z'));
    expect(back.stderr).toContain('#100001 is now In Progress');
    const again = s.hd(['--as', 'john', 'ticket', 'status', '100001', 'On Hold'], at('2026-03-02T11:00:00Z'));
    expect(again.stderr).toContain('#100001 is now On Hold');
    expect(s.hd(['--as', 'john', 'ticket', 'show', '100001'], at('2026-03-02T11:00:00Z')).stdout).toMatch(/^Status {4}On Hold {2}\(custom status, open\)$/m);
    expect(ok(['--as', 'john', 'ticket', 'list'], '2026-03-02T11:00:00Z').split('\t')[1]).toBe('on-hold');
    const hits = s.json(['--as', 'john', 'ticket', 'search', 'VPN'], at('2026-03-02T11:00:00Z'));
    expect(hits.map((h: any) => [h.status, h.status_name])).toEqual([['on-hold', 'On Hold']]);
  });

  it('report --by status groups by the status as tickets show it (hand-computed)', () => {
    ok(['--as', 'john', 'ticket', 'create', '--user', 'karen@example.com', '--subject', 'Refund', '--body', 'x', '--sla', 'Flat']);
    ok(['--as', 'john', 'ticket', 'create', '--user', 'karen@example.com', '--subject', 'Mouse', '--body', 'x', '--sla', 'Flat']);
    status('100001', 'on-hold', '2026-03-02T10:00:00Z');
    status('100002', 'cancelled', '2026-03-02T10:30:00Z');
    const r = s.json(['--as', 'admin', 'report', '--by', 'status', '--since', '2026-03-01'], at('2026-03-02T12:00:00Z'));
    const groups = r.groups.map((g: any) => [g.key, g.created, g.resolved, g.backlog]);
    // 100001 on hold (open), 100002 cancelled (a closed state: resolved), 100003 untouched (open).
    expect(groups).toEqual([['cancelled', 1, 1, 0], ['on-hold', 1, 0, 1], ['open', 1, 0, 1]]);
  });

  it('automate run closes a closed-state custom status like resolved, after ticket.autoclose_after; the status can then go', () => {
    status('100001', 'cancelled', '2026-03-02T10:00:00Z');
    expect(s.json(['automate', 'run'], at('2026-03-09T09:59:00Z')).counts.closed).toBe(0);
    const run = s.json(['automate', 'run'], at('2026-03-09T10:00:00Z'));
    expect(run.closed).toEqual([{ number: '100001', subject: 'VPN', from: 'cancelled', rule: 'ticket.autoclose_after' }]);
    const t = s.json(['--as', 'john', 'ticket', 'show', '100001'], at('2026-03-09T10:00:00Z'));
    expect([t.status, t.status_name, t.state]).toEqual(['closed', 'Closed', 'closed']);
    expect(t.events.at(-1)).toMatchObject({ type: 'status', data: { from: 'cancelled', to: 'closed', rule: 'ticket.autoclose_after' } });
    expect(s.json(['automate', 'run'], at('2026-03-09T10:00:00Z')).counts.closed).toBe(0);
    ok(['--as', 'admin', 'status', 'remove', 'cancelled']);
  });

  it('on a terminal, ticket status offers the custom statuses after the built-in ones, by name', async () => {
    const env = { ...s.env, HELPDESK_NOW: T0 };
    delete (env as Record<string, string | undefined>).NO_COLOR;
    const t = terminal(['--as', 'john', 'ticket', 'status', '100001'], env);
    await t.waitFor('On Hold');
    expect(plain(t.output)).toContain('Cancelled');
    t.type(KEY.down.repeat(6) + KEY.enter); // Open … Closed, Cancelled, On Hold
    expect(await t.exited).toBe(0);
    expect(plain(t.output)).toContain('#100001 is now On Hold');
    expect(s.json(['--as', 'john', 'ticket', 'show', '100001']).status).toBe('on-hold');
  });

  it('in the interactive desk, Change status offers the custom statuses the ticket may move to', async () => {
    const env = { ...s.env, HELPDESK_NOW: T0 };
    delete (env as Record<string, string | undefined>).NO_COLOR;
    const t = terminal(['--as', 'john'], env);
    await t.waitFor('What next?');
    t.type(KEY.enter); // Work a ticket
    await t.waitFor('Which ticket?');
    t.type(KEY.enter); // #100001
    await t.waitFor('#100001: what now?');
    t.type(KEY.down.repeat(2) + KEY.enter); // Reply, Internal note, Change status
    await t.waitFor('New status');
    await t.waitFor('On Hold');
    // From Open: In Progress, Awaiting Response, Resolved, Closed, Cancelled, On Hold.
    const back = t.waitForNext('#100001: what now?');
    t.type(KEY.down.repeat(5) + KEY.enter);
    await back;
    t.type(KEY.ctrlC);
    await t.exited;
    expect(s.json(['--as', 'john', 'ticket', 'show', '100001']).status).toBe('on-hold');
  });
});

describe('custom statuses through a server', () => {
  it('status add|list|remove and ticket status with a custom status answer as locally', async () => {
    const admin = ok(['--as', 'admin', 'token', 'create']);
    const john = ok(['--as', 'john', 'token', 'create']);
    const srv = await serve(s, [], { HELPDESK_NOW: T0 });
    try {
      const remote = (token: string, args: string[]) => s.hd(args, { env: { HELPDESK_DB: '', HELPDESK_URL: srv.url, HELPDESK_TOKEN: token, HELPDESK_NOW: T0 } });
      const added = remote(admin, ['status', 'add', 'With Vendor', '--state', 'open', '--json']);
      expect(added.code, added.stderr).toBe(0);
      expect(JSON.parse(added.stdout)).toEqual({ key: 'with-vendor', name: 'With Vendor', state: 'open', pause: false, builtin: false, tickets: 0 });
      const denied = remote(john, ['status', 'add', 'Later', '--state', 'open']);
      expect([denied.code, denied.stderr.split('\n')[0]]).toEqual([4, 'helpdesk: access denied: only admins may add statuses']);
      const shadow = remote(admin, ['status', 'add', 'Closed', '--state', 'closed']);
      expect([shadow.code, shadow.stderr.split('\n')[0]]).toEqual([5, "helpdesk: 'Closed' is the built-in status closed"]);
      expect(JSON.parse(remote(john, ['status', 'list', '--json']).stdout).map((x: any) => x.key)).toContain('with-vendor');
      const moved = remote(john, ['ticket', 'status', '100001', 'With Vendor', '--json']);
      expect(moved.code, moved.stderr).toBe(0);
      expect([JSON.parse(moved.stdout).status, JSON.parse(moved.stdout).status_name]).toEqual(['with-vendor', 'With Vendor']);
      const unknown = remote(john, ['ticket', 'status', '100001', 'someday']);
      expect([unknown.code, unknown.stderr.split('\n')[0]]).toEqual([2, "helpdesk: unknown status 'someday'"]);
      const inUse = remote(admin, ['status', 'remove', 'with-vendor']);
      expect([inUse.code, inUse.stderr.split('\n')[0]]).toEqual([5, "helpdesk: status 'With Vendor' is in use by 1 ticket"]);
    } finally {
      expect(await srv.stop()).toBe(0);
    }
  });
});

describe('a pausing custom status in the SLA tools', () => {
  it('sla-explain shows the pause, a plan change keeps it, and sla simulate replays it (hand-computed)', () => {
    // Created 09:00 on Flat (8 h, 24/7); on hold from 10:00.
    status('100001', 'on-hold', '2026-03-02T10:00:00Z');
    const explained = s.json(['--as', 'john', 'ticket', 'sla-explain', '100001'], at('2026-03-02T12:00:00Z'));
    expect(explained.ledger.filter((e: any) => e.kind === 'paused')).toEqual([
      { kind: 'paused', at: '2026-03-02T10:00:00.000Z', until: null, minutes: 120, detail: 'in status on-hold' },
    ]);
    expect(explained.ledger.filter((e: any) => e.kind === 'counted').map((e: any) => [e.at, e.until])).toEqual([
      ['2026-03-02T09:00:00.000Z', '2026-03-02T10:00:00.000Z'],
    ]);
    // Simulating the plan it has gives back its own due time: 09:00 + 8 h + the 3 h hold (10:00-13:00) = 20:00.
    const back = status('100001', 'in-progress', '2026-03-02T13:00:00Z');
    expect(back.due_at).toBe('2026-03-02T20:00:00.000Z');
    const sim = s.json(['--as', 'john', 'sla', 'simulate', '--plan', 'Flat', '--since', '2026-03-01'], at('2026-03-02T14:00:00Z'));
    const t = sim.tickets.find((x: any) => x.number === '100001');
    expect([t.actual.due_at, t.simulated.due_at]).toEqual(['2026-03-02T20:00:00.000Z', '2026-03-02T20:00:00.000Z']);
    // On hold again from 14:00; moved at 15:00 to a 10 h plan that does not pause for awaiting: the hold
    // still stands the clock still. Back at 17:00: 09:00 + 10 h + 3 h + 3 h (14:00-17:00) = 01:00 next day.
    ok(['--as', 'admin', 'sla', 'add', 'Ten', '--hours', '10']);
    status('100001', 'on-hold', '2026-03-02T14:00:00Z');
    const moved = s.json(['--as', 'john', 'ticket', 'sla', '100001', 'Ten'], at('2026-03-02T15:00:00Z'));
    expect(s.json(['--as', 'john', 'ticket', 'show', '100001'], at('2026-03-02T16:00:00Z')).overdue).toBe(false);
    expect(moved.sla).toBe('Ten');
    expect(status('100001', 'in-progress', '2026-03-02T17:00:00Z').due_at).toBe('2026-03-03T01:00:00.000Z');
  });

  it('sla edit of the plan keeps a hold standing still', () => {
    status('100001', 'on-hold', '2026-03-02T10:00:00Z');
    ok(['--as', 'admin', 'sla', 'edit', 'Flat', '--hours', '9', '--no-pause-awaiting'], '2026-03-02T11:00:00Z');
    // 09:00 + 9 h + the hold 10:00-12:00 = 20:00.
    expect(status('100001', 'in-progress', '2026-03-02T12:00:00Z').due_at).toBe('2026-03-02T20:00:00.000Z');
  });
});
