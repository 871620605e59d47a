/**
 * Thread entries and events on PostgreSQL, as SqliteTx reads and writes them: oldest
 * first, the author by username or email, the system's events by 'system'.
 */
import type { EntryRow, EventRow, NewEntry, NewEvent, ThreadTx } from '../types.js';
import type { PgConn } from './conn.js';
import { insertIndexedEntry } from './search-index.js';
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

  async insertEntry(e: NewEntry & { ticketId: number }) {
    // The ticket's search document follows its thread, in the same round trips (search-index.ts).
    return insertIndexedEntry(this.c, `${INSERT_ENTRY} RETURNING id, kind, title, body`, [e.ticketId, e.kind, e.author.agentId, e.author.userId, e.title, e.body, e.createdAt]);
  }
  async entriesOf(ticketId: number) {
    return this.c.related<EntryRow>(ENTRIES, ticketId);
  }
  async insertEvent(e: NewEvent & { ticketId: number }) {
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
