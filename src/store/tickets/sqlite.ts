/**
 * The SQLite tickets: the number counter (settings 'ticket.last_number'), rows, lists and counts.
 * Lists, counts and every other ticket query share ticket-query.ts's WHERE builder, so visibility is
 * decided in one place.
 */
import { nextTicketNumber } from '../../core/lifecycle.js';
import { SqliteQueries } from '../sqlite-queries.js';
import { TICKET_SELECT, TICKET_SUMMARY_SELECT, ticketOrder, ticketWhere } from '../ticket-query.js';
import { entryParams, eventParams, INSERT_ENTRY_SQL, INSERT_EVENT_SQL } from '../thread/sqlite.js';
import type { NewEntry, NewEvent } from '../thread/types.js';
import type { AwaitingRow, NewTicket, TicketFilter, TicketPatch, TicketRow, TicketSummaryRow, TicketsTx } from './types.js';

const PATCHABLE = new Set<string>([
  'subject', 'status', 'priority', 'dept_id', 'topic_id', 'sla_id', 'assignee_id', 'team_id', 'updated_at',
  'due_at', 'first_response_due_at', 'first_response_at', 'resolved_at', 'closed_at', 'reopened_count',
  'clock_start_at', 'paused_minutes', 'paused_at', 'answered', 'custom_status',
]);

/** When the current wait began: the latest change into awaiting-response (creation for imported rows). */
const WAITING_SINCE = `coalesce((SELECT max(e.at) FROM events e WHERE e.ticket_id = t.id AND e.type IN ('status','reopened')
  AND json_extract(e.data, '$.to') = 'awaiting-response'), t.created_at)`;

const limitOf = (filter: TicketFilter) => (filter.limit === null ? '' : ` LIMIT ${Math.max(0, Math.floor(filter.limit))}`);

export class SqliteTickets extends SqliteQueries implements TicketsTx {
  async takeTicketNumber() {
    const last = this.get<{ value: string }>("SELECT value FROM settings WHERE key = 'ticket.last_number'");
    // BigInt: exact whatever an older version let into the counter (numbers are text, never floats).
    const next = nextTicketNumber(last ? BigInt(last.value) : null);
    this.run("INSERT INTO settings(key, value) VALUES ('ticket.last_number', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", next);
    return next;
  }
  async insertTicket(t: NewTicket) {
    const cols = Object.keys(t);
    return this.run(`INSERT INTO tickets(${cols.join(',')}) VALUES (${cols.map((c) => `@${c}`).join(',')})`, t);
  }
  async insertOpenedTicket(t: NewTicket, first: NewEntry, event: NewEvent) {
    const id = await this.insertTicket(t);
    const entryId = this.run(INSERT_ENTRY_SQL, ...entryParams(id, first));
    const eventId = this.run(INSERT_EVENT_SQL, ...eventParams(id, event));
    return { id, entryId, eventId };
  }
  async updateTicket(id: number, patch: TicketPatch) {
    const cols = Object.keys(patch).filter((c) => PATCHABLE.has(c));
    if (!cols.length) return;
    this.run(`UPDATE tickets SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`, { ...patch, id });
  }
  async ticketByNumber(number: string) {
    return this.get<TicketRow>(`${TICKET_SELECT} WHERE t.number = ?`, number);
  }
  async ticketIdByNumber(number: string) {
    return this.get<{ id: number }>('SELECT id FROM tickets WHERE number = ?', number)?.id ?? null;
  }
  async existingNumbers(numbers: readonly string[]) {
    const found = new Set<string>();
    for (const n of numbers) if (this.get<{ id: number }>('SELECT id FROM tickets WHERE number = ?', n)) found.add(n);
    return found;
  }
  async listTickets(filter: TicketFilter) {
    const where = ticketWhere(filter);
    return this.allRows<TicketSummaryRow>(`${TICKET_SUMMARY_SELECT} ${where.sql} ${ticketOrder(filter)}${limitOf(filter)}`, ...where.params);
  }
  async eachTicket(filter: TicketFilter, each: (row: TicketRow) => void) {
    const where = ticketWhere(filter);
    for (const row of this.stmt(`${TICKET_SELECT} ${where.sql} ${ticketOrder(filter)}${limitOf(filter)}`).iterate(...where.params)) each(row as TicketRow);
  }
  async countTickets(filter: TicketFilter) {
    const where = ticketWhere(filter);
    return this.get<{ n: number }>(`SELECT count(*) AS n FROM tickets t ${where.sql}`, ...where.params)!.n;
  }
  async maxTicketId() {
    return this.get<{ n: number }>('SELECT COALESCE(max(id), 0) AS n FROM tickets')!.n;
  }
  async raiseTicketCounter(number: string) {
    this.run(`INSERT INTO settings(key, value) VALUES ('ticket.last_number', ?)
      ON CONFLICT(key) DO UPDATE SET value = excluded.value WHERE CAST(excluded.value AS INTEGER) > CAST(value AS INTEGER)`, number);
  }

  // The automations' reads go through the partial indexes of migration 12 and schema 6, so a run with
  // nothing to do reads next to nothing.
  async resolvedBefore(cutoff: string, limit?: number) {
    const sql = `${TICKET_SELECT} WHERE t.status = 'resolved' AND t.resolved_at <= ? ORDER BY t.resolved_at, t.id`;
    if (limit === undefined) return this.all<TicketRow>(sql, cutoff);
    return this.all<TicketRow>(`${sql} LIMIT ?`, cutoff, Math.max(0, Math.floor(limit)));
  }
  async awaitingSince(cutoff: string): Promise<AwaitingRow[]> {
    const rows = this.all<TicketRow & { wid: number; waiting_since: string }>(`SELECT * FROM (SELECT t.id AS wid, ${WAITING_SINCE} AS waiting_since FROM tickets t
        WHERE t.status = 'awaiting-response') w JOIN (${TICKET_SELECT}) x ON x.id = w.wid
      WHERE w.waiting_since <= @cutoff ORDER BY w.waiting_since, x.id`, { cutoff });
    return rows.map(({ wid: _wid, waiting_since, ...ticket }) => ({
      ticket: ticket as TicketRow,
      waiting_since,
      reminded: this.get<{ n: number }>(`SELECT 1 AS n FROM events e WHERE e.ticket_id = ? AND e.type = 'reminded'
        AND json_extract(e.data, '$.waiting_since') = ?`, ticket.id, waiting_since) !== null,
    }));
  }
}
