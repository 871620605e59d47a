/**
 * Who is acting, as the `whoami` document and for the CLI's decisions (prompt for --user or not).
 */
import { loadActor } from '../actor.js';
import type { DeskContext } from '../context.js';

export type WhoAmI =
  | { kind: 'agent'; username: string; name: string; department: string; admin: boolean; active: boolean }
  | { kind: 'user'; email: string; name: string; department: null; admin: false };

/** Describes an identity; NotFoundError (exit 3) when it does not exist. */
export async function whoIs(ctx: DeskContext, who: string): Promise<WhoAmI> {
  return ctx.store.read(async (tx) => {
    const actor = await loadActor(tx, who);
    return actor.kind === 'agent'
      ? { kind: 'agent', username: actor.username, name: actor.name, department: actor.department, admin: actor.isAdmin, active: actor.active }
      : { kind: 'user', email: actor.email, name: actor.name, department: null, admin: false };
  });
}

/** The help desk's time zone for human output (setting `timezone`, default UTC). */
export async function deskTimezone(ctx: DeskContext): Promise<string> {
  return ctx.store.read(async (tx) => (await tx.settings.getSetting('timezone')) ?? 'UTC');
}

/** Everyone one can be, for the login picker: agents first ("John — agent, Support"), then end users. */
export async function identities(ctx: DeskContext): Promise<Array<{ handle: string; label: string }>> {
  return ctx.store.read(async (tx) => [
    ...(await tx.org.agents()).filter((a) => a.active === 1).map((a) => ({
      handle: a.username,
      label: `${a.name} — agent, ${a.department}${a.is_admin ? ', admin' : ''} (${a.username})`,
    })),
    ...(await tx.org.users()).map((u) => ({ handle: u.email, label: `${u.name} — end user (${u.email})` })),
  ]);
}
