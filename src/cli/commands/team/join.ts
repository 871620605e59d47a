import { Command } from 'commander';
import { teamMember } from '../../../desk/api/org-admin.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { withDesk } from '../../session.js';
import { printAdminChange } from '../org-shared.js';

export interface TeamMemberOptions {
  team: string;
  username: string;
  globals: Globals;
}

export function newTeamJoinCommand(f: Factory, run = runTeamJoin): Command {
  return new Command('join')
    .description('add an agent to a team (admins)')
    .argument('<team>', 'the team')
    .argument('<username>', 'the agent')
    .action((team: string, username: string, _o: object, cmd: Command) => run(f, { team, username, globals: globalsOf(cmd) }));
}

export async function runTeamJoin(f: Factory, o: TeamMemberOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const result = await desk.run(teamMember, { team: o.team, username: o.username, join: true });
    printAdminChange(f, o.globals, result, `${o.username.trim().toLowerCase()} joined ${result.value.name}`);
  });
}
