import { Command } from 'commander';
import { deptAdd } from '../../../desk/api/org-admin.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { withDesk } from '../../session.js';
import { printDone } from '../org-shared.js';

export interface DeptAddOptions {
  name: string;
  sla?: string;
  globals: Globals;
}

export function newDeptAddCommand(f: Factory, run = runDeptAdd): Command {
  return new Command('add')
    .description('add a department (admins)')
    .argument('<name>', 'the department name')
    .option('--sla <plan>', "the department's default SLA plan")
    .action((name: string, o: { sla?: string }, cmd: Command) => run(f, { ...o, name, globals: globalsOf(cmd) }));
}

export async function runDeptAdd(f: Factory, o: DeptAddOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const dept = await desk.run(deptAdd, { name: o.name, sla: o.sla });
    printDone(f, o.globals, dept, `Added department ${dept.name}${dept.sla ? ` (default SLA ${dept.sla})` : ''}`,
      `helpdesk agent add <username> --name "…" --dept ${JSON.stringify(dept.name)}`);
  });
}
