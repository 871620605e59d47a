/**
 * PostgreSQL queries of the mail domain (from sqlite-mail.ts and the outbox part of
 * sqlite-tx.ts). Several `mail send` may run at once on one desk: dueOutbox, in a write transaction,
 * locks the rows it answers and skips those another sender holds (FOR UPDATE SKIP LOCKED), and the
 * claim moves their next attempt into the future before it commits — so each message goes to one
 * sender only.
 */
import { ConflictError } from '../../core/errors.js';
import type {
  AttachmentRow, CannedRow, InboundRow, MailTx, NewAttachment, NewInbound, OutboxFilter, OutboxMailRow, TemplateRow, ThreadMessageId,
} from '../mail/types.js';
import type { NewOutboxMessage, OutboxRow } from '../types.js';
import type { PgConn, PgParam } from './conn.js';
import { Params, ticketWhere } from './ticket-query.js';
import { related } from './related.js';

const ATTACHMENTS = related('ticket', 'attachments', `SELECT a.id, a.ticket_id, a.entry_id, e.kind AS entry_kind, a.filename, a.content_type, a.size, a.created_at
  FROM attachments a LEFT JOIN thread_entries e ON e.id = a.entry_id WHERE a.ticket_id = $1 ORDER BY a.id`);

const OUTBOX_SELECT = 'SELECT o.*, t.number AS ticket FROM outbox o LEFT JOIN tickets t ON t.id = o.ticket_id';
const INBOUND_SELECT = `SELECT m.id, m.message_id, m.ticket_id, t.number AS ticket, m.entry_id, m.outcome, m.from_addr,
  m.subject, m.received_at FROM inbound_messages m LEFT JOIN tickets t ON t.id = m.ticket_id`;
const OUTBOX_PATCHABLE = new Set(['status', 'attempts', 'last_error', 'next_attempt_at', 'sent_at']);


export class PgMail implements MailTx {
  constructor(private readonly c: PgConn) {}

  // --- the outbox (Tx.insertOutbox and Tx.outbox live here too) ---
  async insertOutbox(m: NewOutboxMessage): Promise<number> {
    return this.c.insert(
      `INSERT INTO outbox(ticket_id, kind, to_addr, subject, body, message_id, in_reply_to, created_at, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
      [m.ticketId, m.kind, m.to, m.subject, m.body, m.messageId, m.inReplyTo, m.createdAt]);
  }
  async outbox(filter: { status?: OutboxRow['status']; ticketId?: number }): Promise<OutboxRow[]> {
    return this.c.all<OutboxRow>(
      `${OUTBOX_SELECT} WHERE ($1::text IS NULL OR o.status = $1) AND ($2::bigint IS NULL OR o.ticket_id = $2) ORDER BY o.id`,
      [filter.status ?? null, filter.ticketId ?? null]);
  }

  async outboxList(f: OutboxFilter) {
    const p = new Params();
    const where: string[] = [];
    if (f.status) where.push(`o.status = ${p.add(f.status)}`);
    if (f.ticketId !== undefined) where.push(`o.ticket_id = ${p.add(f.ticketId)}`);
    let from = 'FROM outbox o LEFT JOIN tickets t ON t.id = o.ticket_id';
    if (f.scope !== undefined) {
      // The same visibility SQL as ticket lists: only mail of tickets the agent may see.
      from = 'FROM outbox o JOIN tickets t ON t.id = o.ticket_id';
      const scoped = ticketWhere({ scope: f.scope, queue: 'all', meAgentId: null, sort: 'created', limit: null, now: '' }, p).sql;
      if (scoped) where.push(scoped.replace(/^WHERE /, ''));
    }
    const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const limit = f.limit ? ` LIMIT ${Math.floor(f.limit)}` : '';
    // Newest first for the limit, then back to oldest first.
    const rows = await this.c.all<OutboxMailRow>(`SELECT o.*, t.number AS ticket ${from} ${cond} ORDER BY o.id DESC${limit}`, p.values);
    return rows.reverse();
  }
  async outboxById(outboxId: number) {
    return this.c.one<OutboxMailRow>(`${OUTBOX_SELECT} WHERE o.id = $1`, [outboxId]);
  }
  async outboxByMessageId(messageId: string) {
    return this.c.one<OutboxMailRow>(`${OUTBOX_SELECT} WHERE o.message_id = $1`, [messageId]);
  }
  /** Due messages, oldest first; in a write transaction locked for it, skipping those another sender claims. */
  async dueOutbox(now: string, ticketId: number | null, limit: number) {
    const lock = this.c.writing ? ' FOR UPDATE OF o SKIP LOCKED' : '';
    return this.c.all<OutboxMailRow>(
      `${OUTBOX_SELECT} WHERE o.status = 'pending' AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= $1)
       AND ($2::bigint IS NULL OR o.ticket_id = $2) ORDER BY o.next_attempt_at NULLS FIRST, o.id LIMIT $3${lock}`,
      [now, ticketId, limit]);
  }
  async updateOutbox(outboxId: number, patch: Partial<Pick<OutboxRow, 'status' | 'attempts' | 'last_error' | 'next_attempt_at' | 'sent_at'>>) {
    const p = new Params();
    const sets = Object.entries(patch).filter(([c]) => OUTBOX_PATCHABLE.has(c)).map(([c, v]) => `${c} = ${p.add((v ?? null) as PgParam)}`);
    if (!sets.length) return;
    await this.c.run(`UPDATE outbox SET ${sets.join(', ')} WHERE id = ${p.add(outboxId)}`, p.values);
  }
  async setOutboxExtras(outboxId: number, cc: string | null, entryId: number | null) {
    await this.c.run('UPDATE outbox SET cc_addrs = $1, entry_id = $2 WHERE id = $3', [cc, entryId, outboxId]);
  }
  async setOutboxReferences(outboxId: number, references: string | null) {
    await this.c.run('UPDATE outbox SET references_hdr = $1 WHERE id = $2', [references, outboxId]);
  }

  async inboundByMessageId(messageId: string) {
    return this.c.one<InboundRow>(`${INBOUND_SELECT} WHERE m.message_id = $1`, [messageId]);
  }
  async maxMailIds() {
    return (await this.c.one<{ outbox: number; inbound: number }>(
      'SELECT (SELECT COALESCE(max(id), 0) FROM outbox) AS outbox, (SELECT COALESCE(max(id), 0) FROM inbound_messages) AS inbound'))!;
  }
  async insertInbound(m: NewInbound) {
    return this.c.insert(
      `INSERT INTO inbound_messages(message_id, ticket_id, entry_id, outcome, from_addr, subject, original_text, raw, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [m.messageId, m.ticketId, m.entryId, m.outcome, m.from, m.subject, m.originalText, m.raw, m.receivedAt]);
  }
  async inboundList(f: { ticketId?: number; limit?: number | null }) {
    const limit = f.limit ? ` LIMIT ${Math.floor(f.limit)}` : '';
    const rows = f.ticketId === undefined
      ? await this.c.all<InboundRow>(`${INBOUND_SELECT} ORDER BY m.id DESC${limit}`)
      : await this.c.all<InboundRow>(`${INBOUND_SELECT} WHERE m.ticket_id = $1 ORDER BY m.id DESC${limit}`, [f.ticketId]);
    return rows.reverse();
  }
  async inboundRaw(inboundId: number) {
    return (await this.c.one<{ raw: Buffer }>('SELECT raw FROM inbound_messages WHERE id = $1', [inboundId]))?.raw ?? null;
  }
  async threadMessageIds(ticketId: number) {
    return this.c.all<ThreadMessageId>(
      `SELECT message_id, at FROM (
         SELECT message_id, created_at AS at, id, 0 AS src FROM outbox WHERE ticket_id = $1 AND kind <> 'sla-alert'
         UNION ALL
         SELECT message_id, received_at AS at, id, 1 AS src FROM inbound_messages WHERE ticket_id = $1 AND outcome <> 'note'
       ) x ORDER BY at, src, id`, [ticketId]);
  }

  async insertAttachment(a: NewAttachment) {
    return this.c.insert(
      'INSERT INTO attachments(ticket_id, entry_id, filename, content_type, size, content, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
      [a.ticketId, a.entryId, a.filename, a.contentType, a.content.length, a.content, a.createdAt]);
  }
  async attachmentsOf(ticketId: number) {
    return this.c.related<AttachmentRow>(ATTACHMENTS, ticketId);
  }
  async attachmentContent(attachmentId: number) {
    return (await this.c.one<{ content: Buffer }>('SELECT content FROM attachments WHERE id = $1', [attachmentId]))?.content ?? null;
  }

  async cannedList() {
    return this.c.all<CannedRow>('SELECT * FROM canned_responses ORDER BY hd_nocase(title)');
  }
  async cannedByTitle(title: string) {
    return this.c.one<CannedRow>('SELECT * FROM canned_responses WHERE hd_nocase(title) = hd_nocase($1)', [title]);
  }
  async insertCanned(c: { title: string; body: string; at: string }) {
    // ON CONFLICT: a duplicate must not abort the transaction (a PostgreSQL statement error would).
    const row = await this.c.one<{ id: number }>(`INSERT INTO canned_responses(title, body, created_at, updated_at) VALUES ($1, $2, $3, $3)
      ON CONFLICT DO NOTHING RETURNING id`, [c.title, c.body, c.at]);
    if (!row) throw new ConflictError(`canned response '${c.title}' already exists`, 'pass --replace to change its text, or pick another title');
    return Number(row.id);
  }
  async updateCanned(cannedId: number, body: string, at: string) {
    await this.c.run('UPDATE canned_responses SET body = $1, updated_at = $2 WHERE id = $3', [body, at, cannedId]);
  }
  async deleteCanned(cannedId: number) {
    await this.c.run('DELETE FROM canned_responses WHERE id = $1', [cannedId]);
  }

  async templateOverride(name: string) {
    return this.c.one<TemplateRow>('SELECT * FROM mail_templates WHERE name = $1', [name]);
  }
  async setTemplate(name: string, body: string, at: string) {
    await this.c.run(`INSERT INTO mail_templates(name, body, updated_at) VALUES ($1, $2, $3)
      ON CONFLICT (name) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`, [name, body, at]);
  }
  async deleteTemplate(name: string) {
    await this.c.run('DELETE FROM mail_templates WHERE name = $1', [name]);
  }
}
