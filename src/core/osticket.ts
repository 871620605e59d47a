/**
 * osTicket's ticket API payload (`POST /api/tickets.json`, setup/doc/api/tickets.md in osTicket),
 * so that form integrations written for osTicket can feed helpdesk: read as a new ticket. Pure.
 *
 * Required: name, email, subject, message. The message may be plain text or an RFC 2397 data URL
 * ("data:text/html,<p>…</p>", optionally ";base64"); HTML is turned into plain text. Optional:
 * priorityId (osTicket's stock ids 1 low, 2 normal, 3 high, 4 emergency) or priority (a name),
 * source (default API), topic (a help topic name). Fields helpdesk has no place for (alert,
 * autorespond, ip, phone, phone_ext, topicId, attachments, custom form fields) are reported as ignored.
 */
import { named, UsageError } from './errors.js';
import { parseBody, parseEmail, parseSubject } from './lifecycle.js';
import { parseName } from './org.js';
import { PRIORITIES, SOURCES, type Priority, type Source } from './model.js';
import { ownValue } from './own.js';

export interface OsTicketRequest {
  name: string;
  email: string;
  subject: string;
  body: string;
  priority?: Priority;
  source: Source;
  topic?: string;
  /** Fields that were given but have nowhere to go. */
  ignored: string[];
}

const OSTICKET_PRIORITIES: Record<number, Priority> = { 1: 'low', 2: 'normal', 3: 'high', 4: 'emergency' };
const QUIETLY_IGNORED = new Set(['alert', 'autorespond']);

/** True when a JSON value looks like an osTicket API payload rather than a helpdesk export. */
export function isOsTicketPayload(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const o = value as Record<string, unknown>;
  return 'subject' in o && 'message' in o && 'email' in o && !('format' in o);
}

class BadPayloadError extends UsageError {}

function bad(field: string, problem: string): UsageError {
  return new BadPayloadError(`bad osTicket payload: '${field}' ${problem}`, 'required: name, email, subject, message (see osTicket POST /api/tickets.json)');
}

export function parseOsTicketPayload(value: unknown): OsTicketRequest {
  if (!isOsTicketPayload(value)) throw bad('subject', 'missing: expected an object with name, email, subject and message');
  const o = value as Record<string, unknown>;
  const text = (field: string): string => {
    const v = o[field];
    if (typeof v !== 'string' || v.trim() === '') throw bad(field, v === undefined ? 'is missing' : 'must be a non-empty string');
    return v;
  };
  const email = wrap('email', () => parseEmail(text('email')));
  const request: OsTicketRequest = {
    name: wrap('name', () => parseName('end user', text('name'))),
    email,
    subject: wrap('subject', () => parseSubject(text('subject'))),
    body: wrap('message', () => parseBody(messageText(text('message')), named('message', 'message'))),
    source: parseSource(o.source),
    ignored: [],
  };
  if (o.priorityId !== undefined) {
    const p = OSTICKET_PRIORITIES[Number(o.priorityId)];
    if (!p) throw bad('priorityId', `must be 1 (low), 2 (normal), 3 (high) or 4 (emergency), got ${JSON.stringify(o.priorityId)}`);
    request.priority = p;
  }
  if (o.priority !== undefined) {
    const p = String(o.priority).toLowerCase();
    if (!(PRIORITIES as readonly string[]).includes(p)) throw bad('priority', `must be one of ${PRIORITIES.join(', ')}`);
    request.priority = p as Priority;
  }
  if (o.topic !== undefined) request.topic = text('topic');
  const known = new Set(['name', 'email', 'subject', 'message', 'priorityId', 'priority', 'source', 'topic']);
  request.ignored = Object.keys(o).filter((k) => !known.has(k) && !QUIETLY_IGNORED.has(k));
  return request;
}

function wrap<T>(field: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof UsageError && !(err instanceof BadPayloadError)) throw bad(field, err.message.replace(/^the \w+ /, ''));
    throw err;
  }
}

function parseSource(v: unknown): Source {
  if (v === undefined || v === null) return 'api';
  const s = String(v).trim().toLowerCase();
  return (SOURCES as readonly string[]).includes(s) ? (s as Source) : 'api';
}

/** The message as plain text: a data URL is decoded, HTML is flattened. */
export function messageText(message: string): string {
  const m = /^data:([^,]*),(.*)$/s.exec(message);
  if (!m) return message;
  const meta = m[1]!.toLowerCase().split(';');
  const raw = meta.includes('base64') ? Buffer.from(m[2]!, 'base64').toString('utf8') : safeDecode(m[2]!);
  return meta[0] === 'text/html' ? htmlToText(raw) : raw;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** A readable plain-text rendering of simple HTML (paragraphs and line breaks kept). */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|tr)>/gi, '\n')
    .replace(/<li[^>]*>/gi, '- ')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|\w+);/gi, (all, e: string) => {
      if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
      return ownValue(ENTITIES, e.toLowerCase()) ?? all;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
