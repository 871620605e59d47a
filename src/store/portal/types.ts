/**
 * The portal part of the store: end users' links and sessions (stored hashed), the
 * "check a ticket" throttle, the portal's secret and satisfaction ratings. Reached as `tx.portal`.
 */
import type { ReportFilter } from '../reports/types.js';

export type PortalTokenKind = 'access' | 'session' | 'rating';

export interface PortalTokenRow {
  id: number; kind: PortalTokenKind; user_id: number; email: string; ticket_id: number | null; created_at: string; expires_at: string;
}

export interface RatingRow {
  id: number; ticket_id: number; resolution: number; user_id: number; rating: number; comment: string | null; created_at: string;
}

export interface PortalTx {
  /** The portal's secret, made (from `fresh`) the first time it is asked for. */
  secret(fresh: string): Promise<string>;
  insertToken(t: { kind: PortalTokenKind; hash: string; userId: number; ticketId: number | null; createdAt: string; expiresAt: string }): Promise<number>;
  /** The token with this hash and kind, if it has not expired at `now`. */
  tokenByHash(kind: PortalTokenKind, hash: string, now: string): Promise<PortalTokenRow | null>;
  deleteToken(hash: string): Promise<void>;
  /** Forgets expired tokens and throttle entries older than `before`. */
  prune(now: string, before: string): Promise<void>;
  recordRequest(key: string, at: string): Promise<void>;
  requestsSince(key: string, since: string): Promise<number>;
  insertRating(r: { ticketId: number; resolution: number; userId: number; rating: number; comment: string | null; createdAt: string }): Promise<number>;
  ratingOf(ticketId: number, resolution: number): Promise<RatingRow | null>;
  /** The ticket's newest rating. */
  latestRating(ticketId: number): Promise<RatingRow | null>;
  /** Ratings of the window's tickets the scope may see: count and sum per group (key null when not grouped). */
  reportCsat(filter: ReportFilter): Promise<Array<{ key: string | null; responses: number; total: number }>>;
}
