/**
 * `schedule holiday import <name> <file.ics>`: an iCalendar file's events become the
 * schedule's holidays. All-day events close whole days (DTEND is exclusive, as RFC 5545 says); timed
 * events close their hours on each local day they touch, in the schedule's time zone. Recurring
 * events (RRULE, RDATE, EXDATE) are expanded by ical.js — a well-kept parser, loaded only here — over
 * a window from a year before now to five years after, so a yearly rule with no end stays finite.
 * Wall times without a known zone (floating, or a TZID the file does not define) are read as the
 * schedule's local time.
 */
import { UsageError } from '../../core/errors.js';
import { formatLocal, parseHolidaySpec } from '../../core/schedule.js';

const YEAR = 366 * 86_400_000;
const MAX_OCCURRENCES = 5000;

/** The part of an ical.js time we read. */
interface IcalTime {
  year: number; month: number; day: number; hour: number; minute: number; isDate: boolean;
  zone: { tzid: string } | null;
  toJSDate(): Date;
}

const pad = (n: number) => String(n).padStart(2, '0');
const dayText = (t: IcalTime) => `${t.year}-${pad(t.month)}-${pad(t.day)}`;

/** An instant or wall time as [local day, minutes into it] in the schedule's zone. */
function local(t: IcalTime, timezone: string): [string, number] {
  const floating = t.zone === null || t.zone.tzid === 'floating';
  if (floating) return [dayText(t), t.hour * 60 + t.minute];
  const text = formatLocal(t.toJSDate(), timezone); // "Fri 2026-03-06 16:00"
  return [text.slice(4, 14), Number(text.slice(15, 17)) * 60 + Number(text.slice(18, 20))];
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const hhmm = (m: number) => `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;

/** The holiday specs one occurrence closes. */
function occurrenceHolidays(start: IcalTime, end: IcalTime | null, timezone: string): string[] {
  if (start.isDate) {
    const last = end && end.isDate ? dayText(end) : nextDay(dayText(start));
    const out: string[] = [];
    for (let d = dayText(start); d < last && out.length < 400; d = nextDay(d)) out.push(d);
    return out;
  }
  const [sDay, sMin] = local(start, timezone);
  const [eDay, eMin] = end ? local(end, timezone) : [sDay, sMin];
  const out: string[] = [];
  for (let d = sDay; d <= eDay && out.length < 400; d = nextDay(d)) {
    const from = d === sDay ? sMin : 0;
    const to = d === eDay ? eMin : 1440;
    if (to <= from) continue;
    out.push(from === 0 && to === 1440 ? d : `${d}T${hhmm(from)}-${hhmm(to)}`);
  }
  return out;
}

/**
 * The holidays an iCalendar text defines, normalised as `--holiday` accepts them, sorted and unique.
 * A file that is not iCalendar is a usage error naming the problem.
 */
export async function holidaysFromIcs(text: string, timezone: string, now: Date): Promise<string[]> {
  const ICAL = (await import('ical.js')).default;
  let root: InstanceType<typeof ICAL.Component>;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch (err) {
    throw new UsageError(`not an iCalendar file: ${(err as Error).message.split('\n')[0]}`, 'export the calendar as .ics (BEGIN:VCALENDAR … END:VCALENDAR)');
  }
  for (const vtz of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(vtz);
  const from = now.getTime() - YEAR;
  const until = now.getTime() + 5 * YEAR;
  const out = new Set<string>();
  let seen = 0;
  for (const vevent of root.getAllSubcomponents('vevent')) {
    if (String(vevent.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED') continue;
    const event = new ICAL.Event(vevent);
    if (!event.startDate) continue;
    const add = (start: IcalTime, end: IcalTime | null) => {
      for (const h of occurrenceHolidays(start, end, timezone)) out.add(parseHolidaySpec(h));
    };
    if (!event.isRecurring()) {
      add(event.startDate as unknown as IcalTime, (event.endDate ?? null) as unknown as IcalTime | null);
      continue;
    }
    const it = event.iterator();
    for (let next = it.next(); next && seen < MAX_OCCURRENCES; next = it.next()) {
      const t = next.toJSDate().getTime();
      if (t > until) break;
      if (t < from) continue;
      const o = event.getOccurrenceDetails(next);
      add(o.startDate as unknown as IcalTime, o.endDate as unknown as IcalTime);
      seen++;
    }
  }
  return [...out].sort();
}
