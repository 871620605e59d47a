/**
 * Teams (`team add`, `team join`, `team leave`, `team list`): admin use cases, one transaction each.
 */
import { parseName } from '../../core/org.js';
import { asAdmin, readAsAgent, ChangeLog, type AdminResult } from '../admin.js';
import type { DeskContext } from '../context.js';
import { findAgent, findTeam } from '../lookup.js';
import { toTeamObject, type TeamObject } from './view.js';
import { refuseDuplicate } from './depts.js';

/** Adds a team, with its first members (every one must exist; all or nothing). */
export function addTeam(ctx: DeskContext, who: string, name: string, members: readonly string[] = []): Promise<TeamObject> {
  return asAdmin(ctx, who, 'add teams', async (tx) => {
    const clean = parseName('team', name);
    refuseDuplicate('team', await tx.org.teamByName(clean), 'helpdesk team list');
    const agents = [];
    for (const m of members) agents.push(await findAgent(tx, m));
    const id = await tx.org.insertTeam(clean);
    for (const a of agents) await tx.org.addTeamMember(id, a.id);
    return toTeamObject((await tx.org.teamByName(clean))!);
  });
}

/** Adds an agent to a team, or (join = false) takes them off it. Already so: a warning. */
export function setTeamMember(ctx: DeskContext, who: string, team: string, username: string, join: boolean): Promise<AdminResult<TeamObject>> {
  return asAdmin(ctx, who, 'change team membership', async (tx) => {
    const t = await findTeam(tx, team);
    const agent = await findAgent(tx, username);
    const log = new ChangeLog();
    const member = t.members.includes(agent.username);
    if (join && member) log.warn(`${agent.username} is already on ${t.name}`);
    else if (!join && !member) log.warn(`${agent.username} is not on ${t.name}`);
    else {
      if (join) await tx.org.addTeamMember(t.id, agent.id);
      else await tx.org.removeTeamMember(t.id, agent.id);
      log.done();
    }
    return log.result(toTeamObject((await tx.org.teamByName(t.name))!));
  });
}

/** Every team with its members. Open to every agent. */
export function listTeams(ctx: DeskContext, who: string): Promise<TeamObject[]> {
  return readAsAgent(ctx, who, 'list teams', async (tx) => (await tx.org.teams()).map(toTeamObject));
}
