/**
 * One SQLite connection's view of the store, a domain per property. Each domain's queries live beside
 * its interface (src/store/<domain>/sqlite.ts) and prepare their statements once per connection.
 */
import type Database from 'better-sqlite3';
import { SqliteAuth } from './auth/sqlite.js';
import { SqliteMail } from './mail/sqlite.js';
import { SqliteOrg } from './org/sqlite.js';
import { SqlitePortal } from './portal/sqlite.js';
import { SqliteReports } from './reports/sqlite.js';
import { SqliteSearch } from './search/sqlite.js';
import { SqliteSettings } from './settings/sqlite.js';
import { SqliteSla } from './sla/sqlite.js';
import { SqliteStatuses } from './statuses/sqlite.js';
import { SqliteThread } from './thread/sqlite.js';
import { SqliteTickets } from './tickets/sqlite.js';
import { SqliteTogether } from './together/sqlite.js';
import { SqliteTransfer } from './transfer/sqlite.js';
import { SqliteWebhooks } from './webhooks/sqlite.js';
import type { Tx } from './types.js';

export class SqliteTx implements Tx {
  readonly settings: SqliteSettings;
  readonly org: SqliteOrg;
  readonly tickets: SqliteTickets;
  readonly thread: SqliteThread;
  readonly search: SqliteSearch;
  readonly sla: SqliteSla;
  readonly reports: SqliteReports;
  readonly mail: SqliteMail;
  readonly together: SqliteTogether;
  readonly auth: SqliteAuth;
  readonly transfer: SqliteTransfer;
  readonly statuses: SqliteStatuses;
  readonly portal: SqlitePortal;
  readonly webhooks: SqliteWebhooks;

  constructor(db: Database.Database) {
    this.settings = new SqliteSettings(db);
    this.org = new SqliteOrg(db);
    this.tickets = new SqliteTickets(db);
    this.thread = new SqliteThread(db);
    this.search = new SqliteSearch(db);
    this.sla = new SqliteSla(db);
    this.reports = new SqliteReports(db);
    this.mail = new SqliteMail(db);
    this.together = new SqliteTogether(db);
    this.auth = new SqliteAuth(db);
    this.transfer = new SqliteTransfer(db);
    this.statuses = new SqliteStatuses(db);
    this.portal = new SqlitePortal(db);
    this.webhooks = new SqliteWebhooks(db);
  }
}
