/**
 * Declared use case: open a ticket (how a declaration reads: declare.ts). One file per
 * hot verb: a verb's bundle holds only the desk code of the declarations it imports.
 */
import { PRIORITIES, SOURCES, type Priority, type Source } from '../../core/model.js';
import { createTicket } from '../tickets/create.js';
import type { TicketObject } from '../tickets/view.js';
import type { NewFile } from '../tickets/work-extras.js';
import { FILES, NUMBER, obj, oneOf, str, text, type UseCase } from './declare.js';

export interface CreateInput {
  subject: string; body: string; user?: string; name?: string; topic?: string; dept?: string; priority?: Priority;
  sla?: string; source?: Source; assign?: string; team?: string; resolve?: string; cc?: string[]; parent?: string;
  /** Files attached to the first message (base64 over HTTP). */
  files?: NewFile[];
}

export const ticketCreate: UseCase<CreateInput, TicketObject> = {
  name: 'ticket.create', summary: 'open a ticket', permission: 'any',
  input: obj({
    subject: text('what is wrong, in a few words'), body: text("the end user's description"), user: str('end user email'),
    name: str('name for a new end user'), topic: str('help topic'), dept: str('department'), priority: oneOf(PRIORITIES),
    sla: str('SLA plan'), source: oneOf(SOURCES), assign: str('agent username'), team: str('team'),
    resolve: text('created resolved, with this resolution note'),
    cc: { type: 'array', items: str('end user email'), maxItems: 100, description: 'end users copied on the ticket' },
    parent: NUMBER, files: FILES,
  }, ['subject', 'body']),
  http: { method: 'POST', path: '/api/v1/tickets', created: true }, output: 'Ticket',
  run: (ctx, actor, i) => createTicket(ctx, { ...i, actor }),
};
