/**
 * The store contract: the tests any Store must pass, written against src/store/types.ts only. A store
 * runs them from its own test file with a factory of fresh, migrated, empty stores:
 *
 *   describeStore('sqlite', makeSqliteStore)      // test/store/sqlite.test.ts
 *   describeStore('postgres', makePostgresStore)  // test/store/pg.test.ts
 *
 * Each test gets its own store and disposes of it. The factory also says how to open a second
 * connection to the same database (StoreOpener), for the tests of concurrent writers.
 */
import { describe } from 'vitest';
import type { MakeStore } from './contract/fixture.js';
import { orgContract } from './contract/org.js';
import { settingsContract } from './contract/settings.js';
import { ticketsContract } from './contract/tickets.js';
import { threadSearchContract } from './contract/thread-search.js';
import { slaReportsContract } from './contract/sla-reports.js';
import { mailContract } from './contract/mail.js';
import { togetherAuthContract } from './contract/together-auth.js';
import { transferContract } from './contract/transfer.js';
import { statusesContract } from './contract/statuses.js';
import { portalWebhooksContract } from './contract/portal-webhooks.js';

export type { MakeStore, StoreOpener, StoreUnderTest } from './contract/fixture.js';

export function describeStore(name: string, make: MakeStore): void {
  describe(`store contract: ${name}`, () => {
    settingsContract(make);
    orgContract(make);
    ticketsContract(make);
    threadSearchContract(make);
    slaReportsContract(make);
    mailContract(make);
    togetherAuthContract(make);
    transferContract(make);
    statusesContract(make);
    portalWebhooksContract(make);
  });
}
