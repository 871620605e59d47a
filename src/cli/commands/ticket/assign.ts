import { Command } from 'commander';
import { ticketAssign } from '../../../desk/api/ticket-actions.js';
import { agentList, teamList } from '../../../desk/api/org.js';
import { canPrompt, globalsOf, type Factory, type Globals } from '../../factory.js';
import { withDesk, type DeskSession } from '../../session.js';



import { printChange } from '../shared.js';

export interface AssignOptions {
  number: string;
  to?: string;
  team?: string;
  me?: boolean;
  release?: boolean;
  globals: Globals;
}

export function newAssignCommand(f: Factory, run = runAssign): Command {
  return new Command('assign')
    .description('assign the ticket to an agent and/or a team (they are independent)')
    .argument('<n>', 'ticket number')
    .option('--to <username>', 'assign to this agent (keeps the team)')
    .option('--team <team>', 'assign to this team (keeps the agent)')
    .option('--me', 'claim it: assign it to yourself')
    .option('--release', 'clear the assigned agent')
    .action((number: string, o: Omit<AssignOptions, 'globals' | 'number'>, cmd: Command) => run(f, { ...o, number, globals: globalsOf(cmd) }));
}

export async function runAssign(f: Factory, o: AssignOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const nothing = o.to === undefined && o.team === undefined && !o.me && !o.release;
    const picked = nothing && canPrompt(f, o.globals) ? await pickAssignee(f, desk) : {};
    const result = await desk.run(ticketAssign, { ...o, ...picked });
    const t = result.ticket;
    const who = [t.assignee, t.team ? `team ${t.team}` : null].filter(Boolean).join(' · ') || 'nobody';
    printChange(f, o.globals, result, `#${t.number} assigned: ${who}`, `helpdesk ticket reply ${t.number} --body "…"`);
  });
}

/** On a terminal without a flag: who to assign, picked from the agents and teams (never typed). */
async function pickAssignee(f: Factory, desk: DeskSession): Promise<Partial<AssignOptions>> {
  const agents = (await desk.run(agentList, {})).filter((a) => a.active);
  const teams = await desk.run(teamList, {});
  const choice = await f.prompter.select<string>('Assign to', [
    { name: 'Me', value: 'me' },
    ...agents.map((a) => ({ name: `${a.name} (${a.username})`, value: `agent:${a.username}`, description: `${a.department}, ${a.role}` })),
    ...teams.map((t) => ({ name: `Team ${t.name}`, value: `team:${t.name}` })),
    { name: 'Nobody (release the agent)', value: 'release' },
  ]);
  if (choice === 'me') return { me: true };
  if (choice === 'release') return { release: true };
  return choice.startsWith('team:') ? { team: choice.slice(5) } : { to: choice.slice(6) };
}
