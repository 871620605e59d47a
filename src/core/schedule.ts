/**
 * Business-time arithmetic for SLA clocks: weekly opening hours in a local time zone, whole-day holidays,
 * and the two questions the desk asks ("when is this due?" and "how much business time has passed?").
 *
 * Pure: no I/O, no clock. Time-zone offsets come from Intl.DateTimeFormat, created lazily (the first
 * formatter costs ICU start-up, so a UTC or 24/7 desk never pays it) and cached per UTC day.
 *
 * Model. A local calendar day is an integer D (days since 1970-01-01 in wall-clock terms). Each weekly range
 * of D becomes one real interval [instant(D, start), instant(D, end)), where instant() maps a wall-clock
 * time to the real instant: in a fall-back overlap the earlier instant, in a spring-forward gap the first
 * instant after the gap. So 08:00-17:00 is 9 real hours on any day, and 00:00-24:00 is 23 or 25 h on DST
 * days. isOpen, addBusinessMinutes and businessMinutesBetween all work on these same intervals, so they agree
 * exactly with each other.
 */
import { UsageError, didYouMean } from './errors.js';

/** One weekly opening range: day 0=Sunday..6=Saturday, minutes since local midnight, start < end, end <= 1440. */
export interface WeeklyRange { day: number; start: number; end: number }
/** A business-hours schedule. ranges empty is not allowed (validated by parse). holidays are whole local days 'YYYY-MM-DD'. */
export interface Schedule { name: string; timezone: string; ranges: WeeklyRange[]; holidays: string[] }

const MINUTE = 60_000;
const DAY = 86_400_000;
const DAY_MINUTES = 1440;

const DAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const DAY_FULL = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
/** Week order for parsing spans and for rendering: Monday first, so "mon-sun" is the whole week. */
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;

export const HOURS_EXAMPLE = 'example: --hours "mon-fri 08:00-17:00; sat 09:00-12:00"';
export const HOLIDAY_EXAMPLE = 'example: 2026-12-25';
export const TIMEZONE_EXAMPLE = 'example: America/New_York';

// ---------------------------------------------------------------------------------------------------------
// Parsing and rendering

function hoursError(message: string, extra?: string): UsageError {
  return new UsageError(message, extra ? `${extra}; ${HOURS_EXAMPLE}` : HOURS_EXAMPLE);
}

function parseDay(raw: string): number {
  const name = raw.toLowerCase();
  let i = (DAY_KEYS as readonly string[]).indexOf(name);
  if (i < 0) i = (DAY_FULL as readonly string[]).indexOf(name);
  if (i < 0) {
    const guess = didYouMean(name, DAY_KEYS);
    const days = 'days are mon tue wed thu fri sat sun';
    throw hoursError(`unknown day '${raw}' in --hours`, guess ? `did you mean '${guess}'? ${days}` : days);
  }
  return i;
}

/** Days named by "mon-fri", "sun,tue", "sat-mon" (a span may wrap past Sunday). */
function parseDays(text: string, group: string): number[] {
  const items = text.replace(/\s*-\s*/g, '-').split(/\s*,\s*|\s+/);
  const days: number[] = [];
  for (const item of items) {
    const m = /^([a-z]+)(?:-([a-z]+))?$/i.exec(item);
    if (!m) throw hoursError(`malformed days '${text}' in --hours group "${group}"`, 'write days as mon-fri or sat,sun');
    const first = parseDay(m[1]!);
    if (m[2] === undefined) {
      days.push(first);
      continue;
    }
    const last = parseDay(m[2]);
    let p = WEEK_ORDER.indexOf(first as (typeof WEEK_ORDER)[number]);
    const stop = WEEK_ORDER.indexOf(last as (typeof WEEK_ORDER)[number]);
    for (;;) {
      days.push(WEEK_ORDER[p]!);
      if (p === stop) break;
      p = (p + 1) % 7;
    }
  }
  return days;
}

function parseClock(h: string, m: string, text: string): number {
  const hours = Number(h);
  const minutes = Number(m);
  if (hours > 24 || minutes > 59 || (hours === 24 && minutes > 0)) {
    throw hoursError(`time '${text}' is out of range in --hours (times run from 00:00 to 24:00)`);
  }
  return hours * 60 + minutes;
}

/** Parse an --hours spec such as "mon-fri 08:00-17:00", "mon-fri 08:00-12:00,13:00-17:00; sat 09:00-12:00",
 * "sun,tue 10:00-14:00", "mon-sun 00:00-24:00". Returns ranges sorted by day then start. */
export function parseHours(spec: string): WeeklyRange[] {
  const groups = spec.split(';').map((g) => g.trim()).filter((g) => g !== '');
  if (groups.length === 0) throw hoursError('--hours is empty');
  const ranges: WeeklyRange[] = [];
  for (const group of groups) {
    const m = /^([^0-9]*?)\s*([0-9].*)$/.exec(group);
    if (!m) throw hoursError(`missing time range in --hours group "${group}"`);
    const daysText = m[1]!.trim();
    if (daysText === '') throw hoursError(`missing days before '${m[2]!}' in --hours`);
    const days = parseDays(daysText, group);
    const times: Array<[number, number]> = [];
    for (const part of m[2]!.split(',')) {
      const text = part.trim();
      const t = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/.exec(text);
      if (!t) throw hoursError(`malformed time range '${text}' in --hours (expected HH:MM-HH:MM)`);
      const start = parseClock(t[1]!, t[2]!, `${t[1]!}:${t[2]!}`);
      const end = parseClock(t[3]!, t[4]!, `${t[3]!}:${t[4]!}`);
      if (start === end) throw hoursError(`time range '${text}' in --hours is empty`);
      times.push([start, end]);
    }
    for (const day of days) {
      for (const [start, end] of times) {
        // An overnight range (22:00-06:00) is a night shift: from `start` of this day to `end` of the next.
        if (start < end) ranges.push({ day, start, end });
        else {
          ranges.push({ day, start, end: DAY_MINUTES });
          if (end > 0) ranges.push({ day: (day + 1) % 7, start: 0, end });
        }
      }
    }
  }
  ranges.sort((a, b) => a.day - b.day || a.start - b.start || a.end - b.end);
  for (let i = 1; i < ranges.length; i++) {
    const prev = ranges[i - 1]!;
    const cur = ranges[i]!;
    if (cur.day === prev.day && cur.start < prev.end) {
      throw hoursError(
        `overlapping ranges on ${DAY_KEYS[cur.day]!} in --hours: ${rangeText(prev)} and ${rangeText(cur)}`,
        'each day may list a time only once',
      );
    }
  }
  return ranges;
}

function clock(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes - h * 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

function rangeText(r: { start: number; end: number }): string {
  return `${clock(r.start)}-${clock(r.end)}`;
}

/** Render ranges in the compact spec form parseHours reads: "mon-fri 08:00-17:00; sat 09:00-12:00". */
export function formatHours(ranges: WeeklyRange[]): string {
  const perDay: string[] = [];
  for (let d = 0; d < 7; d++) {
    perDay.push(
      ranges.filter((r) => r.day === d).sort((a, b) => a.start - b.start).map(rangeText).join(','),
    );
  }
  // Days (as Monday-first positions) sharing the same ranges, in order of their first day.
  const groups = new Map<string, number[]>();
  WEEK_ORDER.forEach((day, pos) => {
    const key = perDay[day]!;
    if (key === '') return;
    const list = groups.get(key);
    if (list) list.push(pos);
    else groups.set(key, [pos]);
  });
  const out: string[] = [];
  for (const [times, positions] of groups) {
    const parts: string[] = [];
    let i = 0;
    while (i < positions.length) {
      let j = i;
      while (j + 1 < positions.length && positions[j + 1] === positions[j]! + 1) j++;
      const first = DAY_KEYS[WEEK_ORDER[positions[i]!]!]!;
      const last = DAY_KEYS[WEEK_ORDER[positions[j]!]!]!;
      parts.push(i === j ? first : `${first}-${last}`);
      i = j + 1;
    }
    out.push(`${parts.join(',')} ${times}`);
  }
  return out.join('; ');
}

/** Validate 'YYYY-MM-DD' (a real calendar date); returns it zero-padded. */
export function parseHoliday(text: string): string {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text.trim());
  const fail = () =>
    new UsageError(`invalid holiday '${text}': expected a calendar date YYYY-MM-DD`, HOLIDAY_EXAMPLE);
  if (!m) throw fail();
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const probe = new Date(Date.UTC(2000, mo - 1, d));
  probe.setUTCFullYear(y);
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) throw fail();
  return `${m[1]!}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * A holiday as `--holiday` and `schedule holiday add` accept it: a whole day `2026-12-25`, a
 * yearly day `12-25` (every year), or part of a day `2026-12-24T12:00-24:00` (closed in that local time
 * range). Returns the normalised text that is stored.
 */
export function parseHolidaySpec(text: string): string {
  const raw = text.trim();
  const yearly = /^(\d{1,2})-(\d{1,2})$/.exec(raw);
  if (yearly) {
    // 2024 is a leap year, so 02-29 is a valid yearly day (it closes only in leap years).
    const day = parseHoliday(`2024-${yearly[1]!}-${yearly[2]!}`);
    return day.slice(5);
  }
  const partial = /^(\d{4}-\d{1,2}-\d{1,2})[T ](\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(raw);
  if (partial) {
    const day = parseHoliday(partial[1]!);
    const start = parseClock(partial[2]!, partial[3]!, `${partial[2]!}:${partial[3]!}`);
    const end = parseClock(partial[4]!, partial[5]!, `${partial[4]!}:${partial[5]!}`);
    if (start >= end) {
      throw new UsageError(`invalid holiday '${text}': the time range must end after it starts on that day`, PARTIAL_EXAMPLE);
    }
    return `${day}T${clock(start)}-${clock(end)}`;
  }
  try {
    return parseHoliday(raw);
  } catch {
    throw new UsageError(`invalid holiday '${text}': expected YYYY-MM-DD, MM-DD (every year) or YYYY-MM-DDTHH:MM-HH:MM (part of a day)`, PARTIAL_EXAMPLE);
  }
}

const PARTIAL_EXAMPLE = 'example: 2026-12-25 (also 12-25 every year, or 2026-12-24T12:00-24:00 from noon)';

/** The three kinds of stored holiday, split for compiling. */
function splitHolidays(list: readonly string[]): { days: number[]; yearly: Set<number>; partial: Map<number, number[]> } {
  const days: number[] = [];
  const yearly = new Set<number>();
  const partial = new Map<number, number[]>();
  for (const h of list) {
    if (/^\d{2}-\d{2}$/.test(h)) yearly.add(Number(h.slice(0, 2)) * 100 + Number(h.slice(3, 5)));
    else if (h.length > 10) {
      const d = holidayDay(h.slice(0, 10));
      const m = /T(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(h)!;
      const cut = partial.get(d) ?? [];
      cut.push(Number(m[1]) * 60 + Number(m[2]), Number(m[3]) * 60 + Number(m[4]));
      partial.set(d, cut);
    } else days.push(holidayDay(h));
  }
  return { days, yearly, partial };
}

/** Flat [start, end, …] minute ranges minus the closed [start, end, …] ranges. */
function subtractRanges(open: readonly number[], closed: readonly number[]): number[] {
  let out = [...open];
  for (let j = 0; j < closed.length; j += 2) {
    const cs = closed[j]!;
    const ce = closed[j + 1]!;
    const next: number[] = [];
    for (let i = 0; i < out.length; i += 2) {
      const s = out[i]!;
      const e = out[i + 1]!;
      if (ce <= s || cs >= e) next.push(s, e);
      else {
        if (cs > s) next.push(s, cs);
        if (ce < e) next.push(ce, e);
      }
    }
    out = next;
  }
  return out;
}

/** The local day number of a 'YYYY-MM-DD' holiday. */
function holidayDay(text: string): number {
  const [y, m, d] = parseHoliday(text).split('-').map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(2000, m - 1, d));
  probe.setUTCFullYear(y);
  return Math.round(probe.getTime() / DAY);
}

const UTC_NAMES = new Set([
  'utc', 'etc/utc', 'uct', 'etc/uct', 'gmt', 'etc/gmt', 'gmt0', 'etc/gmt0', 'gmt+0', 'etc/gmt+0', 'gmt-0',
  'etc/gmt-0', 'greenwich', 'etc/greenwich', 'universal', 'etc/universal', 'zulu', 'etc/zulu',
]);

/** Validate an IANA time zone name; returns it (with Intl's capitalisation when only the case differed). */
export function parseTimezone(text: string): string {
  const name = text.trim();
  const fail = () =>
    new UsageError(`unknown time zone '${text}': expected an IANA time zone name`, TIMEZONE_EXAMPLE);
  if (name === '' || /^[+-]/.test(name)) throw fail();
  if (name.toLowerCase() === 'utc') return 'UTC';
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    throw fail();
  }
  // Intl may canonicalise to a legacy alias (Asia/Kolkata -> Asia/Calcutta); keep what the person typed.
  return resolved.toLowerCase() === name.toLowerCase() ? resolved : name;
}

// ---------------------------------------------------------------------------------------------------------
// Time zones

interface Zone {
  /** True when the offset never changes (UTC). */
  readonly fixed: boolean;
  /** Offset (local minus UTC, ms) in effect at instant t. */
  offsetAt(t: number): number;
  /** Offset in effect at the start of UTC day u. */
  dayOffset(u: number): number;
}

const UTC_ZONE: Zone = { fixed: true, offsetAt: () => 0, dayOffset: () => 0 };

const OFFSET_RE = /GMT(?:([+\-\u2212])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?)?/;

class IntlZone implements Zone {
  readonly fixed = false;
  private readonly name: string;
  private offsetFormat: Intl.DateTimeFormat | null = null;
  private partsFormat: Intl.DateTimeFormat | null = null;
  private readonly days = new Map<number, number>();
  private readonly transitions = new Map<number, number>();

  constructor(name: string) {
    this.name = name;
    try {
      this.offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'longOffset' });
    } catch {
      // Invalid zone (rethrown by partsFormat below) or an engine without longOffset.
      this.offsetFormat = null;
      this.parts();
    }
  }

  private parts(): Intl.DateTimeFormat {
    this.partsFormat ??= new Intl.DateTimeFormat('en-US', {
      timeZone: this.name, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short',
    });
    return this.partsFormat;
  }

  /** The offset at instant t straight from Intl (whole seconds). */
  private raw(t: number): number {
    if (this.offsetFormat) {
      const m = OFFSET_RE.exec(this.offsetFormat.format(t));
      if (m) {
        if (m[1] === undefined) return 0;
        const sign = m[1] === '+' ? 1 : -1;
        return sign * ((Number(m[2]) * 60 + Number(m[3] ?? 0)) * 60 + Number(m[4] ?? 0)) * 1000;
      }
    }
    const f: Record<string, string> = {};
    for (const p of this.parts().formatToParts(t)) f[p.type] = p.value;
    let year = Number(f.year);
    if (f.era && /^b/i.test(f.era)) year = 1 - year;
    const local = new Date(Date.UTC(2000, Number(f.month) - 1, Number(f.day), Number(f.hour), Number(f.minute), Number(f.second)));
    local.setUTCFullYear(year);
    return local.getTime() - Math.floor(t / 1000) * 1000;
  }

  dayOffset(u: number): number {
    let o = this.days.get(u);
    if (o === undefined) {
      o = this.raw(u * DAY);
      this.days.set(u, o);
    }
    return o;
  }

  offsetAt(t: number): number {
    const u = Math.floor(t / DAY);
    const a = this.dayOffset(u);
    const b = this.dayOffset(u + 1);
    if (a === b) return a;
    let at = this.transitions.get(u);
    if (at === undefined) {
      // Transitions fall on whole seconds: bisect seconds within the day.
      let lo = u * 86_400;
      let hi = lo + 86_400;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (this.raw(mid * 1000) === a) lo = mid;
        else hi = mid;
      }
      at = hi * 1000;
      this.transitions.set(u, at);
    }
    return t < at ? a : b;
  }
}

const zones = new Map<string, Zone>();

function zoneFor(name: string): Zone {
  let z = zones.get(name);
  if (!z) {
    if (UTC_NAMES.has(name.trim().toLowerCase())) z = UTC_ZONE;
    else {
      try {
        z = new IntlZone(name.trim());
      } catch {
        throw new UsageError(`unknown time zone '${name}': expected an IANA time zone name`, TIMEZONE_EXAMPLE);
      }
    }
    zones.set(name, z);
  }
  return z;
}

/** The real instant of wall-clock time `local` (ms since 1970-01-01 00:00 on the local calendar).
 * Ambiguous (fall-back) times give the earlier instant; non-existent (spring-forward) times give the
 * first instant after the gap. */
function wallToInstant(zone: Zone, local: number): number {
  const early = zone.offsetAt(local - DAY);
  const late = zone.offsetAt(local + DAY);
  if (early === late) return local - early;
  const tEarly = local - early;
  if (zone.offsetAt(tEarly) === early) return tEarly;
  const tLate = local - late;
  if (zone.offsetAt(tLate) === late) return tLate;
  // In the gap: the transition lies in (tLate, tEarly] (or the reverse for odd zones); bisect for it.
  let lo = Math.min(tEarly, tLate);
  let hi = Math.max(tEarly, tLate);
  const before = zone.offsetAt(lo);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (zone.offsetAt(mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The local day D whose span [instant(D 00:00), instant(D+1 00:00)) holds t. */
function dayOf(zone: Zone, t: number): number {
  let d = Math.floor((t + zone.offsetAt(t)) / DAY);
  if (!zone.fixed) {
    while (t < wallToInstant(zone, d * DAY)) d--;
    while (t >= wallToInstant(zone, (d + 1) * DAY)) d++;
  }
  return d;
}

function weekday(d: number): number {
  return (((d + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

// ---------------------------------------------------------------------------------------------------------
// Compiled schedules

interface Compiled {
  readonly ranges: WeeklyRange[];
  readonly holidaysSource: string[];
  readonly timezone: string;
  readonly zone: Zone;
  /** Per weekday: merged ranges as flat [start, end, start, end, ...] in minutes. */
  readonly byDay: number[][];
  /** Sorted local day numbers of holidays. */
  readonly holidays: number[];
  /** Yearly holidays as month * 100 + day. */
  readonly yearly: Set<number>;
  /** Local day -> the minute ranges closed that day, flat [start, end, …] (partial holidays). */
  readonly partial: Map<number, number[]>;
  /** Business ms in a week with no holiday and no offset change. */
  readonly weekMs: number;
  /** Local day -> its open intervals as flat [start, end, ...] instants (ms). */
  readonly intervals: Map<number, number[]>;
}

const compiled = new WeakMap<Schedule, Compiled>();

function compile(schedule: Schedule): Compiled {
  const hit = compiled.get(schedule);
  if (hit && hit.ranges === schedule.ranges && hit.holidaysSource === schedule.holidays && hit.timezone === schedule.timezone) {
    return hit;
  }
  if (schedule.ranges.length === 0) {
    throw hoursError(`schedule '${schedule.name}' has no opening hours`);
  }
  const byDay: number[][] = [[], [], [], [], [], [], []];
  let weekMinutes = 0;
  const sorted = [...schedule.ranges].sort((a, b) => a.day - b.day || a.start - b.start);
  for (const r of sorted) {
    if (!Number.isInteger(r.day) || r.day < 0 || r.day > 6 || !(r.start >= 0 && r.start < r.end && r.end <= DAY_MINUTES)) {
      throw hoursError(`schedule '${schedule.name}' has an invalid range (day ${r.day}, ${r.start}-${r.end})`);
    }
    const list = byDay[r.day]!;
    const n = list.length;
    if (n > 0 && r.start <= list[n - 1]!) {
      // Overlapping or touching: merge (parseHours never produces overlaps; be forgiving with stored data).
      if (r.end > list[n - 1]!) {
        weekMinutes += r.end - list[n - 1]!;
        list[n - 1] = r.end;
      }
    } else {
      list.push(r.start, r.end);
      weekMinutes += r.end - r.start;
    }
  }
  const split = splitHolidays(schedule.holidays);
  const holidays = [...new Set(split.days)].sort((a, b) => a - b);
  const c: Compiled = {
    ranges: schedule.ranges,
    holidaysSource: schedule.holidays,
    timezone: schedule.timezone,
    zone: zoneFor(schedule.timezone),
    byDay,
    holidays,
    yearly: split.yearly,
    partial: split.partial,
    weekMs: weekMinutes * MINUTE,
    intervals: new Map(),
  };
  compiled.set(schedule, c);
  return c;
}

function isHoliday(c: Compiled, d: number): boolean {
  return firstHolidayFrom(c, d) === d || (c.yearly.size > 0 && c.yearly.has(monthDay(d)));
}

/** month * 100 + day of local day number d. */
function monthDay(d: number): number {
  const date = new Date(d * DAY);
  return (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
}

/** True when one of local days d..d+6 is a yearly or partial holiday (the week cannot be skipped whole). */
function specialWeek(c: Compiled, d: number): boolean {
  if (c.yearly.size === 0 && c.partial.size === 0) return false;
  for (let i = d; i < d + 7; i++) if (c.partial.has(i) || (c.yearly.size > 0 && c.yearly.has(monthDay(i)))) return true;
  return false;
}

/** The first holiday day >= d, or Infinity. */
function firstHolidayFrom(c: Compiled, d: number): number {
  const h = c.holidays;
  let lo = 0;
  let hi = h.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (h[mid]! < d) lo = mid + 1;
    else hi = mid;
  }
  return lo < h.length ? h[lo]! : Infinity;
}

const EMPTY: number[] = [];

/** The open intervals (instants) of local day d, in order, none empty. */
function intervalsOf(c: Compiled, d: number): number[] {
  let iv = c.intervals.get(d);
  if (iv) return iv;
  const cut = c.partial.get(d);
  const ranges = cut ? subtractRanges(c.byDay[weekday(d)]!, cut) : c.byDay[weekday(d)]!;
  if (ranges.length === 0 || isHoliday(c, d)) iv = EMPTY;
  else {
    iv = [];
    const base = d * DAY;
    for (let i = 0; i < ranges.length; i += 2) {
      const s = wallToInstant(c.zone, base + ranges[i]! * MINUTE);
      const e = wallToInstant(c.zone, base + ranges[i + 1]! * MINUTE);
      if (e > s) iv.push(s, e);
    }
  }
  if (c.intervals.size > 20_000) c.intervals.clear();
  c.intervals.set(d, iv);
  return iv;
}

/** True when local days d..d+6 hold no holiday and no UTC-offset change, so their open time is exactly weekMs. */
function cleanWeek(c: Compiled, d: number): boolean {
  if (c.weekMs <= 0 || firstHolidayFrom(c, d) < d + 7 || specialWeek(c, d)) return false;
  if (c.zone.fixed) return true;
  // Local days d..d+6 and the offsets wallToInstant consults lie within UTC days d-2..d+9.
  const o = c.zone.dayOffset(d - 2);
  for (let u = d - 1; u <= d + 9; u++) if (c.zone.dayOffset(u) !== o) return false;
  return true;
}

function checkDate(d: Date, what: string): number {
  const t = d.getTime();
  if (!Number.isFinite(t)) throw new RangeError(`${what}: invalid date`);
  return t;
}

/** The instant that is `minutes` business minutes after `start` under `schedule` (null = 24/7). If start is
 * outside hours the clock starts at the next opening; a target that uses up a range exactly ends at its close. */
export function addBusinessMinutes(start: Date, minutes: number, schedule: Schedule | null): Date {
  const t0 = checkDate(start, 'addBusinessMinutes');
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`addBusinessMinutes: minutes must be a non-negative number, got ${minutes}`);
  }
  if (schedule === null) return new Date(t0 + minutes * MINUTE);
  const c = compile(schedule);
  let remaining = minutes * MINUTE;
  let t = t0;
  let d = dayOf(c.zone, t);
  const limit = d + 366 * 1000;
  for (let first = true; d < limit; first = false, d++) {
    if (!first) {
      // Whole days from here on: skip whole weeks while more than a week's time remains.
      while (remaining > c.weekMs && cleanWeek(c, d)) {
        remaining -= c.weekMs;
        d += 7;
      }
    }
    const iv = intervalsOf(c, d);
    for (let i = 0; i < iv.length; i += 2) {
      const e = iv[i + 1]!;
      if (e <= t) continue;
      const s = Math.max(iv[i]!, t);
      const available = e - s;
      if (remaining <= available) return new Date(s + remaining);
      remaining -= available;
      t = e;
    }
  }
  throw new RangeError(`schedule '${schedule.name}' has no opening within 1000 years`);
}

/** Business minutes inside [from, to) under schedule (null = 24/7). Fractional minutes are kept; 0 if to <= from. */
export function businessMinutesBetween(from: Date, to: Date, schedule: Schedule | null): number {
  const f = checkDate(from, 'businessMinutesBetween');
  const e = checkDate(to, 'businessMinutesBetween');
  if (e <= f) return 0;
  if (schedule === null) return (e - f) / MINUTE;
  const c = compile(schedule);
  let total = 0;
  let d = dayOf(c.zone, f);
  for (let first = true; ; first = false) {
    if (!first) {
      if (wallToInstant(c.zone, d * DAY) >= e) break;
      if (cleanWeek(c, d) && wallToInstant(c.zone, (d + 7) * DAY) <= e) {
        total += c.weekMs;
        d += 7;
        continue;
      }
    }
    const iv = intervalsOf(c, d);
    for (let i = 0; i < iv.length; i += 2) {
      const s = Math.max(iv[i]!, f);
      const end = Math.min(iv[i + 1]!, e);
      if (end > s) total += end - s;
    }
    d++;
  }
  return total / MINUTE;
}

/** True when `at` is inside the schedule's open hours (null: always). */
export function isOpen(at: Date, schedule: Schedule | null): boolean {
  const t = checkDate(at, 'isOpen');
  if (schedule === null) return true;
  const c = compile(schedule);
  const iv = intervalsOf(c, dayOf(c.zone, t));
  for (let i = 0; i < iv.length; i += 2) if (iv[i]! <= t && t < iv[i + 1]!) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// Calendar helpers for explanations and reports

/** The open stretches of business time inside [from, to), in order, at most `limit` of them (null = 24/7:
 * the whole span). Used to show why a due time is what it is ("Fri 16:00-17:00, Mon 08:00-15:00"). */
export function openIntervals(from: Date, to: Date, schedule: Schedule | null, limit = 1000): Array<[Date, Date]> {
  const f = checkDate(from, 'openIntervals');
  const e = checkDate(to, 'openIntervals');
  if (e <= f) return [];
  if (schedule === null) return [[new Date(f), new Date(e)]];
  const c = compile(schedule);
  const out: Array<[Date, Date]> = [];
  for (let d = dayOf(c.zone, f); out.length < limit && wallToInstant(c.zone, d * DAY) < e; d++) {
    const iv = intervalsOf(c, d);
    for (let i = 0; i < iv.length && out.length < limit; i += 2) {
      const s = Math.max(iv[i]!, f);
      const end = Math.min(iv[i + 1]!, e);
      if (end > s) out.push([new Date(s), new Date(end)]);
    }
  }
  return out;
}

/** The holidays ('YYYY-MM-DD') of the schedule that fall on local days touched by [from, to]. */
export function holidaysBetween(from: Date, to: Date, schedule: Schedule | null): string[] {
  if (schedule === null || schedule.holidays.length === 0) return [];
  const c = compile(schedule);
  const first = dayOf(c.zone, checkDate(from, 'holidaysBetween'));
  const last = dayOf(c.zone, checkDate(to, 'holidaysBetween'));
  const out = new Set(c.holidays.filter((d) => d >= first && d <= last));
  // Yearly and partial holidays too; a span of more than ~3 years needs no day-by-day list.
  for (let d = first; d <= last && d - first < 1200 && (c.yearly.size > 0 || c.partial.size > 0); d++) {
    if (isHoliday(c, d) || c.partial.has(d)) out.add(d);
  }
  return [...out].sort((a, b) => a - b).map((d) => {
    const day = new Date(d * DAY).toISOString().slice(0, 10);
    const cut = isHoliday(c, d) ? undefined : c.partial.get(d);
    return cut ? `${day} ${cut.map((m, i) => (i % 2 ? `-${clock(m)}` : `${i ? ',' : ''}${clock(m)}`)).join('')}` : day;
  });
}

/** The local calendar day ('YYYY-MM-DD') of an instant in an IANA time zone. */
export function localDayOf(at: Date, timezone: string): string {
  const d = dayOf(zoneFor(timezone), checkDate(at, 'localDayOf'));
  return new Date(d * DAY).toISOString().slice(0, 10);
}

/** The instant a local calendar day ('YYYY-MM-DD') begins in an IANA time zone (DST-correct). */
export function startOfLocalDay(day: string, timezone: string): Date {
  return new Date(wallToInstant(zoneFor(timezone), holidayDay(day) * DAY));
}

/** Wall-clock text of an instant in a time zone: "Fri 2026-03-06 16:00". */
export function formatLocal(at: Date, timezone: string): string {
  const zone = zoneFor(timezone);
  const t = checkDate(at, 'formatLocal');
  const local = t + zone.offsetAt(t);
  const d = Math.floor(local / DAY);
  const minutes = Math.floor((((local % DAY) + DAY) % DAY) / MINUTE);
  const name = DAY_KEYS[weekday(d)]!;
  return `${name[0]!.toUpperCase()}${name.slice(1)} ${new Date(d * DAY).toISOString().slice(0, 10)} ${clock(minutes)}`;
}
