/**
 * Which store a --db / HELPDESK_DB value names (issue 17): a PostgreSQL URL opens the PostgreSQL store
 * (its driver is loaded on its first transaction, never for a SQLite desk); anything else is a SQLite
 * file, opened as before.
 */
import { openSqliteStore, type OpenOptions } from './sqlite.js';
import { openPgStore } from './pg/store.js';
import { isPostgresUrl, redactPgUrl } from './pg/url.js';
import type { Store } from './types.js';

export { isPostgresUrl, redactPgUrl as redacted };

export function openStoreAt(target: string, options: OpenOptions & { env?: Record<string, string | undefined> } = {}): Store {
  return isPostgresUrl(target) ? openPgStore(target, options) : openSqliteStore(target, options);
}
