/**
 * The PostgreSQL search index written with the ticket or entry in the same statement
 * (search-index.ts insertIndexedTicket, insertIndexedEntry) holds exactly what rebuilding it from the
 * tickets' rows and threads gives, totals included; ticket numbers from the one-statement counter
 * stay contiguous from 100001.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTicket } from '../../src/desk/tickets/create.js';
import { noteTicket } from '../../src/desk/tickets/note.js';
import { replyTicket } from '../../src/desk/tickets/reply.js';
import type { PgStore } from '../../src/store/pg/store.js';
import { reindex } from '../../src/store/pg/search-index.js';
import { labDeskOn, type BothDesk } from '../helpers/both-stores.js';
import { pgUnavailable } from '../helpers/pg-server.mjs';

const skip = pgUnavailable();

describe.skipIf(skip !== null)('PostgreSQL: the index written with the rows', () => {
  let d: BothDesk;
  beforeAll(async () => {
    d = await labDeskOn('postgres', '2026-03-01T08:00:00Z');
  });
  afterAll(() => d?.close());

  it('equals a rebuild after creates, replies, notes and a new subject', async () => {
    const numbers: string[] = [];
    for (let i = 0; i < 4; i++) {
      const t = await createTicket(d.at(`2026-03-02T09:0${i}:00Z`), { actor: 'john', subject: `Printer ${i} jams, VPN-drops`, body: `first message ${i} café`, user: `u${i}@example.com` });
      numbers.push(t.number);
    }
    await replyTicket(d.at('2026-03-02T10:00:00Z'), { actor: 'john', number: numbers[0]!, body: 'On it: reboot the spooler' });
    await noteTicket(d.at('2026-03-02T10:05:00Z'), 'john', numbers[0]!, 'Toner low\nreplace', undefined);
    await replyTicket(d.at('2026-03-02T10:10:00Z'), { actor: 'john', number: numbers[0]!, body: 'Done' });
    await d.store.write(async (tx) => tx.tickets.updateTicket((await tx.tickets.ticketIdByNumber(numbers[1]!))!, { subject: 'Scanner instead' }));
    expect(numbers).toEqual(['100001', '100002', '100003', '100004']);
    const store = d.store as PgStore;
    const snapshot = () => store.withConn(false, async (c) => ({
      docs: await c.all('SELECT ticket_id, doc::text AS doc, length FROM ticket_search ORDER BY ticket_id'),
      totals: await c.one('SELECT docs, tokens FROM ticket_search_totals'),
    }));
    const written = await snapshot();
    expect(written.docs).toHaveLength(4);
    await store.withConn(true, async (c) => {
      const ids = (await c.all<{ id: number }>('SELECT id FROM tickets ORDER BY id')).map((r) => Number(r.id));
      await c.run('DELETE FROM ticket_search');
      await c.run('UPDATE ticket_search_totals SET docs = 0, tokens = 0');
      await reindex(c, ids);
    });
    expect(await snapshot()).toEqual(written);
  });
});
