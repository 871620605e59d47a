import { Command } from 'commander';
import { listTeams } from '../../../desk/admin-org.js';
import { globalsOf, withSession, type Factory, type Globals } from '../../factory.js';
import { TEAM_COLUMNS } from '../../render/org.js';
import { printList } from '../org-shared.js';

export function newTeamListCommand(f: Factory, run = runTeamList): Command {
  return new Command('list')
    .alias('ls')
    .description('list teams and their members')
    .action((_o: object, cmd: Command) => run(f, { globals: globalsOf(cmd) }));
}

export async function runTeamList(f: Factory, o: { globals: Globals }): Promise<void> {
  await withSession(f, o.globals, async (desk, actor) => {
    printList(f, o.globals, await listTeams(desk, actor), TEAM_COLUMNS, 'No teams.');
  });
}
