/**
 * PostgreSQL's and the network's failures as the errors the CLI reports: one line naming
 * the server (host:port), exit 1, and what to do. A user's mistake in the URL (a wrong password, a
 * database that does not exist) says so; anything unknown is left as it is (a bug, exit 1).
 */
import { BusyError, HelpdeskError } from '../../core/errors.js';
import { isStalePlan } from './conn.js';
import type { PgTarget } from './url.js';

interface PgFailure { code?: string; message?: string; errno?: number; severity?: string }

/**
 * Errors that mean "run the transaction again": serialization failure, deadlock, and a prepared
 * statement whose tables changed under it (conn.ts, which has already dropped its names).
 */
export function isRetryable(err: unknown): boolean {
  const code = (err as PgFailure | null)?.code;
  return code === '40001' || code === '40P01' || isStalePlan(err);
}

const NETWORK = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EADDRNOTAVAIL', 'ENOENT']);
const LOST = new Set(['ECONNRESET', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);
const TLS_TRUST = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/;

/** True when the error says the connection itself failed (not a statement). */
export function isConnectionLost(err: unknown): boolean {
  const e = err as PgFailure | null;
  if (!e) return false;
  if (e.code && (LOST.has(e.code) || NETWORK.has(e.code))) return true;
  return /Connection terminated|connection closed|Client has encountered a connection error|read ECONNRESET|not queryable/i.test(e.message ?? '');
}

/**
 * The user-facing error for a failure while talking to the server at `t`. `phase` says what was going
 * on: connecting, inside a transaction (rolled back), or committing (its outcome unknown).
 */
export function translatePgError(err: unknown, t: PgTarget, phase: 'connect' | 'transaction' | 'commit' = 'transaction'): unknown {
  if (err instanceof HelpdeskError) return err;
  const e = (err ?? {}) as PgFailure;
  const code = e.code ?? '';
  const message = e.message ?? String(err);
  const at = `the PostgreSQL server at ${t.where}`;
  const urlHint = 'check the database URL (--db / HELPDESK_DB): postgres://user:password@host:port/database';
  if (code === '28P01' || /password authentication failed|client password must be a string|SASL/i.test(message)) {
    return new HelpdeskError(`${at} refused the password of user '${t.user}'`, 1, `${urlHint} — is the user name and password right?`);
  }
  if (code === '28000') {
    const tls = /no encryption/i.test(message) ? ' (it asks for TLS: add ?sslmode=require)' : '';
    return new HelpdeskError(`${at} refused user '${t.user}' for database '${t.database}'${tls}`, 1, urlHint);
  }
  if (code === '3D000') {
    return new HelpdeskError(`database '${t.database}' does not exist on ${at}`, 1,
      `create it (createdb -h ${t.host} -p ${t.port} -U ${t.user} ${t.database}), or ${urlHint.replace(/^check/, 'fix')}`);
  }
  if (code === '55P03') return new BusyError(`${at} kept the help desk locked by another writer for too long; try again`);
  if (code === '53300' || code === '53400') return new HelpdeskError(`${at} has no free connection (${message})`, 1, 'try again later, or raise max_connections on the server');
  if (/does not support SSL/i.test(message)) {
    return new HelpdeskError(`${at} does not offer TLS, but the URL says sslmode=${t.sslmode}`, 1, 'enable ssl on the server, or use sslmode=prefer or disable');
  }
  if (TLS_TRUST.test(code)) {
    return new HelpdeskError(`the TLS certificate of ${at} is not trusted (${code})`, 1,
      'give its CA with ?sslrootcert=<file>, or use sslmode=require to encrypt without checking the certificate');
  }
  if (phase === 'connect' && (NETWORK.has(code) || /timeout|ECONNREFUSED/i.test(message))) {
    const why = code === 'ECONNREFUSED' ? 'connection refused' : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'unknown host' : /timeout/i.test(message) ? 'timed out' : code || message;
    return new HelpdeskError(`cannot reach ${at} (${why}); nothing was changed`, 1, 'check that the server is running and that the URL names its host and port');
  }
  if (isConnectionLost(err) || code === '57P01') {
    const outcome = phase === 'commit'
      ? 'the last change was being committed and may or may not have been saved, whole'
      : phase === 'connect' ? 'nothing was changed' : 'nothing was saved';
    return new HelpdeskError(`lost the connection to ${at} (${code || message}); ${outcome}`, 1, 'run the command again once the server is back');
  }
  if (code === '42501') return new HelpdeskError(`${at} denied user '${t.user}' access: ${message}`, 1, 'grant the user rights on the database (GRANT ALL ON SCHEMA public TO …), or use its owner');
  return err;
}
