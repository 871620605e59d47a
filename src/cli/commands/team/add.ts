import { Command } from 'commander';
import { teamAdd } from '../../../desk/api/org-admin.js';
import { parseList } from '../../../core/org.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { withDesk } from '../../session.js';
import { printDone } from '../org-shared.js';

export interface TeamAddOptions {
  name: string;
  members?: string[];
  globals: Globals;
}

export function newTeamAddCommand(f: Factory, run = runTeamAdd): Command {
  return new Command('add')
    .description('add a team, optionally with its members (admins)')
    .argument('<name>', 'the team name')
    .option('--members <a,b>', 'agent usernames, comma-separated', parseList)
    .action((name: string, o: { members?: string[] }, cmd: Command) => run(f, { ...o, name, globals: globalsOf(cmd) }));
}

export async function runTeamAdd(f: Factory, o: TeamAddOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const team = await desk.run(teamAdd, { name: o.name, members: o.members });
    printDone(f, o.globals, team, `Added team ${team.name}${team.members.length ? ` (${team.members.join(', ')})` : ''}`,
      `helpdesk team join ${JSON.stringify(team.name)} <username>`);
  });
}
