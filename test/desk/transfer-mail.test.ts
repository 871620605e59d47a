/**
 * Export and import of mail data against a real database: which mail a filtered export
 * takes, the records handed to the sink in id order, and the checks on a mail record's content.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BadRecordError } from '../../src/core/records.js';
import { exportData, type ExportSink } from '../../src/desk/transfer/export.js';
import { parseAttachment, parseInbound, parseOutbox, type AttachmentRecord, type InboundRecord, type OutboxRecord } from '../../src/desk/transfer/mail.js';
import { createTicket } from '../../src/desk/tickets/create.js';
import { labDesk, type TestDesk } from '../helpers/desk.js';

let d: TestDesk;
beforeEach(async () => {
  d = await labDesk('2026-03-02T09:00:00Z');
});
afterEach(() => d.cleanup());

/** A sink that keeps what it is given. */
function collect() {
  const got = { tickets: [] as string[], collaborators: [] as string[][], attachments: [] as AttachmentRecord[], outbox: [] as OutboxRecord[], inbound: [] as InboundRecord[] };
  const sink: ExportSink = {
    wantsOrganisation: true, wantsThread: true,
    begin: async () => {}, organisation: async () => {}, user: async () => {}, end: async () => {},
    ticket: async (t) => { got.tickets.push(t.number); got.collaborators.push(t.collaborators); },
    attachment: async (a) => { got.attachments.push(a); },
    outboxMessage: async (m) => { got.outbox.push(m); },
    inboundMessage: async (m) => { got.inbound.push(m); },
    webhookDelivery: async () => {},
  };
  return { got, sink };
}

async function seed(): Promise<void> {
  await createTicket(d.ctx, { actor: 'karen@example.com', subject: 'Printer', body: 'Jammed.' });
  await createTicket(d.ctx, { actor: 'jane', user: 'ken@example.com', subject: 'VPN', body: 'Down.', dept: 'Online Banking' });
  await d.ctx.store.write(async (tx) => {
    const [karens, kens] = [(await tx.tickets.ticketByNumber('100001'))!, (await tx.tickets.ticketByNumber('100002'))!];
    const cliff = (await tx.org.userByEmail('cliff@example.com'))!;
    await tx.together.addCollaborator(kens.id, cliff.id);
    await tx.mail.insertAttachment({ ticketId: kens.id, entryId: null, filename: 'a.txt', contentType: 'text/plain', content: Buffer.from('A'), createdAt: '2026-03-02T09:00:00.000Z' });
    await tx.mail.insertAttachment({ ticketId: karens.id, entryId: (await tx.thread.entriesOf(karens.id))[0]!.id, filename: 'b.bin', contentType: 'application/octet-stream', content: Buffer.from([0, 255]), createdAt: '2026-03-02T09:00:00.000Z' });
    for (const [ticketId, id] of [[kens.id, '<k@x>'], [null, '<desk@x>'], [karens.id, '<c@x>']] as const) {
      await tx.mail.insertOutbox({ ticketId, kind: 'reply', to: 'a@example.com', subject: 's', body: 'b', messageId: id, inReplyTo: null, createdAt: '2026-03-02T09:00:00.000Z' });
    }
  });
}

describe('export of mail data', () => {
  it('unfiltered: everything in id order, mail of no ticket included, collaborators on their ticket', async () => {
    await seed();
    const { got, sink } = collect();
    const counts = await exportData(d.ctx, { actor: 'admin' }, sink);
    expect(counts).toEqual({ tickets: 2, users: 4, attachments: 2, mail_outbox: 3, mail_inbound: 0, webhook_deliveries: 0 });
    expect(got.collaborators).toEqual([[], ['cliff@example.com']]);
    expect(got.attachments.map((a) => [a.ticket, a.thread_index, a.name, a.size, a.content])).toEqual([
      ['100002', null, 'a.txt', 1, 'QQ=='], ['100001', 0, 'b.bin', 2, 'AP8='],
    ]);
    expect(got.outbox.map((m) => [m.ticket, m.message_id])).toEqual([['100002', '<k@x>'], [null, '<desk@x>'], ['100001', '<c@x>']]);
  });

  it("filtered: only the chosen tickets' mail, and none that belongs to no ticket", async () => {
    await seed();
    const { got, sink } = collect();
    await exportData(d.ctx, { actor: 'admin', dept: 'Online Banking' }, sink);
    expect(got.tickets).toEqual(['100002']);
    expect(got.attachments.map((a) => a.name)).toEqual(['a.txt']);
    expect(got.outbox.map((m) => m.message_id)).toEqual(['<k@x>']);
  });
});

describe('checking mail records', () => {
  const attachment = (patch: object) => ({ ticket: '100001', thread_index: 0, name: 'x.bin', type: 'application/octet-stream', size: 3, created_at: '2026-03-02T09:00:00.000Z', content: 'AAEC', ...patch });
  const problem = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      expect(err).toBeInstanceOf(BadRecordError);
      return (err as Error).message;
    }
    throw new Error('accepted');
  };

  it('decodes valid base64 exactly, with or without a digest', () => {
    expect(parseAttachment(attachment({}), 'a').content).toEqual(Buffer.from([0, 1, 2]));
    expect(parseAttachment(attachment({ size: 0, content: '' }), 'a').content.length).toBe(0);
    expect(parseAttachment(attachment({ sha256: 'AE4B3280E56E2FAF83F414A6E3DABE9D5FBE18976544C05FED121ACCB85B53FC' }), 'a').size).toBe(3);
  });

  it.each([
    ['a character outside base64', { content: 'AA-C' }, "'content' is not valid base64"],
    ['a length that is not a multiple of 4', { content: 'AAE' }, "'content' is not valid base64"],
    ['padding in the middle', { content: 'AA==AAEC', size: 4 }, "'content' is not valid base64"],
    ['line breaks', { content: 'AA\nEC' }, "'content' is not valid base64"],
    ['a size that does not match', { size: 4 }, "'size' is 4 but the content holds 3 bytes"],
    ['a negative size', { size: -1 }, "'size' must be a whole number ≥ 0"],
    ['a digest of other content', { sha256: '0'.repeat(64) }, "'sha256' does not match the content (the file is damaged)"],
    ['a bad ticket number', { ticket: '12' }, "'ticket': '12' is not a ticket number"],
    ['no name', { name: '' }, "'name' is empty"],
  ])('%s is refused', (_what, patch, message) => {
    expect(problem(() => parseAttachment(attachment(patch), 'attachments[0]'))).toContain(message);
  });

  it('outbox and ingested messages: Message-IDs in angle brackets, a known status and outcome, a real sender', () => {
    const out = { ticket: null, kind: 'reply', to: 'a@example.com', subject: '', body: '', message_id: '<a@b>', status: 'sent', attempts: 1, created_at: '2026-03-02T09:00:00.000Z' };
    expect(parseOutbox(out, 'o')).toMatchObject({ ticket: null, message_id: '<a@b>', in_reply_to: null, sent_at: null });
    expect(problem(() => parseOutbox({ ...out, message_id: 'a@b' }, 'o'))).toContain("'message_id' must look like <id@host> (got 'a@b')");
    const inbound = { ticket: '100001', thread_index: 0, message_id: '<m@x>', outcome: 'created', from: 'A@Example.com', subject: 's', received_at: '2026-03-02T09:00:00.000Z', original_text: '', raw: 'SGk=' };
    expect(parseInbound(inbound, 'i')).toMatchObject({ from: 'a@example.com', raw: Buffer.from('Hi') });
    expect(problem(() => parseInbound({ ...inbound, outcome: 'spam' }, 'i'))).toContain("'outcome' must be one of created, message, note (got 'spam')");
    expect(problem(() => parseInbound({ ...inbound, ticket: null }, 'i'))).toContain("'thread_index' needs a ticket");
  });
});
