/**
 * `helpdesk report` on a small, hand-computed data set (lab organisation, business hours mon-fri
 * 08:00-17:00 UTC). Every number below is worked out in the comments.
 *
 *   #100001 Sev-C (Business Hours), john: created Mon 09:00, reply 10:00 (60 min), resolved 12:00 (180 min; due 17:00: met)
 *   #100002 Sev-A (1 h 24/7), john:       created Mon 09:00, reply 09:30 (30 min), resolved 11:00 (120 min; due 10:00: missed)
 *   #100003 Default SLA (18 h), nobody:  created Tue 09:00, untouched: due Wed 03:00, overdue at Wed 12:00
 *   #100004 Sev-C, john:                 created Tue 09:00, reply 11:00 (120 min), resolved 12:00, reopened by the user 15:00
 *                                        (clock restarts: due Wed 14:00), resolved Wed 10:00: met; created→resolved
 *                                        = Tue 09-17 (480) + Wed 08-10 (120) = 600 business minutes
 *   #100005 Gold (4 h 24/7, first response 0.5 h), john: created Wed 09:00, reply 09:45 (45 min > 30: missed), open, due 13:00
 *
 * Now = Wed 2026-03-04 12:00.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../helpers/cli.js';
import { plain, terminal } from '../helpers/pty.js';

let s: Sandbox;
const at = (iso: string) => ({ env: { HELPDESK_NOW: iso } });
const NOW = at('2026-03-04T12:00:00Z');

function run(args: string[], iso: string): string {
  const r = s.hd(args, at(iso));
  if (r.code !== 0) throw new Error(`helpdesk ${args.join(' ')} → ${r.code}: ${r.stderr}`);
  return r.stdout.trim();
}
const create = (iso: string, sla: string, assign?: string) =>
  run(['--as', 'john', 'ticket', 'create', '--user', 'karen@example.com', '--subject', `On ${sla}`, '--body', 'x', '--sla', sla,
    ...(assign ? ['--assign', assign] : [])], iso);
const reply = (n: string, iso: string) => run(['--as', 'john', 'ticket', 'reply', n, '--body', 'On it'], iso);
const status = (n: string, st: string, iso: string) => run(['--as', 'john', 'ticket', 'status', n, st], iso);

beforeAll(() => {
  s = sandbox();
  run(['init', '--sample', 'lab'], '2026-03-02T08:00:00Z');
  run(['--as', 'admin', 'sla', 'add', 'Gold', '--hours', '4', '--first-response', '0.5'], '2026-03-02T08:00:00Z');
  create('2026-03-02T09:00:00Z', 'Sev-C', 'john');
  reply('100001', '2026-03-02T10:00:00Z');
  status('100001', 'resolved', '2026-03-02T12:00:00Z');
  create('2026-03-02T09:00:00Z', 'Sev-A', 'john');
  reply('100002', '2026-03-02T09:30:00Z');
  status('100002', 'resolved', '2026-03-02T11:00:00Z');
  create('2026-03-03T09:00:00Z', 'Default SLA');
  create('2026-03-03T09:00:00Z', 'Sev-C', 'john');
  reply('100004', '2026-03-03T11:00:00Z');
  status('100004', 'resolved', '2026-03-03T12:00:00Z');
  run(['--as', 'karen@example.com', 'ticket', 'reply', '100004', '--body', 'Still broken'], '2026-03-03T15:00:00Z');
  status('100004', 'resolved', '2026-03-04T10:00:00Z');
  create('2026-03-04T09:00:00Z', 'Gold', 'john');
  reply('100005', '2026-03-04T09:45:00Z');
});
afterAll(() => s.cleanup());

describe('report', () => {
  it('gives the whole window field by field', () => {
    const r = s.json(['--as', 'admin', 'report'], NOW);
    expect(r).toEqual({
      created: 5,
      resolved: 3,                         // 100001, 100002, 100004
      backlog: 2,                          // 100003, 100005
      overdue: 1,                          // 100003
      first_response_overdue: 0,
      reopened: 1,                         // 100004
      reopen_rate_pct: 33.3,               // 1 of the 3 ever resolved
      sla_compliance_pct: 66.7,            // 100001 and 100004 met, 100002 missed
      first_response_compliance_pct: 0,    // only Gold has a first-response target: 45 > 30
      first_response_median_minutes: 52.5, // [30, 45, 60, 120]
      first_response_p90_minutes: 102,     // 60 + 0.7 × (120 − 60)
      resolution_median_minutes: 180,      // [120, 180, 600]
      resolution_p90_minutes: 516,         // 180 + 0.8 × (600 − 180)
      time_spent_minutes: 0,               // nobody logged time
      csat_average: null,                  // nobody rated a ticket
      csat_responses: 0,
      groups: [],
      by: null,
      since: null,
      until: null,
      timezone: 'UTC',
      generated_at: '2026-03-04T12:00:00.000Z',
      daily: [
        { date: '2026-03-02', created: 2, resolved: 2 },
        { date: '2026-03-03', created: 2, resolved: 0 }, // 100004's first resolution was undone by the reopen
        { date: '2026-03-04', created: 1, resolved: 1 },
      ],
    });
  });

  it('groups by agent, unassigned last', () => {
    const r = s.json(['--as', 'admin', 'report', '--by', 'agent'], NOW);
    expect(r.groups).toEqual([
      {
        key: 'john', created: 4, resolved: 3, backlog: 1, overdue: 0, first_response_overdue: 0, reopened: 1, reopen_rate_pct: 33.3,
        sla_compliance_pct: 66.7, first_response_compliance_pct: 0, first_response_median_minutes: 52.5, first_response_p90_minutes: 102,
        resolution_median_minutes: 180, resolution_p90_minutes: 516, time_spent_minutes: 0, csat_average: null, csat_responses: 0,
      },
      {
        key: '(unassigned)', created: 1, resolved: 0, backlog: 1, overdue: 1, first_response_overdue: 0, reopened: 0, reopen_rate_pct: null,
        sla_compliance_pct: null, first_response_compliance_pct: null, first_response_median_minutes: null, first_response_p90_minutes: null,
        resolution_median_minutes: null, resolution_p90_minutes: null, time_spent_minutes: 0, csat_average: null, csat_responses: 0,
      },
    ]);
    expect(r.created).toBe(5);
  });

  it('groups by plan', () => {
    const r = s.json(['--as', 'admin', 'report', '--by', 'sla'], NOW);
    expect(r.groups.map((g: { key: string; created: number; sla_compliance_pct: number | null; resolution_median_minutes: number | null }) =>
      [g.key, g.created, g.sla_compliance_pct, g.resolution_median_minutes])).toEqual([
      ['Default SLA', 1, null, null],
      ['Gold', 1, null, null],
      ['Sev-A', 1, 0, 120],
      ['Sev-C', 2, 100, 390],
    ]);
  });

  it('limits the window with --since (a local day) and --until', () => {
    const r = s.json(['--as', 'admin', 'report', '--since', '2026-03-03', '--until', '2026-03-03'], NOW);
    expect(r).toMatchObject({
      since: '2026-03-03T00:00:00.000Z', until: '2026-03-04T00:00:00.000Z',
      created: 2, resolved: 1, backlog: 1, overdue: 1, reopened: 1, reopen_rate_pct: 100, sla_compliance_pct: 100,
      first_response_median_minutes: 120, resolution_median_minutes: 600,
    });
    expect(r.daily).toEqual([{ date: '2026-03-03', created: 2, resolved: 0 }]);
    expect(s.json(['--as', 'admin', 'report', '--since', '1d'], NOW).created).toBe(1);
  });

  it('counts only tickets the actor may see', () => {
    // Jane (Online Banking) sees none of these Support tickets.
    expect(s.json(['--as', 'jane', 'report'], NOW)).toMatchObject({ created: 0, resolved: 0, sla_compliance_pct: null, daily: [] });
    expect(s.hd(['--as', 'karen@example.com', 'report'], NOW).code).toBe(4);
  });

  it('writes CSV with a header, and TSV rows when piped', () => {
    const csv = s.hd(['--as', 'admin', 'report', '--by', 'agent', '--csv'], NOW);
    expect(csv.stdout).toBe([
      'agent,created,resolved,backlog,overdue,first_response_overdue,reopened,reopen_rate_pct,sla_compliance_pct,first_response_compliance_pct,' +
        'first_response_median_minutes,first_response_p90_minutes,resolution_median_minutes,resolution_p90_minutes,time_spent_minutes',
      'john,4,3,1,0,0,1,33.3,66.7,0,52.5,102,180,516,0',
      '(unassigned),1,0,1,1,0,0,,,,,,,,0',
      'total,5,3,2,1,0,1,33.3,66.7,0,52.5,102,180,516,0',
      '',
    ].join('\n'));
    const tsv = s.hd(['--as', 'admin', 'report'], NOW);
    expect(tsv.stdout).toBe('total\t5\t3\t2\t1\t0\t1\t33.3\t66.7\t0\t52.5\t102\t180\t516\t0\n');
    expect(s.hd(['--as', 'admin', 'report', '--csv', '--json'], NOW).code).toBe(2);
  });

  it('draws bars per group and a sparkline of daily created vs resolved on a terminal', async () => {
    const t = terminal(['--as', 'admin', 'report', '--by', 'agent'], { ...s.env, HELPDESK_NOW: '2026-03-04T12:00:00Z' });
    expect(await t.exited).toBe(0);
    const screen = plain(t.output);
    expect(screen).toContain('Created / resolved    5 / 3');
    expect(screen).toContain('Resolution SLA         66.7% ██████▋');
    expect(screen).toContain('First response        median 52m · 90th percentile 1h 42m');
    expect(screen).toMatch(/Daily 2026-03-02 → 2026-03-04\r?\n\s+created\s+██▄\r?\n\s+resolved\s+█·▄/);
    expect(screen).toMatch(/Agent\s+Created\s+Share\s+Resolved/);
    expect(screen).toMatch(/john\s+4 {2}████████████ {2}\s+3 /);
    expect(screen).toMatch(/\(unassigned\)\s+1 {2}███ /);
  });
});
