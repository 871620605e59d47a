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
