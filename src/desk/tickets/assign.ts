/**
 * Assigning a ticket: its agent and/or its team (`ticket assign`), in one write transaction.
 */
import { named, says, UsageError } from '../../core/errors.js';
import type { DeskContext } from '../context.js';
import { findAgent, findTeam } from '../lookup.js';
import { workOn, type ActionResult, type TicketWork } from './work-on.js';

export interface AssignInput {
  actor: string;
  number: string;
  to?: string;
  me?: boolean;
  team?: string;
  release?: boolean;
}

/** Sets the agent and/or the team; they are independent (`--to` keeps the team, `--release` clears the agent). */
export function assignTicket(ctx: DeskContext, input: AssignInput): Promise<ActionResult> {
  const agentChoices = [input.to !== undefined, input.me === true, input.release === true].filter(Boolean).length;
  if (agentChoices > 1) throw new UsageError(says`choose one of ${named('to')}, ${named('me')} and ${named('release')}`);
  if (agentChoices === 0 && input.team === undefined) {
    throw new UsageError('nothing to assign', says`pass ${named('to')} <username>, ${named('me')}, ${named('team')} <team> or ${named('release')}`);
  }
  return workOn(ctx, input.actor, input.number, 'assign', async (w) => {
    if (input.to !== undefined || input.me) {
      const agent = input.me ? await findAgent(w.tx, requireAgentName(w)) : await findAgent(w.tx, input.to!);
      if (!agent.active) throw new UsageError(`agent '${agent.username}' is deactivated`, 'assign an active agent');
      if (w.row.assignee_id === agent.id) w.warn(`#${w.row.number} is already assigned to ${agent.username}`);
      else {
        const from = w.row.assignee;
        await w.patch({ assignee_id: agent.id });
        await w.event('assigned', { field: 'agent', from, to: agent.username });
      }
    }
    if (input.release) {
      if (w.row.assignee_id === null) w.warn(`#${w.row.number} has no assigned agent`);
      else {
        const from = w.row.assignee;
        await w.patch({ assignee_id: null });
        await w.event('released', { from, to: null });
      }
    }
    if (input.team !== undefined) {
      const team = await findTeam(w.tx, input.team);
      if (w.row.team_id === team.id) w.warn(`#${w.row.number} is already assigned to team ${team.name}`);
      else {
        const from = w.row.team;
        await w.patch({ team_id: team.id });
        await w.event('assigned', { field: 'team', from, to: team.name });
      }
    }
  });
}

function requireAgentName(w: TicketWork): string {
  if (w.actor.kind !== 'agent') throw new UsageError(says`${named('me')} is for agents`);
  return w.actor.username;
}
