/**
 * What mail keeps besides the thread, as export records: attachments (content in
 * base64, with its size and SHA-256 so a damaged file is caught), the outbox (our Message-IDs, so
 * answers to notifications sent before a move still thread) and ingested messages (their
 * Message-IDs, so mail delivered again is still ignored and answers to them thread; their
 * original text and source, for `mail original`). Each is a top-level streamed list after the
 * tickets, one record per line, read from the store one row at a time.
 */
import { createHash } from 'node:crypto';
import { ConflictError } from '../../core/errors.js';
import { parseEmail, parseTicketNumber } from '../../core/lifecycle.js';
import { BadRecordError, Fields, inRecord } from '../../core/records.js';
import type { ExportFilter, ImportedInbound, ImportedOutbox, Tx } from '../../store/types.js';

export interface AttachmentRecord {
  ticket: string;
  /** The thread entry it came with (0-based, notes included); null for none. */
  thread_index: number | null;
  name: string; type: string; size: number; sha256: string; created_at: string;
  /** Base64. */
  content: string;
}

export interface OutboxRecord {
  ticket: string | null; kind: string; to: string; subject: string; body: string; message_id: string;
  in_reply_to: string | null; references: string | null; status: 'pending' | 'sent' | 'failed' | 'bounced'; attempts: number;
  last_error: string | null; next_attempt_at: string | null; created_at: string; sent_at: string | null;
  /** Present only when set, so exports without them stay as they were. */
  cc?: string; thread_index?: number;
}

export interface InboundRecord {
  ticket: string | null; thread_index: number | null; message_id: string; outcome: 'created' | 'message' | 'note';
  from: string; subject: string; received_at: string; original_text: string;
  /** The message exactly as received, base64. */
  raw: string;
}

/** The top-level lists this module writes and reads, in file order. */
export const MAIL_LISTS = ['attachments', 'mail_outbox', 'mail_inbound'] as const;
export type MailList = (typeof MAIL_LISTS)[number];

export interface MailSink {
  attachment(a: AttachmentRecord): Promise<void>;
  outboxMessage(m: OutboxRecord): Promise<void>;
  inboundMessage(m: InboundRecord): Promise<void>;
}

export type MailCounts = Record<MailList, number>;

const PAGE = 200;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Streams the mail data of the export's tickets, in id order; contents one row at a time. */
export async function exportMail(tx: Tx, filter: ExportFilter, sink: MailSink): Promise<MailCounts> {
  const counts: MailCounts = { attachments: 0, mail_outbox: 0, mail_inbound: 0 };
  for (let after = 0, page; (page = await tx.transfer.exportAttachments(filter, after, PAGE)).length; after = page.at(-1)!.id) {
    for (const a of page) {
      const content = (await tx.mail.attachmentContent(a.id)) ?? Buffer.alloc(0);
      await sink.attachment({
        ticket: a.ticket, thread_index: a.thread_index, name: a.filename, type: a.content_type, size: content.length,
        sha256: sha256(content), created_at: a.created_at, content: content.toString('base64'),
      });
      counts.attachments++;
    }
  }
  for (let after = 0, page; (page = await tx.transfer.exportOutbox(filter, after, PAGE)).length; after = page.at(-1)!.id) {
    for (const m of page) {
      await sink.outboxMessage({
        ticket: m.ticket, kind: m.kind, to: m.to_addr, subject: m.subject, body: m.body, message_id: m.message_id,
        in_reply_to: m.in_reply_to, references: m.references_hdr, status: m.status, attempts: m.attempts, last_error: m.last_error,
        next_attempt_at: m.next_attempt_at, created_at: m.created_at, sent_at: m.sent_at,
        ...(m.cc_addrs ? { cc: m.cc_addrs } : {}), ...(m.thread_index != null ? { thread_index: m.thread_index } : {}),
      });
      counts.mail_outbox++;
    }
  }
  for (let after = 0, page; (page = await tx.transfer.exportInbound(filter, after, PAGE)).length; after = page.at(-1)!.id) {
    for (const m of page) {
      const content = (await tx.transfer.inboundContent(m.id))!;
      await sink.inboundMessage({
        ticket: m.ticket, thread_index: m.thread_index, message_id: m.message_id, outcome: m.outcome, from: m.from_addr,
        subject: m.subject, received_at: m.received_at, original_text: content.original_text, raw: content.raw.toString('base64'),
      });
      counts.mail_inbound++;
    }
  }
  return counts;
}

/**
 * Strict base64 (RFC 4648, padded): Buffer.from alone skips characters it does not know, so a
 * damaged file would import quietly damaged content.
 */
function decodeBase64(f: Fields, field: string): Buffer {
  const text = f.str(field, { empty: true });
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  if (text.length % 4 !== 0 || /[^A-Za-z0-9+/]/.test(text.slice(0, text.length - pad))) f.fail(field, 'is not valid base64');
  return Buffer.from(text, 'base64');
}

const MESSAGE_ID = /^<[^<>\s]+>$/;
function messageId(f: Fields): string {
  const id = f.str('message_id').trim();
  if (!MESSAGE_ID.test(id)) f.fail('message_id', `must look like <id@host> (got '${id}')`);
  return id;
}

/** A parsed attachment record: its content decoded and checked against size and digest. */
export type ParsedAttachment = Omit<AttachmentRecord, 'content' | 'sha256'> & { content: Buffer };

export function parseAttachment(raw: unknown, where: string): ParsedAttachment {
  const pre = new Fields(raw, where);
  const ticket = inRecord(where, 'ticket', () => parseTicketNumber(pre.str('ticket')));
  const name = pre.str('name');
  const f = new Fields(raw, `${where} (#${ticket}, '${name}')`);
  const size = f.int('size');
  const content = decodeBase64(f, 'content');
  if (content.length !== size) f.fail('size', `is ${size} but the content holds ${content.length} bytes`);
  if (f.has('sha256')) {
    const digest = f.str('sha256').toLowerCase();
    if (digest !== sha256(content)) f.fail('sha256', 'does not match the content (the file is damaged)');
  }
  return { ticket, thread_index: f.optInt('thread_index'), name, type: f.str('type').trim(), size, created_at: f.time('created_at'), content };
}

export function parseOutbox(raw: unknown, where: string): OutboxRecord {
  const f = new Fields(raw, where);
  const ticket = f.optStr('ticket');
  return {
    ticket: ticket === null ? null : inRecord(where, 'ticket', () => parseTicketNumber(ticket)),
    kind: f.str('kind').trim(), to: f.str('to').trim(), subject: f.str('subject', { empty: true }), body: f.str('body', { empty: true }),
    message_id: messageId(f), in_reply_to: f.optStr('in_reply_to'), references: f.optStr('references'),
    status: f.oneOf('status', ['pending', 'sent', 'failed', 'bounced'] as const), attempts: f.int('attempts'), last_error: f.optStr('last_error'),
    next_attempt_at: f.optTime('next_attempt_at'), created_at: f.time('created_at'), sent_at: f.optTime('sent_at'),
    ...outboxExtras(f, ticket),
  };
}

function outboxExtras(f: Fields, ticket: string | null): Pick<OutboxRecord, 'cc' | 'thread_index'> {
  const cc = f.optStr('cc');
  const threadIndex = f.optInt('thread_index');
  if (ticket === null && threadIndex !== null) f.fail('thread_index', 'needs a ticket');
  return { ...(cc ? { cc } : {}), ...(threadIndex !== null ? { thread_index: threadIndex } : {}) };
}

export type ParsedInbound = Omit<InboundRecord, 'raw'> & { raw: Buffer };

export function parseInbound(raw: unknown, where: string): ParsedInbound {
  const f = new Fields(raw, where);
  const ticket = f.optStr('ticket');
  const threadIndex = f.optInt('thread_index');
  if (ticket === null && threadIndex !== null) f.fail('thread_index', 'needs a ticket');
  return {
    ticket: ticket === null ? null : inRecord(where, 'ticket', () => parseTicketNumber(ticket)), thread_index: threadIndex,
    message_id: messageId(f), outcome: f.oneOf('outcome', ['created', 'message', 'note'] as const),
    from: inRecord(where, 'from', () => parseEmail(f.str('from'))), subject: f.str('subject', { empty: true }),
    received_at: f.time('received_at'), original_text: f.str('original_text', { empty: true }), raw: decodeBase64(f, 'raw'),
  };
}

/** The file's tickets so far, as a mail record or a webhook delivery checks its ticket against them. */
export interface FileTickets {
  /** The length of ticket `number`'s thread when the file has that ticket before here; undefined otherwise. */
  threadLength(number: string): Promise<number | undefined>;
}

export const isMailList = (key: string): key is MailList => (MAIL_LISTS as readonly string[]).includes(key);

/**
 * Checks one record of a mail list — its shape, its ticket (earlier in the file) and thread entry,
 * and that its Message-ID is not already in this help desk (exit 5) — and, when `written` is given
 * (an import, not a dry run), writes it. `written` holds the highest outbox and ingested-message ids
 * the desk had before the import began: a Message-ID found above them was written by this import,
 * so the file has it twice.
 */
export async function importMailRecord(tx: Tx, list: MailList, raw: unknown, at: string, tickets: FileTickets,
  written: { outbox: number; inbound: number } | null): Promise<void> {
  if (list === 'attachments') {
    const a = parseAttachment(raw, at);
    await checkMailRefs(at, a.ticket, a.thread_index, tickets);
    if (written) await loadAttachment(tx, a);
    return;
  }
  const m = list === 'mail_outbox' ? parseOutbox(raw, at) : parseInbound(raw, at);
  await checkMailRefs(at, m.ticket, 'thread_index' in m ? m.thread_index ?? null : null, tickets);
  const known = list === 'mail_outbox' ? await tx.mail.outboxByMessageId(m.message_id) : await tx.mail.inboundByMessageId(m.message_id);
  if (known && written && known.id > written[list === 'mail_outbox' ? 'outbox' : 'inbound']) {
    throw new BadRecordError(at, `its 'message_id' appears more than once in ${list}`);
  }
  if (known) {
    throw new ConflictError(`${at}: Message-ID ${m.message_id} is already in this help desk; nothing was imported`,
      'an export can be imported once; import it into another database');
  }
  if (!written) return;
  if (list === 'mail_outbox') await loadOutbox(tx, m as OutboxRecord);
  else await loadInbound(tx, m as ParsedInbound);
}

/** A mail record must belong to a ticket earlier in the same file, and point inside its thread. */
async function checkMailRefs(at: string, ticket: string | null, threadIndex: number | null, tickets: FileTickets): Promise<void> {
  if (ticket === null) return;
  const length = await tickets.threadLength(ticket);
  if (length === undefined) throw new BadRecordError(at, `'ticket' names #${ticket}, which is not among the tickets before it in the file`);
  if (threadIndex !== null && threadIndex >= length) {
    throw new BadRecordError(at, `'thread_index' is ${threadIndex} but ticket #${ticket} has ${length} thread entries`);
  }
}

async function ticketAndEntry(tx: Tx, ticket: string | null, threadIndex: number | null): Promise<[number | null, number | null]> {
  if (ticket === null) return [null, null];
  const ticketId = (await tx.tickets.ticketIdByNumber(ticket))!;
  return [ticketId, threadIndex === null ? null : await tx.thread.entryIdAt(ticketId, threadIndex)];
}

async function loadAttachment(tx: Tx, a: ParsedAttachment): Promise<void> {
  const [ticketId, entryId] = await ticketAndEntry(tx, a.ticket, a.thread_index);
  await tx.mail.insertAttachment({ ticketId: ticketId!, entryId, filename: a.name, contentType: a.type, content: a.content, createdAt: a.created_at });
}

async function loadOutbox(tx: Tx, m: OutboxRecord): Promise<void> {
  const [ticketId, entryId] = await ticketAndEntry(tx, m.ticket, m.thread_index ?? null);
  const row: ImportedOutbox = {
    cc_addrs: m.cc ?? null, entry_id: entryId,
    ticket_id: ticketId, kind: m.kind, to_addr: m.to, subject: m.subject, body: m.body, message_id: m.message_id,
    in_reply_to: m.in_reply_to, references_hdr: m.references, status: m.status, attempts: m.attempts, last_error: m.last_error,
    next_attempt_at: m.next_attempt_at, created_at: m.created_at, sent_at: m.sent_at,
  };
  await tx.transfer.importOutbox(row);
}

async function loadInbound(tx: Tx, m: ParsedInbound): Promise<void> {
  const [ticketId, entryId] = await ticketAndEntry(tx, m.ticket, m.thread_index);
  const row: ImportedInbound = {
    ticket_id: ticketId, entry_id: entryId, message_id: m.message_id, outcome: m.outcome, from_addr: m.from, subject: m.subject,
    original_text: m.original_text, raw: m.raw, received_at: m.received_at,
  };
  await tx.transfer.importInbound(row);
}
