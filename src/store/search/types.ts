/** Full-text search over tickets, and setting the search index aside during bulk loads. */
import type { SearchQuery } from '../../core/search.js';
import type { TicketFilter, TicketRow } from '../tickets/types.js';

/** A ranked search request. */
export interface SearchRequest {
  query: SearchQuery;
  /** Scope, queue and property filters, as for lists (its `search`, `sort` and `limit` are ignored). */
  filter: TicketFilter;
  order: 'relevance' | 'newest';
  limit: number;
  /** Leave this ticket out (e.g. the one just created, when suggesting similar ones). */
  excludeTicketId?: number;
}

export interface SearchResult {
  /** Best first; score is bm25 relevance (higher is better), null for newest-first. */
  hits: Array<{ row: TicketRow; score: number | null }>;
  /** How many matching tickets were ranked. */
  candidates: number;
  /** True when there were more matches than were ranked (only the newest were). */
  capped: boolean;
}

export interface SearchTx {
  /** Ranked (or newest-first) full-text search among the tickets the filter's scope may see. */
  searchTickets(req: SearchRequest): Promise<SearchResult>;
  /**
   * A ticket list with a full-text search (`filter.search` set), in the list's own order, planned by
   * how common the words are; with its total when asked — exact, or estimated for a common word.
   */
  listMatchingTickets(filter: TicketFilter, withTotal: boolean): Promise<{ rows: TicketRow[]; total: number | null; estimated: boolean }>;
  /**
   * Bulk loads: while deferred, writes inside this transaction skip the search index; resuming
   * indexes every ticket with an id above `sinceId` in one pass. Both only inside one write transaction.
   */
  deferSearchIndex(): Promise<void>;
  resumeSearchIndex(sinceId: number, optimize: boolean): Promise<void>;
}
