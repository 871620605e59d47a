/**
 * Instants as the ISO 8601 UTC text stored everywhere (2026-03-02T09:15:00.000Z).
 *
 * Exactly what Date.prototype.toISOString() writes, built from the getUTC… fields: V8's first
 * toISOString() of a process costs ~0.25 ms (every command writes or compares times, and its
 * start-up is most of what a scripted command costs — issue 8). Years outside 0–9999 (and invalid
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

const SEPARATORS: Array<[number, number]> = [[4, 45], [7, 45], [10, 84], [13, 58], [16, 58], [19, 46], [23, 90]];
const DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22];

/**
 * Milliseconds since the epoch of a time as stored (2026-03-02T09:15:00.000Z), read digit by digit:
 * a report reads three of them per ticket of its window, and Date.parse was a tenth of a year's
 * report (issue 14). Any other text goes to Date.parse.
 */
export function parseIsoTime(text: string): number {
  if (text.length !== 24) return Date.parse(text);
  for (const [i, code] of SEPARATORS) if (text.charCodeAt(i) !== code) return Date.parse(text);
  for (const i of DIGITS) if (((text.charCodeAt(i) - 48) >>> 0) > 9) return Date.parse(text);
  const n = (i: number, width: number) => {
    let v = 0;
    for (let k = i; k < i + width; k++) v = v * 10 + text.charCodeAt(k) - 48;
    return v;
  };
  const year = n(0, 4);
  const month = n(5, 2);
  const day = n(8, 2);
  const hour = n(11, 2);
  const minute = n(14, 2);
  const second = n(17, 2);
  // Out of range fields are not a time Date.parse would take either (it gives NaN).
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 59) return Date.parse(text);
  // Date.UTC reads years 0-99 as 1900-1999; the ends of months and 24:00 are Date.parse's to judge.
  if (year < 100 || hour === 24 || day > 28) return Date.parse(text);
  return Date.UTC(year, month - 1, day, hour, minute, second, n(20, 3));
}
