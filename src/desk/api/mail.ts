/**
 * Declared use cases: the mail queue beyond the outbox list — one message, retries, what came in and
 * its original bytes — and the texts mail is made of: templates and canned responses (how
 * a declaration reads: declare.ts).
 */
import { addCanned, listCanned, removeCanned, showCanned, type CannedResponse } from '../canned.js';
import { inboundOriginal, listInbound, type InboundMessage } from '../mail/inbound.js';
import { retryOutbox, showOutbox } from '../mail/outbox.js';
import { listTemplates, resetTemplate, setTemplate, showTemplate, type MailTemplate } from '../mail/templates.js';
import { LIMIT, NUMBER, flag, nullIfZero, obj, str, text, type UseCase } from './declare.js';

const ID = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'message id' } as const;
const TEMPLATE = str('template name', 100);
const TITLE = str('canned response title', 1000);

export const mailShow: UseCase<{ id: number }, Awaited<ReturnType<typeof showOutbox>>> = {
  name: 'mail.show', summary: 'one outbox message with its headers and body (agents)', permission: 'agent',
  input: obj({ id: ID }, ['id']),
  run: (ctx, actor, i) => showOutbox(ctx, actor, i.id),
};

export const mailRetry: UseCase<{ ids?: number[]; failed?: boolean }, number> = {
  name: 'mail.retry', summary: 'put messages back in the queue (admins)', permission: 'admin',
  input: obj({ ids: { type: 'array', items: ID, maxItems: 10_000 }, failed: flag('every failed message') }),
  run: (ctx, actor, i) => retryOutbox(ctx, actor, i.failed ? 'failed' : (i.ids ?? [])),
};

export const mailInbound: UseCase<{ ticket?: string; limit?: number }, InboundMessage[]> = {
  name: 'mail.inbound', summary: 'mail that came in, newest first', permission: 'agent',
  input: obj({ ticket: NUMBER, limit: LIMIT }),
  http: { method: 'GET', path: '/api/v1/mail/inbound' }, output: 'List',
  run: (ctx, actor, i) => listInbound(ctx, actor, i.ticket, nullIfZero(i.limit) ?? null),
};

export const mailOriginal: UseCase<{ id: number }, Buffer> = {
  name: 'mail.original', summary: 'an inbound message exactly as received (base64 over HTTP)', permission: 'agent',
  input: obj({ id: ID }, ['id']),
  revive: (w) => Buffer.from(w as string, 'base64'),
  run: (ctx, actor, i) => inboundOriginal(ctx, actor, i.id),
};

export const templateList: UseCase<object, MailTemplate[]> = {
  name: 'mail.template.list', summary: 'the mail templates', permission: 'agent', input: obj({}),
  http: { method: 'GET', path: '/api/v1/mail/templates' }, output: 'List',
  run: (ctx, actor) => listTemplates(ctx, actor),
};

export const templateShow: UseCase<{ name: string }, MailTemplate> = {
  name: 'mail.template.show', summary: 'one mail template', permission: 'agent', input: obj({ name: TEMPLATE }, ['name']),
  run: (ctx, actor, i) => showTemplate(ctx, actor, i.name),
};

export const templateSet: UseCase<{ name: string; body: string }, MailTemplate> = {
  name: 'mail.template.set', summary: 'change a mail template (admins)', permission: 'admin',
  input: obj({ name: TEMPLATE, body: text('the template') }, ['name', 'body']),
  run: (ctx, actor, i) => setTemplate(ctx, actor, i.name, i.body),
};

export const templateReset: UseCase<{ name: string }, MailTemplate> = {
  name: 'mail.template.reset', summary: 'a mail template back to the default (admins)', permission: 'admin',
  input: obj({ name: TEMPLATE }, ['name']),
  run: (ctx, actor, i) => resetTemplate(ctx, actor, i.name),
};

export const cannedList: UseCase<object, CannedResponse[]> = {
  name: 'canned.list', summary: 'the canned responses (agents)', permission: 'agent', input: obj({}),
  http: { method: 'GET', path: '/api/v1/canned' }, output: 'List',
  run: (ctx, actor) => listCanned(ctx, actor),
};

export const cannedShow: UseCase<{ title: string; ticket?: string }, CannedResponse> = {
  name: 'canned.show', summary: 'one canned response, filled in for a ticket with ticket', permission: 'agent',
  input: obj({ title: TITLE, ticket: NUMBER }, ['title']),
  run: (ctx, actor, i) => showCanned(ctx, actor, i.title, i.ticket),
};

export const cannedAdd: UseCase<{ title: string; body: string; replace?: boolean }, CannedResponse> = {
  name: 'canned.add', summary: 'save a canned response (admins)', permission: 'admin',
  input: obj({ title: TITLE, body: text('the text; may use variables'), replace: flag('change an existing one') }, ['title', 'body']),
  http: { method: 'POST', path: '/api/v1/canned', created: true }, output: 'CannedResponse',
  run: (ctx, actor, i) => addCanned(ctx, actor, i),
};

export const cannedRemove: UseCase<{ title: string }, CannedResponse> = {
  name: 'canned.remove', summary: 'delete a canned response (admins)', permission: 'admin',
  input: obj({ title: TITLE }, ['title']),
  run: (ctx, actor, i) => removeCanned(ctx, actor, i.title),
};
