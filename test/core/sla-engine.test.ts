import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { named, UsageError } from '../../src/core/errors.js';
import { addBusinessMinutes, isOpen, parseHours, type Schedule } from '../../src/core/schedule.js';
import {
  clockAfterPlanChange, clockAfterStatusChange, dueFor, dueTimes, formatMinutes, isFirstResponseOverdue, isOverdue,
  parseTargetHours, type ClockState, type SlaPlan,
} from '../../src/core/sla.js';

const sch = (hours: string, timezone = 'UTC', holidays: string[] = []): Schedule => ({ name: 'S', timezone, ranges: parseHours(hours), holidays });
const WEEKDAYS = 'mon-fri 08:00-17:00';
function plan(minutes: number, schedule: Schedule | null = null, extra: Partial<SlaPlan> = {}): SlaPlan {
  return { id: 1, name: 'P', minutes, firstResponseMinutes: null, pauseAwaiting: false, schedule, ...extra };
}
const iso = (d: Date) => d.toISOString();

describe('due times', () => {
  it.each<[string, SlaPlan, string, string]>([
    ['Sev-C: Friday 16:00 + 8 business hours → Monday 15:00', plan(480, sch(WEEKDAYS)), '2026-03-06T16:00:00Z', '2026-03-09T15:00:00.000Z'],
    ['a 1-hour 24/7 plan', plan(60), '2026-03-07T23:30:00Z', '2026-03-08T00:30:00.000Z'],
    ['created at night: the clock starts at opening', plan(60, sch(WEEKDAYS)), '2026-03-04T22:00:00Z', '2026-03-05T09:00:00.000Z'],
    ['created on Saturday', plan(60, sch(WEEKDAYS)), '2026-03-07T10:00:00Z', '2026-03-09T09:00:00.000Z'],
    ['holiday Friday skipped', plan(120, sch(WEEKDAYS, 'UTC', ['2026-12-25'])), '2026-12-24T16:00:00Z', '2026-12-28T09:00:00.000Z'],
    // 200 h = 22 days of 9 h + 2 h: Mon 2026-03-02 08:00 → 4 weeks + 2 days + 2 h = Wed 2026-04-01 10:00.
    ['a 200-hour business plan', plan(200 * 60, sch(WEEKDAYS)), '2026-03-02T08:00:00Z', '2026-04-01T10:00:00.000Z'],
    // New York springs forward Sun 2026-03-08: 09:00 local is 14:00Z before, 13:00Z after.
    ['New York, across spring-forward', plan(480, sch('mon-fri 09:00-17:00', 'America/New_York')), '2026-03-06T20:00:00Z', '2026-03-09T19:00:00.000Z'],
    // New York falls back Sun 2026-11-01: 09:00 local is 13:00Z before, 14:00Z after.
    ['New York, across fall-back', plan(480, sch('mon-fri 09:00-17:00', 'America/New_York')), '2026-10-30T20:00:00Z', '2026-11-02T21:00:00.000Z'],
    // Berlin springs forward Sun 2026-03-29 (UTC+1 → +2) and falls back Sun 2026-10-25.
    ['Berlin, across spring-forward', plan(120, sch(WEEKDAYS, 'Europe/Berlin')), '2026-03-27T15:00:00Z', '2026-03-30T07:00:00.000Z'],
    ['Berlin, across fall-back', plan(120, sch(WEEKDAYS, 'Europe/Berlin')), '2026-10-23T14:00:00Z', '2026-10-26T08:00:00.000Z'],
    ['a 24/7 schedule in Berlin counts the 23-hour day as 23 hours', plan(24 * 60, sch('mon-sun 00:00-24:00', 'Europe/Berlin')), '2026-03-28T23:00:00Z', '2026-03-29T23:00:00.000Z'],
  ])('%s', (_name, p, created, expected) => {
    expect(dueFor(p, { createdAt: created, clockStartAt: created, pausedMinutes: 0 }).dueAt).toBe(expected);
  });

  it('counts first response from creation, never paused, and resolution from the clock start, pushed by pauses', () => {
    const p = plan(480, sch(WEEKDAYS), { firstResponseMinutes: 60 });
    const due = dueTimes(p, new Date('2026-03-02T08:00:00Z'), new Date('2026-03-04T08:00:00Z'), 30);
    expect(iso(due.dueAt)).toBe('2026-03-04T16:30:00.000Z');
    expect(iso(due.firstResponseDueAt!)).toBe('2026-03-02T09:00:00.000Z');
  });
});

describe('overdue', () => {
  it.each<[string, 'open' | 'closed', string | null, string, string | null, boolean]>([
    ['open, past due', 'open', '2026-03-09T15:00:00Z', '2026-03-09T15:00:01Z', null, true],
    ['open, exactly at due', 'open', '2026-03-09T15:00:00Z', '2026-03-09T15:00:00Z', null, false],
    ['closed, past due', 'closed', '2026-03-09T15:00:00Z', '2026-03-10T00:00:00Z', null, false],
    ['no due time', 'open', null, '2026-03-10T00:00:00Z', null, false],
    ['paused before due: the clock cannot run out', 'open', '2026-03-09T15:00:00Z', '2026-03-20T00:00:00Z', '2026-03-09T14:00:00Z', false],
    ['paused after it was already overdue', 'open', '2026-03-09T15:00:00Z', '2026-03-20T00:00:00Z', '2026-03-09T16:00:00Z', true],
  ])('%s', (_name, state, due, now, pausedAt, expected) => {
    expect(isOverdue(state, due, new Date(now), pausedAt)).toBe(expected);
  });

  it('first response is overdue only while nobody has replied', () => {
    const base = { state: 'open' as const, firstResponseDueAt: '2026-03-02T09:00:00Z', pausedAt: null };
    expect(isFirstResponseOverdue({ ...base, firstResponseAt: null }, new Date('2026-03-02T09:01:00Z'))).toBe(true);
    expect(isFirstResponseOverdue({ ...base, firstResponseAt: '2026-03-02T09:30:00Z' }, new Date('2026-03-02T10:00:00Z'))).toBe(false);
    expect(isFirstResponseOverdue({ ...base, firstResponseAt: null }, new Date('2026-03-02T08:59:00Z'))).toBe(false);
  });
});

describe('clock changes', () => {
  const pausing = plan(480, sch(WEEKDAYS), { pauseAwaiting: true, firstResponseMinutes: 60 });
  const created = '2026-03-05T08:00:00.000Z'; // Thursday
  const running: ClockState = { createdAt: created, clockStartAt: created, pausedMinutes: 0, pausedAt: null };

  it('pauses on awaiting-response when the plan says so, and not otherwise', () => {
    const change = { from: 'open', to: 'awaiting-response', reopen: false };
    expect(clockAfterStatusChange(pausing, running, change, new Date('2026-03-05T10:00:00Z'))).toEqual({ pausedAt: '2026-03-05T10:00:00.000Z' });
    expect(clockAfterStatusChange(plan(480, sch(WEEKDAYS)), running, change, new Date('2026-03-05T10:00:00Z'))).toEqual({});
  });

  it('resumes across a weekend adding back only business time', () => {
    // Paused Friday 15:00, resumed Monday 10:00: Fri 15-17 (2h) + Mon 08-10 (2h) = 240 business minutes.
    const paused = { ...running, pausedAt: '2026-03-06T15:00:00.000Z' };
    const update = clockAfterStatusChange(pausing, paused, { from: 'awaiting-response', to: 'open', reopen: false }, new Date('2026-03-09T10:00:00Z'));
    expect(update).toEqual({
      pausedMinutes: 240, pausedAt: null,
      // 8 h target + 4 h paused = 12 business hours from Thu 08:00: Thu 08-17 (9 h) + Fri 08-11 (3 h).
      // The first-response target does not move: that clock never pauses.
      dueAt: '2026-03-06T11:00:00.000Z',
    });
  });

  it('keeps the first-response due time once an agent has replied', () => {
    const paused = { ...running, pausedAt: '2026-03-06T15:00:00.000Z', firstResponseAt: '2026-03-05T08:30:00.000Z' };
    const update = clockAfterStatusChange(pausing, paused, { from: 'awaiting-response', to: 'in-progress', reopen: false }, new Date('2026-03-09T10:00:00Z'));
    expect(update.firstResponseDueAt).toBeUndefined();
    expect(update.pausedMinutes).toBe(240);
  });

  it('restarts on reopen from the reopen time, clearing pauses', () => {
    const update = clockAfterStatusChange(pausing, { ...running, pausedMinutes: 90 }, { from: 'resolved', to: 'open', reopen: true }, new Date('2026-03-06T16:00:00Z'));
    expect(update).toEqual({ clockStartAt: '2026-03-06T16:00:00.000Z', pausedMinutes: 0, pausedAt: null, dueAt: '2026-03-09T15:00:00.000Z' });
  });

  it('on a plan change: recomputes from the clock start, closes or starts a pause as the new plan says', () => {
    const noPause = plan(60);
    const paused = { ...running, pausedAt: '2026-03-05T09:00:00.000Z' };
    // Leaving a pausing plan while paused: the hour paused so far (09:00-10:00) is kept.
    expect(clockAfterPlanChange(pausing, noPause, paused, 'awaiting-response', new Date('2026-03-05T10:00:00Z'))).toEqual({
      pausedMinutes: 60, pausedAt: null, dueAt: '2026-03-05T10:00:00.000Z', firstResponseDueAt: null,
    });
    // Moving to a pausing plan while awaiting the user starts the pause now.
    expect(clockAfterPlanChange(noPause, pausing, running, 'awaiting-response', new Date('2026-03-05T10:00:00Z'))).toEqual({
      pausedMinutes: 0, pausedAt: '2026-03-05T10:00:00.000Z', dueAt: '2026-03-05T16:00:00.000Z', firstResponseDueAt: '2026-03-05T09:00:00.000Z',
    });
  });
});

describe('parseTargetHours', () => {
  it.each<[string, number]>([['8', 480], ['0.5', 30], ['1.25', 75], ['.5', 30], ['200', 12000], ['8784', 527040], ['0.02', 1]])('%s hours = %d minutes', (text, minutes) => {
    expect(parseTargetHours(text, named('hours'))).toBe(minutes);
  });

  it.each<[string, RegExp]>([
    ['0', /more than 0/], ['-4', /more than 0/], ['abc', /not a number/], ['', /not a number/], ['8h', /not a number/],
    ['9000', /longer than a year/], ['0.001', /less than a minute/], ['1e3', /not a number/],
  ])('refuses %j', (text, message) => {
    let caught: unknown;
    try {
      parseTargetHours(text, named('hours'));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as UsageError).message).toMatch(message);
    expect((caught as UsageError).hint).toMatch(/example: --hours 8/);
  });
});

describe('formatMinutes', () => {
  it.each<[number, string]>([[0, '0m'], [45, '45m'], [60, '1h'], [90, '1h 30m'], [480, '8h'], [12000, '200h'], [2.5, '2m'], [59.9, '59m'], [0.4, '<1m'], [119.99, '1h 59m'], [-90, '-1h 30m']])('%d → %s', (m, text) => {
    expect(formatMinutes(m)).toBe(text);
  });
});

describe('properties (fast-check)', () => {
  const ZONES = ['UTC', 'America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Kolkata'];
  const rangeArb = fc.record({ day: fc.integer({ min: 0, max: 6 }), start: fc.integer({ min: 0, max: 94 }), len: fc.integer({ min: 1, max: 40 }) });
  const scheduleArb = fc.record({
    zone: fc.constantFrom(...ZONES),
    ranges: fc.array(rangeArb, { minLength: 1, maxLength: 6 }),
    holidays: fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 4 }),
  }).map(({ zone, ranges, holidays }): Schedule => {
    // Non-overlapping 15-minute-grid ranges: keep the first range claiming each slot.
    const taken = new Set<string>();
    const out = [];
    for (const r of ranges) {
      const start = r.start * 15;
      const end = Math.min(1440, start + r.len * 15);
      let free = true;
      for (let m = start; m < end; m += 15) if (taken.has(`${r.day}:${m}`)) free = false;
      if (!free) continue;
      for (let m = start; m < end; m += 15) taken.add(`${r.day}:${m}`);
      out.push({ day: r.day, start, end });
    }
    const days = holidays.map((d) => new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
    return { name: 'prop', timezone: zone, ranges: out, holidays: days };
  });
  const startArb = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) }).map((t) => new Date(t));

  it('the due time is monotonic in the target', () => {
    fc.assert(fc.property(scheduleArb, startArb, fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 1, max: 5_000 }), (s, start, a, extra) => {
      const p1 = dueFor(plan(Math.max(1, a), s), { createdAt: iso(start), clockStartAt: iso(start), pausedMinutes: 0 }).dueAt!;
      const p2 = dueFor(plan(Math.max(1, a) + extra, s), { createdAt: iso(start), clockStartAt: iso(start), pausedMinutes: 0 }).dueAt!;
      expect(Date.parse(p2)).toBeGreaterThan(Date.parse(p1));
    }), { numRuns: 300, seed: 4 });
  });

  it('a due time never falls inside closed hours: the minute before it is open', () => {
    fc.assert(fc.property(scheduleArb, startArb, fc.integer({ min: 1, max: 50_000 }), (s, start, minutes) => {
      const due = addBusinessMinutes(start, minutes, s);
      expect(isOpen(new Date(due.getTime() - 1), s)).toBe(true);
    }), { numRuns: 300, seed: 7 });
  });

  it('pausing never makes a ticket due earlier', () => {
    fc.assert(fc.property(scheduleArb, startArb, fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 5000 }), (s, start, minutes, paused) => {
      const clock = { createdAt: iso(start), clockStartAt: iso(start) };
      const before = dueFor(plan(minutes, s), { ...clock, pausedMinutes: 0 }).dueAt!;
      const after = dueFor(plan(minutes, s), { ...clock, pausedMinutes: paused }).dueAt!;
      expect(Date.parse(after)).toBeGreaterThanOrEqual(Date.parse(before));
    }), { numRuns: 200, seed: 11 });
  });
});
