/**
 * The search plans on PostgreSQL give what SQLite's give: ranked search with document
 * frequencies counted or estimated (small caps force every path), and `ticket list --search` from
 * the matches or by walking the list and probing the index a page at a time.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visibilityScope } from '../../src/core/access.js';
import { parseSearchQuery } from '../../src/core/search.js';
import { loadActiveActor } from '../../src/desk/actor.js';
import { setStatus } from '../../src/desk/tickets/status.js';
import { createTicket } from '../../src/desk/tickets/create.js';
import { PgSearch } from '../../src/store/pg/search.js';
import type { PgStore } from '../../src/store/pg/store.js';
import { listMatching, searchTickets } from '../../src/store/search/sqlite-plan.js';
import type { TicketFilter } from '../../src/store/types.js';
import { labDeskOn, STORE_KINDS, type BothDesk } from '../helpers/both-stores.js';

const PRIORITIES = ['low', 'normal', 'high', 'emergency'] as const;
let lite: BothDesk;
let pg: BothDesk;
let db: Database.Database;

async function fill(d: BothDesk): Promise<void> {
  for (let i = 0; i < 40; i++) {
    const words = [i % 2 === 0 ? 'printer' : 'monitor', i % 3 === 0 ? 'scanner' : 'keyboard', 'the office'].join(' ');
    await createTicket(d.at(new Date(Date.parse('2026-03-02T09:00:00Z') + i * 7 * 60_000).toISOString()), {
      actor: 'john', user: i % 5 === 0 ? 'mary@example.com' : 'ken@example.com', subject: `Ticket ${i}: ${words}`,
      body: `${'The printer '.repeat(i % 4)}${words} needs help.`, priority: PRIORITIES[i % 4], sla: ['Sev-A', 'Sev-B', 'Default SLA'][i % 3],
    });
  }
  for (const n of ['100003', '100010', '100021']) await setStatus(d.at('2026-03-03T09:00:00Z'), 'john', n, 'resolved');
}

const skip = STORE_KINDS.length < 2;
beforeAll(async () => {
  if (skip) return;
  lite = await labDeskOn('sqlite');
  pg = await labDeskOn('postgres');
  await fill(lite);
  await fill(pg);
  db = new Database(lite.db, { readonly: true });
}, 120_000);
afterAll(() => {
  db?.close();
  lite?.close();
  pg?.close();
});

async function filterFor(d: BothDesk, actor: string, extra: Partial<TicketFilter> = {}): Promise<TicketFilter> {
  const a = await d.store.read((tx) => loadActiveActor(tx, actor));
  return { scope: visibilityScope(a), queue: 'open', meAgentId: a.kind === 'agent' ? a.id : null, sort: 'due', limit: 50, now: '2026-03-04T00:00:00.000Z', ...extra };
}

const onPg = <T>(fn: (s: PgSearch) => Promise<T>, plan: ConstructorParameters<typeof PgSearch>[1], list?: ConstructorParameters<typeof PgSearch>[2]) =>
  (pg.store as PgStore).withConn(false, (c) => fn(new PgSearch(c, plan, list)));

describe.skipIf(skip)('search plans on PostgreSQL', () => {
  it.each([
    ['printer', 'admin'], ['printer scanner', 'admin'], ['printer OR scanner', 'john'], ['"the printer"', 'admin'], ['print*', 'mary@example.com'],
    ['printer -scanner', 'admin'],
  ])('ranks %s for %s as SQLite does, counted or estimated', async (text, actor) => {
    const query = parseSearchQuery(text);
    for (const plan of [{ candidateCap: 600, dfExact: 5000 }, { candidateCap: 5, dfExact: 3 }]) {
      for (const order of ['relevance', 'newest'] as const) {
        const want = searchTickets(db, { query, filter: await filterFor(lite, actor, { queue: 'all' }), order, limit: 10 }, plan);
        const filter = await filterFor(pg, actor, { queue: 'all' });
        const got = await onPg((s) => s.searchTickets({ query, filter, order, limit: 10 }), plan);
        expect(got.hits.map((h) => [h.row.number, h.score])).toEqual(want.hits.map((h) => [h.row.number, h.score]));
        expect([got.candidates, got.capped]).toEqual([want.candidates, want.capped]);
        expect(want.hits.length).toBeGreaterThan(0);
      }
    }
  });

  it.each(['printer', 'scanner', 'printer -scanner', 'keyboard OR scanner'])('lists %s as SQLite does from the matches or by walking', async (text) => {
    const search = parseSearchQuery(text);
    let walked = 0;
    for (const list of [{ commonMatches: 20_000, firstPage: 200, walkLimit: 20_000 }, { commonMatches: 2, firstPage: 3, walkLimit: 1000 }, { commonMatches: 2, firstPage: 2, walkLimit: 4 }]) {
      for (const [queue, limit] of [['open', 5], ['all', 50], ['open', 1]] as const) {
        const want = listMatching(db, { ...(await filterFor(lite, 'admin', { queue, limit })), search }, true, list);
        const f = { ...(await filterFor(pg, 'admin', { queue, limit })), search };
        const got = await onPg((s) => s.listMatchingTickets(f, true), { candidateCap: 600, dfExact: 5000 }, list);
        expect(got.rows.map((r) => r.number)).toEqual(want.rows.map((r) => r.number));
        expect([got.total, got.estimated]).toEqual([want.total, want.estimated]);
        if (want.estimated) walked++;
      }
    }
    // The walking plan (its total estimated) was among those compared.
    expect(walked).toBeGreaterThan(0);
  });
});
