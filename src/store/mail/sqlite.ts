/**
 * The SQLite mail: outbox, inbound messages, attachments, collaborators, canned responses, templates.
 */
import { SqliteQueries } from '../sqlite-queries.js';
import { ConflictError } from '../../core/errors.js';
import type {
  AttachmentRow, CannedRow, InboundRow, MailTx, NewOutboxMessage, OutboxMailRow, NewAttachment, NewInbound, OutboxFilter, OutboxRow,
  TemplateRow, ThreadMessageId,
} from './types.js';
import { ticketWhere } from '../ticket-query.js';

const OUTBOX_SELECT = 'SELECT o.*, t.number AS ticket FROM outbox o LEFT JOIN tickets t ON t.id = o.ticket_id';
const INBOUND_SELECT = `SELECT m.id, m.message_id, m.ticket_id, t.number AS ticket, m.entry_id, m.outcome, m.from_addr,
  m.subject, m.received_at FROM inbound_messages m LEFT JOIN tickets t ON t.id = m.ticket_id`;
const OUTBOX_PATCHABLE = new Set(['status', 'attempts', 'last_error', 'next_attempt_at', 'sent_at']);

export class SqliteMail extends SqliteQueries implements MailTx {
  async insertOutbox(m: NewOutboxMessage) {
    return this.run(
      `INSERT INTO outbox(ticket_id, kind, to_addr, subject, body, message_id, in_reply_to, created_at, next_attempt_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      m.ticketId, m.kind, m.to, m.subject, m.body, m.messageId, m.inReplyTo, m.createdAt, m.createdAt,
    );
  }
  async outbox(filter: { status?: OutboxRow['status']; ticketId?: number }) {
    return this.all<OutboxRow>(
      `${OUTBOX_SELECT} WHERE (@status IS NULL OR o.status = @status) AND (@ticketId IS NULL OR o.ticket_id = @ticketId) ORDER BY o.id`,
      { status: filter.status ?? null, ticketId: filter.ticketId ?? null },
    );
  }
  async outboxList(f: OutboxFilter) {
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.status) { where.push('o.status = ?'); params.push(f.status); }
    if (f.ticketId !== undefined) { where.push('o.ticket_id = ?'); params.push(f.ticketId); }
    let from = 'FROM outbox o LEFT JOIN tickets t ON t.id = o.ticket_id';
    if (f.scope !== undefined) {
      // The same visibility SQL as ticket lists: only mail of tickets the agent may see.
      const scoped = ticketWhere({ scope: f.scope, queue: 'all', meAgentId: null, sort: 'created', limit: null, now: '' });
      from = 'FROM outbox o JOIN tickets t ON t.id = o.ticket_id';
      if (scoped.sql) { where.push(scoped.sql.replace(/^WHERE /, '')); for (const x of scoped.params) params.push(x); }
    }
    const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const limit = f.limit ? ` LIMIT ${Math.floor(f.limit)}` : '';
    // Newest first for the limit, then back to oldest first.
    const rows = this.stmt(`SELECT o.*, t.number AS ticket ${from} ${cond} ORDER BY o.id DESC${limit}`).all(...params) as OutboxMailRow[];
    return rows.reverse();
  }
  async outboxById(id: number) {
    return this.get<OutboxMailRow>(`${OUTBOX_SELECT} WHERE o.id = ?`, id);
  }
  async outboxByMessageId(messageId: string) {
    return this.get<OutboxMailRow>(`${OUTBOX_SELECT} WHERE o.message_id = ?`, messageId);
  }
  async dueOutbox(now: string, ticketId: number | null, limit: number) {
    return this.all<OutboxMailRow>(
      `${OUTBOX_SELECT} WHERE o.status = 'pending' AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= @now)
       AND (@ticketId IS NULL OR o.ticket_id = @ticketId) ORDER BY o.next_attempt_at, o.id LIMIT @limit`,
      { now, ticketId, limit },
    );
  }
  async updateOutbox(id: number, patch: Partial<Pick<OutboxRow, 'status' | 'attempts' | 'last_error' | 'next_attempt_at' | 'sent_at'>>) {
    const cols = Object.keys(patch).filter((c) => OUTBOX_PATCHABLE.has(c));
    if (!cols.length) return;
    this.run(`UPDATE outbox SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`, { ...patch, id });
  }
  async setOutboxReferences(id: number, references: string | null) {
    this.run('UPDATE outbox SET references_hdr = ? WHERE id = ?', references, id);
  }

  async setOutboxExtras(outboxId: number, cc: string | null, entryId: number | null) {
    this.run('UPDATE outbox SET cc_addrs = ?, entry_id = ? WHERE id = ?', cc, entryId, outboxId);
  }

  async inboundByMessageId(messageId: string) {
    return this.get<InboundRow>(`${INBOUND_SELECT} WHERE m.message_id = ?`, messageId);
  }
  async maxMailIds() {
    return this.get<{ outbox: number; inbound: number }>(
      'SELECT (SELECT COALESCE(max(id), 0) FROM outbox) AS outbox, (SELECT COALESCE(max(id), 0) FROM inbound_messages) AS inbound')!;
  }
  async insertInbound(m: NewInbound) {
    return this.run(
      `INSERT INTO inbound_messages(message_id, ticket_id, entry_id, outcome, from_addr, subject, original_text, raw, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      m.messageId, m.ticketId, m.entryId, m.outcome, m.from, m.subject, m.originalText, m.raw, m.receivedAt,
    );
  }
  async inboundList(f: { ticketId?: number; limit?: number | null }) {
    const limit = f.limit ? ` LIMIT ${Math.floor(f.limit)}` : '';
    const rows = f.ticketId === undefined
      ? this.db.prepare(`${INBOUND_SELECT} ORDER BY m.id DESC${limit}`).all() as InboundRow[]
      : this.db.prepare(`${INBOUND_SELECT} WHERE m.ticket_id = ? ORDER BY m.id DESC${limit}`).all(f.ticketId) as InboundRow[];
    return rows.reverse();
  }
  async inboundRaw(id: number) {
    return this.get<{ raw: Buffer }>('SELECT raw FROM inbound_messages WHERE id = ?', id)?.raw ?? null;
  }
  async threadMessageIds(ticketId: number) {
    return this.all<ThreadMessageId>(
      `SELECT message_id, at FROM (
         SELECT message_id, created_at AS at, id, 0 AS src FROM outbox WHERE ticket_id = @t AND kind <> 'sla-alert'
         UNION ALL
         SELECT message_id, received_at AS at, id, 1 AS src FROM inbound_messages WHERE ticket_id = @t AND outcome <> 'note'
       ) ORDER BY at, src, id`,
      { t: ticketId },
    );
  }

  async insertAttachment(a: NewAttachment) {
    return this.run(
      'INSERT INTO attachments(ticket_id, entry_id, filename, content_type, size, content, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      a.ticketId, a.entryId, a.filename, a.contentType, a.content.length, a.content, a.createdAt,
    );
  }
  async attachmentsOf(ticketId: number) {
    return this.all<AttachmentRow>(
      `SELECT a.id, a.ticket_id, a.entry_id, e.kind AS entry_kind, a.filename, a.content_type, a.size, a.created_at
       FROM attachments a LEFT JOIN thread_entries e ON e.id = a.entry_id WHERE a.ticket_id = ? ORDER BY a.id`, ticketId,
    );
  }
  async attachmentContent(id: number) {
    return this.get<{ content: Buffer }>('SELECT content FROM attachments WHERE id = ?', id)?.content ?? null;
  }


  async cannedList() {
    return this.all<CannedRow>('SELECT * FROM canned_responses ORDER BY title COLLATE NOCASE');
  }
  async cannedByTitle(title: string) {
    return this.get<CannedRow>('SELECT * FROM canned_responses WHERE title = ? COLLATE NOCASE', title);
  }
  async insertCanned(c: { title: string; body: string; at: string }) {
    try {
      return this.run('INSERT INTO canned_responses(title, body, created_at, updated_at) VALUES (?, ?, ?, ?)', c.title, c.body, c.at, c.at);
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new ConflictError(`canned response '${c.title}' already exists`, 'pass --replace to change its text, or pick another title');
      }
      throw err;
    }
  }
  async updateCanned(id: number, body: string, at: string) {
    this.run('UPDATE canned_responses SET body = ?, updated_at = ? WHERE id = ?', body, at, id);
  }
  async deleteCanned(id: number) {
    this.run('DELETE FROM canned_responses WHERE id = ?', id);
  }

  async templateOverride(name: string) {
    return this.get<TemplateRow>('SELECT * FROM mail_templates WHERE name = ?', name);
  }
  async setTemplate(name: string, body: string, at: string) {
    this.run(`INSERT INTO mail_templates(name, body, updated_at) VALUES (?, ?, ?)
      ON CONFLICT(name) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`, name, body, at);
  }
  async deleteTemplate(name: string) {
    this.run('DELETE FROM mail_templates WHERE name = ?', name);
  }

}
