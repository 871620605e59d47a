/**
 * Retry timing for outbound mail: exponential backoff from 5 minutes, doubling, capped at 4 hours;
 * after MAX_ATTEMPTS failed tries (about a day) a message is marked failed. Pure.
 */
export const MAX_ATTEMPTS = 12;
const FIRST_DELAY_MINUTES = 5;
const MAX_DELAY_MINUTES = 240;

/** Minutes to wait after the `attempts`-th try (1-based) before the next one. */
export function backoffMinutes(attempts: number): number {
  const n = Math.max(1, Math.floor(attempts));
  return Math.min(MAX_DELAY_MINUTES, FIRST_DELAY_MINUTES * 2 ** (n - 1));
}

/** The ISO time of the next try after the `attempts`-th one made at `now`. */
export function nextAttemptAt(now: Date, attempts: number): string {
  return new Date(now.getTime() + backoffMinutes(attempts) * 60_000).toISOString();
}
