/**
 * Search over a real database: relevance, visibility (notes and departments), the index kept in step
 * by every kind of write, and the similar-ticket suggestion.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { searchTickets, similarResolved } from '../../src/desk/tickets/search.js';
import { setStatus } from '../../src/desk/tickets/status.js';
import { noteTicket } from '../../src/desk/tickets/note.js';
import { replyTicket } from '../../src/desk/tickets/reply.js';
import { editTicket } from '../../src/desk/tickets/edit.js';
import { transferTicket } from '../../src/desk/tickets/transfer.js';
import { createTicket } from '../../src/desk/tickets/create.js';
import { listTickets } from '../../src/desk/tickets/list.js';
import { labDesk, type TestDesk } from '../helpers/desk.js';

let d: TestDesk;
beforeEach(async () => {
  d = await labDesk('2026-03-02T09:00:00Z');
});
afterEach(() => d.cleanup());

const open = (actor: string, subject: string, body: string, extra: object = {}) =>
  createTicket(d.ctx, { actor, subject, body, ...(actor.includes('@') ? {} : { user: 'ken@example.com' }), ...extra }).then((t) => t.number);
const numbers = async (actor: string, query: string, extra: object = {}) =>
  (await searchTickets(d.ctx, { actor, query, ...extra })).hits.map((h) => h.number);

/** Ten tickets that never mention the words searched for, so bm25 has a corpus to weigh words against. */
async function filler(): Promise<void> {
  for (let i = 0; i < 10; i++) await open('john', `Password reset ${i}`, 'Forgot my password again, please reset it.');
}

describe('relevance', () => {
  it('ranks the ticket where the words are most prominent first', async () => {
    await filler();
    const passing = await open('john', 'Monitor flickers', 'Also the printer was slow once.');
    const subject = await open('john', 'Printer jam on 3rd floor', 'Paper stuck in tray 2.');
    const thread = await open('john', 'Office supplies', 'Printer printer printer: out of toner for the printer.');
    const hits = (await searchTickets(d.ctx, { actor: 'john', query: 'printer' })).hits;
    expect(hits.map((h) => h.number)).toEqual([subject, thread, passing]);
    expect(hits[0]!.score! > hits[1]!.score! && hits[1]!.score! > hits[2]!.score!).toBe(true);
    expect(hits[0]!.subject_highlights).toEqual([[0, 7]]);
    expect(hits[2]!.snippet).toMatchObject({ kind: 'message', author: 'ken@example.com', text: 'Also the printer was slow once.', highlights: [[9, 16]] });
  });

  it('phrases, prefixes, OR and NOT', async () => {
    await filler();
    const jam = await open('john', 'Paper jam', 'The paper is jammed in the printer.');
    const scanner = await open('john', 'Scanner broken', 'Scanning fails with error 5.');
    const laser = await open('john', 'Laser printer jam', 'Jam again.');
    expect(await numbers('john', '"paper jam"')).toEqual([jam]);
    expect(await numbers('john', '"jam paper"')).toEqual([]);
    expect((await numbers('john', 'scan*')).sort()).toEqual([scanner]);
    expect((await numbers('john', 'jam* OR scanner')).sort()).toEqual([jam, scanner, laser].sort());
    expect(await numbers('john', 'jam -laser')).toEqual([jam]);
    expect(await numbers('john', 'jam NOT laser')).toEqual([jam]);
  });

  it('newest first on request, with the limit respected', async () => {
    const a = await open('john', 'VPN drops', 'vpn');
    const b = await open('john', 'VPN slow', 'vpn');
    const c = await open('john', 'VPN down', 'vpn');
    expect(await numbers('john', 'vpn', { order: 'newest' })).toEqual([c, b, a]);
    expect(await numbers('john', 'vpn', { order: 'newest', limit: 2 })).toEqual([c, b]);
  });

  it('a malformed query is a usage error, before anything is read', async () => {
    await expect(searchTickets(d.ctx, { actor: 'john', query: '"paper jam' })).rejects.toThrow(UsageError);
  });
});

describe('visibility', () => {
  it("an end user never finds a ticket by the words of its internal notes, nor sees them in snippets", async () => {
    await filler();
    const own = await open('karen@example.com', 'Laptop fan noise', 'The fan is loud.');
    await noteTicket(d.ctx, 'john', own, 'Suspect the motherboard; vendor case 4711.', 'Diagnosis');
    expect(await numbers('john', 'motherboard')).toEqual([own]);
    expect(await numbers('john', 'diagnosis')).toEqual([own]);
    expect(await numbers('karen@example.com', 'motherboard')).toEqual([]);
    expect(await numbers('karen@example.com', 'diagnosis')).toEqual([]);
    expect(await numbers('karen@example.com', 'fan motherboard')).toEqual([]);
    // Notes cannot exclude either: that would reveal them.
    expect(await numbers('karen@example.com', 'fan -motherboard')).toEqual([own]);
    const hit = (await searchTickets(d.ctx, { actor: 'karen@example.com', query: 'fan OR motherboard' })).hits[0]!;
    expect(hit.snippet?.kind).toBe('message');
    // The list filter keeps to the same rule.
    expect((await listTickets(d.ctx, { actor: 'karen@example.com', search: 'motherboard', queue: 'all' })).tickets).toEqual([]);
    expect((await listTickets(d.ctx, { actor: 'john', search: 'motherboard', queue: 'all' })).tickets.map((t) => t.number)).toEqual([own]);
  });

  it("an end user finds only their own tickets", async () => {
    const karens = await open('karen@example.com', 'Printer offline', 'printer');
    await open('ken@example.com', 'Printer offline too', 'printer');
    expect(await numbers('karen@example.com', 'printer')).toEqual([karens]);
  });

  it('an agent never finds a ticket in a department they have no access to', async () => {
    const support = await open('admin', 'Printer toner low', 'printer');
    const banking = await open('admin', 'Printer in the bank', 'printer', { dept: 'Online Banking' });
    expect((await numbers('admin', 'printer')).sort()).toEqual([support, banking].sort());
    expect(await numbers('john', 'printer')).toEqual([support]);
    expect(await numbers('jane', 'printer')).toEqual([banking]);
    expect((await listTickets(d.ctx, { actor: 'john', search: 'printer', queue: 'all' })).tickets.map((t) => t.number)).toEqual([support]);
    // Moving it follows at once.
    await transferTicket(d.ctx, 'admin', banking, 'Support');
    expect((await numbers('john', 'printer')).sort()).toEqual([support, banking].sort());
  });
});

describe('the index stays in step with every write, in the same transaction', () => {
  it('after a reply, a note and a subject edit', async () => {
    const n = await open('karen@example.com', 'Outlook crashes', 'It crashes at start.');
    expect(await numbers('john', 'calendar')).toEqual([]);
    await replyTicket(d.ctx, { actor: 'john', number: n, body: 'Please try without the calendar add-in.' });
    expect(await numbers('john', 'calendar')).toEqual([n]);
    expect(await numbers('karen@example.com', 'calendar')).toEqual([n]);
    await noteTicket(d.ctx, 'john', n, 'Known bug KB-2231');
    expect(await numbers('john', 'kb')).toEqual([n]);
    await editTicket(d.ctx, { actor: 'john', number: n, subject: 'Thunderbird freezes' });
    expect(await numbers('john', 'thunderbird')).toEqual([n]);
    expect(await numbers('john', 'outlook')).toEqual([]);
    expect(await numbers('john', 'crashes')).toEqual([n]); // still in the message
    await replyTicket(d.ctx, { actor: 'karen@example.com', number: n, body: 'Still freezing.' });
    expect(await numbers('karen@example.com', 'freezing')).toEqual([n]);
    expect(d.searchIndexIntact()).toBe(true);
  });

  it('a failed change leaves the index as it was', async () => {
    const n = await open('john', 'Router reboot', 'reboots nightly');
    await setStatus(d.ctx, 'john', n, 'closed');
    await expect(replyTicket(d.ctx, { actor: 'john', number: n, body: 'zebra' })).rejects.toThrow(/closed/);
    expect(await numbers('john', 'zebra')).toEqual([]);
    expect(d.searchIndexIntact()).toBe(true);
  });
});

describe('similar resolved tickets', () => {
  it('suggests resolved tickets sharing the subject’s words, with who resolved them', async () => {
    await filler();
    const old = await open('john', 'Printer jam on 3rd floor', 'Paper stuck.', { resolve: 'Cleared the tray' });
    const stillOpen = await open('john', 'Printer jam in lobby', 'Paper stuck.');
    const other = await open('jane', 'Printer toner empty', 'toner', { dept: 'Online Banking' });
    await setStatus(d.ctx, 'jane', other, 'resolved');
    const now = await open('john', 'Printer jams again on the 3rd floor', 'Same as last week.');
    const similar = await similarResolved(d.ctx, 'john', now);
    // Jane's (Online Banking) is not john's to see; the open one is not resolved.
    expect(similar).toEqual([{ number: old, subject: 'Printer jam on 3rd floor', status: 'resolved', resolved_by: 'john' }]);
    expect(stillOpen).not.toBe(old);
    expect(await similarResolved(d.ctx, 'admin', now)).toEqual([
      { number: old, subject: 'Printer jam on 3rd floor', status: 'resolved', resolved_by: 'john' },
      { number: other, subject: 'Printer toner empty', status: 'resolved', resolved_by: 'jane' },
    ]);
  });
});
