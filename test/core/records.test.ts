/**
 * Import records' times (core/records.ts): the fast check of the stored form, and the slow path
 * for every other ISO 8601 time.
 */
import { describe, expect, it } from 'vitest';
import { BadRecordError, Fields, isCanonicalTime } from '../../src/core/records.js';

describe('isCanonicalTime', () => {
  it.each([
    ['2026-03-02T09:15:00.000Z', true],
    ['2024-02-29T23:59:59.999Z', true],
    ['2000-02-29T00:00:00.000Z', true],
    ['1900-02-29T00:00:00.000Z', false],
    ['2026-02-29T00:00:00.000Z', false],
    ['2026-04-31T00:00:00.000Z', false],
    ['2026-13-01T00:00:00.000Z', false],
    ['2026-01-00T00:00:00.000Z', false],
    ['2026-01-01T24:00:00.000Z', false],
    ['2026-01-01T00:60:00.000Z', false],
    ['2026-01-01T00:00:60.000Z', false],
    ['2026-01-01T00:00:00Z', false],
    ['2026-01-01T00:00:00.000+01:00', false],
    ['2026-1-01T00:00:00.000Z', false],
  ])('%s → %s', (text, expected) => {
    expect(isCanonicalTime(text)).toBe(expected);
  });

  it('agrees with toISOString over thirty years of instants', () => {
    for (let ms = Date.UTC(1999, 0, 1); ms < Date.UTC(2030, 0, 1); ms += 86_400_000 * 3 + 3_723_456) {
      expect(isCanonicalTime(new Date(ms).toISOString())).toBe(true);
    }
  });
});

describe('Fields.time', () => {
  const time = (v: unknown) => new Fields({ at: v }, 'tickets[0]').time('at');
  it.each([
    ['2026-03-02T09:15:00.000Z', '2026-03-02T09:15:00.000Z'],
    ['2026-03-02T10:15:00+01:00', '2026-03-02T09:15:00.000Z'],
    ['2026-03-02T09:15Z', '2026-03-02T09:15:00.000Z'],
  ])('%s → %s', (text, stored) => {
    expect(time(text)).toBe(stored);
  });
  it.each(['2026-03-02', 'yesterday', '2026-03-02T09:15:00', 42])('%s is refused naming the record', (v) => {
    expect(() => time(v)).toThrow(BadRecordError);
    expect(() => time(v)).toThrow(/tickets\[0\]: 'at'/);
  });
});
