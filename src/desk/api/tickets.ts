/**
 * Declared use case: show a ticket (how a declaration reads: declare.ts). One file per
 * hot verb: a verb's bundle holds only the desk code of the declarations it imports.
 */
import type { ClockExplanation } from '../../core/sla-clock.js';
import { showTicket } from '../tickets/show.js';
import type { TicketObject } from '../tickets/view.js';
import { NUMBER, obj, type UseCase } from './declare.js';

export const ticketShow: UseCase<{ number: string }, TicketObject & { clock?: ClockExplanation }> = {
  name: 'ticket.show', summary: 'one ticket with its thread, history and SLA clock', permission: 'any',
  input: obj({ number: NUMBER }, ['number']),
  http: { method: 'GET', path: '/api/v1/tickets/{number}' }, output: 'Ticket',
  run: (ctx, actor, i) => showTicket(ctx, actor, i.number),
};
