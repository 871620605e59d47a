/**
 * The PostgreSQL store's transactions: all or nothing, contiguous numbers under
 * concurrency, the schema version, retries of serialization failures, and the refusals.
 */
import { describe, expect, it } from 'vitest';
import { ForeignDatabaseError } from '../../src/store/sqlite.js';
import { PG_MIGRATIONS, PG_SCHEMA_VERSION } from '../../src/store/pg/schema.js';
import { SCHEMA_VERSION } from '../../src/store/migrations.js';
import { openPgStore } from '../../src/store/pg/store.js';
import { freshPgStore } from '../helpers/pg-desk.js';
import { initOrganisation } from '../../src/desk/init.js';
import { createTicket } from '../../src/desk/tickets/create.js';
import { TICKET_SUMMARY_SELECT } from '../../src/store/ticket-query.js';
import { TICKET_LOOKUP_SELECT, TICKET_SELECT, TICKET_SUMMARY_LOOKUP_SELECT } from '../../src/store/pg/ticket-query.js';
import type { Tx } from '../../src/store/types.js';
import { pgUnavailable } from '../helpers/pg-server.mjs';

const skip = pgUnavailable();

describe.skipIf(skip !== null)('PostgreSQL store', () => {
  it('has a schema for the same version as SQLite', () => {
    // A SQLite migration without its PostgreSQL twin (src/store/pg/schema.ts) fails here.
    expect(PG_SCHEMA_VERSION).toBe(SCHEMA_VERSION);
  });

  it('creates the schema in an empty database and records its version', async () => {
    const { store } = await freshPgStore();
    await store.write(async (tx) => tx.settings.setSetting('k', 'v'));
    const version = await store.withConn(false, (c) => c.one<{ version: number }>('SELECT version FROM helpdesk_schema'));
    expect(version?.version).toBe(SCHEMA_VERSION);
    expect(await store.read((tx) => tx.settings.getSetting('k'))).toBe('v');
  });

  it('rolls back everything a failed write did', async () => {
    const { store } = await freshPgStore();
    await expect(store.write(async (tx) => {
      await tx.settings.setSetting('a', '1');
      await tx.tickets.takeTicketNumber();
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(await store.read((tx) => tx.settings.getSetting('a'))).toBeNull();
    expect(await store.write((tx) => tx.tickets.takeTicketNumber())).toBe('100001');
  });

  it('issues contiguous numbers to concurrent writers on separate connections', async () => {
    const { url } = await freshPgStore();
    const stores = Array.from({ length: 8 }, () => openPgStore(url));
    try {
      const taken = await Promise.all(stores.flatMap((s) => Array.from({ length: 10 }, () => s.write((tx) => tx.tickets.takeTicketNumber()))));
      const sorted = taken.map(Number).sort((a, b) => a - b);
      expect(sorted).toEqual(Array.from({ length: 80 }, (_, i) => 100001 + i));
    } finally {
      for (const s of stores) s.close();
    }
  });

  it('runs a transaction again after a serialization failure, without surfacing it', async () => {
    const { store } = await freshPgStore();
    let runs = 0;
    const result = await store.write(async (tx) => {
      runs++;
      await tx.settings.setSetting('runs', String(runs));
      if (runs < 3) throw Object.assign(new Error('could not serialize access'), { code: runs === 1 ? '40001' : '40P01' });
      return 'done';
    });
    expect(result).toBe('done');
    expect(runs).toBe(3);
    expect(await store.read((tx) => tx.settings.getSetting('runs'))).toBe('3');
  });

  it('upgrades a desk made at version 12 in place: its data kept, the later steps added', async () => {
    const { server } = await freshPgStore();
    const url = server.createDatabase();
    // A desk as a version 12 binary left it: the baseline alone, with a setting and its version.
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('CREATE TABLE helpdesk_schema (version integer NOT NULL)');
      await client.query(PG_MIGRATIONS.find((m) => m.version === 12)!.sql);
      await client.query("INSERT INTO helpdesk_schema(version) VALUES (12); INSERT INTO settings(key, value) VALUES ('kept', 'yes')");
    } finally {
      await client.end();
    }
    const store = openPgStore(url);
    try {
      expect(await store.read((tx) => tx.settings.getSetting('kept'))).toBe('yes');
      await store.write((tx) => tx.statuses.insert({ key: 'on-hold', name: 'On Hold', state: 'open', pause: 1, created_at: '2026-03-02T09:00:00Z' }));
      expect((await store.read((tx) => tx.statuses.list())).map((r) => r.key)).toEqual(['on-hold']);
      const got = await store.withConn(false, async (c) => ({
        version: (await c.one<{ version: number }>('SELECT version FROM helpdesk_schema'))!.version,
        rows: (await c.one<{ n: number }>('SELECT count(*) AS n FROM helpdesk_schema'))!.n,
        column: await c.one("SELECT 1 AS n FROM information_schema.columns WHERE table_name = 'tickets' AND column_name = 'custom_status'"),
        indexes: (await c.all<{ name: string }>(`SELECT indexname AS name FROM pg_indexes WHERE tablename = 'tickets'
          AND indexname IN ('tickets_custom_status', 'tickets_first_response_due') ORDER BY 1`)).map((r) => r.name),
      }));
      expect(got).toEqual({ version: PG_SCHEMA_VERSION, rows: 1, column: { n: 1 }, indexes: ['tickets_custom_status', 'tickets_first_response_due'] });
    } finally {
      store.close();
    }
  });

  it('refuses a database made by a newer helpdesk', async () => {
    const { store, url } = await freshPgStore();
    await store.withConn(true, (c) => c.run('UPDATE helpdesk_schema SET version = $1', [SCHEMA_VERSION + 1]));
    const other = openPgStore(url);
    try {
      await expect(other.read((tx) => tx.settings.getSetting('x'))).rejects.toThrow(/schema version .* newer than this helpdesk understands/);
    } finally {
      other.close();
    }
    // The same when a write is the first transaction (its BEGIN reads the version after the writers' lock).
    const writer = openPgStore(url);
    try {
      await expect(writer.write((tx) => tx.settings.setSetting('x', '1'))).rejects.toThrow(/schema version .* newer than this helpdesk understands/);
      expect(await store.withConn(false, (c) => c.one('SELECT value FROM settings WHERE key = $1', ['x']))).toBeNull();
    } finally {
      writer.close();
    }
  });

  it('never writes into a database that holds tables of another application', async () => {
    const { server } = await freshPgStore();
    const url = server.createDatabase();
    const raw = openPgStore(url);
    // Make the foreign table through a second database's connection rights: plain SQL via withConn would create our schema first.
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('CREATE TABLE invoices (id int)');
    await client.end();
    try {
      await expect(raw.read((tx) => tx.settings.getSetting('x'))).rejects.toBeInstanceOf(ForeignDatabaseError);
    } finally {
      raw.close();
    }
  });

  it('prepares a statement run again, and runs it again after its table changed under it', async () => {
    const { store, url } = await freshPgStore();
    await store.write((tx) => tx.settings.setSetting('k', 'v'));
    // One connection: the statements prepared are that session's.
    const one = openPgStore(url, { maxConnections: 1 });
    try {
      for (let i = 0; i < 3; i++) {
        expect(await one.read((tx) => tx.tickets.ticketByNumber('100001'))).toBeNull();
        expect(await one.read((tx) => tx.tickets.existingNumbers(['100001', '100002']))).toEqual(new Set());
      }
      const prepared = await one.withConn(false, (c) => c.all<{ statement: string }>('SELECT statement FROM pg_prepared_statements'));
      expect(prepared.some((p) => /FROM tickets t/.test(p.statement) && /t\.number = \$1/.test(p.statement))).toBe(true);
      // A list look-up is planned for its list each time (a plan kept from an empty table scanned it whole).
      expect(prepared.some((p) => /ANY\(\$1/.test(p.statement))).toBe(false);
      // A newer binary adds a column: the prepared SELECT t.* would fail with "cached plan must not
      // change result type"; the store names its statements afresh and runs the transaction again.
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query('ALTER TABLE tickets ADD COLUMN later integer');
      await client.end();
      expect(await one.read((tx) => tx.tickets.ticketByNumber('100001'))).toBeNull();
    } finally {
      await one.end();
    }
  });

  it('reads see one snapshot and never write', async () => {
    const { store } = await freshPgStore();
    await expect(store.read(async (tx) => tx.settings.setSetting('x', '1'))).rejects.toThrow(/read-only/);
  });

  it("ends each read's transaction: the next read has a snapshot of its own, and no connection is left in a transaction", async () => {
    const { store, url } = await freshPgStore();
    await store.write((tx) => tx.settings.setSetting('k', 'before'));
    expect(await store.read((tx) => tx.settings.getSetting('k'))).toBe('before');
    const { default: pg } = await import('pg');
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      await other.query("UPDATE settings SET value = 'after' WHERE key = 'k'");
      // The COMMIT of the first read went with this read's BEGIN: it sees the change.
      expect(await store.read((tx) => tx.settings.getSetting('k'))).toBe('after');
      // With no transaction after it, a read's COMMIT is sent on the next turn of the event loop.
      await new Promise((done) => setImmediate(done));
      const states = async () => (await other.query(
        "SELECT state FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'helpdesk'")).rows.map((r) => r.state as string);
      for (let i = 0; i < 50 && (await states()).some((s) => s !== 'idle'); i++) await new Promise((done) => setTimeout(done, 20));
      expect(await states()).not.toHaveLength(0);
      expect(await states()).toEqual((await states()).map(() => 'idle'));
    } finally {
      await other.end();
    }
  });

  it('a ticket read by number in a read comes with the same thread, events and links as read one by one', async () => {
    const { store } = await freshPgStore();
    const desk = { store, now: new Date('2026-03-02T09:15:00.000Z') };
    await initOrganisation(desk, { admin: 'admin' });
    const t = await createTicket(desk, { actor: 'admin', user: 'karen@example.com', subject: 'Printer jams', body: 'Every page.' });
    await createTicket(desk, { actor: 'admin', user: 'ken@example.com', subject: 'Second', body: 'Another one.' });
    const readIt = (tx: Tx) => (async () => {
      const row = (await tx.tickets.ticketByNumber(t.number))!;
      return { row, entries: await tx.thread.entriesOf(row.id), events: await tx.thread.eventsOf(row.id), links: await tx.together.linksOf(row.id) };
    })();
    // A write reads the ticket alone and its reads as related() does when asked (the reference).
    const alone = await store.write(readIt);
    const together = await store.read(readIt);
    expect(together).toEqual(alone);
    expect(together.entries.map((e) => e.body)).toEqual(['Every page.']);
    expect(together.row.user_email).toBe('karen@example.com');
  });

  it('lists the same rows, with the same names, through look-ups as through joins', async () => {
    const { store } = await freshPgStore();
    const desk = { store, now: new Date('2026-03-02T09:15:00.000Z') };
    await initOrganisation(desk, { admin: 'admin' });
    for (let i = 0; i < 3; i++) await createTicket(desk, { actor: 'admin', user: `u${i}@example.com`, subject: `Ticket ${i}`, body: 'Body.' });
    await store.withConn(true, (c) => c.run("UPDATE tickets SET assignee_id = (SELECT id FROM agents WHERE username = 'admin') WHERE number = '100002'"));
    const rows = (select: string) => store.withConn(false, (c) => c.all(`${select} ORDER BY t.id`));
    const joined = await rows(TICKET_SELECT);
    expect(joined).toHaveLength(3);
    expect(await rows(TICKET_LOOKUP_SELECT)).toEqual(joined);
    const summary = await rows(TICKET_SUMMARY_LOOKUP_SELECT);
    expect(summary).toEqual(await rows(TICKET_SUMMARY_SELECT));
    expect(summary.map((r) => (r as { assignee: string | null }).assignee)).toEqual([null, 'admin', null]);
  });
});
