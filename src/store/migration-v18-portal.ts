/**
 * Schema version 18: the end-user portal, satisfaction ratings and webhooks. Frozen in
 * time: plain SQL, never importing current code.
 *
 * Portal links and sessions are random tokens stored only as their SHA-256 (like api_tokens), each
 * with its expiry, so a link cannot be forged, altered or used after it expires. The portal's own
 * secret (for CSRF tokens) is a row, not process memory, so several servers on one desk agree.
 * Webhook deliveries are rows written in the same transaction as the change they tell of, then
 * claimed and confirmed like outbox mail.
 */
export const PORTAL_V18 = `
CREATE TABLE portal_tokens (
  id         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('access','session','rating')),
  hash       TEXT NOT NULL UNIQUE,           -- hex SHA-256 of the token
  user_id    INTEGER NOT NULL REFERENCES users(id),
  ticket_id  INTEGER REFERENCES tickets(id), -- rating links: the ticket they rate
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
) STRICT;
CREATE INDEX portal_tokens_expiry ON portal_tokens(expires_at);

CREATE TABLE portal_requests (
  id  INTEGER PRIMARY KEY,
  key TEXT NOT NULL,                         -- what is limited: 'address:<ip>' or 'email:<address>'
  at  TEXT NOT NULL
) STRICT;
CREATE INDEX portal_requests_key ON portal_requests(key, at);

CREATE TABLE portal_secret (
  id     INTEGER PRIMARY KEY CHECK (id = 1),
  secret TEXT NOT NULL
) STRICT;

CREATE TABLE ratings (
  id         INTEGER PRIMARY KEY,
  ticket_id  INTEGER NOT NULL REFERENCES tickets(id),
  resolution INTEGER NOT NULL,               -- the ticket's reopened_count when rated: one per resolution
  user_id    INTEGER NOT NULL REFERENCES users(id),
  rating     INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment    TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (ticket_id, resolution)
) STRICT;

CREATE TABLE webhooks (
  id         INTEGER PRIMARY KEY,
  url        TEXT NOT NULL,
  events     TEXT NOT NULL,                  -- comma-separated event names
  secret     TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE webhook_deliveries (
  id              INTEGER PRIMARY KEY,
  webhook_id      INTEGER NOT NULL REFERENCES webhooks(id),
  event           TEXT NOT NULL,
  ticket_id       INTEGER REFERENCES tickets(id),
  body            TEXT NOT NULL,             -- the exact bytes signed and sent
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','delivered','failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  last_error      TEXT,
  created_at      TEXT NOT NULL,
  delivered_at    TEXT
) STRICT;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries(webhook_id, status);
`;
