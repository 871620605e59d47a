import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import {
  EMPTY_COUNTS, addCounts, compareGroupKeys, countTicket, parseReportGroup, parseWindow, pct, percentile, reportMetrics, round1,
} from '../../src/core/report.js';

describe('percentile (linear between closest ranks)', () => {
  it.each<[number[], number, number | null]>([
    [[], 0.5, null],
    [[7], 0.5, 7],
    [[7], 0.9, 7],
    [[1, 3], 0.5, 2],
    [[1, 2, 3], 0.5, 2],
    [[1, 2, 3, 4], 0.5, 2.5],
    [[10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9, 91],
    [[10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.5, 55],
    [[0, 60, 480], 0.9, 396],
    [[5, 5, 5, 5], 0.9, 5],
    [[1, 2, 3, 4, 5], 0, 1],
    [[1, 2, 3, 4, 5], 1, 5],
  ])('%j p=%d → %d', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });
});

describe('pct and round1', () => {
  it.each<[number, number, number | null]>([[0, 0, null], [1, 3, 33.3], [2, 3, 66.7], [3, 3, 100], [0, 5, 0], [1, 8, 12.5]])('%d/%d → %d', (a, b, expected) => {
    expect(pct(a, b)).toBe(expected);
  });
  it('rounds to one decimal and keeps null', () => {
    expect(round1(12.345)).toBe(12.3);
    expect(round1(null)).toBeNull();
  });
});

describe('reportMetrics', () => {
  it('computes rates, compliance and percentiles from counts and durations', () => {
    const counts = {
      ...EMPTY_COUNTS, created: 5, resolved: 3, backlog: 2, overdue: 1, first_response_overdue: 1, reopened: 1, ever_resolved: 4,
      resolution_met: 2, resolution_measured: 3, first_response_met: 1, first_response_measured: 2,
    };
    expect(reportMetrics(counts, [30, 10], [480, 60, 120])).toEqual({
      created: 5, resolved: 3, backlog: 2, overdue: 1, first_response_overdue: 1, reopened: 1,
      reopen_rate_pct: 25, sla_compliance_pct: 66.7, first_response_compliance_pct: 50,
      first_response_median_minutes: 20, first_response_p90_minutes: 28,
      resolution_median_minutes: 120, resolution_p90_minutes: 408,
    });
  });

  it('is null wherever there is nothing to measure', () => {
    const m = reportMetrics(EMPTY_COUNTS, [], []);
    expect(m.reopen_rate_pct).toBeNull();
    expect(m.sla_compliance_pct).toBeNull();
    expect(m.first_response_median_minutes).toBeNull();
    expect(m.resolution_p90_minutes).toBeNull();
  });

  it('adds counts field by field', () => {
    const one = { ...EMPTY_COUNTS, created: 2, resolution_met: 1 };
    expect(addCounts(one, one)).toEqual({ ...EMPTY_COUNTS, created: 4, resolution_met: 2 });
  });
});

describe('parseWindow', () => {
  const now = new Date('2026-03-31T12:00:00Z');
  it.each<[string | undefined, string | undefined, string, string | null, string | null]>([
    [undefined, undefined, 'UTC', null, null],
    ['30d', undefined, 'UTC', '2026-03-01T12:00:00.000Z', null],
    ['12h', undefined, 'UTC', '2026-03-31T00:00:00.000Z', null],
    ['2w', undefined, 'UTC', '2026-03-17T12:00:00.000Z', null],
    ['90m', undefined, 'UTC', '2026-03-31T10:30:00.000Z', null],
    ['2026-03-01', '2026-03-15', 'UTC', '2026-03-01T00:00:00.000Z', '2026-03-16T00:00:00.000Z'],
    // Dates are local days of the desk's time zone (New York: UTC-5, then UTC-4 from 8 March).
    ['2026-03-01', '2026-03-15', 'America/New_York', '2026-03-01T05:00:00.000Z', '2026-03-16T04:00:00.000Z'],
    ['2026-03-01T09:30:00Z', '2026-03-02T00:00:00+02:00', 'UTC', '2026-03-01T09:30:00.000Z', '2026-03-01T22:00:00.000Z'],
  ])('--since %s --until %s (%s)', (since, until, tz, from, to) => {
    const w = parseWindow(since, until, now, tz);
    expect(w.since?.toISOString() ?? null).toBe(from);
    expect(w.until?.toISOString() ?? null).toBe(to);
  });

  it.each<[string | undefined, string | undefined, RegExp]>([
    ['yesterday', undefined, /--since 'yesterday' is not a date/],
    ['2026-02-30', undefined, /not a calendar date/],
    ['0d', undefined, /positive duration/],
    [undefined, '31/03/2026', /--until '31\/03\/2026'/],
    ['2026-03-10', '2026-03-01', /--until .* is not after --since/],
  ])('refuses --since %s --until %s', (since, until, message) => {
    expect(() => parseWindow(since, until, now, 'UTC')).toThrow(UsageError);
    expect(() => parseWindow(since, until, now, 'UTC')).toThrow(message);
  });
});

describe('parseReportGroup', () => {
  it.each([['dept', 'dept'], ['Department', 'dept'], ['agent', 'agent'], ['assignee', 'agent'], ['SLA', 'sla'], ['plan', 'sla'], ['topic', 'topic'], ['team', 'team']])('%s → %s', (text, group) => {
    expect(parseReportGroup(text)).toBe(group);
  });
  it('refuses anything else with the valid choices', () => {
    expect(() => parseReportGroup('tier')).toThrow(/cannot group a report by 'tier'/);
  });
});

describe('countTicket (one pass over the window)', () => {
  const base = { resolved_at: null, due_at: null, first_response_due_at: null, first_response_at: null, paused_at: null, reopened_count: 0 };
  const NOW = '2026-03-04T12:00:00.000Z';
  it('counts an open ticket overdue only while its clock runs past due', () => {
    const c = { ...EMPTY_COUNTS };
    countTicket(c, { ...base, due_at: '2026-03-04T11:00:00.000Z' }, true, NOW);
    // Paused before it ran out: not overdue.
    countTicket(c, { ...base, due_at: '2026-03-04T11:00:00.000Z', paused_at: '2026-03-04T10:00:00.000Z' }, true, NOW);
    countTicket(c, { ...base, first_response_due_at: '2026-03-04T10:00:00.000Z' }, true, NOW);
    expect(c).toEqual({ ...EMPTY_COUNTS, created: 3, backlog: 3, overdue: 1, first_response_overdue: 1 });
  });
  it('counts resolution and first response met or missed, and reopens', () => {
    const c = { ...EMPTY_COUNTS };
    countTicket(c, { ...base, resolved_at: '2026-03-04T10:00:00.000Z', due_at: '2026-03-04T10:00:00.000Z', first_response_at: '2026-03-04T09:00:00.000Z', first_response_due_at: '2026-03-04T08:00:00.000Z' }, false, NOW);
    countTicket(c, { ...base, due_at: '2026-03-01T00:00:00.000Z', reopened_count: 2 }, false, NOW);
    expect(c).toEqual({
      ...EMPTY_COUNTS, created: 2, resolved: 1, reopened: 1, ever_resolved: 2, resolution_met: 1, resolution_measured: 1,
      first_response_met: 0, first_response_measured: 1,
    });
  });
  it('orders groups by name ignoring ASCII case, none last', () => {
    expect(['support', null, 'Accounting', 'banking'].sort(compareGroupKeys)).toEqual(['Accounting', 'banking', 'support', null]);
  });
});
