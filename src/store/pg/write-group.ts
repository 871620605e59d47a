/**
 * Group commit for the PostgreSQL store's writes, the counterpart of the server's write
 * queue on SQLite (SqliteStore.writeEach, src/server/desk-access.ts). Writers are serialised by the
 * transaction-level advisory lock held through COMMIT (ticket numbers must be contiguous), so the
 * writes of one process would otherwise go one commit at a time. Here the writes that are waiting
 * when a transaction starts, and those that arrive while it runs, share it; a failing write is
 * undone alone and the others go on (runGroup); one COMMIT (one WAL flush) for all; each caller is
 * answered once that commit is done. Numbers stay contiguous: they are issued from the counter row
 * under the lock, in the one transaction (counter.ts).
 *
 * Round trips: one savepoint for the group, a savepoint per write only once a write of the group
 * has failed (runGroup); the reference reads of the group's writes (settings, departments, SLA
 * plans, the acting agent) are answered once per group (group-cache.ts).
 *
 * A write that is alone in the queue runs without a savepoint (a command's one write costs what it
 * cost before); if it fails, the whole transaction is rolled back and the writes that joined meanwhile
 * run in the next one. A serialization failure or deadlock (retryable) inside any write rolls back
 * the whole group, which the store runs again, as it does a single write.
 */
import type { PgConn } from './conn.js';
import { cachedConn, GroupCache } from './group-cache.js';

/** At most this many writes in one transaction: a long group would hold the lock from other processes. */
export const MAX_GROUP = 64;

export interface Unit {
  fn: (c: PgConn) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (err: unknown) => void;
}

/** Statements a group needs on its connection (the store's ClientConn runs them). */
export interface GroupConn {
  exec(sql: string): Promise<void>;
  /** A fresh PgConn on the same connection, for one write. */
  conn(): PgConn;
}

export type Settled = { unit: Unit; ok: true; value: unknown } | { unit: Unit; ok: false; error: unknown };

/**
 * Runs units from `queue` (taking them as they come, up to MAX_GROUP) inside the caller's open write
 * transaction. Returns how each ended; throws when the transaction as a whole must end (a retryable
 * error, a lost connection, or the failure of a unit that ran without a savepoint), leaving in
 * `queue` what it had not taken, and in `taken` what it had.
 *
 * Savepoints, as few as a failure allows: one, hd_group, before the first unit that is not alone;
 * the units after it run without one of their own. A unit that fails having changed nothing (it
 * threw after reads only, and no statement of it failed) is answered with its error and the others
 * go on. One that fails after a write: the group goes back to hd_group (undoing the units since),
 * that unit is answered with its error, and the units it undid run again, each in a savepoint of
 * its own (hd_unit) from then on, as do the rest of the group — what each sees is what it would
 * have seen had the failed one never run. (Running a unit again is what a retry does too.)
 */
export async function runGroup(g: GroupConn, queue: Unit[], taken: Unit[], isFatal: (err: unknown) => boolean,
  settings?: ReadonlyArray<{ key: string; value: string | null }>): Promise<Settled[]> {
  const settled: Settled[] = [];
  // The group's reference reads (settings, departments, SLA plans, the acting agent), asked once (group-cache.ts);
  // the settings as the BEGIN read them, when it did (store.ts).
  const cache = new GroupCache();
  if (settings) cache.seedSettings(settings);
  /** Index in `settled` of the first unit after savepoint hd_group, or -1 before it is taken. */
  let mark = -1;
  /** After a failed write: every unit in a savepoint of its own. */
  let careful = false;
  // Whether savepoint hd_unit is open: the next unit's is taken in the same round trip as the
  // previous one is released, and the last one is left to COMMIT (which commits it with the rest).
  let open = false;
  let groupMark = cache.mark();
  const inSavepoint = async (unit: Unit): Promise<void> => {
    await g.exec(open ? 'RELEASE SAVEPOINT hd_unit; SAVEPOINT hd_unit' : 'SAVEPOINT hd_unit');
    open = true;
    const unitMark = cache.mark();
    try {
      settled.push({ unit, ok: true, value: await unit.fn(cachedConn(g.conn(), cache)) });
    } catch (err) {
      if (isFatal(err)) throw err;
      // Undone alone; the savepoint stays open (ROLLBACK TO keeps it) for the next unit to release.
      // What was kept may show its writes: forgotten; the numbers it took are given back.
      cache.rollback(unitMark);
      await g.exec('ROLLBACK TO SAVEPOINT hd_unit');
      settled.push({ unit, ok: false, error: err });
    }
  };
  while (queue.length > 0 && taken.length < MAX_GROUP) {
    const unit = queue.shift()!;
    taken.push(unit);
    // Alone so far and nobody waiting: no savepoint, as a plain write.
    const alone = taken.length === 1 && queue.length === 0;
    if (alone) {
      settled.push({ unit, ok: true, value: await unit.fn(cachedConn(g.conn(), cache)) });
      continue;
    }
    if (careful) {
      await inSavepoint(unit);
      continue;
    }
    if (mark < 0) {
      await g.exec('SAVEPOINT hd_group');
      mark = settled.length;
      groupMark = cache.mark();
    }
    const track = { dirty: false };
    try {
      settled.push({ unit, ok: true, value: await unit.fn(cachedConn(g.conn(), cache, track)) });
    } catch (err) {
      if (isFatal(err)) throw err;
      settled.push({ unit, ok: false, error: err });
      if (!track.dirty) continue;
      await g.exec('ROLLBACK TO SAVEPOINT hd_group');
      cache.rollback(groupMark);
      careful = true;
      const since = settled.splice(mark);
      for (const s of since) {
        if (s.ok) await inSavepoint(s.unit);
        else settled.push(s);
      }
    }
  }
  // The numbers counted since the counter's row was last written, written before COMMIT.
  await cache.flush(g.conn());
  return settled;
}
