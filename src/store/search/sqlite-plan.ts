/**
 * Full-text search over tickets, designed for a million tickets.
 *
 * Two costs of FTS5 decide the design. Scoring with bm25() first walks the whole index entry of
 * every term to count the documents holding it (75 ms for "the" at 1M tickets, however few
 * documents are then scored); and ranking every match of a common word costs seconds. So a ranked
 * search runs in three steps:
 *
 *  1. Candidates: the newest `candidateCap` (600) matching tickets the actor may see, without scores.
 *     Newest-first walks the index backwards and stops at the cap (≈1 ms for any word). When the
 *     actor sees few tickets (an end user, an agent with a small department) it is cheaper to walk
 *     those tickets and probe the index for each, so the plan is picked from a bounded count of
 *     the visible tickets.
 *  2. Statistics: how many documents hold each term, counted exactly up to `dfExact` (5,000) and
 *     estimated beyond from how densely the newest of them lie; the index size and average length
 *     from FTS5's own totals record.
 *  3. Ranking: BM25 (core/rank.ts, FTS5's formula and weights) over the candidates' text.
 *
 * With fewer matches than the cap this is the full BM25 order; with more, it is the best among the
 * most recent candidates (and the result says so), which is what "when did this last happen" needs.
 *
 * A ticket list with a search (`ticket list --search`) keeps the list's own order, so it cannot
 * stop early in the index: with a rare word it starts from the matches, with a common one it walks
 * the list in order and checks each ticket against the index until the page is full.
 */
import type Database from 'better-sqlite3';
import { bm25Score, termFrequencies, type CorpusStats, type RankTerm, type TermFrequencies } from '../../core/rank.js';
import { highlightTerms, type SearchQuery } from '../../core/search.js';
import { ftsMatch } from '../fts.js';
import { TICKET_SELECT, ticketOrder, ticketWhere } from '../ticket-query.js';
import type { SearchRequest, SearchResult, TicketFilter, TicketRow } from '../types.js';

/** How a ranked search plans (tests choose small numbers to exercise every path). */
export interface SearchPlanning {
  /** How many of the newest matches are ranked. */
  candidateCap: number;
  /** Document frequencies are exact up to here, estimated beyond. */
  dfExact: number;
}

const SEARCH_PLANNING: SearchPlanning = { candidateCap: 600, dfExact: 5000 };
/** Below this many visible tickets, walk the tickets instead of the index. */
const TICKET_DRIVEN_BELOW = 5000;
/** Column weights of the search index: subject, public thread, internal notes (as in schema v4). */
const WEIGHTS = [4, 1, 1];

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function stmt(db: Database.Database, sql: string): Database.Statement {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}

const whereOf = (filter: TicketFilter) => {
  const where = ticketWhere({ ...filter, search: undefined });
  return { cond: where.sql ? where.sql.replace(/^WHERE /, '') : '1', params: where.params };
};

/** Runs a ranked (or newest-first) search; see the module comment for the plan. */
export function searchTickets(db: Database.Database, req: SearchRequest, plan = SEARCH_PLANNING): SearchResult {
  const match = ftsMatch(req.query, req.filter.scope);
  const cap = Math.max(plan.candidateCap, req.limit);
  const ids = candidates(db, req, match, cap);
  if (ids.length === 0) return { hits: [], candidates: 0, capped: false };

  const ranked = req.order === 'newest'
    ? ids.slice(0, req.limit).map((id) => ({ id, score: null as number | null }))
    : rank(db, req, ids, plan.dfExact).slice(0, req.limit);
  const rows = ticketsById(db, ranked.map((r) => r.id));
  return {
    hits: ranked.flatMap((r) => {
      const row = rows.get(r.id);
      return row ? [{ row, score: r.score }] : [];
    }),
    candidates: ids.length,
    capped: ids.length >= cap,
  };
}

/** The newest `cap` matching tickets the filter allows, newest first. */
function candidates(db: Database.Database, req: SearchRequest, match: string, cap: number): number[] {
  const { cond, params } = whereOf(req.filter);
  const exclude = req.excludeTicketId ?? 0;
  const visible = (stmt(db, `SELECT count(*) AS n FROM (SELECT 1 FROM tickets t WHERE ${cond} LIMIT ${TICKET_DRIVEN_BELOW})`)
    .get(...params) as { n: number }).n;
  const ticketDriven = visible < TICKET_DRIVEN_BELOW;
  const sql = ticketDriven
    ? `SELECT t.id FROM tickets t WHERE ${cond} AND t.id <> ?
       AND EXISTS (SELECT 1 FROM ticket_fts f WHERE f.ticket_fts MATCH ? AND f.rowid = t.id)
       ORDER BY t.id DESC LIMIT ${cap}`
    : `SELECT t.id FROM ticket_fts f JOIN tickets t ON t.id = f.rowid
       WHERE f.ticket_fts MATCH ? AND ${cond} AND t.id <> ?
       ORDER BY f.rowid DESC LIMIT ${cap}`;
  const args = ticketDriven ? [...params, exclude, match] : [match, ...params, exclude];
  return (stmt(db, sql).all(...args) as Array<{ id: number }>).map((r) => r.id);
}

/** BM25 over the candidates' text, best first (newest first among equals). */
function rank(db: Database.Database, req: SearchRequest, ids: number[], dfExact: number): Array<{ id: number; score: number }> {
  const terms: RankTerm[] = highlightTerms(req.query);
  const user = req.filter.scope.kind === 'user';
  const rows = stmt(db, 'SELECT id, subject, public, internal FROM ticket_fts_source WHERE id IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(ids)) as Array<{ id: number; subject: string; public: string; internal: string }>;
  // End users' searches never look at internal notes, not even for a score.
  const docs = rows.map((d) => ({ id: d.id, tf: termFrequencies(user ? [d.subject, d.public] : [d.subject, d.public, d.internal], WEIGHTS, terms) }));
  const stats = user ? ownStats(db, terms, req.filter, docs) : corpusStats(db, terms, req.filter, dfExact);
  const scored = docs.map((d) => ({ id: d.id, score: bm25Score(d.tf, stats) }));
  return scored.sort((a, b) => b.score - a.score || b.id - a.id);
}

/**
 * An end user's statistics come from their own tickets only: a score computed over everyone's
 * would tell them how common a word is in tickets they may not see.
 */
function ownStats(db: Database.Database, terms: RankTerm[], filter: TicketFilter, docs: Array<{ tf: TermFrequencies }>): CorpusStats {
  const { cond, params } = whereOf({ scope: filter.scope, queue: 'all', meAgentId: null, sort: 'created', limit: null, now: filter.now });
  const visible = (stmt(db, `SELECT count(*) AS n FROM tickets t WHERE ${cond}`).get(...params) as { n: number }).n;
  const df = terms.map((term) => {
    const phrase: SearchQuery = { type: 'phrase', tokens: [...term.tokens], prefix: term.prefix };
    return (stmt(db, `SELECT count(*) AS n FROM tickets t WHERE ${cond}
      AND EXISTS (SELECT 1 FROM ticket_fts f WHERE f.ticket_fts MATCH ? AND f.rowid = t.id)`)
      .get(...params, ftsMatch(phrase, filter.scope)) as { n: number }).n;
  });
  const lengths = docs.map((d) => d.tf.length);
  return { docs: Math.max(visible, 1), avgLength: lengths.reduce((a, b) => a + b, 0) / Math.max(lengths.length, 1), df };
}

/** Index size, average document length and each term's document frequency. */
function corpusStats(db: Database.Database, terms: RankTerm[], filter: TicketFilter, dfExact: number): CorpusStats {
  const totals = indexTotals(db);
  const maxId = (stmt(db, 'SELECT COALESCE(max(id), 0) AS n FROM tickets').get() as { n: number }).n;
  const docs = totals?.docs ?? maxId;
  const df = terms.map((term) => {
    const phrase: SearchQuery = { type: 'phrase', tokens: [...term.tokens], prefix: term.prefix };
    const probe = stmt(db, `SELECT count(*) AS n, min(rowid) AS lo FROM
      (SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH ? ORDER BY rowid DESC LIMIT ?)`)
      .get(ftsMatch(phrase, filter.scope), dfExact) as { n: number; lo: number | null };
    if (probe.n < dfExact || probe.lo === null) return probe.n;
    // The newest dfExact matches lie among the tickets from `lo` up: assume the rest are as dense.
    return Math.min(docs, Math.round((probe.n * docs) / Math.max(1, maxId - probe.lo + 1)));
  });
  return { docs: Math.max(docs, 1), avgLength: totals?.avgLength ?? 100, df };
}

/**
 * FTS5's totals record (row 1 of ticket_fts_data): the number of documents, then the tokens in
 * each column, as SQLite varints. Null when it cannot be read.
 */
function indexTotals(db: Database.Database): { docs: number; avgLength: number } | null {
  const row = stmt(db, 'SELECT block FROM ticket_fts_data WHERE id = 1').get() as { block: Buffer } | undefined;
  if (!row || !Buffer.isBuffer(row.block)) return null;
  const values: number[] = [];
  let i = 0;
  while (i < row.block.length) {
    const [value, next] = readVarint(row.block, i);
    values.push(value);
    i = next;
  }
  const [docs, ...columns] = values;
  if (!docs || columns.length === 0) return null;
  return { docs, avgLength: columns.reduce((a, b) => a + b, 0) / docs };
}

/** A SQLite varint (1–9 bytes, big-endian, 7 bits a byte; the ninth byte gives all 8). */
function readVarint(buf: Buffer, at: number): [number, number] {
  let value = 0;
  for (let k = 0; k < 8; k++) {
    const byte = buf[at + k]!;
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return [value, at + k + 1];
  }
  return [value * 256 + buf[at + 8]!, at + 9];
}

function ticketsById(db: Database.Database, ids: number[]): Map<number, TicketRow> {
  const rows = stmt(db, `${TICKET_SELECT} WHERE t.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as TicketRow[];
  return new Map(rows.map((r) => [r.id, r]));
}

/** How `ticket list --search` plans (tests choose small numbers to exercise both plans). */
export interface ListPlanning {
  /** Matches from which the list is walked and each ticket probed (a common word). */
  commonMatches: number;
  /** Tickets of the list read at first while walking it; doubles page by page. */
  firstPage: number;
  /** A walk that probed this many tickets without filling the page gives up for the matches-first plan. */
  walkLimit: number;
}

const PLANNING: ListPlanning = { commonMatches: 20_000, firstPage: 200, walkLimit: 20_000 };

/** A ticket list filtered by a search, in the list's own order; and its total, exact or estimated. */
export interface MatchingList { rows: TicketRow[]; total: number | null; estimated: boolean }

/** `ticket list --search`: see the module comment. `filter.search` must be set. */
export function listMatching(db: Database.Database, filter: TicketFilter, withTotal: boolean, plan = PLANNING): MatchingList {
  const match = ftsMatch(filter.search!, filter.scope);
  const matches = (stmt(db, 'SELECT count(*) AS n FROM (SELECT 1 FROM ticket_fts WHERE ticket_fts MATCH ? LIMIT ?)')
    .get(match, plan.commonMatches) as { n: number }).n;
  const common = matches >= plan.commonMatches && filter.limit !== null;
  return (common && walkList(db, filter, match, withTotal, plan)) || fromMatches(db, filter, withTotal);
}

/** The list with its search as a WHERE clause: the matches first, then the list's order. */
function fromMatches(db: Database.Database, filter: TicketFilter, withTotal: boolean): MatchingList {
  const where = ticketWhere(filter);
  const limit = filter.limit === null ? '' : ` LIMIT ${Math.max(0, Math.floor(filter.limit))}`;
  const rows = stmt(db, `${TICKET_SELECT} ${where.sql} ${ticketOrder(filter)}${limit}`).all(...where.params) as TicketRow[];
  const full = filter.limit !== null && rows.length >= filter.limit;
  const total = !withTotal ? null
    : full ? (stmt(db, `SELECT count(*) AS n FROM tickets t ${where.sql}`).get(...where.params) as { n: number }).n : rows.length;
  return { rows, total, estimated: false };
}

/**
 * Walks the list without its search in order, keeping the tickets the index says match; null when
 * the words turn out to be rare in this list after all (walkLimit).
 */
function walkList(db: Database.Database, filter: TicketFilter, match: string, withTotal: boolean, plan: ListPlanning): MatchingList | null {
  const plain = { ...filter, search: undefined };
  const where = ticketWhere(plain);
  const page = stmt(db, `SELECT t.id FROM tickets t ${where.sql} ${ticketOrder(plain)} LIMIT ? OFFSET ?`);
  // better-sqlite3 binds a JS number as a REAL, and FTS5 ignores a rowid = constraint that is not an
  // integer (it would answer whether *any* ticket matches): hence the CAST.
  const probe = stmt(db, 'SELECT 1 AS hit FROM ticket_fts WHERE ticket_fts MATCH ? AND rowid = CAST(? AS INTEGER)');
  const want = Math.max(0, Math.floor(filter.limit!));
  const kept: number[] = [];
  let walked = 0;
  let size = plan.firstPage;
  let ended = false;
  while (kept.length < want && !ended) {
    if (walked >= plan.walkLimit) return null;
    const ids = (page.all(...where.params, size, walked) as Array<{ id: number }>).map((r) => r.id);
    ended = ids.length < size;
    for (const id of ids) {
      walked++;
      if (probe.get(match, id) && kept.push(id) >= want) break;
    }
    size *= 2;
  }
  const byId = ticketsById(db, kept);
  const rows = kept.flatMap((id) => byId.get(id) ?? []);
  if (!withTotal) return { rows, total: null, estimated: false };
  if (ended && kept.length < want) return { rows, total: rows.length, estimated: false };
  // Counting every match of a common word would mean probing the whole list: estimate it from
  // how many of the tickets walked so far matched.
  const listed = (stmt(db, `SELECT count(*) AS n FROM tickets t ${where.sql}`).get(...where.params) as { n: number }).n;
  return { rows, total: Math.max(rows.length, Math.round((listed * kept.length) / Math.max(1, walked))), estimated: true };
}
