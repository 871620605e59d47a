import { Command } from 'commander';
import { dbPathOf, globalsOf, type Factory, type Globals } from '../../factory.js';
import { forgetLogin } from '../../logins.js';

export function newLogoutCommand(f: Factory, run = runLogout): Command {
  return new Command('logout')
    .description('forget the saved identity for this database')
    .action((_o: object, cmd: Command) => run(f, { globals: globalsOf(cmd) }));
}

export async function runLogout(f: Factory, o: { globals: Globals }): Promise<void> {
  const had = forgetLogin(f.env, dbPathOf(f, o.globals));
  f.io.err(had ? 'Logged out.\n' : 'helpdesk: warning: nobody was logged in for this database\n');
}
