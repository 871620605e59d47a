/**
 * Search on both stores: the same tickets found, in the same order, with the same scores,
 * for every form of the contract's search language — words, phrases, prefixes, OR, NOT, grouping —
 * and the same visibility (an end user's search never sees internal notes). PostgreSQL's index is
 * written from the tokens core/search.ts makes, so e-mail addresses, hyphens and accents split
 * as FTS5 splits them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchTickets } from '../../src/desk/tickets/search.js';
import { editTicket } from '../../src/desk/tickets/edit.js';
import { noteTicket } from '../../src/desk/tickets/note.js';
import { replyTicket } from '../../src/desk/tickets/reply.js';
import { createTicket } from '../../src/desk/tickets/create.js';
import { listTickets } from '../../src/desk/tickets/list.js';
import { mergeTickets } from '../../src/desk/tickets/merge.js';
import type { PgStore } from '../../src/store/pg/store.js';
import { labDeskOn, STORE_KINDS, type BothDesk, type StoreKind } from '../helpers/both-stores.js';

const NOW = '2026-03-02T09:00:00Z';

async function fill(d: BothDesk): Promise<void> {
  const ctx = d.at(NOW);
  const open = (subject: string, body: string, user = 'ken@example.com') =>
    createTicket(ctx, { actor: 'john', subject, body, user }).then((t) => t.number);
  for (let i = 0; i < 6; i++) await open(`Password reset ${i}`, 'Forgot my password again, please reset it.');
  await open('Printer jam on 3rd floor', 'Paper stuck in tray 2.');
  await open('Office supplies', 'Printer printer printer: out of toner for the printer.');
  await open('Monitor flickers', 'Also the printer was slow once.');
  await open('Paper jam', 'The paper is jammed in the printer.');
  await open('Scanner broken', 'Scanning fails with error 5.');
  await open('Laser printer jam', 'Jam again.');
  await open('Mail to ann.lee@example.com bounces', 'The re-sent message from e-mail server mx-2.example.com failed.');
  await open('Café au lait machine', 'Die Kaffeemaschine ist kaputt: Ärger im Büro.');
  const noted = await open('Locked account', 'I cannot log in.', 'mary@example.com');
  await noteTicket(ctx, 'john', noted, 'Secret: the vpn token expired');
  await replyTicket(ctx, { actor: 'john', number: noted, body: 'Please try the token again.' });
  await editTicket(ctx, { actor: 'john', number: noted, subject: 'Locked account after holiday' });
  // A merge moves a thread: both documents follow (the source keeps only its subject).
  const dup = await open('Reset needed', 'Kiosk terminal frozen');
  await mergeTickets(ctx, 'admin', '100001', [dup]);
}

const QUERIES = [
  'printer', 'jam', '"paper jam"', '"jam paper"', 'scan*', 'jam* OR scanner', 'jam -laser', 'jam NOT laser',
  '(printer OR scanner) jam', 'ann', 'example com', 'mx', 'resent', 're sent', 'cafe', 'ARGER', 'büro', 'vpn', 'token',
  'holiday', '"locked account"', 'pass*', 'password reset', '"printer jam"*', 'kaffee*',
];

type Seen = Record<string, Array<{ number: string; score: number | null }>>;

async function searches(d: BothDesk, actor: string): Promise<Seen> {
  const out: Seen = {};
  for (const query of QUERIES) {
    for (const order of ['relevance', 'newest'] as const) {
      const r = await searchTickets(d.at(NOW), { actor, query, order });
      out[`${query} (${order})`] = r.hits.map((h) => ({ number: h.number, score: h.score === null ? null : Math.round(h.score * 1e9) / 1e9 }));
    }
  }
  return out;
}

const desks = new Map<StoreKind, BothDesk>();
beforeAll(async () => {
  for (const kind of STORE_KINDS) {
    const d = await labDeskOn(kind);
    await fill(d);
    desks.set(kind, d);
  }
});
afterAll(() => {
  for (const d of desks.values()) d.close();
});

describe.each(STORE_KINDS)('search on %s', (kind) => {
  it('finds by words, phrases, prefixes, OR, NOT and groups', async () => {
    const d = desks.get(kind)!;
    const n = async (query: string) => (await searchTickets(d.at(NOW), { actor: 'john', query })).hits.map((h) => h.number);
    expect(await n('"paper jam"')).toEqual(['100010']);
    expect(await n('"jam paper"')).toEqual([]);
    expect(await n('scan*')).toEqual(['100011']);
    expect((await n('jam* OR scanner')).sort()).toEqual(['100007', '100010', '100011', '100012']);
    expect((await n('jam -laser')).sort()).toEqual(['100007', '100010']);
    // FTS5 splits addresses, hyphens and accents: so does the PostgreSQL index.
    expect(await n('ann')).toEqual(['100013']);
    expect(await n('mx')).toEqual(['100013']);
    expect(await n('cafe')).toEqual(['100014']);
    expect(await n('ARGER')).toEqual(['100014']);
    // The first hit of a word is a ticket where it is most prominent (the shortest subject holding it).
    expect((await n('printer'))[0]).toBe('100012');
  });

  it('an end user never finds a ticket by its internal notes; the agent does', async () => {
    const d = desks.get(kind)!;
    const user = async (query: string) => (await searchTickets(d.at(NOW), { actor: 'mary@example.com', query })).hits.map((h) => h.number);
    const agent = async (query: string) => (await searchTickets(d.at(NOW), { actor: 'john', query })).hits.map((h) => h.number);
    expect(await agent('vpn')).toEqual(['100015']);
    expect(await user('vpn')).toEqual([]);
    expect(await user('token')).toEqual(['100015']);
    expect(await user('token NOT vpn')).toEqual(['100015']);
    expect(await agent('token NOT vpn')).toEqual([]);
  });

  it('takes a thread with more distinct words than a tsvector holds (1 MiB of them) and finds its words', async () => {
    const d = desks.get(kind)!;
    let x = 12345;
    // Two bodies of 40,000 distinct 20-letter words: 1.6 MB of words, each body under ticket.max_body.
    const noise = () => Array.from({ length: 40_000 }, () => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return `w${x.toString(36).padStart(7, 'q')}${(x ^ 0x5bd1e995).toString(36).padStart(12, 'z')}`;
    }).join(' ');
    const t = await createTicket(d.at(NOW), { actor: 'john', user: 'ken@example.com', subject: 'Encoded dump', body: `zebracode ${noise()}` });
    await replyTicket(d.at(NOW), { actor: 'john', number: t.number, body: `${noise()} yakcode` });
    const found = async (q: string) => (await searchTickets(d.at(NOW), { actor: 'john', query: q })).hits.map((h) => h.number);
    expect(await found('zebracode')).toEqual([t.number]);
    expect(await found('dump')).toEqual([t.number]);
  });

  it('follows edits of the subject and ticket lists filter by the same index', async () => {
    const d = desks.get(kind)!;
    expect((await searchTickets(d.at(NOW), { actor: 'john', query: 'holiday' })).hits.map((h) => h.number)).toEqual(['100015']);
    const listed = await listTickets(d.at(NOW), { actor: 'john', queue: 'all', search: 'jam' });
    expect(listed.tickets.map((t) => t.number).sort()).toEqual(['100007', '100010', '100012']);
    expect(listed.total).toBe(3);
  });
});

describe.skipIf(STORE_KINDS.length < 2)('search across the stores', () => {
  it('PostgreSQL keeps its index totals (documents, tokens) equal to its documents, after edits and merges', async () => {
    const pg = desks.get('postgres')!.store as PgStore;
    const [totals, counted] = await pg.withConn(false, async (c) => [
      await c.one('SELECT docs, tokens FROM ticket_search_totals'),
      await c.one('SELECT count(*) AS docs, coalesce(sum(length), 0) AS tokens FROM ticket_search'),
    ]);
    expect(totals).toEqual(counted);
    expect(await pg.withConn(false, (c) => c.one('SELECT count(*) AS n FROM tickets'))).toEqual({ n: (counted as { docs: number }).docs });
    const kiosk = async (d: BothDesk) => (await searchTickets(d.at(NOW), { actor: 'john', query: 'kiosk' })).hits.map((h) => h.number);
    expect(await kiosk(desks.get('postgres')!)).toEqual(['100001']);
  });

  it('gives the same tickets, order and scores on SQLite and PostgreSQL', async () => {
    const [a, b] = [desks.get('sqlite')!, desks.get('postgres')!];
    for (const actor of ['john', 'mary@example.com', 'admin']) {
      expect(await searches(b, actor)).toEqual(await searches(a, actor));
    }
  });
});
