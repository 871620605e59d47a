import { Command } from 'commander';
import { editUser } from '../../../desk/org/users.js';
import { globalsOf, withSession, type Factory, type Globals } from '../../factory.js';
import { printAdminChange } from '../org-shared.js';

export interface UserEditOptions {
  email: string;
  name?: string;
  newEmail?: string;
  globals: Globals;
}

export function newUserEditCommand(f: Factory, run = runUserEdit): Command {
  return new Command('edit')
    .description("correct an end user's name or email address (admins)")
    .argument('<email>', 'the end user')
    .option('--name <n>', 'full name')
    .option('--email <new>', 'new email address')
    .action((email: string, o: { name?: string; email?: string }, cmd: Command) =>
      run(f, { email, name: o.name, newEmail: o.email, globals: globalsOf(cmd) }));
}

export async function runUserEdit(f: Factory, o: UserEditOptions): Promise<void> {
  await withSession(f, o.globals, async (desk, actor) => {
    const result = await editUser(desk, actor, o.email, { name: o.name, email: o.newEmail });
    printAdminChange(f, o.globals, result, `Updated end user ${result.value.name} <${result.value.email}>`);
  });
}
