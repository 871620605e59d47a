import { Command } from 'commander';
import { roleList } from '../../../desk/api/org.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { withDesk } from '../../session.js';
import { ROLE_COLUMNS } from '../../render/org.js';
import { printList } from '../org-shared.js';

export function newRoleListCommand(f: Factory, run = runRoleList): Command {
  return new Command('list')
    .alias('ls')
    .description('list the roles and their permissions')
    .action((_o: object, cmd: Command) => run(f, { globals: globalsOf(cmd) }));
}

export async function runRoleList(f: Factory, o: { globals: Globals }): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    printList(f, o.globals, await desk.run(roleList, {}), ROLE_COLUMNS, 'No roles.');
  });
}
