/**
 * Ranked full-text search over tickets (issue 7), designed for a million tickets.
 *
 * bm25 must score every matching document before it can return the best twenty, so ranking all
 * matches of a common word costs seconds (DESIGN.md: ~6 s for "the" at 1M tickets). And FTS5
 * recomputes bm25's document frequencies for every new cursor, so scoring tickets one rowid at a
 * time costs ~100 ms *each* for a common word. The search therefore runs in two steps:
 *
 *  1. Candidates: the newest CANDIDATE_CAP matching tickets the actor may see, without scores.
 *     Newest-first walks the index backwards and stops at the cap (≈1 ms for any word). When the
 *     actor sees few tickets (an end user, an agent with a small department) it is cheaper to walk
 *     those tickets and probe the index for each (a rowid probe without a score is ~40 µs), so
 *     the plan is picked from a bounded count of the visible tickets.
 *  2. Ranking: ONE index scan over the candidates' rowid range, scoring only the candidates.
 *
 * With fewer matches than the cap this is the exact bm25 order; with more, it is the best among the
 * most recent CANDIDATE_CAP (and the result says so), which is what "when did this last happen" needs.
 */
import type Database from 'better-sqlite3';
import { ftsMatch } from './fts.js';
import { TICKET_SELECT, ticketWhere } from './ticket-query.js';
import type { SearchRequest, SearchResult, TicketRow } from './types.js';

/** How many of the newest matches are ranked. */
export const CANDIDATE_CAP = 2000;
/** Below this many visible tickets, walk the tickets instead of the index. */
const TICKET_DRIVEN_BELOW = 5000;

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function stmt(db: Database.Database, sql: string): Database.Statement {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}

/** Runs a ranked (or newest-first) search; see the module comment for the plan. */
export function searchTickets(db: Database.Database, req: SearchRequest): SearchResult {
  const match = ftsMatch(req.query, req.filter.scope);
  const where = ticketWhere({ ...req.filter, search: undefined });
  const cond = where.sql ? where.sql.replace(/^WHERE /, '') : '1';
  const exclude = req.excludeTicketId ?? 0;

  const visible = (stmt(db, `SELECT count(*) AS n FROM (SELECT 1 FROM tickets t WHERE ${cond} LIMIT ${TICKET_DRIVEN_BELOW})`)
    .get(...where.params) as { n: number }).n;
  const candidateSql = visible < TICKET_DRIVEN_BELOW
    ? `SELECT t.id FROM tickets t WHERE ${cond} AND t.id <> ?
       AND EXISTS (SELECT 1 FROM ticket_fts f WHERE f.ticket_fts MATCH ? AND f.rowid = t.id)
       ORDER BY t.id DESC LIMIT ${CANDIDATE_CAP}`
    : `SELECT t.id FROM ticket_fts f JOIN tickets t ON t.id = f.rowid
       WHERE f.ticket_fts MATCH ? AND ${cond} AND t.id <> ?
       ORDER BY f.rowid DESC LIMIT ${CANDIDATE_CAP}`;
  const params = visible < TICKET_DRIVEN_BELOW ? [...where.params, exclude, match] : [match, ...where.params, exclude];
  const ids = (stmt(db, candidateSql).all(...params) as Array<{ id: number }>).map((r) => r.id);
  if (ids.length === 0) return { hits: [], candidates: 0, capped: false };

  let ranked: Array<{ id: number; score: number | null }>;
  if (req.order === 'newest') {
    ranked = ids.slice(0, req.limit).map((id) => ({ id, score: null }));
  } else {
    // '+rowid' keeps the IN list from becoming one index lookup (and one bm25 set-up) per id.
    ranked = stmt(db, `SELECT f.rowid AS id, f.rank AS score FROM ticket_fts f
      WHERE f.ticket_fts MATCH ? AND f.rowid BETWEEN ? AND ? AND +f.rowid IN (SELECT value FROM json_each(?))
      ORDER BY f.rank, f.rowid DESC LIMIT ?`)
      .all(match, ids[ids.length - 1], ids[0], JSON.stringify(ids), req.limit) as Array<{ id: number; score: number }>;
  }
  const rows = new Map((stmt(db, `${TICKET_SELECT} WHERE t.id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(ranked.map((r) => r.id))) as TicketRow[]).map((r) => [r.id, r]));
  return {
    hits: ranked.flatMap((r) => {
      const row = rows.get(r.id);
      // bm25 is "lower is better" and negative; report relevance as a positive number.
      return row ? [{ row, score: r.score === null ? null : -r.score }] : [];
    }),
    candidates: ids.length,
    capped: ids.length >= CANDIDATE_CAP,
  };
}
