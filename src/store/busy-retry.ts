/**
 * Waiting for another writer, fairly. SQLite's own busy handler sleeps 1, 2, 5, 10, … 100 ms
 * between tries, and a writer that has waited long sleeps longest: with eight writers, one could
 * lose every race for seconds and then fail ("database is busy": 2 in ~45,000 creates, p99 wait
 * 1.1-3.0 s). Instead a write tries BEGIN IMMEDIATE without waiting and, while another holds the
 * lock, sleeps a short random time and tries again: everyone polls often and alike (full jitter,
 * capped low), until the caller's busy timeout has passed.
 */

/** The longest sleep between tries: a create holds the lock for 1-3 ms, so tries stay frequent. */
const CAP_MS = 8;

/** Sleep before try `attempt` (1, 2, …): uniform in [0, min(CAP, 2^attempt / 4)] ms, `random` in [0, 1). */
export function retryDelayMs(attempt: number, random: () => number): number {
  const ceiling = Math.min(CAP_MS, 2 ** Math.min(attempt, 8) / 4);
  return random() * ceiling;
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Runs `tryOnce` until it returns true or `timeoutMs` has passed; false then. Sleeps synchronously
 * (Atomics.wait): a transaction begins synchronously, and a command has nothing else to do meanwhile.
 */
export function retryWhileBusy(tryOnce: () => boolean, timeoutMs: number, clock: () => number = Date.now, random: () => number = Math.random): boolean {
  const deadline = clock() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    if (tryOnce()) return true;
    const left = deadline - clock();
    if (left <= 0) return false;
    Atomics.wait(pause, 0, 0, Math.min(left, retryDelayMs(attempt, random)));
  }
}
