/**
 * The ticket lifecycle rules: parsing the vocabulary, numbering, status transitions, what a reply does,
 * and how a new ticket's department, priority and SLA are chosen. Pure: callers pass `now`.
 */
import { ConflictError, UsageError, choicesHint, named, says } from './errors.js';
import {
  PRIORITIES, QUEUES, SORTS, SOURCES, STATUSES, STATUS_INFO,
  type Priority, type Queue, type Sort, type Source, type State, type Status,
} from './model.js';
import { hasControl, invisibleIn } from './text-rules.js';

function parseChoice<T extends string>(what: string, text: string, choices: readonly T[]): T {
  const key = text.trim().toLowerCase();
  const found = choices.find((c) => c === key);
  if (found) return found;
  throw new UsageError(`unknown ${what} '${text}'`, choicesHint(text, choices));
}

/** Accepts the key (`in-progress`) or the display name (`In Progress`), case-insensitively. */
export function parseStatus(text: string): Status {
  const normalised = text.trim().toLowerCase().replace(/[\s_]+/g, '-');
  const byDisplay = STATUSES.find((s) => STATUS_INFO[s].display.toLowerCase().replace(/\s+/g, '-') === normalised);
  return byDisplay ?? parseChoice('status', text, STATUSES);
}
export const parsePriority = (text: string): Priority => parseChoice('priority', text, PRIORITIES);
export const parseSource = (text: string): Source => parseChoice('source', text, SOURCES);
export const parseQueue = (text: string): Queue => parseChoice('queue', text, QUEUES);
export const parseSort = (text: string): Sort => parseChoice('sort order', text, SORTS);

export const stateOf = (status: Status): State => STATUS_INFO[status].state;

/** The first ticket number; later ones increase by one. */
export const FIRST_TICKET_NUMBER = 100001;

/**
 * The largest number a ticket may bring along (import: at most 10 digits, CONTRACT.md). Far below
 * 2^53, so numbering after it stays exact and no imported number can make a later create fail.
 */
export const MAX_IMPORTED_NUMBER = 9_999_999_999;

/** An imported ticket's number: a ticket number of at most 10 digits. */
export function parseImportedNumber(text: string): string {
  const number = parseTicketNumber(text);
  if (number.length > 10) {
    throw new UsageError(`'${text}' has more than 10 digits`, `imported ticket numbers go up to ${MAX_IMPORTED_NUMBER}`);
  }
  return number;
}

/** Accepts `100042` or `#100042`; returns the bare number string. */
export function parseTicketNumber(text: string): string {
  const m = /^#?(\d{6,})$/.exec(text.trim());
  if (!m || m[1]!.startsWith('0')) {
    throw new UsageError(`'${text}' is not a ticket number`, 'ticket numbers look like 100042 or #100042');
  }
  return m[1]!;
}

/**
 * The number after `last` (the highest number ever issued), or the first one. A bigint stays exact
 * whatever a counter holds (numbers are text in the store, never floats).
 */
export function nextTicketNumber(last: number | bigint | null): string {
  if (last === null || last < FIRST_TICKET_NUMBER) return String(FIRST_TICKET_NUMBER);
  return typeof last === 'bigint' ? String(last + 1n) : String(last + 1);
}

export type StatusChange =
  | { kind: 'noop' }
  | { kind: 'change'; from: Status; to: Status; reopen: boolean };

/**
 * The status transition matrix (CONTRACT.md, Tickets): any open-state status may move to any other
 * status; resolved may move to closed; leaving resolved or closed for an open state is a reopen;
 * nothing moves from closed to resolved. The same status is a no-op.
 */
export function planStatusChange(from: Status, to: Status): StatusChange {
  if (from === to) return { kind: 'noop' };
  const fromState = stateOf(from);
  const toState = stateOf(to);
  if (fromState === 'open') return { kind: 'change', from, to, reopen: false };
  if (toState === 'open') return { kind: 'change', from, to, reopen: true };
  if (from === 'resolved' && to === 'closed') return { kind: 'change', from, to, reopen: false };
  throw new ConflictError(
    `a ${STATUS_INFO[from].display.toLowerCase()} ticket cannot become ${STATUS_INFO[to].display.toLowerCase()}`,
    'reopen it first (helpdesk ticket reopen <n>), or leave it closed',
  );
}

/** The timestamp fields a status change sets or clears. */
export function statusTimestamps(
  change: { from: Status; to: Status; reopen: boolean },
  now: string,
): { resolved_at?: string | null; closed_at?: string | null } {
  if (change.reopen) return { resolved_at: null, closed_at: null };
  if (change.to === 'resolved') return { resolved_at: now };
  if (change.to === 'closed') return change.from === 'resolved' ? { closed_at: now } : { resolved_at: now, closed_at: now };
  return {};
}

/**
 * What posting to the thread does to the status. An agent may not reply to a closed ticket; an end
 * user's message reopens a resolved or closed ticket and answers an awaiting-response one.
 */
export function statusAfterPost(by: 'agent' | 'user', status: Status, number = '<n>'): Status | null {
  if (by === 'agent') {
    if (status === 'closed') {
      throw new ConflictError('the ticket is closed; agents cannot reply to a closed ticket', `reopen it first: helpdesk ticket reopen ${number}`);
    }
    return null;
  }
  if (stateOf(status) === 'closed') return 'open';
  if (status === 'awaiting-response') return 'open';
  return null;
}

/** A help topic's defaults, by id. */
export interface TopicDefaults {
  deptId: number | null;
  priority: Priority | null;
  slaId: number | null;
}

/**
 * Department, priority and SLA of a new ticket: what was given; else the help topic's; then the
 * department's default SLA; then the organisation's default department and `Default SLA`.
 */
export function resolveNewTicketDefaults(
  given: { deptId?: number; priority?: Priority; slaId?: number },
  topic: TopicDefaults | null,
  deptDefaultSla: (deptId: number) => number | null,
  fallback: { deptId: number; slaId: number | null },
): { deptId: number; priority: Priority; slaId: number | null } {
  const deptId = given.deptId ?? topic?.deptId ?? fallback.deptId;
  const priority = given.priority ?? topic?.priority ?? 'normal';
  const slaId = given.slaId ?? topic?.slaId ?? deptDefaultSla(deptId) ?? fallback.slaId;
  return { deptId, priority, slaId };
}

/** Subjects are one trimmed line of text; empty ones are refused. */
export function parseSubject(text: string): string {
  const subject = text.trim();
  if (subject === '') throw new UsageError('the subject is empty', 'pass --subject "What is wrong, in a few words"');
  if (subject.length > 1000) throw new UsageError('the subject is longer than 1000 characters', 'put the details in --body');
  // It becomes a mail header and a terminal line: a line break or escape there is never wanted.
  if (hasControl(subject)) throw new UsageError('the subject contains a tab, newline or control character', 'use one line of plain text; put the details in --body');
  return subject;
}

/** Thread bodies may hold anything but must say something. */
export function parseBody(text: string, field = named('body')): string {
  if (text.trim() === '') throw new UsageError('the body is empty', says`pass ${field} "…" or ${named('bodyFile')} <path|->`);
  return text;
}

// A local part and a domain; a single-label domain (helpdesk@localhost, root@mailhost) is valid.
const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:.]+(\.[^\s@<>()",;:.]+)*$/;
export function parseEmail(text: string): string {
  const email = text.trim().toLowerCase();
  if (hasControl(email)) throw new UsageError(`'${text}' is not an email address: it contains a control character`, 'type the address on one line, e.g. karen@example.com');
  const invisible = invisibleIn(text); // before trimming: trim() drops a BOM silently
  if (invisible) {
    throw new UsageError(`'${text}' is not an email address: it contains an invisible character (${invisible})`, 'type the address again instead of pasting it');
  }
  if (!EMAIL.test(email)) throw new UsageError(`'${text}' is not an email address`, 'example: karen@example.com');
  return email;
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{0,31}$/i;
export function parseUsername(text: string): string {
  const name = text.trim().toLowerCase();
  if (!USERNAME.test(name)) {
    throw new UsageError(`'${text}' is not a valid username`, 'use letters, digits, dot, dash or underscore (up to 32), e.g. jane');
  }
  return name;
}
