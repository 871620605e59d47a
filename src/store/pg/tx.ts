/**
 * One PostgreSQL transaction's Tx (issue 17): one object per domain (settings.ts, org.ts, tickets.ts,
 * thread.ts, search.ts, sla.ts, reports.ts, mail.ts, together.ts, auth.ts, transfer.ts), all on the
 * transaction's one connection, exposed under the Tx interface's names.
 */
import { HelpdeskError } from '../../core/errors.js';
import type { Tx } from '../types.js';
import type { PgConn } from './conn.js';
import { PgAuth } from './auth.js';
import { PgMail } from './mail.js';
import { PgOrg } from './org.js';
import { PgReports } from './reports.js';
import { PgSearch } from './search.js';
import { PgSettings } from './settings.js';
import { PgSla } from './sla.js';
import { PgThread } from './thread.js';
import { PgTickets } from './tickets.js';
import { PgTogether } from './together.js';
import { PgTransfer } from './transfer.js';

/** The methods of a domain object (its class's and its bases'), bound to it. */
function methodsOf(domain: object, into: Record<string, unknown>): void {
  for (let proto = Object.getPrototypeOf(domain); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor' || name in into) continue;
      const value = (domain as Record<string, unknown>)[name];
      if (typeof value === 'function') into[name] = value.bind(domain);
    }
  }
}

/** A method the PostgreSQL store does not have yet fails with its name instead of "is not a function". */
function complete<T extends object>(target: Record<string, unknown>, where: string): T {
  return new Proxy(target, {
    get(t, prop) {
      if (typeof prop !== 'string' || prop in t || prop === 'then' || prop === 'toJSON') return t[prop as string];
      return () => Promise.reject(new HelpdeskError(`${where}${prop} is not available on a PostgreSQL desk yet`, 1, 'use a SQLite desk for this command for now'));
    },
  }) as T;
}

function domainObject<T extends object>(domain: object, where: string): T {
  const methods: Record<string, unknown> = {};
  methodsOf(domain, methods);
  return complete<T>(methods, where);
}

export function makePgTx(c: PgConn): Tx {
  const flat: Record<string, unknown> = {};
  const mail = new PgMail(c);
  for (const domain of [new PgSettings(c), new PgOrg(c), new PgTickets(c), new PgThread(c), new PgSearch(c), new PgSla(c), new PgReports(c), new PgTransfer(c)]) {
    methodsOf(domain, flat);
  }
  // Today's Tx has the outbox at the top and the rest of mail under tx.mail.
  methodsOf(mail, flat);
  flat.mail = domainObject(mail, 'tx.mail.');
  flat.together = domainObject(new PgTogether(c), 'tx.together.');
  flat.auth = domainObject(new PgAuth(c), 'tx.auth.');
  return complete<Tx>(flat, 'tx.');
}
