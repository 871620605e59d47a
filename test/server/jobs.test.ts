/**
 * The job loop of `serve --jobs` (src/server/jobs.ts) with fake jobs: one run at a time however slow a
 * job is, a failing job is one log line and neither stops the next job nor the loop, a job that cannot
 * run here says "not run", and stop() waits for the run in flight and starts no other.
 */
import { describe, expect, it } from 'vitest';
import { JobSkipped, parseJobsEvery, runJobsOnce, startJobLoop, type Job } from '../../src/server/jobs.js';
import type { Store } from '../../src/store/types.js';

const store = {} as Store;
const now = () => new Date('2026-03-02T09:00:00Z');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runJobsOnce', () => {
  it('logs every job on one line; a failure (even with newlines) is one part and the next job still runs', async () => {
    const lines: string[] = [];
    const ran: string[] = [];
    const jobs: Job[] = [
      { name: 'first', run: async () => { ran.push('first'); throw new Error('disk full\nat line 2'); } },
      { name: 'second', run: async () => { ran.push('second'); throw new JobSkipped('mail.smtp is not set'); } },
      { name: 'third', run: async (ctx) => { ran.push('third'); return `ran at ${ctx.now.toISOString()}`; } },
    ];
    await runJobsOnce({ store, now, log: (l) => lines.push(l), jobs });
    expect(ran).toEqual(['first', 'second', 'third']);
    expect(lines).toEqual(['jobs: first: failed: disk full at line 2; second: not run (mail.smtp is not set); third: ran at 2026-03-02T09:00:00.000Z']);
  });
});

describe('startJobLoop', () => {
  it('never overlaps a slow run, keeps going after failures, and stop() waits for the run in flight', async () => {
    let active = 0;
    let most = 0;
    let runs = 0;
    const slow: Job = {
      name: 'slow',
      run: async () => {
        active++;
        most = Math.max(most, active);
        runs++;
        await sleep(60); // longer than the interval
        active--;
        if (runs % 2 === 1) throw new Error('every other run fails');
        return 'ok';
      },
    };
    const lines: string[] = [];
    const loop = startJobLoop({ store, now, everyMs: 5, log: (l) => lines.push(l), jobs: [slow] });
    while (runs < 4) await sleep(10);
    await loop.stop();
    expect(active).toBe(0); // stop() returned only after the run in flight ended
    expect(most).toBe(1);
    const stoppedAt = runs;
    await sleep(100);
    expect(runs).toBe(stoppedAt);
    expect(lines.slice(0, 2)).toEqual(['jobs: slow: failed: every other run fails', 'jobs: slow: ok']);
  });
});

describe('parseJobsEvery', () => {
  it('takes seconds, minutes and hours from 1s to 24h', () => {
    expect([parseJobsEvery('60s'), parseJobsEvery('5m'), parseJobsEvery(' 1h '), parseJobsEvery('24h')]).toEqual([60_000, 300_000, 3_600_000, 86_400_000]);
    for (const bad of ['0s', '500ms', '25h', '1d', '', 'soon', '-1s']) expect(() => parseJobsEvery(bad), bad).toThrow(/--jobs-every/);
  });
});
