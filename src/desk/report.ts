/**
 * `helpdesk report`: how the desk is doing over tickets created in a window, among those the actor may
 * see. Counts, durations (business minutes of each ticket's plan) and the daily series come from one
 * streamed pass over the window, so only numbers — never tickets — are held in memory.
 */
import { visibilityScope } from '../core/access.js';
import { OPEN_STATUSES } from '../core/model.js';
import {
  EMPTY_COUNTS, addCounts, compareGroupKeys, countTicket, parseWindow, reportMetrics, type ReportCounts, type ReportGroup, type ReportMetrics,
} from '../core/report.js';
import { localDayOf } from '../core/schedule.js';
import { planMinutesBetween, type SlaPlan } from '../core/sla.js';
import { parseIsoTime } from '../core/time.js';
import type { ReportFilter, ReportTimeRow, Tx } from '../store/types.js';
import { loadActiveActor, requireAgent } from './actor.js';
import { iso, type DeskContext } from './context.js';
import { loadPlan } from './lookup.js';
import { deskZone } from './sla/status.js';

export interface ReportInput {
  actor: string;
  since?: string;
  until?: string;
  by?: ReportGroup;
}

export interface ReportGroupRow extends ReportMetrics {
  /**
   * Department, agent username, plan, help topic or team; "(unassigned)" for tickets without an agent
   * and "(no team)" without a team; null for tickets without a plan or topic.
   */
  key: string | null;
  /** Minutes logged on the group's tickets (by agent: by that agent). */
  time_spent_minutes: number;
  /** Satisfaction ratings of the group's tickets: their mean (null when none) and count. */
  csat_average: number | null;
  csat_responses: number;
}

/** The label of tickets without an agent or a team. */
const NO_KEY: Partial<Record<ReportGroup, string>> = { agent: '(unassigned)', team: '(no team)' };

export interface DailyPoint {
  /** Local day in the desk's time zone. */
  date: string;
  created: number;
  resolved: number;
}

export interface Report extends ReportMetrics {
  groups: ReportGroupRow[];
  /** The mean satisfaction rating (1–5, two decimals) of the window's tickets, and how many ratings. */
  csat_average: number | null;
  csat_responses: number;
  /** Minutes logged on the window's tickets. */
  time_spent_minutes: number;
  by: ReportGroup | null;
  since: string | null;
  until: string | null;
  timezone: string;
  generated_at: string;
  /** Per local day from the window's start to its end (or today): tickets of the window created and resolved. */
  daily: DailyPoint[];
}

/** Builds the report in one read transaction, from one pass over the window's tickets. */
export async function buildReport(ctx: DeskContext, input: ReportInput): Promise<Report> {
  return ctx.store.read(async (tx) => {
    const actor = await loadActiveActor(tx, input.actor);
    requireAgent(actor, 'run reports');
    const tz = await deskZone(tx);
    const window = parseWindow(input.since, input.until, ctx.now, tz);
    const filter: ReportFilter = {
      scope: visibilityScope(actor), since: window.since && iso(window.since), until: window.until && iso(window.until),
      by: input.by ?? null, now: iso(ctx.now),
    };
    const { groups: measured, days } = await measure(tx, filter, tz);
    const keys = [...measured.keys()].sort(compareGroupKeys);
    let total: ReportCounts = { ...EMPTY_COUNTS };
    // Concatenated, never spread into a call: a window holds any number of tickets, and
    // push(...xs) puts every element on the stack (it threw past ~125k).
    let firstResponse: number[] = [];
    let resolution: number[] = [];
    for (const g of measured.values()) {
      total = addCounts(total, g.counts);
      firstResponse = firstResponse.concat(g.firstResponse);
      resolution = resolution.concat(g.resolution);
    }
    const time = await tx.together.reportTime(filter);
    const minutesOf = new Map(time.map((t) => [t.key, t.minutes]));
    // By agent, time goes to whoever logged it: they may have no tickets of their own in the window.
    const allKeys = [...keys, ...time.map((t) => t.key).filter((k) => !measured.has(k))];
    const csat = await tx.portal.reportCsat(filter);
    const csatOf = new Map(csat.map((c) => [c.key, c]));
    const groups = input.by === undefined ? [] : allKeys.map((key): ReportGroupRow => {
      const g = measured.get(key) ?? { counts: { ...EMPTY_COUNTS }, firstResponse: [], resolution: [] };
      const label = key ?? NO_KEY[input.by!] ?? null;
      const c = csatOf.get(key);
      return {
        key: label, ...reportMetrics(g.counts, g.firstResponse, g.resolution), time_spent_minutes: minutesOf.get(key) ?? 0,
        ...csatFields(c?.responses ?? 0, c?.total ?? 0),
      };
    });
    return {
      ...reportMetrics(total, firstResponse, resolution),
      ...csatFields(csat.reduce((n, c) => n + c.responses, 0), csat.reduce((n, c) => n + c.total, 0)),
      time_spent_minutes: time.reduce((sum, t) => sum + t.minutes, 0),
      groups,
      by: input.by ?? null,
      since: filter.since,
      until: filter.until,
      timezone: tz,
      generated_at: iso(ctx.now),
      daily: dailySeries(days, window.since, window.until, ctx.now, tz),
    };
  });
}

interface Group { counts: ReportCounts; firstResponse: number[]; resolution: number[] }
interface Day { created: number; resolved: number }

/** The mean rating to two decimals (null without ratings) and how many there are. */
const csatFields = (responses: number, total: number) => ({
  csat_average: responses === 0 ? null : Math.round((total / responses) * 100) / 100, csat_responses: responses,
});

const OPEN = new Set<string>(OPEN_STATUSES);
const MINUTE = 60_000;
/** Every time zone's offset is a whole number of quarter hours: one quarter hour of UTC falls on one local day. */
const QUARTER = 900_000;

/**
 * Counts, business minutes to first response and to resolution, per group, and created/resolved per
 * local day, from one streamed pass: only numbers, never tickets, are held in memory. Each time is
 * parsed once, a plan without a schedule is plain arithmetic, and a time's local day comes from its
 * quarter hour's (a year is ~500k tickets).
 */
async function measure(tx: Tx, filter: ReportFilter, tz: string): Promise<{ groups: Map<string | null, Group>; days: Map<string, Day> }> {
  const plans = new Map<number, SlaPlan | null>();
  for (const p of await tx.sla.slaPlans()) plans.set(p.id, await loadPlan(tx, p.id));
  const groups = new Map<string | null, Group>();
  const days = new Map<string, Day>();
  const quarters = new Map<number, Day>();
  const dayAt = (ms: number): Day => {
    const q = Math.floor(ms / QUARTER);
    let d = quarters.get(q);
    if (d === undefined) {
      const date = localDayOf(new Date(q * QUARTER), tz);
      d = days.get(date);
      if (d === undefined) days.set(date, (d = { created: 0, resolved: 0 }));
      quarters.set(q, d);
    }
    return d;
  };
  await tx.reports.reportTimes(filter, (row: ReportTimeRow) => {
    const plan = row.sla_id === null ? null : plans.get(row.sla_id) ?? null;
    // Minutes under the plan (0 when `to` is not after `from`); without a plan, plain minutes.
    const between = (from: number, to: number) =>
      plan === null ? (to - from) / MINUTE
        : plan.schedule === null ? Math.max(0, to - from) / MINUTE
          : planMinutesBetween(plan, new Date(from), new Date(to));
    let g = groups.get(row.key);
    if (!g) groups.set(row.key, (g = { counts: { ...EMPTY_COUNTS }, firstResponse: [], resolution: [] }));
    countTicket(g.counts, row, OPEN.has(row.status), filter.now);
    const created = parseIsoTime(row.created_at);
    if (row.first_response_at !== null) g.firstResponse.push(between(created, parseIsoTime(row.first_response_at)));
    dayAt(created).created++;
    if (row.resolved_at !== null) {
      const resolved = parseIsoTime(row.resolved_at);
      // Time the clock stood paused (awaiting the end user on a pausing plan) does not count.
      g.resolution.push(Math.max(0, between(created, resolved) - row.paused_minutes));
      dayAt(resolved).resolved++;
    }
  });
  return { groups, days };
}

const DAY = 86_400_000;

/** Every local day of the window (zeros included), so a chart's x axis is time. */
function dailySeries(
  days: Map<string, Day>, since: Date | null, until: Date | null, now: Date, tz: string,
): DailyPoint[] {
  const seen = [...days.keys()].sort();
  if (seen.length === 0 && since === null) return [];
  const first = since ? localDayOf(since, tz) : seen[0]!;
  const endAt = until && until.getTime() <= now.getTime() ? new Date(until.getTime() - 1) : now;
  const last = localDayOf(endAt, tz);
  const out: DailyPoint[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); out.length < 20_000; t += DAY) {
    const date = new Date(t).toISOString().slice(0, 10);
    if (date > last) break;
    const d = days.get(date);
    out.push({ date, created: d?.created ?? 0, resolved: d?.resolved ?? 0 });
  }
  return out;
}
