/**
 * Listing tickets (`ticket list`): one page, or every match streamed row by row.
 */
import { visibilityScope } from '../../core/access.js';
import type { Sort } from '../../core/model.js';
import { parseSearchQuery } from '../../core/search.js';
import type { TicketFilter, Tx } from '../../store/types.js';
import { loadActiveActor } from '../actor.js';
import { iso, type DeskContext } from '../context.js';
import { filterIds, type NamedTicketFilter } from '../lookup.js';
import { toSummary, type TicketSummary } from './view.js';

export interface ListTicketsInput extends NamedTicketFilter {
  actor: string;
  search?: string;
  sort?: Sort;
  /** null = no limit */
  limit?: number | null;
  /** Count how many match in all (default true); a script reading the list does not need it. */
  withTotal?: boolean;
}

export interface TicketList {
  tickets: TicketSummary[];
  /** How many match in all (the list may be cut at the limit); null when not asked for. */
  total: number | null;
  /** The total is an estimate (a search for a common word; counting every match would take long). */
  estimated: boolean;
}

/** Lists the tickets the actor may see, filtered in SQL. */
export async function listTickets(ctx: DeskContext, input: ListTicketsInput): Promise<TicketList> {
  return ctx.store.read(async (tx) => {
    const filter = await listFilter(ctx, tx, input);
    const withTotal = input.withTotal ?? true;
    if (filter.search) {
      const found = await tx.search.listMatchingTickets(filter, withTotal);
      return { tickets: found.rows.map((r) => toSummary(r, ctx.now)), total: found.total, estimated: found.estimated };
    }
    const rows = await tx.tickets.listTickets(filter);
    const full = filter.limit !== null && rows.length >= filter.limit;
    const total = !withTotal ? null : full ? await tx.tickets.countTickets(filter) : rows.length;
    return { tickets: rows.map((r) => toSummary(r, ctx.now)), total, estimated: false };
  });
}

/** The SQL filter of a list: the actor's visibility, the queue and the named filters. */
async function listFilter(ctx: DeskContext, tx: Tx, input: ListTicketsInput): Promise<TicketFilter> {
  const actor = await loadActiveActor(tx, input.actor);
  // A --status filter without a queue looks at every ticket, not only open ones.
  const queue = input.queue ?? (input.statuses?.length ? 'all' : 'open');
  return {
    scope: visibilityScope(actor),
    queue,
    meAgentId: actor.kind === 'agent' ? actor.id : null,
    ...(await filterIds(tx, input, actor)),
    priority: input.priority,
    search: input.search === undefined ? undefined : parseSearchQuery(input.search),
    sort: input.sort ?? (queue === 'closed' || queue === 'all' ? 'updated' : 'due'),
    limit: input.limit === undefined ? 50 : input.limit,
    now: iso(ctx.now),
  };
}

/**
 * The same list handed over one ticket at a time as SQLite reads it (`ticket list --limit 0` into a
 * pipe): memory stays flat however many match (a million tickets took 3.5 GB as one array).
 * A search collects its matches first (they are ranked, and bounded by the search's own caps).
 * Returns how many were handed over.
 */
export async function eachListedTicket(ctx: DeskContext, input: ListTicketsInput, each: (t: TicketSummary) => void): Promise<number> {
  return ctx.store.read(async (tx) => {
    const filter = await listFilter(ctx, tx, input);
    if (filter.search) {
      const found = await tx.search.listMatchingTickets(filter, false);
      for (const r of found.rows) each(toSummary(r, ctx.now));
      return found.rows.length;
    }
    let n = 0;
    await tx.tickets.eachTicket(filter, (r) => {
      n++;
      each(toSummary(r, ctx.now));
    });
    return n;
  });
}
