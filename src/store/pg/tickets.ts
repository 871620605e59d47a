/**
 * Tickets on PostgreSQL: numbering, rows, lists and the automation finders, answering as
 * SqliteTx, sqlite-transfer.ts and sqlite-automate.ts do.
 *
 * Numbers come from the counter row settings['ticket.last_number'], read and raised in one UPDATE
 * inside the creating transaction: the row lock (and the writers' lock, store.ts) holds until the
 * commit, so a number is never issued twice and a rolled-back create leaves no gap — which a
 * PostgreSQL sequence would. A write group counts its later numbers from the first, under those
 * same locks, and writes the row once (counter.ts).
 */
import { FIRST_TICKET_NUMBER } from '../../core/lifecycle.js';
import type { AwaitingRow, NewEntry, NewEvent, NewTicket, TicketFilter, TicketPatch, TicketRow, TicketSummaryRow, TicketsTx } from '../types.js';
import type { PgConn, PgParam } from './conn.js';
import { TAKE_NUMBER_SQL } from './counter.js';
import { nextNumber, tookNumber } from './group-cache.js';
import { documentVector, indexTicket, insertIndexedTicket, isDeferred } from './search-index.js';
import { ofRow, relatedOf } from './related.js';
import { ENTRIES, ENTRY_COLUMNS, EVENTS, EVENT_COLUMNS, PgThread } from './thread.js';
import { limitSql, summarySelectFor, ticketOrder, ticketSelectFor, ticketWhere, TICKET_LOOKUP_SELECT, TICKET_SELECT } from './ticket-query.js';

/**
 * The registered reads of a ticket (related.ts) as insertOpenedTicket answers them for the ticket it
 * inserts: the thread and events from the rows the statement inserted (its other parts do not see
 * them), every other read as registered — which, for an id no row refers to yet, reads nothing it
 * could miss. Each a JSON array, as bundleSql's.
 */
let newTicketReads: Array<{ kind: string; sql: string }> | null = null;
function newTicketReadsOf(): Array<{ kind: string; sql: string }> {
  return (newTicketReads ??= relatedOf('ticket').map((r) => ({
    kind: r.kind,
    sql: `SELECT coalesce(json_agg(r), '[]'::json) FROM (${r === ENTRIES ? `SELECT ${ENTRY_COLUMNS} FROM e ORDER BY e.id`
      : r === EVENTS ? `SELECT ${EVENT_COLUMNS} FROM ev e ORDER BY e.id` : ofRow(r, 'hd_row')}) r`,
  })));
}

const PATCHABLE = new Set<string>([
  'subject', 'status', 'priority', 'dept_id', 'topic_id', 'sla_id', 'assignee_id', 'team_id', 'updated_at',
  'due_at', 'first_response_due_at', 'first_response_at', 'resolved_at', 'closed_at', 'reopened_count',
  'clock_start_at', 'paused_minutes', 'paused_at', 'answered', 'custom_status',
]);

/** The columns a NewTicket may carry (anything else in the object is not a column). */
const INSERTABLE = new Set<string>([...PATCHABLE, 'number', 'user_id', 'source', 'created_at', 'parent_id', 'merged_into_id']);

/** When the current wait began: the latest change into awaiting-response (creation for imported rows). */
const WAITING_SINCE = `coalesce((SELECT max(e.at) FROM events e WHERE e.ticket_id = t.id AND e.type IN ('status','reopened')
  AND (e.data::jsonb ->> 'to') = 'awaiting-response'), t.created_at)`;

export class PgTickets implements TicketsTx {
  constructor(private readonly c: PgConn) {}

  async takeTicketNumber() {
    // In a write group that has taken one already, the next is counted without a round trip (counter.ts);
    // else one statement reads and raises the counter, its row locked to this transaction until it ends.
    const counted = nextNumber(this.c);
    if (counted !== null) return counted;
    const row = await this.c.one<{ value: string }>(TAKE_NUMBER_SQL, [String(FIRST_TICKET_NUMBER)]);
    tookNumber(this.c, row!.value);
    return row!.value;
  }

  async insertTicket(t: NewTicket) {
    const cols = Object.keys(t).filter((k) => INSERTABLE.has(k));
    const values = cols.map((k) => (t as unknown as Record<string, PgParam>)[k] ?? null);
    // The search index follows in the same statement, as SQLite's triggers keep FTS5 (search-index.ts).
    const id = await insertIndexedTicket(this.c, `INSERT INTO tickets(${cols.join(',')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(',')}) RETURNING id`,
      values, t.subject);
    return id;
  }

  /**
   * One statement: the ticket, its search document (its subject and the first entry: public text
   * for a message, internal for a note), the entry, the event, and back the row as ticketByNumber
   * reads it with every registered read of the new ticket (related.ts) — kept on the connection for
   * the reads that follow (a create shows what it made), where these were five round trips and the
   * read of the thread a sixth. A deferred load (search-index.ts) writes them one by one.
   */
  async insertOpenedTicket(t: NewTicket, first: NewEntry, event: NewEvent) {
    if (isDeferred(this.c)) {
      const id = await this.insertTicket(t);
      const thread = new PgThread(this.c);
      const entryId = await thread.insertEntry({ ...first, ticketId: id });
      const eventId = await thread.insertEvent({ ...event, ticketId: id });
      return { id, entryId, eventId };
    }
    const cols = Object.keys(t).filter((k) => INSERTABLE.has(k));
    const params: PgParam[] = cols.map((k) => (t as unknown as Record<string, PgParam>)[k] ?? null);
    const $ = (v: PgParam) => `$${params.push(v)}`;
    const note = first.kind === 'note';
    const d = documentVector(t.subject, note ? '' : first.body, note ? `${first.title === null ? '' : `${first.title}\n`}${first.body}` : '');
    const sql = `WITH t AS (INSERT INTO tickets(${cols.join(',')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(',')}) RETURNING *),
  e AS (INSERT INTO thread_entries(ticket_id, kind, author_agent_id, author_user_id, title, body, created_at)
    SELECT t.id, ${$(first.kind)}::text, ${$(first.author.agentId)}::bigint, ${$(first.author.userId)}::bigint, ${$(first.title)}::text,
      ${$(first.body)}::text, ${$(first.createdAt)}::text FROM t RETURNING *),
  ev AS (INSERT INTO events(ticket_id, type, actor_agent_id, actor_user_id, at, data)
    SELECT t.id, ${$(event.type)}::text, ${$(event.actor.agentId)}::bigint, ${$(event.actor.userId)}::bigint, ${$(event.at)}::text,
      ${$(JSON.stringify(event.data))}::text FROM t RETURNING *),
  s AS (INSERT INTO ticket_search(ticket_id, doc, length) SELECT t.id, ${$(d.vector)}::tsvector, ${$(d.length)}::int FROM t),
  n AS (UPDATE ticket_search_totals SET docs = docs + 1, tokens = tokens + ${$(d.length)}::int)
SELECT hd_row.*, (SELECT id FROM e) AS hd_entry_id, (SELECT id FROM ev) AS hd_event_id,
  ${newTicketReadsOf().map((r, i) => `(${r.sql}) AS hd_k${i}`).join(',\n  ')}
FROM (${TICKET_LOOKUP_SELECT.replace(/FROM tickets t\s*$/, 'FROM t')}) hd_row`;
    const row = await this.c.one<Record<string, unknown>>(sql, params);
    if (!row) throw new Error('insert returned no id: tickets');
    const id = Number(row.id);
    const entryId = Number(row.hd_entry_id);
    const eventId = Number(row.hd_event_id);
    delete row.hd_entry_id;
    delete row.hd_event_id;
    const reads = new Map<string, unknown[]>();
    newTicketReadsOf().forEach((r, i) => {
      reads.set(r.kind, row[`hd_k${i}`] as unknown[]);
      delete row[`hd_k${i}`];
    });
    this.c.keepNewTicket(id, t.number, row, reads);
    return { id, entryId, eventId };
  }

  async updateTicket(id: number, patch: TicketPatch) {
    const cols = Object.keys(patch).filter((k) => PATCHABLE.has(k));
    if (!cols.length) return;
    const values = cols.map((k) => (patch as Record<string, PgParam>)[k] ?? null);
    await this.c.run(`UPDATE tickets SET ${cols.map((k, i) => `${k} = $${i + 1}`).join(', ')} WHERE id = $${cols.length + 1}`, [...values, id]);
    if (patch.subject !== undefined) await indexTicket(this.c, id);
  }

  async ticketByNumber(number: string) {
    // A ticket this write has just inserted (insertOpenedTicket), while nothing else was written since.
    const inserted = this.c.writing ? this.c.newTicket<TicketRow>(number) : null;
    if (inserted) return inserted;
    const sql = `${TICKET_LOOKUP_SELECT} WHERE t.number = $1`;
    // A read that names a ticket is nearly always showing it: its thread, events … come in the same
    // statement (related.ts). A write reads the ticket to change it, and forgets those at its first write.
    return this.c.writing ? this.c.one<TicketRow>(sql, [number]) : this.c.rowWithRelated<TicketRow>('ticket', sql, [number]);
  }

  async ticketIdByNumber(number: string) {
    return (await this.c.one<{ id: number }>('SELECT id FROM tickets WHERE number = $1', [number]))?.id ?? null;
  }

  /** One round trip for a whole batch (import: one look-up per ticket was its slowest part). */
  async existingNumbers(numbers: readonly string[]) {
    if (numbers.length === 0) return new Set<string>();
    const rows = await this.c.all<{ number: string }>('SELECT number FROM tickets WHERE number = ANY($1::text[])', [numbers]);
    return new Set(rows.map((r) => r.number));
  }

  async listTickets(filter: TicketFilter) {
    const where = ticketWhere(filter);
    // What a list shows (as SQLite's store reads it): 24 columns of each row instead of 40.
    return this.c.all<TicketSummaryRow>(`${summarySelectFor(filter.limit)} ${where.sql} ${ticketOrder(filter)}${limitSql(filter.limit)}`, where.params);
  }

  async eachTicket(filter: TicketFilter, each: (row: TicketRow) => void) {
    const where = ticketWhere(filter);
    await this.c.each<TicketRow>(`${ticketSelectFor(filter.limit)} ${where.sql} ${ticketOrder(filter)}${limitSql(filter.limit)}`, where.params, each);
  }

  async countTickets(filter: TicketFilter) {
    const where = ticketWhere(filter);
    return (await this.c.one<{ n: number }>(`SELECT count(*) AS n FROM tickets t ${where.sql}`, where.params))!.n;
  }

  async maxTicketId() {
    return (await this.c.one<{ n: number }>('SELECT COALESCE(max(id), 0) AS n FROM tickets'))!.n;
  }

  async raiseTicketCounter(number: string) {
    await this.c.run(`INSERT INTO settings(key, value) VALUES ('ticket.last_number', $1)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE excluded.value::numeric > settings.value::numeric`, [number]);
  }

  async resolvedBefore(cutoff: string, limit?: number) {
    // The first `limit` only: automate closes a large backlog a batch per transaction.
    return this.c.all<TicketRow>(`${TICKET_SELECT} WHERE t.status = 'resolved' AND t.resolved_at <= $1 ORDER BY t.resolved_at, t.id`
      + (limit === undefined ? '' : limitSql(limit)), [cutoff]);
  }

  async awaitingSince(cutoff: string): Promise<AwaitingRow[]> {
    const rows = await this.c.all<TicketRow & { wid: number; waiting_since: string }>(
      `SELECT w.waiting_since, x.* FROM (SELECT t.id AS wid, ${WAITING_SINCE} AS waiting_since FROM tickets t
        WHERE t.status = 'awaiting-response') w JOIN (${TICKET_SELECT}) x ON x.id = w.wid
      WHERE w.waiting_since <= $1 ORDER BY w.waiting_since, x.id`, [cutoff]);
    const out: AwaitingRow[] = [];
    for (const { waiting_since, ...ticket } of rows) {
      const reminded = await this.c.one(`SELECT 1 AS n FROM events e WHERE e.ticket_id = $1 AND e.type = 'reminded'
        AND (e.data::jsonb ->> 'waiting_since') = $2`, [ticket.id, waiting_since]);
      out.push({ ticket: ticket as TicketRow, waiting_since, reminded: reminded !== null });
    }
    return out;
  }
}
