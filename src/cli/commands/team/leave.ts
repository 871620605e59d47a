import { Command } from 'commander';
import { teamMember } from '../../../desk/api/org-admin.js';
import { globalsOf, type Factory } from '../../factory.js';
import { withDesk } from '../../session.js';
import { printAdminChange } from '../org-shared.js';
import type { TeamMemberOptions } from './join.js';

export function newTeamLeaveCommand(f: Factory, run = runTeamLeave): Command {
  return new Command('leave')
    .description('take an agent off a team (admins)')
    .argument('<team>', 'the team')
    .argument('<username>', 'the agent')
    .action((team: string, username: string, _o: object, cmd: Command) => run(f, { team, username, globals: globalsOf(cmd) }));
}

export async function runTeamLeave(f: Factory, o: TeamMemberOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const result = await desk.run(teamMember, { team: o.team, username: o.username, join: false });
    printAdminChange(f, o.globals, result, `${o.username.trim().toLowerCase()} left ${result.value.name}`);
  });
}
