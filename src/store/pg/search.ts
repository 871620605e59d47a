/**
 * Search on PostgreSQL: the same three-step plan as the SQLite store (store/sqlite-search.ts
 * explains it) — the newest matching candidates the actor may see, corpus statistics, BM25 in
 * core/rank.ts over the candidates' text — so both stores rank alike; the index is search-index.ts.
 */
import { bm25Score, termFrequencies, type CorpusStats, type RankTerm, type TermFrequencies } from '../../core/rank.js';
import { highlightTerms, type SearchQuery } from '../../core/search.js';
import type { SearchRequest, SearchResult, TicketFilter, TicketRow } from '../types.js';
import type { PgConn } from './conn.js';
import { indexTicket, resumeIndex, searchCondition, SOURCE_SELECT, setDeferred, tsQuery, type SourceRow } from './search-index.js';
import { Params, TICKET_SELECT, ticketOrder, ticketWhere } from './ticket-query.js';

export { indexTicket, searchCondition };

/** The condition of a filter (TRUE for none), its parameters added to `p`. */
function cond(f: TicketFilter, p: Params): string {
  const w = ticketWhere(f, p);
  return w.sql ? w.sql.replace(/^WHERE /, '') : 'TRUE';
}
const whereOf = (c: string) => (c === 'TRUE' ? '' : `WHERE ${c}`);

/** How a ranked search plans (as in the SQLite store; tests choose small numbers). */
export interface SearchPlanning { candidateCap: number; dfExact: number }
export interface ListPlanning { commonMatches: number; firstPage: number; walkLimit: number }

const SEARCH_PLANNING: SearchPlanning = { candidateCap: 600, dfExact: 5000 };
const LIST_PLANNING: ListPlanning = { commonMatches: 20_000, firstPage: 200, walkLimit: 20_000 };
const TICKET_DRIVEN_BELOW = 5000;
const WEIGHTS = [4, 1, 1];

const int = (v: unknown): number => Number(v);

export class PgSearch {
  constructor(private readonly c: PgConn, readonly plan = SEARCH_PLANNING, readonly listPlan = LIST_PLANNING) {}

  async searchTickets(req: SearchRequest): Promise<SearchResult> {
    const cap = Math.max(this.plan.candidateCap, req.limit);
    const ids = await this.candidates(req, cap);
    if (ids.length === 0) return { hits: [], candidates: 0, capped: false };
    const ranked = req.order === 'newest'
      ? ids.slice(0, req.limit).map((id) => ({ id, score: null as number | null }))
      : (await this.rank(req, ids)).slice(0, req.limit);
    const rows = await this.ticketsById(ranked.map((r) => r.id));
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
  private async candidates(req: SearchRequest, cap: number): Promise<number[]> {
    const count = new Params();
    const visibleCond = cond({ ...req.filter, search: undefined }, count);
    const visible = int((await this.c.all<{ n: number }>(
      `SELECT count(*) AS n FROM (SELECT 1 FROM tickets t WHERE ${visibleCond} LIMIT ${TICKET_DRIVEN_BELOW}) x`, count.values))[0]!.n);
    const p = new Params();
    const where = cond({ ...req.filter, search: undefined }, p);
    const q = p.add(tsQuery(req.query, req.filter.scope));
    const exclude = p.add(req.excludeTicketId ?? 0);
    const sql = visible < TICKET_DRIVEN_BELOW
      ? `SELECT t.id FROM tickets t WHERE ${where} AND t.id <> ${exclude}
         AND EXISTS (SELECT 1 FROM ticket_search s WHERE s.ticket_id = t.id AND s.doc @@ ${q}::tsquery)
         ORDER BY t.id DESC LIMIT ${cap}`
      : `SELECT t.id FROM ticket_search s JOIN tickets t ON t.id = s.ticket_id
         WHERE s.doc @@ ${q}::tsquery AND ${where} AND t.id <> ${exclude}
         ORDER BY s.ticket_id DESC LIMIT ${cap}`;
    return (await this.c.all<{ id: number }>(sql, p.values)).map((r) => int(r.id));
  }

  /** BM25 over the candidates' text, best first (newest first among equals). */
  private async rank(req: SearchRequest, ids: number[]): Promise<Array<{ id: number; score: number }>> {
    const terms: RankTerm[] = highlightTerms(req.query);
    const user = req.filter.scope.kind === 'user';
    const rows = await this.c.all<SourceRow>(SOURCE_SELECT, [ids]);
    // End users' searches never look at internal notes, not even for a score.
    const docs = rows.map((d) => ({
      id: int(d.id), tf: termFrequencies(user ? [d.subject, d.public] : [d.subject, d.public, d.internal], WEIGHTS, terms),
    }));
    const stats = user ? await this.ownStats(terms, req.filter, docs) : await this.corpusStats(terms, req.filter);
    return docs.map((d) => ({ id: d.id, score: bm25Score(d.tf, stats) })).sort((a, b) => b.score - a.score || b.id - a.id);
  }

  /** An end user's statistics come from their own tickets only (see the SQLite store). */
  private async ownStats(terms: RankTerm[], filter: TicketFilter, docs: Array<{ tf: TermFrequencies }>): Promise<CorpusStats> {
    const scopeOnly: TicketFilter = { scope: filter.scope, queue: 'all', meAgentId: null, sort: 'created', limit: null, now: filter.now };
    const p = new Params();
    const visible = int((await this.c.all<{ n: number }>(`SELECT count(*) AS n FROM tickets t WHERE ${cond(scopeOnly, p)}`, p.values))[0]!.n);
    const df: number[] = [];
    for (const term of terms) {
      const phrase: SearchQuery = { type: 'phrase', tokens: [...term.tokens], prefix: term.prefix };
      const q = new Params();
      const where = cond({ ...scopeOnly, search: phrase }, q);
      df.push(int((await this.c.all<{ n: number }>(`SELECT count(*) AS n FROM tickets t WHERE ${where}`, q.values))[0]!.n));
    }
    const lengths = docs.map((d) => d.tf.length);
    return { docs: Math.max(visible, 1), avgLength: lengths.reduce((a, b) => a + b, 0) / Math.max(lengths.length, 1), df };
  }

  /** Index size, average document length and each term's document frequency (exact up to dfExact). */
  private async corpusStats(terms: RankTerm[], filter: TicketFilter): Promise<CorpusStats> {
    const totals = (await this.c.all<{ docs: number; tokens: number; max_id: number }>(
      'SELECT docs, tokens, (SELECT coalesce(max(id), 0) FROM tickets) AS max_id FROM ticket_search_totals'))[0]!;
    const docs = int(totals.docs) || int(totals.max_id);
    const maxId = int(totals.max_id);
    const dfExact = this.plan.dfExact;
    const df: number[] = [];
    for (const term of terms) {
      const phrase: SearchQuery = { type: 'phrase', tokens: [...term.tokens], prefix: term.prefix };
      const probe = (await this.c.all<{ n: number; lo: number | null }>(
        `SELECT count(*) AS n, min(ticket_id) AS lo FROM
          (SELECT ticket_id FROM ticket_search WHERE doc @@ $1::tsquery ORDER BY ticket_id DESC LIMIT $2) x`,
        [tsQuery(phrase, filter.scope), dfExact]))[0]!;
      const n = int(probe.n);
      if (n < dfExact || probe.lo === null) { df.push(n); continue; }
      // The newest dfExact matches lie among the tickets from `lo` up: assume the rest are as dense.
      df.push(Math.min(docs, Math.round((n * docs) / Math.max(1, maxId - int(probe.lo) + 1))));
    }
    const avgLength = int(totals.docs) > 0 ? Number(totals.tokens) / int(totals.docs) : 100;
    return { docs: Math.max(docs, 1), avgLength, df };
  }

  private async ticketsById(ids: number[]): Promise<Map<number, TicketRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.c.all<TicketRow>(`${TICKET_SELECT} WHERE t.id = ANY($1::bigint[])`, [ids]);
    return new Map(rows.map((r) => [int(r.id), r]));
  }

  /** `ticket list --search`: the list's own order, planned by how common the words are (as SQLite's). */
  async listMatchingTickets(filter: TicketFilter, withTotal: boolean): Promise<{ rows: TicketRow[]; total: number | null; estimated: boolean }> {
    const q = tsQuery(filter.search!, filter.scope);
    const matches = int((await this.c.all<{ n: number }>(
      'SELECT count(*) AS n FROM (SELECT 1 FROM ticket_search WHERE doc @@ $1::tsquery LIMIT $2) x', [q, this.listPlan.commonMatches]))[0]!.n);
    const common = matches >= this.listPlan.commonMatches && filter.limit !== null;
    return (common && (await this.walkList(filter, q, withTotal))) || this.fromMatches(filter, withTotal);
  }

  private async fromMatches(filter: TicketFilter, withTotal: boolean) {
    const p = new Params();
    const where = whereOf(cond(filter, p));
    const limit = filter.limit === null ? '' : ` LIMIT ${Math.max(0, Math.floor(filter.limit))}`;
    const rows = await this.c.all<TicketRow>(`${TICKET_SELECT} ${where} ${ticketOrder(filter)}${limit}`, p.values);
    const full = filter.limit !== null && rows.length >= filter.limit;
    const total = !withTotal ? null
      : full ? int((await this.c.all<{ n: number }>(`SELECT count(*) AS n FROM tickets t ${where}`, p.values))[0]!.n) : rows.length;
    return { rows, total, estimated: false };
  }

  /**
   * Walks the list without its search in order, keeping the tickets that match; a page of the list
   * is probed in one query (one round trip a page, not one a ticket). Null when the words turn out
   * to be rare in this list after all.
   */
  private async walkList(filter: TicketFilter, q: string, withTotal: boolean) {
    const plain = { ...filter, search: undefined };
    const p = new Params();
    const where = whereOf(cond(plain, p));
    const want = Math.max(0, Math.floor(filter.limit!));
    const kept: number[] = [];
    let walked = 0;
    let size = this.listPlan.firstPage;
    let ended = false;
    while (kept.length < want && !ended) {
      if (walked >= this.listPlan.walkLimit) return null;
      const ids = (await this.c.all<{ id: number }>(
        `SELECT t.id FROM tickets t ${where} ${ticketOrder(plain)} LIMIT ${size} OFFSET ${walked}`, p.values)).map((r) => int(r.id));
      ended = ids.length < size;
      const hits = new Set((await this.c.all<{ id: number }>(
        'SELECT ticket_id AS id FROM ticket_search WHERE ticket_id = ANY($1::bigint[]) AND doc @@ $2::tsquery', [ids, q])).map((r) => int(r.id)));
      for (const id of ids) {
        walked++;
        if (hits.has(id) && kept.push(id) >= want) break;
      }
      size *= 2;
    }
    const byId = await this.ticketsById(kept);
    const rows = kept.flatMap((id) => byId.get(id) ?? []);
    if (!withTotal) return { rows, total: null, estimated: false };
    if (ended && kept.length < want) return { rows, total: rows.length, estimated: false };
    const listed = int((await this.c.all<{ n: number }>(`SELECT count(*) AS n FROM tickets t ${where}`, p.values))[0]!.n);
    return { rows, total: Math.max(rows.length, Math.round((listed * kept.length) / Math.max(1, walked))), estimated: true };
  }

  /** Bulk loads: this transaction's writes skip the index until resumeSearchIndex. */
  async deferSearchIndex(): Promise<void> {
    setDeferred(this.c, true);
  }

  async resumeSearchIndex(sinceId: number, optimize: boolean): Promise<void> {
    await resumeIndex(this.c, sinceId, optimize);
  }
}
