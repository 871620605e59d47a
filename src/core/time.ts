/**
 * Instants as the ISO 8601 UTC text stored everywhere (2026-03-02T09:15:00.000Z).
 *
 * Exactly what Date.prototype.toISOString() writes, built from the getUTC… fields: V8's first
 * toISOString() of a process costs ~0.25 ms (every command writes or compares times, and its
 * start-up is most of what a scripted command costs). Years outside 0–9999 (and invalid
 * dates, which throw) are left to toISOString.
 */
export function isoTime(d: Date): string {
  const year = d.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) return d.toISOString();
  return `${pad(year, 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}T${pad(d.getUTCHours(), 2)}:${
    pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(d.getUTCMilliseconds(), 3)}Z`;
}

function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : '0000'.slice(0, width - s.length) + s;
}

/**
 * Milliseconds since the epoch of a time as stored (2026-03-02T09:15:00.000Z), read digit by digit:
 * a report reads three of them per ticket of its window, and this is ~2.5 times faster than
 * Date.parse. Any other text goes to Date.parse, so the result is always Date.parse's.
 */
export function parseIsoTime(t: string): number {
  if (t.length !== 24 || t.charCodeAt(23) !== 90 || t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45 || t.charCodeAt(10) !== 84
    || t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58 || t.charCodeAt(19) !== 46) return Date.parse(t);
  let bad = 0;
  const c = (i: number): number => {
    const d = t.charCodeAt(i) - 48;
    bad |= d >>> 0 > 9 ? 1 : 0;
    return d;
  };
  const year = c(0) * 1000 + c(1) * 100 + c(2) * 10 + c(3);
  const month = c(5) * 10 + c(6);
  const day = c(8) * 10 + c(9);
  const hour = c(11) * 10 + c(12);
  const minute = c(14) * 10 + c(15);
  const second = c(17) * 10 + c(18);
  const ms = c(20) * 100 + c(21) * 10 + c(22);
  // Date.UTC reads years 0-99 as 1900-1999; the ends of months, 24:00 and anything out of range
  // are Date.parse's to judge.
  if (bad !== 0 || year < 100 || month < 1 || month > 12 || day < 1 || day > 28 || hour > 23 || minute > 59 || second > 59) return Date.parse(t);
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Names of UTC itself: no Intl formatter is needed for them. */
const UTC = /^(utc|etc\/utc|etc\/gmt|gmt|z|zulu|etc\/zulu|universal|etc\/universal)$/i;

/** Whether the IANA name is UTC itself (Intl labels every one of them "UTC"). */
export const isUtcZone = (timeZone: string): boolean => UTC.test(timeZone);

/**
 * "2026-03-02 09:15" in the given IANA time zone. On a UTC desk straight from the ISO text: the
 * first Intl.DateTimeFormat costs ICU's time-zone set-up, ~15 ms of every `ticket show`.
 */
export function localTime(at: string, timeZone: string): string {
  if (isUtcZone(timeZone)) {
    const iso = isoTime(new Date(at));
    return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  }
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}
