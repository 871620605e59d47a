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
import { buildIndexes, bulkDocument, documentsBinary, isDeferred, restoreSearchIndexes, setAsideSearchIndexes, type SetAsideIndex } from './search-index.js';
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
/**
 * The tickets of a batch and, in the same statement, their search documents (written whole from the
 * rows in hand, sent as binary tsvectors: search-index.ts) and the totals.
 */
const INSERT_TICKETS = `WITH t AS (INSERT INTO tickets(${TICKET_COLUMNS.map(([c]) => c).join(', ')})
  SELECT ${TICKET_COLUMNS.map(([c]) => `u.${c}`).join(', ')}
  FROM unnest(${TICKET_COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})
    WITH ORDINALITY AS u(${TICKET_COLUMNS.map(([c]) => c).join(', ')}, ord)
  ORDER BY u.ord RETURNING id, number),
  s AS (INSERT INTO ticket_search(ticket_id, doc, length)
    SELECT t.id, d.doc, d.len FROM t JOIN unnest($${TICKET_COLUMNS.length + 1}::text[], $${TICKET_COLUMNS.length + 2}::tsvector[],
      $${TICKET_COLUMNS.length + 3}::int[]) AS d(number, doc, len) ON d.number = t.number
    RETURNING length),
  n AS (UPDATE ticket_search_totals SET docs = docs + (SELECT count(*) FROM s), tokens = tokens + (SELECT coalesce(sum(length), 0) FROM s))
  SELECT id, number FROM t`;
const INSERT_ENTRIES = `INSERT INTO thread_entries(ticket_id, kind, author_agent_id, author_user_id, title, body, created_at)
  SELECT u.t, u.k, u.a, u.us, u.ti, u.b, u.c
  FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS u(t, k, a, us, ti, b, c, ord)
  ORDER BY u.ord`;
const INSERT_EVENTS = `INSERT INTO events(ticket_id, type, actor_agent_id, actor_user_id, at, data)
  SELECT u.t, u.ty, u.a, u.us, u.at, u.d
  FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::text[]) WITH ORDINALITY AS u(t, ty, a, us, at, d, ord)
  ORDER BY u.ord`;

/** PostgreSQL's type oid of text (fixed: a built-in type). */
const TEXT_OID = 25;

/**
 * A column of text values as one text[] in PostgreSQL's binary format (array_recv): a Buffer
 * parameter goes over the wire as binary, so the server copies each value instead of parsing a
 * quoted array literal, and nothing here escapes them. Values that are not all strings (or null)
 * go as they are, as a literal.
 */
export function textArray(values: readonly unknown[]): PgParam {
  let bound = 20;
  let nulls = 0;
  for (const v of values) {
    if (v === null) nulls = 1;
    else if (typeof v !== 'string') return values as PgParam;
    else bound += 4 + v.length * 3; // at most 3 bytes of UTF-8 per UTF-16 unit
  }
  bound += 4 * values.length;
  const b = Buffer.allocUnsafe(bound);
  if (values.length === 0) {
    b.writeInt32BE(0, 0);
    b.writeInt32BE(0, 4);
    b.writeInt32BE(TEXT_OID, 8);
    return b.subarray(0, 12);
  }
  b.writeInt32BE(1, 0); // dimensions
  b.writeInt32BE(nulls, 4);
  b.writeInt32BE(TEXT_OID, 8);
  b.writeInt32BE(values.length, 12);
  b.writeInt32BE(1, 16); // lower bound
  let at = 20;
  for (const v of values) {
    if (v === null) {
      at = b.writeInt32BE(-1, at);
    } else {
      const n = b.write(v as string, at + 4, 'utf8');
      b.writeInt32BE(n, at);
      at += 4 + n;
    }
  }
  return b.subarray(0, at);
}

/** The tables a bulk load fills; deferIndexes locks them. */
const LOADED = ['tickets', 'thread_entries', 'events', 'ticket_search'];

/** A foreign key set aside by deferIndexes: its table, name and definition. */
interface DeferredKey { tbl: string; name: string; def: string }

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

  /** Whole tickets in order (rows with their search documents, then entries, then events, each in one statement); their new ids. */
  async insertTicketsBulk(tickets: readonly BulkTicket[]): Promise<number[]> {
    if (tickets.length === 0) return [];
    const columns = TICKET_COLUMNS.map(([c, type]) => {
      const values = tickets.map((b) => (b.ticket as unknown as Record<string, unknown>)[c] ?? null);
      return type === 'text' ? textArray(values) : values;
    }) as unknown as PgParam[];
    const docs = documentsBinary(tickets.length, (i) => bulkDocument(tickets[i]!.ticket.subject, tickets[i]!.entries));
    const inserted = await this.c.all<{ id: number; number: string }>(INSERT_TICKETS,
      [...columns, textArray(tickets.map((b) => b.ticket.number)), docs.bytes, docs.lengths]);
    if (inserted.length !== tickets.length) throw new Error(`bulk insert wrote ${inserted.length} of ${tickets.length} tickets`);
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
    if (en[0]!.length) await this.c.run(INSERT_ENTRIES, [en[0], textArray(en[1]!), en[2], en[3], textArray(en[4]!), textArray(en[5]!), textArray(en[6]!)] as PgParam[]);
    if (ev[0]!.length) await this.c.run(INSERT_EVENTS, [ev[0], textArray(ev[1]!), ev[2], ev[3], textArray(ev[4]!), textArray(ev[5]!)] as PgParam[]);
    return ids;
  }

  /** After a large load: refresh the planner's statistics (the search index needs no merge here). */
  async optimizeAfterLoad(): Promise<void> {
    await this.c.run('ANALYZE');
  }

  /** What deferIndexes set aside in this transaction: each index's name and its CREATE statement. */
  private deferredIndexes: SetAsideIndex[] = [];
  /** The foreign keys deferIndexes dropped. */
  private deferredKeys: DeferredKey[] = [];

  /**
   * Into a desk with no tickets yet: the tickets' secondary indexes, the events' index by type and
   * time, the search index's GIN and the foreign keys that point at tickets go, to be built and
   * checked once over the loaded rows (restoreIndexes; the GIN after the documents, in
   * resumeSearchIndex), which costs far less than following the load row by row. The lookups the
   * load itself makes keep their indexes: a ticket's number (its UNIQUE constraint), entries and
   * events by ticket, every primary key; the foreign keys to the organisation stay as they are.
   * PostgreSQL's DDL is transactional: a load that fails, or a crash, leaves everything as it was.
   *
   * The four tables are locked first, all at once and without waiting: while another transaction
   * reads them, the load goes row by row as into a desk that has tickets (so that it never waits
   * for a reader while holding a lock the reader may want next). Once locked, they stay locked to
   * others until the commit — there is nothing in them yet to read.
   */
  async deferIndexes(): Promise<boolean> {
    this.deferredIndexes = [];
    this.deferredKeys = [];
    if (await this.c.one('SELECT 1 FROM tickets LIMIT 1')) return false;
    const locked = await this.c.guarded(() => this.c.run(`LOCK TABLE ${LOADED.join(', ')} IN ACCESS EXCLUSIVE MODE NOWAIT`))
      .then(() => true, (err: unknown) => {
        if ((err as { code?: string }).code === '55P03') return false; // lock_not_available
        throw err;
      });
    if (!locked) return false;
    const indexes = await this.c.all<SetAsideIndex>(`SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS sql,
        i.indrelid = 'ticket_search'::regclass AS search
      FROM pg_index i
      WHERE (i.indrelid = 'tickets'::regclass OR i.indexrelid = 'events_type_at'::regclass OR i.indrelid = 'ticket_search'::regclass)
        AND NOT i.indisprimary AND NOT i.indisunique AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
      ORDER BY 1`);
    const keys = await this.c.all<DeferredKey>(`SELECT conrelid::regclass::text AS tbl, quote_ident(conname) AS name, pg_get_constraintdef(oid) AS def
      FROM pg_constraint WHERE contype = 'f' AND confrelid = 'tickets'::regclass
        AND conrelid IN (${LOADED.map((t) => `'${t}'::regclass`).join(', ')}) ORDER BY 1, 2`);
    for (const i of indexes) await this.c.run(`DROP INDEX ${i.name}`);
    for (const k of keys) await this.c.run(`ALTER TABLE ${k.tbl} DROP CONSTRAINT ${k.name}`);
    this.deferredIndexes = indexes.filter((i) => !i.search);
    this.deferredKeys = keys;
    setAsideSearchIndexes(this.c, indexes.filter((i) => i.search));
    return indexes.length + keys.length > 0;
  }

  /**
   * Builds the tickets' and events' indexes again and puts the foreign keys back (each checked over
   * all the rows in one pass); the search index's GIN follows its documents (now, unless they are
   * still deferred).
   */
  async restoreIndexes(): Promise<void> {
    const indexes = this.deferredIndexes;
    const keys = this.deferredKeys;
    this.deferredIndexes = [];
    this.deferredKeys = [];
    await buildIndexes(this.c, indexes);
    for (const k of keys) await this.c.run(`ALTER TABLE ${k.tbl} ADD CONSTRAINT ${k.name} ${k.def}`);
    if (!isDeferred(this.c)) await restoreSearchIndexes(this.c);
  }
}
