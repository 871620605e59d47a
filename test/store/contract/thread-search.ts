/** Contract: a ticket's thread and events, and full-text search (with the index set aside for bulk loads). */
import { describe, expect, it } from 'vitest';
import { parseSearchQuery } from '../../../src/core/search.js';
import type { SearchRequest, TicketFilter } from '../../../src/store/types.js';
import { at, createTicket, freshStore, ticketFields, type MakeStore } from './fixture.js';

const all = (over: Partial<TicketFilter> = {}): TicketFilter => ({
  scope: { kind: 'all' }, queue: 'all', meAgentId: null, sort: 'created', limit: null, now: at(10), ...over,
});
const search = (text: string, over: Partial<SearchRequest> = {}): SearchRequest => ({
  query: parseSearchQuery(text), filter: all(), order: 'relevance', limit: 20, ...over,
});

export function threadSearchContract(make: MakeStore): void {
  describe('thread', () => {
    const s = freshStore(make);

    it('entries and events read back oldest first with who wrote or caused them', async () => {
      const { store, org } = s();
      const t = await store.write(async (tx) => {
        const ticket = await createTicket(tx, org);
        await tx.thread.insertEntry({ ticketId: ticket.id, kind: 'message', author: { agentId: null, userId: org.userId }, title: null, body: 'It smokes', createdAt: at(0) });
        await tx.thread.insertEntry({ ticketId: ticket.id, kind: 'note', author: { agentId: org.agentId, userId: null }, title: 'Internal', body: 'Call facilities', createdAt: at(5) });
        await tx.thread.insertEvent({ ticketId: ticket.id, type: 'created', actor: { agentId: null, userId: org.userId }, at: at(0), data: { source: 'email' } });
        await tx.thread.insertEvent({ ticketId: ticket.id, type: 'assigned', actor: { agentId: org.agentId, userId: null }, at: at(5), data: { to: 'alice' } });
        await tx.thread.insertEvent({ ticketId: ticket.id, type: 'overdue', actor: { agentId: null, userId: null }, at: at(9), data: {} });
        return ticket;
      });
      const entries = await store.read((tx) => tx.thread.entriesOf(t.id));
      expect(entries.map((e) => [e.kind, e.author, e.author_name, e.title, e.body, e.created_at])).toEqual([
        ['message', 'carol@example.com', 'Carol User', null, 'It smokes', at(0)],
        ['note', 'alice', 'Alice Agent', 'Internal', 'Call facilities', at(5)],
      ]);
      const events = await store.read((tx) => tx.thread.eventsOf(t.id));
      expect(events.map((e) => [e.type, e.actor, e.at, JSON.parse(e.data)])).toEqual([
        ['created', 'carol@example.com', at(0), { source: 'email' }],
        ['assigned', 'alice', at(5), { to: 'alice' }],
        ['overdue', 'system', at(9), {}],
      ]);
      expect(await store.read((tx) => tx.thread.entryIdAt(t.id, 1))).toBe(entries[1]!.id);
      expect(await store.read((tx) => tx.thread.entryIdAt(t.id, 2))).toBeNull();
      expect(await store.read((tx) => tx.thread.entriesOf(t.id + 1000))).toEqual([]);
    });

    it('a ticket opened with its first entry and event in one write reads the same inside the write and after, and is found', async () => {
      const { store, org } = s();
      const opened = (tx: Parameters<Parameters<typeof store.write>[0]>[0], subject: string) => tx.tickets.takeTicketNumber().then((number) =>
        tx.tickets.insertOpenedTicket(ticketFields(org, number, { subject }),
          { kind: 'message', author: { agentId: null, userId: org.userId }, title: null, body: 'Toner smudges every page', createdAt: at(0) },
          { type: 'created', actor: { agentId: org.agentId, userId: null }, at: at(0), data: { via: 'phone' } }).then((made) => ({ ...made, number })));
      const inside = await store.write(async (tx) => {
        const made = await opened(tx, 'Printer streaks');
        const row = await tx.tickets.ticketByNumber(made.number);
        const entries = await tx.thread.entriesOf(made.id);
        const events = await tx.thread.eventsOf(made.id);
        const attachments = await tx.mail.attachmentsOf(made.id);
        // A later write in the same transaction is seen by the reads after it.
        await tx.thread.insertEntry({ ticketId: made.id, kind: 'note', author: { agentId: org.agentId, userId: null }, title: null, body: 'Ordered a drum', createdAt: at(1) });
        await tx.tickets.updateTicket(made.id, { priority: 'high' });
        const later = { row: await tx.tickets.ticketByNumber(made.number), entries: await tx.thread.entriesOf(made.id) };
        return { made, row, entries, events, attachments, later };
      });
      expect(inside.row).toMatchObject({ id: inside.made.id, number: inside.made.number, subject: 'Printer streaks', status: 'open',
        department: 'Support', sla: 'Standard', user_name: 'Carol User', user_email: 'carol@example.com', assignee: null, custom_status_name: null });
      expect(inside.entries.map((e) => [e.id, e.kind, e.author, e.author_name, e.body])).toEqual([[inside.made.entryId, 'message', 'carol@example.com', 'Carol User', 'Toner smudges every page']]);
      expect(inside.events.map((e) => [e.type, e.actor, JSON.parse(e.data)])).toEqual([['created', 'alice', { via: 'phone' }]]);
      expect(inside.attachments).toEqual([]);
      expect(inside.later.row!.priority).toBe('high');
      expect(inside.later.entries.map((e) => e.body)).toEqual(['Toner smudges every page', 'Ordered a drum']);
      // After the commit, the rows read as any ticket's do, and as they did inside the write.
      const after = await store.read(async (tx) => ({ row: await tx.tickets.ticketByNumber(inside.made.number), events: await tx.thread.eventsOf(inside.made.id) }));
      expect({ ...after.row, priority: 'normal' }).toEqual(inside.row);
      expect(after.events).toEqual(inside.events);
      for (const word of ['streaks', 'smudges', 'drum']) {
        expect((await store.read((tx) => tx.search.searchTickets(search(word)))).hits.map((h) => h.row.id)).toEqual([inside.made.id]);
      }
      // A rolled-back one leaves nothing, and its number is issued again.
      await expect(store.write(async (tx) => { await opened(tx, 'Never kept'); throw new Error('undone'); })).rejects.toThrow('undone');
      expect((await store.read((tx) => tx.search.searchTickets(search('never')))).hits).toEqual([]);
      expect((await store.write((tx) => opened(tx, 'Kept'))).number).toBe(String(Number(inside.made.number) + 1));
    });
  });

  describe('search', () => {
    const s = freshStore(make);

    async function threeTickets() {
      const { store, org } = s();
      return store.write(async (tx) => {
        const printer = await createTicket(tx, org, { subject: 'Printer jammed', created_at: at(1) });
        const vpn = await createTicket(tx, org, { subject: 'VPN drops', created_at: at(2), user_id: org.user2Id });
        const both = await createTicket(tx, org, { subject: 'Printer and VPN', created_at: at(3) });
        await tx.thread.insertEntry({ ticketId: vpn.id, kind: 'message', author: { agentId: null, userId: org.user2Id }, title: null,
          body: 'The tunnel to the office printer keeps failing', createdAt: at(2) });
        await tx.thread.insertEntry({ ticketId: printer.id, kind: 'note', author: { agentId: org.agentId, userId: null }, title: null,
          body: 'secret toner supplier', createdAt: at(4) });
        return { printer, vpn, both };
      });
    }

    it('finds tickets by subject and thread words, newest first or ranked, leaving out one', async () => {
      const { store } = s();
      const t = await threeTickets();
      const newest = await store.read((tx) => tx.search.searchTickets(search('printer', { order: 'newest' })));
      expect(newest.hits.map((h) => h.row.id)).toEqual([t.both.id, t.vpn.id, t.printer.id]);
      expect(newest.hits.every((h) => h.score === null)).toBe(true);
      expect(newest).toMatchObject({ candidates: 3, capped: false });
      const ranked = await store.read((tx) => tx.search.searchTickets(search('tunnel')));
      expect(ranked.hits.map((h) => h.row.id)).toEqual([t.vpn.id]);
      expect(typeof ranked.hits[0]!.score).toBe('number');
      const without = await store.read((tx) => tx.search.searchTickets(search('printer', { excludeTicketId: t.both.id })));
      expect(without.hits.map((h) => h.row.id).sort()).toEqual([t.printer.id, t.vpn.id].sort());
      expect((await store.read((tx) => tx.search.searchTickets(search('nothinglikethis')))).hits).toEqual([]);
    });

    it('an end user finds only their tickets, and never internal notes', async () => {
      const { store, org } = s();
      const t = await threeTickets();
      const scope = { kind: 'user' as const, userId: org.userId };
      const printer = await store.read((tx) => tx.search.searchTickets(search('printer', { filter: all({ scope }) })));
      expect(printer.hits.map((h) => h.row.id).sort()).toEqual([t.printer.id, t.both.id].sort());
      expect((await store.read((tx) => tx.search.searchTickets(search('toner', { filter: all({ scope }) })))).hits).toEqual([]);
      expect((await store.read((tx) => tx.search.searchTickets(search('toner')))).hits.map((h) => h.row.id)).toEqual([t.printer.id]);
    });

    it('a searched list keeps the list order and counts its matches', async () => {
      const { store } = s();
      const t = await threeTickets();
      const list = await store.read((tx) => tx.search.listMatchingTickets(all({ search: parseSearchQuery('vpn') }), true));
      expect(list.rows.map((r) => r.id)).toEqual([t.both.id, t.vpn.id]);
      expect(list.total).toBe(2);
      expect(list.estimated).toBe(false);
      const page = await store.read((tx) => tx.search.listMatchingTickets(all({ search: parseSearchQuery('printer'), limit: 1 }), false));
      expect(page.rows.map((r) => r.id)).toEqual([t.both.id]);
      expect(page.total).toBeNull();
    });

    it('tickets written while the index is set aside are found once it resumes', async () => {
      const { store, org } = s();
      await store.write(async (tx) => {
        const since = await tx.tickets.maxTicketId();
        await tx.search.deferSearchIndex();
        const t = await createTicket(tx, org, { subject: 'Kettle descaling' });
        await tx.thread.insertEntry({ ticketId: t.id, kind: 'message', author: { agentId: null, userId: org.userId }, title: null, body: 'limescale everywhere', createdAt: at(1) });
        await tx.search.resumeSearchIndex(since, false);
      });
      for (const word of ['kettle', 'limescale']) {
        expect((await store.read((tx) => tx.search.searchTickets(search(word)))).hits).toHaveLength(1);
      }
      await store.write(async (tx) => createTicket(tx, org, { subject: 'Kettle again' }));
      expect((await store.read((tx) => tx.search.searchTickets(search('kettle')))).hits).toHaveLength(2);
    });
  });
}
