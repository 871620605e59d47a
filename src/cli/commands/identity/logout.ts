import { Command } from 'commander';
import { deskNameOf, globalsOf, type Factory, type Globals } from '../../factory.js';
import { forgetLogin, savedLogin } from '../../logins.js';
import { printJson } from '../shared.js';
import { forgetServer } from '../../server-login.js';

export function newLogoutCommand(f: Factory, run = runLogout): Command {
  return new Command('logout')
    .description('forget the saved identity for this database')
    .action((_o: object, cmd: Command) => run(f, { globals: globalsOf(cmd) }));
}

export async function runLogout(f: Factory, o: { globals: Globals }): Promise<void> {
  // A saved server login is what a plain command uses (see cli/session.ts), so it goes first.
  if (o.globals.db === undefined && !f.env.HELPDESK_DB && !f.env.HELPDESK_URL && forgetServer(f.env)) {
    if (o.globals.json) printJson(f, { server: true, logged_out: true });
    return f.io.err('Logged out of the server.\n');
  }
  const database = deskNameOf(f, o.globals);
  const was = savedLogin(f.env, database);
  const had = forgetLogin(f.env, database);
  if (o.globals.json) printJson(f, { database, logged_out: was });
  f.io.err(had ? 'Logged out.\n' : 'helpdesk: warning: nobody was logged in for this database\n');
}
