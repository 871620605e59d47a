/**
 * A ticket's collaborators (`ticket cc`, and Cc on mail): added and removed inside a ticket's transaction.
 */
import { UsageError } from '../../core/errors.js';
import { parseEmail } from '../../core/lifecycle.js';
import type { DeskContext } from '../context.js';
import { TicketWork, workOn, type ActionResult } from './work-on.js';

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
