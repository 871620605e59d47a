/**
 * Working tickets together (issue 20): merge, link, parent and child, collaborators (Cc). Each use
 * case runs in one write transaction; a refusal on any ticket changes nothing.
 */
import { requireAction } from '../core/access.js';
import { ConflictError, UsageError } from '../core/errors.js';
import { parseEmail, parseTicketNumber, stateOf } from '../core/lifecycle.js';
import type { Actor } from '../core/model.js';
import { checkMerge, checkParent, type LinkType } from '../core/together.js';
import type { TicketRow, Tx } from '../store/types.js';
import { loadActiveActor } from './actor.js';
import type { DeskContext } from './context.js';
import { toTicketObject } from './ticket-view.js';
import { TicketWork, loadTicket, workOn, type ActionResult } from './work.js';

export { followMerged } from './work.js';

const factsOf = (row: TicketRow) => ({ deptId: row.dept_id, assigneeId: row.assignee_id, teamId: row.team_id, userId: row.user_id });

/**
 * `ticket merge <target> <n>…`: the others' threads, attachments, time and collaborators move to the
 * target (entries keep their time and author); each other ticket is closed with a `merged` event.
 * Needs `edit` on every ticket.
 */
export async function mergeTickets(ctx: DeskContext, who: string, target: string, sources: readonly string[]): Promise<ActionResult> {
  const targetNumber = parseTicketNumber(target);
  const numbers = [...new Set(sources.map(parseTicketNumber))];
  if (numbers.length === 0) throw new UsageError('name the tickets to merge into the target', `helpdesk ticket merge ${targetNumber} <n>…`);
  return ctx.store.write(async (tx) => {
    const actor = await loadActiveActor(tx, who);
    const into = await loadTicket(tx, targetNumber);
    requireAction(actor, 'edit', factsOf(into));
    const rows: TicketRow[] = [];
    for (const n of numbers) {
      const row = await loadTicket(tx, n);
      requireAction(actor, 'edit', factsOf(row));
      checkMerge({ number: into.number, state: stateOf(into.status), merged: into.merged_into_id != null },
        { number: row.number, merged: row.merged_into_id != null });
      rows.push(row);
    }
    const w = new TicketWork(tx, actor, into, ctx.now);
    for (const row of rows) await mergeOne(tx, actor, row, into, ctx.now);
    await w.patch({ updated_at: w.now });
    await w.event('absorbed', { from: rows.map((r) => r.number) });
    const fresh = (await tx.tickets.ticketByNumber(into.number))!;
    return { ticket: await toTicketObject(tx, fresh, actor, ctx.now), warnings: [], changed: true };
  });
}

async function mergeOne(tx: Tx, actor: Actor, row: TicketRow, into: TicketRow, at: Date): Promise<void> {
  const w = new TicketWork(tx, actor, row, at);
  await tx.together.moveWork(row.id, into.id);
  await tx.together.setMergedInto(row.id, into.id);
  if (row.status !== 'closed') {
    // Closed, not resolved: a duplicate merged away is not a fix the reports should count.
    await w.patch({ status: 'closed', closed_at: w.now, paused_at: null });
  }
  await w.event('merged', { into: into.number, from: row.status, to: 'closed' });
}

/** `ticket link <n> <m> [--type]`: one link between two tickets, recorded on both. */
export async function linkTickets(ctx: DeskContext, who: string, a: string, b: string, type: LinkType): Promise<ActionResult> {
  const other = parseTicketNumber(b);
  return workOn(ctx, who, a, 'edit', async (w) => {
    const row = await loadTicket(w.tx, other);
    if (row.id === w.row.id) throw new ConflictError(`cannot link #${w.row.number} to itself`);
    requireAction(w.actor, 'view', factsOf(row));
    const existing = await w.tx.together.linkBetween(w.row.id, row.id);
    if (existing?.type === type) return w.warn(`#${w.row.number} and #${row.number} are already linked (${type})`);
    await w.tx.together.setLink(w.row.id, row.id, type, w.now);
    await w.event('linked', { number: row.number, type });
    await new TicketWork(w.tx, w.actor, row, w.at).event('linked', { number: w.row.number, type, from: w.row.number });
  });
}

export async function unlinkTickets(ctx: DeskContext, who: string, a: string, b: string): Promise<ActionResult> {
  const other = parseTicketNumber(b);
  return workOn(ctx, who, a, 'edit', async (w) => {
    const row = await loadTicket(w.tx, other);
    requireAction(w.actor, 'view', factsOf(row));
    if (!(await w.tx.together.removeLink(w.row.id, row.id))) return w.warn(`#${w.row.number} and #${row.number} are not linked`);
    await w.event('unlinked', { number: row.number });
    await new TicketWork(w.tx, w.actor, row, w.at).event('unlinked', { number: w.row.number });
  });
}

/** Sets or clears the parent inside the caller's ticket work; a cycle is refused (exit 5). */
export async function applyParent(w: TicketWork, parent: string | null): Promise<void> {
  const from = w.row.parent_id == null ? null : await w.tx.together.numberOf(w.row.parent_id);
  if (parent === null) {
    if (from === null) return w.warn(`#${w.row.number} has no parent`);
    await w.tx.together.setParent(w.row.id, null);
    await w.patch({});
    return w.event('edited', { field: 'parent', from, to: null });
  }
  const row = await loadTicket(w.tx, parent);
  requireAction(w.actor, 'view', factsOf(row));
  const ancestors = await Promise.all((await w.tx.together.ancestorsOf(row.id)).map((id) => w.tx.together.numberOf(id)));
  checkParent(w.row.number, row.number, ancestors.filter((n): n is string => n !== null));
  if (from === row.number) return w.warn(`#${w.row.number} is already a child of #${row.number}`);
  await w.tx.together.setParent(w.row.id, row.id);
  w.row = { ...w.row, parent_id: row.id };
  await w.patch({});
  await w.event('edited', { field: 'parent', from, to: row.number });
}

/** `ticket cc <n> add|remove <email>…`: collaborators get agent replies in Cc and may read and post. */
export async function changeCollaborators(
  ctx: DeskContext, who: string, number: string, op: 'add' | 'remove', emails: readonly string[],
): Promise<ActionResult> {
  if (emails.length === 0) throw new UsageError('name at least one email address', `helpdesk ticket cc ${number} ${op} ken@example.com`);
  const parsed = [...new Set(emails.map(parseEmail))];
  return workOn(ctx, who, number, 'edit', async (w) => {
    if (op === 'add') await addCollaborators(w, parsed);
    else await removeCollaborators(w, parsed);
  });
}

/** Adds end users (created when unknown) as collaborators; an agent's address is refused (exit 2). */
export async function addCollaborators(w: TicketWork, emails: readonly string[]): Promise<void> {
  const added: string[] = [];
  const current = new Set((await w.tx.together.collaborators(w.row.id)).map((c) => c.email.toLowerCase()));
  for (const email of emails) {
    if (await w.tx.org.agentByEmail(email)) {
      throw new UsageError(`${email} is an agent's address; collaborators are end users`, 'agents follow tickets through assignment, teams and departments');
    }
    if (email === w.row.user_email.toLowerCase()) { w.warn(`${email} is the ticket's end user`); continue; }
    if (current.has(email)) { w.warn(`${email} is already a collaborator on #${w.row.number}`); continue; }
    const user = (await w.tx.org.userByEmail(email)) ?? { id: await w.tx.org.insertUser({ email, name: email, createdAt: w.now }) };
    await w.tx.together.addCollaborator(w.row.id, user.id);
    added.push(email);
  }
  if (added.length) {
    await w.patch({});
    await w.event('cc', { added });
  }
}

async function removeCollaborators(w: TicketWork, emails: readonly string[]): Promise<void> {
  const removed: string[] = [];
  for (const email of emails) {
    const user = await w.tx.org.userByEmail(email);
    if (user && (await w.tx.together.removeCollaborator(w.row.id, user.id))) removed.push(email);
    else w.warn(`${email} is not a collaborator on #${w.row.number}`);
  }
  if (removed.length) {
    await w.patch({});
    await w.event('cc', { removed });
  }
}
