/**
 * Declared use case: full-text search (how a declaration reads: declare.ts). */
import { searchTickets } from '../tickets/search.js';
import type { SearchOutcome } from '../tickets/search.js';
import { FILTERS, obj, oneOf, str, type Filters, type UseCase } from './declare.js';

export interface SearchCall extends Filters { query: string; order?: 'relevance' | 'newest'; limit?: number }

export const ticketSearch: UseCase<SearchCall, SearchOutcome> = {
  name: 'ticket.search', summary: 'full-text search, best match first', permission: 'any',
  input: obj({ ...FILTERS, query: str('words, "phrase", prefix*, OR, -word', 1000), order: oneOf(['relevance', 'newest']), limit: { type: 'integer', minimum: 0, maximum: 10_000 } }, ['query']),
  http: { method: 'GET', path: '/api/v1/search' }, output: 'SearchOutcome',
  run: (ctx, actor, i) => searchTickets(ctx, { ...i, actor, statuses: i.status }),
};
