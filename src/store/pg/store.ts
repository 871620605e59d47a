/**
 * The PostgreSQL store: the Store interface over a node-postgres pool, one client per
 * transaction. The driver is loaded on the first transaction, so nothing of it is read by a command
 * that works on SQLite (driver.ts).
 *
 * Transactions mean what they mean on SQLite:
 * - write: READ COMMITTED, and first the writers' advisory lock (the counterpart of BEGIN IMMEDIATE):
 *   one writer at a time across every process and machine, each statement sees everything committed
 *   before it, and the lock waits at most the busy timeout (HELPDESK_BUSY_TIMEOUT_MS), then BusyError.
 *   Ticket numbers are issued from a counter row under that lock, so they are contiguous.
 * - read: REPEATABLE READ READ ONLY — one consistent snapshot, never a write, never waiting; its
 *   COMMIT is sent with the next transaction's BEGIN (hold()).
 * - The first transaction reads the schema version in its BEGIN's round trip (once()), and a
 *   database that is not at this binary's version goes to the full check (created, migrated or refused).
 * - Serialization failures (40001) and deadlocks (40P01) — which the lock makes rare, but a server
 *   configured otherwise or a manual session can still cause — roll back and run fn again, with a
 *   short random back-off, until the busy timeout: callers never see them.
 * All or nothing: a failure of fn, of the connection or of COMMIT leaves nothing half-written.
 */
import type { Pool, PoolClient } from 'pg';
import { requireOnDemand } from '../../cli/on-demand.js';
import { UsageError } from '../../core/errors.js';
import { registerOpenStore, unregisterOpenStore } from '../open-stores.js';
import { addTime, timeMark } from '../timings.js';
import type { Store, Tx } from '../types.js';
import { inspectPg, type PgDatabaseReport } from './admin.js';
import { ClientConn, type PgConn } from './conn.js';
import { loadCursor, loadPg } from './driver.js';
import { isConnectionLost, isRetryable, translatePgError } from './errors.js';
import { migrate, PG_SCHEMA_VERSION, schemaState, WRITE_LOCK_KEY } from './schema.js';
import { replaceDesk, type ReplaceMode } from './replace.js';
import { makePgTx } from './tx.js';
import { runGroup, type Unit } from './write-group.js';
import { SETTINGS_PREFETCH_SQL } from './group-cache.js';
import { parsePgUrl, tlsOptions, type PgTarget } from './url.js';

export interface PgOpenOptions {
  busyTimeoutMs?: number;
  /** Clients in the pool (the server serves requests in parallel; a command needs one). */
  maxConnections?: number;
  env?: Record<string, string | undefined>;
  /** Start over (init --force, lab start): the desk found is kept aside or dropped first (replace.ts). */
  replace?: { mode: ReplaceMode; stamp: string };
}

export class PgStore implements Store {
  /** The URL without its password: names the desk in messages and keys its saved logins. */
  readonly path: string;
  readonly target: PgTarget;
  private pool: Pool | null = null;
  private ready: Promise<void> | null = null;
  private closed = false;
  /** Where a replaced desk was kept (replace 'keep'), once the store has opened. */
  replacedAside: string | null = null;
  private readonly busyTimeoutMs: number;

  constructor(url: string, private readonly options: PgOpenOptions = {}) {
    this.target = parsePgUrl(url, options.env);
    this.path = this.target.display;
    this.busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    registerOpenStore(this);
  }

  /** Writes waiting for the running group's transaction (write-group.ts). */
  private readonly queue: Unit[] = [];
  private grouping = false;

  /** A write: it shares a transaction with the writes of this process that wait with it (write-group.ts). */
  write<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn: (c) => fn(makePgTx(c)), resolve: resolve as (v: unknown) => void, reject });
      if (!this.grouping) void this.drain();
    });
  }

  /** Runs groups until no write waits; one group at a time per store. */
  private async drain(): Promise<void> {
    this.grouping = true;
    try {
      await this.open();
      while (this.queue.length > 0) await this.group();
    } catch (err) {
      for (const unit of this.queue.splice(0)) unit.reject(err);
    } finally {
      this.grouping = false;
    }
  }

  /** One transaction for the writes waiting now and those that come while it runs; retried as attempt() does. */
  private async group(): Promise<void> {
    const deadline = Date.now() + this.busyTimeoutMs;
    const fatal = (err: unknown) => isRetryable(err) || isConnectionLost(err);
    for (let tries = 1; ; tries++) {
      const taken: Unit[] = [];
      try {
        const settled = await this.once(true, (_c, client, settings) => runGroup({
          exec: async (sql) => { await client.query(sql); },
          conn: () => new ClientConn(client, true, loadCursor),
        }, this.queue, taken, fatal, settings as Array<{ key: string; value: string | null }> | undefined), undefined, SETTINGS_PREFETCH_SQL);
        for (const s of settled) {
          if (s.ok) s.unit.resolve(s.value);
          else s.unit.reject(translatePgError(s.error, this.target, 'transaction'));
        }
        return;
      } catch (err) {
        if (isRetryable(err) && Date.now() <= deadline) {
          // Back to the front of the queue, in their order (a loop: no spread of a list into a call).
          for (let i = taken.length - 1; i >= 0; i--) this.queue.unshift(taken[i]!);
          await new Promise((done) => setTimeout(done, Math.random() * Math.min(50, 2 ** tries)));
          continue;
        }
        // The transaction as a whole failed (its one write, the commit, the connection): nothing of it stays.
        // Failing before any write was taken (the writers' lock not had within the busy timeout, no
        // connection) fails the writes waiting for it: left queued, they would wait for ever.
        for (const unit of taken.length ? taken : this.queue.splice(0)) unit.reject(err);
        return;
      }
    }
  }

  read<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.transaction(false, fn);
  }

  /** Runs fn on a raw connection inside a transaction (doctor, tests): no Tx, same retries. */
  async withConn<T>(write: boolean, fn: (c: PgConn) => Promise<T>): Promise<T> {
    await this.open();
    return this.attempt(write, fn);
  }

  /** The doctor's report (admin.ts), read without creating or migrating anything. */
  async inspect(): Promise<PgDatabaseReport> {
    this.pool ??= await this.makePool();
    return this.attempt(false, (c) => inspectPg(c, this.path));
  }

  private async transaction<T>(write: boolean, fn: (tx: Tx) => Promise<T>): Promise<T> {
    await this.open();
    return this.attempt(write, (c) => fn(makePgTx(c)));
  }

  /** A transaction, run again on a serialization failure or deadlock; `check`: see once(). */
  private async attempt<T>(write: boolean, fn: (c: PgConn, client: PoolClient) => Promise<T>, check = this.unchecked): Promise<T> {
    const deadline = Date.now() + this.busyTimeoutMs;
    for (let tries = 1; ; tries++) {
      try {
        return await this.once(write, fn, check && this.unchecked);
      } catch (err) {
        if (!isRetryable(err) || Date.now() > deadline) throw err;
        // Full jitter, capped low: whoever lost the race tries again soon (busy-retry.ts).
        await new Promise((done) => setTimeout(done, Math.random() * Math.min(50, 2 ** tries)));
      }
    }
  }

  /**
   * One transaction. `check` (the first transactions after open()): its BEGIN's round trip also
   * reads the schema version, after the writers' lock for a write; when the version is not this
   * binary's (or there is no helpdesk_schema), the transaction is rolled back before fn runs, the
   * full check (checkSchema) creates, migrates or refuses the database, and then fn runs.
   */
  private async once<T>(write: boolean, fn: (c: PgConn, client: PoolClient, prefetched?: unknown[]) => Promise<T>, check = this.unchecked,
    prefetch?: string): Promise<T> {
    for (let fresh = false; ;) {
      try {
        return await this.run(write, fn, check, fresh, prefetch);
      } catch (err) {
        // The connection a finished read kept lost before it was used: once more, on a new one.
        if (err instanceof HeldConnectionLost && !fresh) fresh = true;
        else if (err instanceof SchemaNotCurrent && check) {
          await this.checkSchema();
          check = false;
        } else throw err;
      }
    }
  }

  /** `prefetch`: a read sent in the BEGIN's round trip (after the writers' lock), its rows handed to fn. */
  private async run<T>(write: boolean, fn: (c: PgConn, client: PoolClient, prefetched?: unknown[]) => Promise<T>, check: boolean, fresh: boolean,
    prefetch?: string): Promise<T> {
    const held = fresh ? null : this.takeHeld();
    const client = held ?? (await this.checkout());
    let phase: 'transaction' | 'commit' = 'transaction';
    let broken: Error | undefined;
    let kept = false;
    try {
      const beginning = timeMark();
      // The read this connection was kept open for ends in the same round trip (hold()).
      const begin = `${held ? 'COMMIT; ' : ''}${write ? this.writeBegin : READ_BEGIN}${prefetch ? `; ${prefetch}` : ''}${check ? `; ${SCHEMA_VERSION_SQL}` : ''}`;
      let results: unknown;
      try {
        results = await client.query(begin);
      } catch (err) {
        if (held && isConnectionLost(err)) throw new HeldConnectionLost(err);
        // No helpdesk_schema (an empty or someone else's database) or no such schema: the full check says which.
        if (check && isUndefinedObject(err)) throw new SchemaNotCurrent();
        throw err;
      }
      if (check) {
        if (!isCurrentVersion(results)) throw new SchemaNotCurrent();
        this.unchecked = false;
      }
      addTime('begin', beginning);
      const prefetched = prefetch ? resultRows(results, check ? 2 : 1) : undefined;
      const result = await fn(new ClientConn(client, write, loadCursor), client, prefetched);
      if (write) {
        phase = 'commit';
        const committing = timeMark();
        await client.query('COMMIT');
        addTime('commit', committing);
      } else {
        // A read has nothing to commit: its COMMIT goes with the next transaction's BEGIN (hold()).
        this.hold(client);
        kept = true;
      }
      return result;
    } catch (err) {
      if (err instanceof HeldConnectionLost) broken = err.cause as Error;
      else if (isConnectionLost(err)) broken = err as Error;
      else {
        try {
          await client.query('ROLLBACK');
        } catch (rollback) {
          broken = rollback as Error;
        }
      }
      if (isRetryable(err) || err instanceof SchemaNotCurrent || err instanceof HeldConnectionLost) throw err;
      throw translatePgError(err, this.target, phase);
    } finally {
      // A client whose connection failed is thrown away, not handed to the next transaction.
      if (!kept) client.release(broken);
    }
  }

  private get writeBegin(): string {
    return `BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL lock_timeout = '${Math.max(1, Math.floor(this.busyTimeoutMs))}ms'; SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})`;
  }

  /**
   * The connection of the read that just ended, its transaction not yet committed. A read-only
   * transaction has nothing to commit, so its COMMIT need not cost a round trip of its own: the
   * next transaction of this store (a use case often runs several one after another) sends it
   * with its BEGIN, and if none has started by the next turn of the event loop it is sent alone
   * and the connection goes back to the pool (close() hands it back at once: the server ends the
   * transaction with the connection). What the read returned stands whatever becomes of that
   * COMMIT — a read-only transaction changes nothing — and the next transaction has a snapshot of
   * its own: each read is still one transaction's view.
   */
  private held: { client: PoolClient; settle: NodeJS.Immediate } | null = null;

  private hold(client: PoolClient): void {
    const settle = setImmediate(() => {
      if (this.held?.client !== client) return;
      this.held = null;
      client.query('COMMIT').then(() => client.release(), (err: Error) => client.release(err));
    });
    this.held = { client, settle };
  }

  private takeHeld(): PoolClient | null {
    const held = this.held;
    if (!held) return null;
    this.held = null;
    clearImmediate(held.settle);
    return held.client;
  }

  private async checkout(): Promise<PoolClient> {
    if (this.closed) throw new Error('the PostgreSQL store is closed');
    const connecting = timeMark();
    try {
      const client = await this.pool!.connect();
      addTime('pg.connect', connecting);
      // A connection that dies under a query rejects the query (handled in once()) and also emits
      // 'error' on the client: without a listener that would end the process with a stack trace.
      if (client.listenerCount('error') === 0) client.on('error', () => {});
      return client;
    } catch (err) {
      throw translatePgError(err, this.target, 'connect');
    }
  }

  /** Loads the driver, makes the pool, and checks (or creates) the schema — once. */
  private open(): Promise<void> {
    this.ready ??= (async () => {
      this.pool = await this.makePool();
      const replace = this.options.replace;
      if (replace) {
        const kept = await this.attempt(true, (c) => replaceDesk(c, replace.mode, replace.stamp));
        this.replacedAside = kept && `schema ${kept} of ${this.path}`;
      }
      // Nearly always the schema is current: the first transaction's BEGIN says so in the same round
      // trip (once()); anything else — no such table, an older or newer version — takes the full check.
      if (replace) await this.checkSchema();
      else this.unchecked = true;
    })().catch((err) => {
      this.ready = null;
      throw err;
    });
    return this.ready;
  }

  /** Whether the next transaction still has to check the schema version (open(), once()). */
  private unchecked = false;
  private checking: Promise<void> | null = null;

  /** The full check: creates the schema of an empty database, migrates an older one, refuses a newer or foreign one. */
  private checkSchema(): Promise<void> {
    this.checking ??= (async () => {
      const state = await this.attempt(false, (c) => schemaState(c), false);
      if (state !== PG_SCHEMA_VERSION) await this.attempt(true, (c) => migrate(c, this.path), false);
      this.unchecked = false;
    })().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private async makePool(tls = loopbackPrefer(this.target) ? false : tlsOptions(this.target)): Promise<Pool> {
    const pg = await loadPg();
    const t = this.target;
    const pool = new pg.Pool({
      host: t.host, port: t.port, user: t.user, password: t.password ?? '', database: t.database,
      ssl: tls === false ? false : (tls as never), connectionTimeoutMillis: t.connectTimeoutS * 1000,
      max: this.options.maxConnections ?? 10, idleTimeoutMillis: 1000, allowExitOnIdle: true,
      application_name: 'helpdesk',
      types: { getTypeParser: typeParser(pg) as never },
      Client: t.password === undefined ? pg.Client : cryptoAhead(pg),
    });
    // An idle client whose server went away reports here; the next checkout makes a new one.
    pool.on('error', () => {});
    if (tls === false || (t.sslmode !== 'prefer' && t.sslmode !== 'allow')) return pool;
    // libpq's prefer/allow: TLS when the server offers it, plain when it does not.
    try {
      const probe = await pool.connect();
      probe.release();
      return pool;
    } catch (err) {
      await pool.end().catch(() => {});
      if (!/does not support SSL/i.test((err as Error).message ?? '')) throw translatePgError(err, t, 'connect');
      return this.makePool(false);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    unregisterOpenStore(this);
    // Idle clients close now; the process need not wait for the server's goodbye.
    const pool = this.pool;
    if (pool && !pool.ending) void pool.end().catch(() => {});
    // The last read's connection, its transaction ended by the server as the connection closes. Its
    // goodbye (Terminate) is written as it is released; the process then does not wait for the server
    // to close the socket in turn (~3 ms of a cold read command, more on a busy machine), as it does
    // not for the idle clients, which the pool lets go (allowExitOnIdle).
    const held = this.takeHeld();
    held?.release();
    (held as unknown as { unref?: () => void } | null)?.unref?.();
  }

  /** close(), and resolves once every connection to the server is gone (tests, tools). */
  async end(): Promise<void> {
    const pool = this.pool;
    this.close();
    await pool?.end().catch(() => {});
  }

  async backup(_file?: string): Promise<void> {
    throw new UsageError('backup copies a SQLite file; a PostgreSQL desk is backed up with PostgreSQL\'s own tools',
      `pg_dump --format=custom --file=helpdesk.dump '${this.path}' (and pg_restore to restore it)`);
  }
}

/**
 * node-postgres's client, loading node:crypto for the password login (~2 ms) once the connection is
 * made and the startup message sent: while the server starts the session (a process of its own),
 * instead of after, when the server would be the one waiting.
 */
function cryptoAhead(pg: Awaited<ReturnType<typeof loadPg>>): typeof pg.Client {
  return class extends pg.Client {
    constructor(config?: string | import('pg').ClientConfig) {
      super(config);
      // Listened to before the client's own listener (which sends the startup message) is added.
      this.connection.once('connect', () => setImmediate(() => requireOnDemand('node:crypto')));
    }
  };
}

/** The schema version, read in the first transaction's BEGIN (once()). */
const SCHEMA_VERSION_SQL = 'SELECT version FROM helpdesk_schema';

/** Raised (and handled) inside the store: the first transaction found the schema not this binary's. */
class SchemaNotCurrent extends Error {}

/** Raised (and handled) inside the store: the connection a read kept (hold()) was lost meanwhile. */
class HeldConnectionLost extends Error {
  constructor(cause: unknown) {
    super('the kept connection was lost', { cause });
  }
}

const READ_BEGIN = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';

/** True when the last result of a BEGIN …; SELECT version says this binary's version, on its one row. */
/** The rows of the `fromEnd`th last result of a statement list (1: the last). */
function resultRows(results: unknown, fromEnd: number): unknown[] | undefined {
  const r = (Array.isArray(results) ? results[results.length - fromEnd] : fromEnd === 1 ? results : undefined) as { rows?: unknown[] } | undefined;
  return r?.rows;
}

function isCurrentVersion(results: unknown): boolean {
  const last = (Array.isArray(results) ? results[results.length - 1] : results) as { rows?: { version?: unknown }[] } | undefined;
  return last?.rows?.length === 1 && Number(last.rows[0]!.version) === PG_SCHEMA_VERSION;
}

/** undefined_table (42P01) or invalid_schema_name (3F000): no helpdesk_schema where the desk is looked for. */
function isUndefinedObject(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === '42P01' || code === '3F000';
}

/** bigint (ids, count(*)) and numeric (sum, avg) as numbers, the rest as node-postgres reads them. */
function typeParser(pg: Awaited<ReturnType<typeof loadPg>>) {
  const asNumber = (v: string) => (v === null ? null : Number(v));
  return (oid: number, format?: string) => {
    if (oid === 20 || oid === 1700) return asNumber;
    return pg.types.getTypeParser(oid, format as never);
  };
}

/**
 * sslmode prefer/allow to a server on this machine (127.0.0.0/8, ::1, localhost): plain at once.
 * Encryption over the loopback protects nothing, and asking for TLS first costs a whole server
 * connection (a backend started, then refused) per command when the server has no TLS.
 */
function loopbackPrefer(t: PgTarget): boolean {
  return (t.sslmode === 'prefer' || t.sslmode === 'allow') && /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/i.test(t.host);
}

/** A store for a --db value that is a PostgreSQL URL. */
export function openPgStore(url: string, options: PgOpenOptions = {}): PgStore {
  return new PgStore(url, options);
}
