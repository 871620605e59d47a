/**
 * The PostgreSQL store answers the reads of one ticket after the first with one statement
 * (src/store/pg/related.ts): the answers are those of the reads made one by one, and a write in the
 * transaction is seen by the reads after it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTicket } from '../../src/desk/tickets/create.js';
import { noteTicket } from '../../src/desk/tickets/note.js';
import { replyTicket } from '../../src/desk/tickets/reply.js';
import { showTicket } from '../../src/desk/tickets/show.js';
import type { Tx } from '../../src/store/types.js';
import { labDeskOn, type BothDesk } from '../helpers/both-stores.js';
import { pgUnavailable } from '../helpers/pg-server.mjs';

const skip = pgUnavailable();

/** Every per-ticket read, in the order showing a ticket makes them. */
const READS = {
  entries: (tx: Tx, id: number) => tx.thread.entriesOf(id),
  attachments: (tx: Tx, id: number) => tx.mail.attachmentsOf(id),
  events: (tx: Tx, id: number) => tx.thread.eventsOf(id),
  links: (tx: Tx, id: number) => tx.together.linksOf(id),
  children: (tx: Tx, id: number) => tx.together.childrenOf(id),
  collaborators: (tx: Tx, id: number) => tx.together.collaborators(id),
  time: (tx: Tx, id: number) => tx.together.timeOf(id),
  rating: (tx: Tx, id: number) => tx.portal.latestRating(id),
};
const reads = async (tx: Tx, id: number) => ({
  entries: await READS.entries(tx, id),
  attachments: await READS.attachments(tx, id),
  events: await READS.events(tx, id),
  links: await READS.links(tx, id),
  children: await READS.children(tx, id),
  collaborators: await READS.collaborators(tx, id),
  time: await READS.time(tx, id),
  rating: await READS.rating(tx, id),
});

describe.skipIf(skip !== null)('PostgreSQL: the reads of one ticket together', () => {
  let pg: BothDesk;
  let sqlite: BothDesk;
  beforeAll(async () => {
    pg = await labDeskOn('postgres', '2026-03-01T08:00:00Z');
    sqlite = await labDeskOn('sqlite', '2026-03-01T08:00:00Z');
    for (const d of [pg, sqlite]) {
      await createTicket(d.at('2026-03-02T09:00:00Z'), { actor: 'john', subject: 'VPN drops', body: 'help', user: 'ken@example.com', cc: ['alex@example.com'] });
      await replyTicket(d.at('2026-03-02T10:00:00Z'), { actor: 'john', number: '100001', body: 'On it', time: 25 });
      await noteTicket(d.at('2026-03-02T10:05:00Z'), 'john', '100001', 'Toner', undefined);
    }
  });
  afterAll(() => {
    pg?.close();
    sqlite?.close();
  });

  it('answers as the reads made one at a time, and as SQLite', async () => {
    const id = (await pg.store.read((tx) => tx.tickets.ticketIdByNumber('100001')))!;
    const together = await pg.store.read((tx) => reads(tx, id));
    // One read per transaction: each is its own statement.
    const alone: Record<string, unknown> = {};
    for (const [k, read] of Object.entries(READS)) alone[k] = await pg.store.read((tx) => (read as (tx: Tx, id: number) => Promise<unknown>)(tx, id));
    expect(together).toEqual(alone);
    expect(together.entries).toHaveLength(3);
    expect(together.time).toBe(25);
    expect(together.collaborators.map((c) => c.email)).toEqual(['alex@example.com']);
    const sid = (await sqlite.store.read((tx) => tx.tickets.ticketIdByNumber('100001')))!;
    expect(together).toEqual(await sqlite.store.read((tx) => reads(tx, sid)));
    expect(await showTicket(pg.at('2026-03-03T09:00:00Z'), 'john', '100001')).toEqual(await showTicket(sqlite.at('2026-03-03T09:00:00Z'), 'john', '100001'));
  });

  it('a write in the transaction is seen by the reads after it; answers handed out are copies', async () => {
    const id = (await pg.store.read((tx) => tx.tickets.ticketIdByNumber('100001')))!;
    const got = await pg.store.write(async (tx) => {
      const before = await reads(tx, id);
      before.events[0]!.type = 'edited';
      const again = await tx.thread.eventsOf(id);
      await tx.thread.insertEntry({ ticketId: id, kind: 'note', author: { agentId: 1, userId: null }, title: null, body: 'later', createdAt: '2026-03-02T11:00:00Z' });
      await tx.together.insertTime({ ticketId: id, agentId: 1, entryId: null, minutes: 5, at: '2026-03-02T11:00:00Z' });
      return { before, again, after: await reads(tx, id) };
    });
    expect(got.again[0]!.type).toBe('created');
    expect(got.after.entries).toHaveLength(got.before.entries.length + 1);
    expect(got.after.entries.at(-1)!.body).toBe('later');
    expect(got.after.time).toBe(got.before.time + 5);
  });
});
