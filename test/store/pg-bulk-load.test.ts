/**
 * PostgreSQL's bulk path (transfer.ts, search-index.ts) as `helpdesk import` uses it: into an empty
 * desk the tickets' indexes, the GIN and the foreign keys to tickets are set aside and built again
 * at the end; into a desk with tickets (or one another transaction is reading) the load goes row by
 * row. Either way the desk ends the same — exported byte for byte as the file, every index and
 * constraint in place, the search documents what a rebuild gives — and a bad record after the
 * first batch leaves nothing behind. The documents go over the wire as binary tsvectors: they are
 * the tsvectors the text literals give.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportedDesk, exportOf as exportOfDesk } from '../helpers/exported-desk.js';
import { openPgStore, type PgStore } from '../../src/store/pg/store.js';
import { bulkDocument, documentsBinary, documentVector, reindex } from '../../src/store/pg/search-index.js';
import { textArray } from '../../src/store/pg/transfer.js';
import { freshPgStore } from '../helpers/pg-desk.js';
import { pgUnavailable } from '../helpers/pg-server.mjs';
import { spawnHd } from '../helpers/cli.js';

const skip = pgUnavailable();
/** More than two of import's batches (500 tickets): the last one partly full. */
const TICKETS = 1_200;

describe.skipIf(skip !== null)('PostgreSQL: the bulk load', () => {
  let dir: string;
  let env: Record<string, string>;
  let file: string;
  let exported: Record<string, unknown>;

  beforeAll(async () => {
    ({ dir, env, file } = await exportedDesk('helpdesk-pg-bulk-', TICKETS));
    exported = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const ok = async (args: string[]) => {
    const r = await spawnHd(args, env);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout;
  };
  const exportOf = (url: string) => exportOfDesk(dir, env, url);
  const part = (from: number, to: number) => {
    const f = join(dir, `part-${from}-${to}.json`);
    writeFileSync(f, JSON.stringify({ ...exported, tickets: (exported.tickets as unknown[]).slice(from, to) }));
    return f;
  };

  /** The desk's indexes and constraints, by table and name with their definitions; its documents and totals. */
  async function shape(store: PgStore) {
    return store.withConn(false, async (c) => ({
      indexes: await c.all(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1, 2`),
      constraints: await c.all(`SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
        WHERE connamespace = current_schema()::regnamespace ORDER BY 1, 2`),
    }));
  }
  /** The oids of the indexes a load into an empty desk builds again (new ones when it did, the same when it went row by row). */
  async function rebuiltOids(store: PgStore) {
    return store.withConn(false, async (c) => (await c.all<{ oid: number }>(
      `SELECT to_regclass(n)::oid::int AS oid FROM unnest(ARRAY['tickets_created', 'events_type_at', 'ticket_search_doc']) n`)).map((r) => r.oid));
  }
  async function documents(store: PgStore) {
    return store.withConn(false, async (c) => ({
      docs: await c.all('SELECT t.number, s.doc::text AS doc, s.length FROM ticket_search s JOIN tickets t ON t.id = s.ticket_id ORDER BY t.number'),
      totals: await c.one('SELECT docs::int, tokens::int FROM ticket_search_totals'),
    }));
  }
  /** The documents a rebuild from the rows gives (rolled back: the desk keeps its own). */
  async function rebuilt(store: PgStore) {
    let result: unknown;
    await store.withConn(true, async (c) => {
      const ids = (await c.all<{ id: number }>('SELECT id FROM tickets ORDER BY id')).map((r) => Number(r.id));
      await c.run('DELETE FROM ticket_search');
      await c.run('UPDATE ticket_search_totals SET docs = 0, tokens = 0');
      for (let i = 0; i < ids.length; i += 500) await reindex(c, ids.slice(i, i + 500));
      result = {
        docs: await c.all('SELECT t.number, s.doc::text AS doc, s.length FROM ticket_search s JOIN tickets t ON t.id = s.ticket_id ORDER BY t.number'),
        totals: await c.one('SELECT docs::int, tokens::int FROM ticket_search_totals'),
      };
      throw new Error('roll back');
    }).catch((err: Error) => {
      if (err.message !== 'roll back') throw err;
    });
    return result;
  }

  it('binary documents and text arrays are what the literals give', async () => {
    const { store } = await freshPgStore();
    const long = Array.from({ length: 17_000 }, (_, i) => (i % 3 === 0 ? 'again' : `w${i % 400}`)).join(' ');
    const cases: Array<[string, string, string]> = [
      ['', '', ''],
      ['Printer jams, VPN-drops', 'first message café\nsecond: naïve Ünïcödé 製品 e-mail ana@example.org', 'Toner low\nreplace'],
      ['again and again', 'again '.repeat(300), 'again'],
      ['subject', long, 'note past the last position: again zz'],
      ['x'.repeat(600), long, long],
    ];
    const docs = cases.map(([s, p, n]) => bulkDocument(s, [{ kind: 'message', title: null, body: p }, { kind: 'note', title: 'T', body: n }]));
    const binary = documentsBinary(docs.length, (i) => docs[i]!);
    const literals = cases.map(([s, p, n]) => documentVector(s, p, `T\n${n}`));
    expect(binary.lengths).toEqual(literals.map((l) => l.length));
    const texts = ['plain', '', null, 'quote " and \\ backslash, {braces}', 'NULL', 'Ω\n製品'];
    await store.withConn(false, async (c) => {
      const row = await c.one<{ same: boolean[]; bin: string[]; txt: string[] }>(`SELECT
        array(SELECT b = t FROM unnest($1::tsvector[], $2::text[]::tsvector[]) AS u(b, t)) AS same,
        array(SELECT b::text FROM unnest($1::tsvector[]) b) AS bin, array(SELECT t::tsvector::text FROM unnest($2::text[]) t) AS txt`,
      [binary.bytes, literals.map((l) => l.vector)]);
      expect(row!.bin).toEqual(row!.txt);
      expect(row!.same).toEqual(cases.map(() => true));
      const back = await c.one<{ a: Array<string | null> }>('SELECT $1::text[] AS a', [textArray(texts)]);
      expect(back!.a).toEqual(texts);
      expect((await c.one<{ a: string[] }>('SELECT $1::text[] AS a', [textArray([])]))!.a).toEqual([]);
    });
  });

  it('into an empty desk: the file whole, every index and constraint back, the documents a rebuild gives', async () => {
    const { store: plain } = await freshPgStore();
    await plain.withConn(true, async () => undefined); // the schema, as an import finds it
    const { store, url } = await freshPgStore();
    await store.withConn(true, async () => undefined);
    const before = await rebuiltOids(store);
    await ok(['--db', url, 'import', file]);
    const after = await rebuiltOids(store);
    after.forEach((oid, i) => expect(oid).not.toBe(before[i])); // set aside and built again
    const { exported_at: _when, ...file_ } = exported;
    expect(await exportOf(url)).toEqual(file_);
    expect(await shape(store)).toEqual(await shape(plain));
    const docs = await documents(store);
    expect(docs.docs).toHaveLength(TICKETS);
    expect(docs).toEqual(await rebuilt(store));
    // Numbering carries on from the file's highest.
    expect(await ok(['--db', url, 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'Next', '--body', 'After the import'])).toBe(`${100000 + TICKETS + 1}\n`);
  }, 120_000);

  it('into a desk with tickets, and into an empty one another transaction is reading: the same desk, row by row', async () => {
    const whole = await freshPgStore();
    await ok(['--db', whole.url, 'import', file]);
    const expected = await exportOf(whole.url);
    const expectedDocs = await documents(whole.store);

    // Half the file first (into the empty desk), then the rest into a desk that has tickets.
    const halves = await freshPgStore();
    await ok(['--db', halves.url, 'import', part(0, 700)]);
    const half = await rebuiltOids(halves.store);
    await ok(['--db', halves.url, 'import', part(700, TICKETS)]);
    expect(await rebuiltOids(halves.store)).toEqual(half); // kept: row by row
    expect(await exportOf(halves.url)).toEqual(expected);
    expect(await documents(halves.store)).toEqual(expectedDocs);
    expect(await shape(halves.store)).toEqual(await shape(whole.store));

    // A reader holds the tickets table: the import does not wait to lock it, it loads row by row.
    const read = await freshPgStore();
    await read.store.withConn(true, async () => undefined);
    const kept = await rebuiltOids(read.store);
    const reader = openPgStore(read.url);
    let imported: Promise<unknown> | undefined;
    await reader.withConn(false, async (c) => {
      await c.all('SELECT count(*) FROM tickets');
      imported = ok(['--db', read.url, 'import', file]);
      await imported;
      expect(await c.all('SELECT 1 FROM tickets')).toEqual([]); // its snapshot, from before the import
    });
    await reader.end();
    expect(await rebuiltOids(read.store)).toEqual(kept);
    expect(await exportOf(read.url)).toEqual(expected);
    expect(await documents(read.store)).toEqual(expectedDocs);
    expect(await shape(read.store)).toEqual(await shape(whole.store));
  }, 180_000);

  it('a bad record after the first batch leaves the desk as it was, indexes and constraints included', async () => {
    const { store: plain } = await freshPgStore();
    await plain.withConn(true, async () => undefined);
    const { store, url } = await freshPgStore();
    await store.withConn(true, async () => undefined);
    const tickets = (exported.tickets as Array<Record<string, unknown>>).map((t) => ({ ...t }));
    tickets[1_100] = { ...tickets[1_100], priority: 'whenever' };
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...exported, tickets }));
    const r = await spawnHd(['--db', url, 'import', bad], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('whenever');
    const left = await store.withConn(false, async (c) => ({
      tickets: await c.one('SELECT count(*)::int AS n FROM tickets'),
      entries: await c.one('SELECT count(*)::int AS n FROM thread_entries'),
      documents: await c.one('SELECT count(*)::int AS n FROM ticket_search'),
      totals: await c.one('SELECT docs::int, tokens::int FROM ticket_search_totals'),
    }));
    expect(left).toEqual({ tickets: { n: 0 }, entries: { n: 0 }, documents: { n: 0 }, totals: { docs: 0, tokens: 0 } });
    expect(await shape(store)).toEqual(await shape(plain));
  }, 120_000);
});
