/**
 * What every command is built with: IO, environment, the clock, a prompter, and the way to open the
 * help desk for the global options given. Commands ask for the slice they use.
 */
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ConflictError, HelpdeskError, UsageError } from '../core/errors.js';
import type { DeskContext } from '../desk/context.js';
import { initOrganisation, isInitialised } from '../desk/init.js';
import { isPostgresUrl, openPgStoreLazily, openStoreAt } from '../store/open.js';
import { parsePgUrl } from '../store/pg/url.js';
import { SqliteStore } from '../store/sqlite.js';
import { withWebhooks } from '../desk/webhook-events.js';
import type { IO } from './io.js';
import { os, saveLogin, savedLogin } from './logins.js';
import { serverTarget } from './server-login.js';
import type { Prompter } from './prompter.js';
import { moveAside } from './replaced.js';

export type Env = Record<string, string | undefined>;

/** The global options (CONTRACT.md, Global options and environment). */
export interface Globals {
  db?: string;
  as?: string;
  json: boolean;
  /** false with --no-input */
  input: boolean;
  /** false with --no-color */
  color: boolean;
  /** --quiet: no confirmation lines on stderr (errors and warnings still print) */
  quiet?: boolean;
  /** false with --no-pager */
  pager?: boolean;
  /** --header: a first row of field names in tab-separated output */
  header?: boolean;
}

export interface Factory {
  io: IO;
  env: Env;
  now(): Date;
  prompter: Prompter;
}

/** The global options as seen from any (sub)command. */
export function globalsOf(cmd: Command): Globals {
  const o = cmd.optsWithGlobals() as Partial<Globals>;
  return {
    db: o.db, as: o.as, json: o.json === true, input: o.input !== false, color: o.color !== false,
    quiet: o.quiet === true, pager: o.pager !== false, header: o.header === true,
  };
}

/** Prompts happen only when a person is at both ends and --no-input was not given. */
export function canPrompt(f: Pick<Factory, 'io'>, g: Globals): boolean {
  return g.input && !g.json && f.io.stdinIsTTY && f.io.stdoutIsTTY;
}

/** Color only on a TTY, without NO_COLOR, FORCE_COLOR=0 and --no-color. */
export function useColor(f: Pick<Factory, 'io' | 'env'>, g: Globals): boolean {
  return g.color && f.io.stdoutIsTTY && !f.env.NO_COLOR && f.env.FORCE_COLOR !== '0' && f.env.FORCE_COLOR !== 'false';
}

/** "Now": HELPDESK_NOW when set (tests, labs, what-ifs), else the clock. */
export function clockFrom(env: Env): () => Date {
  const frozen = env.HELPDESK_NOW;
  if (frozen === undefined || frozen === '') return () => new Date();
  const at = parseFrozenNow(frozen);
  return () => at;
}

const ISO_NOW = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * HELPDESK_NOW is an ISO 8601 date or timestamp. Without an offset it is UTC (like every time the
 * help desk records), so a frozen clock means the same instant on every machine. Calendar-invalid
 * dates and years outside 1970–9000 (whose due times would not print as ISO 8601) are refused.
 */
export function parseFrozenNow(text: string): Date {
  const refuse = (why: string) =>
    new UsageError(`HELPDESK_NOW='${text}' ${why}`, 'use ISO 8601, e.g. HELPDESK_NOW=2026-03-02T09:15:00Z');
  const m = ISO_NOW.exec(text.trim());
  if (!m) throw refuse('is not an ISO 8601 timestamp');
  const [, y, mo, d, h = '00', mi = '00', sec = '00', frac = '', zone = 'Z'] = m;
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 3 ? `${zone}:00` : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ms = frac.padEnd(3, '0').slice(0, 3);
  const at = new Date(`${y}-${mo}-${d}T${h}:${mi}:${sec}.${ms}${offset}`);
  const valid = !Number.isNaN(at.getTime()) && Number(mo) >= 1 && Number(mo) <= 12 && Number(d) <= daysIn(Number(y), Number(mo)) && Number(h) < 24;
  if (!valid) throw refuse('is not a valid date and time');
  if (at.getUTCFullYear() < 1970 || at.getUTCFullYear() > 9000) throw refuse('is outside the years 1970–9000');
  return at;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function dbPathOf(f: Pick<Factory, 'env'>, g: Globals): string {
  const given = g.db ?? f.env.HELPDESK_DB;
  // A PostgreSQL URL is not a path.
  if (given !== undefined && given !== '') return isPostgresUrl(given) ? given : resolve(given);
  const data = f.env.XDG_DATA_HOME || join(f.env.HOME || os().homedir(), '.local', 'share');
  return join(data, 'helpdesk', 'helpdesk.db');
}

/**
 * How the database is named to people and keyed for saved logins: its path, or for a PostgreSQL URL
 * postgres://user@host:port/database — never its password. The same as an open store's path.
 */
export function deskNameOf(f: Pick<Factory, 'env'>, g: Globals): string {
  const path = dbPathOf(f, g);
  return isPostgresUrl(path) ? parsePgUrl(path, f.env).display : path;
}

/** HELPDESK_BUSY_TIMEOUT_MS: whole milliseconds up to what a timer can wait (about 24 days); unset: 5 s. */
function busyTimeout(env: Env): number {
  const text = env.HELPDESK_BUSY_TIMEOUT_MS;
  if (text === undefined || text.trim() === '') return 5000;
  const ms = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || ms > 2_147_483_647) {
    throw new HelpdeskError(`HELPDESK_BUSY_TIMEOUT_MS='${text}' is not a wait in milliseconds (0 to 2147483647)`, 1,
      'set it to how long to wait for another writer, e.g. HELPDESK_BUSY_TIMEOUT_MS=5000, or unset it');
  }
  return ms === 0 ? 5000 : ms;
}

/** The OS user name, made into a valid helpdesk username. */
export function osUsername(env: Env): string {
  let name = '';
  try {
    name = os().userInfo().username;
  } catch {
    name = env.USER ?? env.LOGNAME ?? '';
  }
  const clean = name.toLowerCase().replace(/[^a-z0-9._-]/g, '').replace(/^[._-]+/, '').slice(0, 32);
  return clean || 'admin';
}

/**
 * Opens the help desk database for a command. A database that does not exist yet is created with the
 * default organisation, and its admin becomes the saved login.
 */
export async function openDesk(f: Pick<Factory, 'env' | 'now'> & { io?: Pick<IO, 'err'> }, g: Globals): Promise<DeskContext> {
  // Every change a command records queues its webhook deliveries in the same transaction.
  const store = withWebhooks(openStoreAt(dbPathOf(f, g), { busyTimeoutMs: busyTimeout(f.env), env: f.env }));
  const ctx: DeskContext = { store, now: f.now() };
  if (!(await isInitialised(ctx))) {
    try {
      const result = await initOrganisation(ctx, { admin: osUsername(f.env) });
      if (savedLogin(f.env, store.path) === null) saveLogin(f.env, store.path, result.login);
      // A newcomer's first command: say where their help desk lives and who they are in it.
      f.io?.err(`helpdesk: created a new help desk at ${store.path} (department Support, Default SLA), ` +
        `with you as its admin '${result.login}' (helpdesk whoami)\n`);
    } catch (err) {
      // Another process created it a moment ago: use theirs.
      if (!(err instanceof ConflictError)) throw err;
    }
  }
  return ctx;
}

/** Opens a brand-new database for `init`; with force, an existing file is removed first. */
/**
 * Opens the database file as it is (`replace` false), or a new one in its place: 'keep' moves the
 * old file aside as `<file>.replaced-<UTC timestamp>` (returned as `replaced`); true discards it
 * (only ever a training lab replacing another lab).
 */
export function openFreshDesk(f: Pick<Factory, 'env' | 'now'>, g: Globals, replace: boolean | 'keep'): DeskContext & { replaced: string | null } {
  const path = dbPathOf(f, g);
  if (isPostgresUrl(path)) {
    // On PostgreSQL the desk found is moved to a schema of its own (or, for a lab over a
    // lab, dropped) by the store's first transaction; `replaced` names where it was kept.
    const stamp = f.now().toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
    const store = openPgStoreLazily(path, {
      busyTimeoutMs: busyTimeout(f.env), env: f.env, replace: replace ? { mode: replace === 'keep' ? 'keep' : 'drop', stamp } : undefined,
    });
    return { store, now: f.now(), get replaced() { return store.replacedAside; } };
  }
  let replaced: string | null = null;
  if (replace === 'keep') replaced = moveAside(path, f.now());
  if (replace) for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  return { store: openStoreAt(path, { busyTimeoutMs: busyTimeout(f.env) }), now: f.now(), replaced };
}

export function databaseExists(f: Pick<Factory, 'env'>, g: Globals): boolean {
  const path = dbPathOf(f, g);
  return isPostgresUrl(path) || existsSync(path);
}

/** The acting identity: --as, then HELPDESK_AS, then the saved login for this database. */
export function identityOf(f: Pick<Factory, 'env'>, g: Globals, dbPath: string): string {
  // An empty HELPDESK_AS is unset (as an empty HELPDESK_DB is): the saved login still applies.
  const who = g.as ?? (f.env.HELPDESK_AS || undefined) ?? savedLogin(f.env, dbPath);
  if (who === null || who === undefined || who.trim() === '') {
    throw new UsageError('who are you? no identity is set for this database', 'run: helpdesk login <username|email>, or pass --as <who>');
  }
  return who;
}

/**
 * With a server configured, a command the server does not offer must not quietly work on a
 * local database instead (the commands it offers go through cli/session.ts first).
 */
export function refuseOnServer(f: Pick<Factory, 'env'>, g: Globals): void {
  const server = serverTarget(f.env, g);
  if (server !== null) {
    throw new UsageError(`this command does not run on a server (${server.url})`, 'run it on the server\'s machine with --db <path>, or helpdesk logout to work locally');
  }
}

/** Opens the desk and resolves who is acting: what nearly every command starts with. */
export async function openSession(f: Pick<Factory, 'env' | 'now'> & { io?: Pick<IO, 'err'> }, g: Globals): Promise<{ desk: DeskContext; actor: string }> {
  refuseOnServer(f, g);
  const desk = await openDesk(f, g);
  return { desk, actor: identityOf(f, g, desk.store.path) };
}

/**
 * Runs fn with an open session and always releases the database afterwards (closed, or left to
 * the process's end when its write-ahead log is small: SqliteStore.release).
 */
export async function withSession<T>(
  f: Pick<Factory, 'env' | 'now'> & { io?: Pick<IO, 'err'> }, g: Globals, fn: (desk: DeskContext, actor: string) => Promise<T>,
): Promise<T> {
  const { desk, actor } = await openSession(f, g);
  try {
    return await fn(desk, actor);
  } finally {
    if (desk.store instanceof SqliteStore) desk.store.release();
    else desk.store.close();
  }
}
