/**
 * Mail: the outbox and its delivery bookkeeping, inbound messages for dedupe and threading,
 * attachments, canned responses and mail templates.
 */
import type { Scope } from '../../core/access.js';

export interface OutboxRow {
  id: number; ticket_id: number | null; ticket: string | null; kind: string; to_addr: string; subject: string;
  body: string; message_id: string; in_reply_to: string | null; status: 'pending' | 'sent' | 'failed' | 'bounced';
  attempts: number; last_error: string | null; next_attempt_at: string | null; created_at: string; sent_at: string | null;
}

export interface NewOutboxMessage {
  ticketId: number | null; kind: string; to: string; subject: string; body: string; messageId: string;
  inReplyTo: string | null; createdAt: string;
}

export type OutboxStatus = OutboxRow['status'];

/** An outbox row with the References header added by migration 5. */
export type OutboxMailRow = OutboxRow & { references_hdr: string | null };

export interface InboundRow {
  id: number; message_id: string; ticket_id: number | null; ticket: string | null; entry_id: number | null;
  outcome: 'created' | 'message' | 'note'; from_addr: string; subject: string; received_at: string;
}

export interface NewInbound {
  messageId: string; ticketId: number; entryId: number; outcome: InboundRow['outcome']; from: string;
  subject: string; originalText: string; raw: Buffer; receivedAt: string;
}

export interface AttachmentRow {
  id: number; ticket_id: number; entry_id: number | null; entry_kind: string | null; filename: string;
  content_type: string; size: number; created_at: string;
}

export interface NewAttachment {
  ticketId: number; entryId: number | null; filename: string; contentType: string; content: Buffer; createdAt: string;
}

export interface CannedRow { id: number; title: string; body: string; created_at: string; updated_at: string }

export interface TemplateRow { name: string; body: string; updated_at: string }

/** One thread message's Message-ID, ours (outbox) or the sender's (inbound), in the order they happened. */
export interface ThreadMessageId { message_id: string; at: string }

export interface OutboxFilter {
  status?: OutboxStatus;
  ticketId?: number;
  /** Only messages on tickets this scope may see (non-admin agents); undefined = everything. */
  scope?: Scope;
  /** The most recent n; null = all. */
  limit?: number | null;
}

export interface MailTx {
  /** Queues a message: pending, its first attempt due when it was created. */
  insertOutbox(m: NewOutboxMessage): Promise<number>;
  /** Outbox messages by status and/or ticket, oldest first. */
  outbox(filter: { status?: OutboxRow['status']; ticketId?: number }): Promise<OutboxRow[]>;
  outboxList(filter: OutboxFilter): Promise<OutboxMailRow[]>;
  outboxById(id: number): Promise<OutboxMailRow | null>;
  outboxByMessageId(messageId: string): Promise<OutboxMailRow | null>;
  /** Pending messages whose next attempt is due at `now`, oldest first. */
  dueOutbox(now: string, ticketId: number | null, limit: number): Promise<OutboxMailRow[]>;
  updateOutbox(id: number, patch: Partial<Pick<OutboxRow,
    'status' | 'attempts' | 'last_error' | 'next_attempt_at' | 'sent_at'>>): Promise<void>;
  setOutboxReferences(id: number, references: string | null): Promise<void>;
  /** The Cc addresses of a queued message and the thread entry it carries. */
  setOutboxExtras(outboxId: number, cc: string | null, entryId: number | null): Promise<void>;

  inboundByMessageId(messageId: string): Promise<InboundRow | null>;
  /** The highest outbox and ingested-message ids so far (0 when none): what an import found before it wrote. */
  maxMailIds(): Promise<{ outbox: number; inbound: number }>;
  insertInbound(m: NewInbound): Promise<number>;
  inboundList(filter: { ticketId?: number; limit?: number | null }): Promise<InboundRow[]>;
  inboundRaw(id: number): Promise<Buffer | null>;
  /** Message-IDs of the ticket's conversation with its end user (no agent alerts), oldest first. */
  threadMessageIds(ticketId: number): Promise<ThreadMessageId[]>;

  insertAttachment(a: NewAttachment): Promise<number>;
  attachmentsOf(ticketId: number): Promise<AttachmentRow[]>;
  attachmentContent(id: number): Promise<Buffer | null>;


  cannedList(): Promise<CannedRow[]>;
  cannedByTitle(title: string): Promise<CannedRow | null>;
  insertCanned(c: { title: string; body: string; at: string }): Promise<number>;
  updateCanned(id: number, body: string, at: string): Promise<void>;
  deleteCanned(id: number): Promise<void>;

  templateOverride(name: string): Promise<TemplateRow | null>;
  setTemplate(name: string, body: string, at: string): Promise<void>;
  deleteTemplate(name: string): Promise<void>;
}
