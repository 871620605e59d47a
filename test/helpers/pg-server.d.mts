/** Types of pg-server.mjs (a throwaway PostgreSQL cluster for the tests and the benchmark). */
export interface PgServer {
  host: string;
  port: number;
  /** The superuser and its password (the cluster uses password authentication, so a wrong one fails). */
  user: string;
  password: string;
  dataDir: string;
  /** postgres://user:password@127.0.0.1:port/<name> */
  url(name: string): string;
  /** Creates an empty database (or a copy of `template`) and returns its URL. */
  createDatabase(name?: string, template?: string): string;
  /** pg_ctl stop with this mode (immediate: as if the server crashed). */
  stopServer(mode?: 'fast' | 'immediate'): void;
  /** Starts the stopped server again on the same port. */
  startServer(): void;
  /** Stops the server and removes its files. */
  stop(): void;
}

/** The directory of initdb/pg_ctl/postgres, or null when PostgreSQL is not installed. */
export function pgBinDir(): string | null;
/** Why PostgreSQL tests cannot run here, or null when they can. */
export function pgUnavailable(): string | null;
/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number>;
/** Starts a new cluster, stopped and removed on every exit; `conf` adds postgresql.conf lines. */
export function startPgServer(options?: { conf?: string[] }): Promise<PgServer>;
/** The cluster for this test process: the global setup's, else one started on first use. */
export function sharedPgServer(): Promise<PgServer>;
/** The global setup's cluster (HELPDESK_TEST_PG=1 runs), or null. */
export function globalPgServer(): PgServer | null;
/** The global setup's database holding the schema and nothing else, which sandboxes copy. */
export const PG_TEMPLATE: string;
