/**
 * CONTRACT.md, SLA and reports: due times on schedules, first-response targets, pausing, overdue,
 * sla check (idempotent), sla status, and report --json.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbDigest, type Sandbox } from '../../helpers/cli.js';
import { KAREN, KEN, at, create, expectRefused, labSandbox, oneJson } from './support.js';

describe('due times', () => {
  let s: Sandbox;
  beforeAll(() => {
    s = labSandbox();
    const admin = (...a: string[]) => expect(s.hd(['--as', 'admin', ...a]).code).toBe(0);
    admin('schedule', 'add', 'Berlin', '--hours', 'mon-fri 09:00-17:00', '--timezone', 'Europe/Berlin', '--holiday', '2026-03-30');
    admin('sla', 'add', 'B8', '--hours', '8', '--schedule', 'berlin');
    admin('sla', 'add', 'Quick', '--hours', '4', '--first-response', '1');
    admin('sla', 'add', 'Patient', '--hours', '4', '--first-response', '1', '--pause-awaiting');
  });
  afterAll(() => s.cleanup());
  const created = (sla: string, when: string) => s.json(['--as', 'john', 'ticket', 'create', '--user', KEN, '--subject', sla, '--body', 'b', '--sla', sla], at(when));

  it('24/7 plans: created plus the hours', () => {
    expect(created('Sev-A', '2026-03-07T23:30:00Z').due_at).toBe('2026-03-08T00:30:00.000Z');
  });

  it('on a schedule: only inside its hours, skipping weekends', () => {
    expect(created('Sev-C', '2026-03-02T09:00:00Z').due_at).toBe('2026-03-02T17:00:00.000Z');
    expect(created('Sev-C', '2026-03-06T16:00:00Z').due_at).toBe('2026-03-09T15:00:00.000Z'); // Fri 1h + Mon 7h
    expect(created('Sev-C', '2026-03-07T10:00:00Z').due_at).toBe('2026-03-09T16:00:00.000Z'); // Saturday: starts Monday 08:00
  });

  it("in the schedule's time zone, across a DST change, skipping its holidays", () => {
    // Fri 27 Mar 16:00 CET: 1h that day; Mon 30 Mar is a holiday; DST began Sun 29 Mar; 7h on Tue 31 from 09:00 CEST.
    expect(created('B8', '2026-03-27T15:00:00Z').due_at).toBe('2026-03-31T14:00:00.000Z');
  });

  it('a first-response target gives first_response_due_at (null without one)', () => {
    const t = created('Quick', '2026-03-02T09:00:00Z');
    expect([t.due_at, t.first_response_due_at, t.first_response_at]).toEqual(['2026-03-02T13:00:00.000Z', '2026-03-02T10:00:00.000Z', null]);
    expect(created('Sev-B', '2026-03-02T09:00:00Z').first_response_due_at).toBeNull();
    const replied = s.json(['--as', 'john', 'ticket', 'reply', t.number, '--body', 'Hi'], at('2026-03-02T09:45:00Z'));
    expect(replied.first_response_at).toBe('2026-03-02T09:45:00.000Z');
  });

  it('--pause-awaiting: due times move later by the time spent awaiting the user', () => {
    const t = created('Patient', '2026-03-02T09:00:00Z');
    expect(s.hd(['--as', 'john', 'ticket', 'status', t.number, 'awaiting-response'], at('2026-03-02T09:30:00Z')).code).toBe(0);
    const back = s.json(['--as', KEN, 'ticket', 'reply', t.number, '--body', 'Here you go'], at('2026-03-02T11:30:00Z'));
    // The resolution clock paused 2 h; the first-response clock never pauses (SLA rules made explicit).
    expect([back.status, back.due_at, back.first_response_due_at]).toEqual(['open', '2026-03-02T15:00:00.000Z', '2026-03-02T10:00:00.000Z']);
    // Without the option the clock keeps running.
    const q = created('Quick', '2026-03-02T09:00:00Z');
    s.hd(['--as', 'john', 'ticket', 'status', q.number, 'awaiting-response'], at('2026-03-02T09:30:00Z'));
    expect(s.json(['--as', KEN, 'ticket', 'reply', q.number, '--body', 'x'], at('2026-03-02T11:30:00Z')).due_at).toBe('2026-03-02T13:00:00.000Z');
  });
});

describe('overdue, sla check, sla status', () => {
  let s: Sandbox;
  let late: string;
  let lateAssigned: string;
  let fine: string;
  beforeAll(() => {
    s = labSandbox();
    expect(s.hd(['--as', 'admin', 'config', 'set', 'mail.from', 'Help Desk <help@example.com>']).code).toBe(0);
    late = create(s, 'john', ['--user', KEN, '--subject', 'Late', '--body', 'b', '--sla', 'Sev-A'], '2026-03-02T08:00:00Z');
    lateAssigned = create(s, 'john', ['--user', KEN, '--subject', 'Late too', '--body', 'b', '--sla', 'Sev-A', '--assign', 'jane'], '2026-03-02T08:30:00Z');
    fine = create(s, KAREN, ['--subject', 'Fine', '--body', 'b'], '2026-03-02T08:00:00Z');
  });
  afterAll(() => s.cleanup());

  it('overdue is true when open and now is past due_at; never for a resolved ticket', () => {
    expect(s.json(['--as', 'john', 'ticket', 'show', late], at('2026-03-02T09:00:00Z')).overdue).toBe(false);
    expect(s.json(['--as', 'john', 'ticket', 'show', late], at('2026-03-02T09:00:01Z')).overdue).toBe(true);
    const n = create(s, 'john', ['--user', KEN, '--subject', 'Fixed', '--body', 'b', '--sla', 'Sev-A', '--resolve', 'done'], '2026-03-02T08:00:00Z');
    expect(s.json(['--as', 'john', 'ticket', 'show', n], at('2026-03-02T12:00:00Z')).overdue).toBe(false);
  });

  it('sla status: open tickets the actor may see, most urgent first', () => {
    const rows = oneJson(s.hd(['--as', 'admin', 'sla', 'status', '--json'], at('2026-03-02T10:00:00Z')));
    expect(rows.map((r: any) => [r.number, r.overdue])).toEqual([[late, true], [lateAssigned, true], [fine, false]]);
    expect(s.json(['--as', KAREN, 'sla', 'status'], at('2026-03-02T10:00:00Z')).map((r: any) => r.number)).toEqual([fine]);
  });

  it('sla check records one overdue event per breach and alerts the assignee or the department', () => {
    const r = s.hd(['sla', 'check', '--json'], at('2026-03-02T10:00:00Z'));
    const checked = oneJson(r);
    expect(checked.breaches.map((b: any) => b.number).sort()).toEqual([late, lateAssigned].sort());
    const event = s.json(['--as', 'admin', 'ticket', 'show', late]).events.filter((e: any) => e.type === 'overdue');
    expect(event).toHaveLength(1);
    expect(event[0].at).toBe('2026-03-02T10:00:00.000Z');
    const alerts = s.json(['--as', 'admin', 'mail', 'outbox']).map((m: any) => [m.ticket, m.to]);
    expect(alerts).toEqual(expect.arrayContaining([[lateAssigned, 'jane@helpdesk.example.com'], [late, 'john@helpdesk.example.com'], [late, 'admin@helpdesk.example.com']]));
    expect(alerts.filter(([t]: string[]) => t === lateAssigned)).toEqual([[lateAssigned, 'jane@helpdesk.example.com']]);
  });

  it('running it again changes nothing more', () => {
    const before = dbDigest(s.db);
    expect(oneJson(s.hd(['sla', 'check', '--json'], at('2026-03-02T10:05:00Z'))).breaches).toEqual([]);
    expect(s.hd(['sla', 'check'], at('2026-03-02T11:00:00Z')).code).toBe(0);
    expect(dbDigest(s.db)).toBe(before);
  });
});

describe('report --json', () => {
  let s: Sandbox;
  beforeAll(() => {
    s = labSandbox();
    const a = create(s, 'john', ['--user', KEN, '--subject', 'A', '--body', 'b', '--sla', 'Sev-B'], '2026-03-02T09:00:00Z');
    s.hd(['--as', 'john', 'ticket', 'reply', a, '--body', 'r'], at('2026-03-02T09:30:00Z'));
    s.hd(['--as', 'john', 'ticket', 'status', a, 'resolved'], at('2026-03-02T11:00:00Z'));
    const b = create(s, 'john', ['--user', KEN, '--subject', 'B', '--body', 'b', '--sla', 'Sev-A'], '2026-03-02T09:00:00Z');
    s.hd(['--as', 'john', 'ticket', 'reply', b, '--body', 'r'], at('2026-03-02T10:30:00Z'));
    s.hd(['--as', 'john', 'ticket', 'status', b, 'resolved'], at('2026-03-02T12:00:00Z'));
    create(s, KAREN, ['--subject', 'C', '--body', 'b'], '2026-03-02T10:00:00Z');
    create(s, 'john', ['--user', KEN, '--subject', 'D', '--body', 'b', '--sla', 'Sev-A'], '2026-03-02T08:00:00Z');
    create(s, 'admin', ['--user', KEN, '--subject', 'E', '--body', 'b', '--dept', 'SysAdmins'], '2026-02-20T08:00:00Z');
  });
  afterAll(() => s.cleanup());
  const NOW = at('2026-03-02T12:30:00Z');

  it('the fields, over tickets created in the window that the actor may see', () => {
    const r = oneJson(s.hd(['--as', 'john', 'report', '--since', '2026-03-01', '--json'], NOW));
    expect(r).toMatchObject({
      created: 4, resolved: 2, backlog: 2, overdue: 1, sla_compliance_pct: 50,
      first_response_median_minutes: 60, resolution_median_minutes: 150, groups: [],
    });
    expect(oneJson(s.hd(['--as', 'admin', 'report', '--json'], NOW)).created).toBe(5);
    expect(oneJson(s.hd(['--as', 'john', 'report', '--json'], NOW)).created).toBe(4);
  });

  it('--by sla: one group per key with the same fields; null where nothing to measure', () => {
    const r = oneJson(s.hd(['--as', 'john', 'report', '--since', '7d', '--by', 'sla', '--json'], NOW));
    const by = Object.fromEntries(r.groups.map((g: any) => [g.key, g]));
    expect(by['Sev-A']).toMatchObject({ created: 2, resolved: 1, backlog: 1, overdue: 1, sla_compliance_pct: 0, first_response_median_minutes: 90, resolution_median_minutes: 180 });
    expect(by['Sev-B']).toMatchObject({ created: 1, resolved: 1, backlog: 0, overdue: 0, sla_compliance_pct: 100, first_response_median_minutes: 30, resolution_median_minutes: 120 });
    expect(by['Default SLA']).toMatchObject({ created: 1, resolved: 0, backlog: 1, overdue: 0, sla_compliance_pct: null, first_response_median_minutes: null, resolution_median_minutes: null });
  });

  it('--by dept|agent|topic, --until; an empty window measures nothing', () => {
    for (const by of ['dept', 'agent', 'topic']) {
      const r = oneJson(s.hd(['--as', 'admin', 'report', '--by', by, '--json'], NOW));
      expect(r.groups.reduce((n: number, g: any) => n + g.created, 0)).toBe(5);
      for (const g of r.groups) expect(Object.keys(g)).toEqual(expect.arrayContaining(['key', 'created', 'resolved', 'backlog', 'overdue', 'sla_compliance_pct']));
    }
    expect(oneJson(s.hd(['--as', 'admin', 'report', '--until', '2026-02-28', '--json'], NOW)).created).toBe(1);
    expect(oneJson(s.hd(['--as', 'admin', 'report', '--since', '2026-03-03', '--json'], NOW))).toMatchObject({
      created: 0, resolved: 0, backlog: 0, overdue: 0, sla_compliance_pct: null, first_response_median_minutes: null, resolution_median_minutes: null,
    });
  });

  it('bad --since/--until/--by are usage errors', () => {
    expectRefused(s.hd(['--as', 'admin', 'report', '--since', 'yesterday'], NOW), 2, /--since 'yesterday'/);
    expectRefused(s.hd(['--as', 'admin', 'report', '--until', '2026-13-01'], NOW), 2, /--until/);
    expectRefused(s.hd(['--as', 'admin', 'report', '--by', 'weather'], NOW), 2, /cannot group a report by 'weather'/);
    expect(oneJson(s.hd(['--as', 'admin', 'report', '--since', '99999999999d', '--json'], NOW)).created).toBe(5);
  });
});
