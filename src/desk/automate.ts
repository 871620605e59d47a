/**
 * `helpdesk automate run`: the one cron job. It runs `sla check` (by calling that use case),
 * then in one write transaction closes resolved tickets after `ticket.autoclose_after` (500 of them;
 * a larger backlog goes on in transactions of 500, so memory stays bounded), reminds and closes tickets that have awaited the end user for
 * `ticket.remind_after` / `ticket.close_awaiting_after`, and warns once per clock `sla.warn_before`
 * ahead of its due time. Every change is an event naming the rule, and each rule's query skips what
 * an earlier run already did, so a second run changes nothing. The write transactions are BEGIN
 * IMMEDIATE: two runs at once (or a run and an end user's answer) serialise, and the later one sees
 * the earlier one's work: an answer committed first leaves the ticket open (nothing to close); one
 * committed after the close reopens it.
 */
import { RULES, hasWaited, parseAfter, parseWarnBefore, warningWindow, type WarnRule } from '../core/automation.js';
import { planStatusChange, statusTimestamps } from '../core/lifecycle.js';
import { addBusinessMinutes, formatLocal } from '../core/schedule.js';
import { businessMinutesLeft } from '../core/sla-clock.js';
import { clockAfterStatusChange, formatMinutes, type SlaPlan } from '../core/sla.js';
import type { AgentRow, BreachCursor, TeamRow, TicketPatch, TicketRow, Tx, WarnCandidate } from '../store/types.js';
import { iso, type DeskContext } from './context.js';
import { renderAlert } from './mail/compose.js';
import { queueUserMail } from './mail/queue.js';
import { loadPlan } from './lookup.js';
import { queueMail } from './mail/queue.js';
import { Listing } from './listing.js';
import { alertRecipients, deskZone, planCache, slaCheck, type SlaBreach } from './sla/status.js';

const SYSTEM = { agentId: null, userId: null };

export interface AutomateInput {
  /** List what would change and change nothing. */
  dryRun?: boolean;
}

/** `from`: the status it left — a built-in one, or a custom status's key. */
export interface AutomatedClose { number: string; subject: string; from: string; rule: string }
export interface AutomatedReminder { number: string; subject: string; to: string; waiting_since: string; rule: string }
export interface AutomatedWarning {
  number: string; subject: string; clock: 'first_response' | 'resolution'; due_at: string;
  business_minutes_left: number; alerted: string[]; rule: string;
}

export interface AutomateResult {
  ran_at: string;
  dry_run: boolean;
  /** What `sla check` recorded (dry run: would record; `alerted` then lists nobody). */
  breaches: Array<Pick<SlaBreach, 'number' | 'subject' | 'clock' | 'due_at' | 'overdue_minutes' | 'alerted'>>;
  closed: AutomatedClose[];
  reminded: AutomatedReminder[];
  warnings: AutomatedWarning[];
  /** Every change of the run; the lists above hold at most LISTED of each (src/desk/listing.ts). */
  counts: { breaches: number; closed: number; reminded: number; warnings: number };
  /** How many of each the lists leave out (0 unless a backlog was worked off). */
  omitted: { breaches: number; closed: number; reminded: number; warnings: number };
}

interface Rules { autoclose: number | null; remind: number | null; closeAwaiting: number | null; warn: WarnRule | null }

/** A setting as stored, falling back to the default when unset (or unreadable: then the rule is off). */
async function readRules(tx: Tx): Promise<Rules> {
  const after = async (key: string, fallback: string) => {
    try {
      return parseAfter((await tx.settings.getSetting(key)) ?? fallback, key);
    } catch {
      return null;
    }
  };
  let warn: WarnRule | null = null;
  try {
    warn = parseWarnBefore((await tx.settings.getSetting(RULES.warn)) ?? 'off');
  } catch {
    warn = null;
  }
  return {
    autoclose: await after(RULES.autoclose, '7d'),
    remind: await after(RULES.remind, 'off'),
    closeAwaiting: await after(RULES.closeAwaiting, 'off'),
    warn,
  };
}

/** Runs every automation once at ctx.now; the single use case `serve --jobs` calls too. */
export async function automateRun(ctx: DeskContext, input: AutomateInput = {}): Promise<AutomateResult> {
  const dry = input.dryRun === true;
  const now = iso(ctx.now);
  const check = dry ? await pendingBreaches(ctx) : await slaCheck(ctx);
  const closed = new Listing<AutomatedClose>();
  const reminded = new Listing<AutomatedReminder>();
  // A backlog of resolved tickets (240,000 at a million) closes in batches that each commit:
  // the first with the other rules, the rest (if any) after.
  const run = async (tx: Tx) => {
    const rules = await readRules(tx);
    const first = await autoClose(tx, rules, ctx.now, dry, dry ? undefined : CLOSE_BATCH);
    return { first, awaiting: await chaseAwaiting(tx, rules, ctx.now, dry), warn: rules.warn };
  };
  const done = dry ? await ctx.store.read(run) : await ctx.store.write(run);
  for (const c of done.first) closed.push(c);
  for (const c of done.awaiting.closed) closed.push(c);
  for (const m of done.awaiting.reminded) reminded.push(m);
  if (!dry && done.first.length === CLOSE_BATCH) await autoCloseInBatches(ctx, closed);
  // Only open tickets have clocks to warn about: of the closes, only a dry run's awaiting ones (not
  // made) are still open, and would not be warned.
  const skip = new Set(done.awaiting.closed.map((c) => c.number));
  const warnings = new Listing<AutomatedWarning>();
  if (done.warn) await warnAll(ctx, done.warn, dry, skip, warnings);
  return {
    ran_at: now, dry_run: dry, breaches: check.breaches, closed: closed.items, reminded: reminded.items, warnings: warnings.items,
    counts: { breaches: check.count, closed: closed.count, reminded: reminded.count, warnings: warnings.count },
    omitted: { breaches: check.omitted, closed: closed.omitted, reminded: reminded.omitted, warnings: warnings.omitted },
  };
}

/** The breaches `sla check` would record now, from the same store query, without recording them. */
async function pendingBreaches(ctx: DeskContext): Promise<{ breaches: AutomateResult['breaches']; count: number; omitted: number }> {
  const all = await ctx.store.read(async (tx) => tx.sla.slaBreaches(iso(ctx.now)));
  const listed = new Listing<AutomateResult['breaches'][number]>();
  for (const b of all) {
    listed.push({
      number: b.ticket.number, subject: b.ticket.subject, clock: b.clock, due_at: b.due_at,
      overdue_minutes: Math.floor((ctx.now.getTime() - Date.parse(b.due_at)) / 60_000), alerted: [],
    });
  }
  return { breaches: listed.items, count: listed.count, omitted: listed.omitted };
}

/** Tickets closed per transaction: memory stays bounded, and a run killed midway keeps what it closed. */
const CLOSE_BATCH = 500;

/**
 * The resolved tickets due to close, a batch per write transaction: each batch is read inside its
 * transaction (BEGIN IMMEDIATE), so two runs at once never close a ticket twice, and a ticket an
 * end user answered meanwhile is no longer resolved, so it stays open.
 */
async function autoCloseInBatches(ctx: DeskContext, out: Listing<AutomatedClose>): Promise<void> {
  for (;;) {
    const batch = await ctx.store.write(async (tx) => autoClose(tx, await readRules(tx), ctx.now, false, CLOSE_BATCH));
    for (const c of batch) out.push(c);
    if (batch.length < CLOSE_BATCH) return;
  }
}

async function autoClose(tx: Tx, rules: Rules, now: Date, dry: boolean, limit?: number): Promise<AutomatedClose[]> {
  if (rules.autoclose === null) return [];
  const out: AutomatedClose[] = [];
  for (const t of await tx.tickets.resolvedBefore(iso(new Date(now.getTime() - rules.autoclose)), limit)) {
    if (!dry) await closeBySystem(tx, t, RULES.autoclose, now);
    out.push({ number: t.number, subject: t.subject, from: t.custom_status ?? t.status, rule: RULES.autoclose });
  }
  return out;
}

async function chaseAwaiting(tx: Tx, rules: Rules, now: Date, dry: boolean): Promise<{ closed: AutomatedClose[]; reminded: AutomatedReminder[] }> {
  const closed: AutomatedClose[] = [];
  const reminded: AutomatedReminder[] = [];
  const soonest = Math.min(rules.remind ?? Infinity, rules.closeAwaiting ?? Infinity);
  if (soonest === Infinity) return { closed, reminded };
  for (const a of await tx.tickets.awaitingSince(iso(new Date(now.getTime() - soonest)))) {
    const t = a.ticket;
    if (hasWaited(a.waiting_since, rules.closeAwaiting, now)) {
      if (!dry) await closeBySystem(tx, t, RULES.closeAwaiting, now);
      closed.push({ number: t.number, subject: t.subject, from: t.custom_status ?? t.status, rule: RULES.closeAwaiting });
    } else if (!a.reminded && hasWaited(a.waiting_since, rules.remind, now)) {
      if (!dry) await remind(tx, t, a.waiting_since, now);
      reminded.push({ number: t.number, subject: t.subject, to: t.user_email, waiting_since: a.waiting_since, rule: RULES.remind });
    }
  }
  return { closed, reminded };
}

/** Closes a ticket for the system with the same timestamps and clock effects as `ticket status … closed`. */
async function closeBySystem(tx: Tx, t: TicketRow, rule: string, at: Date): Promise<void> {
  const change = planStatusChange(t.status, 'closed');
  if (change.kind === 'noop') return;
  const now = iso(at);
  const clock = clockAfterStatusChange(await loadPlan(tx, t.sla_id), {
    createdAt: t.created_at, clockStartAt: t.clock_start_at, pausedMinutes: t.paused_minutes, pausedAt: t.paused_at,
    firstResponseAt: t.first_response_at,
  }, change, at);
  const patch: TicketPatch = { status: 'closed', updated_at: now, ...statusTimestamps(change, now) };
  if (clock.pausedMinutes !== undefined) patch.paused_minutes = clock.pausedMinutes;
  if (clock.pausedAt !== undefined) patch.paused_at = clock.pausedAt;
  // A closed-state custom status (over resolved) closes like resolved does, and leaves its name behind.
  if (t.custom_status) patch.custom_status = null;
  await tx.tickets.updateTicket(t.id, patch);
  await tx.thread.insertEvent({ ticketId: t.id, type: 'status', actor: SYSTEM, at: now, data: { from: t.custom_status ?? t.status, to: 'closed', rule } });
}

async function remind(tx: Tx, t: TicketRow, waitingSince: string, at: Date): Promise<void> {
  const now = iso(at);
  const messageId = await queueUserMail(tx, 'reminder', t, {}, now);
  await tx.thread.insertEvent({
    ticketId: t.id, type: 'reminded', actor: SYSTEM, at: now,
    data: { rule: RULES.remind, waiting_since: waitingSince, to: t.user_email, mailed: messageId !== null },
  });
}

interface People { agents: AgentRow[]; teams: TeamRow[]; tz: string; plan: (id: number | null) => Promise<SlaPlan | null> }

type Clock = WarnCandidate['clock'];
/** Warnings recorded per transaction, as sla check's breaches: other writers get in between. */
const WARN_BATCH = 500;

/** The plan's warning window for this clock (core/automation.ts), or null when the clock has no target. */
function windowMinutes(rule: WarnRule, plan: SlaPlan, clock: Clock): number | null {
  const target = clock === 'first_response' ? plan.firstResponseMinutes : plan.minutes;
  return target === null ? null : warningWindow(rule, target);
}

/**
 * The latest due time, per clock, that can be inside the warning window now: for each plan, the
 * instant its window's business minutes (plus one, so a due time at the next opening after a close
 * is in) from now. Business minutes left only grow with the due time, so no clock due later can be
 * in the window; each candidate is still checked exactly. Null: no plan has that clock.
 */
async function warnHorizons(tx: Tx, rule: WarnRule, now: Date, plan: People['plan']): Promise<Record<Clock, string | null>> {
  const out: Record<Clock, string | null> = { first_response: null, resolution: null };
  for (const row of await tx.sla.slaPlans()) {
    const p = await plan(row.id);
    if (!p) continue;
    for (const clock of ['first_response', 'resolution'] as const) {
      const minutes = windowMinutes(rule, p, clock);
      if (minutes === null) continue;
      const h = iso(addBusinessMinutes(now, minutes + 1, p.schedule));
      if (out[clock] === null || h > out[clock]!) out[clock] = h;
    }
  }
  return out;
}

/** Every clock's warning due now, first-response clocks first, a batch per transaction (dry run: read only). */
async function warnAll(ctx: DeskContext, rule: WarnRule, dry: boolean, skip: Set<string>, out: Listing<AutomatedWarning>): Promise<void> {
  const now = ctx.now;
  const horizons = await ctx.store.read((tx) => warnHorizons(tx, rule, now, planCache(tx)));
  for (const clock of ['first_response', 'resolution'] as const) {
    const horizon = horizons[clock];
    let after: BreachCursor | null = null;
    while (horizon !== null) {
      const warned: AutomatedWarning[] = [];
      const batch = async (tx: Tx) => {
        warned.length = 0;
        const rows = await tx.sla.warnBatch({ now: iso(now), horizon, clock, after, limit: WARN_BATCH });
        if (rows.length > 0) await warnRows(tx, rows, rule, now, dry, skip, warned);
        return rows.at(-1) ?? null;
      };
      const last: WarnCandidate | null = dry ? await ctx.store.read(batch) : await ctx.store.write(batch);
      for (const w of warned) out.push(w);
      if (last === null) break;
      after = { due: last.due_at, id: last.ticket.id };
    }
  }
}

async function warnRows(tx: Tx, rows: WarnCandidate[], rule: WarnRule, now: Date, dry: boolean, skip: Set<string>, out: AutomatedWarning[]): Promise<void> {
  const people: People = { agents: await tx.org.agents(), teams: await tx.org.teams(), tz: await deskZone(tx), plan: planCache(tx) };
  for (const c of rows) {
    if (skip.has(c.ticket.number)) continue;
    const plan = await people.plan(c.ticket.sla_id);
    if (!plan) continue;
    const window = windowMinutes(rule, plan, c.clock);
    if (window === null) continue;
    // The first-response clock never pauses (CONTRACT "SLA rules made explicit"); the resolution clock
    // of a paused ticket is not a candidate at all.
    const left = businessMinutesLeft(plan, c.due_at, null, now);
    if (!(left > 0 && left <= window)) continue;
    const alerted = alertRecipients(c.ticket, people);
    if (!dry) await recordWarning(tx, c, plan, left, alerted, people, now);
    out.push({
      number: c.ticket.number, subject: c.ticket.subject, clock: c.clock, due_at: c.due_at,
      business_minutes_left: Math.round(left * 10) / 10, alerted: dry ? [] : alerted, rule: RULES.warn,
    });
  }
}

async function recordWarning(tx: Tx, c: WarnCandidate, plan: SlaPlan, left: number, to: string[], people: People, at: Date): Promise<void> {
  const tz = people.tz;
  const t = c.ticket;
  const now = iso(at);
  const data = c.clock === 'resolution'
    ? { clock: c.clock, due_at: c.due_at, clock_start_at: t.clock_start_at, rule: RULES.warn, alerted: to }
    : { clock: c.clock, due_at: c.due_at, rule: RULES.warn, alerted: to };
  await tx.thread.insertEvent({ ticketId: t.id, type: 'warning', actor: SYSTEM, at: now, data });
  const clock = c.clock === 'first_response' ? 'first response' : 'resolution';
  const target = c.clock === 'first_response' ? plan.firstResponseMinutes ?? 0 : plan.minutes;
  const details = {
    clock, overdueBy: '', left: formatMinutes(Math.round(left)),
    plan: `${plan.name} (${clock} within ${formatMinutes(target)}${plan.schedule ? ` on ${plan.schedule.name}` : ', 24/7'})`,
    due: `${formatLocal(new Date(c.due_at), tz)} (${tz})`,
  } as const;
  for (const addr of to) {
    const agent = people.agents.find((a) => a.email?.toLowerCase() === addr) ?? null;
    const mail = await renderAlert(tx, t, agent, details, 'sla-warning');
    await queueMail(tx, { ticketId: t.id, kind: 'sla-warning', to: addr, ...mail }, now, t.number);
  }
}
