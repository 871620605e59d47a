import { Command } from 'commander';
import { topicList } from '../../../desk/api/org.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { withDesk } from '../../session.js';
import { TOPIC_COLUMNS } from '../../render/org.js';
import { printList } from '../org-shared.js';

export function newTopicListCommand(f: Factory, run = runTopicList): Command {
  return new Command('list')
    .alias('ls')
    .description('list help topics with the department, priority and SLA they give')
    .action((_o: object, cmd: Command) => run(f, { globals: globalsOf(cmd) }));
}

export async function runTopicList(f: Factory, o: { globals: Globals }): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    printList(f, o.globals, await desk.run(topicList, {}), TOPIC_COLUMNS, 'No help topics.');
  });
}
