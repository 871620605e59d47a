import { Command } from 'commander';
import { parsePriority } from '../../../core/lifecycle.js';
import type { Priority } from '../../../core/model.js';
import { addTopic } from '../../../desk/admin-org.js';
import { globalsOf, withSession, type Factory, type Globals } from '../../factory.js';
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
  await withSession(f, o.globals, async (desk, actor) => {
    const topic = await addTopic(desk, { ...o, actor });
    printDone(f, o.globals, topic, `Added help topic ${topic.name}`);
  });
}
