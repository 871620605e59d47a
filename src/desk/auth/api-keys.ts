/**
 * API keys for osTicket-compatible intake (`POST /api/tickets.json`): admin-managed, shown
 * once, stored as SHA-256, optionally bound to an address range as osTicket binds a key to an IP.
 */
import { UnauthenticatedError, cidrContains, parseCidr } from '../../core/auth.js';
import { named, NotFoundError, says, UsageError } from '../../core/errors.js';
import type { ApiKeyRow } from '../../store/auth/types.js';
import type { Tx } from '../../store/types.js';
import { asAdmin, readAsAdmin } from '../admin.js';
import { parseId, secret, sha256 } from './tokens.js';
import { iso, type DeskContext } from '../context.js';

export interface ApiKeyObject { id: number; name: string; ip: string | null; created_at: string; revoked_at: string | null; active: boolean }

const keyObject = (r: ApiKeyRow): ApiKeyObject => ({
  id: r.id, name: r.name, ip: r.ip_cidr, created_at: r.created_at, revoked_at: r.revoked_at, active: r.revoked_at === null,
});

export async function addApiKey(ctx: DeskContext, input: { actor: string; name?: string; ip?: string }): Promise<ApiKeyObject & { key: string }> {
  const name = (input.name ?? 'api').trim();
  if (name === '' || name.length > 100) throw new UsageError(says`${named('name')} must be 1–100 characters`);
  const ip = input.ip === undefined ? null : input.ip.trim();
  if (ip !== null) parseCidr(ip);
  return asAdmin(ctx, input.actor, 'manage API keys', async (tx) => {
    const key = secret('hdk_');
    const id = await tx.auth.insertApiKey({ name, hash: sha256(key), ipCidr: ip, createdAt: iso(ctx.now) });
    return { ...keyObject((await tx.auth.apiKeyById(id))!), key };
  });
}

export function listApiKeys(ctx: DeskContext, input: { actor: string }): Promise<ApiKeyObject[]> {
  return readAsAdmin(ctx, input.actor, 'list API keys', async (tx) => (await tx.auth.apiKeys()).map(keyObject));
}

export function revokeApiKey(ctx: DeskContext, input: { actor: string; id: string }): Promise<ApiKeyObject> {
  const id = parseId(input.id, 'API key');
  return asAdmin(ctx, input.actor, 'manage API keys', async (tx) => {
    if (!(await tx.auth.apiKeyById(id))) throw new NotFoundError(`no API key ${input.id}`, 'see helpdesk apikey list');
    await tx.auth.revokeApiKey(id, iso(ctx.now));
    return keyObject((await tx.auth.apiKeyById(id))!);
  });
}

/**
 * Checks an X-API-Key from `address`, inside the caller's transaction (the intake checks and writes
 * in one); a wrong key, a revoked one or one from outside its range: 401.
 */
export async function checkApiKey(tx: Tx, key: string, address: string): Promise<ApiKeyObject> {
  const row = key.startsWith('hdk_') ? await tx.auth.apiKeyByHash(sha256(key)) : null;
  if (!row || row.revoked_at !== null) throw new UnauthenticatedError('API key not found or revoked');
  if (row.ip_cidr !== null && !cidrContains(parseCidr(row.ip_cidr), address)) {
    throw new UnauthenticatedError('source address not authorized for this API key');
  }
  return keyObject(row);
}
