/**
 * Values for shell completion, read from the database: ticket numbers the identity may see, and the
 * names of agents, departments, teams, SLA plans, help topics, roles, custom statuses and end users.
 */
import type { Tx } from '../store/types.js';
import type { DeskContext } from './context.js';
import { STATUSES } from '../core/model.js';
import { listTickets } from './tickets/list.js';

export type CompletionKind = 'tickets' | 'agents' | 'departments' | 'teams' | 'sla' | 'topics' | 'roles' | 'users' | 'identities' | 'statuses';
export interface Candidate { value: string; description?: string }

/** Candidates of one kind; tickets need an identity (none without one). */
export async function completionValues(ctx: DeskContext, kind: CompletionKind, who: string | null): Promise<Candidate[]> {
  if (kind === 'tickets') {
    if (who === null) return [];
    const list = await listTickets(ctx, { actor: who, queue: 'all', sort: 'updated', limit: 500 });
    return list.tickets.map((t) => ({ value: t.number, description: `${t.subject} (${t.status})` }));
  }
  return ctx.store.read(async (tx) => {
    // End users' addresses are listed to admins only (as `user list` is).
    const users = async () => ((await mayListUsers(tx, who)) ? (await tx.org.users()).slice(0, 2000) : []);
    switch (kind) {
      case 'agents': return (await tx.org.agents()).filter((a) => a.active === 1).map((a) => ({ value: a.username, description: `${a.name}, ${a.department}` }));
      case 'departments': return (await tx.org.departments()).map((d) => ({ value: d.name }));
      case 'teams': return (await tx.org.teams()).map((t) => ({ value: t.name, description: t.members.join(', ') }));
      case 'sla': return (await tx.sla.slaPlans()).map((p) => ({ value: p.name, description: `${p.minutes / 60} h` }));
      case 'topics': return (await tx.org.topics()).map((t) => ({ value: t.name, description: t.department ?? undefined }));
      case 'roles': return (await tx.org.roles()).map((r) => ({ value: r.name }));
      // The built-in statuses, then the desk's own ("on-hold"), by the key every status flag accepts.
      case 'statuses': return [
        ...STATUSES.map((value) => ({ value })),
        ...(await tx.statuses.list()).map((st) => ({ value: st.key, description: st.name })),
      ];
      case 'users': return (await users()).map((u) => ({ value: u.email, description: u.name }));
      case 'identities': return [
        ...(await tx.org.agents()).filter((a) => a.active === 1).map((a) => ({ value: a.username, description: `${a.name} — agent` })),
        ...(await users()).map((u) => ({ value: u.email, description: `${u.name} — end user` })),
      ];
    }
  });
}

/** Whether `who` is an active admin agent (unknown, or no one: no). */
async function mayListUsers(tx: Tx, who: string | null): Promise<boolean> {
  if (who === null) return false;
  const agent = await tx.org.agentByUsername(who.trim());
  return agent !== null && agent !== undefined && agent.active === 1 && agent.is_admin === 1;
}
