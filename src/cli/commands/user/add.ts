import { Command } from 'commander';
import { userAdd } from '../../../desk/api/org-admin.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { withDesk } from '../../session.js';
import { adminBeforePrompt, printDone } from '../org-shared.js';
import { required } from '../shared.js';

export interface UserAddOptions {
  email: string;
  name?: string;
  globals: Globals;
}

export function newUserAddCommand(f: Factory, run = runUserAdd): Command {
  return new Command('add')
    .description('add an end user (admins)')
    .argument('<email>', 'their email address: how they are named everywhere')
    .option('--name <n>', 'full name')
    .action((email: string, o: { name?: string }, cmd: Command) => run(f, { ...o, email, globals: globalsOf(cmd) }));
}

export async function runUserAdd(f: Factory, o: UserAddOptions): Promise<void> {
  const g = o.globals;
  await withDesk(f, g, async (desk) => {
    if (o.name === undefined) await adminBeforePrompt(f, g, desk, 'add end users');
    const name = await required(f, g, o.name, '--name', 'Full name');
    const user = await desk.run(userAdd, { email: o.email, name });
    printDone(f, g, user, `Added end user ${user.name} <${user.email}>`,
      `helpdesk ticket create --user ${user.email} --subject "…" --body "…"`);
  });
}
