import { Command } from 'commander';
import { teamList } from '../../../desk/api/org.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { withDesk } from '../../session.js';
import { TEAM_COLUMNS } from '../../render/org.js';
import { printList } from '../org-shared.js';

export function newTeamListCommand(f: Factory, run = runTeamList): Command {
  return new Command('list')
    .alias('ls')
    .description('list teams and their members')
    .action((_o: object, cmd: Command) => run(f, { globals: globalsOf(cmd) }));
}

export async function runTeamList(f: Factory, o: { globals: Globals }): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    printList(f, o.globals, await desk.run(teamList, {}), TEAM_COLUMNS, 'No teams.');
  });
}
