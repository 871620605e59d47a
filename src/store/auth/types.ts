/**
 * The store's part of the server's authentication: passwords, tokens, API keys and failed logins.
 * Every secret arrives here already hashed.
 */
export interface TokenRow {
  id: number; agent_id: number; agent: string; name: string; created_at: string;
  expires_at: string | null; revoked_at: string | null;
}
export interface ApiKeyRow { id: number; name: string; ip_cidr: string | null; created_at: string; revoked_at: string | null }

export interface AuthTx {
  passwordHash(agentId: number): Promise<string | null>;
  setPasswordHash(agentId: number, hash: string, at: string): Promise<void>;
  insertToken(t: { agentId: number; name: string; hash: string; createdAt: string; expiresAt: string | null }): Promise<number>;
  /** The token with this hash, revoked or not. */
  tokenByHash(hash: string): Promise<TokenRow | null>;
  tokenById(id: number): Promise<TokenRow | null>;
  /** Every token, or one agent's, newest first. */
  tokens(agentId?: number): Promise<TokenRow[]>;
  revokeToken(id: number, at: string): Promise<void>;
  insertApiKey(k: { name: string; hash: string; ipCidr: string | null; createdAt: string }): Promise<number>;
  apiKeyByHash(hash: string): Promise<ApiKeyRow | null>;
  apiKeyById(id: number): Promise<ApiKeyRow | null>;
  apiKeys(): Promise<ApiKeyRow[]>;
  revokeApiKey(id: number, at: string): Promise<void>;
  recordLoginFailure(address: string, at: string): Promise<void>;
  /** Failed logins from this address at or after `since`. */
  loginFailuresSince(address: string, since: string): Promise<number>;
  /** Forgets failures older than `before` (they no longer count). */
  pruneLoginFailures(before: string): Promise<void>;
}
