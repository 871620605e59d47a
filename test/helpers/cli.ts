/**
 * Spawning the built binary the way a script would: a temp database, a frozen clock, no terminal.
 */
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RunOptions } from './run.js';
import { globalPgServer, PG_TEMPLATE } from './pg-server.mjs';

export const BIN = resolve(import.meta.dirname, '../../bin/helpdesk.js');

/** HELPDESK_TEST_PG=1 runs the sandboxes on PostgreSQL, a fresh database each (see pg-global-setup.ts). */
export const pgMode = (): boolean => process.env.HELPDESK_TEST_PG === '1';
const isPgUrl = (db: string) => /^postgres(ql)?:\/\//i.test(db);
const PG_QUERY = resolve(import.meta.dirname, 'pg-query.mjs');

/** Runs test/helpers/pg-query.mjs against a PostgreSQL desk and returns what it printed. */
function pgQuery(url: string, args: string[]): string {
  const r = spawnSync(process.execPath, [PG_QUERY, url, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`pg-query ${args[0]} failed: ${r.stderr}`);
  return r.stdout;
}

/**
 * How helpdesk names a sandbox's database (init and logout JSON, messages): its path, or for
 * PostgreSQL postgres://user@host:port/database — without the password.
 */
export function deskName(db: string): string {
  if (!isPgUrl(db)) return db;
  const u = new URL(db);
  return `postgres://${u.username}@${u.hostname}:${u.port || 5432}${u.pathname}`;
}

/** The database of a new sandbox: a file in it, or on PostgreSQL a new database of the test cluster. */
function sandboxDb(dir: string): string {
  if (!pgMode()) return join(dir, 'helpdesk.db');
  const server = globalPgServer();
  if (!server) throw new Error('HELPDESK_TEST_PG=1 but no PostgreSQL test cluster is running (test/helpers/pg-global-setup.ts)');
  return server.createDatabase(undefined, PG_TEMPLATE);
}

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Sandbox {
  dir: string;
  db: string;
  env: Record<string, string>;
  /** Runs helpdesk synchronously with the sandbox's env plus `env`. */
  hd(args: string[], opts?: { env?: Record<string, string>; input?: string }): Result;
  /** The same, as a child process that runs concurrently. */
  hdAsync(args: string[], opts?: { env?: Record<string, string> }): Promise<Result>;
  /** hd(...) expecting exit 0 and JSON on stdout. */
  json<T = any>(args: string[], opts?: { env?: Record<string, string>; input?: string }): T;
  /** Runs helpdesk in this process (test/helpers/run.ts) with the sandbox's env plus `env`. */
  run(args: string[], opts?: RunOptions): Promise<Result>;
  /** run(...) expecting exit 0 and JSON on stdout. */
  runJson<T = any>(args: string[], opts?: RunOptions): Promise<T>;
  cleanup(): void;
}

// Loaded on first use: tests that only spawn do not load the CLI.
const inProcess = async (args: string[], opts: RunOptions): Promise<Result> => (await import('./run.js')).run(args, opts);

export function sandbox(): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'helpdesk-test-'));
  const db = sandboxDb(dir);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_STATE_HOME: join(dir, 'state'),
    HELPDESK_DB: db,
    NO_COLOR: '1',
  };
  const hd: Sandbox['hd'] = (args, opts = {}) => {
    const r = spawnSync(process.execPath, [BIN, ...args], {
      env: { ...env, ...opts.env }, input: opts.input ?? '', encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
    });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  return {
    dir, db, env, hd,
    hdAsync: (args, opts = {}) => spawnHd(args, { ...env, ...opts.env }),
    json(args, opts) {
      const r = hd([...args, '--json'], opts);
      if (r.code !== 0) throw new Error(`helpdesk ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
      return JSON.parse(r.stdout);
    },
    run: (args, opts = {}) => inProcess(args, { ...opts, env: { ...env, ...opts.env } }),
    async runJson(args, opts = {}) {
      const r = await inProcess([...args, '--json'], { ...opts, env: { ...env, ...opts.env } });
      if (r.code !== 0) throw new Error(`helpdesk ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
      return JSON.parse(r.stdout);
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A sandbox with a lab started in it (spawned, as a person would), and its environment pinned
 * to one instant: what the interactive desk's terminal tests drive.
 */
export function labSandbox(lab: string, now: string): { s: Sandbox; env: Record<string, string> } {
  const s = sandbox();
  const r = s.hd(['lab', 'start', lab]);
  if (r.code !== 0) throw new Error(`helpdesk lab start ${lab} exited ${r.code}: ${r.stderr}`);
  return { s, env: { ...s.env, HELPDESK_NOW: now } };
}

export interface Spawned extends Result {
  /** The signal that ended it (code is then -2), or null. */
  signal: NodeJS.Signals | null;
  ms: number;
}

/**
 * Runs the binary as a child process with exactly `env`, concurrently (a server in this process keeps
 * answering meanwhile). stdin 'ignore' is /dev/null; 'open' is a pipe nobody writes to or closes, as
 * under cron or a CI step. With `killAfterMs`, SIGKILL that long after the start if still running.
 */
export function spawnHd(args: string[], env: Record<string, string>, opts: { stdin?: 'ignore' | 'open'; killAfterMs?: number } = {}): Promise<Spawned> {
  return new Promise((done) => {
    const start = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: [opts.stdin === 'open' ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    const timer = opts.killAfterMs === undefined ? null : setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      done({ code: code ?? -2, signal, stdout, stderr, ms: performance.now() - start });
    });
  });
}

/** A digest of every row of every table: equal digests mean nothing changed. */
export function dbDigest(path: string): string {
  if (isPgUrl(path)) return pgQuery(path, ['digest']);
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const hash = createHash('sha256');
    // Virtual tables (the search index) are covered by their shadow tables; WITHOUT ROWID tables
    // come back in key order.
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string; sql: string }>;
    for (const { name, sql } of tables) {
      if (/^CREATE VIRTUAL TABLE/i.test(sql)) continue;
      hash.update(name);
      const order = /WITHOUT ROWID/i.test(sql) ? '' : ' ORDER BY rowid';
      for (const row of db.prepare(`SELECT * FROM "${name}"${order}`).iterate()) hash.update(JSON.stringify(row));
    }
    return hash.digest('hex');
  } finally {
    db.close();
  }
}

/** Runs a query against the database file directly (for assertions the CLI does not expose). */
export function query<T = any>(path: string, sql: string, ...params: unknown[]): T[] {
  // On PostgreSQL the SQL is PostgreSQL's ($1 … parameters).
  if (isPgUrl(path)) return JSON.parse(pgQuery(path, ['query', sql, JSON.stringify(params)])) as T[];
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
