/**
 * Declared use cases: tickets worked together — merge, link, unlink, collaborators — and what a
 * ticket holds beyond its object: the SLA ledger and an attachment's bytes (how a
 * declaration reads: declare.ts).
 */
import { LINK_TYPES, type LinkType } from '../../core/together.js';
import { attachmentContent } from '../mail/inbound.js';
import { slaExplain, type SlaExplanation } from '../sla/explain.js';
import { linkTickets, unlinkTickets } from '../tickets/link.js';
import { changeCollaborators } from '../tickets/cc.js';
import { mergeTickets } from '../tickets/merge.js';
import type { ActionResult } from '../tickets/work-on.js';
import { NUMBER, changed, obj, oneOf, str, type UseCase } from './declare.js';

export const ticketMerge: UseCase<{ number: string; sources: string[] }, ActionResult> = {
  name: 'ticket.merge', summary: 'merge tickets into this one: all or none', permission: 'agent',
  input: obj({ number: NUMBER, sources: { type: 'array', items: NUMBER, maxItems: 1000, description: 'the tickets merged into it' } }, ['number', 'sources']),
  http: { method: 'POST', path: '/api/v1/tickets/{number}/merge' }, output: 'Ticket', rest: changed,
  run: (ctx, actor, i) => mergeTickets(ctx, actor, i.number, i.sources),
};

export const ticketLink: UseCase<{ number: string; other: string; type?: LinkType }, ActionResult> = {
  name: 'ticket.link', summary: 'link two tickets: relates (default), duplicates or blocks', permission: 'agent',
  input: obj({ number: NUMBER, other: NUMBER, type: oneOf(LINK_TYPES, 'relates, duplicates or blocks') }, ['number', 'other']),
  http: { method: 'POST', path: '/api/v1/tickets/{number}/links' }, output: 'Ticket', rest: changed,
  run: (ctx, actor, i) => linkTickets(ctx, actor, i.number, i.other, i.type ?? 'relates'),
};

export const ticketUnlink: UseCase<{ number: string; other: string }, ActionResult> = {
  name: 'ticket.unlink', summary: 'remove the link between two tickets', permission: 'agent',
  input: obj({ number: NUMBER, other: NUMBER }, ['number', 'other']),
  http: { method: 'POST', path: '/api/v1/tickets/{number}/unlink' }, output: 'Ticket', rest: changed,
  run: (ctx, actor, i) => unlinkTickets(ctx, actor, i.number, i.other),
};

export const ticketCc: UseCase<{ number: string; op: 'add' | 'remove'; emails: string[] }, ActionResult> = {
  name: 'ticket.cc', summary: 'add or remove collaborators (end users copied on the ticket)', permission: 'agent',
  input: obj({ number: NUMBER, op: oneOf(['add', 'remove']), emails: { type: 'array', items: str('end user email'), maxItems: 100 } }, ['number', 'op', 'emails']),
  http: { method: 'POST', path: '/api/v1/tickets/{number}/cc' }, output: 'Ticket', rest: changed,
  run: (ctx, actor, i) => changeCollaborators(ctx, actor, i.number, i.op, i.emails),
};

export const ticketSlaExplain: UseCase<{ number: string }, SlaExplanation> = {
  name: 'ticket.sla-explain', summary: "the ticket's SLA clock and ledger, step by step", permission: 'agent',
  input: obj({ number: NUMBER }, ['number']),
  http: { method: 'GET', path: '/api/v1/tickets/{number}/sla-explain' }, output: 'SlaExplanation',
  run: (ctx, actor, i) => slaExplain(ctx, actor, i.number),
};

export interface AttachmentBytes { name: string; type: string; content: Buffer }

export const ticketAttachment: UseCase<{ number: string; which: string }, AttachmentBytes> = {
  name: 'ticket.attachment', summary: "one attachment's bytes (content as base64 over HTTP)", permission: 'any',
  input: obj({ number: NUMBER, which: str('attachment id or file name', 255) }, ['number', 'which']),
  http: { method: 'GET', path: '/api/v1/tickets/{number}/attachments/{which}' }, output: 'Attachment',
  revive: (w) => ({ ...(w as AttachmentBytes), content: Buffer.from((w as { content: string }).content, 'base64') }),
  run: (ctx, actor, i) => attachmentContent(ctx, actor, i.number, i.which),
};
