/**
 * `sla check`, the cron job (batches and digests): records one `overdue` event per
 * breach not yet recorded (per clock run for resolution — a reopen starts a new run — and once per
 * ticket for first response) and tells people, as the system: no identity needed.
 *
 * On a backlog (40,000 breaches at once) it works in batches that each commit: a batch records its
 * breaches' events and, in the same transaction, an alert waiting per person to tell. The run's last
 * transaction turns the waiting alerts into one mail per person (the `sla-alert` template for a single
 * breach, a digest for several) and deletes them. Killed at any moment, the next run records only the
 * breaches not yet recorded and mails what was left waiting: no event or mail twice, none lost.
 */
import { formatLocal } from '../../core/schedule.js';
import { DIGEST_LINES, digestBody, digestSubject, type DigestLine } from '../../core/sla-digest.js';
import { formatMinutes, type SlaPlan } from '../../core/sla.js';
import type { AgentRow, BreachCursor, PendingAlertRow, SlaBreachRow, TeamRow, TicketRow, Tx } from '../../store/types.js';
import { iso, type DeskContext } from '../context.js';
import { renderAlert, templateValues, type AlertDetails } from '../mail/compose.js';
import { queueMail } from '../mail/queue.js';
import { LISTED, Listing } from '../listing.js';
import { deskZone, planCache } from './plan-cache.js';

/** Breaches recorded per transaction: small enough for other writers to get in between. */
const BATCH = 500;

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
  /** The LISTED earliest due of the breaches recorded (src/desk/listing.ts): a backlog's are not all kept. */
  breaches: SlaBreach[];
  /** Every breach this run recorded, and how many of them `breaches` leaves out. */
  count: number;
  omitted: number;
}

/** Records every unrecorded breach, a batch per transaction, then mails each person once. */
export async function slaCheck(ctx: DeskContext): Promise<SlaCheckResult> {
  const now = iso(ctx.now);
  const listed: SlaBreach[] = [];
  let count = 0;
  for (const clock of ['first_response', 'resolution'] as const) {
    // Each clock's batches come in due order, so its first LISTED are its earliest.
    const of = new Listing<SlaBreach>();
    let after: BreachCursor | null = null;
    for (;;) {
      const batch: SlaBreach[] = [];
      const last: SlaBreachRow | null = await ctx.store.write((tx) => recordBatch(tx, clock, after, ctx.now, batch));
      // Counted once committed (a write that is run again after a busy database starts its batch afresh).
      for (const b of batch) of.push(b);
      if (last === null) break;
      after = { due: last.due_at, id: last.ticket.id };
    }
    for (const b of of.items) listed.push(b);
    count += of.count;
  }
  await ctx.store.write((tx) => mailPending(tx, ctx.now));
  // The order `sla check` always printed: by due time across both clocks.
  listed.sort((a, b) => a.due_at.localeCompare(b.due_at) || Number(a.number) - Number(b.number) || a.clock.localeCompare(b.clock));
  const breaches = listed.slice(0, LISTED);
  return { checked_at: now, breaches, count, omitted: count - breaches.length };
}

interface People {
  agents: AgentRow[];
  teams: TeamRow[];
}

/** One batch in one transaction; returns its last breach, or null when there were none left. */
async function recordBatch(
  tx: Tx, clock: SlaBreachRow['clock'], after: BreachCursor | null, now: Date, out: SlaBreach[],
): Promise<SlaBreachRow | null> {
  out.length = 0;
  const batch = await tx.sla.slaBreachBatch(iso(now), clock, after, BATCH);
  if (batch.length === 0) return null;
  const people: People = { agents: await tx.org.agents(), teams: await tx.org.teams() };
  for (const b of batch) out.push(await recordBreach(tx, b, people, now));
  return batch[batch.length - 1]!;
}

async function recordBreach(tx: Tx, b: SlaBreachRow, people: People, now: Date): Promise<SlaBreach> {
  const t = b.ticket;
  const to = alertRecipients(t, people);
  const data = b.clock === 'resolution'
    ? { clock: b.clock, due_at: b.due_at, clock_start_at: t.clock_start_at, alerted: to }
    : { clock: b.clock, due_at: b.due_at, alerted: to };
  const eventId = await tx.thread.insertEvent({ ticketId: t.id, type: 'overdue', actor: { agentId: null, userId: null }, at: iso(now), data });
  for (const addr of to) await tx.sla.insertPendingAlert(addr, eventId);
  return {
    number: t.number, subject: t.subject, clock: b.clock, due_at: b.due_at,
    overdue_minutes: Math.floor((now.getTime() - Date.parse(b.due_at)) / 60_000), alerted: to,
  };
}

/**
 * Who hears of a breach: the assigned agent; when there is none (or they have no email address), the
 * team's members and the department's agents. Only active agents with an address.
 */
export function alertRecipients(t: TicketRow, p: People): string[] {
  const reachable = p.agents.filter((a) => a.active === 1 && a.email);
  const assignee = reachable.find((a) => a.id === t.assignee_id);
  if (assignee) return [assignee.email!];
  const members = new Set(p.teams.find((tm) => tm.id === t.team_id)?.members ?? []);
  const emails = reachable.filter((a) => members.has(a.username) || a.dept_id === t.dept_id).map((a) => a.email!.toLowerCase());
  return [...new Set(emails)].sort();
}

/** Every waiting alert, this run's and a killed run's, as one mail per person. */
async function mailPending(tx: Tx, now: Date): Promise<void> {
  const recipients = await tx.sla.pendingAlertRecipients();
  if (recipients.length === 0) return;
  const agents = await tx.org.agents();
  const ctx = { tz: await deskZone(tx), plan: planCache(tx), now };
  for (const addr of recipients) {
    const { rows, total } = await tx.sla.pendingAlertsOf(addr, DIGEST_LINES);
    const agent = agents.find((a) => a.email?.toLowerCase() === addr) ?? null;
    const first = rows[0];
    if (first !== undefined && total === 1) {
      const mail = await renderAlert(tx, first, agent, await alertDetails(first, ctx));
      await queueMail(tx, { ticketId: first.id, kind: 'sla-alert', to: addr, ...mail }, iso(now), first.number);
    } else if (first !== undefined) {
      const values = await templateValues(tx, first, agent);
      const lines: DigestLine[] = [];
      for (const r of rows) {
        const d = await alertDetails(r, ctx);
        lines.push({ number: r.number, subject: r.subject, clock: d.clock, due: d.due, overdueBy: d.overdueBy });
      }
      const body = digestBody({ name: values['agent.first_name']!, deskName: values['desk.name']!, lines, total });
      await queueMail(tx, { ticketId: null, kind: 'sla-alert', to: addr, subject: digestSubject(total), body }, iso(now));
    }
    await tx.sla.deletePendingAlerts(addr);
  }
}

interface AlertContext { tz: string; plan: (slaId: number | null) => Promise<SlaPlan | null>; now: Date }

/** The breach in words, for the admin-editable `sla-alert` template and the digest. */
async function alertDetails(r: PendingAlertRow, c: AlertContext): Promise<AlertDetails> {
  const event = JSON.parse(r.event_data) as { clock: SlaBreachRow['clock']; due_at: string };
  const plan = await c.plan(r.sla_id);
  const clock = event.clock === 'first_response' ? 'first response' : 'resolution';
  const target = plan ? (event.clock === 'first_response' ? plan.firstResponseMinutes : plan.minutes) : null;
  return {
    clock,
    plan: plan ? `${plan.name} (${clock} within ${formatMinutes(target ?? 0)}${plan.schedule ? ` on ${plan.schedule.name}` : ', 24/7'})` : '—',
    due: `${formatLocal(new Date(event.due_at), c.tz)} (${c.tz})`,
    overdueBy: formatMinutes(Math.floor((c.now.getTime() - Date.parse(event.due_at)) / 60_000)),
  };
}
