/**
 * One PostgreSQL transaction's Tx: one object per domain — settings.ts, org.ts,
 * tickets.ts, thread.ts, search.ts, sla.ts, reports.ts, mail.ts, together.ts, auth.ts, transfer.ts, statuses.ts,
 * portal.ts, webhooks.ts —
 * each implementing its domain's interface (src/store/<domain>/types.ts), all on the transaction's
 * one connection. Made for every transaction: a domain object is only its connection.
 */
import type { Tx } from '../types.js';
import type { PgConn } from './conn.js';
import { PgAuth } from './auth.js';
import { PgMail } from './mail.js';
import { PgOrg } from './org.js';
import { PgPortal } from './portal.js';
import { PgReports } from './reports.js';
import { PgSearch } from './search.js';
import { PgSettings } from './settings.js';
import { PgSla } from './sla.js';
import { PgStatuses } from './statuses.js';
import { PgThread } from './thread.js';
import { PgTickets } from './tickets.js';
import { PgTogether } from './together.js';
import { PgTransfer } from './transfer.js';
import { PgWebhooks } from './webhooks.js';

export function makePgTx(c: PgConn): Tx {
  return {
    settings: new PgSettings(c),
    org: new PgOrg(c),
    tickets: new PgTickets(c),
    thread: new PgThread(c),
    search: new PgSearch(c),
    sla: new PgSla(c),
    reports: new PgReports(c),
    mail: new PgMail(c),
    together: new PgTogether(c),
    auth: new PgAuth(c),
    transfer: new PgTransfer(c),
    statuses: new PgStatuses(c),
    portal: new PgPortal(c),
    webhooks: new PgWebhooks(c),
  };
}
