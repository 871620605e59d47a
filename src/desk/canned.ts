/**
 * Canned responses: shared answers to common issues, with `%{variables}` filled in from the ticket
 * and the agent when used in a reply. Admins add and remove them; every agent lists and uses them.
 */
import { choicesHint, named, NotFoundError, says, UsageError } from '../core/errors.js';
import { parseBody } from '../core/lifecycle.js';
import { checkTemplate, expandTemplate, variablesFor } from '../core/template.js';
import type { CannedRow } from '../store/mail/types.js';
import type { Tx } from '../store/types.js';
import { loadActiveActor, requireAdmin, requireAgent } from './actor.js';
import { iso, type DeskContext } from './context.js';
import { templateValues } from './mail/compose.js';
import { loadTicket, TicketWork } from './tickets/work-on.js';

export interface CannedResponse {
  title: string;
  body: string;
  created_at: string;
  updated_at: string;
}

const toCanned = (r: CannedRow): CannedResponse => ({ title: r.title, body: r.body, created_at: r.created_at, updated_at: r.updated_at });

function parseTitle(text: string): string {
  const title = text.trim().replace(/\s+/g, ' ');
  if (title === '') throw new UsageError('the title is empty', 'example: helpdesk canned add "Password reset" --body "…"');
  if (title.length > 200) throw new UsageError('the title is longer than 200 characters', says`put the details in ${named('body')}`);
  return title;
}

/** Looks a canned response up by title (case-insensitive); exit 3 with the titles when unknown. */
export async function findCanned(tx: Tx, title: string): Promise<CannedRow> {
  const row = await tx.mail.cannedByTitle(title.trim().replace(/\s+/g, ' '));
  if (row) return row;
  const titles = (await tx.mail.cannedList()).map((c) => c.title);
  throw new NotFoundError(`no canned response titled '${title}'`, titles.length ? choicesHint(title, titles) : 'add one with: helpdesk canned add <title> --body "…"');
}

/** Adds (or with `replace`, changes) a canned response; its variables are checked first. */
export async function addCanned(
  ctx: DeskContext, who: string, input: { title: string; body: string; replace?: boolean },
): Promise<CannedResponse> {
  const title = parseTitle(input.title);
  const body = parseBody(input.body);
  checkTemplate(body, variablesFor('canned'));
  const now = iso(ctx.now);
  return ctx.store.write(async (tx) => {
    requireAdmin(await loadActiveActor(tx, who), 'manage canned responses');
    const existing = await tx.mail.cannedByTitle(title);
    if (existing && input.replace) {
      await tx.mail.updateCanned(existing.id, body, now);
    } else {
      await tx.mail.insertCanned({ title, body, at: now });
    }
    return toCanned((await tx.mail.cannedByTitle(title))!);
  });
}

export async function listCanned(ctx: DeskContext, who: string): Promise<CannedResponse[]> {
  return ctx.store.read(async (tx) => {
    requireAgent(await loadActiveActor(tx, who), 'use canned responses');
    return (await tx.mail.cannedList()).map(toCanned);
  });
}

/** One canned response; with a ticket number, its text as it would be sent on that ticket. */
export async function showCanned(ctx: DeskContext, who: string, title: string, ticket?: string): Promise<CannedResponse> {
  return ctx.store.read(async (tx) => {
    const actor = await loadActiveActor(tx, who);
    requireAgent(actor, 'use canned responses');
    const row = await findCanned(tx, title);
    if (ticket === undefined) return toCanned(row);
    const w = new TicketWork(tx, actor, await loadTicket(tx, ticket), ctx.now);
    w.require('view');
    return { ...toCanned(row), body: await expandCanned(w, row) };
  });
}

export async function removeCanned(ctx: DeskContext, who: string, title: string): Promise<CannedResponse> {
  return ctx.store.write(async (tx) => {
    requireAdmin(await loadActiveActor(tx, who), 'manage canned responses');
    const row = await findCanned(tx, title);
    await tx.mail.deleteCanned(row.id);
    return toCanned(row);
  });
}

/** The canned text filled in for this ticket and the acting agent; unknown variables are a UsageError. */
export async function expandCanned(w: TicketWork, row: CannedRow): Promise<string> {
  requireAgent(w.actor, 'use canned responses');
  return expandTemplate(row.body, await templateValues(w.tx, w.row, w.actor));
}
