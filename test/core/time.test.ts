import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTime, parseIsoTime } from '../../src/core/time.js';

describe('isoTime', () => {
  it('writes exactly what toISOString writes, for any instant', () => {
    fc.assert(fc.property(fc.date({ min: new Date(-62_198_755_200_000), max: new Date(8_640_000_000_000_000), noInvalidDate: true }), (d) => {
      expect(isoTime(d)).toBe(d.toISOString());
    }), { seed: 20261123, numRuns: 2000 });
  });

  it('pads every field and keeps the edges of the four-digit years', () => {
    for (const text of ['0000-01-01T00:00:00.000Z', '0099-02-03T04:05:06.007Z', '1970-01-01T00:00:00.000Z', '2026-11-23T09:05:00.040Z', '9999-12-31T23:59:59.999Z', '+010000-01-01T00:00:00.000Z', '-000001-12-31T23:59:59.999Z']) {
      expect(isoTime(new Date(text))).toBe(text);
    }
  });

  it('refuses an invalid date as toISOString does', () => {
    expect(() => isoTime(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('parseIsoTime (the report reads three times per ticket)', () => {
  it('reads any stored time as Date.parse does', () => {
    fc.assert(fc.property(fc.date({ min: new Date(-62_167_219_200_000), max: new Date(253_402_300_799_999), noInvalidDate: true }), (d) => {
      const text = d.toISOString();
      expect(parseIsoTime(text)).toBe(Date.parse(text));
    }), { seed: 20261203, numRuns: 3000 });
  });

  it('leaves every other text to Date.parse, invalid ones included', () => {
    for (const text of [
      '0050-06-01T12:00:00.000Z', '2026-02-30T00:00:00.000Z', '2026-02-29T24:00:00.000Z', '2026-13-01T00:00:00.000Z',
      '2026-03-02T09:15:00Z', '2026-03-02T09:15:00.000+01:00', '2026-03-02 09:15:00.000Z', '2026-03-02T09:15:0a.000Z',
      '2026-03-02T09:60:00.000Z', 'garbage', '', '+010000-01-01T00:00:00.000Z',
    ]) {
      expect(Object.is(parseIsoTime(text), Date.parse(text)), text).toBe(true);
    }
  });
});
