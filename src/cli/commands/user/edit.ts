import { Command } from 'commander';
import { userEdit } from '../../../desk/api/org-edit.js';
import { withDesk } from '../../session.js';
import { canPrompt, globalsOf, type Factory, type Globals } from '../../factory.js';
import { adminBeforePrompt, pickEdit, printAdminChange } from '../org-shared.js';


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
  await withDesk(f, o.globals, async (desk) => {
    if (o.name === undefined && o.newEmail === undefined && canPrompt(f, o.globals)) {
      await adminBeforePrompt(f, o.globals, desk, 'edit end users');
      o = { ...o, ...(await pickEdit(f, [
        { key: 'name', label: 'Full name' }, { key: 'newEmail', label: 'New email address' },
      ])) as Partial<UserEditOptions> };
    }
    const result = await desk.run(userEdit, { email: o.email, name: o.name, newEmail: o.newEmail });
    printAdminChange(f, o.globals, result, `Updated end user ${result.value.name} <${result.value.email}>`);
  });
}
