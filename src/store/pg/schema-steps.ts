/**
 * PostgreSQL schema steps after the version 12 baseline, twins of SQLite's migrations of the same
 * number (src/store/migrations.ts). Frozen like migrations: a later version adds a step, never edits one.
 */

/**
 * Version 14, custom statuses (SQLite migration 14): tickets.status keeps its CHECK and holds the
 * built-in status of the state; custom_status names the custom one on top. Additive, as on SQLite.
 */
export const STATUSES_SCHEMA_V14 = `
CREATE TABLE statuses (
  key        text COLLATE "C" PRIMARY KEY,
  name       text COLLATE "C" NOT NULL,
  state      text COLLATE "C" NOT NULL CHECK (state IN ('open','closed')),
  pause      integer NOT NULL DEFAULT 0 CHECK (pause IN (0,1)),
  created_at text COLLATE "C" NOT NULL
);
ALTER TABLE tickets ADD COLUMN custom_status text COLLATE "C" REFERENCES statuses(key);
CREATE INDEX tickets_custom_status ON tickets(custom_status) WHERE custom_status IS NOT NULL;
`;

/**
 * Version 17 (SQLite migration 17: open unanswered first-response clocks by due time). The PostgreSQL
 * baseline of version 12 already has this index (schema-sla.ts, keyed (first_response_due_at, id)),
 * so the step only makes sure of it; the version number follows SQLite's.
 */
export const FIRST_RESPONSE_DUE_V17 = `
CREATE INDEX IF NOT EXISTS tickets_first_response_due ON tickets (first_response_due_at, id)
  WHERE status IN ('open','in-progress','awaiting-response') AND first_response_at IS NULL AND first_response_due_at IS NOT NULL;
`;
