import { Command } from 'commander';
import { agentAdd } from '../../../desk/api/org-admin.js';
import { type AddAgentInput } from '../../../desk/org/agents.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { withDesk } from '../../session.js';
import { adminBeforePrompt, printDone } from '../org-shared.js';
import { required } from '../shared.js';

/** The desk's input as commander gives it: the name may still be asked for. */
export interface AgentAddOptions extends Omit<AddAgentInput, 'actor' | 'name'> {
  name?: string;
  globals: Globals;
}

export function newAgentAddCommand(f: Factory, run = runAgentAdd): Command {
  return new Command('add')
    .description('add an agent (admins)')
    .argument('<username>', 'login name: letters, digits, dot, dash or underscore')
    .option('--name <n>', 'full name')
    .option('--email <e>', 'email address')
    .option('--dept <d>', 'primary department (default: the default department)')
    .option('--role <r>', 'role in the primary department (default: Expanded Access)')
    .option('--admin', 'make the agent an admin')
    .action((username: string, o: Omit<AgentAddOptions, 'username' | 'globals'>, cmd: Command) =>
      run(f, { ...o, username, globals: globalsOf(cmd) }));
}

export async function runAgentAdd(f: Factory, o: AgentAddOptions): Promise<void> {
  const g = o.globals;
  await withDesk(f, g, async (desk) => {
    if (o.name === undefined) await adminBeforePrompt(f, g, desk, 'add agents');
    const name = await required(f, g, o.name, '--name', 'Full name');
    const agent = await desk.run(agentAdd, { ...o, name });
    printDone(f, g, agent, `Added agent ${agent.username} (${agent.name}) — ${agent.department}, ${agent.role}${agent.admin ? ', admin' : ''}`,
      `helpdesk agent access ${agent.username} --dept <d> --role <r> (extra departments)`);
  });
}
