/**
 * PgConn: what the PostgreSQL domain modules (settings.ts, org.ts, tickets.ts, … beside
 * this file) are given — one connection, inside one transaction. SQL is PostgreSQL's, with $1, $2 …
 * parameters. bigint, count(*) and numeric come back as JS numbers (ids and counts fit).
 *
 * A failed statement aborts a PostgreSQL transaction (SQLite's does not): a query whose failure a
 * caller expects and handles (a duplicate name, a row still referenced) goes through `guarded`, which
 * wraps it in a savepoint so the transaction goes on. Prefer statements that cannot fail that way
 * (`INSERT … ON CONFLICT DO NOTHING RETURNING id`).
 */
import type { PoolClient } from 'pg';
import { addTime, timeMark } from '../timings.js';
import { bundleSql, relatedOf, rowWithRelatedSql, togetherFromFirst, type Related, type RelatedGroup } from './related.js';

export type PgParam = string | number | bigint | boolean | null | Buffer | readonly string[] | readonly number[];

export interface PgConn {
  /** All rows of a statement. */
  all<T>(sql: string, params?: readonly PgParam[]): Promise<T[]>;
  /** The first row, or null. */
  one<T>(sql: string, params?: readonly PgParam[]): Promise<T | null>;
  /** Runs a statement; returns how many rows it changed. */
  run(sql: string, params?: readonly PgParam[]): Promise<number>;
  /** Runs an INSERT … RETURNING id; returns the id. */
  insert(sql: string, params?: readonly PgParam[]): Promise<number>;
  /** Hands the rows to `each` in batches as they are read, never all in memory (a server-side cursor). */
  each<T>(sql: string, params: readonly PgParam[], each: (row: T) => void, batch?: number): Promise<void>;
  /**
   * Runs fn inside a savepoint: when it throws, only its statements are undone and the transaction
   * can go on (the error is rethrown for the caller to handle).
   */
  guarded<T>(fn: () => Promise<T>): Promise<T>;
  /** The rows of a registered read of one ticket or agent (related.ts), with the reads that come with it. */
  related<T>(read: Related, id: number): Promise<T[]>;
  /**
   * The one row (with an id) `sql` selects, and in the same statement every registered read of
   * `group` for it, kept for related() (related.ts). Only where those reads are nearly always wanted next.
   */
  rowWithRelated<T>(group: RelatedGroup, sql: string, params: readonly PgParam[]): Promise<T | null>;
  /**
   * A ticket this transaction has just inserted, as its row by number and its registered reads
   * (related.ts) would answer, kept so that the reads of it that follow (a create shows what it
   * made) need no round trip: forgotten, as the related reads are, at the next statement that may
   * write anything.
   */
  keepNewTicket(id: number, number: string, row: object, related: ReadonlyMap<string, unknown[]>): void;
  /** The row keepNewTicket kept for this number (a copy), or null. */
  newTicket<T>(number: string): T | null;
  /** True inside a write transaction. */
  readonly writing: boolean;
}

/**
 * Named (prepared) statements: a statement a process runs again is parsed and planned once per
 * connection instead of at every call. Planning is most of the cost of the short queries a desk
 * runs: the ticket list's seven-table join plans in about 3 ms and runs in 0.4 ms. A statement is
 * named the second time its text is seen (a one-off text — a literal LIMIT, an id list — never
 * fills the cache), at most PREPARED_MAX texts per process. Not named: statements without
 * parameters (they may be several statements in one text), searches (a tsquery's plan depends
 * on how common its words are, which a generic plan cannot know) and look-ups of a list of values
 * (= ANY($1)): an import's check of its ticket numbers, prepared while the table was empty, kept a
 * sequential scan for the whole load — 140 ms a batch of 500 once 20,000 tickets were in.
 */
const PREPARED_MAX = 500;
/** `= ANY($n…)`: how to read a list of ids or numbers depends on how long it is, and on how big the table has grown. */
const ANY_ARRAY = /\bANY\s*\(\s*\$\d/i;
const SEEN_MAX = 5000;
const named = new Map<string, string>();
const seen = new Set<string>();
let generation = 0;

/** The name to prepare a statement under, or undefined to run it unnamed. */
export function statementName(sql: string, params: readonly PgParam[]): string | undefined {
  if (params.length === 0 || sql.includes('::tsquery') || ANY_ARRAY.test(sql)) return undefined;
  const name = named.get(sql);
  if (name !== undefined || named.size >= PREPARED_MAX) return name;
  if (!seen.has(sql)) {
    if (seen.size >= SEEN_MAX) seen.clear();
    seen.add(sql);
    return undefined;
  }
  seen.delete(sql);
  const fresh = `hd${generation}_${named.size + 1}`;
  named.set(sql, fresh);
  return fresh;
}

/**
 * A prepared statement whose tables changed under it (another binary migrated the schema) fails
 * with "cached plan must not change result type": new names from then on, and the transaction is
 * run again (errors.ts isRetryable), preparing them afresh.
 */
export function isStalePlan(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  return e?.code === '0A000' && /cached plan must not change result type/i.test(e.message ?? '');
}

function forgetStatements(): void {
  generation++;
  named.clear();
  seen.clear();
}

type CursorCtor = new (text: string, values: unknown[]) => {
  read(rows: number): Promise<unknown[]>;
  close(): Promise<void>;
};

/** A PgConn over one checked-out client, for the length of one transaction. */
/** A statement that only reads: it leaves the answers ClientConn keeps (related.ts) true. */
const READ_ONLY = /^\s*SELECT\b(?![\s\S]*\bFOR\s+(NO\s+KEY\s+)?(UPDATE|SHARE)\b)/i;

export class ClientConn implements PgConn {
  private savepoints = 0;
  /** Answers of related reads, by kind and id, until the transaction writes. */
  private readonly kept = new Map<string, unknown[]>();
  /** The groups and ids (`ticket:12`) whose reads have been asked for. */
  private readonly asked = new Set<string>();
  /** Rows of tickets just inserted, by number (keepNewTicket), until the transaction writes again. */
  private readonly inserted = new Map<string, object>();

  constructor(private readonly client: PoolClient, readonly writing: boolean, private readonly Cursor: () => CursorCtor) {}

  async all<T>(sql: string, params: readonly PgParam[] = []): Promise<T[]> {
    return (await this.query(sql, params)).rows as T[];
  }

  private async query(sql: string, params: readonly PgParam[]): Promise<{ rows: unknown[]; rowCount: number | null }> {
    if (this.asked.size > 0 && !READ_ONLY.test(sql)) this.forget();
    try {
      const querying = timeMark();
      try {
        return await this.client.query({ text: sql, values: params as unknown[], name: statementName(sql, params) });
      } finally {
        addTime('pg.query', querying);
      }
    } catch (err) {
      if (isStalePlan(err)) forgetStatements();
      throw err;
    }
  }

  async one<T>(sql: string, params: readonly PgParam[] = []): Promise<T | null> {
    const rows = await this.all<T>(sql, params);
    return rows[0] ?? null;
  }

  async run(sql: string, params: readonly PgParam[] = []): Promise<number> {
    return (await this.query(sql, params)).rowCount ?? 0;
  }

  async insert(sql: string, params: readonly PgParam[] = []): Promise<number> {
    const row = await this.one<{ id: number }>(sql, params);
    if (!row) throw new Error(`insert returned no id: ${sql.slice(0, 60)}`);
    return Number(row.id);
  }

  async each<T>(sql: string, params: readonly PgParam[], each: (row: T) => void, batch = 500): Promise<void> {
    const Cursor = this.Cursor();
    const cursor = this.client.query(new Cursor(sql, params as unknown[]) as never) as unknown as InstanceType<CursorCtor>;
    try {
      for (;;) {
        const rows = (await cursor.read(batch)) as T[];
        for (const row of rows) each(row);
        if (rows.length < batch) break;
      }
    } finally {
      await cursor.close();
    }
  }

  async related<T>(read: Related, id: number): Promise<T[]> {
    const key = `${read.kind}:${id}`;
    let rows = this.kept.get(key);
    if (rows === undefined) {
      const group = `${read.group}:${id}`;
      // In a write, from the first: a write that reads a ticket shows it (toTicketObject), every read.
      if (!this.asked.has(group) && !togetherFromFirst(read.group) && !this.writing) {
        rows = await this.all(read.sql, [id]);
      } else {
        const reads = relatedOf(read.group).filter((r) => !this.kept.has(`${r.kind}:${id}`));
        const row = (await this.one<Record<string, unknown[]>>(bundleSql(reads), [id]))!;
        reads.forEach((r, i) => this.kept.set(`${r.kind}:${id}`, row[`k${i}`]!));
        rows = row[`k${reads.indexOf(read)}`]!;
      }
      this.kept.set(key, rows);
      this.asked.add(group);
    }
    return rows.map((r) => ({ ...(r as object) })) as T[];
  }

  async rowWithRelated<T>(group: RelatedGroup, sql: string, params: readonly PgParam[]): Promise<T | null> {
    const reads = relatedOf(group);
    const row = await this.one<Record<string, unknown>>(rowWithRelatedSql(sql, reads), params);
    if (!row) return null;
    const id = Number(row.id);
    reads.forEach((r, i) => {
      this.kept.set(`${r.kind}:${id}`, row[`hd_k${i}`] as unknown[]);
      delete row[`hd_k${i}`];
    });
    this.asked.add(`${group}:${id}`);
    return row as T;
  }

  keepNewTicket(id: number, number: string, row: object, related: ReadonlyMap<string, unknown[]>): void {
    this.forget();
    this.inserted.set(number, row);
    for (const [kind, rows] of related) this.kept.set(`${kind}:${id}`, rows);
    this.asked.add(`ticket:${id}`);
  }

  newTicket<T>(number: string): T | null {
    const row = this.inserted.get(number);
    return row === undefined ? null : ({ ...row } as T);
  }

  private forget(): void {
    this.kept.clear();
    this.asked.clear();
    this.inserted.clear();
  }

  async guarded<T>(fn: () => Promise<T>): Promise<T> {
    const name = `hd_sp_${++this.savepoints}`;
    await this.client.query(`SAVEPOINT ${name}`);
    try {
      const result = await fn();
      await this.client.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (err) {
      await this.client.query(`ROLLBACK TO SAVEPOINT ${name}`);
      this.forget();
      throw err;
    }
  }
}
