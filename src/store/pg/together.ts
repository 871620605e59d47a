/**
 * PostgreSQL queries of the together domain (issue 17, engineer B2): today's TogetherTx: links, parents, merges, time spent, collaborators, auto-assignment.
 * Methods keep today's names and signatures; tx.ts exposes them. Until a method is here, calling it
 * on a PostgreSQL desk is an error that names it (tx.ts).
 */
import type { PgConn } from './conn.js';

export class PgTogether {
  constructor(protected readonly c: PgConn) {}
}
