import { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { ConflictError, UsageError } from '../../core/errors.js';
import { parseUsername } from '../../core/lifecycle.js';
import { initOrganisation } from '../../desk/init.js';
import { isPostgresUrl } from '../../store/open.js';
import { ForeignDatabaseError } from '../../store/sqlite.js';
import { dbPathOf, globalsOf, openFreshDesk, osUsername, type Factory, type Globals } from '../factory.js';
import { saveLogin } from '../logins.js';
import { printJson } from './shared.js';

export interface InitOptions {
  sample?: string;
  admin?: string;
  force?: boolean;
  globals: Globals;
}

export function newInitCommand(f: Factory, run = runInit): Command {
  return new Command('init')
    .description('create the help desk database with the default organisation (or the training one)')
    .option('--sample <name>', 'lab: the training organisation of the lab walkthroughs')
    .option('--admin <username>', 'username of the first admin (default: your OS user name)')
    .option('--force', 'start over: move an existing database aside (kept as <file>.replaced-<time>) first')
    .action((o: Omit<InitOptions, 'globals'>, cmd: Command) => run(f, { ...o, globals: globalsOf(cmd) }));
}

/**
 * Opens the file init writes to. An existing file that is not a helpdesk database (another
 * program's SQLite file, or not SQLite at all) is an existing non-empty database: refused (exit 5)
 * unless --force replaces it.
 */
function openForInit(f: Factory, g: Globals, force: boolean): ReturnType<typeof openFreshDesk> {
  const path = dbPathOf(f, g);
  const nonEmpty = existsSync(path) && statSync(path).size > 0;
  try {
    return openFreshDesk(f, g, force ? 'keep' : false);
  } catch (err) {
    if (!(err instanceof ForeignDatabaseError) || !nonEmpty) throw err;
    throw new ConflictError(`${path} exists and is not a helpdesk database`, 'pass --force to replace it (everything in it is lost), or --db <path> for a new file');
  }
}

export async function runInit(f: Factory, o: InitOptions): Promise<void> {
  if (o.sample !== undefined && o.sample.toLowerCase() !== 'lab') {
    throw new UsageError(`unknown sample '${o.sample}'`, 'the only sample is: lab (helpdesk init --sample lab)');
  }
  // Checked before the file is created or replaced: a typo must not leave a half-made database behind.
  const admin = parseUsername(o.admin ?? osUsername(f.env));
  const desk = openForInit(f, o.globals, o.force === true);
  try {
    const result = await initOrganisation(desk, { sample: o.sample ? 'lab' : undefined, admin }).catch((err: unknown) => {
      // A PostgreSQL database is looked at by its first transaction, not when it is opened.
      if (err instanceof ForeignDatabaseError && isPostgresUrl(desk.store.path)) {
        throw new ConflictError(`${desk.store.path} holds tables of another application`, 'pass --force to move them aside (kept in a schema of their own), or --db <url> of an empty database');
      }
      throw err;
    });
    saveLogin(f.env, desk.store.path, result.login);
    // --force replaces a whole help desk: say so, on stderr, even to a script, and where the old one is kept.
    if (desk.replaced) f.io.err(`helpdesk: warning: --force replaced the help desk that was at ${desk.store.path}
Kept the replaced database as ${desk.replaced}
`);
    if (o.globals.json) {
      return printJson(f, { database: desk.store.path, organisation: result.organisation, login: result.login, replaced: desk.replaced });
    }
    const what = result.organisation === 'lab' ? 'the training organisation' : 'the default organisation';
    f.io.err(`Created ${desk.store.path} with ${what}; logged in as ${result.login}.\n`);
    if (f.io.stdoutIsTTY) {
      f.io.err(result.organisation === 'lab'
        ? 'Next: helpdesk switch (pick who to be), then helpdesk ticket list\n'
        : 'Next: helpdesk ticket create --user someone@example.com --subject "…" --body "…"\n');
    }
  } finally {
    desk.store.close();
  }
}
