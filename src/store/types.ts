/**
 * The Store interface: everything the desk may ask of storage, by domain. Each domain's interface
 * sits beside its SQLite implementation (src/store/<domain>/types.ts and sqlite.ts); a PostgreSQL
 * store implements the same interfaces, which is why every call is async even though SQLite's are
 * not. test/store/contract.ts holds the tests any store must pass.
 */
import type { AuthTx } from './auth/types.js';
import type { MailTx } from './mail/types.js';
import type { OrgTx } from './org/types.js';
import type { PortalTx } from './portal/types.js';
import type { ReportsTx } from './reports/types.js';
import type { SearchTx } from './search/types.js';
import type { SettingsTx } from './settings/types.js';
import type { SlaTx } from './sla/types.js';
import type { StatusesTx } from './statuses/types.js';
import type { ThreadTx } from './thread/types.js';
import type { TicketsTx } from './tickets/types.js';
import type { TogetherTx } from './together/types.js';
import type { TransferTx } from './transfer/types.js';
import type { WebhooksTx } from './webhooks/types.js';

export type * from './auth/types.js';
export type * from './mail/types.js';
export type * from './org/types.js';
export type * from './portal/types.js';
export type * from './reports/types.js';
export type * from './search/types.js';
export type * from './settings/types.js';
export type * from './sla/types.js';
export type * from './statuses/types.js';
export type * from './thread/types.js';
export type * from './tickets/types.js';
export type * from './together/types.js';
export type * from './transfer/types.js';
export type * from './webhooks/types.js';

/** One transaction's view of the store, a domain per property (`tx.tickets.insertTicket(...)`). */
export interface Tx {
  readonly settings: SettingsTx;
  readonly org: OrgTx;
  readonly tickets: TicketsTx;
  readonly thread: ThreadTx;
  readonly search: SearchTx;
  readonly sla: SlaTx;
  readonly reports: ReportsTx;
  readonly mail: MailTx;
  readonly together: TogetherTx;
  readonly auth: AuthTx;
  readonly transfer: TransferTx;
  readonly statuses: StatusesTx;
  /** The end-user portal: links, sessions, its throttle and secret, satisfaction ratings. */
  readonly portal: PortalTx;
  /** Webhooks and their deliveries. */
  readonly webhooks: WebhooksTx;
}

export interface Store {
  /** Absolute path of the database file. */
  readonly path: string;
  /** Runs fn in a write transaction (BEGIN IMMEDIATE): all or nothing, serialised across processes. */
  write<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs fn in a read transaction: one consistent snapshot, never writes. */
  read<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): void;
  /**
   * Copies the live database to `file` in one step, so the copy is one consistent snapshot even
   * while other processes write.
   */
  backup(file: string): Promise<void>;
}
