/**
 * Agents' passwords and logging in with one. Passwords are hashed with scrypt from
 * node:crypto (memory-hard: N=2^15, r=8 → 32 MiB per hash), so no native add-on has to build.
 * Failed logins are counted per address in the database, so several servers share the count.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { TooManyRequestsError, UnauthenticatedError } from '../../core/auth.js';
import { UsageError } from '../../core/errors.js';
import { loadActiveActor, requireAgent } from '../actor.js';
import { createToken, requireSelfOrAdmin, type TokenObject } from './tokens.js';
import { iso, type DeskContext } from '../context.js';
import { findAgent } from '../lookup.js';

/** Failed logins from one address within this window … */
export const LOGIN_WINDOW_MINUTES = 15;
/** … after which further attempts are refused (HTTP 429) until the window has moved on. */
export const LOGIN_FAILURE_LIMIT = 20;

const PARAMS = { N: 2 ** 15, r: 8, p: 1 };
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer, o: ScryptOptions): Promise<Buffer> {
  return new Promise((done, fail) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, { ...o, maxmem: 256 * o.N! * o.r! }, (err, key) => (err ? fail(err) : done(key)));
  });
}

/** `scrypt$N$r$p$salt$key`, parameters kept beside the hash so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, key] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !key) return false;
  const want = Buffer.from(key, 'base64url');
  const got = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return got.length === want.length && timingSafeEqual(got, want);
}

export function checkPasswordText(password: string): string {
  if (password.length < 8) throw new UsageError('the password is too short (at least 8 characters)');
  if (password.length > 1024) throw new UsageError('the password is too long (at most 1024 characters)');
  return password;
}

/** Sets an agent's password: admins for anyone, agents for themselves. */
export async function setPassword(ctx: DeskContext, input: { actor: string; username: string; password: string }): Promise<{ username: string }> {
  const hash = await hashPassword(checkPasswordText(input.password));
  return ctx.store.write(async (tx) => {
    const actor = await loadActiveActor(tx, input.actor);
    requireAgent(actor, 'set passwords');
    const agent = await findAgent(tx, input.username);
    requireSelfOrAdmin(actor, agent.id, 'set the password');
    await tx.auth.setPasswordHash(agent.id, hash, iso(ctx.now));
    return { username: agent.username };
  });
}

/**
 * Username + password → a new token. Every failure looks the same to the caller (unknown agent,
 * wrong password, no password set, deactivated) and counts against the address.
 */
export async function loginWithPassword(
  ctx: DeskContext, input: { username: string; password: string; address: string; name?: string },
): Promise<TokenObject & { token: string }> {
  const since = iso(new Date(ctx.now.getTime() - LOGIN_WINDOW_MINUTES * 60_000));
  const { failures, stored, active } = await ctx.store.read(async (tx) => {
    const failures = await tx.auth.loginFailuresSince(input.address, since);
    const agent = await tx.org.agentByUsername(input.username.trim());
    return { failures, stored: agent ? await tx.auth.passwordHash(agent.id) : null, active: agent?.active === 1 };
  });
  if (failures >= LOGIN_FAILURE_LIMIT) {
    throw new TooManyRequestsError('too many failed logins from this address', `wait ${LOGIN_WINDOW_MINUTES} minutes and try again`);
  }
  // Hash even when there is nothing to compare with, so timing does not tell which usernames exist.
  const ok = stored === null ? (await hashPassword(input.password), false) : await verifyPassword(input.password, stored);
  if (!ok || !active) {
    await ctx.store.write(async (tx) => {
      await tx.auth.pruneLoginFailures(iso(new Date(ctx.now.getTime() - 24 * 60 * 60_000)));
      await tx.auth.recordLoginFailure(input.address, iso(ctx.now));
    });
    throw new UnauthenticatedError('wrong username or password', 'an admin sets passwords with: helpdesk agent passwd <username>');
  }
  return createToken(ctx, { actor: input.username, name: input.name ?? 'login' });
}
