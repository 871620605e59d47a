import { Command } from 'commander';
import { agentActive } from '../../../desk/api/org-admin.js';
import { globalsOf, type Factory } from '../../factory.js';
import { withDesk } from '../../session.js';
import { printAdminChange } from '../org-shared.js';
import type { AgentActiveOptions } from './deactivate.js';

export function newAgentActivateCommand(f: Factory, run = runAgentActivate): Command {
  return new Command('activate')
    .description('let a deactivated agent act again (admins)')
    .argument('<username>', 'the agent')
    .action((username: string, _o: object, cmd: Command) => run(f, { username, globals: globalsOf(cmd) }));
}

export async function runAgentActivate(f: Factory, o: AgentActiveOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const result = await desk.run(agentActive, { username: o.username, active: true });
    printAdminChange(f, o.globals, result, `Reactivated ${result.value.username}`);
  });
}
