/**
 * The ticket object of CONTRACT.md, built from store rows. Notes are left out for end users.
 */
import { stateOf } from '../../core/lifecycle.js';
import { STATUS_INFO, type Actor, type EntryKind, type EventType, type Priority, type Source, type State } from '../../core/model.js';
import { isOverdue } from '../../core/sla.js';
import { linkTypeSeenFrom } from '../../core/together.js';
import type { EntryRow, EventRow, TicketRow, TicketSummaryRow, Tx } from '../../store/types.js';

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
  /** A built-in status, or the key of a custom one. */
  status: string;
  /** How people read it: 'In Progress', or a custom status's name ('On Hold'). */
  status_name: string;
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

/** A file that came with a mailed message. */
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
  // Working tickets together. End users see collaborators, not links or time.
  links: Array<{ number: string; type: string }>;
  parent: string | null;
  children: string[];
  collaborators: Array<{ name: string; email: string }>;
  time_spent_minutes: number | null;
  /** The ticket this one was merged into, or null. */
  merged_into: string | null;
  /** The end user's latest satisfaction rating (1–5, from the portal), or null. */
  csat: { rating: number; comment: string | null; at: string } | null;
}

export function toSummary(row: TicketSummaryRow, now: Date): TicketSummary {
  const state = stateOf(row.status);
  return {
    number: row.number,
    subject: row.subject,
    status: row.custom_status ?? row.status,
    status_name: row.custom_status_name ?? STATUS_INFO[row.status].display,
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

/**
 * The events an end user is shown (CONTRACT.md, On a terminal): what happened to their ticket, not
 * how the desk routed it (assignments, transfers, SLA changes, overdue marks).
 */
const USER_EVENTS: ReadonlySet<string> = new Set(['created', 'status', 'reopened', 'merged']);

/** The whole ticket as `actor` may see it. */
export async function toTicketObject(tx: Tx, row: TicketRow, actor: Actor, now: Date): Promise<TicketObject> {
  const entries = await tx.thread.entriesOf(row.id);
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
    events: (await tx.thread.eventsOf(row.id)).filter((e) => actor.kind !== 'user' || USER_EVENTS.has(e.type)).map(toEvent),
    ...(attachments.length ? { attachments } : {}),
    ...(await togetherFields(tx, row, actor)),
    csat: await csatOf(tx, row.id),
  };
}

async function csatOf(tx: Tx, ticketId: number): Promise<TicketObject['csat']> {
  const r = await tx.portal.latestRating(ticketId);
  return r ? { rating: r.rating, comment: r.comment, at: r.created_at } : null;
}

/** Links, parent, children, collaborators, time spent and merge of the ticket. */
async function togetherFields(tx: Tx, row: TicketRow, actor: Actor) {
  const t = tx.together;
  const agent = actor.kind === 'agent';
  const numberOf = (id: number | null | undefined) => (id == null ? Promise.resolve(null) : t.numberOf(id));
  return {
    links: agent ? (await t.linksOf(row.id)).map((l) => ({ number: l.number, type: linkTypeSeenFrom(l.type, l.outgoing) })) : [],
    parent: agent ? await numberOf(row.parent_id) : null,
    children: agent ? (await t.childrenOf(row.id)).map((c) => c.number) : [],
    collaborators: (await t.collaborators(row.id)).map((c) => ({ name: c.name, email: c.email })),
    time_spent_minutes: agent ? await t.timeOf(row.id) : null,
    merged_into: await numberOf(row.merged_into_id),
  };
}
