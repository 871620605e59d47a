/**
 * Queries for export and import (issue 7): tickets a page at a time (keyset on id, so memory stays
 * flat however many there are), the ticket-number counter, and the search index during bulk loads.
 * Statements are prepared once per connection (SqliteQueries).
 */
import { optimizeAfterLoad } from './sqlite-bulk.js';
import { SqliteQueries } from './sqlite-queries.js';
import { TICKET_SELECT, ticketWhere } from './ticket-query.js';
import type { EntryRow, ExportFilter, ExportPage, TicketRow, UserRow } from './types.js';

/** The WHERE condition (over tickets `t`) of an export, and its parameters; "1" for every ticket. */
export function exportWhere(f: ExportFilter): { cond: string; params: Array<string | number> } {
  const where = ticketWhere(f);
  const parts = where.sql ? [where.sql.replace(/^WHERE /, '')] : [];
  const params = [...where.params];
  if (f.createdFrom !== undefined) { parts.push('t.created_at >= ?'); params.push(f.createdFrom); }
  if (f.createdBefore !== undefined) { parts.push('t.created_at < ?'); params.push(f.createdBefore); }
  return { cond: parts.length ? parts.join(' AND ') : '1', params };
}

/** KiB of page cache while a bulk load runs, so its index inserts stay in memory. */
const BULK_CACHE_KIB = 64 * 1024;

/** One per connection (SqliteTx delegates here). */
export class SqliteTransfer extends SqliteQueries {
  /** What a bulk load set aside, to put back when it resumes. */
  private deferred: { triggers: Array<{ name: string; sql: string }>; cacheSize: number } | null = null;

  countExport(f: ExportFilter): number {
    const w = exportWhere(f);
    return this.get<{ n: number }>(`SELECT count(*) AS n FROM tickets t WHERE ${w.cond}`, ...w.params)!.n;
  }

  exportPage(f: ExportFilter, afterId: number, limit: number, withThread: boolean): ExportPage {
    const w = exportWhere(f);
    const tickets = this.all<TicketRow>(`${TICKET_SELECT} WHERE ${w.cond} AND t.id > ? ORDER BY t.id LIMIT ?`, ...w.params, afterId, limit);
    if (!withThread || tickets.length === 0) return { tickets, entries: [], events: [] };
    const ids = JSON.stringify(tickets.map((t) => t.id));
    const entries = this.all<EntryRow>(`
      SELECT e.id, e.ticket_id, e.kind, e.title, e.body, e.created_at,
             COALESCE(a.username, u.email) AS author, COALESCE(a.name, u.name) AS author_name
      FROM thread_entries e LEFT JOIN agents a ON a.id = e.author_agent_id LEFT JOIN users u ON u.id = e.author_user_id
      WHERE e.ticket_id IN (SELECT value FROM json_each(?)) ORDER BY e.ticket_id, e.id`, ids);
    const events = this.all<ExportPage['events'][number]>(`
      SELECT e.id, e.ticket_id, e.type, e.at, e.data, COALESCE(a.username, u.email) AS actor
      FROM events e LEFT JOIN agents a ON a.id = e.actor_agent_id LEFT JOIN users u ON u.id = e.actor_user_id
      WHERE e.ticket_id IN (SELECT value FROM json_each(?)) ORDER BY e.ticket_id, e.id`, ids);
    return { tickets, entries, events };
  }

  usersPage(afterId: number, limit: number): UserRow[] {
    return this.all<UserRow>('SELECT * FROM users WHERE id > ? ORDER BY id LIMIT ?', afterId, limit);
  }

  ticketIdByNumber(number: string): number | null {
    return this.get<{ id: number }>('SELECT id FROM tickets WHERE number = ?', number)?.id ?? null;
  }

  maxTicketId(): number {
    return this.get<{ n: number }>('SELECT COALESCE(max(id), 0) AS n FROM tickets')!.n;
  }

  raiseTicketCounter(number: string): void {
    this.run(`INSERT INTO settings(key, value) VALUES ('ticket.last_number', ?)
      ON CONFLICT(key) DO UPDATE SET value = excluded.value WHERE CAST(excluded.value AS INTEGER) > CAST(value AS INTEGER)`, number);
  }

  /**
   * Starts a bulk load inside the current write transaction. The search triggers are dropped until
   * resumeSearchIndex puts them back in the same transaction — so no other connection ever sees the
   * schema without them, and a load killed half-way rolls back to the triggers it started with.
   * (Firing them per row, even to do nothing, was half of each insert's cost; issue 8.) The
   * 'search.deferred' setting of schema version 4 is kept too, for readers of that design.
   */
  deferSearchIndex(): void {
    this.run("INSERT OR IGNORE INTO settings(key, value) VALUES ('search.deferred', '1')");
    const triggers = this.all<{ name: string; sql: string }>(
      "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND substr(name, 1, 11) = 'ticket_fts_'");
    if (triggers.length === 0) return; // already set aside in this transaction
    const cacheSize = this.deferred?.cacheSize ?? (this.db.pragma('cache_size', { simple: true }) as number);
    for (const t of triggers) this.db.exec(`DROP TRIGGER "${t.name}"`);
    this.db.pragma(`cache_size = ${-BULK_CACHE_KIB}`);
    this.deferred = { triggers, cacheSize };
  }

  resumeSearchIndex(sinceId: number, optimize: boolean): void {
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
