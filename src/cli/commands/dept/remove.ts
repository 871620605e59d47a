import { Command } from 'commander';
import { deptRemove } from '../../../desk/api/org-edit.js';
import { withDesk } from '../../session.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { printDone } from '../org-shared.js';

export interface DeptRemoveOptions {
  dept: string;
  globals: Globals;
}

export function newDeptRemoveCommand(f: Factory, run = runDeptRemove): Command {
  return new Command('remove')
    .alias('rm')
    .description('remove a department that holds no tickets, agents or help topics (admins)')
    .argument('<dept>', 'the department')
    .action((dept: string, _o: object, cmd: Command) => run(f, { dept, globals: globalsOf(cmd) }));
}

export async function runDeptRemove(f: Factory, o: DeptRemoveOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const dept = await desk.run(deptRemove, { dept: o.dept });
    printDone(f, o.globals, dept, `Removed department ${dept.name}`);
  });
}
