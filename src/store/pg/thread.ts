/**
 * Thread entries and events on PostgreSQL, as SqliteTx reads and writes them: oldest
 * first, the author by username or email, the system's events by 'system'.
 */
import type { AuthorRef, EntryRow, EventRow, ThreadTx } from '../types.js';
import type { PgConn, PgParam } from './conn.js';
import { insertedSubject } from './group-cache.js';
import { documentVector, indexTicket, insertIndexedEntry, isDeferred } from './search-index.js';
import { related } from './related.js';

// The author and actor are looked up row by row (a scalar subquery each), never joined: with a join
// the planner may hash the whole users table for the few entries of one ticket (0.8 ms of server CPU
// at each ticket create, most of it, on a 20,000-ticket desk whose statistics had not caught up).
const agentCol = (col: string, id: string) => `(SELECT a.${col} FROM agents a WHERE a.id = ${id})`;
const userCol = (col: string, id: string) => `(SELECT u.${col} FROM users u WHERE u.id = ${id})`;
/** What a read of the thread shows of each entry `e` (also read from a new ticket's insert, tickets.ts). */
export const ENTRY_COLUMNS = `e.id, e.ticket_id, e.kind, e.title, e.body, e.created_at,
       COALESCE(${agentCol('username', 'e.author_agent_id')}, ${userCol('email', 'e.author_user_id')}) AS author,
       COALESCE(${agentCol('name', 'e.author_agent_id')}, ${userCol('name', 'e.author_user_id')}) AS author_name`;
/** The same for each event `e`. */
export const EVENT_COLUMNS = `e.id, e.ticket_id, e.type, e.at, e.data,
       COALESCE(${agentCol('username', 'e.actor_agent_id')}, ${userCol('email', 'e.actor_user_id')}, 'system') AS actor`;
export const ENTRIES = related('ticket', 'entries', `SELECT ${ENTRY_COLUMNS} FROM thread_entries e WHERE e.ticket_id = $1 ORDER BY e.id`);
export const EVENTS = related('ticket', 'events', `SELECT ${EVENT_COLUMNS} FROM events e WHERE e.ticket_id = $1 ORDER BY e.id`);

export const INSERT_ENTRY = `INSERT INTO thread_entries(ticket_id, kind, author_agent_id, author_user_id, title, body, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`;

export class PgThread implements ThreadTx {
  constructor(private readonly c: PgConn) {}

  async insertEntry(e: { ticketId: number; kind: string; author: AuthorRef; title: string | null; body: string; createdAt: string }) {
    const params = [e.ticketId, e.kind, e.author.agentId, e.author.userId, e.title, e.body, e.createdAt];
    const subject = isDeferred(this.c) ? undefined : insertedSubject(this.c, e.ticketId);
    if (subject !== undefined) {
      const id = await this.insertFirstEntry(e, params, subject);
      if (id !== null) return id;
    }
    // The ticket's search document follows its thread, in the same round trips (search-index.ts).
    return insertIndexedEntry(this.c, `${INSERT_ENTRY} RETURNING id, kind, title, body`, params);
  }

  /**
   * The first entry of a ticket this write group inserted (a new ticket's first message): its
   * document is its subject and this entry, made here, so the insert, the lock of the ticket's row
   * and the document (with the totals) take one statement instead of two. The document is written
   * only when the row says the same — that subject, and no entry before this one; else (null) the
   * entry is in and the document is made from the row and thread as any other entry's is.
   */
  private async insertFirstEntry(e: { ticketId: number; kind: string; title: string | null; body: string }, params: PgParam[], subject: string): Promise<number | null> {
    const note = e.kind === 'note';
    const d = documentVector(subject, note ? '' : e.body, note ? `${e.title === null ? '' : `${e.title}\n`}${e.body}` : '');
    const row = await this.c.one<{ entry_id: number; indexed: number }>(`WITH e AS (${INSERT_ENTRY} RETURNING id),
      t AS (SELECT id FROM tickets WHERE id = $1 AND subject = $8
        AND NOT EXISTS (SELECT 1 FROM thread_entries WHERE ticket_id = $1) FOR NO KEY UPDATE),
      old AS (SELECT length FROM ticket_search WHERE ticket_id IN (SELECT id FROM t)),
      up AS (INSERT INTO ticket_search(ticket_id, doc, length) SELECT id, $9::tsvector, $10::int FROM t
        ON CONFLICT (ticket_id) DO UPDATE SET doc = excluded.doc, length = excluded.length RETURNING length),
      n AS (UPDATE ticket_search_totals SET
        docs = docs + (SELECT count(*) FROM up) - (SELECT count(*) FROM old),
        tokens = tokens + (SELECT coalesce(sum(length), 0) FROM up) - (SELECT coalesce(sum(length), 0) FROM old))
      SELECT (SELECT id FROM e) AS entry_id, (SELECT count(*) FROM up) AS indexed`, [...params, subject, d.vector, d.length]);
    if (!row || row.entry_id === null) throw new Error('insert returned no id: thread_entries');
    if (Number(row.indexed) === 1) return Number(row.entry_id);
    await indexTicket(this.c, e.ticketId);
    return Number(row.entry_id);
  }
  async entriesOf(ticketId: number) {
    return this.c.related<EntryRow>(ENTRIES, ticketId);
  }
  async insertEvent(e: { ticketId: number; type: string; actor: AuthorRef; at: string; data: object }) {
    return this.c.insert(
      `INSERT INTO events(ticket_id, type, actor_agent_id, actor_user_id, at, data) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [e.ticketId, e.type, e.actor.agentId, e.actor.userId, e.at, JSON.stringify(e.data)],
    );
  }
  async eventsOf(ticketId: number) {
    return this.c.related<EventRow>(EVENTS, ticketId);
  }
  async entryIdAt(ticketId: number, index: number) {
    return (await this.c.one<{ id: number }>('SELECT id FROM thread_entries WHERE ticket_id = $1 ORDER BY id LIMIT 1 OFFSET $2', [ticketId, index]))?.id ?? null;
  }
}
