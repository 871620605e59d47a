/**
 * Export and import on PostgreSQL (from sqlite-transfer.ts, sqlite-transfer-mail.ts and
 * sqlite-bulk.ts): pages keyset on id, mail data with thread positions, and the bulk path — whole
 * tickets in a few statements per batch, each column sent as one array (unnest), so a batch costs
 * three round trips whatever its size and no statement meets the 65,535-parameter limit.
 */
import { ConflictError } from '../../core/errors.js';
import { BadRecordError } from '../../core/records.js';
import type {
  BulkTicket, EntryRow, ExportFilter, ExportPage, ImportedInbound, ImportedOutbox, TicketRow, TransferAttachmentRow,
  TransferInboundRow, TransferOutboxRow,
} from '../types.js';
import type { TransferDeliveryRow, TransferRatingRow } from '../transfer/types.js';
import type { PgConn, PgParam } from './conn.js';
import { INSERT_ENTRIES, INSERT_EVENTS, NulInText, PipelinedLoad, TICKET_COLUMNS, textArray, threadColumns, ticketColumns } from './bulk-load.js';
import { getNamed } from './named.js';
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

/**
 * The end users of an import that are not in the desk yet (by hd_nocase, as userByEmail finds them),
 * created in the order given; every one's id, and whether it was created, by its position.
 */
const IMPORT_USERS = `WITH u AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS u(email, name, created_at, ord)),
  old AS MATERIALIZED (SELECT u.ord, x.id FROM u JOIN users x ON hd_nocase(x.email) = hd_nocase(u.email)),
  ins AS (INSERT INTO users(email, name, created_at)
    SELECT u.email, u.name, u.created_at FROM u WHERE NOT EXISTS (SELECT 1 FROM old WHERE old.ord = u.ord) ORDER BY u.ord
    RETURNING id, email)
  SELECT old.ord, old.id, false AS created FROM old
  UNION ALL SELECT u.ord, ins.id, true AS created FROM ins JOIN u ON u.email = ins.email`;

export { textArray };

/** An end user of an import's list. */
type ImportedUser = { email: string; name: string; createdAt: string };

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

  /**
   * Whole tickets in order (rows with their search documents, then entries, then events, each in one
   * statement); their new ids. Into an empty desk (deferIndexes) the ids are given here and the
   * statements sent without waiting (bulk-load.ts): settle, or restoreIndexes, waits for them.
   */
  async insertTicketsBulk(tickets: readonly BulkTicket[]): Promise<number[]> {
    if (tickets.length === 0) return [];
    if (this.load) return this.load.write(tickets);
    const columns = ticketColumns(tickets);
    const docs = documentsBinary(tickets.length, (i) => bulkDocument(tickets[i]!.ticket.subject, tickets[i]!.entries));
    const inserted = await this.c.all<{ id: number; number: string }>(INSERT_TICKETS,
      [...columns, textArray(tickets.map((b) => b.ticket.number)), docs.bytes, docs.lengths]);
    if (inserted.length !== tickets.length) throw new Error(`bulk insert wrote ${inserted.length} of ${tickets.length} tickets`);
    const idOf = new Map(inserted.map((r) => [r.number, Number(r.id)]));
    const ids = tickets.map((b) => idOf.get(b.ticket.number)!);
    const { entries, events, counts } = threadColumns(tickets, ids);
    if (counts.entries) await this.c.run(INSERT_ENTRIES, entries);
    if (counts.events) await this.c.run(INSERT_EVENTS, events);
    return ids;
  }

  /** The bulk writes still running (a load into an empty desk): waits for them, and throws the first one's error. */
  async settle(): Promise<void> {
    await this.load?.settle();
  }

  /**
   * An import's end users in one statement (IMPORT_USERS); one whose email has a non-ASCII
   * character is looked up as userByEmail does (Unicode-folded, a rare case) and inserted alone.
   */
  async importUsers(users: ReadonlyArray<ImportedUser>): Promise<Array<{ id: number; created: boolean }>> {
    await this.settle();
    const out = new Array<{ id: number; created: boolean }>(users.length);
    let run: number[] = [];
    const many = async () => {
      if (run.length) await this.importAsciiUsers(users, run, out);
      run = [];
    };
    for (const [i, u] of users.entries()) {
      // eslint-disable-next-line no-control-regex -- every ASCII character
      if (/^[\x00-\x7f]*$/.test(u.email)) {
        run.push(i);
        continue;
      }
      await many(); // ids in the order given, as one at a time gives them
      const found = await getNamed<{ id: number }>(this.c, 'SELECT id FROM users', 'email', u.email);
      out[i] = found ? { id: Number(found.id), created: false }
        : { id: await this.c.insert('INSERT INTO users(email, name, created_at) VALUES ($1, $2, $3) RETURNING id', [u.email, u.name, u.createdAt]), created: true };
    }
    await many();
    return out;
  }

  /** The end users at these positions (ASCII emails) in one statement. */
  private async importAsciiUsers(users: ReadonlyArray<ImportedUser>, at: readonly number[], out: Array<{ id: number; created: boolean }>): Promise<void> {
    const col = (f: (u: ImportedUser) => string) => {
      try {
        return textArray(at.map((i) => f(users[i]!)));
      } catch (err) {
        if (!(err instanceof NulInText)) throw err;
        throw new BadRecordError(`users (${users[at[err.index]!]!.email})`, 'holds a NUL character (\\u0000), which PostgreSQL cannot store');
      }
    };
    const rows = await this.c.all<{ ord: number; id: number; created: boolean }>(IMPORT_USERS,
      [col((u) => u.email), col((u) => u.name), col((u) => u.createdAt)]);
    if (rows.length !== at.length) throw new Error(`importUsers wrote or found ${rows.length} of ${at.length} end users`);
    for (const r of rows) out[at[Number(r.ord) - 1]!] = { id: Number(r.id), created: r.created };
  }

  /** After a large load: refresh the planner's statistics (the search index needs no merge here). */
  async optimizeAfterLoad(): Promise<void> {
    await this.c.run('ANALYZE');
  }

  /** What deferIndexes set aside in this transaction: each index's name and its CREATE statement. */
  private deferredIndexes: SetAsideIndex[] = [];
  /** The foreign keys deferIndexes dropped. */
  private deferredKeys: DeferredKey[] = [];
  /** A load into an empty desk, once deferIndexes holds its tables: ids given, batches sent without waiting. */
  private load: PipelinedLoad | null = null;

  /**
   * Into a desk with no tickets yet: the tickets' secondary indexes, the events' index by type and
   * time, the search index's GIN and every foreign key of the four tables (to tickets and to the
   * organisation) go, to be built and checked once over the loaded rows (restoreIndexes; the GIN
   * after the documents, in resumeSearchIndex), which costs far less than following the load row by
   * row (a key checked per row took half the server's time of a load). The lookups the load itself
   * makes keep their indexes: a ticket's number (its UNIQUE constraint), entries and events by
   * ticket, every primary key. PostgreSQL's DDL is transactional: a load that fails, or a crash,
   * leaves everything as it was. Then the tickets get their ids from here (bulk-load.ts), and each
   * batch is written while the next one is read.
   *
   * The four tables are locked first, all at once and without waiting: while another transaction
   * reads them, the load goes row by row as into a desk that has tickets (so that it never waits
   * for a reader while holding a lock the reader may want next). Once locked, they stay locked to
   * others until the commit — there is nothing in them yet to read.
   */
  async deferIndexes(): Promise<boolean> {
    this.deferredIndexes = [];
    this.deferredKeys = [];
    this.load = null;
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
      FROM pg_constraint WHERE contype = 'f'
        AND conrelid IN (${LOADED.map((t) => `'${t}'::regclass`).join(', ')}) ORDER BY 1, 2`);
    // One round trip: statements without parameters go as one text.
    const drops = [...indexes.map((i) => `DROP INDEX ${i.name}`), ...keys.map((k) => `ALTER TABLE ${k.tbl} DROP CONSTRAINT ${k.name}`)];
    if (drops.length) await this.c.run(drops.join('; '));
    this.deferredIndexes = indexes.filter((i) => !i.search);
    this.deferredKeys = keys;
    this.load = await PipelinedLoad.start(this.c);
    setAsideSearchIndexes(this.c, indexes.filter((i) => i.search));
    return indexes.length + keys.length > 0;
  }

  /**
   * Builds the tickets' and events' indexes again and puts the foreign keys back (each checked over
   * all the rows in one pass); the search index's GIN follows its documents (now, unless they are
   * still deferred).
   */
  async restoreIndexes(): Promise<void> {
    await this.settle();
    this.load = null;
    const indexes = this.deferredIndexes;
    const keys = this.deferredKeys;
    this.deferredIndexes = [];
    this.deferredKeys = [];
    await buildIndexes(this.c, indexes);
    if (keys.length) await this.c.run(keys.map((k) => `ALTER TABLE ${k.tbl} ADD CONSTRAINT ${k.name} ${k.def}`).join('; '));
    if (!isDeferred(this.c)) await restoreSearchIndexes(this.c);
  }
}
