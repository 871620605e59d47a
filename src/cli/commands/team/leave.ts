import { Command } from 'commander';
import { setTeamMember } from '../../../desk/admin-org.js';
import { globalsOf, withSession, type Factory } from '../../factory.js';
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
  await withSession(f, o.globals, async (desk, actor) => {
    const result = await setTeamMember(desk, actor, o.team, o.username, false);
    printAdminChange(f, o.globals, result, `${o.username.trim().toLowerCase()} left ${result.value.name}`);
  });
}
