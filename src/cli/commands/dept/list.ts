import { Command } from 'commander';
import { listDepts } from '../../../desk/admin-org.js';
import { globalsOf, withSession, type Factory, type Globals } from '../../factory.js';
import { DEPT_COLUMNS } from '../../render/org.js';
import { printList } from '../org-shared.js';

export function newDeptListCommand(f: Factory, run = runDeptList): Command {
  return new Command('list')
    .alias('ls')
    .description('list departments with their default SLA and agents')
    .action((_o: object, cmd: Command) => run(f, { globals: globalsOf(cmd) }));
}

export async function runDeptList(f: Factory, o: { globals: Globals }): Promise<void> {
  await withSession(f, o.globals, async (desk, actor) => {
    printList(f, o.globals, await listDepts(desk, actor), DEPT_COLUMNS, 'No departments.');
  });
}
