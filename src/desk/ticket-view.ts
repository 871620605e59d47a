/**
 * The ticket object of CONTRACT.md, built from store rows. Notes are left out for end users.
 */
import { stateOf } from '../core/lifecycle.js';
import type { Actor, EntryKind, EventType, Priority, Source, State, Status } from '../core/model.js';
import { isOverdue } from '../core/sla.js';
import type { EntryRow, EventRow, TicketRow, Tx } from '../store/types.js';

export interface ThreadEntry {
  kind: EntryKind;
  author: string;
  author_name: string;
  title: string | null;
  body: string;
  created_at: string;
}

export interface TicketEvent {
  type: EventType;
  actor: string;
  at: string;
  data: Record<string, unknown>;
}

export interface TicketSummary {
  number: string;
  subject: string;
  status: Status;
  state: State;
  priority: Priority;
  department: string;
  topic: string | null;
  sla: string | null;
  assignee: string | null;
  team: string | null;
  user: { name: string; email: string };
  source: Source;
  created_at: string;
  updated_at: string;
  due_at: string | null;
  overdue: boolean;
  first_response_due_at: string | null;
  first_response_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  reopened_count: number;
}

/** A file that came with a mailed message (issue 5). */
export interface AttachmentInfo {
  id: number;
  name: string;
  type: string;
  size: number;
  /** Index of the thread entry it came with, in `thread` as this actor sees it (null if unknown). */
  thread_index: number | null;
  created_at: string;
}

export interface TicketObject extends TicketSummary {
  thread: ThreadEntry[];
  events: TicketEvent[];
  /** Present only when the ticket has attachments the actor may see. */
  attachments?: AttachmentInfo[];
}

export function toSummary(row: TicketRow, now: Date): TicketSummary {
  const state = stateOf(row.status);
  return {
    number: row.number,
    subject: row.subject,
    status: row.status,
    state,
    priority: row.priority,
    department: row.department,
    topic: row.topic,
    sla: row.sla,
    assignee: row.assignee,
    team: row.team,
    user: { name: row.user_name, email: row.user_email },
    source: row.source,
    created_at: row.created_at,
    updated_at: row.updated_at,
    due_at: row.due_at,
    overdue: isOverdue(state, row.due_at, now, row.paused_at),
    first_response_due_at: row.first_response_due_at,
    first_response_at: row.first_response_at,
    resolved_at: row.resolved_at,
    closed_at: row.closed_at,
    reopened_count: row.reopened_count,
  };
}

const toEntry = (e: EntryRow): ThreadEntry => ({
  kind: e.kind, author: e.author, author_name: e.author_name, title: e.title, body: e.body, created_at: e.created_at,
});
const toEvent = (e: EventRow): TicketEvent => ({
  type: e.type, actor: e.actor, at: e.at, data: JSON.parse(e.data) as Record<string, unknown>,
});

/** The whole ticket as `actor` may see it. */
export async function toTicketObject(tx: Tx, row: TicketRow, actor: Actor, now: Date): Promise<TicketObject> {
  const entries = await tx.entriesOf(row.id);
  const visible = actor.kind === 'user' ? entries.filter((e) => e.kind !== 'note') : entries;
  const attachments = (await tx.mail.attachmentsOf(row.id))
    .filter((a) => actor.kind !== 'user' || a.entry_kind !== 'note')
    .map((a): AttachmentInfo => {
      const index = visible.findIndex((e) => e.id === a.entry_id);
      return { id: a.id, name: a.filename, type: a.content_type, size: a.size, thread_index: index < 0 ? null : index, created_at: a.created_at };
    });
  return {
    ...toSummary(row, now),
    thread: visible.map(toEntry),
    events: (await tx.eventsOf(row.id)).map(toEvent),
    ...(attachments.length ? { attachments } : {}),
  };
}
