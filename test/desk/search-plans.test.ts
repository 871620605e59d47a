/**
 * The search plans on a real database: ranked search scores are FTS5's own bm25, whether
 * document frequencies are counted or estimated; and `ticket list --search` gives the same page
 * whether it starts from the matches or walks the list and probes the index.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visibilityScope } from '../../src/core/access.js';
import { parseSearchQuery } from '../../src/core/search.js';
import { loadActiveActor } from '../../src/desk/actor.js';
import { setStatus } from '../../src/desk/tickets/status.js';
import { createTicket } from '../../src/desk/tickets/create.js';
import { ftsMatch } from '../../src/store/fts.js';
import { listMatching, searchTickets } from '../../src/store/search/sqlite-plan.js';
import type { TicketFilter } from '../../src/store/types.js';
import { labDesk, type TestDesk } from '../helpers/desk.js';

let d: TestDesk;
let db: Database.Database;
const PRIORITIES = ['low', 'normal', 'high', 'emergency'] as const;

beforeAll(async () => {
  d = await labDesk('2026-03-02T09:00:00Z');
  // 40 tickets: every other one mentions the printer, every third the scanner; varied priority
  // and SLA so the queue's order (by due time) is not the order of creation.
  for (let i = 0; i < 40; i++) {
    const words = [i % 2 === 0 ? 'printer' : 'monitor', i % 3 === 0 ? 'scanner' : 'keyboard', 'the office'].join(' ');
    await createTicket(d.later(7), {
      actor: 'john', user: 'ken@example.com', subject: `Ticket ${i}: ${words}`, body: `${'The printer '.repeat(i % 4)}${words} needs help.`,
      priority: PRIORITIES[i % 4], sla: ['Sev-A', 'Sev-B', 'Default SLA'][i % 3],
    });
  }
  for (const n of ['100003', '100010', '100021']) await setStatus(d.later(), 'john', n, 'resolved');
  db = new Database(d.path, { readonly: true });
});
afterAll(() => {
  db.close();
  d.cleanup();
});

async function filterFor(actor: string, extra: Partial<TicketFilter> = {}): Promise<TicketFilter> {
  const a = await d.ctx.store.read((tx) => loadActiveActor(tx, actor));
  return { scope: visibilityScope(a), queue: 'open', meAgentId: a.kind === 'agent' ? a.id : null, sort: 'due', limit: 50, now: d.ctx.now.toISOString(), ...extra };
}

describe('ranked search', () => {
  it.each(['printer', 'printer scanner', 'printer OR scanner', '"the printer"', 'print*', 'printer -scanner'])(
    'scores %s exactly as FTS5 bm25(4, 1, 1) does, counted or estimated', async (text) => {
      const query = parseSearchQuery(text);
      const filter = await filterFor('admin', { queue: 'all' });
      const expected = new Map((db.prepare('SELECT rowid AS id, -bm25(ticket_fts, 4.0, 1.0, 1.0) AS score FROM ticket_fts WHERE ticket_fts MATCH ?')
        .all(ftsMatch(query, filter.scope)) as Array<{ id: number; score: number }>).map((r) => [r.id, r.score]));
      for (const dfExact of [20_000, 8]) {
        const result = searchTickets(db, { query, filter, order: 'relevance', limit: 100 }, { candidateCap: 1000, dfExact });
        expect(result.hits.map((h) => h.row.id).sort((a, b) => a - b)).toEqual([...expected.keys()].sort((a, b) => a - b));
        const scores = result.hits.map((h) => h.score!);
        expect(scores).toEqual([...scores].sort((a, b) => b - a));
        // Estimated frequencies (every 2nd ticket holds the word, evenly) come out close to the counts.
        for (const h of result.hits) expect(h.score).toBeCloseTo(expected.get(h.row.id)!, dfExact === 8 ? 0 : 9);
      }
    });

  it('ranks only the newest candidates when more match, and says so', async () => {
    const filter = await filterFor('admin', { queue: 'all' });
    const result = searchTickets(db, { query: parseSearchQuery('printer'), filter, order: 'relevance', limit: 5 }, { candidateCap: 6, dfExact: 20_000 });
    expect(result.capped).toBe(true);
    expect(result.candidates).toBe(6);
    expect(result.hits.every((h) => h.row.id > 40 - 12)).toBe(true);
  });
});

describe("an end user's scores", () => {
  it('come from their own tickets only: others\' tickets with the same words change nothing', async () => {
    const query = parseSearchQuery('printer');
    const filter = await filterFor('ken@example.com', { queue: 'all' });
    const before = searchTickets(db, { query, filter, order: 'relevance', limit: 100 });
    expect(before.hits.length).toBeGreaterThan(0);
    const agent = await filterFor('admin', { queue: 'all' });
    const top = searchTickets(db, { query, filter: agent, order: 'relevance', limit: 100 }).hits[0]!;
    const [agentTop, agentScore] = [top.row.number, top.score];
    for (let i = 0; i < 10; i++) {
      await createTicket(d.later(1), { actor: 'john', user: 'karen@example.com', subject: `Printer printer ${i}`, body: 'printer' });
    }
    const after = searchTickets(db, { query, filter, order: 'relevance', limit: 100 });
    expect(after.hits.map((h) => [h.row.number, h.score])).toEqual(before.hits.map((h) => [h.row.number, h.score]));
    // …while an agent's scores do move (so the comparison can fail).
    expect(agentScore).not.toBe(searchTickets(db, { query, filter: agent, order: 'relevance', limit: 100 }).hits.find((h) => h.row.number === agentTop)!.score);
  });
});

describe('ticket list --search', () => {
  const walk = { commonMatches: 1, firstPage: 3, walkLimit: 1000 };
  const matchesFirst = { commonMatches: 1_000_000, firstPage: 3, walkLimit: 1000 };

  it.each([
    ['admin', 'printer', {}],
    ['admin', 'scanner', { sort: 'priority' as const }],
    ['admin', 'printer keyboard', { limit: 4 }],
    ['admin', 'office', { queue: 'all' as const, sort: 'created' as const, limit: 7 }],
    ['john', 'printer', { priority: 'high' as const }],
    ['ken@example.com', 'printer -scanner', { limit: 3 }],
  ])('%s %s %j: walking the list gives the page the matches give', async (actor, text, extra) => {
    const filter = { ...(await filterFor(actor, extra)), search: parseSearchQuery(text) };
    const a = listMatching(db, filter, true, matchesFirst);
    const b = listMatching(db, filter, true, walk);
    expect(a.rows.length).toBeGreaterThan(0);
    expect(b.rows.map((r) => r.number)).toEqual(a.rows.map((r) => r.number));
    // Only tickets that match, none that do not (a rowid probe bound as a REAL matched everything).
    const words = text.split(' ').filter((w) => !w.startsWith('-'));
    for (const r of b.rows) {
      const doc = db.prepare('SELECT subject || public AS text FROM ticket_fts_source WHERE id = ?').get(r.id) as { text: string };
      for (const w of words) expect(doc.text.toLowerCase()).toContain(w);
    }
    if (b.estimated) expect(Math.abs(b.total! - a.total!)).toBeLessThanOrEqual(a.total!);
    else expect(b.total).toBe(a.total);
  });

  it('a walk that ends counts exactly; one cut short estimates; a long walk falls back to the matches', async () => {
    const filter = { ...(await filterFor('admin', { limit: 2 })), search: parseSearchQuery('printer') };
    const exact = listMatching(db, filter, true, matchesFirst);
    const walked = listMatching(db, filter, true, walk);
    expect(walked.estimated).toBe(true);
    expect(walked.total).toBeGreaterThan(2);
    expect(listMatching(db, { ...filter, limit: 100 }, true, walk)).toMatchObject({ total: exact.total, estimated: false });
    const rare = { ...filter, limit: 10, search: parseSearchQuery('scanner') };
    const rareExact = listMatching(db, rare, true, matchesFirst);
    expect(listMatching(db, rare, true, { ...walk, walkLimit: 5 })).toEqual(rareExact);
    expect(listMatching(db, filter, false, walk).total).toBeNull();
  });
});
