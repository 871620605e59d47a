/**
 * The Store interface: everything the desk may ask of storage. The SQLite store implements it; a
 * PostgreSQL store can sit beside it, which is why every call is async even though SQLite's are not.
 */
import type { Scope } from '../core/access.js';
import type { ReportGroup } from '../core/report.js';
import type { SearchQuery } from '../core/search.js';
import type { EntryKind, EventType, Permission, Priority, Queue, Sort, Source, Status } from '../core/model.js';
import type { MailTx } from './mail-types.js';
import type { TogetherTx } from './together-types.js';
import type { AuthTx } from './auth-types.js';

export interface RoleRow { id: number; name: string; permissions: Permission[] }
export interface DeptRow { id: number; name: string; sla_id: number | null; sla: string | null }
export interface TeamRow { id: number; name: string; members: string[] }
export interface TopicRow {
  id: number; name: string; dept_id: number | null; department: string | null;
  priority: Priority | null; sla_id: number | null; sla: string | null;
}
export interface ScheduleRow { id: number; name: string; timezone: string; ranges: string; holidays: string }
export interface SlaRow {
  id: number; name: string; minutes: number; first_response_minutes: number | null;
  pause_awaiting: number; schedule_id: number | null; schedule: string | null;
}
export interface UserRow { id: number; email: string; name: string; created_at: string }
export interface AgentRow {
  id: number; username: string; name: string; email: string | null; dept_id: number; department: string;
  role_id: number; role: string; permissions: Permission[]; is_admin: number; active: number; created_at: string;
}
export interface GrantRow { dept_id: number; department: string; role_id: number; role: string; permissions: Permission[] }

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
  /** Issue 20 (migration 11): the parent ticket, and the ticket this one was merged into. */
  parent_id?: number | null; merged_into_id?: number | null;
}

/** The columns a use case may write. */
export type TicketPatch = Partial<Pick<TicketRow,
  'subject' | 'status' | 'priority' | 'dept_id' | 'topic_id' | 'sla_id' | 'assignee_id' | 'team_id' |
  'updated_at' | 'due_at' | 'first_response_due_at' | 'first_response_at' | 'resolved_at' | 'closed_at' |
  'reopened_count' | 'clock_start_at' | 'paused_minutes' | 'paused_at' | 'answered'>>;

export type NewTicket = Omit<TicketRow,
  'id' | 'department' | 'topic' | 'sla' | 'assignee' | 'team' | 'user_name' | 'user_email'>;

/** Who wrote an entry or caused an event: exactly one of the two ids, or neither for the system. */
export interface AuthorRef { agentId: number | null; userId: number | null }

export interface EntryRow {
  id: number; ticket_id: number; kind: EntryKind; author: string; author_name: string;
  title: string | null; body: string; created_at: string;
}
export interface EventRow { id: number; ticket_id: number; type: EventType; actor: string; at: string; data: string }

export interface TicketFilter {
  scope: Scope;
  queue: Queue;
  /** The acting agent, for the `mine` queue. */
  meAgentId: number | null;
  statuses?: Status[];
  deptId?: number;
  assigneeId?: number;
  teamId?: number;
  slaId?: number;
  priority?: Priority;
  userId?: number;
  /** A full-text search over the subject and the thread the scope may read (issue 7). */
  search?: SearchQuery;
  sort: Sort;
  limit: number | null;
  now: string;
}

export interface OutboxRow {
  id: number; ticket_id: number | null; ticket: string | null; kind: string; to_addr: string; subject: string;
  body: string; message_id: string; in_reply_to: string | null; status: 'pending' | 'sent' | 'failed' | 'bounced';
  attempts: number; last_error: string | null; next_attempt_at: string | null; created_at: string; sent_at: string | null;
}

export interface NewOutboxMessage {
  ticketId: number | null; kind: string; to: string; subject: string; body: string; messageId: string;
  inReplyTo: string | null; createdAt: string;
}

export interface Tx {
  getSetting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;

  roles(): Promise<RoleRow[]>;
  roleByName(name: string): Promise<RoleRow | null>;
  insertRole(name: string, permissions: readonly Permission[]): Promise<number>;

  departments(): Promise<DeptRow[]>;
  deptByName(name: string): Promise<DeptRow | null>;
  deptById(id: number): Promise<DeptRow | null>;
  insertDept(name: string, slaId: number | null): Promise<number>;

  teams(): Promise<TeamRow[]>;
  teamByName(name: string): Promise<TeamRow | null>;
  insertTeam(name: string): Promise<number>;
  addTeamMember(teamId: number, agentId: number): Promise<void>;
  teamIdsOf(agentId: number): Promise<number[]>;

  topics(): Promise<TopicRow[]>;
  topicByName(name: string): Promise<TopicRow | null>;
  insertTopic(t: { name: string; deptId: number | null; priority: Priority | null; slaId: number | null }): Promise<number>;

  schedules(): Promise<ScheduleRow[]>;
  scheduleById(id: number): Promise<ScheduleRow | null>;
  insertSchedule(s: { name: string; timezone: string; ranges: string; holidays: string }): Promise<number>;

  slaPlans(): Promise<SlaRow[]>;
  slaByName(name: string): Promise<SlaRow | null>;
  slaById(id: number): Promise<SlaRow | null>;
  insertSla(p: { name: string; minutes: number; firstResponseMinutes: number | null; pauseAwaiting: boolean; scheduleId: number | null }): Promise<number>;

  agents(): Promise<AgentRow[]>;
  agentByUsername(username: string): Promise<AgentRow | null>;
  agentByEmail(email: string): Promise<AgentRow | null>;
  insertAgent(a: { username: string; name: string; email: string | null; deptId: number; roleId: number; isAdmin: boolean; createdAt: string }): Promise<number>;
  grantsOf(agentId: number): Promise<GrantRow[]>;
  setGrant(agentId: number, deptId: number, roleId: number): Promise<void>;

  users(): Promise<UserRow[]>;
  userByEmail(email: string): Promise<UserRow | null>;
  insertUser(u: { email: string; name: string; createdAt: string }): Promise<number>;

  /** Issues the next ticket number; call only inside a write transaction. */
  takeTicketNumber(): Promise<string>;
  insertTicket(t: NewTicket): Promise<number>;
  updateTicket(id: number, patch: TicketPatch): Promise<void>;
  ticketByNumber(number: string): Promise<TicketRow | null>;
  listTickets(filter: TicketFilter): Promise<TicketRow[]>;
  /** The same rows as listTickets, handed to `each` as they are read (never all in memory). */
  eachTicket(filter: TicketFilter, each: (row: TicketRow) => void): Promise<void>;
  countTickets(filter: TicketFilter): Promise<number>;

  insertEntry(e: { ticketId: number; kind: EntryKind; author: AuthorRef; title: string | null; body: string; createdAt: string }): Promise<number>;
  entriesOf(ticketId: number): Promise<EntryRow[]>;
  insertEvent(e: { ticketId: number; type: EventType; actor: AuthorRef; at: string; data: object }): Promise<number>;
  eventsOf(ticketId: number): Promise<EventRow[]>;

  insertOutbox(m: NewOutboxMessage): Promise<number>;
  outbox(filter: { status?: OutboxRow['status']; ticketId?: number }): Promise<OutboxRow[]>;

  // --- issue 4: SLA engine and reports (queries in sqlite-sla.ts) ---
  scheduleByName(name: string): Promise<ScheduleRow | null>;
  updateScheduleHolidays(id: number, holidays: string): Promise<void>;
  /** Open tickets whose plan runs on this schedule (their due times follow its holidays). */
  openTicketsOnSchedule(scheduleId: number): Promise<TicketRow[]>;
  /** Open tickets with a pending SLA clock, most urgent first (paused clocks last). */
  slaQueue(filter: SlaQueueFilter): Promise<TicketRow[]>;
  /** Breaches not yet recorded by an `overdue` event: one per clock run (resolution) or ticket (first response). */
  slaBreaches(now: string): Promise<SlaBreachRow[]>;
  /** Issue 14: up to `limit` unrecorded breaches of one clock after `after`, in (due, id) order. */
  slaBreachBatch(now: string, clock: 'resolution' | 'first_response', after: BreachCursor | null, limit: number): Promise<SlaBreachRow[]>;
  /** An alert for the run's digest, written with the breach's event. */
  insertPendingAlert(recipient: string, eventId: number): Promise<void>;
  /** Everyone with alerts waiting, a killed run's included. */
  pendingAlertRecipients(): Promise<string[]>;
  pendingAlertsOf(recipient: string, limit: number): Promise<{ rows: PendingAlertRow[]; total: number }>;
  deletePendingAlerts(recipient: string): Promise<void>;
  /** Counts per group over tickets created in the window (one row with key null when not grouped). */
  /**
   * Streams the window's tickets (one row at a time, never all in memory, in no particular order):
   * the report counts, measures and groups them in one pass (issue 14). The row object is reused
   * for the next row: keep its values, never the object.
   */
  reportTimes(filter: ReportFilter, each: (row: ReportTimeRow) => void): Promise<void>;
  // Issue 3: organisation admin (queries in sqlite-org.ts). Renames that collide throw ConflictError.
  updateAgent(id: number, patch: AgentPatch): Promise<void>;
  /** Removes an extra department grant; false when there was none. */
  removeGrant(agentId: number, deptId: number): Promise<boolean>;
  /** Removes a team member; false when they were not one. */
  removeTeamMember(teamId: number, agentId: number): Promise<boolean>;
  updateDept(id: number, patch: { name?: string; slaId?: number | null }): Promise<void>;
  /** What still points at a department: tickets, agents (primary department) and help topics. */
  deptUsage(id: number): Promise<DeptUsage>;
  /** Deletes a department and the extra grants on it; callers check deptUsage first. */
  deleteDept(id: number): Promise<void>;
  updateTopic(id: number, patch: { name?: string; deptId?: number | null; priority?: Priority | null; slaId?: number | null }): Promise<void>;
  updateUser(id: number, patch: { name?: string; email?: string }): Promise<void>;
  /** Tickets per end user id (all states). */
  ticketCountsByUser(): Promise<Map<number, number>>;
  // issue 5 (mail): threading, inbound messages, attachments, collaborators, canned responses, templates
  readonly mail: MailTx;
  // issue 20: links, parents, merges, time spent, collaborators, Cc, auto-assignment (sqlite-together.ts)
  readonly together: TogetherTx;
  // issue 18: the server's passwords, tokens, API keys and failed logins (queries in sqlite-auth.ts)
  readonly auth: AuthTx;
  // --- issue 7: search, export/import ---
  /** Ranked (or newest-first) full-text search among the tickets the filter's scope may see. */
  searchTickets(req: SearchRequest): Promise<SearchResult>;
  /** Every setting, by key. */
  settingsAll(): Promise<Array<{ key: string; value: string }>>;
  /** How many tickets an export with this filter holds. */
  countExport(filter: ExportFilter): Promise<number>;
  /** The next page of tickets after `afterId` (by id) with, when asked, their thread and events. */
  exportPage(filter: ExportFilter, afterId: number, limit: number, withThread: boolean): Promise<ExportPage>;
  /** End users by id, a page at a time. */
  usersPage(afterId: number, limit: number): Promise<UserRow[]>;
  ticketIdByNumber(number: string): Promise<number | null>;
  maxTicketId(): Promise<number>;
  /** Moves the ticket-number counter up to at least `number` (never down). */
  raiseTicketCounter(number: string): Promise<void>;
  setAgentActive(agentId: number, active: boolean): Promise<void>;
  /**
   * Bulk loads: while deferred, writes inside this transaction skip the search index; resuming
   * indexes every ticket with an id above `sinceId` in one pass. Both only inside one write transaction.
   */
  deferSearchIndex(): Promise<void>;
  resumeSearchIndex(sinceId: number, optimize: boolean): Promise<void>;
  // --- export/import of mail data (issue 10; queries in sqlite-transfer-mail.ts) ---
  /** The collaborators (end users' emails) of these tickets, ordered by ticket id, then email. */
  exportCollaborators(ticketIds: readonly number[]): Promise<Array<{ ticket_id: number; email: string }>>;
  /** The next page (by id, after `afterId`) of the attachments of the tickets an export holds, without content. */
  exportAttachments(filter: ExportFilter, afterId: number, limit: number): Promise<TransferAttachmentRow[]>;
  /** The next page of outbox messages of the export's tickets (unfiltered: also those of no ticket). */
  exportOutbox(filter: ExportFilter, afterId: number, limit: number): Promise<TransferOutboxRow[]>;
  /** The next page of ingested messages of the export's tickets, without their text and source. */
  exportInbound(filter: ExportFilter, afterId: number, limit: number): Promise<TransferInboundRow[]>;
  /** An ingested message's original text and source as received. */
  inboundContent(id: number): Promise<{ original_text: string; raw: Buffer } | null>;
  /** The id of a ticket's thread entry at `index` (0-based, oldest first), or null. */
  entryIdAt(ticketId: number, index: number): Promise<number | null>;
  /** Inserts an outbox message exactly as given (delivery state included). */
  importOutbox(m: ImportedOutbox): Promise<number>;
  /** Inserts an ingested message exactly as given. */
  importInbound(m: ImportedInbound): Promise<number>;
  // --- issue 8: bulk loads (queries in sqlite-bulk.ts) ---
  /**
   * Writes whole tickets (row, thread, events) in order and returns their ids: the one path of
   * `import` and the benchmark's generator. Checks nothing; pair with deferSearchIndex/resumeSearchIndex.
   */
  insertTicketsBulk(tickets: readonly BulkTicket[]): Promise<number[]>;
  /** After a large load: merge the search index and refresh the planner's statistics (ANALYZE). */
  optimizeAfterLoad(): Promise<void>;
  /**
   * A ticket list with a full-text search (`filter.search` set), in the list's own order, planned by
   * how common the words are; with its total when asked — exact, or estimated for a common word.
   */
  listMatchingTickets(filter: TicketFilter, withTotal: boolean): Promise<{ rows: TicketRow[]; total: number | null; estimated: boolean }>;
  // --- issue 21: automations and editable plans (queries in sqlite-automate.ts) ---
  /** Resolved tickets resolved at or before `cutoff`, oldest first. */
  resolvedBefore(cutoff: string): Promise<TicketRow[]>;
  /** Awaiting-response tickets whose current wait began at or before `cutoff`, with whether it was reminded. */
  awaitingSince(cutoff: string): Promise<AwaitingRow[]>;
  /** Open clocks not yet due, without a warning (or breach) recorded for the clock run. */
  warnCandidates(now: string): Promise<WarnCandidate[]>;
  /** The `warning` events of these tickets, oldest first. */
  warningsOf(ticketIds: readonly number[]): Promise<RecordedWarning[]>;
  updateSla(id: number, patch: SlaPatch): Promise<void>;
  updateSchedule(id: number, patch: { ranges?: string; timezone?: string }): Promise<void>;
  /** Deletes a schedule; callers check that no plan uses it. */
  deleteSchedule(id: number): Promise<void>;
  /** Open tickets on this plan (their due times follow its edits). */
  openTicketsOnPlan(slaId: number): Promise<TicketRow[]>;
}

/** Issue 21: an awaiting-response ticket, when it began waiting, and whether that wait was reminded. */
export interface AwaitingRow { ticket: TicketRow; waiting_since: string; reminded: boolean }
/** Issue 21: a clock that may be due a warning. */
export interface WarnCandidate { ticket: TicketRow; clock: 'resolution' | 'first_response'; due_at: string }
export interface RecordedWarning {
  ticket_id: number; at: string; clock: 'resolution' | 'first_response'; clock_start_at: string | null; due_at: string;
}
/** Issue 21: the plan columns `sla edit` may change (undefined: unchanged). */
export interface SlaPatch {
  minutes?: number; firstResponseMinutes?: number | null; pauseAwaiting?: boolean; scheduleId?: number | null;
}

/** Issue 8: one ticket for insertTicketsBulk, every name already resolved to its id. */
export interface BulkTicket {
  ticket: NewTicket;
  entries: ReadonlyArray<{ kind: EntryKind; author: AuthorRef; title: string | null; body: string; createdAt: string }>;
  /** `data` as an object, or already as its JSON text. */
  events: ReadonlyArray<{ type: EventType; actor: AuthorRef; at: string; data: object | string }>;
}

// --- export/import of mail data (issue 10) ---
/** An attachment as exported: its ticket by number and its thread entry by position. */
export interface TransferAttachmentRow {
  id: number; ticket: string; thread_index: number | null; filename: string; content_type: string; size: number; created_at: string;
}
export interface TransferOutboxRow {
  id: number; ticket: string | null; kind: string; to_addr: string; subject: string; body: string; message_id: string;
  in_reply_to: string | null; references_hdr: string | null; status: OutboxRow['status']; attempts: number;
  last_error: string | null; next_attempt_at: string | null; created_at: string; sent_at: string | null;
  /** Issue 20 (migration 11): Cc addresses, and the thread entry the message carries (by position). */
  cc_addrs?: string | null; thread_index?: number | null;
}
export interface TransferInboundRow {
  id: number; ticket: string | null; thread_index: number | null; message_id: string; outcome: 'created' | 'message' | 'note';
  from_addr: string; subject: string; received_at: string;
}
export type ImportedOutbox = Omit<TransferOutboxRow, 'id' | 'ticket' | 'thread_index'> & { ticket_id: number | null; entry_id?: number | null };
export type ImportedInbound = Omit<TransferInboundRow, 'id' | 'ticket' | 'thread_index'> & {
  ticket_id: number | null; entry_id: number | null; original_text: string; raw: Buffer;
};

/** A ranked search request (issue 7). */
export interface SearchRequest {
  query: SearchQuery;
  /** Scope, queue and property filters, as for lists (its `search`, `sort` and `limit` are ignored). */
  filter: TicketFilter;
  order: 'relevance' | 'newest';
  limit: number;
  /** Leave this ticket out (e.g. the one just created, when suggesting similar ones). */
  excludeTicketId?: number;
}

export interface SearchResult {
  /** Best first; score is bm25 relevance (higher is better), null for newest-first. */
  hits: Array<{ row: TicketRow; score: number | null }>;
  /** How many matching tickets were ranked. */
  candidates: number;
  /** True when there were more matches than were ranked (only the newest were). */
  capped: boolean;
}

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

// --- issue 4 types ---
export interface SlaQueueFilter {
  scope: Scope;
  now: string;
  limit: number | null;
  deptId?: number;
  assigneeId?: number;
}
export interface SlaBreachRow { ticket: TicketRow; clock: 'resolution' | 'first_response'; due_at: string }
/** Where the last batch of breaches ended: its due time and ticket id (issue 14). */
export interface BreachCursor { due: string; id: number }
/** An alert waiting for its sla check digest: the ticket, and the overdue event's id and JSON data. */
export interface PendingAlertRow extends TicketRow { event_id: number; event_data: string }
export interface ReportFilter {
  scope: Scope;
  /** ISO bounds of created_at: [since, until); null = unbounded. */
  since: string | null;
  until: string | null;
  by: ReportGroup | null;
  now: string;
}
export interface ReportTimeRow {
  key: string | null; sla_id: number | null; status: Status; created_at: string; first_response_at: string | null;
  resolved_at: string | null; paused_minutes: number; due_at: string | null; first_response_due_at: string | null;
  paused_at: string | null; reopened_count: number;
}

/** Issue 3: the agent columns an admin may change. */
export interface AgentPatch {
  name?: string; email?: string | null; deptId?: number; roleId?: number; isAdmin?: boolean; active?: boolean;
}

/** Issue 3: what still refers to a department. */
export interface DeptUsage { tickets: number; openTickets: number; agents: string[]; topics: string[] }

export interface Store {
  /** Absolute path of the database file. */
  readonly path: string;
  /** Runs fn in a write transaction (BEGIN IMMEDIATE): all or nothing, serialised across processes. */
  write<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs fn in a read transaction: one consistent snapshot, never writes. */
  read<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): void;
  /**
   * Copies the live database to `file` with SQLite's online backup, in one step so the copy is one
   * consistent snapshot even while other processes write (issue 7).
   */
  backup(file: string): Promise<void>;
}
