/**
 * Bulk loads (issue 8): whole tickets — the row, its thread and its events — written with a handful
 * of prepared statements and positional parameters, without a round trip through the per-row Tx
 * methods. `helpdesk import` and the benchmark's generator both load through here; pair it with
 * deferSearchIndex/resumeSearchIndex so the search index is built once per ticket, not once per entry.
 */
import type Database from 'better-sqlite3';
import type { BulkTicket } from './types.js';

const TICKET_COLUMNS = [
  'number', 'subject', 'status', 'priority', 'dept_id', 'topic_id', 'sla_id', 'assignee_id', 'team_id', 'user_id',
  'source', 'created_at', 'updated_at', 'due_at', 'first_response_due_at', 'first_response_at', 'resolved_at',
  'closed_at', 'reopened_count', 'clock_start_at', 'paused_minutes', 'paused_at', 'answered',
] as const;

const INSERT_TICKET = `INSERT INTO tickets(${TICKET_COLUMNS.join(',')}) VALUES (${TICKET_COLUMNS.map(() => '?').join(',')})`;
const INSERT_ENTRY = `INSERT INTO thread_entries(ticket_id, kind, author_agent_id, author_user_id, title, body, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?)`;
const INSERT_EVENT = 'INSERT INTO events(ticket_id, type, actor_agent_id, actor_user_id, at, data) VALUES (?, ?, ?, ?, ?, ?)';

interface Statements { ticket: Database.Statement; entry: Database.Statement; event: Database.Statement }
const prepared = new WeakMap<Database.Database, Statements>();

function statements(db: Database.Database): Statements {
  let s = prepared.get(db);
  if (!s) {
    s = { ticket: db.prepare(INSERT_TICKET), entry: db.prepare(INSERT_ENTRY), event: db.prepare(INSERT_EVENT) };
    prepared.set(db, s);
  }
  return s;
}

/** Inserts the tickets in order with their entries and events; returns the new ticket ids. */
export function insertTicketsBulk(db: Database.Database, tickets: readonly BulkTicket[]): number[] {
  const s = statements(db);
  const ids: number[] = new Array<number>(tickets.length);
  const values: unknown[] = new Array<unknown>(TICKET_COLUMNS.length);
  for (let i = 0; i < tickets.length; i++) {
    const b = tickets[i]!;
    const t = b.ticket as unknown as Record<string, unknown>;
    for (let c = 0; c < TICKET_COLUMNS.length; c++) values[c] = t[TICKET_COLUMNS[c]!];
    const id = Number(s.ticket.run(values).lastInsertRowid);
    ids[i] = id;
    for (const e of b.entries) {
      s.entry.run(id, e.kind, e.author.agentId, e.author.userId, e.title, e.body, e.createdAt);
    }
    for (const e of b.events) {
      s.event.run(id, e.type, e.actor.agentId, e.actor.userId, e.at, typeof e.data === 'string' ? e.data : JSON.stringify(e.data));
    }
  }
  return ids;
}

/**
 * After a large load: merge the search index into one segment (so the next writer does not pay for
 * the merge) and refresh the query planner's statistics. Only the per-index statistics are kept:
 * SQLite re-reads its statistics each time a connection loads the schema — at every command — and
 * the sampled ones (sqlite_stat4, ~500 rows here) made that ~0.4 ms slower without changing a plan
 * the benchmark measures.
 */
export function optimizeAfterLoad(db: Database.Database): void {
  db.prepare("INSERT INTO ticket_fts(ticket_fts) VALUES ('optimize')").run();
  db.exec('ANALYZE');
  if (db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat4'").get() !== undefined) db.exec('DELETE FROM sqlite_stat4');
}
