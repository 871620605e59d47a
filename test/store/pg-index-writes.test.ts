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

/** The search index and its totals as stored. */
const snapshot = (store: PgStore) => store.withConn(false, async (c) => ({
  docs: await c.all('SELECT ticket_id, doc::text AS doc, length FROM ticket_search ORDER BY ticket_id'),
  totals: await c.one('SELECT docs, tokens FROM ticket_search_totals'),
}));

/** Drops the index and builds it again from every ticket's rows and thread. */
async function rebuildIndex(store: PgStore): Promise<void> {
  await store.withConn(true, async (c) => {
    const ids = (await c.all<{ id: number }>('SELECT id FROM tickets ORDER BY id')).map((r) => Number(r.id));
    await c.run('DELETE FROM ticket_search');
    await c.run('UPDATE ticket_search_totals SET docs = 0, tokens = 0');
    await reindex(c, ids);
  });
}

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
    const written = await snapshot(store);
    expect(written.docs).toHaveLength(4);
    await rebuildIndex(store);
    expect(await snapshot(store)).toEqual(written);
  });

  it('equals a rebuild when a group writes first entries in one statement, and when the row no longer matches the hint', async () => {
    const store = d.store as PgStore;
    // Concurrent creates: a group's tickets, each first message indexed in the statement that inserts it.
    await Promise.all(Array.from({ length: 6 }, (_, i) => createTicket(d.at('2026-03-03T09:00:00Z'),
      { actor: 'john', subject: `Group ${i}: e-mail bounces`, body: `first words ${i} naïve`, user: `g${i}@example.com` })));
    await store.write(async (tx) => {
      const userId = (await tx.org.userByEmail('g0@example.com'))!.id;
      const entry = (ticketId: number, kind: 'note' | 'message', title: string | null, body: string) =>
        ({ ticketId, kind, author: { agentId: null, userId }, title, body, createdAt: '2026-03-03T10:00:00Z' });
      const deptId = (await tx.org.departments())[0]!.id;
      const insert = async (subject: string) => tx.tickets.insertTicket({
        number: await tx.tickets.takeTicketNumber(), subject, status: 'open', priority: 'normal', dept_id: deptId, topic_id: null,
        sla_id: null, assignee_id: null, team_id: null, user_id: userId, source: 'phone', created_at: '2026-03-03T10:00:00Z',
        updated_at: '2026-03-03T10:00:00Z', due_at: null, first_response_due_at: null, first_response_at: null, resolved_at: null,
        closed_at: null, reopened_count: 0, clock_start_at: '2026-03-03T10:00:00Z', paused_minutes: 0, paused_at: null, answered: 0,
      });
      // A ticket whose one entry is a note with a title: the internal column only.
      const c = await insert('Only a note');
      await tx.thread.insertEntry(entry(c, 'note', 'Heads-up', 'private words'));
      // A note first, then a message.
      const a = await insert('Noted first');
      await tx.thread.insertEntry(entry(a, 'note', 'Heads-up', 'internal words'));
      await tx.thread.insertEntry(entry(a, 'message', null, 'then public words'));
      // The subject changed after the insert: the hint no longer matches the row.
      const b = await insert('Before the change');
      await tx.tickets.updateTicket(b, { subject: 'After the change' });
      await tx.thread.insertEntry(entry(b, 'message', null, 'first of a changed ticket'));
    });
    const written = await snapshot(store);
    expect(written.docs).toHaveLength(13);
    expect(JSON.stringify(written.docs)).toContain("'internal'");
    expect(JSON.stringify(written.docs)).toContain("'after'");
    expect(JSON.stringify(written.docs)).not.toContain("'before'");
    await rebuildIndex(store);
    expect(await snapshot(store)).toEqual(written);
  });
});
