/**
 * Queries for export and import (issue 7): tickets a page at a time (keyset on id, so memory stays
 * flat however many there are), the ticket-number counter, and the search index during bulk loads.
 */
import type Database from 'better-sqlite3';
import { optimizeAfterLoad } from './sqlite-bulk.js';
import { TICKET_SELECT, ticketWhere } from './ticket-query.js';
import type { EntryRow, ExportFilter, ExportPage, TicketRow, UserRow } from './types.js';

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function stmt(db: Database.Database, sql: string): Database.Statement {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}

/** The WHERE condition (over tickets `t`) of an export, and its parameters; "1" for every ticket. */
export function exportWhere(f: ExportFilter): { cond: string; params: Array<string | number> } {
  const where = ticketWhere(f);
  const parts = where.sql ? [where.sql.replace(/^WHERE /, '')] : [];
  const params = [...where.params];
  if (f.createdFrom !== undefined) { parts.push('t.created_at >= ?'); params.push(f.createdFrom); }
  if (f.createdBefore !== undefined) { parts.push('t.created_at < ?'); params.push(f.createdBefore); }
  return { cond: parts.length ? parts.join(' AND ') : '1', params };
}

export function countExport(db: Database.Database, f: ExportFilter): number {
  const w = exportWhere(f);
  return (stmt(db, `SELECT count(*) AS n FROM tickets t WHERE ${w.cond}`).get(...w.params) as { n: number }).n;
}

export function exportPage(db: Database.Database, f: ExportFilter, afterId: number, limit: number, withThread: boolean): ExportPage {
  const w = exportWhere(f);
  const tickets = stmt(db, `${TICKET_SELECT} WHERE ${w.cond} AND t.id > ? ORDER BY t.id LIMIT ?`)
    .all(...w.params, afterId, limit) as TicketRow[];
  if (!withThread || tickets.length === 0) return { tickets, entries: [], events: [] };
  const ids = JSON.stringify(tickets.map((t) => t.id));
  const entries = stmt(db, `
    SELECT e.id, e.ticket_id, e.kind, e.title, e.body, e.created_at,
           COALESCE(a.username, u.email) AS author, COALESCE(a.name, u.name) AS author_name
    FROM thread_entries e LEFT JOIN agents a ON a.id = e.author_agent_id LEFT JOIN users u ON u.id = e.author_user_id
    WHERE e.ticket_id IN (SELECT value FROM json_each(?)) ORDER BY e.ticket_id, e.id`).all(ids) as EntryRow[];
  const events = stmt(db, `
    SELECT e.id, e.ticket_id, e.type, e.at, e.data, COALESCE(a.username, u.email) AS actor
    FROM events e LEFT JOIN agents a ON a.id = e.actor_agent_id LEFT JOIN users u ON u.id = e.actor_user_id
    WHERE e.ticket_id IN (SELECT value FROM json_each(?)) ORDER BY e.ticket_id, e.id`).all(ids) as ExportPage['events'];
  return { tickets, entries, events };
}

export function usersPage(db: Database.Database, afterId: number, limit: number): UserRow[] {
  return stmt(db, 'SELECT * FROM users WHERE id > ? ORDER BY id LIMIT ?').all(afterId, limit) as UserRow[];
}

export function ticketIdByNumber(db: Database.Database, number: string): number | null {
  return (stmt(db, 'SELECT id FROM tickets WHERE number = ?').get(number) as { id: number } | undefined)?.id ?? null;
}

export function maxTicketId(db: Database.Database): number {
  return (stmt(db, 'SELECT COALESCE(max(id), 0) AS n FROM tickets').get() as { n: number }).n;
}

export function raiseTicketCounter(db: Database.Database, number: string): void {
  stmt(db, `INSERT INTO settings(key, value) VALUES ('ticket.last_number', ?)
    ON CONFLICT(key) DO UPDATE SET value = excluded.value WHERE CAST(excluded.value AS INTEGER) > CAST(value AS INTEGER)`).run(number);
}

/** What a bulk load set aside, to put back when it resumes (per connection). */
const deferred = new WeakMap<Database.Database, { triggers: Array<{ name: string; sql: string }>; cacheSize: number }>();

/** KiB of page cache while a bulk load runs, so its index inserts stay in memory. */
const BULK_CACHE_KIB = 64 * 1024;

/**
 * Starts a bulk load inside the current write transaction. The search triggers are dropped until
 * resumeSearchIndex puts them back in the same transaction — so no other connection ever sees the
 * schema without them, and a load killed half-way rolls back to the triggers it started with.
 * (Firing them per row, even to do nothing, was half of each insert's cost; issue 8.) The
 * 'search.deferred' setting of schema version 4 is kept too, for readers of that design.
 */
export function deferSearchIndex(db: Database.Database): void {
  stmt(db, "INSERT OR IGNORE INTO settings(key, value) VALUES ('search.deferred', '1')").run();
  const triggers = stmt(db, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND substr(name, 1, 11) = 'ticket_fts_'")
    .all() as Array<{ name: string; sql: string }>;
  if (triggers.length === 0) return; // already set aside in this transaction
  const cacheSize = deferred.get(db)?.cacheSize ?? (db.pragma('cache_size', { simple: true }) as number);
  for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
  db.pragma(`cache_size = ${-BULK_CACHE_KIB}`);
  deferred.set(db, { triggers, cacheSize });
}

export function resumeSearchIndex(db: Database.Database, sinceId: number, optimize: boolean): void {
  stmt(db, "DELETE FROM settings WHERE key = 'search.deferred'").run();
  const saved = deferred.get(db);
  if (saved) {
    const exists = stmt(db, "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?");
    for (const t of saved.triggers) if (!exists.get(t.name)) db.exec(t.sql);
    db.pragma(`cache_size = ${saved.cacheSize}`);
    deferred.delete(db);
  }
  stmt(db, `INSERT INTO ticket_fts(rowid, subject, public, internal)
    SELECT id, subject, public, internal FROM ticket_fts_source WHERE id > ?`).run(sinceId);
  // After a big load, merge the index now rather than making the next writer wait for it.
  if (optimize) optimizeAfterLoad(db);
}
