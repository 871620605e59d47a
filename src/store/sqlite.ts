/**
 * Opening the SQLite database: file mode, pragmas, migrations, and the transaction wrapper. With
 * sqlite-admin.ts and the domains' sqlite.ts files, the only modules that touch better-sqlite3.
 */
import Database from 'better-sqlite3';
import { accessSync, chmodSync, closeSync, constants, existsSync, mkdirSync, openSync, readSync, statSync, statfsSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BusyError, HelpdeskError } from '../core/errors.js';
import { retryWhileBusy } from './busy-retry.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
import { SqliteTx } from './sqlite-tx.js';
import { addTime, timeMark } from './timings.js';
import { closeOpenStores, registerOpenStore, unregisterOpenStore } from './open-stores.js';
import type { Store, Tx } from './types.js';
import { WalSync } from './wal-sync.js';

export interface OpenOptions {
  /** Milliseconds a command waits for another writer before giving up (busy timeout). */
  busyTimeoutMs?: number;
}

/** Opens (creating when missing, mode 0600) and migrates the database at `file`. */
export function openSqliteStore(file: string, options: OpenOptions = {}): SqliteStore {
  const started = timeMark();
  const path = file === ':memory:' ? file : resolve(file);
  let found: Stats | undefined;
  if (path !== ':memory:') {
    found = createPrivateFile(path);
    const damage = headerDamage(path);
    if (damage) throw new DamagedDatabaseError(path, damage);
  }
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: options.busyTimeoutMs ?? 5000 });
  } catch (err) {
    throw translateError(err, path);
  }
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    // Before anything is written (even the switch to WAL): is this file ours?
    refuseForeign(db, path, version);
    // One statement for the three (each pragma() call is a statement to prepare, at every start).
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON');
    migrate(db, path, version);
    if (found) tighten(path, found);
  } catch (err) {
    db.close();
    throw translateError(err, path);
  }
  addTime('open', started);
  return new SqliteStore(db, path, options.busyTimeoutMs ?? 5000);
}

/** Creates the file with mode 0600 (and its directory 0700) if it does not exist yet; returns what was there. */
function createPrivateFile(path: string): Stats | undefined {
  const st = statSync(path, { throwIfNoEntry: false });
  if (st) {
    // nearly always: one stat instead of three system calls
    if (st.isDirectory()) throw new HelpdeskError(`${path} is a folder, not a database file`, 1, `pass a file in it: --db ${path}/helpdesk.db`);
    return st;
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

/**
 * A helpdesk database found readable by others (made by an older version, copied with cp, a umask of
 * 022) holds every ticket: it is made private (0600), and so are its journal files. Not ours to
 * change (another owner): left as it is.
 */
function tighten(path: string, st: Stats): void {
  if ((st.mode & 0o077) === 0) return;
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      chmodSync(file, 0o600);
    } catch {
      // Someone else's file, or no journal file: nothing to do.
    }
  }
}

/**
 * The file is a database but not ours (or not a database at all): commands refuse it instead of
 * writing into it, and `init`/`lab start` need --force to replace it.
 */
export class ForeignDatabaseError extends HelpdeskError {
  constructor(path: string) {
    super(`${path} is not a helpdesk database`, 1, 'pass --db <path> to a helpdesk database, or a new path to create one');
  }
}

/** A database file that is damaged (truncated, malformed pages): reported, never written to. */
export class DamagedDatabaseError extends HelpdeskError {
  constructor(path: string, what: string) {
    super(`the database ${path} is damaged (${what}); nothing was changed`, 1,
      'see what is wrong: helpdesk doctor; then restore a backup: helpdesk restore <backup> --force');
  }
}

/** Tables every helpdesk schema has had since version 1. */
const OUR_TABLES = ['settings', 'tickets', 'thread_entries'];

/**
 * Some other program's database is never written into (not even WAL mode): schema version 0 with
 * tables in it, or any other version without the tables a helpdesk database has had from the start
 * (another application's file may well use user_version too).
 */
function refuseForeign(db: Database.Database, path: string, version: number): void {
  const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[]);
  if (version === 0 ? names.length > 0 : !OUR_TABLES.every((t) => names.includes(t))) throw new ForeignDatabaseError(path);
}

/**
 * What the SQLite header says is wrong with the file, before SQLite is let near it: shorter than its
 * header says (a truncated copy), or not a whole number of pages. Only when no write-ahead log holds
 * pages the file does not have yet. Null when the file looks whole (or is not SQLite: SQLite says so).
 */
function headerDamage(path: string): string | null {
  const size = statSync(path).size;
  if (size === 0) return null;
  const header = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  let n: number;
  try {
    n = readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (header.subarray(0, 16).toString('latin1') !== 'SQLite format 3\0') return null;
  if (n < 100) return 'the file is cut short inside its header';
  // Another connection may be checkpointing this very moment (the header can run ahead of the file
  // while pages are written): with a write-ahead log or its index present, SQLite is the judge.
  if (existsSync(`${path}-wal`) || existsSync(`${path}-shm`)) return null;
  const raw = header.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  const pages = header.readUInt32BE(28);
  const counted = header.readUInt32BE(92) === header.readUInt32BE(24);
  if (size % pageSize !== 0) return `the file is cut short: ${size} bytes is not a whole number of ${pageSize}-byte pages`;
  if (counted && pages > 0 && size < pages * pageSize) return `the file is cut short: ${size / pageSize} of its ${pages} pages`;
  return null;
}

function migrate(db: Database.Database, path: string, current: number): void {
  if (current > SCHEMA_VERSION) {
    throw new HelpdeskError(
      `the database ${path} has schema version ${current}, newer than this helpdesk understands (${SCHEMA_VERSION})`,
      1,
      'upgrade helpdesk (npm install -g helpdesk@latest) before using this database',
    );
  }
  if (current === SCHEMA_VERSION) return;
  for (const step of MIGRATIONS) {
    // Re-read inside the lock: another process may have migrated while we waited.
    db.exec('BEGIN IMMEDIATE');
    try {
      const now = db.pragma('user_version', { simple: true }) as number;
      if (now < step.version) {
        db.exec(step.sql);
        db.pragma(`user_version = ${step.version}`);
      }
      db.exec('COMMIT');
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    }
  }
}

/** The size of the database's write-ahead log; 0 when there is none. */
function walBytes(path: string): number {
  return statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0;
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? '';
  return code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_');
}

/** Turns SQLite's failures into the errors the CLI knows how to report. */
export function translateError(err: unknown, path = ''): unknown {
  if (err instanceof HelpdeskError) return err;
  const code = (err as { code?: string }).code ?? '';
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED') return new BusyError();
  if (code === 'SQLITE_NOTADB') return new ForeignDatabaseError(path);
  if (code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_')) {
    return new DamagedDatabaseError(path, (err as Error).message || 'malformed');
  }
  if (code === 'SQLITE_CANTOPEN') return new HelpdeskError(`cannot open the database ${path}: ${whyNotWritable(path) ?? 'it cannot be opened'}`, 1, 'check that the file and its folder exist and are writable, or pass another --db');
  if (code.startsWith('SQLITE_READONLY')) {
    return new HelpdeskError(`cannot write the database ${path}: ${whyNotWritable(path) ?? 'it is read-only'}; nothing was saved`, 1, 'make the file and its folder writable, or pass another --db');
  }
  if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_WRITE' && diskFull(path)) {
    return new HelpdeskError(`the disk holding ${path} is full; nothing was saved`, 1, 'free some space, then run the command again');
  }
  if (code.startsWith('SQLITE_IOERR')) return new HelpdeskError(`input/output error on the database ${path} (${code}); nothing was saved`, 1, 'check the disk, then: helpdesk doctor');
  return err;
}

/** Why SQLite may not write at `path` (it says only CANTOPEN or READONLY): the file's or its folder's fault. */
function whyNotWritable(path: string): string | null {
  try {
    if (existsSync(path) && statSync(path).isDirectory()) return 'it is a folder, not a file';
  } catch {
    return null;
  }
  for (const [target, what] of [[path, 'the file'], [dirname(path), 'its folder']] as const) {
    if (!existsSync(target)) continue;
    try {
      accessSync(target, constants.W_OK);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return code === 'EROFS' ? `${what} is on a read-only file system` : `${what} is read-only (${code ?? 'no write permission'})`;
    }
  }
  return null;
}

/** SQLite reports a full disk on some writes as an I/O error: ask the file system. */
function diskFull(path: string): boolean {
  try {
    const s = statfsSync(dirname(path));
    return s.bavail === 0 || s.bfree === 0;
  } catch {
    return false;
  }
}

/**
 * A write-ahead log up to this size is left beside the database when a command ends:
 * the next command to open the database reads it back, and the first command that ends with more
 * than this folds it into the database file.
 */
export const LEAVE_WAL_BYTES = 1 << 20;

/** Set by the CLI's main(): this process ends when its command does (see SqliteStore.release). */
let processEndsWithCommand = false;
/**
 * Databases released to the process's end. Held here because a connection that is garbage
 * collected is closed (and checkpointed) by better-sqlite3.
 */
const leftToExit = new Set<SqliteStore>();

/**
 * The CLI's process ends when its command does: from now on a command's database whose
 * write-ahead log is small is released to the process's end instead of closed (release()).
 */
export function endProcessWithCommand(): void {
  processEndsWithCommand = true;
}

/**
 * Closes every database still open. The CLI calls it before it exits: closing is when SQLite folds
 * the write-ahead log back into the database file, and a process that ends with process.exit()
 * skips better-sqlite3's own closing at exit. Databases released to the process's end stay so.
 */
export function closeAllStores(): void {
  // PostgreSQL stores register there too.
  closeOpenStores();
}

export class SqliteStore implements Store {
  private readonly tx: SqliteTx;
  private active = false;
  /** BEGIN, COMMIT and the savepoints, prepared once: exec() parses its SQL again every time. */
  private readonly control = new Map<string, Database.Statement>();
  private noWait?: Database.Statement;
  private wait?: Database.Statement;
  private walSync: WalSync | null = null;

  constructor(readonly db: Database.Database, readonly path: string, private readonly busyTimeoutMs = 5000) {
    this.tx = new SqliteTx(db);
    registerOpenStore(this);
  }

  async write<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const result = await this.run('BEGIN IMMEDIATE', fn);
    if (this.walSync) await this.walSync.sync();
    return result;
  }

  /**
   * The server: commits stop syncing the write-ahead log themselves (synchronous=NORMAL)
   * and durable() syncs it on another thread (wal-sync.ts). write() waits for that; writeEach()
   * does not, so that the next group can commit meanwhile: its caller awaits durable() before
   * telling anyone their write is done.
   */
  syncInBackground(): void {
    if (this.path === ':memory:' || this.walSync) return;
    this.db.exec('PRAGMA synchronous = NORMAL');
    this.walSync = new WalSync(`${this.path}-wal`);
  }

  /** Resolves once every commit made so far is on disk (at once, unless syncInBackground()). */
  durable(): Promise<void> {
    return this.walSync ? this.walSync.sync() : Promise.resolve();
  }

  read<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.run('BEGIN', fn);
  }

  private async run<T>(begin: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
    if (this.active) throw new Error('nested store transaction');
    this.active = true;
    try {
      if (begin === 'BEGIN IMMEDIATE') this.beginWrite();
      else this.statement(begin).run();
      const result = await fn(this.tx);
      const committing = timeMark();
      this.statement('COMMIT').run();
      addTime('commit', committing);
      return result;
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw translateError(err, this.path);
    } finally {
      this.active = false;
    }
  }

  private statement(sql: string): Database.Statement {
    let s = this.control.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.control.set(sql, s);
    }
    return s;
  }

  /**
   * Group commit (the server): every fn in ONE write transaction, each inside its own
   * savepoint, so a unit that throws is rolled back alone while the others commit together — one
   * commit, one fsync of the WAL, for all of them. Each result is settled once that commit is
   * durable — or, after syncInBackground(), once it is committed: the caller then awaits durable().
   * An error that ends the whole transaction (a full disk) fails every unit.
   */
  async writeEach<T>(fns: ReadonlyArray<(tx: Tx) => Promise<T>>): Promise<Array<PromiseSettledResult<T>>> {
    return this.run('BEGIN IMMEDIATE', async (tx) => {
      const out: Array<PromiseSettledResult<T>> = [];
      const savepoint = this.statement('SAVEPOINT unit');
      const release = this.statement('RELEASE unit');
      for (const fn of fns) {
        savepoint.run();
        try {
          const value = await fn(tx);
          release.run();
          out.push({ status: 'fulfilled', value });
        } catch (err) {
          if (!this.db.inTransaction) throw err;
          this.db.exec('ROLLBACK TO unit');
          release.run();
          out.push({ status: 'rejected', reason: translateError(err, this.path) });
        }
      }
      return out;
    });
  }

  /**
   * BEGIN IMMEDIATE with a fair wait for another writer (busy-retry.ts): each try fails at once
   * while the lock is held (busy_timeout 0 for it), and the sleeps between tries are short and random.
   */
  private beginWrite(): void {
    this.noWait ??= this.db.prepare('PRAGMA busy_timeout = 0');
    this.wait ??= this.db.prepare(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(this.busyTimeoutMs))}`);
    this.noWait.get();
    let busy: unknown = null;
    try {
      const begun = retryWhileBusy(() => {
        try {
          this.statement('BEGIN IMMEDIATE').run();
          return true;
        } catch (err) {
          if (!isBusy(err)) throw err;
          busy = err;
          return false;
        }
      }, this.busyTimeoutMs);
      if (!begun) throw busy;
    } finally {
      // Everything else (a read during a checkpoint, the checkpoint at close) keeps SQLite's handler.
      this.wait.get();
    }
  }

  /**
   * The command is done with the database. In a process that ends with its command (the CLI), a
   * database whose write-ahead log is small is left open for the process's end, so that its end
   * releases it without the checkpoint SQLite runs when the last connection closes: its two
   * fsyncs, a write of every changed page into the database file, and the next command's sync of
   * a new log's header — a create went from five fsyncs to two. Nothing is at risk: each commit is already on disk in the WAL
   * (synchronous=FULL), every later connection reads it from there, and backups and exports go
   * through SQLite. A larger log is checkpointed and removed at close, as before. Anywhere else
   * (tests, the server) this is close().
   */
  release(): void {
    const deciding = timeMark();
    if (processEndsWithCommand && this.path !== ':memory:' && this.db.open && !this.db.inTransaction && walBytes(this.path) <= LEAVE_WAL_BYTES) {
      unregisterOpenStore(this);
      leftToExit.add(this);
      addTime('close', deciding);
      return;
    }
    this.close();
  }

  close(): void {
    this.walSync?.close();
    unregisterOpenStore(this);
    leftToExit.delete(this);
    const closing = timeMark();
    if (this.db.open) this.db.close();
    addTime('close', closing);
  }

  async backup(file: string): Promise<void> {
    try {
      // The first step only sizes the copy; returning a huge page count makes the next step copy
      // everything at once, under one read snapshot, so writers elsewhere cannot make it restart.
      await this.db.backup(file, { progress: () => 0x7fffffff });
    } catch (err) {
      throw translateError(err, this.path);
    }
  }
}
