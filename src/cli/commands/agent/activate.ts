import { Command } from 'commander';
import { setAgentActive } from '../../../desk/admin-agents.js';
import { globalsOf, withSession, type Factory } from '../../factory.js';
import { printAdminChange } from '../org-shared.js';
import type { AgentActiveOptions } from './deactivate.js';

export function newAgentActivateCommand(f: Factory, run = runAgentActivate): Command {
  return new Command('activate')
    .description('let a deactivated agent act again (admins)')
    .argument('<username>', 'the agent')
    .action((username: string, _o: object, cmd: Command) => run(f, { username, globals: globalsOf(cmd) }));
}

export async function runAgentActivate(f: Factory, o: AgentActiveOptions): Promise<void> {
  await withSession(f, o.globals, async (desk, actor) => {
    const result = await setAgentActive(desk, actor, o.username, true);
    printAdminChange(f, o.globals, result, `Reactivated ${result.value.username}`);
  });
}
