/**
 * The SQLite queries of the server's authentication: passwords, tokens, API keys, failed logins.
 */
import type { ApiKeyRow, AuthTx, TokenRow } from './types.js';
import { SqliteQueries } from '../sqlite-queries.js';

const TOKEN_SELECT = 'SELECT t.id, t.agent_id, a.username AS agent, t.name, t.created_at, t.expires_at, t.revoked_at FROM api_tokens t JOIN agents a ON a.id = t.agent_id';
const KEY_SELECT = 'SELECT id, name, ip_cidr, created_at, revoked_at FROM api_keys';

export class SqliteAuth extends SqliteQueries implements AuthTx {
  async passwordHash(agentId: number) {
    return this.get<{ hash: string }>('SELECT hash FROM agent_passwords WHERE agent_id = ?', agentId)?.hash ?? null;
  }
  async setPasswordHash(agentId: number, hash: string, at: string) {
    this.run('INSERT INTO agent_passwords(agent_id, hash, updated_at) VALUES (?, ?, ?) ON CONFLICT(agent_id) DO UPDATE SET hash = excluded.hash, updated_at = excluded.updated_at', agentId, hash, at);
  }
  async insertToken(t: { agentId: number; name: string; hash: string; createdAt: string; expiresAt: string | null }) {
    return this.run('INSERT INTO api_tokens(agent_id, name, hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)', t.agentId, t.name, t.hash, t.createdAt, t.expiresAt);
  }
  async tokenByHash(hash: string) {
    return this.get<TokenRow>(`${TOKEN_SELECT} WHERE t.hash = ?`, hash);
  }
  async tokenById(id: number) {
    return this.get<TokenRow>(`${TOKEN_SELECT} WHERE t.id = ?`, id);
  }
  async tokens(agentId?: number) {
    return agentId === undefined
      ? this.all<TokenRow>(`${TOKEN_SELECT} ORDER BY t.id DESC`)
      : this.all<TokenRow>(`${TOKEN_SELECT} WHERE t.agent_id = ? ORDER BY t.id DESC`, agentId);
  }
  async revokeToken(id: number, at: string) {
    this.run('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', at, id);
  }
  async insertApiKey(k: { name: string; hash: string; ipCidr: string | null; createdAt: string }) {
    return this.run('INSERT INTO api_keys(name, hash, ip_cidr, created_at) VALUES (?, ?, ?, ?)', k.name, k.hash, k.ipCidr, k.createdAt);
  }
  async apiKeyByHash(hash: string) {
    return this.get<ApiKeyRow>(`${KEY_SELECT} WHERE hash = ?`, hash);
  }
  async apiKeyById(id: number) {
    return this.get<ApiKeyRow>(`${KEY_SELECT} WHERE id = ?`, id);
  }
  async apiKeys() {
    return this.all<ApiKeyRow>(`${KEY_SELECT} ORDER BY id`);
  }
  async revokeApiKey(id: number, at: string) {
    this.run('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', at, id);
  }
  async recordLoginFailure(address: string, at: string) {
    this.run('INSERT INTO login_failures(address, at) VALUES (?, ?)', address, at);
  }
  async loginFailuresSince(address: string, since: string) {
    return this.get<{ n: number }>('SELECT count(*) AS n FROM login_failures WHERE address = ? AND at >= ?', address, since)?.n ?? 0;
  }
  async pruneLoginFailures(before: string) {
    this.run('DELETE FROM login_failures WHERE at < ?', before);
  }
}
