/**
 * The PostgreSQL bulk path's wire format and its pipelined load into an empty desk.
 *
 * Every column of a batch goes as ONE array parameter in PostgreSQL's binary format (array_recv):
 * the server copies each value in instead of parsing a quoted array literal, and nothing here
 * escapes them. Text that holds a NUL (U+0000), which PostgreSQL's text cannot store, is refused
 * here with the record it came from, before anything is sent.
 *
 * Into an empty desk (transfer.ts deferIndexes: its four tables locked, their indexes and foreign
 * keys set aside) the tickets' ids are given here, from the table's identity sequence, so that a
 * batch's threads and events need no answer from the server: the batch's three statements are sent
 * and the import goes on reading and checking the next batch while the server writes this one
 * (PipelinedLoad). Its statements run in the order sent, on the transaction's one connection. A
 * failure is kept and thrown by the next call (settle, which import makes before it reads or writes
 * anything else, and restoreIndexes at the end): the transaction is rolled back whole, as before.
 */
import { BadRecordError } from '../../core/records.js';
import type { BulkTicket } from '../types.js';
import type { PgConn, PgParam } from './conn.js';
import { bulkDocument, documentsBinary } from './search-index.js';

/** PostgreSQL's type oids of the built-in element types sent here. */
const OID = { text: 25, bigint: 20, int: 23, float8: 701 } as const;
export type ColumnType = keyof typeof OID;

/** A text value holding a NUL character: its position in the column. */
export class NulInText extends Error {
  constructor(readonly index: number) {
    super('text holds a NUL character');
  }
}

function arrayHeader(b: Buffer, oid: number, count: number, nulls: boolean): number {
  if (count === 0) {
    b.writeInt32BE(0, 0);
    b.writeInt32BE(0, 4);
    b.writeInt32BE(oid, 8);
    return 12;
  }
  b.writeInt32BE(1, 0); // dimensions
  b.writeInt32BE(nulls ? 1 : 0, 4);
  b.writeInt32BE(oid, 8);
  b.writeInt32BE(count, 12);
  b.writeInt32BE(1, 16); // lower bound
  return 20;
}

/**
 * A column of text values as one text[] in binary. Values that are not all strings (or null) go as
 * they are, as a literal. A value with a NUL throws NulInText.
 */
export function textArray(values: readonly unknown[]): PgParam {
  let bound = 20;
  let nulls = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null) nulls = true;
    else if (typeof v !== 'string') return values as PgParam;
    else {
      if (v.includes('\u0000')) throw new NulInText(i);
      bound += 4 + v.length * 3; // at most 3 bytes of UTF-8 per UTF-16 unit
    }
  }
  bound += 4 * values.length;
  const b = Buffer.allocUnsafe(bound);
  let at = arrayHeader(b, OID.text, values.length, nulls);
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

/** A column of numbers (or nulls) as one bigint[], int[] or float8[] in binary; anything else goes as it is. */
export function numberArray(type: Exclude<ColumnType, 'text'>, values: readonly unknown[]): PgParam {
  const size = type === 'int' ? 4 : 8;
  let nulls = false;
  for (const v of values) {
    if (v === null) nulls = true;
    else if (typeof v !== 'number' || (type !== 'float8' && !Number.isSafeInteger(v))) return values as PgParam;
  }
  const b = Buffer.allocUnsafe(20 + values.length * (4 + size));
  let at = arrayHeader(b, OID[type], values.length, nulls);
  for (const v of values as ReadonlyArray<number | null>) {
    if (v === null) {
      at = b.writeInt32BE(-1, at);
      continue;
    }
    at = b.writeInt32BE(size, at);
    if (type === 'int') at = b.writeInt32BE(v, at);
    else if (type === 'float8') at = b.writeDoubleBE(v, at);
    else {
      at = b.writeInt32BE(Math.floor(v / 4294967296), at);
      at = b.writeUInt32BE(v >>> 0, at);
    }
  }
  return b.subarray(0, at);
}

/** A column in binary by its type. */
export const column = (type: ColumnType, values: readonly unknown[]): PgParam =>
  type === 'text' ? textArray(values) : numberArray(type, values);

/** The tickets' columns a bulk load writes, with their types. */
export const TICKET_COLUMNS: ReadonlyArray<readonly [string, ColumnType]> = [
  ['number', 'text'], ['subject', 'text'], ['status', 'text'], ['priority', 'text'], ['dept_id', 'bigint'], ['topic_id', 'bigint'],
  ['sla_id', 'bigint'], ['assignee_id', 'bigint'], ['team_id', 'bigint'], ['user_id', 'bigint'], ['source', 'text'],
  ['created_at', 'text'], ['updated_at', 'text'], ['due_at', 'text'], ['first_response_due_at', 'text'], ['first_response_at', 'text'],
  ['resolved_at', 'text'], ['closed_at', 'text'], ['reopened_count', 'int'], ['clock_start_at', 'text'], ['paused_minutes', 'float8'],
  ['paused_at', 'text'], ['answered', 'int'], ['custom_status', 'text'],
];

export const INSERT_ENTRIES = `INSERT INTO thread_entries(ticket_id, kind, author_agent_id, author_user_id, title, body, created_at)
  SELECT u.t, u.k, u.a, u.us, u.ti, u.b, u.c
  FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS u(t, k, a, us, ti, b, c, ord)
  ORDER BY u.ord`;
export const INSERT_EVENTS = `INSERT INTO events(ticket_id, type, actor_agent_id, actor_user_id, at, data)
  SELECT u.t, u.ty, u.a, u.us, u.at, u.d
  FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::text[]) WITH ORDINALITY AS u(t, ty, a, us, at, d, ord)
  ORDER BY u.ord`;

const n = TICKET_COLUMNS.length;
/** $k…: the parameters of the entries' and events' columns, from `from` on. */
const params = (from: number, types: readonly string[]) => types.map((t, i) => `$${from + i}::${t}[]`).join(', ');
/**
 * A whole batch in one statement: the tickets with the ids given, their search documents, their
 * entries and events (the one AFTER trigger on events, which marks a breach on its ticket's row,
 * sees the tickets inserted beside it), the totals; and the identity sequence moved past the
 * batch at once, so that no id given here is ever handed out again.
 */
const INSERT_BATCH = `WITH t AS (INSERT INTO tickets(id, ${TICKET_COLUMNS.map(([c]) => c).join(', ')})
    SELECT * FROM unnest($1::bigint[], ${TICKET_COLUMNS.map(([, type], i) => `$${i + 2}::${type}[]`).join(', ')})),
  s AS (INSERT INTO ticket_search(ticket_id, doc, length) SELECT * FROM unnest($1::bigint[], $${n + 2}::tsvector[], $${n + 3}::int[])),
  e AS (INSERT INTO thread_entries(ticket_id, kind, author_agent_id, author_user_id, title, body, created_at)
    SELECT u.t, u.k, u.a, u.us, u.ti, u.b, u.c
    FROM unnest(${params(n + 7, ['bigint', 'text', 'bigint', 'bigint', 'text', 'text', 'text'])}) WITH ORDINALITY AS u(t, k, a, us, ti, b, c, ord)
    ORDER BY u.ord),
  v AS (INSERT INTO events(ticket_id, type, actor_agent_id, actor_user_id, at, data)
    SELECT u.t, u.ty, u.a, u.us, u.at, u.d
    FROM unnest(${params(n + 14, ['bigint', 'text', 'bigint', 'bigint', 'text', 'text'])}) WITH ORDINALITY AS u(t, ty, a, us, at, d, ord)
    ORDER BY u.ord),
  totals AS (UPDATE ticket_search_totals SET docs = docs + $${n + 4}::bigint, tokens = tokens + $${n + 5}::bigint)
  SELECT setval(pg_get_serial_sequence('tickets', 'id'), $${n + 6}::bigint)`;

/** The entries' and events' columns of a batch, in binary, each row naming its ticket by id. */
export function threadColumns(tickets: readonly BulkTicket[], ids: readonly number[]): { entries: PgParam[]; events: PgParam[]; counts: { entries: number; events: number } } {
  const en: unknown[][] = [[], [], [], [], [], [], []];
  const ev: unknown[][] = [[], [], [], [], [], []];
  const entryOf: number[] = [];
  tickets.forEach((b, i) => {
    for (const e of b.entries) {
      en[0]!.push(ids[i]); en[1]!.push(e.kind); en[2]!.push(e.author.agentId); en[3]!.push(e.author.userId);
      en[4]!.push(e.title); en[5]!.push(e.body); en[6]!.push(e.createdAt);
      entryOf.push(i);
    }
    for (const e of b.events) {
      ev[0]!.push(ids[i]); ev[1]!.push(e.type); ev[2]!.push(e.actor.agentId); ev[3]!.push(e.actor.userId);
      ev[4]!.push(e.at); ev[5]!.push(typeof e.data === 'string' ? e.data : JSON.stringify(e.data));
    }
  });
  const types: ColumnType[] = ['bigint', 'text', 'bigint', 'bigint', 'text', 'text', 'text'];
  let entries: PgParam[];
  try {
    entries = en.map((values, k) => column(types[k]!, values));
  } catch (err) {
    throw err instanceof NulInText ? nulIn(tickets[entryOf[err.index]!]!, 'its thread') : err;
  }
  // An event's data is JSON text, where a NUL is written \u0000; its other columns are checked names.
  const events = ev.map((values, k) => column(types[k]!, values));
  return { entries, events, counts: { entries: en[0]!.length, events: ev[0]!.length } };
}

/** The error for a ticket whose text has a NUL character. */
export const nulIn = (b: BulkTicket, where: string): Error =>
  new BadRecordError(`tickets (#${b.ticket.number})`, `${where} holds a NUL character (\\u0000), which PostgreSQL cannot store`);

/** The tickets' columns of a batch in binary. */
export function ticketColumns(tickets: readonly BulkTicket[]): PgParam[] {
  return TICKET_COLUMNS.map(([c, type]) => {
    const values = tickets.map((b) => (b.ticket as unknown as Record<string, unknown>)[c] ?? null);
    try {
      return column(type, values);
    } catch (err) {
      throw err instanceof NulInText ? nulIn(tickets[err.index]!, c) : err;
    }
  });
}

/**
 * A load into an empty desk whose tables this transaction holds (transfer.ts deferIndexes): ids
 * given here, each batch's statements sent without waiting for their answers.
 */
export class PipelinedLoad {
  private inflight: Array<Promise<void>> = [];
  private failed: { error: unknown } | null = null;

  private constructor(private readonly c: PgConn, private nextId: number) {}

  /** Takes the next value of the tickets' identity sequence: the first id to give. */
  static async start(c: PgConn): Promise<PipelinedLoad> {
    const row = await c.one<{ id: number }>(`SELECT nextval(pg_get_serial_sequence('tickets', 'id')) AS id`);
    return new PipelinedLoad(c, Number(row!.id));
  }

  /** Sends a batch's statement and returns its tickets' ids at once; a NUL in its text throws before anything is sent. */
  write(tickets: readonly BulkTicket[]): number[] {
    if (this.failed) throw this.failed.error;
    const first = this.nextId;
    const ids = tickets.map((_, i) => first + i);
    const columns = ticketColumns(tickets);
    const { entries, events } = threadColumns(tickets, ids);
    const docs = documentsBinary(tickets.length, (i) => bulkDocument(tickets[i]!.ticket.subject, tickets[i]!.entries));
    let tokens = 0;
    for (const l of docs.lengths) tokens += l;
    const idColumn = numberArray('bigint', ids);
    this.nextId = first + tickets.length;
    this.send(INSERT_BATCH, [idColumn, ...columns, docs.bytes, numberArray('int', docs.lengths), tickets.length, tokens, this.nextId - 1, ...entries, ...events]);
    return ids;
  }

  /**
   * One statement of the load at a time: sent at once when none is running (import settles before
   * the next batch), else once the one before is answered — so that the connection never queues
   * several statements (node-postgres warns of that, and its next major version will not do it).
   */
  private send(sql: string, params: PgParam[]): void {
    const run = () => (this.failed ? Promise.resolve() : this.c.run(sql, params).then(() => undefined, (error: unknown) => {
      this.failed ??= { error };
    }));
    const last = this.inflight[this.inflight.length - 1];
    this.inflight.push(last ? last.then(run) : run());
  }

  /** Waits for what was sent; throws the first failure (the transaction is then aborted: it can only roll back). */
  async settle(): Promise<void> {
    const waiting = this.inflight;
    this.inflight = [];
    await Promise.all(waiting);
    if (this.failed) throw this.failed.error;
  }
}
