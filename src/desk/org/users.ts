/**
 * The end-user directory: add, list and edit end users (admins only — the contract opens only the
 * organisation lists to every agent). End users are also created on the fly by `ticket create --user`.
 */
import { ConflictError, named, says, UsageError } from '../../core/errors.js';
import { parseEmail } from '../../core/lifecycle.js';
import { parseName } from '../../core/org.js';
import type { Tx } from '../../store/types.js';
import { asAdmin, readAsAdmin, ChangeLog, type AdminResult } from '../admin.js';
import { iso, type DeskContext } from '../context.js';
import { findUser } from '../lookup.js';
import { toUserObject, type UserObject } from './view.js';

async function requireFreeEmail(tx: Tx, email: string): Promise<void> {
  if (await tx.org.userByEmail(email)) throw new ConflictError(`end user ${email} already exists`, 'see them with: helpdesk user list');
  const agent = await tx.org.agentByEmail(email);
  if (agent) throw new ConflictError(`the email ${email} already belongs to agent '${agent.username}'`);
}

async function userObject(tx: Tx, email: string): Promise<UserObject> {
  const user = (await tx.org.userByEmail(email))!;
  return toUserObject(user, (await tx.org.ticketCountsByUser()).get(user.id) ?? 0);
}

/** Adds an end user; the email must be free (no end user or agent uses it). */
export function addUser(ctx: DeskContext, who: string, email: string, name: string): Promise<UserObject> {
  return asAdmin(ctx, who, 'add end users', async (tx) => {
    const address = parseEmail(email);
    const clean = parseName('end user', name, named('name'));
    await requireFreeEmail(tx, address);
    await tx.org.insertUser({ email: address, name: clean, createdAt: iso(ctx.now) });
    return userObject(tx, address);
  });
}

/** Every end user with their number of tickets, by name. Admins only. */
export function listUsers(ctx: DeskContext, who: string): Promise<UserObject[]> {
  return readAsAdmin(ctx, who, 'list end users', async (tx) => {
    const counts = await tx.org.ticketCountsByUser();
    return (await tx.org.users()).map((u) => toUserObject(u, counts.get(u.id) ?? 0));
  });
}

/** Corrects an end user's name or email address; their tickets follow. */
export function editUser(
  ctx: DeskContext, who: string, email: string, change: { name?: string; email?: string },
): Promise<AdminResult<UserObject>> {
  if (change.name === undefined && change.email === undefined) throw new UsageError('nothing to change', says`pass ${named('name')} <n> or ${named('newEmail', '--email')} <new address>`);
  return asAdmin(ctx, who, 'edit end users', async (tx) => {
    const user = await findUser(tx, email);
    const log = new ChangeLog();
    const patch: { name?: string; email?: string } = {};
    if (change.name !== undefined) {
      const name = parseName('end user', change.name, named('name'));
      if (name !== user.name) patch.name = name;
    }
    if (change.email !== undefined) {
      const address = parseEmail(change.email);
      if (address !== user.email.toLowerCase()) {
        await requireFreeEmail(tx, address);
        patch.email = address;
      }
    }
    if (Object.keys(patch).length === 0) log.warn(`${user.email} already has those values`);
    else {
      await tx.org.updateUser(user.id, patch);
      log.done();
    }
    return log.result(await userObject(tx, patch.email ?? user.email));
  });
}
