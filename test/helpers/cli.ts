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

export const BIN = resolve(import.meta.dirname, '../../bin/helpdesk.js');

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
  const db = join(dir, 'helpdesk.db');
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
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
