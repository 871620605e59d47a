import { Command } from 'commander';
import { ticketAssign } from '../../../desk/api/ticket-actions.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { withDesk } from '../../session.js';
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
    const result = await desk.run(ticketAssign, o);
    const t = result.ticket;
    const who = [t.assignee, t.team ? `team ${t.team}` : null].filter(Boolean).join(' · ') || 'nobody';
    printChange(f, o.globals, result, `#${t.number} assigned: ${who}`, `helpdesk ticket reply ${t.number} --body "…"`);
  });
}
