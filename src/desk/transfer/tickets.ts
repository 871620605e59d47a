/**
 * A ticket in an export: the contract's ticket object (with notes, and the system written as a null
 * actor) plus what a faithful copy needs besides — the SLA clock's origin and pause, and whether
 * the last public entry was an agent's reply. Numbers, thread, events and times are kept exactly.
 */
import { parseEmail, parseImportedNumber } from '../../core/lifecycle.js';
import { baseOf, statusKey } from '../../core/custom-status.js';
import { ENTRY_KINDS, EVENT_TYPES, PRIORITIES, SOURCES, STATUSES, type EntryKind, type EventType, type Priority, type Source, type State, type Status } from '../../core/model.js';
import { Fields, inRecord } from '../../core/records.js';
import type { AuthorRef, BulkTicket, EntryRow, ExportPage, TicketRow, Tx } from '../../store/types.js';
import { toSummary, type TicketSummary } from '../tickets/view.js';
import type { SectionKey } from './sections.js';
import { parseTogether, type TogetherRecord } from './together.js';

export interface EntryRecord { kind: EntryKind; author: string; author_name: string; title: string | null; body: string; created_at: string }
export interface EventRecord { type: EventType; actor: string | null; at: string; data: Record<string, unknown> }

/** A satisfaction rating: one per resolution (the ticket's reopened_count when it was rated). */
export interface RatingRecord { resolution: number; rating: number; comment: string | null; user: string; created_at: string }

export interface TicketRecord extends TicketSummary, TogetherRecord {
  clock: { started_at: string; paused_minutes: number; paused_at: string | null };
  answered: boolean;
  /** End users copied on the ticket (by email, sorted): they may see it and answer it by mail. */
  collaborators: string[];
  thread: EntryRecord[];
  events: EventRecord[];
  /** Present only when the ticket was rated, so exports of desks without ratings stay as they were. */
  ratings?: RatingRecord[];
}

/** Agents are written by username, end users by email: an '@' tells them apart. */
export const isUserHandle = (handle: string): boolean => handle.includes('@');

export function toTicketRecord(
  row: TicketRow, entries: EntryRow[], events: ExportPage['events'], now: Date, collaborators: string[] = [], together: TogetherRecord = {},
  ratings: RatingRecord[] = [],
): TicketRecord {
  return {
    ...toSummary(row, now),
    clock: { started_at: row.clock_start_at, paused_minutes: row.paused_minutes, paused_at: row.paused_at },
    answered: row.answered === 1,
    collaborators,
    thread: entries.map((e) => ({ kind: e.kind, author: e.author, author_name: e.author_name, title: e.title, body: e.body, created_at: e.created_at })),
    events: events.map((e) => ({ type: e.type, actor: e.actor, at: e.at, data: JSON.parse(e.data) as Record<string, unknown> })),
    ...together,
    ...(ratings.length ? { ratings } : {}),
  };
}

/** Checks one ticket record (shape, vocabulary, times); references are checked by the caller. */
export function parseTicketRecord(raw: unknown, where: string): TicketRecord {
  const pre = new Fields(raw, where);
  const number = inRecord(where, 'number', () => parseImportedNumber(pre.str('number')));
  const f = new Fields(raw, `${where} (#${number})`);
  const user = f.nested('user');
  const clock = f.has('clock') ? f.nested('clock') : null;
  const created = f.time('created_at');
  const status = parseStatusField(f);
  return {
    // state and status_name are read from the database, not the file (they follow from the status).
    number, subject: f.str('subject'), status, status_name: status, state: 'open',
    priority: f.oneOf('priority', PRIORITIES), department: f.str('department'), topic: f.optStr('topic'), sla: f.optStr('sla'),
    assignee: f.optStr('assignee'), team: f.optStr('team'),
    user: { name: user.str('name'), email: user.str('email').trim().toLowerCase() },
    source: f.oneOf('source', SOURCES), created_at: created, updated_at: f.time('updated_at'), due_at: f.optTime('due_at'),
    overdue: false, first_response_due_at: f.optTime('first_response_due_at'), first_response_at: f.optTime('first_response_at'),
    resolved_at: f.optTime('resolved_at'), closed_at: f.optTime('closed_at'), reopened_count: f.int('reopened_count'),
    clock: {
      started_at: clock ? clock.time('started_at') : created,
      paused_minutes: clock ? clock.num('paused_minutes') : 0,
      paused_at: clock ? clock.optTime('paused_at') : null,
    },
    answered: f.bool('answered', false),
    collaborators: parseCollaborators(f),
    thread: f.array('thread').map((e, i) => parseEntry(e, `${f.where}.thread[${i}]`)),
    events: f.array('events', { optional: true }).map((e, i) => parseEvent(e, `${f.where}.events[${i}]`)),
    ...parseTogether(f),
    ...parseRatings(f),
  };
}

/** Optional (exports before version 3 have none): 1–5, one per resolution, none after the ticket's last. */
function parseRatings(f: Fields): Pick<TicketRecord, 'ratings'> {
  if (!f.has('ratings')) return {};
  const reopened = f.int('reopened_count');
  const seen = new Set<number>();
  const ratings = f.array('ratings').map((raw, i): RatingRecord => {
    const r = new Fields(raw, `${f.where}.ratings[${i}]`);
    const resolution = r.int('resolution');
    if (resolution > reopened) r.fail('resolution', `must be at most the ticket's reopened_count (${reopened})`);
    if (seen.has(resolution)) r.fail('resolution', `rates resolution ${resolution} a second time`);
    seen.add(resolution);
    const rating = r.int('rating', 1);
    if (rating > 5) r.fail('rating', 'must be 1 to 5');
    return {
      resolution, rating, comment: r.optStr('comment'), user: inRecord(r.where, 'user', () => parseEmail(r.str('user'))), created_at: r.time('created_at'),
    };
  });
  return ratings.length ? { ratings } : {};
}

const isBuiltin = (status: string): status is Status => (STATUSES as readonly string[]).includes(status);

/** A built-in status, or the key of a custom one, which the file or the database must have. */
function parseStatusField(f: Fields): string {
  const raw = f.str('status');
  if (isBuiltin(raw)) return raw;
  const key = statusKey(raw);
  if (key !== raw) f.fail('status', `must be one of ${STATUSES.join(', ')} or the key of a custom status (e.g. '${key || 'on-hold'}')`);
  return key;
}

/** Optional (exports before version 2 have none); distinct email addresses. */
function parseCollaborators(f: Fields): string[] {
  const emails = f.strings('collaborators', { optional: true }).map((e, i) => inRecord(f.where, `collaborators[${i}]`, () => parseEmail(e)));
  emails.forEach((e, i) => { if (emails.indexOf(e) !== i) f.fail(`collaborators[${i}]`, `names '${e}' twice`); });
  return emails;
}

function parseEntry(raw: unknown, where: string): EntryRecord {
  const f = new Fields(raw, where);
  return {
    kind: f.oneOf('kind', ENTRY_KINDS), author: f.str('author').trim().toLowerCase(), author_name: f.has('author_name') ? f.str('author_name', { empty: true }) : '',
    title: f.optStr('title'), body: f.str('body', { empty: true }), created_at: f.time('created_at'),
  };
}

function parseEvent(raw: unknown, where: string): EventRecord {
  const f = new Fields(raw, where);
  const actor = f.optStr('actor');
  return { type: f.oneOf('type', EVENT_TYPES), actor: actor === null ? null : actor.trim().toLowerCase(), at: f.time('at'), data: f.has('data') ? f.object('data') : {} };
}

/** Organisation names a ticket needs (its end user and thread authors who are end users are checked apart). */
export function ticketRefs(t: TicketRecord): Array<[SectionKey, string, string]> {
  const refs: Array<[SectionKey, string | null, string]> = [
    ['departments', t.department, 'department'], ['topics', t.topic, 'topic'], ['sla_plans', t.sla, 'sla'],
    ['agents', t.assignee, 'assignee'], ['teams', t.team, 'team'], ['statuses', isBuiltin(t.status) ? null : t.status, 'status'],
    ...t.thread.map((e, i): [SectionKey, string | null, string] => [isUserHandle(e.author) ? 'users' : 'agents', e.author, `thread[${i}].author`]),
    ...t.events.map((e, i): [SectionKey, string | null, string] => [e.actor !== null && isUserHandle(e.actor) ? 'users' : 'agents', e.actor, `events[${i}].actor`]),
    ...t.collaborators.map((c, i): [SectionKey, string, string] => ['users', c, `collaborators[${i}]`]),
    ...(t.ratings ?? []).map((r, i): [SectionKey, string, string] => ['users', r.user, `ratings[${i}].user`]),
  ];
  return refs.filter((r): r is [SectionKey, string, string] => r[1] !== null);
}

/** Ids by lower-cased name, filled once the organisation is loaded. */
export interface IdMaps {
  departments: Map<string, number>;
  topics: Map<string, number>;
  sla_plans: Map<string, number>;
  agents: Map<string, number>;
  teams: Map<string, number>;
  /** Custom statuses: key → state. */
  statuses: Map<string, State>;
}

export async function idMaps(tx: Tx): Promise<IdMaps> {
  const map = <T extends { id: number }>(rows: T[], name: (r: T) => string) => new Map(rows.map((r) => [name(r).toLowerCase(), r.id]));
  return {
    departments: map(await tx.org.departments(), (d) => d.name),
    topics: map(await tx.org.topics(), (t) => t.name),
    sla_plans: map(await tx.sla.slaPlans(), (p) => p.name),
    agents: map(await tx.org.agents(), (a) => a.username),
    teams: map(await tx.org.teams(), (t) => t.name),
    statuses: new Map((await tx.statuses.list()).map((r) => [r.key, r.state])),
  };
}

/**
 * One checked ticket as the store's bulk loader takes it, keeping its number and every
 * time. Its end user is created here when new; `users` remembers ids by email across a batch.
 */
export async function toBulkTicket(tx: Tx, t: TicketRecord, ids: IdMaps, users: Map<string, number>): Promise<BulkTicket> {
  const id = (map: Map<string, number>, name: string | null) => (name === null ? null : map.get(name.toLowerCase()) ?? null);
  const userIdOf = async (email: string, name: string, createdAt: string): Promise<number> => {
    let uid = users.get(email) ?? (await tx.org.userByEmail(email))?.id;
    uid ??= await tx.org.insertUser({ email, name, createdAt });
    users.set(email, uid);
    return uid;
  };
  const userId = await userIdOf(t.user.email, t.user.name, t.created_at);
  const author = async (handle: string | null): Promise<AuthorRef> => {
    if (handle === null) return { agentId: null, userId: null };
    if (isUserHandle(handle)) return { agentId: null, userId: await userIdOf(handle, handle, t.created_at) };
    return { agentId: ids.agents.get(handle)!, userId: null };
  };
  const entries: BulkTicket['entries'][number][] = [];
  for (const e of t.thread) entries.push({ kind: e.kind, author: await author(e.author), title: e.title, body: e.body, createdAt: e.created_at });
  const events: BulkTicket['events'][number][] = [];
  for (const e of t.events) events.push({ type: e.type, actor: await author(e.actor), at: e.at, data: e.data });
  return {
    ticket: {
      number: t.number, subject: t.subject, priority: t.priority as Priority,
      // A custom status sits on the built-in base of its state, as `ticket status` puts it there.
      ...(isBuiltin(t.status) ? { status: t.status } : { status: baseOf(ids.statuses.get(t.status)!), custom_status: t.status }),
      dept_id: id(ids.departments, t.department)!, topic_id: id(ids.topics, t.topic), sla_id: id(ids.sla_plans, t.sla),
      assignee_id: id(ids.agents, t.assignee), team_id: id(ids.teams, t.team), user_id: userId, source: t.source as Source,
      created_at: t.created_at, updated_at: t.updated_at, due_at: t.due_at, first_response_due_at: t.first_response_due_at,
      first_response_at: t.first_response_at, resolved_at: t.resolved_at, closed_at: t.closed_at, reopened_count: t.reopened_count,
      clock_start_at: t.clock.started_at, paused_minutes: t.clock.paused_minutes, paused_at: t.clock.paused_at, answered: t.answered ? 1 : 0,
    },
    entries,
    events,
  };
}
