/**
 * PostgreSQL queries of the transfer domain (issue 17, engineer B2): export pages, import of mail data, bulk ticket loads (countExport … optimizeAfterLoad).
 * Methods keep today's names and signatures; tx.ts exposes them. Until a method is here, calling it
 * on a PostgreSQL desk is an error that names it (tx.ts).
 */
import type { PgConn } from './conn.js';

export class PgTransfer {
  constructor(protected readonly c: PgConn) {}
}
