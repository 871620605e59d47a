/**
 * Report arithmetic: the reporting window (`--since 30d`, `--until 2026-03-31`), percentiles, rates, and
 * the metrics object every report group carries. Pure: the desk feeds it counts from SQL and business
 * minutes it computed per ticket.
 */
import { UsageError } from './errors.js';
import { ownValue } from './own.js';
import { parseHoliday, startOfLocalDay } from './schedule.js';

/** `status` groups by the status key as tickets show it: a custom status is its own group. */
export const REPORT_GROUPS = ['dept', 'agent', 'sla', 'topic', 'team', 'status'] as const;
export type ReportGroup = (typeof REPORT_GROUPS)[number];

const SINCE_EXAMPLE = 'examples: --since 30d, --since 12h, --since 2w, --since 2026-03-01, --since 2026-03-01T09:00:00Z';
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** A date (local day in the desk's time zone) or an ISO timestamp with a zone. */
function parseInstant(text: string, flag: string, tz: string, endOfDay: boolean): Date {
  const raw = text.trim();
  if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(raw)) {
    let day: string;
    try {
      day = parseHoliday(raw);
    } catch {
      throw new UsageError(`${flag} '${text}' is not a calendar date`, SINCE_EXAMPLE);
    }
    if (!endOfDay) return startOfLocalDay(day, tz);
    const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    return startOfLocalDay(next, tz);
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(raw)) {
    const at = new Date(raw);
    if (!Number.isNaN(at.getTime())) return at;
  }
  throw new UsageError(`${flag} '${text}' is not a date, timestamp or duration`, SINCE_EXAMPLE);
}

/**
 * The report window [since, until). `--since` is a duration back from now (30d, 12h, 2w, 90m), a date
 * (the start of that day in the desk's time zone) or an ISO timestamp; `--until` is a date (through the
 * end of that day) or a timestamp. Either may be absent (unbounded).
 */
export function parseWindow(
  since: string | undefined, until: string | undefined, now: Date, tz: string,
): { since: Date | null; until: Date | null } {
  let from: Date | null = null;
  if (since !== undefined) {
    const m = /^(\d+(?:\.\d+)?)\s*([mhdw])$/i.exec(since.trim());
    if (m) {
      const ms = Number(m[1]) * UNIT_MS[m[2]!.toLowerCase()]!;
      if (!(ms > 0)) throw new UsageError(`--since '${since}' must be a positive duration`, SINCE_EXAMPLE);
      // A duration longer than the help desk's history means all of it (and stays a valid date).
      from = new Date(Math.max(0, now.getTime() - ms));
    } else from = parseInstant(since, '--since', tz, false);
  }
  const to = until === undefined ? null : parseInstant(until, '--until', tz, true);
  if (from && to && to.getTime() <= from.getTime()) {
    throw new UsageError(`--until (${to.toISOString()}) is not after --since (${from.toISOString()})`, 'the window runs from --since up to --until');
  }
  return { since: from, until: to };
}

export function parseReportGroup(text: string): ReportGroup {
  const key = text.trim().toLowerCase();
  const aliases: Record<string, ReportGroup> = { department: 'dept', assignee: 'agent', plan: 'sla', 'help-topic': 'topic' };
  const found = (REPORT_GROUPS as readonly string[]).includes(key) ? (key as ReportGroup) : ownValue(aliases, key);
  if (!found) throw new UsageError(`cannot group a report by '${text}'`, `valid: ${REPORT_GROUPS.join(', ')} (e.g. --by dept)`);
  return found;
}

/**
 * The p-th percentile (0..1) of ascending values by linear interpolation between closest ranks (the
 * common "inclusive" definition: R type 7, Excel PERCENTILE.INC), so the 50th is the usual median.
 * null for no values.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = p * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

/** Rounded to one decimal place (null stays null). */
export function round1(n: number | null): number | null {
  return n === null ? null : Math.round(n * 10) / 10;
}

/** part / whole in percent to one decimal; null when there is nothing to measure. */
export function pct(part: number, whole: number): number | null {
  return whole === 0 ? null : round1((100 * part) / whole);
}

/** The counts SQL gives for one group of tickets. */
export interface ReportCounts {
  created: number;
  resolved: number;
  backlog: number;
  overdue: number;
  first_response_overdue: number;
  /** Tickets reopened at least once. */
  reopened: number;
  /** Tickets resolved at least once (resolved now, or reopened since). */
  ever_resolved: number;
  resolution_met: number;
  resolution_measured: number;
  first_response_met: number;
  first_response_measured: number;
}

/** One report row (the whole window, or one group). Minutes are business minutes of each ticket's plan. */
export interface ReportMetrics extends Pick<ReportCounts, 'created' | 'resolved' | 'backlog' | 'overdue' | 'first_response_overdue' | 'reopened'> {
  reopen_rate_pct: number | null;
  sla_compliance_pct: number | null;
  first_response_compliance_pct: number | null;
  first_response_median_minutes: number | null;
  first_response_p90_minutes: number | null;
  resolution_median_minutes: number | null;
  resolution_p90_minutes: number | null;
}

export const EMPTY_COUNTS: ReportCounts = {
  created: 0, resolved: 0, backlog: 0, overdue: 0, first_response_overdue: 0, reopened: 0, ever_resolved: 0,
  resolution_met: 0, resolution_measured: 0, first_response_met: 0, first_response_measured: 0,
};

/** What counting a ticket needs of it (times are ISO strings, compared as text like SQL did). */
export interface ReportTicket {
  resolved_at: string | null;
  due_at: string | null;
  first_response_due_at: string | null;
  first_response_at: string | null;
  paused_at: string | null;
  reopened_count: number;
}

/** Past `due` at `now`, and not frozen by a pause that began before it (a paused clock does not run out). */
const breached = (due: string | null, now: string, pausedAt: string | null): boolean =>
  due !== null && due < now && (pausedAt === null || due < pausedAt);

/**
 * Adds one ticket of the window to its group's counts (the report reads its window once and counts
 * as it goes; these were SQL sums over a second pass).
 */
export function countTicket(c: ReportCounts, t: ReportTicket, open: boolean, now: string): void {
  const resolved = t.resolved_at !== null;
  c.created++;
  if (resolved) c.resolved++;
  if (open) {
    c.backlog++;
    if (breached(t.due_at, now, t.paused_at)) c.overdue++;
    if (t.first_response_at === null && breached(t.first_response_due_at, now, t.paused_at)) c.first_response_overdue++;
  }
  if (t.reopened_count > 0) c.reopened++;
  if (resolved || t.reopened_count > 0) c.ever_resolved++;
  if (resolved && t.due_at !== null) {
    c.resolution_measured++;
    if (t.resolved_at! <= t.due_at) c.resolution_met++;
  }
  if (t.first_response_at !== null && t.first_response_due_at !== null) {
    c.first_response_measured++;
    if (t.first_response_at <= t.first_response_due_at) c.first_response_met++;
  }
}

/** Groups in the order reports list them: by name ignoring ASCII case (SQLite's NOCASE), none last. */
export function compareGroupKeys(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const fa = a.replace(/[A-Z]+/g, (m) => m.toLowerCase());
  const fb = b.replace(/[A-Z]+/g, (m) => m.toLowerCase());
  return fa < fb ? -1 : fa > fb ? 1 : 0;
}

/** Adds counts (for the total of several groups). */
export function addCounts(a: ReportCounts, b: ReportCounts): ReportCounts {
  const out = { ...a };
  for (const k of Object.keys(out) as Array<keyof ReportCounts>) out[k] += b[k];
  return out;
}

/** The metrics of one group from its counts and its measured durations (in any order). */
export function reportMetrics(c: ReportCounts, firstResponse: number[], resolution: number[]): ReportMetrics {
  // Typed arrays sort numerically without a comparator call per pair (a year holds ~500k tickets).
  const fr = Float64Array.from(firstResponse).sort();
  const res = Float64Array.from(resolution).sort();
  return {
    created: c.created,
    resolved: c.resolved,
    backlog: c.backlog,
    overdue: c.overdue,
    first_response_overdue: c.first_response_overdue,
    reopened: c.reopened,
    reopen_rate_pct: pct(c.reopened, c.ever_resolved),
    sla_compliance_pct: pct(c.resolution_met, c.resolution_measured),
    first_response_compliance_pct: pct(c.first_response_met, c.first_response_measured),
    first_response_median_minutes: round1(percentile(fr, 0.5)),
    first_response_p90_minutes: round1(percentile(fr, 0.9)),
    resolution_median_minutes: round1(percentile(res, 0.5)),
    resolution_p90_minutes: round1(percentile(res, 0.9)),
  };
}
