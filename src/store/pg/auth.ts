/**
 * PostgreSQL queries of the server's authentication (from sqlite-auth.ts). Failed logins
 * are rows, so several servers on one desk count them together.
 */
import type { ApiKeyRow, AuthTx, TokenRow } from '../auth/types.js';
import type { PgConn } from './conn.js';

const TOKEN_SELECT = 'SELECT t.id, t.agent_id, a.username AS agent, t.name, t.created_at, t.expires_at, t.revoked_at FROM api_tokens t JOIN agents a ON a.id = t.agent_id';
const KEY_SELECT = 'SELECT id, name, ip_cidr, created_at, revoked_at FROM api_keys';

export class PgAuth implements AuthTx {
  constructor(private readonly c: PgConn) {}

  async passwordHash(agentId: number) {
    return (await this.c.one<{ hash: string }>('SELECT hash FROM agent_passwords WHERE agent_id = $1', [agentId]))?.hash ?? null;
  }
  async setPasswordHash(agentId: number, hash: string, at: string) {
    await this.c.run(`INSERT INTO agent_passwords(agent_id, hash, updated_at) VALUES ($1, $2, $3)
      ON CONFLICT (agent_id) DO UPDATE SET hash = excluded.hash, updated_at = excluded.updated_at`, [agentId, hash, at]);
  }
  async insertToken(t: { agentId: number; name: string; hash: string; createdAt: string; expiresAt: string | null }) {
    return this.c.insert('INSERT INTO api_tokens(agent_id, name, hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [t.agentId, t.name, t.hash, t.createdAt, t.expiresAt]);
  }
  async tokenByHash(hash: string) {
    return this.c.one<TokenRow>(`${TOKEN_SELECT} WHERE t.hash = $1`, [hash]);
  }
  async tokenById(id: number) {
    return this.c.one<TokenRow>(`${TOKEN_SELECT} WHERE t.id = $1`, [id]);
  }
  async tokens(agentId?: number) {
    return agentId === undefined
      ? this.c.all<TokenRow>(`${TOKEN_SELECT} ORDER BY t.id DESC`)
      : this.c.all<TokenRow>(`${TOKEN_SELECT} WHERE t.agent_id = $1 ORDER BY t.id DESC`, [agentId]);
  }
  async revokeToken(id: number, at: string) {
    await this.c.run('UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id]);
  }
  async insertApiKey(k: { name: string; hash: string; ipCidr: string | null; createdAt: string }) {
    return this.c.insert('INSERT INTO api_keys(name, hash, ip_cidr, created_at) VALUES ($1, $2, $3, $4) RETURNING id',
      [k.name, k.hash, k.ipCidr, k.createdAt]);
  }
  async apiKeyByHash(hash: string) {
    return this.c.one<ApiKeyRow>(`${KEY_SELECT} WHERE hash = $1`, [hash]);
  }
  async apiKeyById(id: number) {
    return this.c.one<ApiKeyRow>(`${KEY_SELECT} WHERE id = $1`, [id]);
  }
  async apiKeys() {
    return this.c.all<ApiKeyRow>(`${KEY_SELECT} ORDER BY id`);
  }
  async revokeApiKey(id: number, at: string) {
    await this.c.run('UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id]);
  }
  async recordLoginFailure(address: string, at: string) {
    await this.c.run('INSERT INTO login_failures(address, at) VALUES ($1, $2)', [address, at]);
  }
  async loginFailuresSince(address: string, since: string) {
    return Number((await this.c.one<{ n: number }>('SELECT count(*)::int AS n FROM login_failures WHERE address = $1 AND at >= $2', [address, since]))?.n ?? 0);
  }
  async pruneLoginFailures(before: string) {
    await this.c.run('DELETE FROM login_failures WHERE at < $1', [before]);
  }
}
