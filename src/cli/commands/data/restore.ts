import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConflictError, UsageError } from '../../../core/errors.js';
import { isPostgresUrl, redacted } from '../../../store/open.js';
import { isInitialised } from '../../../desk/init.js';
import { dbPathOf, globalsOf, identityOf, openFreshDesk, type Factory, type Globals } from '../../factory.js';
import { copyAside } from '../../replaced.js';
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
    .option('--force', 'replace the existing database (it is kept beside as <file>.replaced-<time>)')
    .action((file: string, o: { force?: boolean }, cmd: Command) => run(f, { file, force: o.force, globals: globalsOf(cmd) }));
}

export async function runRestore(f: Factory, o: RestoreOptions): Promise<void> {
  const g = o.globals;
  const src = resolve(o.file);
  const dest = dbPathOf(f, g);
  if (isPostgresUrl(dest)) {
    throw new UsageError('restore replaces a SQLite database file; a PostgreSQL desk is restored with pg_restore',
      `pg_restore --clean --dbname='${redacted(dest)}' <dump made by pg_dump --format=custom>`);
  }
  const { checkBackupFile, requireAdminOf, restoreDesk } = await import('../../../desk/maintenance.js');
  checkBackupFile(src);
  let replaced: string | null = null;
  if (existsSync(dest)) {
    if (!o.force) {
      throw new ConflictError(`refusing to overwrite the database ${dest}`, 'pass --force to replace it with the backup (the current one is kept beside it as <file>.replaced-<time>)');
    }
    // Only an admin of the database being replaced may throw it away.
    const live = openFreshDesk(f, g, false);
    try {
      if (await isInitialised(live)) await requireAdminOf(live, identityOf(f, g, live.store.path), 'restore over the help desk');
    } finally {
      live.store.close();
    }
    // Closed (checkpointed) above, so the kept copy is the whole database as it was.
    if (src !== dest) replaced = copyAside(dest, f.now());
  }
  const report = await restoreDesk(src, dest);
  if (replaced) f.io.err(`Kept the replaced database as ${replaced}\n`);
  if (g.json) return printJson(f, { database: dest, from: src, schema_version: report.schema_version, tickets: report.counts.tickets, replaced });
  f.io.err(`Restored ${dest} from ${src} (${report.counts.tickets} tickets)\n`);
}
