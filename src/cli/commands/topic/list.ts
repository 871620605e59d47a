import { Command } from 'commander';
import { listTopics } from '../../../desk/admin-org.js';
import { globalsOf, withSession, type Factory, type Globals } from '../../factory.js';
import { TOPIC_COLUMNS } from '../../render/org.js';
import { printList } from '../org-shared.js';

export function newTopicListCommand(f: Factory, run = runTopicList): Command {
  return new Command('list')
    .alias('ls')
    .description('list help topics with the department, priority and SLA they give')
    .action((_o: object, cmd: Command) => run(f, { globals: globalsOf(cmd) }));
}

export async function runTopicList(f: Factory, o: { globals: Globals }): Promise<void> {
  await withSession(f, o.globals, async (desk, actor) => {
    printList(f, o.globals, await listTopics(desk, actor), TOPIC_COLUMNS, 'No help topics.');
  });
}
