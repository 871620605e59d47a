/**
 * The portal on PostgreSQL (from portal/sqlite.ts): end users' links and sessions (stored
 * hashed), the "check a ticket" throttle, the portal's secret and satisfaction ratings.
 */
import type { PortalTokenKind, PortalTokenRow, PortalTx, RatingRow } from '../portal/types.js';
import type { ReportFilter } from '../reports/types.js';
import type { PgConn } from './conn.js';
import { Params, ticketWhere } from './ticket-query.js';
import { groupSql } from '../reports/group-sql.js';
import { related } from './related.js';

const LATEST_RATING = related('ticket', 'rating', 'SELECT * FROM ratings WHERE ticket_id = $1 ORDER BY resolution DESC, id DESC LIMIT 1');

export class PgPortal implements PortalTx {
  constructor(private readonly c: PgConn) {}

  async secret(fresh: string) {
    await this.c.run('INSERT INTO portal_secret(id, secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING', [fresh]);
    return (await this.c.one<{ secret: string }>('SELECT secret FROM portal_secret WHERE id = 1'))!.secret;
  }
  async insertToken(t: { kind: PortalTokenKind; hash: string; userId: number; ticketId: number | null; createdAt: string; expiresAt: string }) {
    return this.c.insert('INSERT INTO portal_tokens(kind, hash, user_id, ticket_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [t.kind, t.hash, t.userId, t.ticketId, t.createdAt, t.expiresAt]);
  }
  async tokenByHash(kind: PortalTokenKind, hash: string, now: string) {
    return this.c.one<PortalTokenRow>(
      `SELECT p.id, p.kind, p.user_id, u.email, p.ticket_id, p.created_at, p.expires_at FROM portal_tokens p JOIN users u ON u.id = p.user_id
       WHERE p.hash = $1 AND p.kind = $2 AND p.expires_at > $3`, [hash, kind, now]);
  }
  async deleteToken(hash: string) {
    await this.c.run('DELETE FROM portal_tokens WHERE hash = $1', [hash]);
  }
  async prune(now: string, before: string) {
    await this.c.run('DELETE FROM portal_tokens WHERE expires_at <= $1', [now]);
    await this.c.run('DELETE FROM portal_requests WHERE at < $1', [before]);
  }
  async recordRequest(key: string, at: string) {
    await this.c.run('INSERT INTO portal_requests(key, at) VALUES ($1, $2)', [key, at]);
  }
  async requestsSince(key: string, since: string) {
    return Number((await this.c.one<{ n: number }>('SELECT count(*) AS n FROM portal_requests WHERE key = $1 AND at >= $2', [key, since]))!.n);
  }
  async insertRating(r: { ticketId: number; resolution: number; userId: number; rating: number; comment: string | null; createdAt: string }) {
    return this.c.insert(
      'INSERT INTO ratings(ticket_id, resolution, user_id, rating, comment, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [r.ticketId, r.resolution, r.userId, r.rating, r.comment, r.createdAt]);
  }
  async ratingOf(ticketId: number, resolution: number) {
    return this.c.one<RatingRow>('SELECT * FROM ratings WHERE ticket_id = $1 AND resolution = $2', [ticketId, resolution]);
  }
  async latestRating(ticketId: number) {
    return (await this.c.related<RatingRow>(LATEST_RATING, ticketId))[0] ?? null;
  }
  async reportCsat(f: ReportFilter) {
    const p = new Params();
    const where = ticketWhere({ scope: f.scope, queue: 'all', meAgentId: null, sort: 'created', limit: null, now: f.now }, p).sql;
    const clauses = where ? [where.replace(/^WHERE /, '')] : [];
    if (f.since !== null) clauses.push(`t.created_at >= ${p.add(f.since)}`);
    if (f.until !== null) clauses.push(`t.created_at < ${p.add(f.until)}`);
    const group = f.by === null ? { key: 'NULL::text', join: '' } : groupSql(f.by, 't.assignee_id');
    const rows = await this.c.all<{ key: string | null; responses: number; total: number }>(
      `SELECT ${group.key} AS key, count(*) AS responses, sum(r.rating) AS total FROM ratings r JOIN tickets t ON t.id = r.ticket_id ${group.join}
       ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''} GROUP BY 1`, p.values);
    return rows.map((r) => ({ key: r.key, responses: Number(r.responses), total: Number(r.total) }));
  }
}
