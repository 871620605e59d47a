/**
 * The fair wait for another writer (src/store/busy-retry.ts): short random sleeps between
 * tries, never longer than the cap however long a writer has waited (SQLite's handler grew to 100 ms,
 * so the longest waiter lost every race), and a give-up exactly at the busy timeout.
 */
import { describe, expect, it } from 'vitest';
import { retryDelayMs, retryWhileBusy } from '../../src/store/busy-retry.js';
import { mulberry32 } from '../helpers/random.mjs';

describe('retryDelayMs', () => {
  it('is jittered and capped at 8 ms at any attempt', () => {
    const r = mulberry32(7);
    const late = Array.from({ length: 1000 }, () => retryDelayMs(50, r));
    expect(Math.max(...late.slice(0, 100))).toBeLessThanOrEqual(8);
    expect(late.every((d) => d >= 0 && d <= 8)).toBe(true);
    expect(new Set(late.map((d) => d.toFixed(3))).size).toBeGreaterThan(900);
    expect(retryDelayMs(1, () => 0.999)).toBeLessThan(0.5);
  });
});

describe('retryWhileBusy', () => {
  it('tries until the lock is free', () => {
    let tries = 0;
    expect(retryWhileBusy(() => ++tries === 5, 5000)).toBe(true);
    expect(tries).toBe(5);
  });

  it('gives up once the busy timeout has passed, not before', () => {
    let now = 0;
    let tries = 0;
    const clock = () => now;
    expect(retryWhileBusy(() => { tries++; now += 10; return false; }, 95, clock)).toBe(false);
    expect(tries).toBe(10);
  });
});
