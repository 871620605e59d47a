/**
 * Linking tickets (`ticket link`, `ticket unlink`) and setting a parent (`ticket edit --parent`),
 * each in one write transaction; a refusal on either ticket changes nothing.
 */
import { requireAction } from '../../core/access.js';
import { ConflictError } from '../../core/errors.js';
import { parseTicketNumber } from '../../core/lifecycle.js';
import { checkParent, type LinkType } from '../../core/together.js';
import type { TicketRow } from '../../store/types.js';
import type { DeskContext } from '../context.js';
import { TicketWork, loadTicket, workOn, type ActionResult } from './work-on.js';


export const factsOf = (row: TicketRow) => ({ deptId: row.dept_id, assigneeId: row.assignee_id, teamId: row.team_id, userId: row.user_id });

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
