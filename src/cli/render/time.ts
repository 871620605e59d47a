/**
 * Times for people: relative ("due in 42m", "overdue by 3h") and local wall-clock times in the help
 * desk's time zone.
 */
import { isUtcZone, localTime } from '../../core/time.js';

export { localTime };

/** A compact duration: 45s, 42m, 3h, 3h 20m, 2d 4h. */
export function shortDuration(ms: number): string {
  const abs = Math.abs(ms);
  const minutes = Math.floor(abs / 60000);
  if (minutes < 1) return `${Math.floor(abs / 1000)}s`;
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  const restMinutes = minutes % 60;
  if (hours < 24) return restMinutes ? `${hours}h ${restMinutes}m` : `${hours}h`;
  const days = Math.floor(hours / 24);
  const restHours = hours % 24;
  return restHours ? `${days}d ${restHours}h` : `${days}d`;
}

/** "due in 42m" / "overdue by 3h" for an open ticket; null without a due time. */
export function dueText(dueAt: string | null, now: Date): string | null {
  if (dueAt === null) return null;
  const delta = Date.parse(dueAt) - now.getTime();
  return delta >= 0 ? `due in ${shortDuration(delta)}` : `overdue by ${shortDuration(delta)}`;
}

/** "3h ago" / "in 2d". */
export function agoText(at: string, now: Date): string {
  const delta = now.getTime() - Date.parse(at);
  return delta >= 0 ? `${shortDuration(delta)} ago` : `in ${shortDuration(delta)}`;
}

const zoneNames = new Map<string, Intl.DateTimeFormat>();

/**
 * "2026-03-02 09:15 UTC", "2026-07-01 05:00 EDT": the local time labelled with its zone,
 * the zone's short name at that instant (daylight saving included), or its offset ("GMT+5:30").
 */
export function zonedTime(at: string, timeZone: string): string {
  // Every name UTC matches is labelled "UTC" by Intl too: a UTC desk builds no formatter (
  // its time-zone set-up was ~40 ms of every `ticket show`).
  if (isUtcZone(timeZone)) return `${localTime(at, timeZone)} UTC`;
  let f = zoneNames.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' });
    zoneNames.set(timeZone, f);
  }
  const zone = f.formatToParts(new Date(at)).find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  return `${localTime(at, timeZone)} ${zone}`;
}

/** "1 ticket", "3 tickets". */
export const plural = (n: number, word: string, words = `${word}s`): string => `${n} ${n === 1 ? word : words}`;
