/**
 * Schema versions on PostgreSQL: the same numbers as SQLite's `user_version`
 * (src/store/migrations.ts), kept in the one-row table helpdesk_schema. A PostgreSQL desk starts at
 * version 12 (the SQLite schema of that version, in one step); every later SQLite migration gets its
 * PostgreSQL twin here under the same number (test/store/pg-schema.test.ts fails until it does).
 *
 * An empty database is given the schema on first use (as a new SQLite file is); a database with
 * tables but without helpdesk_schema is someone else's and is never written; a newer version than
 * this binary knows is refused.
 */
import { HelpdeskError } from '../../core/errors.js';
import { ForeignDatabaseError } from '../sqlite.js';
import type { PgConn } from './conn.js';
import { CORE_SCHEMA_V12 } from './schema-core.js';
import { SEARCH_SCHEMA_V12 } from './schema-search.js';
import { SLA_SCHEMA_V12 } from './schema-sla.js';
import { BREACH_MARKS_V20, FIRST_RESPONSE_DUE_V17, PORTAL_SCHEMA_V18, STATUSES_SCHEMA_V14 } from './schema-steps.js';

export interface PgMigration { version: number; description: string; sql: string }

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 12,
    description: 'the whole schema of SQLite version 12: organisation, tickets, thread, mail, search, SLA, server, working together',
    sql: [CORE_SCHEMA_V12, SEARCH_SCHEMA_V12, SLA_SCHEMA_V12].join('\n'),
  },
  { version: 14, description: 'custom statuses', sql: STATUSES_SCHEMA_V14 },
  { version: 17, description: 'open unanswered first-response clocks by due time', sql: FIRST_RESPONSE_DUE_V17 },
  { version: 18, description: 'the end-user portal, satisfaction ratings and webhooks', sql: PORTAL_SCHEMA_V18 },
  { version: 20, description: 'unrecorded breaches found from partial indexes', sql: BREACH_MARKS_V20 },
];

export const PG_SCHEMA_VERSION = PG_MIGRATIONS[PG_MIGRATIONS.length - 1]!.version;

/** The advisory lock key every helpdesk writer (and the schema's creation) takes: 'hdesk' in ASCII. */
export const WRITE_LOCK_KEY = 0x68646573_6b;

/** What the database holds: its schema version, or 'empty', or 'foreign' (tables, none of ours). */
export async function schemaState(c: PgConn): Promise<number | 'empty' | 'foreign'> {
  const tables = await c.all<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname = current_schema()`);
  if (tables.length === 0) return 'empty';
  if (!tables.some((t) => t.name === 'helpdesk_schema')) return 'foreign';
  const row = await c.one<{ version: number }>('SELECT version FROM helpdesk_schema');
  return row?.version ?? 'foreign';
}

/**
 * Brings the schema up to this binary's version inside the caller's write transaction (which holds
 * the writers' lock, so two processes never create it twice). `display` names the desk in errors.
 */
export async function migrate(c: PgConn, display: string): Promise<void> {
  const state = await schemaState(c);
  if (state === 'foreign') throw new ForeignDatabaseError(display);
  const current = state === 'empty' ? 0 : state;
  if (current > PG_SCHEMA_VERSION) throw newerSchema(display, current);
  if (current === 0) await c.run('CREATE TABLE helpdesk_schema (version integer NOT NULL)');
  for (const step of PG_MIGRATIONS) {
    if (step.version <= current) continue;
    // A database that predates the first PostgreSQL step cannot exist: the first step is the baseline.
    await c.run(step.sql);
    await c.run('DELETE FROM helpdesk_schema');
    await c.run('INSERT INTO helpdesk_schema(version) VALUES ($1)', [step.version]);
  }
}

export function newerSchema(display: string, version: number): HelpdeskError {
  return new HelpdeskError(
    `the database ${display} has schema version ${version}, newer than this helpdesk understands (${PG_SCHEMA_VERSION})`,
    1,
    'upgrade helpdesk (npm install -g helpdesk@latest) before using this database',
  );
}
