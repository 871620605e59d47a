import { Command } from 'commander';
import { dbPathOf, globalsOf, type Factory, type Globals } from '../../factory.js';
import { forgetLogin, savedLogin } from '../../logins.js';
import { printJson } from '../shared.js';

export function newLogoutCommand(f: Factory, run = runLogout): Command {
  return new Command('logout')
    .description('forget the saved identity for this database')
    .action((_o: object, cmd: Command) => run(f, { globals: globalsOf(cmd) }));
}

export async function runLogout(f: Factory, o: { globals: Globals }): Promise<void> {
  const database = dbPathOf(f, o.globals);
  const was = savedLogin(f.env, database);
  const had = forgetLogin(f.env, database);
  if (o.globals.json) printJson(f, { database, logged_out: was });
  f.io.err(had ? 'Logged out.\n' : 'helpdesk: warning: nobody was logged in for this database\n');
}
