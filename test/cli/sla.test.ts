/**
 * The SLA engine through the built binary: the Adobe-upgrade ticket (Sev-C, Friday 16:00 → Monday 15:00)
 * into the overdue queue, the cron check (twice: one event), a pausing plan, schedules, and bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbDigest, query, sandbox, type Sandbox } from '../helpers/cli.js';

let s: Sandbox;
const at = (iso: string) => ({ env: { HELPDESK_NOW: iso } });
const FRIDAY = '2026-03-06T16:00:00Z';

beforeAll(async () => {
  s = sandbox();
  expect((await s.run(['init', '--sample', 'lab'], at('2026-03-02T08:00:00Z'))).code).toBe(0);
});
afterAll(async () => s.cleanup());

describe('the Adobe upgrade (Sev-C on Business Hours)', () => {
  it('created Friday 16:00 is due Monday 15:00', async () => {
    const r = await s.run(['--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'Upgrade Adobe Reader',
      '--body', 'Please upgrade to the latest version.', '--sla', 'Sev-C'], at(FRIDAY));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('100001\n');
    expect(r.stderr).toBe('Created ticket #100001 · Sev-C · due in 2d 23h\n');
    const t = await s.runJson(['--as', 'john', 'ticket', 'show', '100001'], at(FRIDAY));
    expect(t.due_at).toBe('2026-03-09T15:00:00.000Z');
    expect(t.clock.explanation).toEqual([
      'Plan Sev-C: resolve within 8h of business time on Business Hours (mon-fri 08:00-17:00, time zone UTC).',
      'Clock started Fri 2026-03-06 16:00 when the ticket was created.',
      'Counted 8h of open hours: Fri 2026-03-06 16:00–17:00 (1h), Mon 2026-03-09 08:00–15:00 (7h) → due Mon 2026-03-09 15:00.',
      '8h of business time left; due Mon 2026-03-09 15:00 if nothing changes.',
    ]);
  });

  it('ticket show explains the clock for people too', async () => {
    const r = await s.run(['--as', 'john', 'ticket', 'show', '100001'], at('2026-03-09T14:18:00Z'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('SLA       Sev-C · due in 42m (2026-03-09 15:00 UTC)\n');
    expect(r.stdout).toContain('SLA clock\n  · Plan Sev-C: resolve within 8h of business time on Business Hours');
    expect(r.stdout).toContain('  · 42m of business time left; due Mon 2026-03-09 15:00 if nothing changes.\n');
  });

  it('is not overdue at 15:00 and is in the overdue queue a minute later', async () => {
    expect(await s.runJson(['--as', 'john', 'ticket', 'list', '--queue', 'overdue'], at('2026-03-09T15:00:00Z'))).toEqual([]);
    const list = await s.runJson(['--as', 'john', 'ticket', 'list', '--queue', 'overdue', '--sort', 'due'], at('2026-03-09T15:01:00Z'));
    expect(list.map((t: { number: string; overdue: boolean }) => [t.number, t.overdue])).toEqual([['100001', true]]);
    const piped = await s.run(['--as', 'john', 'sla', 'status'], at('2026-03-09T18:00:00Z'));
    expect(piped.stdout).toBe('100001\tresolution\t2026-03-09T15:00:00.000Z\toverdue\t-120\tSev-C\t\tUpgrade Adobe Reader\n');
  });

  it('sla check records the breach once and queues the alert, without any identity; the second run changes nothing', async () => {
    const noLogin = { env: { HELPDESK_NOW: '2026-03-09T16:00:00Z', XDG_STATE_HOME: `${s.dir}/nobody` } };
    const first = await s.runJson(['sla', 'check'], noLogin);
    expect(first).toEqual({
      checked_at: '2026-03-09T16:00:00.000Z',
      breaches: [{
        number: '100001', subject: 'Upgrade Adobe Reader', clock: 'resolution', due_at: '2026-03-09T15:00:00.000Z',
        overdue_minutes: 60, alerted: ['admin@helpdesk.example.com', 'john@helpdesk.example.com'],
      }],
      count: 1,
      omitted: 0,
    });
    const digest = dbDigest(s.db);
    const second = await s.run(['sla', 'check'], noLogin);
    expect(second).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(dbDigest(s.db)).toBe(digest);
    const events = (await s.runJson(['--as', 'john', 'ticket', 'show', '100001'], at('2026-03-09T16:00:00Z'))).events
      .filter((e: { type: string }) => e.type === 'overdue');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: 'system', at: '2026-03-09T16:00:00.000Z', data: { clock: 'resolution', due_at: '2026-03-09T15:00:00.000Z' } });
    const outbox = query(s.db, "SELECT kind, to_addr, subject, status FROM outbox ORDER BY id");
    expect(outbox).toEqual([
      { kind: 'sla-alert', to_addr: 'admin@helpdesk.example.com', subject: '[SLA] Overdue: Upgrade Adobe Reader [#100001]', status: 'pending' },
      { kind: 'sla-alert', to_addr: 'john@helpdesk.example.com', subject: '[SLA] Overdue: Upgrade Adobe Reader [#100001]', status: 'pending' },
    ]);
  });

  it('resolving takes it out of the overdue queue', async () => {
    expect((await s.run(['--as', 'john', 'ticket', 'status', '100001', 'resolved'], at('2026-03-09T16:30:00Z'))).code).toBe(0);
    expect(await s.runJson(['--as', 'john', 'ticket', 'list', '--queue', 'overdue'], at('2026-03-09T16:30:00Z'))).toEqual([]);
  });
});

describe('schedules and plans', () => {
  it('an admin adds a schedule with lunch breaks, a holiday and a time zone, and a pausing plan on it', async () => {
    const sched = await s.runJson(['--as', 'admin', 'schedule', 'add', 'NY Office', '--hours', 'mon-fri 09:00-12:00,13:00-17:00',
      '--holiday', '2026-03-10', '--timezone', 'America/New_York']);
    expect(sched).toEqual({ name: 'NY Office', hours: 'mon-fri 09:00-12:00,13:00-17:00', timezone: 'America/New_York', holidays: ['2026-03-10'], plans: [] });
    const plan = await s.runJson(['--as', 'admin', 'sla', 'add', 'Gold', '--hours', '4', '--first-response', '0.5', '--schedule', 'ny office', '--pause-awaiting']);
    expect(plan).toEqual({ name: 'Gold', hours: 4, minutes: 240, first_response_hours: 0.5, first_response_minutes: 30, schedule: 'NY Office', pause_awaiting: true });
    expect((await s.run(['--as', 'john', 'sla', 'list'])).stdout).toContain('Gold\t4\t0.5\tNY Office\tpause\n');
    expect((await s.run(['--as', 'john', 'schedule', 'list'])).stdout).toBe(
      'Business Hours\tmon-fri 08:00-17:00\tUTC\t\tSev-C\nNY Office\tmon-fri 09:00-12:00,13:00-17:00\tAmerica/New_York\t2026-03-10\tGold\n');
  });

  it('the pausing plan stops the clock while awaiting the end user', async () => {
    // Monday 2026-03-09 13:00 New York (EDT) = 17:00Z; 4 h: 13:00-17:00 local → due 21:00Z.
    const t = await s.runJson(['--as', 'john', 'ticket', 'create', '--user', 'karen@example.com', '--subject', 'VPN', '--body', 'down', '--sla', 'Gold'],
      at('2026-03-09T17:00:00Z'));
    expect([t.number, t.due_at, t.first_response_due_at]).toEqual(['100002', '2026-03-09T21:00:00.000Z', '2026-03-09T17:30:00.000Z']);
    const asked = await s.runJson(['--as', 'john', 'ticket', 'reply', '100002', '--body', 'Logs please', '--status', 'awaiting-response'], at('2026-03-09T18:00:00Z'));
    expect(asked.status).toBe('awaiting-response');
    const waiting = await s.runJson(['--as', 'john', 'ticket', 'show', '100002'], at('2026-03-11T20:00:00Z'));
    expect([waiting.overdue, waiting.clock.state, waiting.clock.business_minutes_left]).toEqual([false, 'paused', 180]);
    // Karen answers Wednesday 16:00 local (20:00Z): paused Mon 14:00-17:00 (3 h), Tue holiday, Wed 09-12 + 13-16 (6 h) = 9 h.
    const back = await s.runJson(['--as', 'karen@example.com', 'ticket', 'reply', '100002', '--body', 'Attached'], at('2026-03-11T20:00:00Z'));
    expect(back.status).toBe('open');
    // 3 h left from Wed 16:00 local: 16:00-17:00, Thu 09:00-11:00 → Thu 11:00 EDT = 15:00Z.
    expect(back.due_at).toBe('2026-03-12T15:00:00.000Z');
    expect(back.first_response_due_at).toBe('2026-03-09T17:30:00.000Z');
  });
});

describe('bad input changes nothing', () => {
  const cases: Array<[string, string[], number, RegExp, RegExp]> = [
    ['malformed --hours', ['schedule', 'add', 'X', '--hours', 'mon-fri 8-17'], 2, /malformed time range '8-17'/, /example: --hours "mon-fri 08:00-17:00/],
    ['overlapping ranges', ['schedule', 'add', 'X', '--hours', 'mon-fri 08:00-12:00,11:00-17:00'], 2, /overlapping ranges on mon/, /example: --hours/],
    ['unknown time zone', ['schedule', 'add', 'X', '--hours', 'mon 08:00-17:00', '--timezone', 'Europe/Paris-ish'], 2, /unknown time zone 'Europe\/Paris-ish'/, /example: America\/New_York/],
    ['holiday that is not a date', ['schedule', 'add', 'X', '--hours', 'mon 08:00-17:00', '--holiday', 'christmas'], 2, /invalid holiday 'christmas'/, /example: 2026-12-25/],
    ['missing --hours', ['schedule', 'add', 'X'], 2, /missing --hours/, /example: --hours/],
    ['zero target', ['sla', 'add', 'Z', '--hours', '0'], 2, /--hours must be more than 0 hours/, /example: --hours 8/],
    ['negative target', ['sla', 'add', 'Z', '--hours', '-2'], 2, /--hours must be more than 0 hours/, /example: --hours 8/],
    ['negative first response', ['sla', 'add', 'Z', '--hours', '2', '--first-response', '-1'], 2, /--first-response must be more than 0/, /example: --first-response 8/],
    ['non-numeric target', ['sla', 'add', 'Z', '--hours', 'eight'], 2, /--hours 'eight' is not a number of hours/, /example/],
    ['unknown schedule', ['sla', 'add', 'Z', '--hours', '2', '--schedule', 'Office'], 3, /no schedule named 'Office'/, /valid: Business Hours, NY Office/],
    ['duplicate plan', ['sla', 'add', 'sev-c', '--hours', '2'], 5, /SLA plan 'sev-c' already exists/, /./],
    ['holiday on an unknown schedule', ['schedule', 'holiday', 'add', 'Nope', '2026-12-25'], 3, /no schedule named 'Nope'/, /./],
    ['bad report window', ['report', '--since', 'last week'], 2, /--since 'last week' is not a date/, /--since 30d/],
    ['bad report grouping', ['report', '--by', 'tier'], 2, /cannot group a report by 'tier'/, /valid: dept, agent, sla, topic, team/],
  ];
  it.each(cases)('%s: %j → exit %i', async (_name, args, code, message, hint) => {
    const before = dbDigest(s.db);
    const r = await s.run(['--as', 'admin', ...args], at('2026-03-12T12:00:00Z'));
    expect(r.code, r.stderr).toBe(code);
    expect(r.stdout).toBe('');
    const [first, second] = r.stderr.split('\n');
    expect(first).toMatch(/^helpdesk: /);
    expect(first).toMatch(message);
    expect(second).toMatch(/^hint: /);
    expect(second).toMatch(hint);
    expect(dbDigest(s.db)).toBe(before);
  });

  it.each([
    ['schedule add', ['schedule', 'add', 'X', '--hours', 'mon 08:00-17:00']],
    ['sla add', ['sla', 'add', 'Z', '--hours', '2']],
    ['holiday add', ['schedule', 'holiday', 'add', 'Business Hours', '2026-12-25']],
  ])('%s is for admins only (exit 4)', async (_name, args) => {
    const before = dbDigest(s.db);
    const r = await s.run(['--as', 'john', ...args]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^helpdesk: access denied: only admins may/);
    expect(dbDigest(s.db)).toBe(before);
  });

  it('sla list and schedule list are for agents, not end users', async () => {
    expect((await s.run(['--as', 'karen@example.com', 'sla', 'list'])).code).toBe(4);
    expect((await s.run(['--as', 'karen@example.com', 'schedule', 'list'])).code).toBe(4);
  });
});
