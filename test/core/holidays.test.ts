/**
 * Real calendars: overnight ranges, partial-day and yearly holidays, in the schedule's time
 * zone, DST included. Expected instants are worked out by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import {
  addBusinessMinutes, businessMinutesBetween, formatHours, holidaysBetween, parseHolidaySpec, parseHours, type Schedule,
} from '../../src/core/schedule.js';

const sched = (hours: string, holidays: string[] = [], timezone = 'UTC'): Schedule =>
  ({ name: 'T', timezone, ranges: parseHours(hours), holidays: holidays.map(parseHolidaySpec) });
const add = (s: Schedule, from: string, minutes: number) => addBusinessMinutes(new Date(from), minutes, s).toISOString();

describe('overnight ranges', () => {
  it('mon-fri 22:00-06:00 runs from 22:00 of each listed day to 06:00 of the next', () => {
    const night = sched('mon-fri 22:00-06:00');
    expect(formatHours(night.ranges)).toBe(formatHours(parseHours('mon-fri 22:00-24:00; tue-sat 00:00-06:00')));
    // Friday 23:00 + 5h: Fri 23-24 (1h), Sat 00-06 (4h more) → Sat 04:00; Sat night is not a shift.
    expect(add(night, '2026-03-06T23:00:00Z', 300)).toBe('2026-03-07T04:00:00.000Z');
    // Saturday 07:00 + 1h: next shift starts Monday 22:00 → Mon 23:00.
    expect(add(night, '2026-03-07T07:00:00Z', 60)).toBe('2026-03-09T23:00:00.000Z');
    expect(businessMinutesBetween(new Date('2026-03-09T00:00:00Z'), new Date('2026-03-16T00:00:00Z'), night)).toBe(5 * 8 * 60);
  });

  it('sun 22:00-00:00 is the same as 22:00-24:00; an empty range is still refused', () => {
    expect(parseHours('sun 22:00-00:00')).toEqual([{ day: 0, start: 1320, end: 1440 }]);
    expect(() => parseHours('mon 09:00-09:00')).toThrow(UsageError);
  });
});

describe('holiday specs', () => {
  it('normalises whole, yearly and partial days and refuses nonsense', () => {
    expect(parseHolidaySpec('2026-12-25')).toBe('2026-12-25');
    expect(parseHolidaySpec('12-25')).toBe('12-25');
    expect(parseHolidaySpec('2-29')).toBe('02-29');
    expect(parseHolidaySpec('2026-12-24T12:00-24:00')).toBe('2026-12-24T12:00-24:00');
    for (const bad of ['13-01', '2026-12-24T14:00-12:00', '2026-02-30', 'christmas', '2026-12-24T12:00']) {
      expect(() => parseHolidaySpec(bad), bad).toThrow(UsageError);
    }
  });
});

describe('partial and yearly holidays', () => {
  const hours = 'mon-fri 08:00-17:00';

  it('a partial holiday closes only its hours', () => {
    const s = sched(hours, ['2026-12-24T12:00-24:00']);
    // Thu 24 Dec 10:00 + 3h: 10-12 (2h), closed from noon, Fri 25 08:00-09:00 → 09:00.
    expect(add(s, '2026-12-24T10:00:00Z', 180)).toBe('2026-12-25T09:00:00.000Z');
    expect(holidaysBetween(new Date('2026-12-24T10:00:00Z'), new Date('2026-12-25T09:00:00Z'), s)).toEqual(['2026-12-24 12:00-24:00']);
  });

  it('a yearly holiday closes that day every year', () => {
    const s = sched(hours, ['12-25', '01-01']);
    // Thu 2026-12-24 16:00 + 2h: 16-17 (1h), Fri 25 closed, weekend, Mon 28 08:00-09:00.
    expect(add(s, '2026-12-24T16:00:00Z', 120)).toBe('2026-12-28T09:00:00.000Z');
    // The same in 2027: Fri 2027-12-24 16:00 + 2h → Mon 27 closed? no: 12-25 is Saturday; Mon 27 09:00.
    expect(add(s, '2027-12-24T16:00:00Z', 120)).toBe('2027-12-27T09:00:00.000Z');
    // A week with no special day still counts 45h; one with Fri 1 Jan 2027 counts 36h.
    expect(businessMinutesBetween(new Date('2026-12-28T00:00:00Z'), new Date('2027-01-04T00:00:00Z'), s)).toBe(36 * 60);
    expect(businessMinutesBetween(new Date('2027-01-04T00:00:00Z'), new Date('2027-01-11T00:00:00Z'), s)).toBe(45 * 60);
  });

  it('a partial holiday across a DST change is counted in local time', () => {
    // New York springs forward on Sunday 2026-03-08 (02:00 → 03:00). Schedule: every day 00:00-24:00 local.
    const s = sched('mon-sun 00:00-24:00', ['2026-03-08T01:00-04:00'], 'America/New_York');
    // That local day has 23 hours; closed 01:00-04:00 local is only 2 real hours (02:00-03:00 does not exist).
    const from = new Date('2026-03-08T05:00:00Z'); // 00:00 EST
    const to = new Date('2026-03-09T04:00:00Z'); // 00:00 EDT the next day
    expect(businessMinutesBetween(from, to, s)).toBe(21 * 60);
    // 00:30 EST + 1h: 00:30-01:00 (30m), closed until 04:00 EDT (08:00Z), then 30m → 08:30Z.
    expect(add(s, '2026-03-08T05:30:00Z', 60)).toBe('2026-03-08T08:30:00.000Z');
    // Autumn: 2026-11-01 has 25 hours; closing 01:00-02:00 local closes from the first 01:00 to 02:00 EST (2 real hours).
    const fall = sched('mon-sun 00:00-24:00', ['2026-11-01T01:00-02:00'], 'America/New_York');
    expect(businessMinutesBetween(new Date('2026-11-01T04:00:00Z'), new Date('2026-11-02T05:00:00Z'), fall)).toBe(23 * 60);
  });
});
