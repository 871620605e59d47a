/**
 * Export, import and bulk loads: tickets with their thread a page at a time (keyset on id), the mail
 * data that goes with them, and whole tickets written in one call.
 */
import type { EntryKind, EventType } from '../../core/model.js';
import type { OutboxRow } from '../mail/types.js';
import type { AuthorRef, EntryRow, EventRow } from '../thread/types.js';
import type { NewTicket, TicketFilter, TicketRow } from '../tickets/types.js';

/** Which tickets an export holds: a list filter plus a creation window. */
export interface ExportFilter extends TicketFilter {
  createdFrom?: string;
  createdBefore?: string;
}

export interface ExportPage {
  tickets: TicketRow[];
  /** Entries of the page's tickets in order; author is null for none. */
  entries: EntryRow[];
  /** Events of the page's tickets in order; actor is null for the system. */
  events: Array<Omit<EventRow, 'actor'> & { actor: string | null }>;
}

/** One ticket for insertTicketsBulk, every name already resolved to its id. */
export interface BulkTicket {
  ticket: NewTicket;
  entries: ReadonlyArray<{ kind: EntryKind; author: AuthorRef; title: string | null; body: string; createdAt: string }>;
  /** `data` as an object, or already as its JSON text. */
  events: ReadonlyArray<{ type: EventType; actor: AuthorRef; at: string; data: object | string }>;
}

/** An attachment as exported: its ticket by number and its thread entry by position. */
export interface TransferAttachmentRow {
  id: number; ticket: string; thread_index: number | null; filename: string; content_type: string; size: number; created_at: string;
}
export interface TransferOutboxRow {
  id: number; ticket: string | null; kind: string; to_addr: string; subject: string; body: string; message_id: string;
  in_reply_to: string | null; references_hdr: string | null; status: OutboxRow['status']; attempts: number;
  last_error: string | null; next_attempt_at: string | null; created_at: string; sent_at: string | null;
  /** Cc addresses, and the thread entry the message carries (by position); schema 11. */
  cc_addrs?: string | null; thread_index?: number | null;
}
export interface TransferInboundRow {
  id: number; ticket: string | null; thread_index: number | null; message_id: string; outcome: 'created' | 'message' | 'note';
  from_addr: string; subject: string; received_at: string;
}
/** A satisfaction rating of an export's ticket, its end user by email. */
export interface TransferRatingRow { ticket_id: number; resolution: number; rating: number; comment: string | null; email: string; created_at: string }
/** A pending webhook delivery of an export's ticket, its hook by URL. */
export interface TransferDeliveryRow {
  id: number; webhook_url: string; event: string; ticket: string | null; body: string; attempts: number;
  next_attempt_at: string | null; last_error: string | null; created_at: string;
}
export type ImportedOutbox = Omit<TransferOutboxRow, 'id' | 'ticket' | 'thread_index'> & { ticket_id: number | null; entry_id?: number | null };
export type ImportedInbound = Omit<TransferInboundRow, 'id' | 'ticket' | 'thread_index'> & {
  ticket_id: number | null; entry_id: number | null; original_text: string; raw: Buffer;
};

export interface TransferTx {
  /** How many tickets an export with this filter holds. */
  countExport(filter: ExportFilter): Promise<number>;
  /** The next page of tickets after `afterId` (by id) with, when asked, their thread and events. */
  exportPage(filter: ExportFilter, afterId: number, limit: number, withThread: boolean): Promise<ExportPage>;
  /** The collaborators (end users' emails) of these tickets, ordered by ticket id, then email. */
  exportCollaborators(ticketIds: readonly number[]): Promise<Array<{ ticket_id: number; email: string }>>;
  /** The satisfaction ratings of these tickets, ordered by ticket id, then resolution. */
  exportRatings(ticketIds: readonly number[]): Promise<TransferRatingRow[]>;
  /** The next page (by id) of pending webhook deliveries of the export's tickets (unfiltered: also those of no ticket). */
  exportDeliveries(filter: ExportFilter, afterId: number, limit: number): Promise<TransferDeliveryRow[]>;
  /** The next page (by id, after `afterId`) of the attachments of the tickets an export holds, without content. */
  exportAttachments(filter: ExportFilter, afterId: number, limit: number): Promise<TransferAttachmentRow[]>;
  /** The next page of outbox messages of the export's tickets (unfiltered: also those of no ticket). */
  exportOutbox(filter: ExportFilter, afterId: number, limit: number): Promise<TransferOutboxRow[]>;
  /** The next page of ingested messages of the export's tickets, without their text and source. */
  exportInbound(filter: ExportFilter, afterId: number, limit: number): Promise<TransferInboundRow[]>;
  /** An ingested message's original text and source as received. */
  inboundContent(id: number): Promise<{ original_text: string; raw: Buffer } | null>;
  /** Inserts an outbox message exactly as given (delivery state included); a known Message-ID is a ConflictError. */
  importOutbox(m: ImportedOutbox): Promise<number>;
  /** Inserts an ingested message exactly as given; a known Message-ID is a ConflictError. */
  importInbound(m: ImportedInbound): Promise<number>;
  /**
   * Writes whole tickets (row, thread, events) in order and returns their ids: the one path of
   * `import` and the benchmark's generator. Checks nothing; pair with deferSearchIndex/resumeSearchIndex.
   */
  insertTicketsBulk(tickets: readonly BulkTicket[]): Promise<number[]>;
  /**
   * A bulk load into a desk that has no tickets yet: sets the tickets' secondary indexes aside inside
   * the current write transaction, so that restoreIndexes builds each once from the loaded rows
   * instead of one row at a time. Returns false, doing nothing, when the desk has tickets (or the
   * store gains nothing by it). Always pair with restoreIndexes in the same transaction: a load
   * that fails rolls back to the indexes it started with.
   */
  deferIndexes(): Promise<boolean>;
  /** Builds again what deferIndexes set aside (nothing when it set nothing aside). */
  restoreIndexes(): Promise<void>;
  /** After a large load: merge the search index and refresh the planner's statistics. */
  optimizeAfterLoad(): Promise<void>;
  /**
   * Optional (a store that talks to a server): the end users of an import, many in one call — each
   * found by email as userByEmail finds it, or created as insertUser creates it; their ids and
   * whether each was created, in the order given. Without it, import asks for each in turn.
   */
  importUsers?(users: ReadonlyArray<{ email: string; name: string; createdAt: string }>): Promise<Array<{ id: number; created: boolean }>>;
  /**
   * Optional (a store whose bulk writes may still be running when insertTicketsBulk returns): waits
   * for them and throws the first one's error. import calls it before it next reads or writes.
   */
  settle?(): Promise<void>;
}
