/** Contract: the outbox, inbound messages, attachments, collaborators, canned responses and templates. */
import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../src/core/errors.js';
import type { NewOutboxMessage } from '../../../src/store/types.js';
import { at, createTicket, freshStore, type MakeStore } from './fixture.js';

const message = (ticketId: number | null, n: number, over: Partial<NewOutboxMessage> = {}): NewOutboxMessage => ({
  ticketId, kind: 'reply', to: 'carol@example.com', subject: `Re: ${n}`, body: `body ${n}`, messageId: `<m${n}@desk.example>`,
  inReplyTo: null, createdAt: at(n), ...over,
});

export function mailContract(make: MakeStore): void {
  describe('mail', () => {
    const s = freshStore(make);

    it('queued messages are pending and due at once; they are found by status, ticket, id and Message-ID', async () => {
      const { store, org } = s();
      const { t, ids } = await store.write(async (tx) => {
        const ticket = await createTicket(tx, org);
        return { t: ticket, ids: [
          await tx.mail.insertOutbox(message(ticket.id, 1)),
          await tx.mail.insertOutbox(message(null, 2, { kind: 'sla-alert', to: 'alice@desk.example' })),
          await tx.mail.insertOutbox(message(ticket.id, 3, { inReplyTo: '<m1@desk.example>' })),
        ] };
      });
      const pending = await store.read((tx) => tx.mail.outbox({ status: 'pending' }));
      expect(pending.map((m) => [m.id, m.ticket, m.status, m.attempts, m.next_attempt_at, m.sent_at])).toEqual([
        [ids[0], t.number, 'pending', 0, at(1), null], [ids[1], null, 'pending', 0, at(2), null], [ids[2], t.number, 'pending', 0, at(3), null]]);
      expect((await store.read((tx) => tx.mail.outbox({ ticketId: t.id }))).map((m) => m.id)).toEqual([ids[0], ids[2]]);
      expect(await store.read((tx) => tx.mail.outboxByMessageId('<m3@desk.example>'))).toMatchObject({ id: ids[2], in_reply_to: '<m1@desk.example>', references_hdr: null });
      expect((await store.read((tx) => tx.mail.dueOutbox(at(2), null, 10))).map((m) => m.id)).toEqual([ids[0], ids[1]]);
      expect((await store.read((tx) => tx.mail.dueOutbox(at(5), t.id, 1))).map((m) => m.id)).toEqual([ids[0]]);

      await store.write(async (tx) => {
        await tx.mail.updateOutbox(ids[0]!, { status: 'sent', attempts: 1, sent_at: at(4) });
        await tx.mail.updateOutbox(ids[1]!, { attempts: 1, last_error: '421 try later', next_attempt_at: at(60) });
        await tx.mail.setOutboxReferences(ids[2]!, '<m1@desk.example>');
      });
      expect(await store.read((tx) => tx.mail.outboxById(ids[0]!))).toMatchObject({ status: 'sent', attempts: 1, sent_at: at(4) });
      expect((await store.read((tx) => tx.mail.dueOutbox(at(10), null, 10))).map((m) => m.id)).toEqual([ids[2]]);
      expect((await store.read((tx) => tx.mail.outboxById(ids[2]!)))?.references_hdr).toBe('<m1@desk.example>');
      expect((await store.read((tx) => tx.mail.outboxList({ limit: 2 }))).map((m) => m.id)).toEqual([ids[1], ids[2]]);
      expect((await store.read((tx) => tx.mail.outboxList({ status: 'sent' }))).map((m) => m.id)).toEqual([ids[0]]);
      const scoped = await store.read((tx) => tx.mail.outboxList({ scope: { kind: 'agent', agentId: org.agentId, teamIds: [], deptIds: [org.deptId] } }));
      expect(scoped.map((m) => m.id)).toEqual([ids[0], ids[2]]);
    });

    it('inbound messages: deduplicated by Message-ID, listed, their source kept byte for byte, threaded with ours', async () => {
      const { store, org } = s();
      const raw = Buffer.from([0x46, 0x72, 0x6f, 0x6d, 0x3a, 0x20, 0xff, 0x00, 0x0a]);
      const { t, id } = await store.write(async (tx) => {
        const ticket = await createTicket(tx, org);
        const entryId = await tx.thread.insertEntry({ ticketId: ticket.id, kind: 'message', author: { agentId: null, userId: org.userId }, title: null, body: 'hi', createdAt: at(0) });
        await tx.mail.insertOutbox(message(ticket.id, 5));
        return { t: ticket, id: await tx.mail.insertInbound({ messageId: '<in1@example.com>', ticketId: ticket.id, entryId, outcome: 'created',
          from: 'carol@example.com', subject: 'Help', originalText: 'hi', raw, receivedAt: at(0) }) };
      });
      expect(await store.read((tx) => tx.mail.inboundByMessageId('<in1@example.com>'))).toMatchObject({ id, ticket: t.number, outcome: 'created', from_addr: 'carol@example.com' });
      expect(await store.read((tx) => tx.mail.inboundByMessageId('<none@example.com>'))).toBeNull();
      expect(Buffer.compare((await store.read((tx) => tx.mail.inboundRaw(id)))!, raw)).toBe(0);
      expect((await store.read((tx) => tx.mail.inboundList({ ticketId: t.id }))).map((m) => m.id)).toEqual([id]);
      expect((await store.read((tx) => tx.mail.threadMessageIds(t.id))).map((m) => m.message_id)).toEqual(['<in1@example.com>', '<m5@desk.example>']);
      await expect(store.write((tx) => tx.mail.insertInbound({ messageId: '<in1@example.com>', ticketId: t.id, entryId: 1, outcome: 'message',
        from: 'x@example.com', subject: 'again', originalText: '', raw, receivedAt: at(1) }))).rejects.toThrow();
      expect(await store.read((tx) => tx.mail.inboundList({}))).toHaveLength(1);
    });

    it('attachments keep their bytes; collaborators are added once', async () => {
      const { store, org } = s();
      const content = Buffer.from('%PDF-1.7 \u00e9', 'utf8');
      const { t, id } = await store.write(async (tx) => {
        const ticket = await createTicket(tx, org);
        const aid = await tx.mail.insertAttachment({ ticketId: ticket.id, entryId: null, filename: 'a.pdf', contentType: 'application/pdf', content, createdAt: at(1) });
        await tx.together.addCollaborator(ticket.id, org.user2Id);
        await tx.together.addCollaborator(ticket.id, org.user2Id);
        return { t: ticket, id: aid };
      });
      expect(await store.read((tx) => tx.mail.attachmentsOf(t.id))).toEqual([{ id, ticket_id: t.id, entry_id: null, entry_kind: null,
        filename: 'a.pdf', content_type: 'application/pdf', size: content.length, created_at: at(1) }]);
      expect(Buffer.compare((await store.read((tx) => tx.mail.attachmentContent(id)))!, content)).toBe(0);
      expect(await store.read((tx) => tx.together.collaboratorsOf(t.id))).toEqual([org.user2Id]);
    });

    it('canned responses and template overrides', async () => {
      const { store } = s();
      const id = await store.write((tx) => tx.mail.insertCanned({ title: 'Thanks', body: 'Thank you!', at: at(0) }));
      await expect(store.write((tx) => tx.mail.insertCanned({ title: 'THANKS', body: 'x', at: at(1) }))).rejects.toBeInstanceOf(ConflictError);
      await store.write((tx) => tx.mail.updateCanned(id, 'Many thanks!', at(2)));
      expect(await store.read((tx) => tx.mail.cannedByTitle('thanks'))).toEqual({ id, title: 'Thanks', body: 'Many thanks!', created_at: at(0), updated_at: at(2) });
      await store.write((tx) => tx.mail.insertCanned({ title: 'apology', body: 'Sorry', at: at(3) }));
      expect((await store.read((tx) => tx.mail.cannedList())).map((c) => c.title)).toEqual(['apology', 'Thanks']);
      await store.write((tx) => tx.mail.deleteCanned(id));
      expect(await store.read((tx) => tx.mail.cannedByTitle('Thanks'))).toBeNull();

      expect(await store.read((tx) => tx.mail.templateOverride('reply'))).toBeNull();
      await store.write(async (tx) => {
        await tx.mail.setTemplate('reply', 'v1', at(0));
        await tx.mail.setTemplate('reply', 'v2', at(1));
      });
      expect(await store.read((tx) => tx.mail.templateOverride('reply'))).toEqual({ name: 'reply', body: 'v2', updated_at: at(1) });
      await store.write((tx) => tx.mail.deleteTemplate('reply'));
      expect(await store.read((tx) => tx.mail.templateOverride('reply'))).toBeNull();
    });
  });
}
