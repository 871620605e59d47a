/**
 * PostgreSQL's pipelined load into an empty desk (bulk-load.ts): the tickets' ids are given by the
 * loader and each batch is sent without waiting for it. Awkward text comes back byte for byte (and
 * the same as through the row-by-row path into a desk with tickets); text PostgreSQL cannot store
 * (a NUL) is refused naming its record, before anything is written; a batch the server refuses
 * surfaces as its own error at the next settle or at restoreIndexes, never as a silent commit, and
 * leaves the desk as it was; the end users of the file, written many at a time, are found by email
 * as one at a time finds them (case, non-ASCII), and counted the same as on SQLite.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkTicket } from '../../src/store/types.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { PgStore } from '../../src/store/pg/store.js';
import { spawnHd } from '../helpers/cli.js';
import { exportedDesk, exportOf as exportOfDesk } from '../helpers/exported-desk.js';
import { freshPgStore } from '../helpers/pg-desk.js';
import { pgUnavailable } from '../helpers/pg-server.mjs';

const skip = pgUnavailable();
/** Two of import's batches (500 tickets) and a part of a third. */
const TICKETS = 1_100;

/** Text that a quoted or escaped format would have to get right, in subjects, titles, bodies and names. */
const AWKWARD = [
  'tab\there', 'back\\slash \\N \\\\ \\t', 'new\nline\r\nand CR\r', 'quotes \' " `', '{braces}, (parens), [brackets]', 'NULL', '\\.',
  'comma, semicolon; pipe |', 'é ü ß İ ı Ω я 中文 العربية עברית', 'e\u0301 combining, \u200b zero width, \u00a0 nbsp', '😀 👍🏽 🇵🇹 emoji',
  '\u0001\u0002\u001f\u007f controls', ' leading and trailing spaces ', '', 'x'.repeat(10_000),
];

type Rec = Record<string, unknown> & { number: string; subject: string; thread: Array<Record<string, unknown>>; user: { name: string; email: string } };

describe.skipIf(skip !== null)('PostgreSQL: the pipelined load into an empty desk', () => {
  let dir: string;
  let env: Record<string, string>;
  let exported: Record<string, unknown> & { tickets: Rec[]; users: Array<Record<string, unknown>> };

  beforeAll(async () => {
    let file: string;
    ({ dir, env, file } = await exportedDesk('helpdesk-pg-pipeline-', TICKETS));
    exported = JSON.parse(readFileSync(file, 'utf8')) as typeof exported;
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const hd = (args: string[]) => spawnHd(args, env);
  const ok = async (args: string[]) => {
    const r = await hd(args);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/Warning/); // node-postgres warns when statements queue up on a connection
    return r.stdout;
  };
  const write = (name: string, content: unknown) => {
    const f = join(dir, name);
    writeFileSync(f, JSON.stringify(content));
    return f;
  };
  const exportOf = (url: string) => exportOfDesk(dir, env, url);
  const counts = (store: PgStore) => store.withConn(false, async (c) => ({
    tickets: (await c.one<{ n: number }>('SELECT count(*)::int AS n FROM tickets'))!.n,
    entries: (await c.one<{ n: number }>('SELECT count(*)::int AS n FROM thread_entries'))!.n,
    events: (await c.one<{ n: number }>('SELECT count(*)::int AS n FROM events'))!.n,
    documents: (await c.one<{ n: number }>('SELECT count(*)::int AS n FROM ticket_search'))!.n,
  }));
  const constraints = (store: PgStore) => store.withConn(false, (c) => c.all(`SELECT conrelid::regclass::text AS tbl, conname,
    pg_get_constraintdef(oid) AS def, convalidated FROM pg_constraint WHERE connamespace = current_schema()::regnamespace ORDER BY 1, 2`));

  /** The file with awkward text put into tickets of every batch (subjects, titles, bodies, end users' names). */
  function awkwardFile(extra: (tickets: Rec[]) => void = () => undefined): Record<string, unknown> {
    const tickets = exported.tickets.map((t) => ({ ...t, thread: t.thread.map((e) => ({ ...e })) }));
    AWKWARD.forEach((text, i) => {
      for (const at of [i, 500 + i, 1_000 + i]) {
        const t = tickets[at]!;
        t.subject = `#${i} ${text} (end)`;
        t.thread[0]!.body = text;
        const note = t.thread.find((e) => e.kind === 'note');
        if (note) note.title = text || null;
      }
    });
    const users = exported.users.map((u, i) => (i < AWKWARD.length ? { ...u, name: `User ${AWKWARD[i]!.slice(0, 200)} (end)` } : u));
    // A ticket's end user and a thread's end-user author are exported by the user's name.
    const names = new Map(users.slice(0, AWKWARD.length).map((u) => [u.email as string, u.name as string]));
    for (const t of tickets) {
      if (names.has(t.user.email)) t.user = { ...t.user, name: names.get(t.user.email)! };
      for (const e of t.thread) if (names.has(e.author as string)) e.author_name = names.get(e.author as string)!;
    }
    extra(tickets);
    return { ...exported, users, tickets };
  }

  it('awkward text comes back byte for byte, as through the row-by-row path', async () => {
    const content = awkwardFile();
    const file = write('awkward.json', content);
    const { exported_at: _when, ...expected } = content;

    const empty = await freshPgStore();
    await ok(['--db', empty.url, 'import', file]);
    expect(await exportOf(empty.url)).toEqual(expected);

    // Into a desk with tickets the load goes row by row (ids from the server): the same desk.
    const rows = await freshPgStore();
    const first = write('awkward-first.json', { ...content, tickets: (content.tickets as Rec[]).slice(0, 1) });
    await ok(['--db', rows.url, 'import', first]);
    await ok(['--db', rows.url, 'import', write('awkward-rest.json', { ...content, tickets: (content.tickets as Rec[]).slice(1) })]);
    expect(await exportOf(rows.url)).toEqual(expected);

    // And a search finds a word of an awkward subject on both.
    for (const url of [empty.url, rows.url]) expect(await ok(['--json', '--db', url, 'ticket', 'search', 'combining'])).toContain('"100010"');
  }, 180_000);

  it('a NUL in a ticket or an end user is refused naming the record, and nothing is written', async () => {
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['subject', awkwardFile((t) => { t[700]!.subject = 'before\u0000after'; }), /^helpdesk: bad record tickets \(#100701\): subject holds a NUL character/],
      ['body', awkwardFile((t) => { t[1_050]!.thread[1]!.body = 'nul \u0000 here'; }), /^helpdesk: bad record tickets \(#101051\): its thread holds a NUL character/],
      ['user', { ...awkwardFile(), users: exported.users.map((u, i) => (i === 3 ? { ...u, name: 'Nul\u0000Name' } : u)) }, /^helpdesk: bad record users \(.+\): holds a NUL character/],
    ];
    for (const [what, content, message] of cases) {
      const { store, url } = await freshPgStore();
      await store.withConn(true, async () => undefined); // a desk (empty) that the import finds
      const r = await hd(['--db', url, 'import', write(`nul-${what}.json`, content)]);
      expect(r.code, what).toBe(2);
      expect(r.stderr, what).toMatch(message);
      expect(r.stderr.trim().split('\n'), what).toHaveLength(2); // the error and its hint, nothing else
      expect(await counts(store), what).toEqual({ tickets: 0, entries: 0, events: 0, documents: 0 });
      expect(await store.withConn(false, (c) => c.one('SELECT count(*)::int AS n FROM users')), what).toEqual({ n: 0 });
    }
  }, 180_000);

  /** A ticket of the bulk loader's shape, its organisation ids from the desk. */
  async function bulkTicket(store: PgStore, number: string, status: string): Promise<BulkTicket> {
    const ids = await store.withConn(true, async (c) => ({
      dept: (await c.one<{ id: number }>(`INSERT INTO departments(name) VALUES ('Dept ${number}') RETURNING id`))!.id,
      user: (await c.one<{ id: number }>(`INSERT INTO users(email, name, created_at) VALUES ('u${number}@example.com', 'U', '2026-01-01T00:00:00.000Z') RETURNING id`))!.id,
    }));
    const at = '2026-01-01T00:00:00.000Z';
    return {
      ticket: {
        number, subject: `Ticket ${number}`, status: status as BulkTicket['ticket']['status'], priority: 'normal', dept_id: Number(ids.dept), topic_id: null, sla_id: null,
        assignee_id: null, team_id: null, user_id: Number(ids.user), source: 'web', created_at: at, updated_at: at, due_at: null,
        first_response_due_at: null, first_response_at: null, resolved_at: null, closed_at: null, reopened_count: 0, clock_start_at: at,
        paused_minutes: 0, paused_at: null, answered: 0,
      } as BulkTicket['ticket'],
      entries: [{ kind: 'message', author: { agentId: null, userId: Number(ids.user) }, title: null, body: 'Hello', createdAt: at }],
      events: [{ type: 'created', actor: { agentId: null, userId: Number(ids.user) }, at, data: {} }],
    };
  }

  it('a batch the server refuses is that error at settle and at restoreIndexes, and the desk stays as it was', async () => {
    const { store } = await freshPgStore();
    await store.withConn(true, async () => undefined);
    const before = await constraints(store);
    const good = await bulkTicket(store, '100001', 'open');
    const bad = await bulkTicket(store, '100002', 'not-a-status'); // only the server's CHECK knows
    let given = 0;
    for (const end of ['settle', 'restoreIndexes'] as const) {
      let ids: number[] = [];
      const failed = await store.write(async (tx) => {
        expect(await tx.transfer.deferIndexes()).toBe(true);
        ids = await tx.transfer.insertTicketsBulk([good]); // answered at once: nothing waited for
        ids.push(...(await tx.transfer.insertTicketsBulk([bad])));
        if (end === 'settle') await tx.transfer.settle!();
        await tx.transfer.restoreIndexes();
        return 'committed';
      }).catch((err: unknown) => err as { code?: string; message?: string });
      expect(ids).toHaveLength(2);
      expect(ids[1]).toBe(ids[0]! + 1);
      expect(ids[0]).toBeGreaterThan(given);
      given = ids[1]!;
      expect(failed, end).not.toBe('committed');
      expect((failed as { message: string }).message, end).toMatch(/tickets_status_check/);
      expect(await counts(store), end).toEqual({ tickets: 0, entries: 0, events: 0, documents: 0 });
      expect(await constraints(store), end).toEqual(before);
    }
    // The ids the failed loads gave are never given again: the next ticket's is past them.
    const next = await store.write(async (tx) => {
      await tx.transfer.deferIndexes();
      const [id] = await tx.transfer.insertTicketsBulk([good]);
      await tx.transfer.restoreIndexes();
      return id!;
    });
    expect(next).toBeGreaterThan(given);
    const made = await store.withConn(false, (c) => c.one<{ id: number }>("SELECT id FROM tickets WHERE number = '100001'"));
    expect(Number(made!.id)).toBe(next);
    expect(await constraints(store)).toEqual(before);
  }, 60_000);

  it("the file's end users are found by email as one at a time finds them, and counted as SQLite counts them", async () => {
    const content = awkwardFile();
    const users = exported.users as Array<{ email: string; name: string; created_at: string }>;
    // The desk has three of the file's end users already: one in other case, one non-ASCII in other case.
    const nonAscii = { email: 'zoë.núñez@example.com', name: 'Zoë', created_at: '2024-01-01T00:00:00.000Z' };
    const file = write('users.json', { ...content, users: [...users.slice(0, 10), nonAscii, ...users.slice(10)] });
    const existing = [
      { email: users[2]!.email.toUpperCase(), name: 'Before', createdAt: '2023-01-01T00:00:00.000Z' },
      { email: users[7]!.email, name: 'Before too', createdAt: '2023-01-01T00:00:00.000Z' },
      { email: 'ZOË.NÚÑEZ@example.com', name: 'Zoë before', createdAt: '2023-01-01T00:00:00.000Z' },
    ];
    const pg = await freshPgStore();
    await pg.store.write(async (tx) => {
      for (const u of existing) await tx.org.insertUser(u);
    });
    const sqliteFile = join(dir, 'users.db');
    const sqlite = openSqliteStore(sqliteFile);
    try {
      await sqlite.write(async (tx) => {
        for (const u of existing) await tx.org.insertUser(u);
      });
    } finally {
      sqlite.close();
    }
    const outputs: string[] = [];
    for (const db of [sqliteFile, pg.url]) outputs.push(await ok(['--json', '--db', db, 'import', file]));
    const summaries = outputs.map((o) => JSON.parse(o) as { users: { created: number; existing: number } });
    expect(summaries[1]!.users).toEqual(summaries[0]!.users);
    expect(summaries[1]!.users.existing).toBe(3);
    // One row per address, the existing ones kept as they were; the new ones in the file's order.
    const rows = await pg.store.withConn(false, (c) => c.all<{ email: string; name: string }>('SELECT email, name FROM users ORDER BY id'));
    expect(rows.slice(0, 3)).toEqual(existing.map((u) => ({ email: u.email, name: u.name })));
    const created = [...users.slice(0, 10), nonAscii, ...users.slice(10)].filter((u) => ![2, 7].includes(users.indexOf(u as never)) && u !== nonAscii);
    expect(rows.slice(3, 3 + created.length).map((r) => r.email)).toEqual(created.map((u) => u.email));
  }, 180_000);
});
