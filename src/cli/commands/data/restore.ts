import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConflictError } from '../../../core/errors.js';
import { isInitialised } from '../../../desk/init.js';
import { dbPathOf, globalsOf, identityOf, openFreshDesk, type Factory, type Globals } from '../../factory.js';
import { printJson } from '../shared.js';

export interface RestoreOptions {
  file: string;
  force?: boolean;
  globals: Globals;
}

export function newRestoreCommand(f: Factory, run = runRestore): Command {
  return new Command('restore')
    .description('replace the database with a backup (checked first); an existing database needs --force and an admin')
    .argument('<file>', 'a file written by helpdesk backup')
    .option('--force', 'replace the existing database (everything in it now is lost)')
    .action((file: string, o: { force?: boolean }, cmd: Command) => run(f, { file, force: o.force, globals: globalsOf(cmd) }));
}

export async function runRestore(f: Factory, o: RestoreOptions): Promise<void> {
  const g = o.globals;
  const src = resolve(o.file);
  const dest = dbPathOf(f, g);
  const { checkBackupFile, requireAdminOf, restoreDesk } = await import('../../../desk/maintenance.js');
  checkBackupFile(src);
  if (existsSync(dest)) {
    if (!o.force) {
      throw new ConflictError(`refusing to overwrite the database ${dest}`, 'pass --force to replace it with the backup (take a backup of it first: helpdesk backup <file>)');
    }
    // Only an admin of the database being replaced may throw it away.
    const live = openFreshDesk(f, g, false);
    try {
      if (await isInitialised(live)) await requireAdminOf(live, identityOf(f, g, live.store.path), 'restore over the help desk');
    } finally {
      live.store.close();
    }
  }
  const report = await restoreDesk(src, dest);
  if (g.json) return printJson(f, { database: dest, from: src, schema_version: report.schema_version, tickets: report.counts.tickets });
  f.io.err(`Restored ${dest} from ${src} (${report.counts.tickets} tickets)\n`);
}
