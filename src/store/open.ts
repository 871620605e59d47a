/**
 * Which store a --db / HELPDESK_DB value names: a PostgreSQL URL opens the PostgreSQL store,
 * anything else is a SQLite file, opened as before.
 *
 * The PostgreSQL store's code is loaded on its first use only (a dynamic import; in the CLI bundles it
 * is a bundle of its own, src/build/build.mjs), so a SQLite command neither reads nor compiles it —
 * nor, of course, the driver.
 */
import * as errors from '../core/errors.js';
import * as openStores from './open-stores.js';
import { addTime, timeMark } from './timings.js';
import { ForeignDatabaseError, openSqliteStore, type OpenOptions } from './sqlite.js';
import type { PgDatabaseReport } from './pg/admin.js';
import type { PgOpenOptions, PgStore } from './pg/store.js';
import { isPostgresUrl, parsePgUrl, redactPgUrl } from './pg/url.js';
import type { Store, Tx } from './types.js';

export { isPostgresUrl, redactPgUrl as redacted };

type PgModule = typeof import('./pg/store.js');

/**
 * What the PostgreSQL store's bundle must share with the CLI's rather than carry copies of: the error
 * classes (the CLI and the desk recognise errors with instanceof), the registry of open stores (the
 * CLI closes them all before it exits) and ForeignDatabaseError. build.mjs points the bundle's
 * imports of these modules here.
 */
const SHARED = Symbol.for('helpdesk.shared-modules');
function share(): void {
  const g = globalThis as unknown as Record<symbol, unknown>;
  g[SHARED] ??= { 'core/errors': errors, 'store/open-stores': openStores, 'store/sqlite': { ForeignDatabaseError } };
}

let pgModule: Promise<PgModule> | null = null;
function loadPgStore(): Promise<PgModule> {
  share();
  // The bundles replace this import (build.mjs): keep it exactly `import('./pg/store.js')`.
  return (pgModule ??= import('./pg/store.js').then((m) => ((m as { default?: PgModule }).default ?? m) as PgModule));
}

/** A PostgreSQL store whose code is loaded on the first transaction (see above). */
export class PgStoreHandle implements Store {
  readonly path: string;
  private store: PgStore | null = null;
  private loading: Promise<PgStore> | null = null;
  private closed = false;

  constructor(private readonly url: string, private readonly options: PgOpenOptions = {}) {
    this.path = parsePgUrl(url, options.env).display;
  }

  /** The real store, loaded and opened once. */
  open(): Promise<PgStore> {
    if (this.closed) return Promise.reject(new Error('the PostgreSQL store is closed'));
    if (this.loading) return this.loading;
    const loading = timeMark();
    return (this.loading = loadPgStore().then((m) => {
      addTime('pg.load', loading);
      return (this.store = m.openPgStore(this.url, this.options));
    }));
  }
  async write<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return (await this.open()).write(fn);
  }
  async read<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return (await this.open()).read(fn);
  }
  /** The doctor's report, read without creating or migrating anything. */
  async inspect(): Promise<PgDatabaseReport> {
    return (await this.open()).inspect();
  }
  /** Where a replaced desk was kept (options.replace 'keep'), once the store has opened. */
  get replacedAside(): string | null {
    return this.store?.replacedAside ?? null;
  }
  close(): void {
    this.closed = true;
    this.store?.close();
  }
  async backup(file: string): Promise<void> {
    return (await this.open()).backup(file);
  }
}

export function openStoreAt(target: string, options: OpenOptions & PgOpenOptions = {}): Store {
  return isPostgresUrl(target) ? new PgStoreHandle(target, options) : openSqliteStore(target, options);
}

/** A PostgreSQL store for a URL, its code loaded on first use. */
export function openPgStoreLazily(url: string, options: PgOpenOptions = {}): PgStoreHandle {
  return new PgStoreHandle(url, options);
}
