import { Command } from 'commander';
import { listUsers } from '../../../desk/admin-users.js';
import { globalsOf, withSession, type Factory, type Globals } from '../../factory.js';
import { USER_COLUMNS } from '../../render/org.js';
import { printList } from '../org-shared.js';

export function newUserListCommand(f: Factory, run = runUserList): Command {
  return new Command('list')
    .alias('ls')
    .description('list end users with their number of tickets (admins)')
    .action((_o: object, cmd: Command) => run(f, { globals: globalsOf(cmd) }));
}

export async function runUserList(f: Factory, o: { globals: Globals }): Promise<void> {
  await withSession(f, o.globals, async (desk, actor) => {
    printList(f, o.globals, await listUsers(desk, actor), USER_COLUMNS, 'No end users.');
  });
}
