import { Command } from 'commander';
import { deptList, roleList } from '../../../desk/api/org.js';
import { agentEdit } from '../../../desk/api/org-admin.js';
import { type EditAgentInput } from '../../../desk/org/agents.js';
import { canPrompt, globalsOf, type Factory, type Globals } from '../../factory.js';
import { withDesk } from '../../session.js';
import { adminBeforePrompt, pickEdit, printAdminChange } from '../org-shared.js';

export interface AgentEditOptions extends Omit<EditAgentInput, 'actor'> {
  globals: Globals;
}

export function newAgentEditCommand(f: Factory, run = runAgentEdit): Command {
  return new Command('edit')
    .description("change an agent's name, email, primary department, role or admin rights (admins)")
    .argument('<username>', 'the agent')
    .option('--name <n>', 'full name')
    .option('--email <e>', 'email address ("" to clear it)')
    .option('--dept <d>', 'primary department')
    .option('--role <r>', 'role in the primary department')
    .option('--admin', 'make the agent an admin')
    .option('--no-admin', 'take admin rights away')
    .action((username: string, o: Omit<AgentEditOptions, 'username' | 'globals'>, cmd: Command) =>
      run(f, { ...o, username, globals: globalsOf(cmd) }));
}

export async function runAgentEdit(f: Factory, o: AgentEditOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    if (o.name === undefined && o.email === undefined && o.dept === undefined && o.role === undefined && o.admin === undefined && canPrompt(f, o.globals)) {
      await adminBeforePrompt(f, o.globals, desk, 'edit agents');
      o = { ...o, ...(await pickEdit(f, [
        { key: 'name', label: 'Full name' }, { key: 'email', label: 'Email' },
        { key: 'dept', label: 'Primary department', choices: async () => (await desk.run(deptList, {})).map((d) => d.name) },
        { key: 'role', label: 'Role', choices: async () => (await desk.run(roleList, {})).map((r) => r.name) },
      ])) as Partial<AgentEditOptions> };
    }
    const result = await desk.run(agentEdit, o);
    const a = result.value;
    printAdminChange(f, o.globals, result, `Updated ${a.username} (${a.name}) — ${a.department}, ${a.role}${a.admin ? ', admin' : ''}`);
  });
}
