import { Command } from 'commander';
import { agentAccess } from '../../../desk/api/org-edit.js';
import { roleList } from '../../../desk/api/org.js';
import { canPrompt, globalsOf, type Factory, type Globals } from '../../factory.js';
import { withDesk } from '../../session.js';


import { adminBeforePrompt, printAdminChange } from '../org-shared.js';
import { required } from '../shared.js';

export interface AgentAccessOptions {
  username: string;
  dept?: string;
  role?: string;
  remove?: boolean;
  globals: Globals;
}

export function newAgentAccessCommand(f: Factory, run = runAgentAccess): Command {
  return new Command('access')
    .description('grant, change or remove extra access to a department (admins)')
    .argument('<username>', 'the agent')
    .option('--dept <d>', 'the department')
    .option('--role <r>', 'the role the agent gets there')
    .option('--remove', 'remove the extra access to that department')
    .action((username: string, o: Omit<AgentAccessOptions, 'username' | 'globals'>, cmd: Command) =>
      run(f, { ...o, username, globals: globalsOf(cmd) }));
}

export async function runAgentAccess(f: Factory, o: AgentAccessOptions): Promise<void> {
  const g = o.globals;
  await withDesk(f, g, async (desk) => {
    if (o.dept === undefined || (o.role === undefined && !o.remove)) await adminBeforePrompt(f, g, desk, 'change department access');
    const dept = await required(f, g, o.dept, '--dept', 'Department');
    let role = o.role;
    if (role === undefined && !o.remove && canPrompt(f, g)) {
      const roles = await desk.run(roleList, {});
      role = await f.prompter.select(`Role on ${dept}`, roles.map((r) => ({ name: r.name, value: r.name, description: r.permissions.join(', ') })));
    }
    const result = await desk.run(agentAccess, { username: o.username, dept, role, remove: o.remove });
    const a = result.value;
    const grant = a.access.find((x) => x.department === result.department);
    printAdminChange(f, g, result, o.remove || !grant
      ? `${a.username} no longer has extra access to ${result.department}`
      : `${a.username} now has ${grant.role} on ${result.department}`);
  });
}
