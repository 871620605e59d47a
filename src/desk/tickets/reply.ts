/**
 * A reply on a ticket's thread (`ticket reply`), in one write transaction with its status
 * change, time, attachments and the mail to the end user.
 */
import { AccessDeniedError, named, says, UsageError } from '../../core/errors.js';
import { parseBody, statusAfterPost } from '../../core/lifecycle.js';
import type { DeskContext } from '../context.js';
import { expandCanned, findCanned } from '../canned.js';
import { queueUserMail } from '../mail/queue.js';
import { resolveStatus } from '../statuses.js';
import { attachFiles, claimOnResponse, logTime, type NewFile } from './work-extras.js';
import { workOn, type ActionResult } from './work-on.js';
import { applyStatus, changeStatus } from './status.js';

export interface PostInput {
  actor: string;
  number: string;
  /** The text; or give `canned` instead. */
  body?: string;
  /** A built-in or custom status name. */
  status?: string;
  /** Title of a canned response to send, its variables filled in (agents). */
  canned?: string;
  /** Minutes of work to log with it (agents). */
  time?: number;
  /** Files to attach to the entry. */
  files?: NewFile[];
}

/**
 * A reply: from an agent, visible to the end user (the first one is the first response) and queued
 * as mail to them when mail is configured; from an end user, a message that reopens a
 * resolved/closed ticket or answers an awaiting-response one.
 */
export function replyTicket(ctx: DeskContext, input: PostInput): Promise<ActionResult> {
  if (input.canned !== undefined && input.body !== undefined) throw new UsageError(says`pass either the reply text or ${named('canned')}, not both`);
  const body = input.canned === undefined ? parseBody(input.body ?? '') : null;
  return workOn(ctx, input.actor, input.number, 'reply', async (w) => {
    const by = w.actor.kind;
    const next = statusAfterPost(by, w.row.status, w.row.number);
    if (by === 'user' && input.status !== undefined) throw new AccessDeniedError(says`access denied: only agents may use ${named('status')}`);
    // Expanded inside the transaction: an unknown variable fails before anything is saved or queued.
    const text = body ?? await expandCanned(w, await findCanned(w.tx, input.canned!));
    let entryId: number;
    if (by === 'agent') {
      await claimOnResponse(w);
      entryId = await w.entry('reply', text);
      await w.patch({ answered: 1, ...(w.row.first_response_at === null ? { first_response_at: w.now } : {}) });
    } else {
      entryId = await w.entry('message', text);
      await w.patch({ answered: 0 });
    }
    await logTime(w, input.time, entryId);
    await attachFiles(w, input.files, entryId);
    // A status the post itself implies (a user's answer reopens or un-waits the ticket) needs no
    // permission beyond the reply; one the agent asks for with --status is the change `ticket
    // status` makes, except that the reply below is the one mail that tells the end user.
    if (input.status !== undefined) await changeStatus(w, await resolveStatus(w.tx, input.status), { mailResolved: false });
    else if (next !== null) await applyStatus(w, next);
    // One message for the end user: the reply (it also carries a status change such as resolved).
    if (w.actor.kind === 'agent') await queueUserMail(w.tx, 'reply', w.row, { agent: w.actor, message: text, entryId }, w.now);
  });
}
