/**
 * The store contract (test/store/contract.ts) on the PostgreSQL store: a fresh database
 * of the test cluster per test. The concurrent writers open it again from worker threads through the
 * built store (dist/), as every process of the CLI does.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'vitest';
import { freshPgStore } from '../helpers/pg-desk.js';
import { pgUnavailable } from '../helpers/pg-server.mjs';
import { describeStore } from './contract.js';

const builtFile = join(import.meta.dirname, '../../dist/store/pg/store.js');
if (!existsSync(builtFile)) throw new Error(`${builtFile} is missing: run npm run build first (the concurrent writers use the built store)`);

const why = pgUnavailable();
if (why) {
  describe('store contract: postgres', () => {
    it.skip(`skipped: ${why}`, () => {});
  });
} else {
  describeStore('postgres', async () => {
    const { store, url } = await freshPgStore();
    // The schema is made by the first transaction: a fresh store is migrated and empty, as the contract expects.
    await store.read(async () => {});
    return {
      store,
      opener: { module: pathToFileURL(builtFile).href, export: 'openPgStore', args: [url] },
      dispose: () => store.end(),
    };
  });
}
