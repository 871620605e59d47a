/**
 * Saved logins: who you are, per database file. They live outside the database
 * ($XDG_STATE_HOME/helpdesk/logins.json), keyed by the database's absolute path, so two people
 * sharing one database file never share a login.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { requireOnDemand } from './on-demand.js';
import { join } from 'node:path';

type Env = Record<string, string | undefined>;

/** node:os, loaded only when HOME is unset (it is not among the modules Node starts with). */
export function os(): typeof import('node:os') {
  return requireOnDemand('node:os') as typeof import('node:os');
}

export function stateDir(env: Env): string {
  return join(env.XDG_STATE_HOME || join(env.HOME || os().homedir(), '.local', 'state'), 'helpdesk');
}

function loginsFile(env: Env): string {
  return join(stateDir(env), 'logins.json');
}

function readAll(env: Env): Record<string, string> {
  try {
    const data = JSON.parse(readFileSync(loginsFile(env), 'utf8')) as unknown;
    return data && typeof data === 'object' ? (data as Record<string, string>) : {};
  } catch {
    return {};
  }
}

function writeAll(env: Env, logins: Record<string, string>): void {
  const dir = stateDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Write then rename, so a crash never leaves half a file.
  const tmp = join(dir, `logins.json.${process.pid}.tmp`);
  writeFileSync(tmp, `${JSON.stringify(logins, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, loginsFile(env));
}

export function savedLogin(env: Env, dbPath: string): string | null {
  return readAll(env)[dbPath] ?? null;
}

export function saveLogin(env: Env, dbPath: string, who: string): void {
  writeAll(env, { ...readAll(env), [dbPath]: who });
}

/** Forgets the login; returns whether there was one. */
export function forgetLogin(env: Env, dbPath: string): boolean {
  const all = readAll(env);
  if (!(dbPath in all)) return false;
  delete all[dbPath];
  writeAll(env, all);
  return true;
}
