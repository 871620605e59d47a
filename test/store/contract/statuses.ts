/** Contract: custom statuses — the statuses table, a ticket's custom status, its name read with the row, filters. */
import { describe, expect, it } from 'vitest';
import type { TicketFilter } from '../../../src/store/types.js';
import { T0, at, createTicket, freshStore, type MakeStore } from './fixture.js';

const filter = (over: Partial<TicketFilter> = {}): TicketFilter => ({
  scope: { kind: 'all' }, queue: 'all', meAgentId: null, sort: 'created', limit: null, now: at(10), ...over,
});

export function statusesContract(make: MakeStore): void {
  describe('statuses', () => {
    const s = freshStore(make);

    it('added, listed by key, found by key, counted on tickets, removed', async () => {
      const { store, org } = s();
      await store.write(async (tx) => {
        await tx.statuses.insert({ key: 'on-hold', name: 'On Hold', state: 'open', pause: 1, created_at: T0 });
        await tx.statuses.insert({ key: 'cancelled', name: 'Cancelled', state: 'closed', pause: 0, created_at: T0 });
      });
      expect(await store.read((tx) => tx.statuses.list())).toEqual([
        { key: 'cancelled', name: 'Cancelled', state: 'closed', pause: 0, created_at: T0 },
        { key: 'on-hold', name: 'On Hold', state: 'open', pause: 1, created_at: T0 },
      ]);
      expect(await store.read((tx) => tx.statuses.byKey('nope'))).toBeNull();
      const t = await store.write((tx) => createTicket(tx, org));
      await store.write((tx) => tx.tickets.updateTicket(t.id, { status: 'in-progress', custom_status: 'on-hold' }));
      expect(await store.read((tx) => tx.statuses.ticketsWith('on-hold'))).toBe(1);
      const row = await store.read((tx) => tx.tickets.ticketByNumber(t.number));
      expect([row!.status, row!.custom_status, row!.custom_status_name]).toEqual(['in-progress', 'on-hold', 'On Hold']);
      await store.write((tx) => tx.statuses.remove('cancelled'));
      expect((await store.read((tx) => tx.statuses.list())).map((r) => r.key)).toEqual(['on-hold']);
    });

    it('list filters: a built-in status matches only tickets without a custom one; custom keys match theirs', async () => {
      const { store, org } = s();
      await store.write((tx) => tx.statuses.insert({ key: 'on-hold', name: 'On Hold', state: 'open', pause: 1, created_at: T0 }));
      const held = await store.write((tx) => createTicket(tx, org, { status: 'in-progress', custom_status: 'on-hold' }));
      const plain = await store.write((tx) => createTicket(tx, org, { status: 'in-progress' }));
      const ids = async (f: Partial<TicketFilter>) => (await store.read((tx) => tx.tickets.listTickets(filter(f)))).map((r) => r.id);
      expect(await ids({ statuses: ['in-progress'] })).toEqual([plain.id]);
      expect(await ids({ customStatuses: ['on-hold'] })).toEqual([held.id]);
      expect((await ids({ statuses: ['in-progress'], customStatuses: ['on-hold'] })).sort()).toEqual([held.id, plain.id].sort());
      const plainRow = await store.read((tx) => tx.tickets.ticketByNumber(plain.number));
      expect([plainRow!.custom_status, plainRow!.custom_status_name]).toEqual([null, null]);
    });
  });
}
