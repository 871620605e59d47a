import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTime } from '../../src/core/time.js';

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
