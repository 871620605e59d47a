import { Command } from 'commander';
import { listAgents } from '../../../desk/admin-agents.js';
import { globalsOf, withSession, type Factory, type Globals } from '../../factory.js';
import { AGENT_COLUMNS } from '../../render/org.js';
import { printList } from '../org-shared.js';

export function newAgentListCommand(f: Factory, run = runAgentList): Command {
  return new Command('list')
    .alias('ls')
    .description('list agents with their department, role, extra access and teams')
    .action((_o: object, cmd: Command) => run(f, { globals: globalsOf(cmd) }));
}

export async function runAgentList(f: Factory, o: { globals: Globals }): Promise<void> {
  await withSession(f, o.globals, async (desk, actor) => {
    printList(f, o.globals, await listAgents(desk, actor), AGENT_COLUMNS, 'No agents.');
  });
}
