/**
 * What a PostgreSQL desk must look like after any crash, the counterpart of health() in
 * helpers.ts: whole tickets (a first message, a created event, the status its events say), a search
 * document for every ticket, and numbering that carries on from the highest number issued.
 */
import { openPgStore } from '../../src/store/pg/store.js';

export interface PgHealth {
  tickets: number;
  withoutFirstMessage: number;
  withoutCreatedEvent: number;
  statusNotAsEvents: number;
  /** Tickets the search index has no document for. */
  unindexed: number;
  /** A bulk load's marker left behind (must never be committed). */
  deferredMarker: boolean;
  maxNumber: number;
  counter: number;
  /** Ticket numbers missing between 100001 and the highest. */
  gaps: number;
}

export async function pgHealth(url: string): Promise<PgHealth> {
  const store = openPgStore(url);
  try {
    return await store.withConn(false, async (c) => {
      const n = async (sql: string) => Number((await c.one<{ n: number | string }>(sql))!.n);
      return {
        tickets: await n('SELECT count(*) AS n FROM tickets'),
        withoutFirstMessage: await n(`SELECT count(*) AS n FROM tickets t WHERE COALESCE((SELECT e.kind FROM thread_entries e
          WHERE e.ticket_id = t.id ORDER BY e.id LIMIT 1), '') <> 'message'`),
        withoutCreatedEvent: await n("SELECT count(*) AS n FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = t.id AND e.type = 'created')"),
        statusNotAsEvents: await n(`SELECT count(*) AS n FROM tickets t WHERE t.status <> COALESCE((SELECT e.data::jsonb ->> 'to'
          FROM events e WHERE e.ticket_id = t.id AND e.type IN ('status', 'reopened') ORDER BY e.id DESC LIMIT 1), 'open')`),
        unindexed: await n('SELECT count(*) AS n FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM ticket_search s WHERE s.ticket_id = t.id)'),
        deferredMarker: (await n("SELECT count(*) AS n FROM settings WHERE key = 'search.deferred'")) > 0,
        maxNumber: await n('SELECT COALESCE(max(number::bigint), 100000) AS n FROM tickets'),
        counter: await n("SELECT COALESCE((SELECT value::bigint FROM settings WHERE key = 'ticket.last_number'), 100000) AS n"),
        gaps: await n('SELECT COALESCE(max(number::bigint), 100000) - 100000 - count(*) AS n FROM tickets'),
      };
    });
  } finally {
    await store.end();
  }
}

/** What every desk must look like after any crash, given how many tickets it holds. */
export function pgWhole(tickets: number): Partial<PgHealth> {
  return { tickets, withoutFirstMessage: 0, withoutCreatedEvent: 0, statusNotAsEvents: 0, unindexed: 0, deferredMarker: false, gaps: 0 };
}
