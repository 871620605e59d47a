/**
 * `serve --jobs`: the desk's cron jobs on a timer inside the server. JOBS is the
 * list a run goes through, in order; a new background task (webhook delivery, say) is one more entry.
 * Each job is safe beside other servers and cron (its use case serialises through the store), so the
 * loop's only own rules are: one run at a time (the next is scheduled when the last has finished, so a
 * slow run is never overlapped), a job that fails is one line on stderr and the next job still runs,
 * nothing a job throws reaches the server, and stop() waits for the run in flight.
 */
import { UsageError } from '../core/errors.js';
import type { DeskContext } from '../desk/context.js';
import type { Store } from '../store/types.js';

export interface Job {
  /** As the log line names it (`automate run`). */
  name: string;
  /** One run at ctx.now; answers a short summary for the log line (`1 closed, 0 reminded`). */
  run(ctx: DeskContext): Promise<string>;
}

/** Raised by a job that cannot run here (no SMTP configured): logged as "not run", not as a failure. */
export class JobSkipped extends Error {}

const automate: Job = {
  name: 'automate run',
  async run(ctx) {
    // The automations include everything `sla check` does (automate.ts calls that use case first).
    const { automateRun } = await import('../desk/automate.js');
    const c = (await automateRun(ctx, { dryRun: false })).counts;
    return `${c.breaches} new breaches, ${c.closed} closed, ${c.reminded} reminded, ${c.warnings} warnings`;
  },
};

const mail: Job = {
  name: 'mail send',
  async run(ctx) {
    const { deliverDue } = await import('../mail/deliver.js');
    try {
      const r = await deliverDue(ctx, {});
      return `${r.sent} sent, ${r.deferred} deferred, ${r.failed} failed${r.stopped ? ` (stopped: ${r.stopped})` : ''}`;
    } catch (err) {
      // mail.smtp not set is how a desk without outgoing mail looks: the queue waits, nothing failed.
      if (err instanceof UsageError) throw new JobSkipped(err.message);
      throw err;
    }
  },
};

/** Webhook deliveries the changes (and the automations) queued. */
const webhooks: Job = {
  name: 'webhook send',
  async run(ctx) {
    const { sendWebhooks } = await import('./webhook-send.js');
    const r = await sendWebhooks(ctx);
    return `${r.delivered} delivered, ${r.deferred} deferred, ${r.failed} failed`;
  },
};

/** What `serve --jobs` runs, in this order (the automations queue mail and webhooks that the later jobs send). */
export const JOBS: readonly Job[] = [automate, mail, webhooks];

export interface JobLoopOptions {
  store: Store;
  now: () => Date;
  everyMs: number;
  log: (line: string) => void;
  jobs?: readonly Job[];
}

export interface JobLoop {
  /** Resolves once the current run (if any) has finished; no run starts afterwards. */
  stop(): Promise<void>;
}

/** A message as one line: a job's error may carry newlines (SMTP transcripts, SQL). */
// eslint-disable-next-line no-control-regex -- control characters become spaces on the log line
const oneLine = (text: string) => text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, 500);

/** Runs every job once, now; each job's outcome is one part of the single log line. */
export async function runJobsOnce(o: Omit<JobLoopOptions, 'everyMs'>): Promise<void> {
  const parts: string[] = [];
  for (const job of o.jobs ?? JOBS) {
    try {
      parts.push(`${job.name}: ${oneLine(await job.run({ store: o.store, now: o.now() }))}`);
    } catch (err) {
      const message = oneLine(err instanceof Error ? err.message : String(err));
      parts.push(err instanceof JobSkipped ? `${job.name}: not run (${message})` : `${job.name}: failed: ${message}`);
    }
  }
  o.log(`jobs: ${parts.join('; ')}`);
}

/** Starts the loop: a run at once, then one `everyMs` after each run has finished. */
export function startJobLoop(o: JobLoopOptions): JobLoop {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<void> = Promise.resolve();
  const tick = () => {
    timer = null;
    current = runJobsOnce(o)
      .catch((err: unknown) => o.log(`jobs: failed: ${oneLine(String(err))}`))
      .finally(() => { if (!stopped) timer = setTimeout(tick, o.everyMs); });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}

/** `--jobs-every`: `30s`, `5m`, `1h` (at least 1s, at most a day). */
export function parseJobsEvery(text: string): number {
  const m = /^(\d+)\s*(s|m|h)$/.exec(text.trim().toLowerCase());
  const ms = m ? Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 's' | 'm' | 'h'] : NaN;
  if (!(ms >= 1000 && ms <= 86_400_000)) {
    throw new UsageError(`--jobs-every '${text}' is not a duration between 1s and 24h`, 'e.g. --jobs-every 60s, 5m or 1h');
  }
  return ms;
}
