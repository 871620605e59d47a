import { describe, it, expect } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  formatHours,
  isOpen,
  parseHoliday,
  parseHours,
  parseTimezone,
  type Schedule,
  type WeeklyRange,
} from '../../src/core/schedule.js';
import { mulberry32 } from '../helpers/random.mjs';

const MIN = 60_000;
const DAY = 86_400_000;

function sch(hours: string, timezone = 'UTC', holidays: string[] = []): Schedule {
  return { name: 'test', timezone, ranges: parseHours(hours), holidays };
}
const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();

const rng: (seed: number) => () => number = mulberry32;
const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

/** Random non-overlapping weekly ranges on a 15-minute grid with boundaries in [lo, 1440]. */
function randomRanges(r: () => number, lo = 0): WeeklyRange[] {
  const ranges: WeeklyRange[] = [];
  while (ranges.length === 0) {
    for (let day = 0; day < 7; day++) {
      if (r() < 0.3) continue;
      const n = int(r, 1, 3);
      const points = new Set<number>();
      while (points.size < n * 2) points.add(int(r, lo / 15, 96) * 15);
      const sorted = [...points].sort((a, b) => a - b);
      for (let i = 0; i < sorted.length; i += 2) ranges.push({ day, start: sorted[i]!, end: sorted[i + 1]! });
    }
  }
  return ranges;
}

function expectUsage(fn: () => unknown, message: RegExp, hint: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(UsageError);
  const err = caught as UsageError;
  expect(err.code).toBe(2);
  expect(err.message).toMatch(message);
  expect(err.hint ?? '').toMatch(hint);
}

// ---------------------------------------------------------------------------------------------------------

describe('parseHours', () => {
  it.each<[string, WeeklyRange[]]>([
    ['mon-fri 08:00-17:00', [1, 2, 3, 4, 5].map((day) => ({ day, start: 480, end: 1020 }))],
    ['sun,tue 10:00-14:00', [{ day: 0, start: 600, end: 840 }, { day: 2, start: 600, end: 840 }]],
    ['mon-sun 00:00-24:00', [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: 0, end: 1440 }))],
    ['sat 09:00-12:00; mon 13:00-14:00,08:00-09:00', [
      { day: 1, start: 480, end: 540 }, { day: 1, start: 780, end: 840 }, { day: 6, start: 540, end: 720 },
    ]],
    ['MON-Wed 8:00-9:30', [1, 2, 3].map((day) => ({ day, start: 480, end: 570 }))],
    ['sat-mon 09:00-10:00', [0, 1, 6].map((day) => ({ day, start: 540, end: 600 }))],
    ['  tue , thu  10:00 - 11:00 ;', [2, 4].map((day) => ({ day, start: 600, end: 660 }))],
    ['friday 08:00-12:00,12:00-13:00', [{ day: 5, start: 480, end: 720 }, { day: 5, start: 720, end: 780 }]],
  ])('parses %j', (spec, expected) => {
    expect(parseHours(spec)).toEqual(expected);
  });

  it('parses lunch-break schedules into two ranges a day', () => {
    const r = parseHours('mon-fri 08:00-12:00,13:00-17:00; sat 09:00-12:00');
    expect(r).toHaveLength(11);
    expect(r.filter((x) => x.day === 3)).toEqual([{ day: 3, start: 480, end: 720 }, { day: 3, start: 780, end: 1020 }]);
  });

  it.each<[string, string, RegExp]>([
    ['empty', '', /empty/],
    ['only separators', ' ; ; ', /empty/],
    ['days without times', 'mon-fri', /missing time range/],
    ['times without days', '08:00-17:00', /missing days/],
    ['hours without minutes', 'mon-fri 8-17', /malformed time range '8-17'/],
    ['half a range', 'mon-fri 08:00', /malformed time range/],
    ['trailing text', 'mon-fri 08:00-17:00 extra', /malformed time range/],
    ['dots for colons', 'mon-fri 08.00-17.00', /malformed time range/],
    ['trailing comma', 'mon-fri 08:00-17:00,', /malformed time range ''/],
    ['double dash', 'mon--fri 08:00-17:00', /malformed days/],
    ['unknown day', 'mun-fri 08:00-17:00', /unknown day 'mun'/],
    ['unknown end day', 'mon-xyz 08:00-17:00', /unknown day 'xyz'/],
    ['unknown day in list', 'mon,holiday 08:00-17:00', /unknown day 'holiday'/],
    ['empty range', 'mon 09:00-09:00', /is empty/],
    ['25:00', 'mon 08:00-25:00', /'25:00' is out of range/],
    ['25:00 start', 'mon 25:00-26:00', /'25:00' is out of range/],
    ['24:30', 'mon 08:00-24:30', /'24:30' is out of range/],
    ['minute 60', 'mon 08:60-09:00', /'08:60' is out of range/],
    ['overlap in one group', 'mon 08:00-12:00,11:00-13:00', /overlapping ranges on mon in --hours: 08:00-12:00 and 11:00-13:00/],
    ['overlap across groups', 'mon-fri 08:00-17:00; wed 16:00-18:00', /overlapping ranges on wed/],
    ['same day twice', 'mon,mon 08:00-09:00', /overlapping ranges on mon/],
    ['overlap via wrapping span', 'fri-mon 08:00-09:00; sun 08:30-10:00', /overlapping ranges on sun/],
  ])('rejects %s', (_name, spec, message) => {
    expectUsage(() => parseHours(spec), message, /example: --hours "mon-fri 08:00-17:00; sat 09:00-12:00"/);
  });

  it('suggests the closest day name', () => {
    expectUsage(() => parseHours('mon-frj 08:00-17:00'), /unknown day/, /did you mean 'fri'\?/);
  });
});

describe('formatHours', () => {
  it.each<[string, string]>([
    ['mon-fri 08:00-17:00', 'mon-fri 08:00-17:00'],
    ['mon-fri 08:00-12:00,13:00-17:00; sat 09:00-12:00', 'mon-fri 08:00-12:00,13:00-17:00; sat 09:00-12:00'],
    ['sun,tue 10:00-14:00', 'tue,sun 10:00-14:00'],
    ['mon-sun 00:00-24:00', 'mon-sun 00:00-24:00'],
    ['sat-mon 09:00-10:00', 'mon,sat-sun 09:00-10:00'],
    ['MON-Fri 8:00-17:00', 'mon-fri 08:00-17:00'],
    ['mon,wed,fri 09:00-10:00; tue,thu 11:00-12:00', 'mon,wed,fri 09:00-10:00; tue,thu 11:00-12:00'],
    ['mon-tue 09:00-10:00; wed 09:00-11:00; thu-fri 09:00-10:00', 'mon-tue,thu-fri 09:00-10:00; wed 09:00-11:00'],
  ])('renders %j as %j', (spec, expected) => {
    const ranges = parseHours(spec);
    expect(formatHours(ranges)).toBe(expected);
    expect(parseHours(formatHours(ranges))).toEqual(ranges);
  });

  it('is the inverse of parseHours for random schedules', () => {
    const r = rng(7);
    for (let i = 0; i < 200; i++) {
      const ranges = parseHours(formatHours(randomRanges(r)));
      expect(parseHours(formatHours(ranges))).toEqual(ranges);
    }
  });
});

describe('parseHoliday', () => {
  it.each([
    ['2026-12-25', '2026-12-25'],
    ['2024-02-29', '2024-02-29'],
    ['2026-1-5', '2026-01-05'],
    [' 2026-12-25 ', '2026-12-25'],
  ])('accepts %j', (text, expected) => {
    expect(parseHoliday(text)).toBe(expected);
  });

  it.each(['2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '2026-12-00', '26-12-25', '2026/12/25',
    '25.12.2026', 'christmas', '', '2026-12-25x'])('rejects %j', (text) => {
    expectUsage(() => parseHoliday(text), /invalid holiday/, /example: 2026-12-25/);
  });
});

describe('parseTimezone', () => {
  it.each([
    ['America/New_York', 'America/New_York'],
    ['europe/london', 'Europe/London'],
    ['UTC', 'UTC'],
    ['utc', 'UTC'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
    [' Pacific/Auckland ', 'Pacific/Auckland'],
  ])('accepts %j', (text, expected) => {
    expect(parseTimezone(text)).toBe(expected);
  });

  it.each(['Mars/Olympus', 'America/NewYork', '', '   ', '+05:00', 'Eastern Time'])('rejects %j', (text) => {
    expectUsage(() => parseTimezone(text), /unknown time zone/, /example: America\/New_York/);
  });
});

// ---------------------------------------------------------------------------------------------------------

const WEEKDAYS = 'mon-fri 08:00-17:00';
const LUNCH = 'mon-fri 08:00-12:00,13:00-17:00';

describe('addBusinessMinutes', () => {
  it.each<[string, string, string, number, string, string[]?]>([
    // name, hours, start, minutes, expected, holidays
    ['inside hours, same day', WEEKDAYS, '2026-03-04T09:00:00Z', 120, '2026-03-04T11:00:00Z'],
    ['up to closing exactly', WEEKDAYS, '2026-03-04T16:00:00Z', 60, '2026-03-04T17:00:00Z'],
    ['over the weekend (Fri 16:00 + 2h)', WEEKDAYS, '2026-03-06T16:00:00Z', 120, '2026-03-09T09:00:00Z'],
    ['overnight', WEEKDAYS, '2026-03-04T16:30:00Z', 60, '2026-03-05T08:30:00Z'],
    ['created at night (23:00)', WEEKDAYS, '2026-03-04T23:00:00Z', 60, '2026-03-05T09:00:00Z'],
    ['created before opening', WEEKDAYS, '2026-03-04T06:15:00Z', 30, '2026-03-04T08:30:00Z'],
    ['created Friday night', WEEKDAYS, '2026-03-06T23:00:00Z', 60, '2026-03-09T09:00:00Z'],
    ['created on Saturday', WEEKDAYS, '2026-03-07T10:00:00Z', 60, '2026-03-09T09:00:00Z'],
    ['created on Sunday', WEEKDAYS, '2026-03-08T23:59:00Z', 540, '2026-03-09T17:00:00Z'],
    ['8h target spanning days', WEEKDAYS, '2026-03-04T13:00:00Z', 480, '2026-03-05T12:00:00Z'],
    ['a full week', WEEKDAYS, '2026-03-04T10:00:00Z', 45 * 60, '2026-03-11T10:00:00Z'],
    ['holiday Friday skipped', WEEKDAYS, '2026-12-24T16:00:00Z', 120, '2026-12-28T09:00:00Z', ['2026-12-25']],
    ['same without the holiday', WEEKDAYS, '2026-12-24T16:00:00Z', 120, '2026-12-25T09:00:00Z'],
    ['starts on a holiday', WEEKDAYS, '2026-12-25T10:00:00Z', 30, '2026-12-28T08:30:00Z', ['2026-12-25']],
    ['consecutive holidays', WEEKDAYS, '2026-12-24T16:00:00Z', 120, '2026-12-29T09:00:00Z', ['2026-12-25', '2026-12-28']],
    ['lunch: across the break', LUNCH, '2026-03-02T11:00:00Z', 120, '2026-03-02T14:00:00Z'],
    ['lunch: created during the break', LUNCH, '2026-03-02T12:30:00Z', 30, '2026-03-02T13:30:00Z'],
    ['lunch: ends at the break', LUNCH, '2026-03-02T11:00:00Z', 60, '2026-03-02T12:00:00Z'],
    ['lunch: a full day', LUNCH, '2026-03-02T08:00:00Z', 480, '2026-03-02T17:00:00Z'],
    ['lunch: over the weekend', LUNCH, '2026-03-06T16:30:00Z', 240, '2026-03-09T11:30:00Z'],
    ['saturday mornings', 'mon-fri 08:00-17:00; sat 09:00-12:00', '2026-03-06T16:00:00Z', 120, '2026-03-07T10:00:00Z'],
    ['zero minutes inside hours', WEEKDAYS, '2026-03-04T10:17:00Z', 0, '2026-03-04T10:17:00Z'],
    ['zero minutes at opening', WEEKDAYS, '2026-03-04T08:00:00Z', 0, '2026-03-04T08:00:00Z'],
    ['zero minutes at night', WEEKDAYS, '2026-03-04T23:00:00Z', 0, '2026-03-05T08:00:00Z'],
    ['zero minutes at closing', WEEKDAYS, '2026-03-04T17:00:00Z', 0, '2026-03-05T08:00:00Z'],
    ['zero minutes on the weekend', WEEKDAYS, '2026-03-07T12:00:00Z', 0, '2026-03-09T08:00:00Z'],
    ['zero minutes over lunch', LUNCH, '2026-03-04T12:00:00Z', 0, '2026-03-04T13:00:00Z'],
    ['fractional minutes', WEEKDAYS, '2026-03-04T09:00:00Z', 1.5, '2026-03-04T09:01:30Z'],
  ])('%s', (_name, hours, start, minutes, expected, holidays = []) => {
    expect(iso(addBusinessMinutes(at(start), minutes, sch(hours, 'UTC', holidays)))).toBe(new Date(expected).toISOString());
  });

  it.each<[string, number, string]>([
    ['2026-03-04T10:00:00Z', 0, '2026-03-04T10:00:00Z'],
    ['2026-03-07T23:00:00Z', 120, '2026-03-08T01:00:00Z'],
    ['2026-03-07T23:00:00Z', 1.5, '2026-03-07T23:01:30Z'],
    ['2026-03-08T05:00:00Z', 1440, '2026-03-09T05:00:00Z'],
  ])('24/7 (null): %s + %d min', (start, minutes, expected) => {
    expect(iso(addBusinessMinutes(at(start), minutes, null))).toBe(new Date(expected).toISOString());
  });

  it('rejects negative and non-finite minutes', () => {
    expect(() => addBusinessMinutes(at('2026-03-04T10:00:00Z'), -1, sch(WEEKDAYS))).toThrow(RangeError);
    expect(() => addBusinessMinutes(at('2026-03-04T10:00:00Z'), NaN, null)).toThrow(RangeError);
    expect(() => addBusinessMinutes(new Date(NaN), 10, null)).toThrow(RangeError);
  });

  it('rejects schedules without hours or with a bad zone as usage errors', () => {
    const empty: Schedule = { name: 'none', timezone: 'UTC', ranges: [], holidays: [] };
    expectUsage(() => addBusinessMinutes(at('2026-03-04T10:00:00Z'), 10, empty), /no opening hours/, /example: --hours/);
    const badZone: Schedule = { name: 'x', timezone: 'Mars/Olympus', ranges: parseHours(WEEKDAYS), holidays: [] };
    expectUsage(() => isOpen(at('2026-03-04T10:00:00Z'), badZone), /unknown time zone/, /America\/New_York/);
  });

  it('handles year-long targets exactly', () => {
    const s = sch(WEEKDAYS);
    // 52 weeks of 45 h from Monday 08:00 ends on the 52nd Friday at 17:00.
    expect(iso(addBusinessMinutes(at('2026-01-05T08:00:00Z'), 52 * 45 * 60, s))).toBe('2027-01-01T17:00:00.000Z');
    // One holiday inside the year pushes it by one business day (over the weekend).
    const withHoliday = sch(WEEKDAYS, 'UTC', ['2026-12-25']);
    expect(iso(addBusinessMinutes(at('2026-01-05T08:00:00Z'), 52 * 45 * 60, withHoliday))).toBe('2027-01-04T17:00:00.000Z');
    // 8760 business hours = 194 weeks of 45 h + 30 h (Mon, Tue, Wed, 3 h of Thursday).
    expect(iso(addBusinessMinutes(at('2026-01-05T08:00:00Z'), 8760 * 60, s))).toBe('2029-09-27T11:00:00.000Z');

    const ny = sch(WEEKDAYS, 'America/New_York', ['2026-05-25', '2026-07-03', '2026-09-07', '2026-11-26', '2026-12-25']);
    const starts = Array.from({ length: 20 }, (_, i) => new Date(Date.UTC(2026, 0, 5 + i, 15, 7)));
    const dues = starts.map((start) => addBusinessMinutes(start, 8760 * 60, ny)); // ~3.7 calendar years each
    starts.forEach((start, i) => {
      const due = dues[i]!;
      expect(businessMinutesBetween(start, due, ny)).toBe(8760 * 60);
      expect(isOpen(new Date(due.getTime() - 1), ny)).toBe(true);
    });
  });
});

describe('businessMinutesBetween', () => {
  it.each<[string, string, string, string, number, string[]?]>([
    ['within a day', WEEKDAYS, '2026-03-04T09:00:00Z', '2026-03-04T11:30:00Z', 150],
    ['a whole weekday', WEEKDAYS, '2026-03-04T00:00:00Z', '2026-03-05T00:00:00Z', 540],
    ['over a weekend', WEEKDAYS, '2026-03-06T16:00:00Z', '2026-03-09T09:00:00Z', 120],
    ['weekend only', WEEKDAYS, '2026-03-07T00:00:00Z', '2026-03-09T00:00:00Z', 0],
    ['a week', WEEKDAYS, '2026-03-02T00:00:00Z', '2026-03-09T00:00:00Z', 2700],
    ['a year (2026 has 261 weekdays)', WEEKDAYS, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', 261 * 540],
    ['a year less holidays', WEEKDAYS, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', 258 * 540, ['2026-01-01', '2026-12-25', '2026-07-04', '2026-07-03']],
    ['holiday', WEEKDAYS, '2026-12-24T16:00:00Z', '2026-12-28T09:00:00Z', 120, ['2026-12-25']],
    ['lunch break excluded', LUNCH, '2026-03-02T11:00:00Z', '2026-03-02T14:00:00Z', 120],
    ['fractional', WEEKDAYS, '2026-03-04T09:00:00Z', '2026-03-04T09:00:30Z', 0.5],
    ['reversed', WEEKDAYS, '2026-03-04T11:00:00Z', '2026-03-04T09:00:00Z', 0],
    ['empty', WEEKDAYS, '2026-03-04T11:00:00Z', '2026-03-04T11:00:00Z', 0],
  ])('%s', (_name, hours, from, to, expected, holidays = []) => {
    expect(businessMinutesBetween(at(from), at(to), sch(hours, 'UTC', holidays))).toBe(expected);
  });

  it.each<[string, string, number]>([
    ['2026-03-04T09:00:00Z', '2026-03-06T09:00:00Z', 2880],
    ['2026-03-04T09:00:00Z', '2026-03-04T09:00:30Z', 0.5],
    ['2026-03-04T09:00:00Z', '2026-03-04T08:00:00Z', 0],
  ])('24/7 (null): %s to %s', (from, to, expected) => {
    expect(businessMinutesBetween(at(from), at(to), null)).toBe(expected);
  });
});

describe('isOpen', () => {
  it.each<[string, string, string, boolean]>([
    ['opening minute', WEEKDAYS, '2026-03-04T08:00:00Z', true],
    ['last instant', WEEKDAYS, '2026-03-04T16:59:59.999Z', true],
    ['closing minute', WEEKDAYS, '2026-03-04T17:00:00Z', false],
    ['before opening', WEEKDAYS, '2026-03-04T07:59:59.999Z', false],
    ['saturday', WEEKDAYS, '2026-03-07T10:00:00Z', false],
    ['lunch', LUNCH, '2026-03-04T12:30:00Z', false],
    ['after lunch', LUNCH, '2026-03-04T13:00:00Z', true],
  ])('%s', (_name, hours, instant, expected) => {
    expect(isOpen(at(instant), sch(hours))).toBe(expected);
  });

  it('is always open without a schedule', () => {
    expect(isOpen(at('2026-03-07T03:00:00Z'), null)).toBe(true);
  });

  it('is closed all day on a holiday', () => {
    const s = sch(WEEKDAYS, 'UTC', ['2026-12-25']);
    expect(isOpen(at('2026-12-25T10:00:00Z'), s)).toBe(false);
    expect(isOpen(at('2026-12-24T10:00:00Z'), s)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('daylight saving time', () => {
  const NY = 'America/New_York';
  const LDN = 'Europe/London';
  const EVERY_DAY = 'mon-sun 08:00-17:00';

  it.each<[string, string, string, string, number, string]>([
    // name, zone, hours, start, minutes, expected (UTC)
    ['NY spring forward, daily hours', NY, EVERY_DAY, '2026-03-07T21:00:00Z', 120, '2026-03-08T13:00:00Z'],
    ['NY fall back, daily hours', NY, EVERY_DAY, '2026-10-31T20:00:00Z', 120, '2026-11-01T14:00:00Z'],
    ['NY weekdays over the spring weekend', NY, WEEKDAYS, '2026-03-06T21:00:00Z', 120, '2026-03-09T13:00:00Z'],
    ['NY weekdays over the fall weekend', NY, WEEKDAYS, '2026-10-30T20:00:00Z', 120, '2026-11-02T14:00:00Z'],
    ['London spring forward, daily hours', LDN, EVERY_DAY, '2026-03-28T16:00:00Z', 120, '2026-03-29T08:00:00Z'],
    ['London fall back, daily hours', LDN, EVERY_DAY, '2026-10-24T15:00:00Z', 120, '2026-10-25T09:00:00Z'],
    ['London weekdays over the spring weekend', LDN, WEEKDAYS, '2026-03-27T16:00:00Z', 120, '2026-03-30T08:00:00Z'],
    ['London weekdays over the fall weekend', LDN, WEEKDAYS, '2026-10-23T15:00:00Z', 120, '2026-10-26T09:00:00Z'],
    // 00:00-24:00 on the DST Sunday is 23 h / 25 h of real time; an exact fill ends at the real midnight.
    ['NY 23-hour Sunday', NY, 'sun 00:00-24:00', '2026-03-07T17:00:00Z', 1380, '2026-03-09T04:00:00Z'],
    ['NY 23-hour Sunday, one minute more', NY, 'sun 00:00-24:00', '2026-03-07T17:00:00Z', 1381, '2026-03-15T04:01:00Z'],
    ['NY 25-hour Sunday', NY, 'sun 00:00-24:00', '2026-10-31T17:00:00Z', 1500, '2026-11-02T05:00:00Z'],
    ['London 23-hour Sunday', LDN, 'sun 00:00-24:00', '2026-03-28T12:00:00Z', 1380, '2026-03-29T23:00:00Z'],
    ['London 25-hour Sunday', LDN, 'sun 00:00-24:00', '2026-10-24T12:00:00Z', 1500, '2026-10-26T00:00:00Z'],
    // Every-day 00:00-24:00 is 24/7: plain addition across the transitions.
    ['NY always open, spring', NY, 'mon-sun 00:00-24:00', '2026-03-08T05:00:00Z', 1440, '2026-03-09T05:00:00Z'],
    ['NY always open, fall', NY, 'mon-sun 00:00-24:00', '2026-11-01T04:00:00Z', 1440, '2026-11-02T04:00:00Z'],
    ['London always open, spring', LDN, 'mon-sun 00:00-24:00', '2026-03-28T23:30:00Z', 120, '2026-03-29T01:30:00Z'],
    ['London always open, fall', LDN, 'mon-sun 00:00-24:00', '2026-10-24T23:30:00Z', 180, '2026-10-25T02:30:00Z'],
    // Wall times inside the spring-forward gap resolve to the first instant after it (03:00 EDT / 02:00 BST).
    ['NY gap start 02:30 opens at 03:00 EDT', NY, 'sun 02:30-05:00', '2026-03-08T05:00:00Z', 0, '2026-03-08T07:00:00Z'],
    ['London gap start 01:30 opens at 02:00 BST', LDN, 'sun 01:30-03:00', '2026-03-29T00:00:00Z', 30, '2026-03-29T01:30:00Z'],
  ])('%s', (_name, zone, hours, start, minutes, expected) => {
    expect(iso(addBusinessMinutes(at(start), minutes, sch(hours, zone)))).toBe(new Date(expected).toISOString());
  });

  it.each<[string, string, string, string, string, number]>([
    // name, zone, hours, from, to, minutes — each window is the whole DST week
    ['NY 08:00-17:00 on spring Sunday is 9 h', NY, 'sun 08:00-17:00', '2026-03-07T00:00:00Z', '2026-03-10T00:00:00Z', 540],
    ['NY 08:00-17:00 on fall Sunday is 9 h', NY, 'sun 08:00-17:00', '2026-10-31T00:00:00Z', '2026-11-03T00:00:00Z', 540],
    ['NY 00:00-24:00 on spring Sunday is 23 h', NY, 'sun 00:00-24:00', '2026-03-07T00:00:00Z', '2026-03-10T00:00:00Z', 1380],
    ['NY 00:00-24:00 on fall Sunday is 25 h', NY, 'sun 00:00-24:00', '2026-10-31T00:00:00Z', '2026-11-03T00:00:00Z', 1500],
    ['NY 01:00-04:00 on spring Sunday is 2 h', NY, 'sun 01:00-04:00', '2026-03-07T00:00:00Z', '2026-03-10T00:00:00Z', 120],
    ['NY 01:00-04:00 on fall Sunday is 4 h', NY, 'sun 01:00-04:00', '2026-10-31T00:00:00Z', '2026-11-03T00:00:00Z', 240],
    ['NY 02:30-05:00 on spring Sunday is 2 h', NY, 'sun 02:30-05:00', '2026-03-07T00:00:00Z', '2026-03-10T00:00:00Z', 120],
    ['NY 01:30-02:00 on fall Sunday is 90 min', NY, 'sun 01:30-02:00', '2026-10-31T00:00:00Z', '2026-11-03T00:00:00Z', 90],
    ['London 08:00-17:00 on spring Sunday is 9 h', LDN, 'sun 08:00-17:00', '2026-03-28T00:00:00Z', '2026-03-31T00:00:00Z', 540],
    ['London 08:00-17:00 on fall Sunday is 9 h', LDN, 'sun 08:00-17:00', '2026-10-24T00:00:00Z', '2026-10-27T00:00:00Z', 540],
    ['London 00:00-24:00 on spring Sunday is 23 h', LDN, 'sun 00:00-24:00', '2026-03-28T00:00:00Z', '2026-03-31T00:00:00Z', 1380],
    ['London 00:00-24:00 on fall Sunday is 25 h', LDN, 'sun 00:00-24:00', '2026-10-24T00:00:00Z', '2026-10-27T00:00:00Z', 1500],
    ['London 00:30-03:00 on spring Sunday is 90 min', LDN, 'sun 00:30-03:00', '2026-03-28T00:00:00Z', '2026-03-31T00:00:00Z', 90],
    ['London 00:30-03:00 on fall Sunday is 210 min', LDN, 'sun 00:30-03:00', '2026-10-24T00:00:00Z', '2026-10-27T00:00:00Z', 210],
    ['NY mon-sun 00:00-24:00 over the spring week is real time', NY, 'mon-sun 00:00-24:00', '2026-03-05T00:00:00Z', '2026-03-12T00:00:00Z', 7 * 1440],
    ['NY weekdays around spring forward', NY, WEEKDAYS, '2026-03-06T21:00:00Z', '2026-03-09T13:00:00Z', 120],
  ])('%s', (_name, zone, hours, from, to, expected) => {
    expect(businessMinutesBetween(at(from), at(to), sch(hours, zone))).toBe(expected);
  });

  it.each<[string, string, string, string, boolean]>([
    ['NY before the gap opening', NY, 'sun 02:30-05:00', '2026-03-08T06:59:59.999Z', false],
    ['NY at the gap opening', NY, 'sun 02:30-05:00', '2026-03-08T07:00:00Z', true],
    ['NY 08:00 EDT on spring Sunday', NY, EVERY_DAY, '2026-03-08T12:00:00Z', true],
    ['NY 07:00 EDT on spring Sunday', NY, EVERY_DAY, '2026-03-08T11:59:00Z', false],
    ['NY 08:00 EST on fall Sunday', NY, EVERY_DAY, '2026-11-01T13:00:00Z', true],
    ['NY 07:xx EST on fall Sunday', NY, EVERY_DAY, '2026-11-01T12:59:00Z', false],
    ['London 08:00 BST on spring Sunday', LDN, EVERY_DAY, '2026-03-29T07:00:00Z', true],
    ['London 07:59 BST on spring Sunday', LDN, EVERY_DAY, '2026-03-29T06:59:00Z', false],
    ['London 16:59 GMT on fall Sunday', LDN, EVERY_DAY, '2026-10-25T16:59:00Z', true],
    ['London 17:00 GMT on fall Sunday', LDN, EVERY_DAY, '2026-10-25T17:00:00Z', false],
  ])('isOpen: %s', (_name, zone, hours, instant, expected) => {
    expect(isOpen(at(instant), sch(hours, zone))).toBe(expected);
  });
});

describe('zones whose local day differs from the UTC day', () => {
  const AKL = 'Pacific/Auckland'; // +13 in January
  const TYO = 'Asia/Tokyo'; // +9

  it.each<[string, string, string, number, string, string[]?]>([
    ['Auckland Monday 07:00 is Sunday UTC', AKL, '2026-01-04T18:00:00Z', 60, '2026-01-04T20:00:00Z'],
    ['Auckland Friday 16:00 over the weekend', AKL, '2026-01-09T03:00:00Z', 120, '2026-01-11T20:00:00Z'],
    ['Auckland local holiday on Monday', AKL, '2026-01-04T18:00:00Z', 60, '2026-01-05T20:00:00Z', ['2026-01-05']],
    ['Auckland holiday on the UTC date does not apply to the local Monday', AKL, '2026-01-04T18:00:00Z', 60, '2026-01-04T20:00:00Z', ['2026-01-04']],
    ['Tokyo opens Sunday 23:00 UTC', TYO, '2026-01-04T22:00:00Z', 0, '2026-01-04T23:00:00Z'],
    ['Tokyo Friday 16:00 over the weekend', TYO, '2026-01-09T07:00:00Z', 120, '2026-01-12T00:00:00Z'],
  ])('%s', (_name, zone, start, minutes, expected, holidays = []) => {
    expect(iso(addBusinessMinutes(at(start), minutes, sch(WEEKDAYS, zone, holidays)))).toBe(new Date(expected).toISOString());
  });

  it.each<[string, string, boolean]>([
    [AKL, '2026-01-04T20:00:00Z', true], // UTC Sunday, local Monday 09:00
    [AKL, '2026-01-04T18:59:00Z', false], // local Monday 07:59
    [AKL, '2026-01-09T03:00:00Z', true], // local Friday 16:00
    [AKL, '2026-01-09T05:00:00Z', false], // UTC Friday, local Friday 18:00
    [AKL, '2026-01-10T03:00:00Z', false], // UTC Saturday, local Saturday 16:00
    [TYO, '2026-01-04T23:30:00Z', true], // UTC Sunday, local Monday 08:30
    [TYO, '2026-01-09T08:00:00Z', false], // local Friday 17:00
  ])('isOpen %s %s', (zone, instant, expected) => {
    expect(isOpen(at(instant), sch(WEEKDAYS, zone))).toBe(expected);
  });

  it('counts the local Monday morning inside the UTC Sunday', () => {
    expect(businessMinutesBetween(at('2026-01-04T00:00:00Z'), at('2026-01-05T00:00:00Z'), sch(WEEKDAYS, TYO))).toBe(60);
    expect(businessMinutesBetween(at('2026-01-04T00:00:00Z'), at('2026-01-05T00:00:00Z'), sch(WEEKDAYS, AKL))).toBe(300); // local Sun 13:00 to Mon 13:00
  });

  it('handles Auckland DST (April fall back, September spring forward)', () => {
    const s = sch('sun 00:00-24:00', AKL);
    expect(businessMinutesBetween(at('2026-04-03T00:00:00Z'), at('2026-04-07T00:00:00Z'), s)).toBe(1500);
    expect(businessMinutesBetween(at('2026-09-25T00:00:00Z'), at('2026-09-29T00:00:00Z'), s)).toBe(1380);
  });
});

// ---------------------------------------------------------------------------------------------------------

/** Brute-force reference for zones with a fixed offset: step minute by minute over wall-clock time. */
function fixedOffsetReference(start: number, minutes: number, ranges: WeeklyRange[], offsetMs: number, holidays: Set<number>): number {
  const open = (t: number) => {
    const local = t + offsetMs;
    const d = Math.floor(local / DAY);
    if (holidays.has(d)) return false;
    const wd = (((d + 4) % 7) + 7) % 7;
    const m = (local - d * DAY) / MIN;
    return ranges.some((r) => r.day === wd && r.start <= m && m < r.end);
  };
  let t = start;
  if (minutes === 0) {
    while (!open(t)) t += MIN;
    return t;
  }
  let left = minutes;
  for (;;) {
    if (open(t)) {
      left--;
      if (left === 0) return t + MIN;
    }
    t += MIN;
  }
}

/** Reference for DST zones: wall clock from Intl, for ranges that avoid the 00:00-04:00 transition hours. */
function wallClockReference(start: number, minutes: number, ranges: WeeklyRange[], zone: string, holidays: Set<string>, step = 15): number {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short',
  });
  const names = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const open = (t: number) => {
    const p: Record<string, string> = {};
    for (const part of fmt.formatToParts(t)) p[part.type] = part.value;
    if (holidays.has(`${p.year}-${p.month}-${p.day}`)) return false;
    const wd = names.indexOf(p.weekday!);
    const m = Number(p.hour) * 60 + Number(p.minute);
    return ranges.some((r) => r.day === wd && r.start <= m && m < r.end);
  };
  let t = start;
  if (minutes === 0) {
    while (!open(t)) t += step * MIN;
    return t;
  }
  let left = minutes;
  for (;;) {
    if (open(t)) {
      left -= step;
      if (left === 0) return t + step * MIN;
    }
    t += step * MIN;
  }
}

describe('properties', () => {
  const ZONES = ['UTC', 'America/New_York', 'Europe/London', 'Pacific/Auckland', 'Asia/Tokyo', 'Asia/Kolkata',
    'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kathmandu', 'America/St_Johns', 'Africa/Casablanca'];
  // Starts cluster around 2026 DST transitions of the zones above, plus anywhere in 2026.
  const HOT = ['2026-03-08', '2026-11-01', '2026-03-29', '2026-10-25', '2026-04-05', '2026-09-27', '2026-10-04',
    '2026-04-04', '2026-09-06', '2026-02-15', '2026-03-22'];

  function randomStart(r: () => number): number {
    if (r() < 0.6) {
      const base = Date.parse(`${HOT[int(r, 0, HOT.length - 1)]!}T00:00:00Z`);
      return base + Math.floor((r() * 6 - 3) * DAY);
    }
    return Date.UTC(2026, 0, 1) + Math.floor(r() * 365 * DAY);
  }

  it('round-trips: businessMinutesBetween(s, addBusinessMinutes(s, m)) === m', () => {
    const r = rng(2026);
    for (let i = 0; i < 1500; i++) {
      const zone = ZONES[i % ZONES.length]!;
      const holidays = r() < 0.5 ? [] : Array.from({ length: int(r, 1, 5) }, () =>
        new Date(Date.UTC(2026, 0, 1) + int(r, 0, 364) * DAY).toISOString().slice(0, 10));
      const s: Schedule = { name: `random ${i}`, timezone: zone, ranges: randomRanges(r), holidays };
      const start = new Date(randomStart(r));
      const minutes = r() < 0.1 ? 0 : r() < 0.2 ? int(r, 10_000, 200_000) : int(r, 1, 5000);
      const due = addBusinessMinutes(start, minutes, s);
      const ctx = `${zone} "${formatHours(s.ranges)}" holidays=${holidays.join(',')} start=${start.toISOString()} m=${minutes}`;
      expect(due.getTime(), ctx).toBeGreaterThanOrEqual(start.getTime());
      expect(businessMinutesBetween(start, due, s), ctx).toBe(minutes);
      // The due instant is the end of business time: the instant before it is open (or, for 0, it is an opening).
      expect(isOpen(minutes === 0 ? due : new Date(due.getTime() - 1), s), ctx).toBe(true);
      // Starting inside hours, zero minutes is the start itself.
      if (isOpen(start, s)) expect(addBusinessMinutes(start, 0, s).getTime(), ctx).toBe(start.getTime());
      // Additivity over an arbitrary split point.
      const mid = new Date(start.getTime() + Math.floor(r() * (due.getTime() - start.getTime() + 1)));
      expect(businessMinutesBetween(start, mid, s) + businessMinutesBetween(mid, due, s), ctx).toBe(minutes);
      // Monotone in minutes.
      if (minutes > 0) expect(addBusinessMinutes(start, minutes - 1, s).getTime(), ctx).toBeLessThan(due.getTime());
    }
  });

  it('matches a minute-by-minute reference in fixed-offset zones', () => {
    const r = rng(99);
    const zones: Array<[string, number]> = [['UTC', 0], ['Asia/Tokyo', 9 * 3600e3], ['Asia/Kolkata', 5.5 * 3600e3], ['Asia/Kathmandu', 5.75 * 3600e3]];
    for (let i = 0; i < 200; i++) {
      const [zone, offset] = zones[i % zones.length]!;
      const ranges = randomRanges(r);
      const holidays = Array.from({ length: int(r, 0, 3) }, () => new Date(Date.UTC(2026, 0, 1) + int(r, 0, 40) * DAY).toISOString().slice(0, 10));
      const s: Schedule = { name: 'ref', timezone: zone, ranges, holidays };
      const start = Date.UTC(2026, 0, 1) + int(r, 0, 30 * 1440) * MIN;
      const minutes = int(r, 0, 3000);
      const expected = fixedOffsetReference(start, minutes, ranges, offset, new Set(holidays.map((h) => Date.parse(h) / DAY)));
      const ctx = `${zone} "${formatHours(ranges)}" ${holidays.join(',')} start=${new Date(start).toISOString()} m=${minutes}`;
      expect(iso(addBusinessMinutes(new Date(start), minutes, s)), ctx).toBe(new Date(expected).toISOString());
    }
  });

  it('matches an Intl wall-clock reference across DST transitions', () => {
    const r = rng(5);
    const zones = ['America/New_York', 'Europe/London', 'Pacific/Auckland', 'Australia/Sydney'];
    for (let i = 0; i < 60; i++) {
      const zone = zones[i % zones.length]!;
      const ranges = randomRanges(r, 240); // boundaries from 04:00, clear of every transition hour
      const holidays = r() < 0.5 ? [] : [HOT[int(r, 0, 5)]!];
      const s: Schedule = { name: 'ref', timezone: zone, ranges, holidays };
      const base = Date.parse(`${HOT[int(r, 0, 5)]!}T00:00:00Z`);
      const start = base + int(r, -3 * 96, 2 * 96) * 15 * MIN;
      const minutes = int(r, 0, 120) * 15;
      const expected = wallClockReference(start, minutes, ranges, zone, new Set(holidays));
      const ctx = `${zone} "${formatHours(ranges)}" ${holidays.join(',')} start=${new Date(start).toISOString()} m=${minutes}`;
      expect(iso(addBusinessMinutes(new Date(start), minutes, s)), ctx).toBe(new Date(expected).toISOString());
    }
  });

  it('an every-day 00:00-24:00 schedule equals 24/7 in any zone', () => {
    const r = rng(11);
    for (let i = 0; i < 300; i++) {
      const s = sch('mon-sun 00:00-24:00', ZONES[i % ZONES.length]!);
      const start = new Date(randomStart(r));
      const minutes = int(r, 0, 20_000);
      expect(addBusinessMinutes(start, minutes, s).getTime()).toBe(addBusinessMinutes(start, minutes, null).getTime());
      const to = new Date(start.getTime() + int(r, 0, 10 * 1440) * MIN);
      expect(businessMinutesBetween(start, to, s)).toBe(businessMinutesBetween(start, to, null));
    }
  });
});
