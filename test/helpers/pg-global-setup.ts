/**
 * vitest global setup: with HELPDESK_TEST_PG=1 one PostgreSQL cluster serves the whole run
 * (the e2e helpers then make a fresh database per sandbox on it); its address reaches the test
 * workers in HELPDESK_TEST_PG_SERVER. Without the variable nothing starts here: the PostgreSQL test
 * files start a cluster of their own when they run (test/helpers/pg-server.mjs).
 */
import { PG_TEMPLATE, pgUnavailable, startPgServer, type PgServer } from './pg-server.mjs';

let server: PgServer | null = null;

export async function setup(): Promise<void> {
  if (process.env.HELPDESK_TEST_PG !== '1' || process.env.HELPDESK_TEST_PG_SERVER) return;
  const why = pgUnavailable();
  if (why) throw new Error(`HELPDESK_TEST_PG=1 but ${why}`);
  server = await startPgServer();
  // A database with the schema and nothing else (what a desk is before its organisation is made):
  // each sandbox starts as a copy of it, instead of building the schema again (~0.3 s).
  const { openPgStore } = await import('../../src/store/pg/store.js');
  const template = openPgStore(server.createDatabase(PG_TEMPLATE));
  await template.read(async () => {});
  await template.end();
  const { host, port, user, password, dataDir } = server;
  process.env.HELPDESK_TEST_PG_SERVER = JSON.stringify({ host, port, user, password, dataDir, bin: (await import('./pg-server.mjs')).pgBinDir() });
}

export async function teardown(): Promise<void> {
  server?.stop();
  server = null;
}
