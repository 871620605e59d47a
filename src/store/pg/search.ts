/**
 * PostgreSQL full-text search (issue 17, engineer B2): searchTickets, listMatchingTickets,
 * deferSearchIndex, resumeSearchIndex, and the condition ticket lists use for `--search`
 * (searchCondition, called by ticket-query.ts). The index's schema is schema-search.ts.
 */
import type { Scope } from '../../core/access.js';
import { HelpdeskError } from '../../core/errors.js';
import type { SearchQuery } from '../../core/search.js';
import type { PgConn } from './conn.js';
import type { Params } from './ticket-query.js';

/** The WHERE condition (on tickets t) for a search as this scope may see it; parameters go to `p`. */
export function searchCondition(_q: SearchQuery, _scope: Scope, _p: Params): string {
  throw new HelpdeskError('search is not available on PostgreSQL yet', 1);
}

export class PgSearch {
  constructor(protected readonly c: PgConn) {}
}
