/**
 * How the server uses one store for many requests. A SQLite connection holds one
 * transaction at a time and the desk awaits inside its transactions, so requests take turns: each
 * transaction runs to its end before the next begins (they take well under a millisecond).
 *
 * An admin acting as someone else (--as) is recorded in every event the request causes: the event's
 * actor is the identity acted as, and `data.acting_admin` the admin whose token it was.
 */
import type { Store, ThreadTx, TicketsTx, Tx } from '../store/types.js';

/** A store that can commit several units of work at once (SqliteStore.writeEach). */
interface GroupCommit {
  writeEach<T>(fns: ReadonlyArray<(tx: Tx) => Promise<T>>): Promise<Array<PromiseSettledResult<T>>>;
  /** Everything committed so far is on disk (SqliteStore.syncInBackground: the sync is not in the commit). */
  durable?(): Promise<void>;
}

/** Units of work committed together at most: bounds how long the first of them waits. */
const MAX_GROUP = 64;

interface Unit { fn: (tx: Tx) => Promise<unknown>; resolve(v: unknown): void; reject(e: unknown): void }

/**
 * The store with its transactions run one after another. Writes that arrive while another
 * transaction runs are committed together when their turn comes (group commit): each in its own
 * savepoint, so each succeeds or fails alone, but one fsync serves them all. A write to SQLite is
 * bound by that fsync (~1-10 ms here), so a server taking one per request could not pass ~700
 * tickets/s (the target is 1,000). Every answer still waits for its commit to be on disk.
 */
export function queuedStore(store: Store): Store {
  let last: Promise<unknown> = Promise.resolve();
  const turn = <T>(fn: () => Promise<T>): Promise<T> => {
    const mine = last.then(fn, fn);
    last = mine.catch(() => undefined);
    return mine;
  };
  const group = typeof (store as Partial<GroupCommit>).writeEach === 'function' ? (store as unknown as GroupCommit) : null;
  let pending: Unit[] | null = null;
  /** The last group's sync, while it runs (SqliteStore.durable). */
  let syncing: Promise<void> | null = null;
  const write = <T>(fn: (tx: Tx) => Promise<T>): Promise<T> => {
    if (group === null) return turn(() => store.write(fn));
    return new Promise<T>((resolve, reject) => {
      const unit: Unit = { fn, resolve: resolve as (v: unknown) => void, reject };
      if (pending !== null && pending.length < MAX_GROUP) {
        pending.push(unit);
        return;
      }
      const batch: Unit[] = [unit];
      pending = batch;
      const flush = async () => {
        if (pending === batch) pending = null; // later writes make the next group
        return group.writeEach(batch.map((u) => u.fn));
      };
      const commit = () => void turn(flush).then(async (results) => {
        const synced = group.durable?.();
        if (synced) {
          syncing = synced;
          synced.then(() => undefined, () => undefined).finally(() => { if (syncing === synced) syncing = null; });
        }
        await synced;
        results.forEach((r, i) => (r.status === 'fulfilled' ? batch[i]!.resolve(r.value) : batch[i]!.reject(r.reason)));
      }).catch((err: unknown) => {
        for (const u of batch) u.reject(err);
      });
      // The group takes its turn after the requests that arrived with this one have been read:
      // their writes join it. (A write's transaction blocks the process until its commit, so
      // nothing else arrives while a group runs.) Its answers wait for the log to be on disk. While
      // the group before is being synced, this one stays open and commits when that sync ends:
      // its answers could not be sent sooner anyway (a sync covers only commits made before it
      // began), and every write that arrives meanwhile joins it. Committing at once made groups
      // of 2.7 tickets on average under 8 clients, where most of a group's CPU is its commit
      // (writing the log's pages); waiting made them 4.0.
      setImmediate(() => {
        const before = syncing;
        if (before) before.then(commit, commit);
        else commit();
      });
    });
  };
  return {
    get path() { return store.path; },
    write,
    read: (fn) => turn(() => store.read(fn)),
    close: () => store.close(),
    backup: (file) => store.backup(file),
  };
}

/** The same store, but every event written through it names the admin acting. */
export function actingAdminStore(store: Store, admin: string): Store {
  const withAdmin = <E extends { data: object }>(e: E): E => ({ ...e, data: { ...e.data, acting_admin: admin } });
  const markThread = (thread: ThreadTx): ThreadTx => new Proxy(thread, {
    get(target, key, receiver) {
      if (key === 'insertEvent') {
        return (e: Parameters<ThreadTx['insertEvent']>[0]) => target.insertEvent(withAdmin(e));
      }
      const v = Reflect.get(target, key, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  // A new ticket's first event is written with the ticket (tickets.insertOpenedTicket), not through the thread.
  const markTickets = (tickets: TicketsTx): TicketsTx => new Proxy(tickets, {
    get(target, key, receiver) {
      if (key === 'insertOpenedTicket') {
        return (...[t, first, event]: Parameters<TicketsTx['insertOpenedTicket']>) => target.insertOpenedTicket(t, first, withAdmin(event));
      }
      const v = Reflect.get(target, key, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  const mark = (tx: Tx): Tx => new Proxy(tx, {
    get(target, key, receiver) {
      if (key === 'thread') return markThread(target.thread);
      if (key === 'tickets') return markTickets(target.tickets);
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return {
    get path() { return store.path; },
    write: (fn) => store.write((tx) => fn(mark(tx))),
    read: (fn) => store.read(fn),
    close: () => store.close(),
    backup: (file) => store.backup(file),
  };
}
