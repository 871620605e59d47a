/**
 * The store contract (test/store/contract.ts) on the SQLite store: a temp-file database per test. The
 * concurrent writers open it again from worker threads through the built store (dist/), as every
 * process of the CLI does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { describeStore } from './contract.js';

const built = pathToFileURL(join(import.meta.dirname, '../../dist/store/sqlite.js')).href;

describeStore('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'helpdesk-store-'));
  const path = join(dir, 'helpdesk.db');
  const store = openSqliteStore(path);
  return {
    store,
    opener: { module: built, export: 'openSqliteStore', args: [path] },
    dispose() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
