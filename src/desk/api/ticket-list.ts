/**
 * Declared use case: list tickets (how a declaration reads: declare.ts). One file per
 * hot verb: a verb's bundle holds only the desk code of the declarations it imports.
 */
import { SORTS, type Sort } from '../../core/model.js';
import { listTickets, type TicketList } from '../tickets/list.js';
import { FILTERS, flag, obj, oneOf, str, type Filters, type UseCase } from './declare.js';

export interface ListInput extends Filters { search?: string; sort?: Sort; limit?: number; withTotal?: boolean }

export const ticketList: UseCase<ListInput, TicketList> = {
  name: 'ticket.list', summary: 'the tickets the caller may see (default: the open queue)', permission: 'any',
  input: obj({
    ...FILTERS, search: str('full-text search', 1000), sort: oneOf(SORTS),
    limit: { type: 'integer', minimum: 0, maximum: 1_000_000, description: 'at most n (default 50; 0 for all)' },
    withTotal: flag('also count how many match in all'),
  }),
  http: { method: 'GET', path: '/api/v1/tickets' }, output: 'TicketList', rest: (r) => r.tickets,
  run: (ctx, actor, i) => listTickets(ctx, {
    ...i, actor, statuses: i.status, limit: i.limit === undefined ? undefined : i.limit === 0 ? null : i.limit, withTotal: i.withTotal ?? false,
  }),
};
