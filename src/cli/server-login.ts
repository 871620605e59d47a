/**
 * The saved server login (`helpdesk login --server <url>`): the server's address and a token, kept
 * beside the other logins in $XDG_STATE_HOME/helpdesk/server.json, mode 0600 (it is a credential).
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from './logins.js';

type Env = Record<string, string | undefined>;

export interface ServerLogin { url: string; token: string }

const file = (env: Env): string => join(stateDir(env), 'server.json');

/**
 * The server a command talks to, or null to work locally: an explicit --db or HELPDESK_DB is local;
 * else HELPDESK_URL (+ HELPDESK_TOKEN); else the saved server login.
 */
export function serverTarget(env: Env, g: { db?: string }): ServerLogin | null {
  if ((g.db !== undefined && g.db !== '') || (env.HELPDESK_DB !== undefined && env.HELPDESK_DB !== '')) return null;
  if (env.HELPDESK_URL) return { url: env.HELPDESK_URL, token: env.HELPDESK_TOKEN ?? '' };
  return savedServer(env);
}

export function savedServer(env: Env): ServerLogin | null {
  let text: string;
  try {
    text = readFileSync(file(env), 'utf8');
  } catch {
    return null; // nearly always: no server login
  }
  try {
    const data = JSON.parse(text) as Partial<ServerLogin>;
    return typeof data.url === 'string' && typeof data.token === 'string' ? { url: data.url, token: data.token } : null;
  } catch {
    return null;
  }
}

export function saveServer(env: Env, login: ServerLogin): void {
  const dir = stateDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `server.json.${process.pid}.tmp`);
  writeFileSync(tmp, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file(env));
}

export function forgetServer(env: Env): boolean {
  const had = savedServer(env) !== null;
  rmSync(file(env), { force: true });
  return had;
}
