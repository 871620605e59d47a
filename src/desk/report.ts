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
import type { ReportFilter, ReportTimeRow, Tx } from '../store/types.js';
import { loadActiveActor, requireAgent } from './actor.js';
import { iso, type DeskContext } from './context.js';
import { loadPlan } from './lookup.js';
import { deskZone } from './sla-monitor.js';

export interface ReportInput {
  actor: string;
  since?: string;
  until?: string;
  by?: ReportGroup;
}

export interface ReportGroupRow extends ReportMetrics {
  /**
   * Department, agent username, plan, help topic or team; "(unassigned)" for tickets without an agent
   * and "(no team)" without a team (issue 20); null for tickets without a plan or topic.
   */
  key: string | null;
  /** Minutes logged on the group's tickets (by agent: by that agent). */
  time_spent_minutes: number;
}

/** Issue 20: the label of tickets without an agent or a team. */
const NO_KEY: Partial<Record<ReportGroup, string>> = { agent: '(unassigned)', team: '(no team)' };

export interface DailyPoint {
  /** Local day in the desk's time zone. */
  date: string;
  created: number;
  resolved: number;
}

export interface Report extends ReportMetrics {
  groups: ReportGroupRow[];
  /** Minutes logged on the window's tickets (issue 20). */
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
    // push(...xs) puts every element on the stack (it threw past ~125k, issue 14).
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
    const groups = input.by === undefined ? [] : allKeys.map((key): ReportGroupRow => {
      const g = measured.get(key) ?? { counts: { ...EMPTY_COUNTS }, firstResponse: [], resolution: [] };
      const label = key ?? NO_KEY[input.by!] ?? null;
      return { key: label, ...reportMetrics(g.counts, g.firstResponse, g.resolution), time_spent_minutes: minutesOf.get(key) ?? 0 };
    });
    return {
      ...reportMetrics(total, firstResponse, resolution),
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

const OPEN = new Set<string>(OPEN_STATUSES);

/**
 * Counts, business minutes to first response and to resolution, per group, and created/resolved per
 * local day, from one streamed pass: only numbers, never tickets, are held in memory.
 */
async function measure(tx: Tx, filter: ReportFilter, tz: string): Promise<{
  groups: Map<string | null, Group>; days: Map<string, { created: number; resolved: number }>;
}> {
  const plans = new Map<number, SlaPlan | null>();
  for (const p of await tx.sla.slaPlans()) plans.set(p.id, await loadPlan(tx, p.id));
  const groups = new Map<string | null, Group>();
  const days = new Map<string, { created: number; resolved: number }>();
  const bump = (day: string, field: 'created' | 'resolved') => {
    const d = days.get(day) ?? { created: 0, resolved: 0 };
    d[field]++;
    days.set(day, d);
  };
  // Every time zone's offset is a whole number of quarter hours, so one quarter hour of UTC falls
  // on one local day: remember the day per quarter hour instead of converting each timestamp.
  const dayCache = new Map<string, string>();
  const dayOf = (at: string): string => {
    const key = `${at.slice(0, 14)}${Math.floor(Number(at.slice(14, 16)) / 15)}`;
    let day = dayCache.get(key);
    if (day === undefined) dayCache.set(key, (day = localDayOf(new Date(at), tz)));
    return day;
  };
  await tx.reports.reportTimes(filter, (row: ReportTimeRow) => {
    const plan = row.sla_id === null ? null : plans.get(row.sla_id) ?? null;
    const between = (from: string, to: string) =>
      plan ? planMinutesBetween(plan, new Date(from), new Date(to)) : (Date.parse(to) - Date.parse(from)) / 60_000;
    let g = groups.get(row.key);
    if (!g) groups.set(row.key, (g = { counts: { ...EMPTY_COUNTS }, firstResponse: [], resolution: [] }));
    countTicket(g.counts, row, OPEN.has(row.status), filter.now);
    if (row.first_response_at !== null) g.firstResponse.push(between(row.created_at, row.first_response_at));
    // Time the clock stood paused (awaiting the end user on a pausing plan) does not count.
    if (row.resolved_at !== null) g.resolution.push(Math.max(0, between(row.created_at, row.resolved_at) - row.paused_minutes));
    bump(dayOf(row.created_at), 'created');
    if (row.resolved_at !== null) bump(dayOf(row.resolved_at), 'resolved');
  });
  return { groups, days };
}

const DAY = 86_400_000;

/** Every local day of the window (zeros included), so a chart's x axis is time. */
function dailySeries(
  days: Map<string, { created: number; resolved: number }>, since: Date | null, until: Date | null, now: Date, tz: string,
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
