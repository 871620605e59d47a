import { Command } from 'commander';
import { deptList } from '../../../desk/api/org.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { withDesk } from '../../session.js';
import { DEPT_COLUMNS } from '../../render/org.js';
import { printList } from '../org-shared.js';

export function newDeptListCommand(f: Factory, run = runDeptList): Command {
  return new Command('list')
    .alias('ls')
    .description('list departments with their default SLA and agents')
    .action((_o: object, cmd: Command) => run(f, { globals: globalsOf(cmd) }));
}

export async function runDeptList(f: Factory, o: { globals: Globals }): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    printList(f, o.globals, await desk.run(deptList, {}), DEPT_COLUMNS, 'No departments.');
  });
}
