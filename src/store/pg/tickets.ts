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
import type { AwaitingRow, NewTicket, TicketFilter, TicketPatch, TicketRow, TicketSummaryRow, TicketsTx } from '../types.js';
import type { PgConn, PgParam } from './conn.js';
import { TAKE_NUMBER_SQL } from './counter.js';
import { insertedTicket, nextNumber, tookNumber } from './group-cache.js';
import { indexTicket, insertIndexedTicket } from './search-index.js';
import { limitSql, summarySelectFor, ticketOrder, ticketSelectFor, ticketWhere, TICKET_LOOKUP_SELECT, TICKET_SELECT } from './ticket-query.js';

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
    insertedTicket(this.c, id, t.subject);
    return id;
  }

  async updateTicket(id: number, patch: TicketPatch) {
    const cols = Object.keys(patch).filter((k) => PATCHABLE.has(k));
    if (!cols.length) return;
    const values = cols.map((k) => (patch as Record<string, PgParam>)[k] ?? null);
    await this.c.run(`UPDATE tickets SET ${cols.map((k, i) => `${k} = $${i + 1}`).join(', ')} WHERE id = $${cols.length + 1}`, [...values, id]);
    if (patch.subject !== undefined) await indexTicket(this.c, id);
  }

  async ticketByNumber(number: string) {
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
