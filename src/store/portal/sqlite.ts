/**
 * The SQLite implementation of the portal queries.
 */
import { SqliteQueries } from '../sqlite-queries.js';
import type { PortalTokenKind, PortalTokenRow, PortalTx, RatingRow } from './types.js';
import { ticketWhere } from '../ticket-query.js';
import type { ReportFilter } from '../reports/types.js';
import { groupSql } from '../reports/group-sql.js';

export class SqlitePortal extends SqliteQueries implements PortalTx {
  async secret(fresh: string) {
    this.run('INSERT OR IGNORE INTO portal_secret(id, secret) VALUES (1, ?)', fresh);
    return this.get<{ secret: string }>('SELECT secret FROM portal_secret WHERE id = 1')!.secret;
  }
  async insertToken(t: { kind: PortalTokenKind; hash: string; userId: number; ticketId: number | null; createdAt: string; expiresAt: string }) {
    return this.run('INSERT INTO portal_tokens(kind, hash, user_id, ticket_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
      t.kind, t.hash, t.userId, t.ticketId, t.createdAt, t.expiresAt);
  }
  async tokenByHash(kind: PortalTokenKind, hash: string, now: string) {
    return this.get<PortalTokenRow>(
      `SELECT p.id, p.kind, p.user_id, u.email, p.ticket_id, p.created_at, p.expires_at FROM portal_tokens p JOIN users u ON u.id = p.user_id
       WHERE p.hash = ? AND p.kind = ? AND p.expires_at > ?`, hash, kind, now);
  }
  async deleteToken(hash: string) {
    this.run('DELETE FROM portal_tokens WHERE hash = ?', hash);
  }
  async prune(now: string, before: string) {
    this.run('DELETE FROM portal_tokens WHERE expires_at <= ?', now);
    this.run('DELETE FROM portal_requests WHERE at < ?', before);
  }
  async recordRequest(key: string, at: string) {
    this.run('INSERT INTO portal_requests(key, at) VALUES (?, ?)', key, at);
  }
  async requestsSince(key: string, since: string) {
    return this.get<{ n: number }>('SELECT count(*) AS n FROM portal_requests WHERE key = ? AND at >= ?', key, since)!.n;
  }
  async insertRating(r: { ticketId: number; resolution: number; userId: number; rating: number; comment: string | null; createdAt: string }) {
    return this.run('INSERT INTO ratings(ticket_id, resolution, user_id, rating, comment, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      r.ticketId, r.resolution, r.userId, r.rating, r.comment, r.createdAt);
  }
  async ratingOf(ticketId: number, resolution: number) {
    return this.get<RatingRow>('SELECT * FROM ratings WHERE ticket_id = ? AND resolution = ?', ticketId, resolution);
  }
  async latestRating(ticketId: number) {
    return this.get<RatingRow>('SELECT * FROM ratings WHERE ticket_id = ? ORDER BY resolution DESC, id DESC LIMIT 1', ticketId);
  }
  async reportCsat(f: ReportFilter) {
    const where = ticketWhere({ scope: f.scope, queue: 'all', meAgentId: null, sort: 'created', limit: null, now: f.now });
    const clauses = where.sql ? [where.sql.replace(/^WHERE /, '')] : [];
    const params: unknown[] = [...where.params];
    if (f.since !== null) { clauses.push('t.created_at >= ?'); params.push(f.since); }
    if (f.until !== null) { clauses.push('t.created_at < ?'); params.push(f.until); }
    const group = f.by === null ? { key: 'NULL', join: '' } : groupSql(f.by, 't.assignee_id');
    return this.all<{ key: string | null; responses: number; total: number }>(
      `SELECT ${group.key} AS key, count(*) AS responses, sum(r.rating) AS total FROM ratings r JOIN tickets t ON t.id = r.ticket_id ${group.join}
       ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''} GROUP BY 1`, ...params);
  }
}
