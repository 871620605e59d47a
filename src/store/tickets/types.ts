/** Tickets: numbering, the ticket rows, and the lists and counts over them. */
import type { Scope } from '../../core/access.js';
import type { SearchQuery } from '../../core/search.js';
import type { Priority, Queue, Sort, Source, Status } from '../../core/model.js';
import type { NewEntry, NewEvent } from '../thread/types.js';

/** A ticket with the names of everything it points at. */
export interface TicketRow {
  id: number; number: string; subject: string; status: Status; priority: Priority;
  dept_id: number; department: string; topic_id: number | null; topic: string | null;
  sla_id: number | null; sla: string | null; assignee_id: number | null; assignee: string | null;
  team_id: number | null; team: string | null; user_id: number; user_name: string; user_email: string;
  source: Source; created_at: string; updated_at: string; due_at: string | null;
  first_response_due_at: string | null; first_response_at: string | null; resolved_at: string | null;
  closed_at: string | null; reopened_count: number; clock_start_at: string; paused_minutes: number;
  paused_at: string | null; answered: number;
  /** The parent ticket, and the ticket this one was merged into (schema 11; optional for older rows' readers). */
  parent_id?: number | null; merged_into_id?: number | null;
  /** The custom status over `status`, which then holds its built-in base (migration 14). */
  custom_status?: string | null;
  /** Read with the row (TICKET_SELECT): the custom status's name as the admin wrote it ('On Hold'). */
  custom_status_name?: string | null;
}

/** What a list shows of a ticket (toSummary), and its id: listTickets reads only these columns. */
export type TicketSummaryRow = Pick<TicketRow,
  'id' | 'number' | 'subject' | 'status' | 'priority' | 'department' | 'topic' | 'sla' | 'assignee' | 'team' |
  'user_name' | 'user_email' | 'source' | 'created_at' | 'updated_at' | 'due_at' | 'first_response_due_at' |
  'first_response_at' | 'resolved_at' | 'closed_at' | 'reopened_count' | 'paused_at' | 'custom_status' | 'custom_status_name'>;

/** The columns a use case may write. */
export type TicketPatch = Partial<Pick<TicketRow,
  'subject' | 'status' | 'priority' | 'dept_id' | 'topic_id' | 'sla_id' | 'assignee_id' | 'team_id' |
  'updated_at' | 'due_at' | 'first_response_due_at' | 'first_response_at' | 'resolved_at' | 'closed_at' |
  'reopened_count' | 'clock_start_at' | 'paused_minutes' | 'paused_at' | 'answered' | 'custom_status'>>;

export type NewTicket = Omit<TicketRow,
  'id' | 'department' | 'topic' | 'sla' | 'assignee' | 'team' | 'user_name' | 'user_email' | 'custom_status_name'>;

export interface TicketFilter {
  scope: Scope;
  queue: Queue;
  /** The acting agent, for the `mine` queue. */
  meAgentId: number | null;
  statuses?: Status[];
  /** Custom status keys; with `statuses`, a ticket matches either list. */
  customStatuses?: string[];
  deptId?: number;
  assigneeId?: number;
  teamId?: number;
  slaId?: number;
  priority?: Priority;
  userId?: number;
  /** A full-text search over the subject and the thread the scope may read. */
  search?: SearchQuery;
  sort: Sort;
  limit: number | null;
  now: string;
}

/** An awaiting-response ticket, when it began waiting, and whether that wait was reminded. */
export interface AwaitingRow { ticket: TicketRow; waiting_since: string; reminded: boolean }

export interface TicketsTx {
  /**
   * Issues the next ticket number (core/lifecycle.ts nextTicketNumber: 100001, then one more than the
   * highest ever issued — numbers are never reused); call only inside a write transaction.
   */
  takeTicketNumber(): Promise<string>;
  insertTicket(t: NewTicket): Promise<number>;
  /**
   * A new ticket with its first entry and an event (`created`): what insertTicket, then
   * thread.insertEntry and thread.insertEvent for its id, write — on PostgreSQL in one statement,
   * which also answers the reads of the new ticket that follow in the transaction (its row by
   * number, its thread and events) until something else is written. Returns the ticket's id and
   * the entry's and the event's.
   */
  insertOpenedTicket(t: NewTicket, first: NewEntry, event: NewEvent): Promise<{ id: number; entryId: number; eventId: number }>;
  updateTicket(id: number, patch: TicketPatch): Promise<void>;
  ticketByNumber(number: string): Promise<TicketRow | null>;
  ticketIdByNumber(number: string): Promise<number | null>;
  /** Which of these numbers are taken (import checks a batch of a file's tickets in one look-up). */
  existingNumbers(numbers: readonly string[]): Promise<Set<string>>;
  listTickets(filter: TicketFilter): Promise<TicketSummaryRow[]>;
  /** The same rows as listTickets, handed to `each` as they are read (never all in memory). */
  eachTicket(filter: TicketFilter, each: (row: TicketRow) => void): Promise<void>;
  countTickets(filter: TicketFilter): Promise<number>;
  /** The highest ticket id, 0 for none. */
  maxTicketId(): Promise<number>;
  /** Moves the ticket-number counter up to at least `number` (never down). */
  raiseTicketCounter(number: string): Promise<void>;
  /** Resolved tickets resolved at or before `cutoff`, oldest first (automations close them), the first `limit`. */
  resolvedBefore(cutoff: string, limit?: number): Promise<TicketRow[]>;
  /** Awaiting-response tickets whose current wait began at or before `cutoff`, with whether it was reminded. */
  awaitingSince(cutoff: string): Promise<AwaitingRow[]>;
}
