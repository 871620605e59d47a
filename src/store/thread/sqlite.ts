/** The SQLite thread entries and events of tickets. */
import { SqliteQueries } from '../sqlite-queries.js';
import type { AuthorRef, EntryRow, EventRow, ThreadTx } from './types.js';

export class SqliteThread extends SqliteQueries implements ThreadTx {
  async insertEntry(e: { ticketId: number; kind: string; author: AuthorRef; title: string | null; body: string; createdAt: string }) {
    return this.run(
      'INSERT INTO thread_entries(ticket_id, kind, author_agent_id, author_user_id, title, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      e.ticketId, e.kind, e.author.agentId, e.author.userId, e.title, e.body, e.createdAt,
    );
  }
  async entriesOf(ticketId: number) {
    return this.all<EntryRow>(
      `SELECT e.id, e.ticket_id, e.kind, e.title, e.body, e.created_at,
              COALESCE(a.username, u.email) AS author, COALESCE(a.name, u.name) AS author_name
       FROM thread_entries e LEFT JOIN agents a ON a.id = e.author_agent_id LEFT JOIN users u ON u.id = e.author_user_id
       WHERE e.ticket_id = ? ORDER BY e.id`, ticketId,
    );
  }
  async insertEvent(e: { ticketId: number; type: string; actor: AuthorRef; at: string; data: object }) {
    return this.run(
      'INSERT INTO events(ticket_id, type, actor_agent_id, actor_user_id, at, data) VALUES (?, ?, ?, ?, ?, ?)',
      e.ticketId, e.type, e.actor.agentId, e.actor.userId, e.at, JSON.stringify(e.data),
    );
  }
  async eventsOf(ticketId: number) {
    return this.all<EventRow>(
      `SELECT e.id, e.ticket_id, e.type, e.at, e.data, COALESCE(a.username, u.email, 'system') AS actor
       FROM events e LEFT JOIN agents a ON a.id = e.actor_agent_id LEFT JOIN users u ON u.id = e.actor_user_id
       WHERE e.ticket_id = ? ORDER BY e.id`, ticketId,
    );
  }
  async entryIdAt(ticketId: number, index: number) {
    return this.get<{ id: number }>('SELECT id FROM thread_entries WHERE ticket_id = ? ORDER BY id LIMIT 1 OFFSET ?', ticketId, index)?.id ?? null;
  }
}
