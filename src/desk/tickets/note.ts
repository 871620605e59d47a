/**
 * An internal note on a ticket (`ticket note`), in one write transaction.
 */
import { parseBody } from '../../core/lifecycle.js';
import type { DeskContext } from '../context.js';
import { attachFiles, logTime, type NewFile } from './work-extras.js';
import { workOn, type ActionResult } from './work-on.js';

/** An internal note: never shown to end users. */
export function noteTicket(
  ctx: DeskContext, actor: string, number: string, body: string, title?: string, extra: { time?: number; files?: NewFile[] } = {},
): Promise<ActionResult> {
  const text = parseBody(body);
  return workOn(ctx, actor, number, 'note', async (w) => {
    const entryId = await w.entry('note', text, title?.trim() || null);
    await logTime(w, extra.time, entryId);
    await attachFiles(w, extra.files, entryId);
  });
}
