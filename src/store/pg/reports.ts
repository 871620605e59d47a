/**
 * PostgreSQL queries of the reports domain (issue 17, engineer B2): the report's stream of ticket times (reportTimes).
 * Methods keep today's names and signatures; tx.ts exposes them. Until a method is here, calling it
 * on a PostgreSQL desk is an error that names it (tx.ts).
 */
import type { PgConn } from './conn.js';

export class PgReports {
  constructor(protected readonly c: PgConn) {}
}
