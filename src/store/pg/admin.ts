/**
 * The doctor's look at a PostgreSQL desk: the server's version, the schema version, the
 * same counts as on SQLite, the database's size, and the health of every index (an index left
 * invalid by a failed CREATE INDEX CONCURRENTLY, or not ready, answers wrong or slowly). Read-only:
 * never creates or migrates anything, so it also reports a database made by a newer helpdesk.
 */
import type { PgConn } from './conn.js';
import { DOCTOR_COUNTS } from '../doctor-counts.js';
import { PG_SCHEMA_VERSION, schemaState } from './schema.js';

export interface PgDatabaseReport {
  path: string;
  server: 'postgresql';
  server_version: string;
  schema_version: number | null;
  supported_schema_version: number;
  bytes: number;
  /** Index health: how many there are, and those PostgreSQL will not use (invalid or not ready). */
  indexes: { total: number; invalid: string[] };
  /** "ok", or what is wrong (foreign tables, no schema). */
  integrity: string[];
  search_index: string | null;
  helpdesk: boolean;
  counts: Record<string, number | null>;
  last_ticket_number: string | null;
}


/** Everything the doctor shows, read in one snapshot. */
export async function inspectPg(c: PgConn, path: string): Promise<PgDatabaseReport> {
  const server = (await c.one<{ v: string }>("SELECT current_setting('server_version') AS v"))!.v;
  const bytes = (await c.one<{ n: number }>('SELECT pg_database_size(current_database()) AS n'))!.n;
  const state = await schemaState(c);
  const base = { path, server: 'postgresql' as const, server_version: server, supported_schema_version: PG_SCHEMA_VERSION, bytes };
  if (typeof state !== 'number') {
    return {
      ...base, schema_version: null, indexes: { total: 0, invalid: [] }, search_index: null, helpdesk: false, counts: {}, last_ticket_number: null,
      integrity: [state === 'empty' ? 'the database is empty (no help desk yet)' : 'the database holds tables of another application'],
    };
  }
  const indexes = await c.all<{ name: string; ok: boolean }>(
    `SELECT ci.relname AS name, (i.indisvalid AND i.indisready) AS ok FROM pg_index i
     JOIN pg_class ci ON ci.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ci.relnamespace
     WHERE n.nspname = current_schema() ORDER BY ci.relname`);
  const newer = state > PG_SCHEMA_VERSION;
  const counts: Record<string, number | null> = {};
  if (!newer) for (const [name, sql] of Object.entries(DOCTOR_COUNTS)) counts[name] = (await c.one<{ n: number }>(sql))!.n;
  const setting = async (key: string) => (newer ? null : (await c.one<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key]))?.value ?? null);
  const invalid = indexes.filter((i) => !i.ok).map((i) => i.name);
  return {
    ...base, schema_version: state, indexes: { total: indexes.length, invalid },
    integrity: invalid.length ? invalid.map((name) => `index ${name} is invalid (REINDEX INDEX ${name})`) : ['ok'],
    search_index: null, helpdesk: (await setting('initialised_at')) !== null, counts, last_ticket_number: await setting('ticket.last_number'),
  };
}
