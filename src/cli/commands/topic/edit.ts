import { Command } from 'commander';
import { deptList, slaList } from '../../../desk/api/org.js';
import { parsePriority } from '../../../core/lifecycle.js';
import { PRIORITIES, type Priority } from '../../../core/model.js';
import { topicEdit } from '../../../desk/api/org-edit.js';
import { withDesk } from '../../session.js';
import { canPrompt, globalsOf, type Factory, type Globals } from '../../factory.js';
import { adminBeforePrompt, pickEdit, printAdminChange } from '../org-shared.js';


export interface TopicEditOptions {
  topic: string;
  name?: string;
  dept?: string;
  priority?: Priority;
  sla?: string;
  globals: Globals;
}

export function newTopicEditCommand(f: Factory, run = runTopicEdit): Command {
  return new Command('edit')
    .description('rename a help topic or change what it gives new tickets (admins)')
    .argument('<topic>', 'the help topic')
    .option('--name <new>', 'the new name')
    .option('--dept <d>', 'department for its tickets')
    .option('--priority <p>', 'low, normal, high or emergency', parsePriority)
    .option('--sla <plan>', 'SLA plan for its tickets')
    .action((topic: string, o: Omit<TopicEditOptions, 'topic' | 'globals'>, cmd: Command) => run(f, { ...o, topic, globals: globalsOf(cmd) }));
}

export async function runTopicEdit(f: Factory, o: TopicEditOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    if (o.name === undefined && o.dept === undefined && o.priority === undefined && o.sla === undefined && canPrompt(f, o.globals)) {
      await adminBeforePrompt(f, o.globals, desk, 'edit help topics');
      o = { ...o, ...(await pickEdit(f, [
        { key: 'name', label: 'New name' }, { key: 'dept', label: 'Department', choices: async () => (await desk.run(deptList, {})).map((d) => d.name) },
        { key: 'priority', label: 'Priority', choices: async () => [...PRIORITIES] }, { key: 'sla', label: 'SLA plan', choices: async () => (await desk.run(slaList, {})).map((p) => p.name) },
      ])) as Partial<TopicEditOptions> };
    }
    const result = await desk.run(topicEdit, { topic: o.topic, name: o.name, dept: o.dept, priority: o.priority, sla: o.sla });
    printAdminChange(f, o.globals, result, `Updated help topic ${result.value.name}`);
  });
}
