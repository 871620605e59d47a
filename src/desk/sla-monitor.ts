/**
 * Watching the SLA clocks: `sla status` (what runs out next, for the people working tickets) and
 * `sla check` (the cron job that records each breach once and queues an alert for it).
 */
import { visibilityScope } from '../core/access.js';
import { parseTimezone, formatLocal } from '../core/schedule.js';
import { businessMinutesLeft } from '../core/sla-clock.js';
import { formatMinutes, isOverdue, type SlaPlan } from '../core/sla.js';
import type { Priority, Status } from '../core/model.js';
import type { AgentRow, SlaBreachRow, TeamRow, TicketRow, Tx } from '../store/types.js';
import { loadActiveActor } from './actor.js';
import { iso, type DeskContext } from './context.js';
import { findAgent, findDept, loadPlan } from './lookup.js';
import { renderAlert, type AlertDetails } from './notify.js';
import { queueMail } from './outbox.js';

/** Plans by id, loaded once per use case. */
export function planCache(tx: Tx): (slaId: number | null) => Promise<SlaPlan | null> {
  const plans = new Map<number, Promise<SlaPlan | null>>();
  return (slaId) => {
    if (slaId === null) return Promise.resolve(null);
    let p = plans.get(slaId);
    if (!p) plans.set(slaId, (p = loadPlan(tx, slaId)));
    return p;
  };
}

/** The help desk's time zone (setting `timezone`); UTC when unset or not a valid zone. */
export async function deskZone(tx: Tx): Promise<string> {
  const tz = (await tx.getSetting('timezone')) ?? 'UTC';
  try {
    return parseTimezone(tz);
  } catch {
    return 'UTC';
  }
}

/** One row of `sla status`: the ticket and the clock that runs out first. */
export interface SlaStatusEntry {
  number: string;
  subject: string;
  status: Status;
  priority: Priority;
  department: string;
  assignee: string | null;
  team: string | null;
  sla: string | null;
  /** The clock shown: first response while unanswered and due first, else resolution. */
  clock: 'first_response' | 'resolution';
  due_at: string;
  overdue: boolean;
  paused: boolean;
  /** Wall-clock minutes until due_at (negative: overdue); null while the clock is paused. */
  minutes_left: number | null;
  /** Business minutes of the plan until due_at (negative: overdue), frozen while paused. */
  business_minutes_left: number;
  resolution_due_at: string | null;
  first_response_due_at: string | null;
  /** When `automate run` warned about the clock shown (issue 21); null when it has not. */
  warned_at: string | null;
}

export interface SlaStatusInput {
  actor: string;
  dept?: string;
  assignee?: string;
  /** null = all */
  limit?: number | null;
}

/** Open tickets visible to the actor with a running (or paused) clock, most urgent first. */
export async function slaStatus(ctx: DeskContext, input: SlaStatusInput): Promise<SlaStatusEntry[]> {
  return ctx.store.read(async (tx) => {
    const actor = await loadActiveActor(tx, input.actor);
    const rows = await tx.slaQueue({
      scope: visibilityScope(actor),
      now: iso(ctx.now),
      limit: input.limit === undefined ? 50 : input.limit,
      deptId: input.dept !== undefined ? (await findDept(tx, input.dept)).id : undefined,
      assigneeId: input.assignee !== undefined ? (await findAgent(tx, input.assignee)).id : undefined,
    });
    const plan = planCache(tx);
    const warnings = await tx.warningsOf(rows.map((r) => r.id));
    const out: SlaStatusEntry[] = [];
    for (const row of rows) {
      const entry = statusEntry(row, await plan(row.sla_id), ctx.now);
      const warned = warnings.find((w) => w.ticket_id === row.id && w.clock === entry.clock
        && (w.clock === 'first_response' || w.clock_start_at === row.clock_start_at));
      out.push({ ...entry, warned_at: warned?.at ?? null });
    }
    return out;
  });
}

function statusEntry(t: TicketRow, plan: SlaPlan | null, now: Date): Omit<SlaStatusEntry, 'warned_at'> {
  const fr = t.first_response_at === null && t.first_response_due_at !== null
    && (t.due_at === null || t.first_response_due_at < t.due_at);
  const due = (fr ? t.first_response_due_at : t.due_at)!;
  const paused = t.paused_at !== null;
  const left = plan ? businessMinutesLeft(plan, due, t.paused_at, now) : (Date.parse(due) - now.getTime()) / 60_000;
  return {
    number: t.number, subject: t.subject, status: t.status, priority: t.priority, department: t.department,
    assignee: t.assignee, team: t.team, sla: t.sla,
    clock: fr ? 'first_response' : 'resolution',
    due_at: due,
    overdue: isOverdue('open', due, now, t.paused_at),
    paused,
    minutes_left: paused ? null : Math.trunc((Date.parse(due) - now.getTime()) / 60_000),
    business_minutes_left: Math.round(left * 10) / 10,
    resolution_due_at: t.due_at,
    first_response_due_at: t.first_response_due_at,
  };
}

/** One breach `sla check` recorded. */
export interface SlaBreach {
  number: string;
  subject: string;
  clock: 'first_response' | 'resolution';
  due_at: string;
  /** Wall-clock minutes past due when the check ran. */
  overdue_minutes: number;
  /** Addresses the alert was queued for (empty: nobody with an email address to tell). */
  alerted: string[];
}

export interface SlaCheckResult {
  checked_at: string;
  breaches: SlaBreach[];
}

/**
 * Records one `overdue` event per breach not yet recorded (per clock run for resolution — a reopen starts
 * a new run — and once per ticket for first response), and queues an alert for each, in one transaction.
 * Acts as the system: no identity needed. Running it again changes nothing until a new breach happens.
 */
export async function slaCheck(ctx: DeskContext): Promise<SlaCheckResult> {
  const now = iso(ctx.now);
  return ctx.store.write(async (tx) => {
    const breaches = await tx.slaBreaches(now);
    if (breaches.length === 0) return { checked_at: now, breaches: [] };
    const people = { agents: await tx.agents(), teams: await tx.teams(), tz: await deskZone(tx), plan: planCache(tx) };
    const out: SlaBreach[] = [];
    for (const b of breaches) out.push(await recordBreach(tx, b, people, ctx.now));
    return { checked_at: now, breaches: out };
  });
}

interface People {
  agents: AgentRow[];
  teams: TeamRow[];
  tz: string;
  plan: (slaId: number | null) => Promise<SlaPlan | null>;
}

async function recordBreach(tx: Tx, b: SlaBreachRow, people: People, now: Date): Promise<SlaBreach> {
  const t = b.ticket;
  const to = alertRecipients(t, people);
  const data = b.clock === 'resolution'
    ? { clock: b.clock, due_at: b.due_at, clock_start_at: t.clock_start_at, alerted: to }
    : { clock: b.clock, due_at: b.due_at, alerted: to };
  await tx.insertEvent({ ticketId: t.id, type: 'overdue', actor: { agentId: null, userId: null }, at: iso(now), data });
  const details = alertDetails(b, await people.plan(t.sla_id), people.tz, now);
  for (const addr of to) {
    const agent = people.agents.find((a) => a.email?.toLowerCase() === addr) ?? null;
    const mail = await renderAlert(tx, t, agent, details);
    await queueMail(tx, { ticketId: t.id, kind: 'sla-alert', to: addr, ...mail }, iso(now), t.number);
  }
  return {
    number: t.number, subject: t.subject, clock: b.clock, due_at: b.due_at,
    overdue_minutes: Math.floor((now.getTime() - Date.parse(b.due_at)) / 60_000), alerted: to,
  };
}

/**
 * Who hears of a breach: the assigned agent; when there is none (or they have no email address), the
 * team's members and the department's agents. Only active agents with an address.
 */
export function alertRecipients(t: TicketRow, p: Pick<People, 'agents' | 'teams'>): string[] {
  const reachable = p.agents.filter((a) => a.active === 1 && a.email);
  const assignee = reachable.find((a) => a.id === t.assignee_id);
  if (assignee) return [assignee.email!];
  const members = new Set(p.teams.find((tm) => tm.id === t.team_id)?.members ?? []);
  const emails = reachable.filter((a) => members.has(a.username) || a.dept_id === t.dept_id).map((a) => a.email!.toLowerCase());
  return [...new Set(emails)].sort();
}

/** The breach in words, for the admin-editable `sla-alert` template. */
function alertDetails(b: SlaBreachRow, plan: SlaPlan | null, tz: string, now: Date): AlertDetails {
  const clock = b.clock === 'first_response' ? 'first response' : 'resolution';
  const target = plan ? (b.clock === 'first_response' ? plan.firstResponseMinutes : plan.minutes) : null;
  return {
    clock,
    plan: plan ? `${plan.name} (${clock} within ${formatMinutes(target ?? 0)}${plan.schedule ? ` on ${plan.schedule.name}` : ', 24/7'})` : '—',
    due: `${formatLocal(new Date(b.due_at), tz)} (${tz})`,
    overdueBy: formatMinutes(Math.floor((now.getTime() - Date.parse(b.due_at)) / 60_000)),
  };
}
