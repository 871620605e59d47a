import { Command } from 'commander';
import { listRoles } from '../../../desk/admin-org.js';
import { globalsOf, withSession, type Factory, type Globals } from '../../factory.js';
import { ROLE_COLUMNS } from '../../render/org.js';
import { printList } from '../org-shared.js';

export function newRoleListCommand(f: Factory, run = runRoleList): Command {
  return new Command('list')
    .alias('ls')
    .description('list the roles and their permissions')
    .action((_o: object, cmd: Command) => run(f, { globals: globalsOf(cmd) }));
}

export async function runRoleList(f: Factory, o: { globals: Globals }): Promise<void> {
  await withSession(f, o.globals, async (desk, actor) => {
    printList(f, o.globals, await listRoles(desk, actor), ROLE_COLUMNS, 'No roles.');
  });
}
