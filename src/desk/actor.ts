/**
 * Turning an identity (agent username or end-user email) into the Actor the access rules judge.
 */
import { AccessDeniedError, choicesHint, named, NotFoundError, says } from '../core/errors.js';
import type { Actor, AgentActor, Permission } from '../core/model.js';
import type { AgentRow, Tx } from '../store/types.js';

/** Loads the acting identity. Unknown → NotFoundError (exit 3) naming the valid identities. */
export async function loadActor(tx: Tx, who: string): Promise<Actor> {
  const handle = who.trim();
  const agent = await tx.org.agentByUsername(handle);
  if (agent) return agentActor(tx, agent);
  if (handle.includes('@')) {
    const user = await tx.org.userByEmail(handle);
    if (user) return { kind: 'user', id: user.id, email: user.email, name: user.name };
    const byEmail = await tx.org.agentByEmail(handle);
    if (byEmail) return agentActor(tx, byEmail);
  }
  // Who is asking is not known yet: the hint names agents only, never end users' addresses.
  const names = (await tx.org.agents()).map((a) => a.username);
  throw new NotFoundError(`no agent or end user '${who}'`, choicesHint(handle, names));
}

export async function agentActor(tx: Tx, row: AgentRow): Promise<AgentActor> {
  const grants = new Map<number, readonly Permission[]>();
  for (const g of await tx.org.grantsOf(row.id)) grants.set(g.dept_id, g.permissions);
  return {
    kind: 'agent',
    id: row.id,
    username: row.username,
    name: row.name,
    email: row.email,
    isAdmin: row.is_admin === 1,
    active: row.active === 1,
    deptId: row.dept_id,
    department: row.department,
    primary: row.permissions,
    grants,
    teamIds: await tx.org.teamIdsOf(row.id),
  };
}

/** Loads the actor and refuses deactivated agents: they keep their history but may not act. */
export async function loadActiveActor(tx: Tx, who: string): Promise<Actor> {
  const actor = await loadActor(tx, who);
  if (actor.kind === 'agent' && !actor.active) {
    throw new AccessDeniedError(`agent '${actor.username}' is deactivated`, 'ask an admin to reactivate the account');
  }
  return actor;
}

export function requireAgent(actor: Actor, what: string): asserts actor is AgentActor {
  if (actor.kind !== 'agent') throw new AccessDeniedError(`access denied: only agents may ${what}`);
}

export function requireAdmin(actor: Actor, what: string): asserts actor is AgentActor {
  if (actor.kind !== 'agent' || !actor.isAdmin) {
    throw new AccessDeniedError(`access denied: only admins may ${what}`, says`ask an admin, or act as one with ${named('as')} <admin>`);
  }
}
