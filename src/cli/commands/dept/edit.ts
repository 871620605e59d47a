import { Command } from 'commander';
import { slaList } from '../../../desk/api/org.js';
import { parseAutoAssign, type AutoAssignRule } from '../../../core/together.js';
import { deptEdit } from '../../../desk/api/org-edit.js';
import { withDesk } from '../../session.js';
import { canPrompt, globalsOf, type Factory, type Globals } from '../../factory.js';
import { adminBeforePrompt, pickEdit, printAdminChange } from '../org-shared.js';


export interface DeptEditOptions {
  dept: string;
  name?: string;
  /** false with --no-sla */
  sla?: string | false;
  /** 'off' rather than null: commander turns an option parser's null into ''. */
  autoAssign?: AutoAssignRule | 'off';
  team?: string;
  globals: Globals;
}

export function newDeptEditCommand(f: Factory, run = runDeptEdit): Command {
  return new Command('edit')
    .description('rename a department or change its default SLA (admins)')
    .argument('<dept>', 'the department')
    .option('--name <new>', 'the new name')
    .option('--sla <plan>', 'the default SLA plan for its new tickets')
    .option('--no-sla', 'no default SLA (new tickets fall back to Default SLA)')
    .option('--auto-assign <rule>', 'assign new tickets automatically: round-robin, least-open or off', (v: string) => parseAutoAssign(v) ?? 'off')
    .option('--team <t>', 'with --auto-assign: choose among this team instead of the department\'s agents')
    .action((dept: string, o: Omit<DeptEditOptions, 'dept' | 'globals'>, cmd: Command) => run(f, { ...o, dept, globals: globalsOf(cmd) }));
}

export async function runDeptEdit(f: Factory, o: DeptEditOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    if (o.name === undefined && o.sla === undefined && o.autoAssign === undefined && o.team === undefined && canPrompt(f, o.globals)) {
      await adminBeforePrompt(f, o.globals, desk, 'change departments');
      o = { ...o, ...(await pickEdit(f, [
        { key: 'name', label: 'New name' }, { key: 'sla', label: 'Default SLA plan', choices: async () => (await desk.run(slaList, {})).map((p) => p.name) },
      ])) as Partial<DeptEditOptions> };
    }
    const result = await desk.run(deptEdit, { dept: o.dept, name: o.name, sla: o.sla === false ? undefined : o.sla, clearSla: o.sla === false || undefined, autoAssign: o.autoAssign, team: o.team });
    const d = result.value;
    const auto = d.auto_assign ? `, auto-assign ${d.auto_assign}${d.auto_assign_team ? ` within ${d.auto_assign_team}` : ''}` : '';
    printAdminChange(f, o.globals, result, `Updated department ${d.name} (default SLA ${d.sla ?? 'none'}${auto})`);
  });
}
