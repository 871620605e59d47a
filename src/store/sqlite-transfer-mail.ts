/**
 * Queries for exporting and importing what mail added (issue 10): collaborators, attachments, the
 * outbox and ingested messages. Pages are keyset on id, in id order, so an import into an empty
 * database gives every row the id it had; large contents (attachments, message sources) are read
 * one row at a time, never a page of them at once. SqliteTx delegates here.
 */
import { ConflictError } from '../core/errors.js';
import { SqliteQueries } from './sqlite-queries.js';
import { exportWhere } from './sqlite-transfer.js';
import type {
  ExportFilter, ImportedInbound, ImportedOutbox, TransferAttachmentRow, TransferInboundRow, TransferOutboxRow,
} from './types.js';

/** The position of an entry in its ticket's thread (0-based), or null for none. */
const threadIndex = (alias: string) => `CASE WHEN ${alias}.entry_id IS NULL THEN NULL ELSE
  (SELECT count(*) FROM thread_entries e WHERE e.ticket_id = ${alias}.ticket_id AND e.id < ${alias}.entry_id) END`;

/** Mail of the export's tickets; an unfiltered export also takes mail that belongs to no ticket. */
const mailOf = (cond: string) => (cond === '1' ? '1' : `t.id IS NOT NULL AND (${cond})`);

export class SqliteTransferMail extends SqliteQueries {
  /** Runs an insert; a Message-ID that is already there becomes a ConflictError naming it. */
  private unique(messageId: string, insert: () => number): number {
    try {
      return insert();
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new ConflictError(`Message-ID ${messageId} is already recorded`);
      throw err;
    }
  }

  exportCollaborators(ticketIds: readonly number[]): Array<{ ticket_id: number; email: string }> {
    if (ticketIds.length === 0) return [];
    return this.all(
      `SELECT c.ticket_id, u.email FROM ticket_collaborators c JOIN users u ON u.id = c.user_id
       WHERE c.ticket_id IN (SELECT value FROM json_each(?)) ORDER BY c.ticket_id, u.email`,
      JSON.stringify(ticketIds),
    );
  }

  exportAttachments(f: ExportFilter, afterId: number, limit: number): TransferAttachmentRow[] {
    const w = exportWhere(f);
    return this.all(
      `SELECT a.id, t.number AS ticket, ${threadIndex('a')} AS thread_index, a.filename, a.content_type, a.size, a.created_at
       FROM attachments a JOIN tickets t ON t.id = a.ticket_id
       WHERE (${w.cond}) AND a.id > ? ORDER BY a.id LIMIT ?`,
      ...w.params, afterId, limit,
    );
  }

  exportOutbox(f: ExportFilter, afterId: number, limit: number): TransferOutboxRow[] {
    const w = exportWhere(f);
    return this.all(
      `SELECT o.id, t.number AS ticket, o.kind, o.to_addr, o.subject, o.body, o.message_id, o.in_reply_to, o.references_hdr,
              o.status, o.attempts, o.last_error, o.next_attempt_at, o.created_at, o.sent_at,
              o.cc_addrs, ${threadIndex('o')} AS thread_index
       FROM outbox o LEFT JOIN tickets t ON t.id = o.ticket_id
       WHERE ${mailOf(w.cond)} AND o.id > ? ORDER BY o.id LIMIT ?`,
      ...w.params, afterId, limit,
    );
  }

  exportInbound(f: ExportFilter, afterId: number, limit: number): TransferInboundRow[] {
    const w = exportWhere(f);
    return this.all(
      `SELECT m.id, t.number AS ticket, ${threadIndex('m')} AS thread_index, m.message_id, m.outcome, m.from_addr, m.subject, m.received_at
       FROM inbound_messages m LEFT JOIN tickets t ON t.id = m.ticket_id
       WHERE ${mailOf(w.cond)} AND m.id > ? ORDER BY m.id LIMIT ?`,
      ...w.params, afterId, limit,
    );
  }

  inboundContent(id: number): { original_text: string; raw: Buffer } | null {
    return this.get('SELECT original_text, raw FROM inbound_messages WHERE id = ?', id);
  }

  entryIdAt(ticketId: number, index: number): number | null {
    return this.get<{ id: number }>('SELECT id FROM thread_entries WHERE ticket_id = ? ORDER BY id LIMIT 1 OFFSET ?', ticketId, index)?.id ?? null;
  }

  importOutbox(m: ImportedOutbox): number {
    return this.unique(m.message_id, () => this.run(
      `INSERT INTO outbox(ticket_id, kind, to_addr, subject, body, message_id, in_reply_to, references_hdr, status, attempts,
                          last_error, next_attempt_at, created_at, sent_at, cc_addrs, entry_id)
       VALUES (@ticket_id, @kind, @to_addr, @subject, @body, @message_id, @in_reply_to, @references_hdr, @status, @attempts,
               @last_error, @next_attempt_at, @created_at, @sent_at, @cc_addrs, @entry_id)`,
      { ...m, cc_addrs: m.cc_addrs ?? null, entry_id: m.entry_id ?? null },
    ));
  }

  importInbound(m: ImportedInbound): number {
    return this.unique(m.message_id, () => this.run(
      `INSERT INTO inbound_messages(message_id, ticket_id, entry_id, outcome, from_addr, subject, original_text, raw, received_at)
       VALUES (@message_id, @ticket_id, @entry_id, @outcome, @from_addr, @subject, @original_text, @raw, @received_at)`,
      m,
    ));
  }
}
