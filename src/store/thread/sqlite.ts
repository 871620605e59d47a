/** The SQLite thread entries and events of tickets. */
import { SqliteQueries } from '../sqlite-queries.js';
import type { EntryRow, EventRow, NewEntry, NewEvent, ThreadTx } from './types.js';

export const INSERT_ENTRY_SQL = 'INSERT INTO thread_entries(ticket_id, kind, author_agent_id, author_user_id, title, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)';
export const INSERT_EVENT_SQL = 'INSERT INTO events(ticket_id, type, actor_agent_id, actor_user_id, at, data) VALUES (?, ?, ?, ?, ?, ?)';
export const entryParams = (ticketId: number, e: NewEntry) => [ticketId, e.kind, e.author.agentId, e.author.userId, e.title, e.body, e.createdAt];
export const eventParams = (ticketId: number, e: NewEvent) => [ticketId, e.type, e.actor.agentId, e.actor.userId, e.at, JSON.stringify(e.data)];

export class SqliteThread extends SqliteQueries implements ThreadTx {
  async insertEntry(e: NewEntry & { ticketId: number }) {
    return this.run(INSERT_ENTRY_SQL, ...entryParams(e.ticketId, e));
  }
  async entriesOf(ticketId: number) {
    return this.all<EntryRow>(
      `SELECT e.id, e.ticket_id, e.kind, e.title, e.body, e.created_at,
              COALESCE(a.username, u.email) AS author, COALESCE(a.name, u.name) AS author_name
       FROM thread_entries e LEFT JOIN agents a ON a.id = e.author_agent_id LEFT JOIN users u ON u.id = e.author_user_id
       WHERE e.ticket_id = ? ORDER BY e.id`, ticketId,
    );
  }
  async insertEvent(e: NewEvent & { ticketId: number }) {
    return this.run(INSERT_EVENT_SQL, ...eventParams(e.ticketId, e));
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
