/**
 * PostgreSQL stores for in-process tests: a fresh database on the test cluster per call,
 * opened through the same factory the CLI uses. Every store made here is closed after the file.
 */
import { afterAll } from 'vitest';
import { openPgStore, type PgStore } from '../../src/store/pg/store.js';
import { sharedPgServer, type PgServer } from './pg-server.mjs';

const opened: PgStore[] = [];
afterAll(() => {
  for (const s of opened.splice(0)) s.close();
});

/** A PostgreSQL store on a new, empty database (its schema is made on the first transaction). */
export async function freshPgStore(options: { busyTimeoutMs?: number } = {}): Promise<{ store: PgStore; url: string; server: PgServer }> {
  const server = await sharedPgServer();
  const url = server.createDatabase();
  const store = openPgStore(url, options);
  opened.push(store);
  return { store, url, server };
}
