/**
 * An osTicket API payload (core/osticket.ts) imported as a new ticket, exactly as if an admin had
 * opened it for the end user: the end user is created when unknown, the source is `api`.
 */
import { parseOsTicketPayload } from '../../core/osticket.js';
import type { DeskContext } from '../context.js';
import { findTopic } from '../lookup.js';
import { requireAdminOf } from '../maintenance.js';
import type { TicketObject } from '../tickets/view.js';
import { createTicket } from '../tickets/create.js';

export interface OsTicketImport {
  /** The new ticket; null for a dry run. */
  ticket: TicketObject | null;
  /** Payload fields helpdesk has no place for. */
  ignored: string[];
}

export async function importOsTicket(ctx: DeskContext, actor: string, payload: unknown, dryRun: boolean): Promise<OsTicketImport> {
  const req = parseOsTicketPayload(payload);
  await requireAdminOf(ctx, actor, 'import tickets');
  if (dryRun) {
    if (req.topic !== undefined) await ctx.store.read((tx) => findTopic(tx, req.topic!));
    return { ticket: null, ignored: req.ignored };
  }
  const ticket = await createTicket(ctx, {
    actor, subject: req.subject, body: req.body, user: req.email, name: req.name, priority: req.priority, source: req.source,
    topic: req.topic,
  });
  return { ticket, ignored: req.ignored };
}
