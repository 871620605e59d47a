/**
 * Export and import on PostgreSQL (from sqlite-transfer.ts, sqlite-transfer-mail.ts and
 * sqlite-bulk.ts): pages keyset on id, mail data with thread positions, and the bulk path — whole
 * tickets in a few statements per batch, each column sent as one array (unnest), so a batch costs
 * three round trips whatever its size and no statement meets the 65,535-parameter limit.
 */
import { ConflictError } from '../../core/errors.js';
import type {
  BulkTicket, EntryRow, ExportFilter, ExportPage, ImportedInbound, ImportedOutbox, TicketRow, TransferAttachmentRow,
  TransferInboundRow, TransferOutboxRow,
} from '../types.js';
import type { TransferDeliveryRow, TransferRatingRow } from '../transfer/types.js';
import type { PgConn, PgParam } from './conn.js';
import { isDeferred, reindex } from './search-index.js';
import { Params, TICKET_SELECT, ticketWhere } from './ticket-query.js';

/** The condition (over tickets `t`) of an export; TRUE for every ticket. */
export function pgExportCond(f: ExportFilter, p: Params): string {
  const scoped = ticketWhere(f, p).sql;
  const parts = scoped ? [scoped.replace(/^WHERE /, '')] : [];
  if (f.createdFrom !== undefined) parts.push(`t.created_at >= ${p.add(f.createdFrom)}`);
  if (f.createdBefore !== undefined) parts.push(`t.created_at < ${p.add(f.createdBefore)}`);
  return parts.length ? parts.join(' AND ') : 'TRUE';
}

const threadIndex = (alias: string) => `CASE WHEN ${alias}.entry_id IS NULL THEN NULL ELSE
  (SELECT count(*)::int FROM thread_entries e WHERE e.ticket_id = ${alias}.ticket_id AND e.id < ${alias}.entry_id) END`;
/** Mail of the export's tickets; an unfiltered export also takes mail that belongs to no ticket. */
const mailOf = (cond: string) => (cond === 'TRUE' ? 'TRUE' : `t.id IS NOT NULL AND (${cond})`);

const TICKET_COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['number', 'text'], ['subject', 'text'], ['status', 'text'], ['priority', 'text'], ['dept_id', 'bigint'], ['topic_id', 'bigint'],
  ['sla_id', 'bigint'], ['assignee_id', 'bigint'], ['team_id', 'bigint'], ['user_id', 'bigint'], ['source', 'text'],
  ['created_at', 'text'], ['updated_at', 'text'], ['due_at', 'text'], ['first_response_due_at', 'text'], ['first_response_at', 'text'],
  ['resolved_at', 'text'], ['closed_at', 'text'], ['reopened_count', 'int'], ['clock_start_at', 'text'], ['paused_minutes', 'float8'],
  ['paused_at', 'text'], ['answered', 'int'], ['custom_status', 'text'],
];
const INSERT_TICKETS = `INSERT INTO tickets(${TICKET_COLUMNS.map(([c]) => c).join(', ')})
  SELECT ${TICKET_COLUMNS.map(([c]) => `u.${c}`).join(', ')}
  FROM unnest(${TICKET_COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})
    WITH ORDINALITY AS u(${TICKET_COLUMNS.map(([c]) => c).join(', ')}, ord)
  ORDER BY u.ord RETURNING id, number`;
const INSERT_ENTRIES = `INSERT INTO thread_entries(ticket_id, kind, author_agent_id, author_user_id, title, body, created_at)
  SELECT u.t, u.k, u.a, u.us, u.ti, u.b, u.c
  FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS u(t, k, a, us, ti, b, c, ord)
  ORDER BY u.ord`;
const INSERT_EVENTS = `INSERT INTO events(ticket_id, type, actor_agent_id, actor_user_id, at, data)
  SELECT u.t, u.ty, u.a, u.us, u.at, u.d
  FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::text[]) WITH ORDINALITY AS u(t, ty, a, us, at, d, ord)
  ORDER BY u.ord`;

export class PgTransfer {
  constructor(private readonly c: PgConn) {}

  async countExport(f: ExportFilter): Promise<number> {
    const p = new Params();
    return Number((await this.c.one<{ n: number }>(`SELECT count(*) AS n FROM tickets t WHERE ${pgExportCond(f, p)}`, p.values))!.n);
  }

  async exportPage(f: ExportFilter, afterId: number, limit: number, withThread: boolean): Promise<ExportPage> {
    const p = new Params();
    const cond = pgExportCond(f, p);
    const tickets = await this.c.all<TicketRow>(
      `${TICKET_SELECT} WHERE ${cond} AND t.id > ${p.add(afterId)} ORDER BY t.id LIMIT ${p.add(limit)}`, p.values);
    if (!withThread || tickets.length === 0) return { tickets, entries: [], events: [] };
    const ids = tickets.map((t) => Number(t.id));
    const entries = await this.c.all<EntryRow>(`
      SELECT e.id, e.ticket_id, e.kind, e.title, e.body, e.created_at,
             COALESCE(a.username, u.email) AS author, COALESCE(a.name, u.name) AS author_name
      FROM thread_entries e LEFT JOIN agents a ON a.id = e.author_agent_id LEFT JOIN users u ON u.id = e.author_user_id
      WHERE e.ticket_id = ANY($1::bigint[]) ORDER BY e.ticket_id, e.id`, [ids]);
    const events = await this.c.all<ExportPage['events'][number]>(`
      SELECT e.id, e.ticket_id, e.type, e.at, e.data, COALESCE(a.username, u.email) AS actor
      FROM events e LEFT JOIN agents a ON a.id = e.actor_agent_id LEFT JOIN users u ON u.id = e.actor_user_id
      WHERE e.ticket_id = ANY($1::bigint[]) ORDER BY e.ticket_id, e.id`, [ids]);
    return { tickets, entries, events };
  }

  async exportCollaborators(ticketIds: readonly number[]): Promise<Array<{ ticket_id: number; email: string }>> {
    if (ticketIds.length === 0) return [];
    return this.c.all(`SELECT c.ticket_id, u.email FROM ticket_collaborators c JOIN users u ON u.id = c.user_id
      WHERE c.ticket_id = ANY($1::bigint[]) ORDER BY c.ticket_id, u.email`, [ticketIds]);
  }

  async exportRatings(ticketIds: readonly number[]): Promise<TransferRatingRow[]> {
    if (ticketIds.length === 0) return [];
    return this.c.all(`SELECT r.ticket_id, r.resolution, r.rating, r.comment, u.email, r.created_at FROM ratings r JOIN users u ON u.id = r.user_id
      WHERE r.ticket_id = ANY($1::bigint[]) ORDER BY r.ticket_id, r.resolution`, [ticketIds]);
  }

  async exportDeliveries(f: ExportFilter, afterId: number, limit: number): Promise<TransferDeliveryRow[]> {
    const p = new Params();
    const cond = pgExportCond(f, p);
    return this.c.all(
      `SELECT d.id, w.url AS webhook_url, d.event, t.number AS ticket, d.body, d.attempts, d.next_attempt_at, d.last_error, d.created_at
       FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id LEFT JOIN tickets t ON t.id = d.ticket_id
       WHERE d.status = 'pending' AND ${mailOf(cond)} AND d.id > ${p.add(afterId)} ORDER BY d.id LIMIT ${p.add(limit)}`, p.values);
  }

  async exportAttachments(f: ExportFilter, afterId: number, limit: number): Promise<TransferAttachmentRow[]> {
    const p = new Params();
    const cond = pgExportCond(f, p);
    return this.c.all(
      `SELECT a.id, t.number AS ticket, ${threadIndex('a')} AS thread_index, a.filename, a.content_type, a.size, a.created_at
       FROM attachments a JOIN tickets t ON t.id = a.ticket_id
       WHERE (${cond}) AND a.id > ${p.add(afterId)} ORDER BY a.id LIMIT ${p.add(limit)}`, p.values);
  }

  async exportOutbox(f: ExportFilter, afterId: number, limit: number): Promise<TransferOutboxRow[]> {
    const p = new Params();
    const cond = pgExportCond(f, p);
    return this.c.all(
      `SELECT o.id, t.number AS ticket, o.kind, o.to_addr, o.subject, o.body, o.message_id, o.in_reply_to, o.references_hdr,
              o.status, o.attempts, o.last_error, o.next_attempt_at, o.created_at, o.sent_at,
              o.cc_addrs, ${threadIndex('o')} AS thread_index
       FROM outbox o LEFT JOIN tickets t ON t.id = o.ticket_id
       WHERE ${mailOf(cond)} AND o.id > ${p.add(afterId)} ORDER BY o.id LIMIT ${p.add(limit)}`, p.values);
  }

  async exportInbound(f: ExportFilter, afterId: number, limit: number): Promise<TransferInboundRow[]> {
    const p = new Params();
    const cond = pgExportCond(f, p);
    return this.c.all(
      `SELECT m.id, t.number AS ticket, ${threadIndex('m')} AS thread_index, m.message_id, m.outcome, m.from_addr, m.subject, m.received_at
       FROM inbound_messages m LEFT JOIN tickets t ON t.id = m.ticket_id
       WHERE ${mailOf(cond)} AND m.id > ${p.add(afterId)} ORDER BY m.id LIMIT ${p.add(limit)}`, p.values);
  }

  async inboundContent(id: number): Promise<{ original_text: string; raw: Buffer } | null> {
    return this.c.one('SELECT original_text, raw FROM inbound_messages WHERE id = $1', [id]);
  }

  /**
   * Runs an insert; a Message-ID that is already there becomes a ConflictError naming it (ON
   * CONFLICT, so that the duplicate does not abort the transaction as a failed statement would).
   */
  private async unique(messageId: string, sql: string, params: readonly PgParam[]): Promise<number> {
    const row = await this.c.one<{ id: number }>(`${sql} ON CONFLICT DO NOTHING RETURNING id`, params);
    if (!row) throw new ConflictError(`Message-ID ${messageId} is already recorded`);
    return Number(row.id);
  }

  async importOutbox(m: ImportedOutbox): Promise<number> {
    return this.unique(m.message_id,
      `INSERT INTO outbox(ticket_id, kind, to_addr, subject, body, message_id, in_reply_to, references_hdr, status, attempts,
                          last_error, next_attempt_at, created_at, sent_at, cc_addrs, entry_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [m.ticket_id, m.kind, m.to_addr, m.subject, m.body, m.message_id, m.in_reply_to, m.references_hdr, m.status, m.attempts,
        m.last_error, m.next_attempt_at, m.created_at, m.sent_at, m.cc_addrs ?? null, m.entry_id ?? null]);
  }

  async importInbound(m: ImportedInbound): Promise<number> {
    return this.unique(m.message_id,
      `INSERT INTO inbound_messages(message_id, ticket_id, entry_id, outcome, from_addr, subject, original_text, raw, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [m.message_id, m.ticket_id, m.entry_id, m.outcome, m.from_addr, m.subject, m.original_text, m.raw, m.received_at]);
  }

  /** Whole tickets in order (rows, then entries, then events, each in one statement); their new ids. */
  async insertTicketsBulk(tickets: readonly BulkTicket[]): Promise<number[]> {
    if (tickets.length === 0) return [];
    const columns = TICKET_COLUMNS.map(([c]) => tickets.map((b) => (b.ticket as unknown as Record<string, unknown>)[c] ?? null)) as unknown as PgParam[];
    const inserted = await this.c.all<{ id: number; number: string }>(INSERT_TICKETS, columns);
    const idOf = new Map(inserted.map((r) => [r.number, Number(r.id)]));
    const ids = tickets.map((b) => idOf.get(b.ticket.number)!);
    const en: unknown[][] = [[], [], [], [], [], [], []];
    const ev: unknown[][] = [[], [], [], [], [], []];
    tickets.forEach((b, i) => {
      for (const e of b.entries) {
        en[0]!.push(ids[i]); en[1]!.push(e.kind); en[2]!.push(e.author.agentId); en[3]!.push(e.author.userId);
        en[4]!.push(e.title); en[5]!.push(e.body); en[6]!.push(e.createdAt);
      }
      for (const e of b.events) {
        ev[0]!.push(ids[i]); ev[1]!.push(e.type); ev[2]!.push(e.actor.agentId); ev[3]!.push(e.actor.userId);
        ev[4]!.push(e.at); ev[5]!.push(typeof e.data === 'string' ? e.data : JSON.stringify(e.data));
      }
    });
    if (en[0]!.length) await this.c.run(INSERT_ENTRIES, en as unknown as PgParam[]);
    if (ev[0]!.length) await this.c.run(INSERT_EVENTS, ev as unknown as PgParam[]);
    // Outside a deferred load the index follows at once, as SQLite's triggers do.
    if (!isDeferred(this.c)) await reindex(this.c, ids);
    return ids;
  }

  /** After a large load: refresh the planner's statistics (the search index needs no merge here). */
  async optimizeAfterLoad(): Promise<void> {
    await this.c.run('ANALYZE');
  }

  /** PostgreSQL keeps its indexes through a load (its bulk path inserts a batch per statement). */
  async deferIndexes(): Promise<boolean> {
    return false;
  }
  async restoreIndexes(): Promise<void> {}
}
