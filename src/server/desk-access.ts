/**
 * How the server uses one store for many requests (issue 18). A SQLite connection holds one
 * transaction at a time and the desk awaits inside its transactions, so requests take turns: each
 * transaction runs to its end before the next begins (they take well under a millisecond).
 *
 * An admin acting as someone else (--as) is recorded in every event the request causes: the event's
 * actor is the identity acted as, and `data.acting_admin` the admin whose token it was.
 */
import type { Store, ThreadTx, Tx } from '../store/types.js';

/** The store with its transactions run one after another. */
export function queuedStore(store: Store): Store {
  let last: Promise<unknown> = Promise.resolve();
  const turn = <T>(fn: () => Promise<T>): Promise<T> => {
    const mine = last.then(fn, fn);
    last = mine.catch(() => undefined);
    return mine;
  };
  return {
    get path() { return store.path; },
    write: (fn) => turn(() => store.write(fn)),
    read: (fn) => turn(() => store.read(fn)),
    close: () => store.close(),
    backup: (file) => store.backup(file),
  };
}

/** The same store, but every event written through it names the admin acting. */
export function actingAdminStore(store: Store, admin: string): Store {
  const markThread = (thread: ThreadTx): ThreadTx => new Proxy(thread, {
    get(target, key, receiver) {
      if (key === 'insertEvent') {
        return (e: Parameters<ThreadTx['insertEvent']>[0]) => target.insertEvent({ ...e, data: { ...e.data, acting_admin: admin } });
      }
      const v = Reflect.get(target, key, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  const mark = (tx: Tx): Tx => new Proxy(tx, {
    get(target, key, receiver) {
      return key === 'thread' ? markThread(target.thread) : Reflect.get(target, key, receiver) as unknown;
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
