/** Contract: export pages, bulk loads and the import of mail data, round trip. */
import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../src/core/errors.js';
import { parseSearchQuery } from '../../../src/core/search.js';
import type { BulkTicket, ExportFilter } from '../../../src/store/types.js';
import { at, createTicket, freshStore, ticketFields, type MakeStore, type Org } from './fixture.js';

const everything = (over: Partial<ExportFilter> = {}): ExportFilter => ({
  scope: { kind: 'all' }, queue: 'all', meAgentId: null, sort: 'created', limit: null, now: at(1000), ...over,
});

const bulk = (org: Org, n: number): BulkTicket => ({
  ticket: ticketFields(org, String(300000 + n), { subject: `Imported ${n} gadget`, created_at: at(n) }),
  entries: [
    { kind: 'message', author: { agentId: null, userId: org.userId }, title: null, body: `first words ${n}`, createdAt: at(n) },
    { kind: 'note', author: { agentId: org.agentId, userId: null }, title: 'n', body: `note ${n}`, createdAt: at(n + 1) },
  ],
  events: [
    { type: 'created', actor: { agentId: null, userId: org.userId }, at: at(n), data: { source: 'email' } },
    { type: 'overdue', actor: { agentId: null, userId: null }, at: at(n + 2), data: '{"clock":"resolution"}' },
  ],
});

export function transferContract(make: MakeStore): void {
  describe('transfer', () => {
    const s = freshStore(make);

    it('a bulk load reads back page by page with its thread and events, and is searchable', async () => {
      const { store, org } = s();
      const ids = await store.write(async (tx) => {
        const since = await tx.tickets.maxTicketId();
        await tx.search.deferSearchIndex();
        const made = await tx.transfer.insertTicketsBulk([1, 2, 3].map((n) => bulk(org, n)));
        await tx.search.resumeSearchIndex(since, false);
        await tx.tickets.raiseTicketCounter('300003');
        return made;
      });
      await store.write((tx) => tx.transfer.optimizeAfterLoad());
      expect(ids).toHaveLength(3);
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
      expect(await store.read((tx) => tx.transfer.countExport(everything()))).toBe(3);
      expect(await store.read((tx) => tx.transfer.countExport(everything({ createdFrom: at(2), createdBefore: at(3) })))).toBe(1);

      const first = await store.read((tx) => tx.transfer.exportPage(everything(), 0, 2, true));
      expect(first.tickets.map((t) => t.number)).toEqual(['300001', '300002']);
      expect(first.entries.map((e) => [e.ticket_id, e.kind, e.author, e.body])).toEqual([
        [ids[0], 'message', 'carol@example.com', 'first words 1'], [ids[0], 'note', 'alice', 'note 1'],
        [ids[1], 'message', 'carol@example.com', 'first words 2'], [ids[1], 'note', 'alice', 'note 2']]);
      expect(first.events.map((e) => [e.ticket_id, e.type, e.actor, JSON.parse(e.data)])).toEqual([
        [ids[0], 'created', 'carol@example.com', { source: 'email' }], [ids[0], 'overdue', null, { clock: 'resolution' }],
        [ids[1], 'created', 'carol@example.com', { source: 'email' }], [ids[1], 'overdue', null, { clock: 'resolution' }]]);
      const rest = await store.read((tx) => tx.transfer.exportPage(everything(), first.tickets[1]!.id, 2, false));
      expect(rest).toEqual({ tickets: [expect.objectContaining({ number: '300003', subject: 'Imported 3 gadget' })], entries: [], events: [] });

      const found = await store.read((tx) => tx.search.searchTickets({ query: parseSearchQuery('gadget'), filter: everything(), order: 'newest', limit: 10 }));
      expect(found.hits.map((h) => h.row.number)).toEqual(['300003', '300002', '300001']);
      expect((await store.write((tx) => createTicket(tx, org))).number).toBe('300004');
    });

    it('mail data: imported exactly as given, exported a page at a time with thread positions', async () => {
      const { store, org } = s();
      const raw = Buffer.from('Subject: hi\r\n\r\nbody\xff', 'latin1');
      const { t, entryId } = await store.write(async (tx) => {
        const ticket = await createTicket(tx, org);
        await tx.thread.insertEntry({ ticketId: ticket.id, kind: 'message', author: { agentId: null, userId: org.userId }, title: null, body: 'a', createdAt: at(0) });
        const second = await tx.thread.insertEntry({ ticketId: ticket.id, kind: 'reply', author: { agentId: org.agentId, userId: null }, title: null, body: 'b', createdAt: at(1) });
        await tx.together.addCollaborator(ticket.id, org.user2Id);
        await tx.mail.insertAttachment({ ticketId: ticket.id, entryId: second, filename: 'x.txt', contentType: 'text/plain', content: Buffer.from('x'), createdAt: at(1) });
        return { t: ticket, entryId: second };
      });
      const outbox = {
        ticket_id: t.id, entry_id: entryId, kind: 'reply', to_addr: 'carol@example.com', subject: 'Re', body: 'b', message_id: '<o1@desk.example>',
        in_reply_to: '<i1@example.com>', references_hdr: '<i1@example.com>', status: 'failed' as const, attempts: 5, last_error: '550 gone',
        next_attempt_at: null, created_at: at(1), sent_at: null, cc_addrs: 'dave@example.com',
      };
      const inbound = {
        ticket_id: t.id, entry_id: entryId, message_id: '<i1@example.com>', outcome: 'message' as const, from_addr: 'carol@example.com',
        subject: 'Help', received_at: at(0), original_text: 'a', raw,
      };
      const [oid, iid] = await store.write(async (tx) => [await tx.transfer.importOutbox(outbox), await tx.transfer.importInbound(inbound)]);
      await expect(store.write((tx) => tx.transfer.importOutbox(outbox))).rejects.toBeInstanceOf(ConflictError);
      await expect(store.write((tx) => tx.transfer.importInbound(inbound))).rejects.toBeInstanceOf(ConflictError);

      const { entry_id: _e, ticket_id: _t, ...asExported } = outbox;
      expect(await store.read((tx) => tx.transfer.exportOutbox(everything(), 0, 10))).toEqual([{ ...asExported, id: oid, ticket: t.number, thread_index: 1 }]);
      expect(await store.read((tx) => tx.transfer.exportOutbox(everything(), oid!, 10))).toEqual([]);
      expect(await store.read((tx) => tx.transfer.exportInbound(everything(), 0, 10))).toEqual([{ id: iid, ticket: t.number, thread_index: 1,
        message_id: '<i1@example.com>', outcome: 'message', from_addr: 'carol@example.com', subject: 'Help', received_at: at(0) }]);
      const content = await store.read((tx) => tx.transfer.inboundContent(iid!));
      expect(content?.original_text).toBe('a');
      expect(Buffer.compare(content!.raw, raw)).toBe(0);
      expect(await store.read((tx) => tx.transfer.exportCollaborators([t.id]))).toEqual([{ ticket_id: t.id, email: 'dave@example.com' }]);
      expect(await store.read((tx) => tx.transfer.exportCollaborators([]))).toEqual([]);
      expect(await store.read((tx) => tx.transfer.exportAttachments(everything(), 0, 10))).toEqual([expect.objectContaining({
        ticket: t.number, thread_index: 1, filename: 'x.txt', content_type: 'text/plain', size: 1, created_at: at(1) })]);
      expect(await store.read((tx) => tx.transfer.exportAttachments(everything({ scope: { kind: 'none' } }), 0, 10))).toEqual([]);
    });
  });
}
