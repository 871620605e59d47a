/**
 * Keeping the help desk safe: backups, restores and the doctor's check-up.
 */
import { HelpdeskError, UsageError } from '../core/errors.js';
import { inspectDatabase, backupDatabase, reindexDatabase, restoreDatabase, type DatabaseReport } from '../store/sqlite-admin.js';
import { openSqliteStore } from '../store/sqlite.js';
import { loadActiveActor, requireAdmin } from './actor.js';
import type { DeskContext } from './context.js';

export type { DatabaseReport };

/** Refuses anyone but an admin (exit 4). */
export async function requireAdminOf(ctx: DeskContext, who: string, what: string): Promise<void> {
  await ctx.store.read(async (tx) => requireAdmin(await loadActiveActor(tx, who), what));
}

/** A consistent, checked copy of the live database at `dest` (admins only). */
export async function backupDesk(ctx: DeskContext, who: string, dest: string): Promise<DatabaseReport> {
  await requireAdminOf(ctx, who, 'back up the help desk');
  if (dest === ctx.store.path) throw new UsageError('the backup cannot be the database itself', 'name another file');
  return backupDatabase(ctx.store, dest);
}

/** The doctor's report on a database file; nothing is created or changed. */
export function examineDatabase(path: string): DatabaseReport {
  return inspectDatabase(path, true);
}

/** Rebuilds the search index of the database at `path` from its tickets (derived data only). */
export function reindexSearch(path: string): void {
  if (!inspectDatabase(path, false).helpdesk) throw new UsageError(`${path} holds no help desk`, 'create one with: helpdesk init');
  reindexDatabase(path);
}

/** Checks that `file` is a sound help desk database this helpdesk can use; exit 2 otherwise. */
export function checkBackupFile(file: string): DatabaseReport {
  let report: DatabaseReport;
  try {
    report = inspectDatabase(file, false);
  } catch (err) {
    if (err instanceof HelpdeskError && err.code === 3) throw new HelpdeskError(`no such file: ${file}`, 3);
    if (err instanceof HelpdeskError) throw new UsageError(`${file} is not a helpdesk database (${err.message})`, 'pass a file written by helpdesk backup');
    throw err;
  }
  if (!report.helpdesk) throw new UsageError(`${file} is an SQLite database but not a help desk`, 'pass a file written by helpdesk backup');
  if (report.schema_version > report.supported_schema_version) {
    throw new UsageError(`${file} has schema version ${report.schema_version}, newer than this helpdesk understands (${report.supported_schema_version})`,
      'upgrade helpdesk (npm install -g helpdesk@latest) to restore it');
  }
  if (report.integrity.join() !== 'ok') throw new UsageError(`${file} is damaged: ${report.integrity[0]}`, 'restore another backup');
  return report;
}

/** Replaces the database at `dest` with the backup `src`, then brings its schema up to date. */
export async function restoreDesk(src: string, dest: string): Promise<DatabaseReport> {
  if (src === dest) throw new UsageError('the backup is the database itself; nothing to restore');
  await restoreDatabase(src, dest);
  openSqliteStore(dest).close(); // migrates an older backup
  return inspectDatabase(dest, false);
}
