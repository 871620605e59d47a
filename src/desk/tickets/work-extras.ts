/**
 * What working a ticket does besides the change itself: claim on response, time spent,
 * and automatic assignment of new tickets. Each runs inside the caller's transaction.
 */
import { can } from '../../core/access.js';
import { AccessDeniedError, named, says, UsageError } from '../../core/errors.js';
import { formatSize } from '../../core/mailbox.js';

/** The default of `mail.attachment_limit` (10 MiB). */
const DEFAULT_ATTACHMENT_LIMIT = 10 * 1024 * 1024;
import { stateOf } from '../../core/lifecycle.js';
import { chooseAssignee, type AutoAssignRule } from '../../core/together.js';
import type { Tx } from '../../store/types.js';
import type { TicketWork } from './work-on.js';

/**
 * An agent's reply to an open ticket nobody is assigned to makes it theirs (osTicket's default), unless
 * `ticket.claim_on_response` is off or they may not assign it.
 */
export async function claimOnResponse(w: TicketWork): Promise<void> {
  if (w.actor.kind !== 'agent' || w.row.assignee_id !== null || stateOf(w.row.status) !== 'open') return;
  if ((await w.tx.settings.getSetting('ticket.claim_on_response')) === 'off') return;
  if (!can(w.actor, 'assign', { deptId: w.row.dept_id, assigneeId: null, teamId: w.row.team_id, userId: w.row.user_id })) return;
  await w.patch({ assignee_id: w.actor.id });
  w.row = { ...w.row, assignee: w.actor.username };
  await w.event('assigned', { field: 'agent', from: null, to: w.actor.username, reason: 'claim-on-response' });
}

/** Logs minutes of work by the acting agent (with the entry it came with), and a `time` event. */
export async function logTime(w: TicketWork, minutes: number | undefined, entryId: number | null): Promise<void> {
  if (minutes === undefined) return;
  if (w.actor.kind !== 'agent') throw new AccessDeniedError(says`access denied: only agents log time (${named('time')})`);
  await w.tx.together.insertTime({ ticketId: w.row.id, agentId: w.actor.id, entryId, minutes, at: w.now });
  await w.event('time', { minutes, total: await w.tx.together.timeOf(w.row.id) });
}

/**
 * The agent a new ticket of this department goes to by its automatic rule, inside the creating
 * transaction (BEGIN IMMEDIATE): the counts and the round-robin pointer are read and moved by one
 * writer at a time, so concurrent creates never choose from the same stale state.
 */
export async function autoAssignee(tx: Tx, deptId: number): Promise<{ id: number; username: string; rule: AutoAssignRule } | null> {
  const setting = await tx.together.autoAssignOf(deptId);
  if (setting.rule === null) return null;
  const chosen = chooseAssignee(setting.rule, await tx.together.assignCandidates(deptId, setting.team_id), setting.last_id);
  if (!chosen) return null;
  await tx.together.setAutoAssignLast(deptId, chosen.id);
  return { id: chosen.id, username: chosen.username, rule: setting.rule };
}

/** A file an agent or end user attaches to a new entry (`--attach`). */
export interface NewFile { filename: string; contentType: string; content: Buffer }

/** The largest attachment the desk accepts (`mail.attachment_limit`, the same for mail and `--attach`). */
export async function attachmentLimit(tx: Tx): Promise<number> {
  return Number((await tx.settings.getSetting('mail.attachment_limit')) ?? DEFAULT_ATTACHMENT_LIMIT);
}

/** Refuses a file over the limit (exit 2) before anything is written. */
export function checkFiles(files: readonly NewFile[], limit: number): void {
  for (const f of files) {
    if (f.content.length > limit) {
      throw new UsageError(`${f.filename} is ${formatSize(f.content.length)}, over the ${formatSize(limit)} attachment limit`,
        'an admin may raise it: helpdesk config set mail.attachment_limit 25M');
    }
  }
}

/** Stores the files once, with the thread entry they came with. */
export async function attachFiles(w: TicketWork, files: readonly NewFile[] | undefined, entryId: number): Promise<void> {
  if (!files?.length) return;
  checkFiles(files, await attachmentLimit(w.tx));
  for (const f of files) {
    await w.tx.mail.insertAttachment({ ticketId: w.row.id, entryId, filename: f.filename, contentType: f.contentType, content: f.content, createdAt: w.now });
  }
}

/** The attachment limit as a desk use case, for callers that check file sizes before reading them. */
export function readAttachmentLimit(ctx: { store: { read<T>(fn: (tx: Tx) => Promise<T>): Promise<T> } }): Promise<number> {
  return ctx.store.read((tx) => attachmentLimit(tx));
}
