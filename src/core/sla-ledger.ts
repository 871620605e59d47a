/**
 * The clock's ledger (`ticket sla-explain`): every counted stretch of business time, pause,
 * holiday skipped, reopen, plan change, warning and breach of a ticket, with times, oldest first. Pure:
 * the desk passes the ticket's clock columns, its events and "now".
 */
import { holidaysBetween, openIntervals } from './schedule.js';
import { planMinutesBetween, type SlaPlan } from './sla.js';
import { pauseSpans, stillIn } from './custom-status.js';

export interface LedgerEntry {
  kind: 'started' | 'counted' | 'paused' | 'holiday' | 'reopened' | 'plan' | 'warning' | 'breach' | 'first_response' | 'resolved' | 'due';
  at: string;
  /** End of a stretch or pause; null while it still runs. */
  until?: string | null;
  /** Business minutes of a stretch or pause (in the plan's schedule). */
  minutes?: number;
  /** Which clock a warning, breach or due time is about. */
  clock?: 'resolution' | 'first_response';
  detail?: string;
}

export interface LedgerFacts {
  plan: SlaPlan | null;
  state: 'open' | 'closed';
  createdAt: string;
  clockStartAt: string;
  pausedAt: string | null;
  dueAt: string | null;
  firstResponseDueAt: string | null;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  /** Keys of the custom statuses that pause the clock. */
  pausing?: ReadonlySet<string>;
  events: ReadonlyArray<{ type: string; at: string; data: Record<string, unknown> }>;
}

const MAX_STRETCHES = 500;
const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Pauses of the current clock run: awaiting the end user on a plan that pauses, and a pausing custom
 * status on any plan — [start, end, the status it began in].
 */
function pausesOf(f: LedgerFacts, now: Date): Array<[string, string | null, string]> {
  const changes = f.events.filter((e) => e.type === 'status' || e.type === 'reopened').map((e) => ({ at: e.at, to: e.data.to }));
  const pausing = f.pausing ?? new Set<string>();
  const out = pauseSpans(changes, f.clockStartAt, (key) => stillIn(key, f.plan?.pauseAwaiting === true, pausing));
  const last = out.at(-1);
  const end = f.state === 'open' ? null : f.resolvedAt ?? now.toISOString();
  if (last && last[1] === null) last[1] = end;
  else if (f.pausedAt !== null) out.push([f.pausedAt, end, 'awaiting-response']);
  return out;
}

/** Counted stretches: open business time from the clock's start until it stopped (or now), pauses left out. */
function stretches(f: LedgerFacts, plan: SlaPlan, pauses: ReadonlyArray<readonly [string, string | null, ...string[]]>, now: Date): LedgerEntry[] {
  const stop = f.state === 'closed' && f.resolvedAt ? new Date(f.resolvedAt) : now;
  const out: LedgerEntry[] = [];
  let from = new Date(f.clockStartAt);
  const cuts = [...pauses.map(([a, b]): [Date, Date] => [new Date(a), b ? new Date(b) : stop]), [stop, stop] as [Date, Date]];
  for (const [pauseStart, pauseEnd] of cuts) {
    const to = new Date(Math.min(pauseStart.getTime(), stop.getTime()));
    for (const [a, b] of openIntervals(from, to, plan.schedule, MAX_STRETCHES - out.length)) {
      out.push({ kind: 'counted', at: a.toISOString(), until: b.toISOString(), minutes: round1((b.getTime() - a.getTime()) / 60_000) });
    }
    if (pauseEnd.getTime() > from.getTime()) from = pauseEnd;
    if (from.getTime() >= stop.getTime() || out.length >= MAX_STRETCHES) break;
  }
  return out;
}

function eventEntries(f: LedgerFacts): LedgerEntry[] {
  const out: LedgerEntry[] = [];
  for (const e of f.events) {
    const clock = e.data.clock === 'first_response' ? 'first_response' : 'resolution';
    if (e.type === 'reopened') out.push({ kind: 'reopened', at: e.at, detail: `${String(e.data.from)} → ${String(e.data.to)}; the clock restarts` });
    else if (e.type === 'sla') out.push({ kind: 'plan', at: e.at, detail: `${String(e.data.from ?? 'none')} → ${String(e.data.to ?? 'none')}` });
    else if (e.type === 'warning') out.push({ kind: 'warning', at: e.at, clock, detail: `due ${String(e.data.due_at)}` });
    else if (e.type === 'overdue') out.push({ kind: 'breach', at: e.at, clock, detail: `due ${String(e.data.due_at)}` });
  }
  return out;
}

/** The ledger, oldest first (entries at the same instant in the order they are built). */
export function clockLedger(f: LedgerFacts, now: Date): LedgerEntry[] {
  const plan = f.plan;
  const out: LedgerEntry[] = [{ kind: 'started', at: f.createdAt, detail: 'ticket created' }];
  for (const e of eventEntries(f)) out.push(e);
  if (plan) {
    const pauses = pausesOf(f, now);
    for (const [a, b, status] of pauses) {
      const detail = status === 'awaiting-response' ? 'awaiting the end user' : `in status ${status}`;
      out.push({ kind: 'paused', at: a, until: b, minutes: round1(planMinutesBetween(plan, new Date(a), b ? new Date(b) : now)), detail });
    }
    for (const e of stretches(f, plan, pauses, now)) out.push(e);
    const last = [f.dueAt, f.resolvedAt, now.toISOString()].filter((x): x is string => x !== null).sort().at(-1)!;
    for (const h of holidaysBetween(new Date(f.clockStartAt), new Date(last), plan.schedule)) {
      out.push({ kind: 'holiday', at: `${h.slice(0, 10)}T00:00:00.000Z`, detail: `holiday ${h} skipped (${plan.schedule!.name})` });
    }
  }
  if (f.firstResponseAt) out.push({ kind: 'first_response', at: f.firstResponseAt, detail: 'first agent reply' });
  if (f.resolvedAt) out.push({ kind: 'resolved', at: f.resolvedAt });
  if (f.firstResponseDueAt) out.push({ kind: 'due', at: f.firstResponseDueAt, clock: 'first_response' });
  if (f.dueAt) out.push({ kind: 'due', at: f.dueAt, clock: 'resolution' });
  return out.map((e, i) => [e, i] as const).sort((a, b) => a[0].at.localeCompare(b[0].at) || a[1] - b[1]).map(([e]) => e);
}
