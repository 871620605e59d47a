import { Command } from 'commander';
import { agentList } from '../../../desk/api/org.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { withDesk } from '../../session.js';
import { AGENT_COLUMNS } from '../../render/org.js';
import { printList } from '../org-shared.js';

export function newAgentListCommand(f: Factory, run = runAgentList): Command {
  return new Command('list')
    .alias('ls')
    .description('list agents with their department, role, extra access and teams')
    .action((_o: object, cmd: Command) => run(f, { globals: globalsOf(cmd) }));
}

export async function runAgentList(f: Factory, o: { globals: Globals }): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    printList(f, o.globals, await desk.run(agentList, {}), AGENT_COLUMNS, 'No agents.');
  });
}
