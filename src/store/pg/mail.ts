/**
 * PostgreSQL queries of the mail domain (issue 17, engineer B2): today's MailTx plus insertOutbox and outbox.
 * Methods keep today's names and signatures; tx.ts exposes them. Until a method is here, calling it
 * on a PostgreSQL desk is an error that names it (tx.ts).
 */
import type { PgConn } from './conn.js';

export class PgMail {
  constructor(protected readonly c: PgConn) {}
}
