/**
 * Declared use cases: working a ticket (reply, note, status, assign, transfer, edit, SLA) (how a declaration reads: declare.ts). */
import { setStatus, setStatusMany } from '../tickets/status.js';
import { noteTicket } from '../tickets/note.js';
import { replyTicket } from '../tickets/reply.js';
import { changeSla } from '../tickets/sla.js';
import { editTicket } from '../tickets/edit.js';
import { transferTicket } from '../tickets/transfer.js';
import { assignTicket } from '../tickets/assign.js';
import { PRIORITIES, type Priority } from '../../core/model.js';
import type { ActionResult } from '../tickets/work-on.js';
import type { NewFile } from '../tickets/work-extras.js';
import { FILES, MINUTES, NUMBER, STATUS, changed, flag, obj, oneOf, str, text, type UseCase } from './declare.js';

export const ticketReply: UseCase<{ number: string; body?: string; status?: string; canned?: string; time?: number; files?: NewFile[] }, ActionResult> = {
  name: 'ticket.reply', summary: 'reply on the thread (an end user: a message)', permission: 'any',
  input: obj({ number: NUMBER, body: text('the reply'), status: STATUS, canned: str('canned response title'), time: MINUTES, files: FILES }, ['number']),
  http: { method: 'POST', path: '/api/v1/tickets/{number}/replies' }, output: 'Ticket', rest: changed,
  run: (ctx, actor, i) => replyTicket(ctx, { ...i, actor }),
};

export const ticketNote: UseCase<{ number: string; body: string; title?: string; time?: number; files?: NewFile[] }, ActionResult> = {
  name: 'ticket.note', summary: 'an internal note (never shown to end users)', permission: 'agent',
  input: obj({ number: NUMBER, body: text('the note'), title: str('title'), time: MINUTES, files: FILES }, ['number', 'body']),
  http: { method: 'POST', path: '/api/v1/tickets/{number}/notes' }, output: 'Ticket', rest: changed,
  run: (ctx, actor, i) => noteTicket(ctx, actor, i.number, i.body, i.title, { time: i.time, files: i.files }),
};

export const ticketStatus: UseCase<{ number: string; status: string; note?: string; time?: number; children?: boolean }, ActionResult> = {
  name: 'ticket.status', summary: 'change the status, optionally with an internal note', permission: 'any',
  input: obj({ number: NUMBER, status: STATUS, note: text('internal note'), time: MINUTES, children: flag('also change the open child tickets') }, ['number', 'status']),
  http: { method: 'POST', path: '/api/v1/tickets/{number}/status' }, output: 'Ticket', rest: changed,
  run: (ctx, actor, i) => setStatus(ctx, actor, i.number, i.status, i.note, { time: i.time, children: i.children }),
};

export const ticketStatusMany: UseCase<{ numbers: string[]; status: string; note?: string }, ActionResult[]> = {
  name: 'ticket.status-many', summary: 'change the status of several tickets: all or none', permission: 'any',
  input: obj({ numbers: { type: 'array', items: NUMBER, maxItems: 10_000 }, status: STATUS, note: text('internal note') }, ['numbers', 'status']),
  run: (ctx, actor, i) => setStatusMany(ctx, actor, i.numbers, i.status, i.note),
};

export const ticketAssign: UseCase<{ number: string; to?: string; me?: boolean; team?: string; release?: boolean }, ActionResult> = {
  name: 'ticket.assign', summary: 'assign to an agent and/or a team, or release', permission: 'agent',
  input: obj({ number: NUMBER, to: str('agent username'), me: flag('assign to the caller'), team: str('team'), release: flag('clear the agent') }, ['number']),
  http: { method: 'POST', path: '/api/v1/tickets/{number}/assign' }, output: 'Ticket', rest: changed,
  run: (ctx, actor, i) => assignTicket(ctx, { ...i, actor }),
};

export const ticketTransfer: UseCase<{ number: string; dept: string }, ActionResult> = {
  name: 'ticket.transfer', summary: 'move to another department', permission: 'agent',
  input: obj({ number: NUMBER, dept: str('department') }, ['number', 'dept']),
  http: { method: 'POST', path: '/api/v1/tickets/{number}/transfer' }, output: 'Ticket', rest: changed,
  run: (ctx, actor, i) => transferTicket(ctx, actor, i.number, i.dept),
};

export const ticketEdit: UseCase<{ number: string; subject?: string; priority?: Priority; topic?: string; parent?: string; clearParent?: boolean }, ActionResult> = {
  name: 'ticket.edit', summary: "change the ticket's subject, priority or help topic", permission: 'agent',
  input: obj({ number: NUMBER, subject: str('new subject', 1000), priority: oneOf(PRIORITIES), topic: str('help topic'), parent: NUMBER, clearParent: flag('no parent ticket any more') }, ['number']),
  http: { method: 'POST', path: '/api/v1/tickets/{number}/edit' }, output: 'Ticket', rest: changed,
  run: (ctx, actor, { clearParent, ...i }) => editTicket(ctx, { ...i, parent: clearParent ? null : i.parent, actor }),
};

export const ticketSla: UseCase<{ number: string; plan: string }, ActionResult> = {
  name: 'ticket.sla', summary: 'put the ticket on another SLA plan', permission: 'agent',
  input: obj({ number: NUMBER, plan: str('SLA plan') }, ['number', 'plan']),
  http: { method: 'POST', path: '/api/v1/tickets/{number}/sla' }, output: 'Ticket', rest: changed,
  run: (ctx, actor, i) => changeSla(ctx, actor, i.number, i.plan),
};
