/**
 * The SQLite export, import and bulk loads. Pages are keyset on id, in id order (so memory stays flat
 * however many tickets there are, and an import into an empty database gives every row the id it
 * had); large contents (attachments, message sources) are read one row at a time, never a page of
 * them at once. A bulk load writes whole tickets — row, thread, events — with a handful of prepared
 * statements and positional parameters; pair it with deferSearchIndex/resumeSearchIndex so the search
 * index is built once per ticket, not once per entry.
 */
import type Database from 'better-sqlite3';
import { ConflictError } from '../../core/errors.js';
import { SqliteQueries } from '../sqlite-queries.js';
import { TICKET_SELECT, ticketWhere } from '../ticket-query.js';
import type { EntryRow } from '../thread/types.js';
import type { TicketRow } from '../tickets/types.js';
import type {
  BulkTicket, ExportFilter, ExportPage, ImportedInbound, ImportedOutbox, TransferAttachmentRow, TransferInboundRow,
  TransferDeliveryRow, TransferOutboxRow, TransferRatingRow, TransferTx,
} from './types.js';

/** The WHERE condition (over tickets `t`) of an export, and its parameters; "1" for every ticket. */
export function exportWhere(f: ExportFilter): { cond: string; params: Array<string | number> } {
  const where = ticketWhere(f);
  const parts = where.sql ? [where.sql.replace(/^WHERE /, '')] : [];
  const params = [...where.params];
  if (f.createdFrom !== undefined) { parts.push('t.created_at >= ?'); params.push(f.createdFrom); }
  if (f.createdBefore !== undefined) { parts.push('t.created_at < ?'); params.push(f.createdBefore); }
  return { cond: parts.length ? parts.join(' AND ') : '1', params };
}

/** The position of an entry in its ticket's thread (0-based), or null for none. */
const threadIndex = (alias: string) => `CASE WHEN ${alias}.entry_id IS NULL THEN NULL ELSE
  (SELECT count(*) FROM thread_entries e WHERE e.ticket_id = ${alias}.ticket_id AND e.id < ${alias}.entry_id) END`;

/** Mail of the export's tickets; an unfiltered export also takes mail that belongs to no ticket. */
const mailOf = (cond: string) => (cond === '1' ? '1' : `t.id IS NOT NULL AND (${cond})`);

const TICKET_COLUMNS = [
  'number', 'subject', 'status', 'priority', 'dept_id', 'topic_id', 'sla_id', 'assignee_id', 'team_id', 'user_id',
  'source', 'created_at', 'updated_at', 'due_at', 'first_response_due_at', 'first_response_at', 'resolved_at',
  'closed_at', 'reopened_count', 'clock_start_at', 'paused_minutes', 'paused_at', 'answered', 'custom_status',
] as const;

const TICKET_INSERT = `INSERT INTO tickets(${TICKET_COLUMNS.join(',')})`;
const ENTRY_INSERT = 'INSERT INTO thread_entries(ticket_id, kind, author_agent_id, author_user_id, title, body, created_at)';
const EVENT_INSERT = 'INSERT INTO events(ticket_id, type, actor_agent_id, actor_user_id, at, data)';

/** Rows per statement of a bulk insert of tickets, entries or events: one call into SQLite for many rows. */
const ROWS = 64;

/** Collects rows of one table and inserts them ROWS at a time, in the order added. */
class RowsInserter {
  private readonly values: unknown[] = [];
  constructor(private readonly owner: SqliteTransfer, private readonly head: string, private readonly width: number) {}
  add(row: readonly unknown[]): void {
    for (const v of row) this.values.push(v);
    if (this.values.length === ROWS * this.width) this.flush();
  }
  flush(): void {
    const rows = this.values.length / this.width;
    if (rows === 0) return;
    this.owner.rowsStatement(this.head, this.width, rows).run(this.values);
    this.values.length = 0;
  }
}

/**
 * After a large load: merge the search index into one segment (so the next writer does not pay for
 * the merge) and refresh the query planner's statistics. Only the per-index statistics are kept:
 * SQLite re-reads its statistics each time a connection loads the schema — at every command — and
 * the sampled ones (sqlite_stat4, ~500 rows here) made that ~0.4 ms slower without changing a plan
 * the benchmark measures.
 */
export function optimizeAfterLoad(db: Database.Database): void {
  db.prepare("INSERT INTO ticket_fts(ticket_fts) VALUES ('optimize')").run();
  db.exec('ANALYZE');
  if (db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat4'").get() !== undefined) db.exec('DELETE FROM sqlite_stat4');
}

export class SqliteTransfer extends SqliteQueries implements TransferTx {
  async countExport(f: ExportFilter) {
    const w = exportWhere(f);
    return this.get<{ n: number }>(`SELECT count(*) AS n FROM tickets t WHERE ${w.cond}`, ...w.params)!.n;
  }

  async exportPage(f: ExportFilter, afterId: number, limit: number, withThread: boolean): Promise<ExportPage> {
    const w = exportWhere(f);
    const tickets = this.all<TicketRow>(`${TICKET_SELECT} WHERE ${w.cond} AND t.id > ? ORDER BY t.id LIMIT ?`, ...w.params, afterId, limit);
    if (!withThread || tickets.length === 0) return { tickets, entries: [], events: [] };
    const ids = JSON.stringify(tickets.map((t) => t.id));
    const entries = this.all<EntryRow>(`
      SELECT e.id, e.ticket_id, e.kind, e.title, e.body, e.created_at,
             COALESCE(a.username, u.email) AS author, COALESCE(a.name, u.name) AS author_name
      FROM thread_entries e LEFT JOIN agents a ON a.id = e.author_agent_id LEFT JOIN users u ON u.id = e.author_user_id
      WHERE e.ticket_id IN (SELECT value FROM json_each(?)) ORDER BY e.ticket_id, e.id`, ids);
    const events = this.all<ExportPage['events'][number]>(`
      SELECT e.id, e.ticket_id, e.type, e.at, e.data, COALESCE(a.username, u.email) AS actor
      FROM events e LEFT JOIN agents a ON a.id = e.actor_agent_id LEFT JOIN users u ON u.id = e.actor_user_id
      WHERE e.ticket_id IN (SELECT value FROM json_each(?)) ORDER BY e.ticket_id, e.id`, ids);
    return { tickets, entries, events };
  }

  /** Runs an insert; a Message-ID that is already there becomes a ConflictError naming it. */
  private unique(messageId: string, insert: () => number): number {
    try {
      return insert();
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new ConflictError(`Message-ID ${messageId} is already recorded`);
      throw err;
    }
  }

  async exportCollaborators(ticketIds: readonly number[]): Promise<Array<{ ticket_id: number; email: string }>> {
    if (ticketIds.length === 0) return [];
    return this.all(
      `SELECT c.ticket_id, u.email FROM ticket_collaborators c JOIN users u ON u.id = c.user_id
       WHERE c.ticket_id IN (SELECT value FROM json_each(?)) ORDER BY c.ticket_id, u.email`,
      JSON.stringify(ticketIds),
    );
  }

  async exportRatings(ticketIds: readonly number[]): Promise<TransferRatingRow[]> {
    if (ticketIds.length === 0) return [];
    return this.all(
      `SELECT r.ticket_id, r.resolution, r.rating, r.comment, u.email, r.created_at FROM ratings r JOIN users u ON u.id = r.user_id
       WHERE r.ticket_id IN (SELECT value FROM json_each(?)) ORDER BY r.ticket_id, r.resolution`,
      JSON.stringify(ticketIds),
    );
  }

  async exportDeliveries(f: ExportFilter, afterId: number, limit: number): Promise<TransferDeliveryRow[]> {
    const w = exportWhere(f);
    return this.all(
      `SELECT d.id, w.url AS webhook_url, d.event, t.number AS ticket, d.body, d.attempts, d.next_attempt_at, d.last_error, d.created_at
       FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id LEFT JOIN tickets t ON t.id = d.ticket_id
       WHERE d.status = 'pending' AND ${mailOf(w.cond)} AND d.id > ? ORDER BY d.id LIMIT ?`,
      ...w.params, afterId, limit,
    );
  }

  async exportAttachments(f: ExportFilter, afterId: number, limit: number): Promise<TransferAttachmentRow[]> {
    const w = exportWhere(f);
    return this.all(
      `SELECT a.id, t.number AS ticket, ${threadIndex('a')} AS thread_index, a.filename, a.content_type, a.size, a.created_at
       FROM attachments a JOIN tickets t ON t.id = a.ticket_id
       WHERE (${w.cond}) AND a.id > ? ORDER BY a.id LIMIT ?`,
      ...w.params, afterId, limit,
    );
  }

  async exportOutbox(f: ExportFilter, afterId: number, limit: number): Promise<TransferOutboxRow[]> {
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

  async exportInbound(f: ExportFilter, afterId: number, limit: number): Promise<TransferInboundRow[]> {
    const w = exportWhere(f);
    return this.all(
      `SELECT m.id, t.number AS ticket, ${threadIndex('m')} AS thread_index, m.message_id, m.outcome, m.from_addr, m.subject, m.received_at
       FROM inbound_messages m LEFT JOIN tickets t ON t.id = m.ticket_id
       WHERE ${mailOf(w.cond)} AND m.id > ? ORDER BY m.id LIMIT ?`,
      ...w.params, afterId, limit,
    );
  }

  async inboundContent(id: number): Promise<{ original_text: string; raw: Buffer } | null> {
    return this.get('SELECT original_text, raw FROM inbound_messages WHERE id = ?', id);
  }


  async importOutbox(m: ImportedOutbox): Promise<number> {
    return this.unique(m.message_id, () => this.run(
      `INSERT INTO outbox(ticket_id, kind, to_addr, subject, body, message_id, in_reply_to, references_hdr, status, attempts,
                          last_error, next_attempt_at, created_at, sent_at, cc_addrs, entry_id)
       VALUES (@ticket_id, @kind, @to_addr, @subject, @body, @message_id, @in_reply_to, @references_hdr, @status, @attempts,
               @last_error, @next_attempt_at, @created_at, @sent_at, @cc_addrs, @entry_id)`,
      { ...m, cc_addrs: m.cc_addrs ?? null, entry_id: m.entry_id ?? null },
    ));
  }

  async importInbound(m: ImportedInbound): Promise<number> {
    return this.unique(m.message_id, () => this.run(
      `INSERT INTO inbound_messages(message_id, ticket_id, entry_id, outcome, from_addr, subject, original_text, raw, received_at)
       VALUES (@message_id, @ticket_id, @entry_id, @outcome, @from_addr, @subject, @original_text, @raw, @received_at)`,
      m,
    ));
  }

  async insertTicketsBulk(tickets: readonly BulkTicket[]) {
    const ids: number[] = new Array<number>(tickets.length);
    // The tickets ROWS at a time: rows inserted by one statement take consecutive ids (each one
    // more than the largest so far), so the last row's id gives every id of the statement.
    const values: unknown[] = [];
    for (let start = 0; start < tickets.length; start += ROWS) {
      const end = Math.min(start + ROWS, tickets.length);
      values.length = 0;
      for (let i = start; i < end; i++) {
        const t = tickets[i]!.ticket as unknown as Record<string, unknown>;
        // Optional columns (custom_status) may be left out: they are then NULL.
        for (let c = 0; c < TICKET_COLUMNS.length; c++) values.push(t[TICKET_COLUMNS[c]!] ?? null);
      }
      const r = this.rowsStatement(TICKET_INSERT, TICKET_COLUMNS.length, end - start).run(values);
      if (r.changes !== end - start) throw new Error(`bulk insert wrote ${r.changes} of ${end - start} tickets`);
      const last = Number(r.lastInsertRowid);
      for (let i = start; i < end; i++) ids[i] = last - (end - 1 - i);
    }
    const entries = new RowsInserter(this, ENTRY_INSERT, 7);
    const events = new RowsInserter(this, EVENT_INSERT, 6);
    for (let i = 0; i < tickets.length; i++) {
      const b = tickets[i]!;
      const id = ids[i]!;
      for (const e of b.entries) entries.add([id, e.kind, e.author.agentId, e.author.userId, e.title, e.body, e.createdAt]);
      for (const e of b.events) {
        events.add([id, e.type, e.actor.agentId, e.actor.userId, e.at, typeof e.data === 'string' ? e.data : JSON.stringify(e.data)]);
      }
    }
    entries.flush();
    events.flush();
    return ids;
  }

  /** A statement of `rows` rows of an insert (prepared once per size). */
  rowsStatement(head: string, width: number, rows: number): Database.Statement {
    const one = `(${new Array<string>(width).fill('?').join(',')})`;
    return this.stmt(`${head} VALUES ${new Array<string>(rows).fill(one).join(',')}`);
  }

  async optimizeAfterLoad() {
    optimizeAfterLoad(this.db);
  }

  /** What deferIndexes set aside in this transaction: each index's name and its CREATE statement. */
  private deferredIndexes: Array<{ name: string; sql: string }> = [];

  /**
   * Every secondary index of tickets (18, most of them partial) and the events' index by type and
   * time go: building each once from the loaded rows costs less CPU than following the load row by
   * row, even for the partial ones that hold only a few open tickets (each row is tested against
   * their conditions). The lookups the load itself makes keep theirs: a ticket's number (its UNIQUE
   * constraint), entries and events by ticket (appended in order).
   */
  async deferIndexes() {
    if (this.get('SELECT 1 FROM tickets LIMIT 1')) return false;
    const indexes = this.all<{ name: string; sql: string }>(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
         AND (tbl_name = 'tickets' OR name = 'events_type_at') ORDER BY name`);
    for (const i of indexes) this.db.exec(`DROP INDEX "${i.name}"`);
    this.deferredIndexes = indexes;
    return indexes.length > 0;
  }

  async restoreIndexes() {
    const indexes = this.deferredIndexes;
    this.deferredIndexes = [];
    // The sorter of each CREATE INDEX may sort its runs in a second thread while this one reads the
    // table (the load's small page cache makes it spill runs to temporary files, see search/sqlite.ts).
    if (indexes.length) this.db.pragma('threads = 2');
    try {
      for (const i of indexes) {
        if (!this.get("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", i.name)) this.db.exec(i.sql);
      }
    } finally {
      if (indexes.length) this.db.pragma('threads = 0');
    }
  }
}
