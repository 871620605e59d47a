/**
 * vitest global setup (issue 17): with HELPDESK_TEST_PG=1 one PostgreSQL cluster serves the whole run
 * (the e2e helpers then make a fresh database per sandbox on it); its address reaches the test
 * workers in HELPDESK_TEST_PG_SERVER. Without the variable nothing starts here: the PostgreSQL test
 * files start a cluster of their own when they run (test/helpers/pg-server.ts).
 */
import { pgUnavailable, startPgServer, type PgServer } from './pg-server.js';

let server: PgServer | null = null;

export async function setup(): Promise<void> {
  if (process.env.HELPDESK_TEST_PG !== '1' || process.env.HELPDESK_TEST_PG_SERVER) return;
  const why = pgUnavailable();
  if (why) throw new Error(`HELPDESK_TEST_PG=1 but ${why}`);
  server = await startPgServer();
  const { host, port, user, password, dataDir } = server;
  process.env.HELPDESK_TEST_PG_SERVER = JSON.stringify({ host, port, user, password, dataDir, bin: (await import('./pg-server.js')).pgBinDir() });
}

export async function teardown(): Promise<void> {
  server?.stop();
  server = null;
}
