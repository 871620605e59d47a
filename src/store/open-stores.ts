/**
 * The stores this process has open, of either kind, so that the CLI closes every one before it
 * exits (closeAllStores in sqlite.ts): SQLite folds its write-ahead log back then, and PostgreSQL's
 * idle connections are let go instead of holding the process open.
 */
export interface Closable { close(): void }

const open = new Set<Closable>();

export function registerOpenStore(store: Closable): void {
  open.add(store);
}

export function unregisterOpenStore(store: Closable): void {
  open.delete(store);
}

/** Closes every store still open. */
export function closeOpenStores(): void {
  for (const store of [...open]) store.close();
}
