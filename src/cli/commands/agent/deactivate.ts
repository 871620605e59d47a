import { Command } from 'commander';
import { agentActive } from '../../../desk/api/org-admin.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { withDesk } from '../../session.js';
import { printAdminChange } from '../org-shared.js';

export interface AgentActiveOptions {
  username: string;
  globals: Globals;
}

export function newAgentDeactivateCommand(f: Factory, run = runAgentDeactivate): Command {
  return new Command('deactivate')
    .description('stop an agent from acting or being assigned; their history stays (admins)')
    .argument('<username>', 'the agent')
    .action((username: string, _o: object, cmd: Command) => run(f, { username, globals: globalsOf(cmd) }));
}

export async function runAgentDeactivate(f: Factory, o: AgentActiveOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const result = await desk.run(agentActive, { username: o.username, active: false });
    printAdminChange(f, o.globals, result, `Deactivated ${result.value.username}; reactivate with: helpdesk agent activate ${result.value.username}`);
  });
}
