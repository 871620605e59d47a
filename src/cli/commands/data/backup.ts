import { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConflictError, UsageError } from '../../../core/errors.js';
import { isPostgresUrl, redacted } from '../../../store/open.js';
import { dbPathOf, globalsOf, withSession, type Factory, type Globals } from '../../factory.js';
import { printJson } from '../shared.js';
import { humanBytes } from './doctor.js';

export interface BackupOptions {
  file: string;
  force?: boolean;
  globals: Globals;
}

export function newBackupCommand(f: Factory, run = runBackup): Command {
  return new Command('backup')
    .description('copy the live database to a file: consistent even while others write, checked before it is kept (admins)')
    .argument('<file>', 'where to write the backup')
    .option('--force', 'replace the file if it exists')
    .action((file: string, o: { force?: boolean }, cmd: Command) => run(f, { file, force: o.force, globals: globalsOf(cmd) }));
}

export async function runBackup(f: Factory, o: BackupOptions): Promise<void> {
  const db = dbPathOf(f, o.globals);
  if (isPostgresUrl(db)) {
    // PostgreSQL's own tools copy a live database consistently (and restore it).
    throw new UsageError('backup copies a SQLite database file; a PostgreSQL desk is backed up with pg_dump',
      `pg_dump --format=custom --file=${o.file} '${redacted(db)}' (restore with pg_restore)`);
  }
  const dest = resolve(o.file);
  if (!existsSync(dirname(dest))) throw new UsageError(`no such directory: ${dirname(dest)}`, 'create it first, or pick another file');
  if (existsSync(dest)) {
    if (statSync(dest).isDirectory()) throw new UsageError(`${o.file} is a directory`, 'name a file, e.g. backups/helpdesk-2026-03-02.db');
    if (!o.force) throw new ConflictError(`${o.file} already exists`, 'pass --force to replace it, or pick another file');
  }
  await withSession(f, o.globals, async (desk, actor) => {
    const { backupDesk } = await import('../../../desk/maintenance.js');
    const report = await backupDesk(desk, actor, dest);
    if (o.globals.json) {
      return printJson(f, { file: dest, bytes: report.bytes, schema_version: report.schema_version, integrity: report.integrity.join('; '), tickets: report.counts.tickets });
    }
    f.io.err(`Backed up ${report.counts.tickets} tickets to ${dest} (${humanBytes(report.bytes)}, integrity ok)\n`);
    if (f.io.stdoutIsTTY) f.io.err(`Restore with: helpdesk restore ${o.file} --force\n`);
  });
}
