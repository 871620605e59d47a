/**
 * Answers of the desk's reference reads — settings, departments, SLA plans, schedules, teams,
 * agents and their grants — kept for the length of one write group's transaction (write-group.ts),
 * so that the writes sharing it do not each ask the server again: eight ticket creates in a group
 * read the same default department, SLA plan, body limit and acting agent eight times, half of a
 * create's round trips.
 *
 * Kept only what cannot have changed since it was read:
 * - the group holds the writers' lock (store.ts) from its first statement to its COMMIT, so no other
 *   helpdesk writer commits in between; what changes the answers is this transaction's own writes;
 * - a read is kept when it is a plain SELECT (no FOR UPDATE/SHARE, no volatile function) whose every
 *   table (FROM, JOIN) is one of REFERENCE — so it reads nothing a ticket write changes;
 * - every other statement is looked at before it runs: the tables an INSERT, UPDATE, DELETE or a
 *   data-modifying WITH names forget the answers that read them; anything else that is not a plain
 *   SELECT (DDL, a statement list, TRUNCATE, COPY …) forgets everything. The ticket counter's
 *   upsert (tickets.ts) changes one settings row that no kept read asks for, and forgets only the
 *   settings answers that may include it;
 * - a write rolled back (its unit's savepoint, a guarded statement) forgets everything, since the
 *   answers read after its statements may show them.
 * Answers are handed out as copies of their rows.
 *
 * The group's ticket counter is kept here too (counter.ts): its row is written before any statement
 * that may read it runs.
 */
import type { PgConn, PgParam } from './conn.js';
import type { Related, RelatedGroup } from './related.js';
import { GET_SETTING_SQL } from './settings.js';
import { COUNTER_KEY, GroupCounter, TAKE_NUMBER_SQL, WRITE_COUNTER_SQL, type CounterMark } from './counter.js';

/** The tables whose reads are kept. A ticket write (tickets, thread, events, search, users) touches none of them. */
const REFERENCE = new Set(['settings', 'departments', 'sla_plans', 'schedules', 'teams', 'team_members', 'agents', 'roles', 'agent_access', 'topics']);

const PLAIN_SELECT = /^\s*SELECT\b/i;
const LOCKING = /\bFOR\s+(NO\s+KEY\s+)?(UPDATE|SHARE|KEY\s+SHARE)\b/i;
const VOLATILE = /\b(now|random|clock_timestamp|statement_timestamp|transaction_timestamp|timeofday|current_timestamp|current_date|current_time|localtimestamp|localtime|nextval|currval|setval|lastval|gen_random_uuid|pg_\w+|txid_\w+|lo_\w+|set_config|dblink\w*)\b/i;
const READ_TABLES = /\b(?:FROM|JOIN)\s+(?:ONLY\s+)?(?:"?\w+"?\.)?"?([A-Za-z_]\w*)"?/gi;
const WRITTEN_TABLES = /\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|MERGE\s+INTO)\s+(?:ONLY\s+)?(?:"?\w+"?\.)?"?([A-Za-z_]\w*)"?/gi;
/** Statements that may write only through the tables they name (a WITH may hold an INSERT). */
const DML = /^\s*(INSERT|UPDATE|DELETE|WITH)\b/i;

interface Kept {
  rows: unknown[];
  tables: ReadonlySet<string>;
  sql: string;
  params: readonly PgParam[];
}

const tablesOf = (sql: string, re: RegExp): Set<string> => {
  const out = new Set<string>();
  for (const m of sql.matchAll(re)) out.add(m[1]!.toLowerCase());
  return out;
};

/** The tables a cacheable read reads, or null when the read is not kept (memoised per statement text). */
const readTablesMemo = new Map<string, ReadonlySet<string> | null>();
function keptTables(sql: string): ReadonlySet<string> | null {
  let t = readTablesMemo.get(sql);
  if (t === undefined) {
    t = null;
    if (PLAIN_SELECT.test(sql) && !LOCKING.test(sql) && !VOLATILE.test(sql) && !sql.includes(';')) {
      const tables = tablesOf(sql, READ_TABLES);
      if (tables.size > 0 && [...tables].every((x) => REFERENCE.has(x))) t = tables;
    }
    if (readTablesMemo.size < 2000) readTablesMemo.set(sql, t);
  }
  return t;
}

/** What a statement that is not kept does to the kept answers: nothing, forget those of some tables, or forget all. */
type Effect = 'none' | 'all' | 'counter' | ReadonlySet<string>;
const effectMemo = new Map<string, Effect>();
function effectOf(sql: string): Effect {
  let e = effectMemo.get(sql);
  if (e === undefined) {
    if (sql === TAKE_NUMBER_SQL) e = 'counter';
    else if (sql.includes(';')) e = 'all';
    else if (PLAIN_SELECT.test(sql) && !/\b(INSERT|UPDATE|DELETE|MERGE)\b/i.test(sql.replace(LOCKING, ''))) e = 'none';
    else if (DML.test(sql)) {
      const written = tablesOf(sql, WRITTEN_TABLES);
      written.delete('set');
      e = written.size === 0 ? 'all' : [...written].some((x) => REFERENCE.has(x)) ? written : 'none';
    } else e = 'all';
    if (effectMemo.size < 2000) effectMemo.set(sql, e);
  }
  return e;
}

/** Whether a statement may read or write the counter's row: anything on settings but a read of another key, and any statement not understood. */
function readsCounter(sql: string, params: readonly PgParam[]): boolean {
  if (sql === GET_SETTING_SQL) return params[0] === COUNTER_KEY;
  return /\bsettings\b/i.test(sql) || effectOf(sql) === 'all';
}

const simple = (params: readonly PgParam[]): boolean => params.every((p) => p === null || typeof p === 'string' || typeof p === 'number' || typeof p === 'boolean');
const copy = <T>(rows: unknown[]): T[] => rows.map((r) => ({ ...(r as object) })) as T[];

/** One group's kept answers. */
export class GroupCache {
  private readonly kept = new Map<string, Kept>();
  /** Statements answered from here (tests). */
  hits = 0;
  /** The group's ticket numbers (counter.ts). */
  readonly counter = new GroupCounter();

  /**
   * Every setting as the group found it at its start (store.ts reads them in its BEGIN's round trip,
   * under the writers' lock): key -> value, or null for a value not read then (a long one, or the
   * ticket counter once this group counts numbers) which is asked for as usual; a key that is not
   * here does not exist. Gone (null) once anything may have written the settings otherwise.
   */
  private settings: Map<string, string | null> | null = null;

  /** The settings as the group's BEGIN read them (SETTINGS_PREFETCH_SQL's rows). */
  seedSettings(rows: ReadonlyArray<{ key: string; value: string | null }>): void {
    this.settings = new Map(rows.map((r) => [r.key, r.value]));
  }

  /** Where to come back to when what follows is rolled back. */
  mark(): CounterMark {
    return this.counter.mark();
  }

  /** What followed `m` was rolled back: the numbers it counted are given back, the answers since forgotten. */
  rollback(m: CounterMark): void {
    this.counter.restore(m);
    this.forgetAll();
  }

  /** Writes the counted numbers into the counter row when `sql` could read or write it (or, without sql, now). */
  async flush(inner: PgConn, sql?: string, params: readonly PgParam[] = []): Promise<void> {
    const value = this.counter.pending();
    if (value === null || (sql !== undefined && !readsCounter(sql, params))) return;
    if ((await inner.run(WRITE_COUNTER_SQL, [value])) !== 1) throw new Error('the ticket counter row is missing');
    this.counter.flushed();
  }

  /** Before `sql` runs (after flush): a write to the settings other than the counter's own ends the counting. */
  beforeStatement(sql: string): void {
    if (sql === TAKE_NUMBER_SQL || sql === WRITE_COUNTER_SQL) return;
    const e = effectOf(sql);
    if (e === 'all' || (typeof e !== 'string' && e.has('settings'))) this.counter.forget();
  }

  forgetAll(): void {
    this.kept.clear();
    this.settings = null;
  }

  /** Before a statement that is not a kept read runs. */
  note(sql: string): void {
    if (this.settings !== null) {
      const e = effectOf(sql);
      // The counter's upsert changes its own row only; any other write to the settings, or a statement not understood, all of them.
      if (e === 'counter') this.settings.set(COUNTER_KEY, null);
      else if (e === 'all' || (typeof e !== 'string' && e.has('settings'))) this.settings = null;
    }
    if (this.kept.size === 0) return;
    const e = effectOf(sql);
    if (e === 'none') return;
    if (e === 'all') return this.forgetAll();
    for (const [key, k] of this.kept) {
      if (e === 'counter') {
        // Only a settings read of one other key is sure not to include the counter's row.
        if (k.tables.has('settings') && !(k.sql === GET_SETTING_SQL && k.params.length === 1 && k.params[0] !== COUNTER_KEY)) this.kept.delete(key);
      } else if ([...e].some((x) => k.tables.has(x))) this.kept.delete(key);
    }
  }

  async rows<T>(sql: string, params: readonly PgParam[], run: () => Promise<T[]>): Promise<T[]> {
    if (this.settings !== null && sql === GET_SETTING_SQL && typeof params[0] === 'string' && this.settings.get(params[0]) !== null) {
      this.hits++;
      const value = this.settings.get(params[0]);
      return (value === undefined ? [] : [{ value }]) as T[];
    }
    const tables = simple(params) ? keptTables(sql) : null;
    if (tables === null) {
      this.note(sql);
      return run();
    }
    const key = `${sql}\u0000${JSON.stringify(params)}`;
    const hit = this.kept.get(key);
    if (hit) {
      this.hits++;
      return copy<T>(hit.rows);
    }
    const rows = await run();
    this.kept.set(key, { rows: copy(rows), tables, sql, params: [...params] });
    return rows;
  }

  /** A registered read of one agent's or ticket's rows (related.ts), kept by the same rules. */
  async related<T>(read: Related, id: number, run: () => Promise<T[]>): Promise<T[]> {
    const tables = keptTables(read.sql);
    if (tables === null) return run();
    const key = `related\u0000${read.kind}\u0000${id}`;
    const hit = this.kept.get(key);
    if (hit) {
      this.hits++;
      return copy<T>(hit.rows);
    }
    const rows = await run();
    this.kept.set(key, { rows: copy(rows), tables, sql: read.sql, params: [id] });
    return rows;
  }
}

/**
 * Read with a write group's BEGIN (store.ts): every setting, the value of those up to 4 KiB (a group's
 * writes read a handful of short ones — the default department and plan, the body limit, the mail
 * switches — each a round trip otherwise).
 */
export const SETTINGS_PREFETCH_SQL = 'SELECT key, CASE WHEN length(value) <= 4096 THEN value END AS value FROM settings';

/** Whether a unit changed anything: a statement that may write, or one that failed (which aborts the transaction). */
export interface Track {
  dirty: boolean;
}

/** A statement after which a failed unit leaves nothing to undo: a plain SELECT that calls no function that writes. */
const clean = (sql: string): boolean => effectOf(sql) === 'none' && PLAIN_SELECT.test(sql) && !/\b(setval|nextval|set_config|pg_\w+|lo_\w+|dblink\w*)\s*\(/i.test(sql);

/**
 * `inner` with its reference reads answered from `cache` while they hold (see the module comment);
 * `track`, when given, is told when a statement may have changed something.
 */
export function cachedConn(inner: PgConn, cache: GroupCache, track?: Track): PgConn {
  const watch = async <T>(sql: string, params: readonly PgParam[], run: () => Promise<T>): Promise<T> => {
    try {
      // The numbers counted so far, written before a statement that may read the counter's row.
      // Not this unit's change: it writes what the units before it counted (and its own).
      await cache.flush(inner, sql, params);
      cache.beforeStatement(sql);
      if (track && !track.dirty && !clean(sql)) track.dirty = true;
      return await run();
    } catch (err) {
      if (track) track.dirty = true;
      throw err;
    }
  };
  const rows = <T>(sql: string, params: readonly PgParam[]) => cache.rows<T>(sql, params, () => watch(sql, params, () => inner.all<T>(sql, params)));
  const conn: PgConn = {
    get writing() { return inner.writing; },
    all: <T>(sql: string, params: readonly PgParam[] = []) => rows<T>(sql, params),
    one: async <T>(sql: string, params: readonly PgParam[] = []) => (await rows<T>(sql, params))[0] ?? null,
    run: (sql, params = []) => {
      cache.note(sql);
      return watch(sql, params, () => inner.run(sql, params));
    },
    insert: (sql, params = []) => {
      cache.note(sql);
      return watch(sql, params, () => inner.insert(sql, params));
    },
    each: (sql, params, each, batch) => {
      cache.note(sql);
      return watch(sql, params, () => inner.each(sql, params, each, batch));
    },
    related: <T>(read: Related, id: number) => cache.related<T>(read, id, () => watch(read.sql, [id], () => inner.related<T>(read, id))),
    // What the unit's own insert made: the inner connection forgets it at its next write, as it does its related reads.
    keepNewTicket: (id, number, row, related) => inner.keepNewTicket(id, number, row, related),
    newTicket: <T>(number: string) => inner.newTicket<T>(number),
    // Read-only transactions only (tickets.ts), so not met inside a group: passed through, watched as any statement.
    rowWithRelated: <T>(group: RelatedGroup, sql: string, params: readonly PgParam[]) =>
      watch(sql, params, () => inner.rowWithRelated<T>(group, sql, params)),
    guarded: async <T>(fn: () => Promise<T>) => {
      const mark = cache.mark();
      try {
        return await inner.guarded(fn);
      } catch (err) {
        cache.rollback(mark);
        if (track) track.dirty = true;
        throw err;
      }
    },
  };
  groups.set(conn, { cache, track });
  return conn;
}

const groups = new WeakMap<PgConn, { cache: GroupCache; track: Track | undefined }>();

/** The next ticket number counted by the write group `c` belongs to, or null when it must be taken from the row (counter.ts). */
export function nextNumber(c: PgConn): string | null {
  const g = groups.get(c);
  const next = g?.cache.counter.next() ?? null;
  if (next !== null) {
    // A change, as TAKE_NUMBER_SQL would have been: undone with the unit, and settings reads that may show it forgotten.
    if (g!.track) g!.track.dirty = true;
    g!.cache.note(TAKE_NUMBER_SQL);
  }
  return next;
}

/** TAKE_NUMBER_SQL answered `value` on `c`: its group counts from there. */
export function tookNumber(c: PgConn, value: string): void {
  groups.get(c)?.cache.counter.took(value);
}
