import { Command } from 'commander';
import { topicAdd } from '../../../desk/api/org-admin.js';
import { parsePriority } from '../../../core/lifecycle.js';
import type { Priority } from '../../../core/model.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { withDesk } from '../../session.js';
import { printDone } from '../org-shared.js';

export interface TopicAddOptions {
  name: string;
  dept?: string;
  priority?: Priority;
  sla?: string;
  globals: Globals;
}

export function newTopicAddCommand(f: Factory, run = runTopicAdd): Command {
  return new Command('add')
    .description('add a help topic: the department, priority and SLA it gives new tickets (admins)')
    .argument('<name>', 'the help topic')
    .option('--dept <d>', 'department for its tickets (default: the default department)')
    .option('--priority <p>', 'low, normal, high or emergency', parsePriority)
    .option('--sla <plan>', 'SLA plan for its tickets')
    .action((name: string, o: Omit<TopicAddOptions, 'name' | 'globals'>, cmd: Command) => run(f, { ...o, name, globals: globalsOf(cmd) }));
}

export async function runTopicAdd(f: Factory, o: TopicAddOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const topic = await desk.run(topicAdd, o);
    printDone(f, o.globals, topic, `Added help topic ${topic.name}`);
  });
}
