/**
 * The store contract (test/store/contract.ts) on the SQLite store: a temp-file database per test. The
 * concurrent writers open it again from worker threads through the built store (dist/), as every
 * process of the CLI does.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { describeStore } from './contract.js';

const builtFile = join(import.meta.dirname, '../../dist/store/sqlite.js');
const built = pathToFileURL(builtFile).href;
if (!existsSync(builtFile)) throw new Error(`${builtFile} is missing: run npm run build first (the concurrent writers use the built store)`);

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
