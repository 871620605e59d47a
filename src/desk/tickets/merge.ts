/**
 * Merging tickets into one (`ticket merge`), in one write transaction; a refusal on any ticket
 * changes nothing.
 */
import { requireAction } from '../../core/access.js';
import { UsageError } from '../../core/errors.js';
import { parseTicketNumber, stateOf } from '../../core/lifecycle.js';
import type { Actor } from '../../core/model.js';
import { checkMerge } from '../../core/together.js';
import type { TicketRow, Tx } from '../../store/types.js';
import { loadActiveActor } from '../actor.js';
import type { DeskContext } from '../context.js';
import { toTicketObject } from './view.js';
import { TicketWork, loadTicket, type ActionResult } from './work-on.js';
import { factsOf } from './link.js';

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
