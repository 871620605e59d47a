import { Command } from 'commander';
import { addDept } from '../../../desk/admin-org.js';
import { globalsOf, withSession, type Factory, type Globals } from '../../factory.js';
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
  await withSession(f, o.globals, async (desk, actor) => {
    const dept = await addDept(desk, actor, o.name, o.sla);
    printDone(f, o.globals, dept, `Added department ${dept.name}${dept.sla ? ` (default SLA ${dept.sla})` : ''}`,
      `helpdesk agent add <username> --name "…" --dept ${JSON.stringify(dept.name)}`);
  });
}
