/**
 * PostgreSQL URLs: `postgres://user:pass@host:5432/helpdesk?sslmode=require`, as libpq
 * reads them. This module loads nothing: the CLI asks `isPostgresUrl` for every command, and only a
 * PostgreSQL URL brings in the driver.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../../core/errors.js';

/** True when the --db / HELPDESK_DB value names a PostgreSQL database rather than a SQLite file. */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

export type SslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';
const SSL_MODES: readonly SslMode[] = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

/** What a connection needs, taken from the URL (and libpq's PG* variables where the URL is silent). */
export interface PgTarget {
  host: string;
  port: number;
  user: string;
  password: string | undefined;
  database: string;
  sslmode: SslMode;
  sslrootcert?: string;
  sslcert?: string;
  sslkey?: string;
  connectTimeoutS: number;
  /** postgres://user@host:port/database — how the desk is named in messages and keyed for saved logins (no password). */
  display: string;
  /** host:port (or the socket directory), for one-line errors. */
  where: string;
}

/** Reads a PostgreSQL URL; a malformed one is a usage error (exit 2) naming what is wrong. */
export function parsePgUrl(text: string, env: Record<string, string | undefined> = process.env): PgTarget {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new UsageError('the database URL is not a valid URL', 'write it as postgres://user:password@host:5432/database');
  }
  const q = u.searchParams;
  const host = q.get('host') ?? (decodeURIComponent(u.hostname).replace(/^\[(.*)\]$/, '$1') || env.PGHOST || 'localhost');
  const portText = q.get('port') ?? (u.port || env.PGPORT || '5432');
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`the database URL's port '${portText}' is not a port number`, 'write it as postgres://user:password@host:5432/database');
  const user = decodeURIComponent(u.username) || q.get('user') || env.PGUSER || osUser();
  const password = u.password ? decodeURIComponent(u.password) : (q.get('password') ?? env.PGPASSWORD);
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || q.get('dbname') || env.PGDATABASE || user;
  const mode = (q.get('sslmode') ?? env.PGSSLMODE ?? 'prefer').toLowerCase();
  if (!SSL_MODES.includes(mode as SslMode)) throw new UsageError(`sslmode '${mode}' is not one of ${SSL_MODES.join(', ')}`, 'e.g. postgres://…/helpdesk?sslmode=require');
  const timeout = Number(q.get('connect_timeout') ?? env.PGCONNECT_TIMEOUT ?? '10');
  const where = host.startsWith('/') ? `${host} (port ${port})` : `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    host, port, user, password, database, sslmode: mode as SslMode,
    sslrootcert: q.get('sslrootcert') ?? env.PGSSLROOTCERT, sslcert: q.get('sslcert') ?? env.PGSSLCERT, sslkey: q.get('sslkey') ?? env.PGSSLKEY,
    connectTimeoutS: Number.isFinite(timeout) && timeout > 0 ? timeout : 10,
    // One name per database however the URL is spelled (port or not, sslmode or not): saved logins key on it.
    display: `postgres://${encodeURIComponent(user)}@${host.startsWith('/') ? encodeURIComponent(host) : where}/${encodeURIComponent(database)}`, where,
  };
}

function osUser(): string {
  return process.env.USER ?? process.env.LOGNAME ?? 'postgres';
}

/**
 * The TLS options for node-postgres from libpq's sslmode: `disable` none; `allow`/`prefer` TLS
 * without checks, falling back to plain when the server has no TLS (the store retries); `require`
 * TLS without checking the certificate (libpq: unless a root certificate is given, then as
 * verify-ca); `verify-ca` the chain; `verify-full` the chain and the host name.
 */
export function tlsOptions(t: PgTarget): false | Record<string, unknown> {
  if (t.sslmode === 'disable') return false;
  const files: Record<string, unknown> = {};
  if (t.sslcert) files.cert = readFileSync(t.sslcert);
  if (t.sslkey) files.key = readFileSync(t.sslkey);
  const verify = t.sslmode === 'verify-ca' || t.sslmode === 'verify-full' || (t.sslmode === 'require' && t.sslrootcert !== undefined);
  if (!verify) return { ...files, rejectUnauthorized: false };
  if (t.sslrootcert) files.ca = readFileSync(t.sslrootcert);
  // verify-ca checks the chain but not that the certificate names this host.
  return t.sslmode === 'verify-full' ? { ...files, rejectUnauthorized: true } : { ...files, rejectUnauthorized: true, checkServerIdentity: () => undefined };
}

/** The URL with its password taken out, for messages and hints. */
export function redactPgUrl(text: string): string {
  try {
    const u = new URL(text);
    u.password = '';
    return u.href;
  } catch {
    return 'postgres://…';
  }
}
