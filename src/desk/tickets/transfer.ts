/**
 * Moving a ticket to another department (`ticket transfer`), in one write transaction.
 */
import type { DeskContext } from '../context.js';
import { findDept } from '../lookup.js';
import { workOn, type ActionResult } from './work-on.js';

/** Moves the ticket to another department. */
export function transferTicket(ctx: DeskContext, actor: string, number: string, deptName: string): Promise<ActionResult> {
  return workOn(ctx, actor, number, 'transfer', async (w) => {
    const dept = await findDept(w.tx, deptName);
    if (dept.id === w.row.dept_id) return w.warn(`#${w.row.number} is already in ${dept.name}`);
    const from = w.row.department;
    await w.patch({ dept_id: dept.id });
    await w.event('transferred', { from, to: dept.name });
  });
}
