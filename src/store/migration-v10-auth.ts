/**
 * Schema version 10: what `helpdesk serve` needs to be a trust boundary. Frozen in time:
 * plain SQL, never importing current code.
 *
 * Secrets are never stored: tokens and API keys as the SHA-256 of their text (they are long random
 * strings, so a fast hash is enough), passwords as a memory-hard scrypt hash with its parameters.
 * Failed logins are rows, not process memory, so several servers on one desk count them together.
 */
export const SERVER_AUTH_V10 = `
CREATE TABLE agent_passwords (
  agent_id   INTEGER PRIMARY KEY REFERENCES agents(id),
  hash       TEXT NOT NULL,                  -- scrypt$N$r$p$salt$key (base64url)
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE api_tokens (
  id         INTEGER PRIMARY KEY,
  agent_id   INTEGER NOT NULL REFERENCES agents(id),
  name       TEXT NOT NULL,
  hash       TEXT NOT NULL UNIQUE,           -- hex SHA-256 of the token
  created_at TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT
) STRICT;
CREATE INDEX api_tokens_agent ON api_tokens(agent_id);

CREATE TABLE api_keys (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  hash       TEXT NOT NULL UNIQUE,           -- hex SHA-256 of the key
  ip_cidr    TEXT,                           -- only requests from this range may use it
  created_at TEXT NOT NULL,
  revoked_at TEXT
) STRICT;

CREATE TABLE login_failures (
  id      INTEGER PRIMARY KEY,
  address TEXT NOT NULL,
  at      TEXT NOT NULL
) STRICT;
CREATE INDEX login_failures_address ON login_failures(address, at);
`;
