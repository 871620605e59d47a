/**
 * Thread entries and events on PostgreSQL, as SqliteTx reads and writes them: oldest
 * first, the author by username or email, the system's events by 'system'.
 */
import type { AuthorRef, EntryRow, EventRow, ThreadTx } from '../types.js';
import type { PgConn } from './conn.js';
import { insertIndexedEntry } from './search-index.js';
import { related } from './related.js';

const ENTRIES = related('ticket', 'entries', `SELECT e.id, e.ticket_id, e.kind, e.title, e.body, e.created_at,
       COALESCE(a.username, u.email) AS author, COALESCE(a.name, u.name) AS author_name
  FROM thread_entries e LEFT JOIN agents a ON a.id = e.author_agent_id LEFT JOIN users u ON u.id = e.author_user_id
  WHERE e.ticket_id = $1 ORDER BY e.id`);
const EVENTS = related('ticket', 'events', `SELECT e.id, e.ticket_id, e.type, e.at, e.data, COALESCE(a.username, u.email, 'system') AS actor
  FROM events e LEFT JOIN agents a ON a.id = e.actor_agent_id LEFT JOIN users u ON u.id = e.actor_user_id
  WHERE e.ticket_id = $1 ORDER BY e.id`);

export class PgThread implements ThreadTx {
  constructor(private readonly c: PgConn) {}

  async insertEntry(e: { ticketId: number; kind: string; author: AuthorRef; title: string | null; body: string; createdAt: string }) {
    // The ticket's search document follows its thread, in the same round trips (search-index.ts).
    return insertIndexedEntry(this.c,
      `INSERT INTO thread_entries(ticket_id, kind, author_agent_id, author_user_id, title, body, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, kind, title, body`,
      [e.ticketId, e.kind, e.author.agentId, e.author.userId, e.title, e.body, e.createdAt]);
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
