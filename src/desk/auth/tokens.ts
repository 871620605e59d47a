/**
 * The server's authentication: agents' passwords, personal access tokens, osTicket-style
 * API keys, and failed-login accounting. Secrets are shown once and stored hashed: tokens and keys as
 * SHA-256 (they are 256 random bits, so a fast hash suffices), passwords with scrypt (memory-hard).
 */
import { createHash, randomBytes } from 'node:crypto';
import { UnauthenticatedError, parseDurationMinutes } from '../../core/auth.js';
import { AccessDeniedError, named, NotFoundError, says, UsageError } from '../../core/errors.js';
import type { AgentActor } from '../../core/model.js';
import { loadActiveActor, requireAgent } from '../actor.js';
import { iso, type DeskContext } from '../context.js';
import { findAgent } from '../lookup.js';

/** A token as listed (never its text). */
export interface TokenObject {
  id: number; agent: string; name: string; created_at: string; expires_at: string | null; revoked_at: string | null; active: boolean;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
export const secret = (prefix: string): string => `${prefix}${randomBytes(32).toString('base64url')}`;


/** Agents act for themselves; admins for anyone. */
export function requireSelfOrAdmin(actor: AgentActor, agentId: number, what: string): void {
  if (actor.id !== agentId && !actor.isAdmin) throw new AccessDeniedError(`access denied: only admins may ${what} of another agent`);
}

function tokenObject(row: { id: number; agent: string; name: string; created_at: string; expires_at: string | null; revoked_at: string | null }, now: string): TokenObject {
  const active = row.revoked_at === null && (row.expires_at === null || row.expires_at > now);
  return { id: row.id, agent: row.agent, name: row.name, created_at: row.created_at, expires_at: row.expires_at, revoked_at: row.revoked_at, active };
}

export interface CreateTokenInput { actor: string; agent?: string; name?: string; expires?: string }

/** A new token, returned once with its text; only its hash is kept. */
export async function createToken(ctx: DeskContext, input: CreateTokenInput): Promise<TokenObject & { token: string }> {
  const minutes = input.expires === undefined ? null : parseDurationMinutes(input.expires);
  const name = (input.name ?? 'cli').trim();
  if (name === '' || name.length > 100) throw new UsageError(says`${named('name')} must be 1–100 characters`);
  return ctx.store.write(async (tx) => {
    const actor = await loadActiveActor(tx, input.actor);
    requireAgent(actor, 'create tokens');
    const agent = input.agent === undefined ? await findAgent(tx, actor.username) : await findAgent(tx, input.agent);
    requireSelfOrAdmin(actor, agent.id, 'create tokens');
    if (agent.active !== 1) throw new UsageError(`agent '${agent.username}' is deactivated`, 'reactivate the agent first');
    const token = secret('hdt_');
    const now = iso(ctx.now);
    const expiresAt = minutes === null ? null : iso(new Date(ctx.now.getTime() + minutes * 60_000));
    const id = await tx.auth.insertToken({ agentId: agent.id, name, hash: sha256(token), createdAt: now, expiresAt });
    return { ...tokenObject({ id, agent: agent.username, name, created_at: now, expires_at: expiresAt, revoked_at: null }, now), token };
  });
}

/** Admins see every token; an agent their own. */
export async function listTokens(ctx: DeskContext, input: { actor: string }): Promise<TokenObject[]> {
  return ctx.store.read(async (tx) => {
    const actor = await loadActiveActor(tx, input.actor);
    requireAgent(actor, 'list tokens');
    const rows = await tx.auth.tokens(actor.isAdmin ? undefined : actor.id);
    return rows.map((r) => tokenObject(r, iso(ctx.now)));
  });
}

export async function revokeToken(ctx: DeskContext, input: { actor: string; id: string }): Promise<TokenObject> {
  const id = parseId(input.id, 'token');
  return ctx.store.write(async (tx) => {
    const actor = await loadActiveActor(tx, input.actor);
    requireAgent(actor, 'revoke tokens');
    const row = await tx.auth.tokenById(id);
    // Another agent's token is "not found" to a non-admin: its existence is not theirs to learn.
    if (!row || (!actor.isAdmin && row.agent_id !== actor.id)) throw new NotFoundError(`no token ${input.id}`, 'see helpdesk token list');
    await tx.auth.revokeToken(id, iso(ctx.now));
    return tokenObject((await tx.auth.tokenById(id))!, iso(ctx.now));
  });
}

export function parseId(text: string, what: string): number {
  if (!/^\d{1,15}$/.test(text.trim())) throw new UsageError(`'${text}' is not a ${what} id`, `see helpdesk ${what === 'token' ? 'token' : 'apikey'} list`);
  return Number(text.trim());
}

/** Who a bearer token acts for. Unknown, revoked, expired, or a deactivated agent's: UnauthenticatedError. */
export async function authenticateToken(ctx: DeskContext, token: string): Promise<{ username: string; tokenId: number; admin: boolean }> {
  return ctx.store.read(async (tx) => {
    const row = token.startsWith('hdt_') ? await tx.auth.tokenByHash(sha256(token)) : null;
    if (!row || !tokenObject(row, iso(ctx.now)).active) throw new UnauthenticatedError('the token is not valid (unknown, revoked or expired)');
    const agent = await tx.org.agentByUsername(row.agent);
    if (!agent || agent.active !== 1) throw new UnauthenticatedError(`agent '${row.agent}' is deactivated`);
    return { username: agent.username, tokenId: row.id, admin: agent.is_admin === 1 };
  });
}
