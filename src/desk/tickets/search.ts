/**
 * Finding tickets by what they say: ranked full-text search with highlighted snippets, and the
 * "similar resolved tickets" suggestion shown when a ticket is opened. Only what the actor may see
 * is searched, and end users' searches never look at internal notes.
 */
import { visibilityScope } from '../../core/access.js';
import { named, says, UsageError } from '../../core/errors.js';
import { CLOSED_STATUSES, type Actor, type Status } from '../../core/model.js';
import { highlightTerms, makeSnippet, matchRanges, parseSearchQuery, similarQuery, type SearchQuery } from '../../core/search.js';
import type { EntryRow, TicketFilter, TicketRow, Tx } from '../../store/types.js';
import { loadActiveActor } from '../actor.js';
import { iso, type DeskContext } from '../context.js';
import { filterIds, type NamedTicketFilter } from '../lookup.js';
import { toSummary, type TicketSummary } from './view.js';

export interface SearchInput extends NamedTicketFilter {
  actor: string;
  query: string;
  order?: 'relevance' | 'newest';
  limit?: number;
}

/** Where a ticket matched: a window of the best-matching thread entry, with match ranges. */
export interface SearchSnippet {
  kind: 'message' | 'reply' | 'note';
  author: string;
  created_at: string;
  text: string;
  highlights: Array<[number, number]>;
}

export interface SearchHit extends TicketSummary {
  /** bm25 relevance, higher is better; null when sorted newest first. */
  score: number | null;
  /** Match ranges in the subject. */
  subject_highlights: Array<[number, number]>;
  snippet: SearchSnippet | null;
}

export interface SearchOutcome {
  hits: SearchHit[];
  /** How many matching tickets were ranked. */
  ranked: number;
  /** More tickets matched than were ranked: only the newest were. */
  capped: boolean;
}

/** Searches the tickets the actor may see (every queue unless one is given). */
export async function searchTickets(ctx: DeskContext, input: SearchInput): Promise<SearchOutcome> {
  const query = parseSearchQuery(input.query);
  const limit = input.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(says`${named('limit')} must be a whole number of at least 1`);
  return ctx.store.read(async (tx) => {
    const actor = await loadActiveActor(tx, input.actor);
    const filter = await searchFilter(tx, actor, input, ctx.now);
    const result = await tx.search.searchTickets({ query, filter, order: input.order ?? 'relevance', limit });
    const hits: SearchHit[] = [];
    for (const { row, score } of result.hits) hits.push(await toHit(tx, actor, row, score, query, ctx.now));
    return { hits, ranked: result.candidates, capped: result.capped };
  });
}

async function searchFilter(tx: Tx, actor: Actor, input: SearchInput, now: Date): Promise<TicketFilter> {
  return {
    scope: visibilityScope(actor),
    queue: input.queue ?? 'all',
    meAgentId: actor.kind === 'agent' ? actor.id : null,
    ...(await filterIds(tx, input, actor)),
    priority: input.priority,
    sort: 'created',
    limit: null,
    now: iso(now),
  };
}

async function toHit(tx: Tx, actor: Actor, row: TicketRow, score: number | null, query: SearchQuery, now: Date): Promise<SearchHit> {
  const terms = highlightTerms(query);
  const entries = (await tx.thread.entriesOf(row.id)).filter((e) => actor.kind === 'agent' || e.kind !== 'note');
  return {
    ...toSummary(row, now),
    score: score === null ? null : Number(score.toPrecision(4)),
    subject_highlights: matchRanges(row.subject, terms),
    snippet: bestSnippet(entries, terms),
  };
}

/** The entry with the most matches (the latest on a tie), cut around them. */
function bestSnippet(entries: EntryRow[], terms: ReturnType<typeof highlightTerms>): SearchSnippet | null {
  let best: SearchSnippet | null = null;
  for (const e of entries) {
    const s = makeSnippet(e.title ? `${e.title}: ${e.body}` : e.body, terms);
    if (s && (!best || s.highlights.length >= best.highlights.length)) {
      best = { kind: e.kind, author: e.author, created_at: e.created_at, ...s };
    }
  }
  return best;
}

export interface SimilarTicket {
  number: string;
  subject: string;
  status: Status;
  /** Who resolved (or closed) it, else its assignee; null when unknown. */
  resolved_by: string | null;
}

/**
 * Resolved or closed tickets like this one (by the words of its subject), best first, among those
 * the actor may see.
 */
export async function similarResolved(ctx: DeskContext, who: string, number: string, limit = 3): Promise<SimilarTicket[]> {
  return ctx.store.read(async (tx) => {
    const actor = await loadActiveActor(tx, who);
    const ticket = await tx.tickets.ticketByNumber(number);
    const query = ticket ? similarQuery(ticket.subject) : null;
    if (!ticket || !query) return [];
    const filter: TicketFilter = {
      scope: visibilityScope(actor), queue: 'all', meAgentId: null, statuses: [...CLOSED_STATUSES],
      sort: 'created', limit: null, now: iso(ctx.now),
    };
    const result = await tx.search.searchTickets({ query, filter, order: 'relevance', limit, excludeTicketId: ticket.id });
    const out: SimilarTicket[] = [];
    for (const { row } of result.hits) {
      const closing = (await tx.thread.eventsOf(row.id)).filter((e) => {
        const to = (JSON.parse(e.data) as { to?: string }).to;
        return (e.type === 'status' && (to === 'resolved' || to === 'closed'));
      }).pop();
      out.push({ number: row.number, subject: row.subject, status: row.status, resolved_by: closing?.actor ?? row.assignee });
    }
    return out;
  });
}
