/**
 * `helpdesk sla simulate --plan <p>`: the window's tickets (created in it, among those the
 * actor may see, as `report` counts them) replayed under another plan, side by side with what really
 * happened under their own. Reads only — nothing is changed. Tickets are read a page at a time with
 * their events, so memory holds one page plus one small row per ticket.
 */
import { visibilityScope } from '../../core/access.js';
import { parseWindow } from '../../core/report.js';
import { figuresOf, outcomeOf, replayClock, type Outcome, type SimulationFigures, type TicketHistory } from '../../core/sla-simulate.js';
import { STATUS_INFO } from '../../core/model.js';
import type { ExportFilter, ExportPage, TicketRow } from '../../store/types.js';
import { loadActiveActor, requireAgent } from '../actor.js';
import { iso, type DeskContext } from '../context.js';
import { findSla, loadPlan } from '../lookup.js';
import { deskZone } from './status.js';

export interface SimulateInput {
  actor: string;
  plan: string;
  since?: string;
  until?: string;
}

export interface SimulatedTicket {
  number: string;
  subject: string;
  /** The plan the ticket really has (null: none). */
  sla: string | null;
  actual: Outcome;
  simulated: Outcome;
  /** The outcome (breached or not) differs between the two. */
  changed: boolean;
}

export interface Simulation {
  plan: string;
  since: string | null;
  until: string | null;
  generated_at: string;
  actual: SimulationFigures;
  simulated: SimulationFigures;
  /** Numbers of the tickets whose outcome would change. */
  changed: string[];
  tickets: SimulatedTicket[];
}

const PAGE = 500;

function history(t: TicketRow, events: ExportPage['events'], custom: TicketHistory['custom']): TicketHistory {
  const changes = events.filter((e) => e.type === 'status' || e.type === 'reopened').map((e) => {
    const d = JSON.parse(e.data) as { from: string; to: string };
    return { at: e.at, from: d.from, to: d.to, reopen: e.type === 'reopened' };
  });
  return {
    created_at: t.created_at, state: STATUS_INFO[t.status].state, first_response_at: t.first_response_at, resolved_at: t.resolved_at, changes, custom,
  };
}

/** Replays the window under `input.plan`; changes nothing. */
export async function simulateSla(ctx: DeskContext, input: SimulateInput): Promise<Simulation> {
  return ctx.store.read(async (tx) => {
    const actor = await loadActiveActor(tx, input.actor);
    requireAgent(actor, 'simulate SLA plans');
    const plan = await loadPlan(tx, (await findSla(tx, input.plan)).id);
    const window = parseWindow(input.since, input.until, ctx.now, await deskZone(tx));
    const filter: ExportFilter = {
      scope: visibilityScope(actor), queue: 'all', meAgentId: null, sort: 'created', limit: null, now: iso(ctx.now),
      ...(window.since ? { createdFrom: iso(window.since) } : {}), ...(window.until ? { createdBefore: iso(window.until) } : {}),
    };
    const tickets: SimulatedTicket[] = [];
    const custom = new Map((await tx.statuses.list()).map((r) => [r.key, { key: r.key, name: r.name, state: r.state, pause: r.pause === 1 }]));
    for (let after = 0; ;) {
      const page = await tx.transfer.exportPage(filter, after, PAGE, true);
      if (page.tickets.length === 0) break;
      for (const t of page.tickets) {
        const h = history(t, page.events.filter((e) => e.ticket_id === t.id), custom);
        const actual = outcomeOf(h, { dueAt: t.due_at, firstResponseDueAt: t.first_response_due_at, pausedAt: t.paused_at }, ctx.now);
        const simulated = outcomeOf(h, replayClock(plan, h), ctx.now);
        tickets.push({ number: t.number, subject: t.subject, sla: t.sla, actual, simulated, changed: actual.breached !== simulated.breached });
      }
      after = page.tickets.at(-1)!.id;
    }
    return {
      plan: plan!.name, since: filter.createdFrom ?? null, until: filter.createdBefore ?? null, generated_at: iso(ctx.now),
      actual: figuresOf(tickets.map((t) => t.actual)),
      simulated: figuresOf(tickets.map((t) => t.simulated)),
      changed: tickets.filter((t) => t.changed).map((t) => t.number),
      tickets,
    };
  });
}
