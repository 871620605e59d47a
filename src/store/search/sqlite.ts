/**
 * The SQLite search: ranked search and searched lists (planned in sqlite-plan.ts), and the search
 * index set aside while a bulk load runs.
 */
import { SqliteQueries } from '../sqlite-queries.js';
import type { TicketFilter } from '../tickets/types.js';
import { optimizeAfterLoad } from '../transfer/sqlite.js';
import { listMatching, searchTickets } from './sqlite-plan.js';
import type { SearchRequest, SearchTx } from './types.js';

/**
 * KiB of page cache while a bulk load runs: 8 MiB holds the pages the load appends to (tables and the
 * indexes it keeps are written in id order). It also bounds the sorter of each index built after
 * the load, which spills to temporary files past it. At 64 MiB (before) the peak memory grew with the
 * file: 153 MB for 20,000 tickets, 225 MB for 100,000, 288-299 MB for 1,000,000 (the cache filling
 * up, then the sorters); at 4 MiB the 1M import peaked at 167 MB for ~3 % more CPU (its sorters
 * spilling more).
 */
const BULK_CACHE_KIB = 8 * 1024;

export class SqliteSearch extends SqliteQueries implements SearchTx {
  /** What a bulk load set aside, to put back when it resumes. */
  private deferred: { triggers: Array<{ name: string; sql: string }>; cacheSize: number } | null = null;

  async searchTickets(req: SearchRequest) {
    return searchTickets(this.db, req);
  }
  async listMatchingTickets(filter: TicketFilter, withTotal: boolean) {
    return listMatching(this.db, filter, withTotal);
  }

  /**
   * Starts a bulk load inside the current write transaction. The search triggers are dropped until
   * resumeSearchIndex puts them back in the same transaction — so no other connection ever sees the
   * schema without them, and a load killed half-way rolls back to the triggers it started with.
   * (Firing them per row, even to do nothing, was half of each insert's cost.) The 'search.deferred'
   * setting of schema version 4 is kept too, for readers of that design.
   */
  async deferSearchIndex() {
    this.run("INSERT OR IGNORE INTO settings(key, value) VALUES ('search.deferred', '1')");
    const triggers = this.all<{ name: string; sql: string }>(
      "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND substr(name, 1, 11) = 'ticket_fts_'");
    if (triggers.length === 0) return; // already set aside in this transaction
    const cacheSize = this.deferred?.cacheSize ?? (this.db.pragma('cache_size', { simple: true }) as number);
    for (const t of triggers) this.db.exec(`DROP TRIGGER "${t.name}"`);
    this.db.pragma(`cache_size = ${-BULK_CACHE_KIB}`);
    this.deferred = { triggers, cacheSize };
  }

  async resumeSearchIndex(sinceId: number, optimize: boolean) {
    this.run("DELETE FROM settings WHERE key = 'search.deferred'");
    const saved = this.deferred;
    if (saved) {
      for (const t of saved.triggers) {
        if (!this.get("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?", t.name)) this.db.exec(t.sql);
      }
      this.db.pragma(`cache_size = ${saved.cacheSize}`);
      this.deferred = null;
    }
    this.run(`INSERT INTO ticket_fts(rowid, subject, public, internal)
      SELECT id, subject, public, internal FROM ticket_fts_source WHERE id > ?`, sinceId);
    // After a big load, merge the index now rather than making the next writer wait for it.
    if (optimize) optimizeAfterLoad(this.db);
  }
}
