/**
 * Database files as files: inspecting one without changing it (doctor, restore checks),
 * copying the live database to a backup, and restoring a backup over the live database. Copies use
 * SQLite's online backup, which takes the proper locks, so other processes may keep working.
 */
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { HelpdeskError } from '../core/errors.js';
import { SCHEMA_VERSION } from './migrations.js';
import { DOCTOR_COUNTS } from './doctor-counts.js';
import { DamagedDatabaseError, openSqliteStore, translateError } from './sqlite.js';
import type { Store } from './types.js';

export interface DatabaseReport {
  path: string;
  bytes: number;
  wal_bytes: number;
  schema_version: number;
  /** The schema version this helpdesk writes. */
  supported_schema_version: number;
  sqlite_version: string;
  journal_mode: string;
  page_size: number;
  page_count: number;
  freelist_count: number;
  /** "ok", or SQLite's list of problems. */
  integrity: string[];
  /** Whether the search index matches the tickets exactly: "ok", the problem, or null when not checked. */
  search_index: string | null;
  /** True when the file holds a help desk (its tables and an organisation). */
  helpdesk: boolean;
  counts: Record<string, number | null>;
  last_ticket_number: string | null;
}


const fileSize = (path: string) => (existsSync(path) ? statSync(path).size : 0);

/**
 * Looks at a database file read-only, never migrating or creating it. `full` runs SQLite's whole
 * integrity check (which also checks the search index); otherwise the quicker quick_check.
 */
export function inspectDatabase(path: string, full: boolean): DatabaseReport {
  if (!existsSync(path)) throw new HelpdeskError(`no database at ${path}`, 3, 'create one with: helpdesk init');
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw translateError(err, path);
  }
  try {
    const pragma = (name: string) => db.pragma(name, { simple: true }) as number | string;
    const schema = pragma('user_version') as number;
    const integrity = checkIntegrity(db, full);
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table','view')").all() as Array<{ name: string }>).map((t) => t.name));
    // A damaged file is reported, not failed on: what cannot be read is shown as unknown (null).
    const counts: Record<string, number | null> = {};
    for (const [name, sql] of Object.entries(DOCTOR_COUNTS)) {
      const table = /FROM (\w+)/.exec(sql)![1]!;
      counts[name] = tables.has(table) ? orNull(() => db.prepare(sql).pluck().get() as number) : null;
    }
    const setting = (key: string) =>
      tables.has('settings') ? orNull(() => (db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined) ?? null) : null;
    const damaged = integrity.join() !== 'ok';
    return {
      path, bytes: fileSize(path), wal_bytes: fileSize(`${path}-wal`), schema_version: schema, supported_schema_version: SCHEMA_VERSION,
      sqlite_version: db.prepare('SELECT sqlite_version()').pluck().get() as string, journal_mode: String(pragma('journal_mode')),
      page_size: pragma('page_size') as number, page_count: pragma('page_count') as number, freelist_count: pragma('freelist_count') as number,
      integrity, search_index: full && !damaged && tables.has('ticket_fts') ? checkSearchIndex(path) : null, helpdesk: tables.has('tickets') && tables.has('thread_entries') && (damaged || setting('initialised_at') !== null),
      counts, last_ticket_number: setting('ticket.last_number'),
    };
  } catch (err) {
    const e = translateError(err, path);
    if (e instanceof DamagedDatabaseError) return damagedReport(db, path, (err as Error).message);
    throw e;
  } finally {
    db.close();
  }
}

/** What can be said of a file too damaged to read its tables: the header's facts and SQLite's complaint. */
function damagedReport(db: Database.Database, path: string, problem: string): DatabaseReport {
  const header = readFileHeader(path);
  const pragma = (name: string) => orNull(() => db.pragma(name, { simple: true }) as number | string);
  const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
  return {
    path, bytes: fileSize(path), wal_bytes: fileSize(`${path}-wal`), schema_version: header.readUInt32BE(60), supported_schema_version: SCHEMA_VERSION,
    sqlite_version: String(orNull(() => db.prepare('SELECT sqlite_version()').pluck().get()) ?? 'unknown'),
    journal_mode: header[18] === 2 ? 'wal' : 'delete', page_size: pageSize, page_count: header.readUInt32BE(28),
    freelist_count: Number(pragma('freelist_count') ?? 0), integrity: [problem], search_index: null, helpdesk: true, counts: {}, last_ticket_number: null,
  };
}

function readFileHeader(path: string): Buffer {
  const header = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  return header;
}

function orNull<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}

/** SQLite's own check, as lines ('ok' when sound); a file too damaged to check says so in one line. */
function checkIntegrity(db: Database.Database, full: boolean): string[] {
  try {
    return (db.pragma(full ? 'integrity_check' : 'quick_check') as Array<Record<string, string>>).map((r) => Object.values(r)[0]!);
  } catch (err) {
    return [(err as Error).message];
  }
}

/**
 * FTS5's own comparison of the search index with the tickets and threads it was built from. It is
 * an INSERT in form, so it needs a writable connection, but it changes nothing.
 */
function checkSearchIndex(path: string): string | null {
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: true, timeout: 5000 });
  } catch {
    return null;
  }
  try {
    db.exec("INSERT INTO ticket_fts(ticket_fts, rank) VALUES ('integrity-check', 1)");
    return 'ok';
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_BUSY')) return null;
    return `out of step with the tickets (${(err as Error).message})`;
  } finally {
    db.close();
  }
}

/** Rebuilds the search index from the tickets and threads, in one transaction. */
export function reindexDatabase(path: string): void {
  const store = openSqliteStore(path);
  try {
    store.db.exec('BEGIN IMMEDIATE');
    store.db.exec("INSERT INTO ticket_fts(ticket_fts) VALUES ('rebuild')");
    store.db.exec("INSERT INTO ticket_fts(ticket_fts) VALUES ('optimize')");
    store.db.exec('COMMIT');
  } catch (err) {
    if (store.db.inTransaction) store.db.exec('ROLLBACK');
    throw translateError(err, path);
  } finally {
    store.close();
  }
}

/**
 * Copies the live database to `dest` through a private temporary file next to it, checks the copy,
 * and only then moves it into place (replacing `dest` when it exists). Returns the copy's report.
 */
export async function backupDatabase(store: Store, dest: string): Promise<DatabaseReport> {
  const tmp = join(dirname(dest), `.${basename(dest)}.${process.pid}.partial`);
  removeStalePartials(dest);
  const files = () => { for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(tmp + suffix, { force: true }); };
  // Interrupted (Ctrl-C, a kill, the terminal closing): remove the partial copy, then die of the
  // same signal as we would have. A kill -9 cannot be caught: the next backup cleans up after it.
  const onSignal = (signal: NodeJS.Signals) => {
    files();
    process.kill(process.pid, signal);
  };
  for (const signal of SIGNALS) process.once(signal, onSignal);
  try {
    closeSync(openSync(tmp, 'w', 0o600)); // private from the start: it holds everything
    await store.backup(tmp);
    chmodSync(tmp, 0o600);
    const report = inspectDatabase(tmp, false);
    if (report.integrity.join() !== 'ok') throw new HelpdeskError(`the backup copy failed its integrity check: ${report.integrity[0]}`, 1);
    // A write-ahead log left beside an older `dest` (commands leave small ones) belongs to
    // that file: paired with the new copy it would be replayed into it.
    for (const suffix of ['-wal', '-shm']) rmSync(dest + suffix, { force: true });
    renameSync(tmp, dest);
    return { ...report, path: dest };
  } finally {
    for (const signal of SIGNALS) process.removeListener(signal, onSignal);
    files();
  }
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Partial copies another backup of `dest` left when it was killed (its process is gone). */
function removeStalePartials(dest: string): void {
  const prefix = `.${basename(dest)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(dest));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d+)\.partial(-wal|-shm|-journal)?$/.exec(name.slice(prefix.length));
    if (m && !isAlive(Number(m[1]))) rmSync(join(dirname(dest), name), { force: true });
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Replaces the database at `dest` with the contents of the backup `src` (already checked). The
 * copy goes through SQLite, so a process that has `dest` open sees either the old or the new
 * database, never a torn file.
 */
export async function restoreDatabase(src: string, dest: string): Promise<void> {
  if (!existsSync(dest)) {
    mkdirSync(dirname(dest), { recursive: true, mode: 0o700 });
    // A log without its database belongs to a file that is gone: never replayed into this one.
    for (const suffix of ['-wal', '-shm']) rmSync(dest + suffix, { force: true });
    closeSync(openSync(dest, 'wx', 0o600));
  }
  const db = new Database(src, { readonly: true, fileMustExist: true });
  try {
    await db.backup(dest, { progress: () => 0x7fffffff });
  } catch (err) {
    throw translateError(err, dest);
  } finally {
    db.close();
  }
}
