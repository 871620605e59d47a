/** A ticket's thread (messages and notes) and its event history. */
import type { EntryKind, EventType } from '../../core/model.js';

/** Who wrote an entry or caused an event: exactly one of the two ids, or neither for the system. */
export interface AuthorRef { agentId: number | null; userId: number | null }

export interface EntryRow {
  id: number; ticket_id: number; kind: EntryKind; author: string; author_name: string;
  title: string | null; body: string; created_at: string;
}
export interface EventRow { id: number; ticket_id: number; type: EventType; actor: string; at: string; data: string }

/** A thread entry to write (its ticket given beside it). */
export interface NewEntry { kind: EntryKind; author: AuthorRef; title: string | null; body: string; createdAt: string }
/** An event to write (its ticket given beside it). */
export interface NewEvent { type: EventType; actor: AuthorRef; at: string; data: object }

export interface ThreadTx {
  insertEntry(e: NewEntry & { ticketId: number }): Promise<number>;
  /** A ticket's entries, oldest first. */
  entriesOf(ticketId: number): Promise<EntryRow[]>;
  insertEvent(e: NewEvent & { ticketId: number }): Promise<number>;
  /** A ticket's events, oldest first; actor 'system' when nobody caused it. */
  eventsOf(ticketId: number): Promise<EventRow[]>;
  /** The id of a ticket's thread entry at `index` (0-based, oldest first), or null. */
  entryIdAt(ticketId: number, index: number): Promise<number | null>;
}
