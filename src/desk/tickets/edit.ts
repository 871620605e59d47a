/**
 * Editing a ticket's subject, priority, help topic or parent (`ticket edit`), in one write transaction.
 */
import { named, says, UsageError } from '../../core/errors.js';
import { parseSubject } from '../../core/lifecycle.js';
import type { Priority } from '../../core/model.js';
import type { TicketPatch } from '../../store/types.js';
import type { DeskContext } from '../context.js';
import { findTopic } from '../lookup.js';
import { applyParent } from './link.js';
import { workOn, type ActionResult } from './work-on.js';

export interface EditInput {
  actor: string;
  number: string;
  subject?: string;
  priority?: Priority;
  topic?: string;
  /** A parent ticket's number, or null to clear it. */
  parent?: string | null;
}

/** Changes subject, priority or help topic; one `edited` event per changed field. */
export function editTicket(ctx: DeskContext, input: EditInput): Promise<ActionResult> {
  if (input.subject === undefined && input.priority === undefined && input.topic === undefined && input.parent === undefined) {
    throw new UsageError('nothing to edit', says`pass ${named('subject')}, ${named('priority')}, ${named('topic')}, ${named('parent')} <n> or ${named('parent', '--no-parent')}`);
  }
  const subject = input.subject === undefined ? undefined : parseSubject(input.subject);
  return workOn(ctx, input.actor, input.number, 'edit', async (w) => {
    const changes: Array<[string, string | null, string | null, TicketPatch]> = [];
    if (subject !== undefined && subject !== w.row.subject) changes.push(['subject', w.row.subject, subject, { subject }]);
    if (input.priority !== undefined && input.priority !== w.row.priority) {
      changes.push(['priority', w.row.priority, input.priority, { priority: input.priority }]);
    }
    if (input.topic !== undefined) {
      const topic = await findTopic(w.tx, input.topic);
      if (topic.id !== w.row.topic_id) changes.push(['topic', w.row.topic, topic.name, { topic_id: topic.id }]);
    }
    if (input.parent !== undefined) await applyParent(w, input.parent);
    if (!changes.length) return input.parent !== undefined ? undefined : w.warn(`#${w.row.number} already has those values`);
    for (const [field, from, to, patch] of changes) {
      await w.patch(patch);
      await w.event('edited', { field, from, to });
    }
  });
}
