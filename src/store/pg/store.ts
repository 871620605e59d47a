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
 * - read: REPEATABLE READ READ ONLY — one consistent snapshot, never a write, never waiting.
 * - Serialization failures (40001) and deadlocks (40P01) — which the lock makes rare, but a server
 *   configured otherwise or a manual session can still cause — roll back and run fn again, with a
 *   short random back-off, until the busy timeout: callers never see them.
 * All or nothing: a failure of fn, of the connection or of COMMIT leaves nothing half-written.
 */
import type { Pool, PoolClient } from 'pg';
import { UsageError } from '../../core/errors.js';
import { registerOpenStore, unregisterOpenStore } from '../open-stores.js';
import type { Store, Tx } from '../types.js';
import { inspectPg, type PgDatabaseReport } from './admin.js';
import { ClientConn, type PgConn } from './conn.js';
import { loadCursor, loadPg } from './driver.js';
import { isConnectionLost, isRetryable, translatePgError } from './errors.js';
import { migrate, PG_SCHEMA_VERSION, schemaState, WRITE_LOCK_KEY } from './schema.js';
import { replaceDesk, type ReplaceMode } from './replace.js';
import { makePgTx } from './tx.js';
import { runGroup, type Unit } from './write-group.js';
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
        const settled = await this.once(true, (_c, client) => runGroup({
          exec: async (sql) => { await client.query(sql); },
          conn: () => new ClientConn(client, true, loadCursor),
        }, this.queue, taken, fatal));
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

  private async attempt<T>(write: boolean, fn: (c: PgConn, client: PoolClient) => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.busyTimeoutMs;
    for (let tries = 1; ; tries++) {
      try {
        return await this.once(write, fn);
      } catch (err) {
        if (!isRetryable(err) || Date.now() > deadline) throw err;
        // Full jitter, capped low: whoever lost the race tries again soon (busy-retry.ts).
        await new Promise((done) => setTimeout(done, Math.random() * Math.min(50, 2 ** tries)));
      }
    }
  }

  private async once<T>(write: boolean, fn: (c: PgConn, client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.checkout();
    let phase: 'transaction' | 'commit' = 'transaction';
    let broken: Error | undefined;
    try {
      await client.query(write
        ? `BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL lock_timeout = '${Math.max(1, Math.floor(this.busyTimeoutMs))}ms'; SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})`
        : 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const result = await fn(new ClientConn(client, write, loadCursor), client);
      phase = 'commit';
      await client.query('COMMIT');
      return result;
    } catch (err) {
      if (isConnectionLost(err)) broken = err as Error;
      else {
        try {
          await client.query('ROLLBACK');
        } catch (rollback) {
          broken = rollback as Error;
        }
      }
      if (isRetryable(err)) throw err;
      throw translatePgError(err, this.target, phase);
    } finally {
      // A client whose connection failed is thrown away, not handed to the next transaction.
      client.release(broken);
    }
  }

  private async checkout(): Promise<PoolClient> {
    if (this.closed) throw new Error('the PostgreSQL store is closed');
    try {
      const client = await this.pool!.connect();
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
      // Nearly always the schema is current: one statement says so (no transaction around it, one
      // round trip); anything else — no such table, an older or newer version — takes the full check.
      if (!replace && (await this.currentSchema())) return;
      const state = await this.attempt(false, (c) => schemaState(c));
      if (state !== PG_SCHEMA_VERSION) await this.attempt(true, (c) => migrate(c, this.path));
    })().catch((err) => {
      this.ready = null;
      throw err;
    });
    return this.ready;
  }

  /** True when helpdesk_schema says this binary's version (a read of one row, outside a transaction). */
  private async currentSchema(): Promise<boolean> {
    const client = await this.checkout();
    let broken: Error | undefined;
    try {
      const r = await client.query('SELECT version FROM helpdesk_schema');
      return r.rows.length === 1 && Number(r.rows[0].version) === PG_SCHEMA_VERSION;
    } catch (err) {
      if (isConnectionLost(err)) broken = err as Error;
      return false;
    } finally {
      client.release(broken);
    }
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
