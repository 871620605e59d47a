/**
 * `ticket show` on a UTC desk builds no Intl formatter (ICU's time-zone set-up was ~15 ms of
 * every show), and writes the same text Intl writes.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { localTime } from '../../src/cli/render/time.js';

const viaIntl = (at: string, timeZone: string) => {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
};

afterEach(() => vi.restoreAllMocks());

describe('localTime', () => {
  const instants = ['2026-03-02T09:15:00.000Z', '2026-12-31T23:59:59.999Z', '2024-02-29T00:00:00.000Z', '2026-03-29T01:30:00Z'];

  it('on UTC: the same text as Intl, without building a formatter', () => {
    const expected = instants.map((at) => viaIntl(at, 'UTC'));
    const spy = vi.spyOn(Intl, 'DateTimeFormat');
    for (const zone of ['UTC', 'utc', 'Etc/UTC']) expect(instants.map((at) => localTime(at, zone))).toEqual(expected);
    expect(spy).not.toHaveBeenCalled();
  });

  it('in another zone: Intl, DST included', () => {
    for (const at of instants) expect(localTime(at, 'Europe/Berlin')).toBe(viaIntl(at, 'Europe/Berlin'));
    expect(localTime('2026-03-29T01:30:00Z', 'Europe/Berlin')).toBe('2026-03-29 03:30');
  });
});
