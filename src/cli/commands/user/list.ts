import { Command } from 'commander';
import { userList } from '../../../desk/api/org.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { withDesk } from '../../session.js';
import { USER_COLUMNS } from '../../render/org.js';
import { printList } from '../org-shared.js';

export function newUserListCommand(f: Factory, run = runUserList): Command {
  return new Command('list')
    .alias('ls')
    .description('list end users with their number of tickets (admins)')
    .action((_o: object, cmd: Command) => run(f, { globals: globalsOf(cmd) }));
}

export async function runUserList(f: Factory, o: { globals: Globals }): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    printList(f, o.globals, await desk.run(userList, {}), USER_COLUMNS, 'No end users.');
  });
}
