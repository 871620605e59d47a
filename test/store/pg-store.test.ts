/**
 * The PostgreSQL store's transactions (issue 17): all or nothing, contiguous numbers under
 * concurrency, the schema version, retries of serialization failures, and the refusals.
 */
import { describe, expect, it } from 'vitest';
import { ForeignDatabaseError } from '../../src/store/sqlite.js';
import { PG_SCHEMA_VERSION } from '../../src/store/pg/schema.js';
import { SCHEMA_VERSION } from '../../src/store/migrations.js';
import { openPgStore } from '../../src/store/pg/store.js';
import { freshPgStore } from '../helpers/pg-desk.js';
import { pgUnavailable } from '../helpers/pg-server.js';

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

  it('refuses a database made by a newer helpdesk', async () => {
    const { store, url } = await freshPgStore();
    await store.withConn(true, (c) => c.run('UPDATE helpdesk_schema SET version = $1', [SCHEMA_VERSION + 1]));
    const other = openPgStore(url);
    try {
      await expect(other.read((tx) => tx.settings.getSetting('x'))).rejects.toThrow(/schema version .* newer than this helpdesk understands/);
    } finally {
      other.close();
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

  it('reads see one snapshot and never write', async () => {
    const { store } = await freshPgStore();
    await expect(store.read(async (tx) => tx.settings.setSetting('x', '1'))).rejects.toThrow(/read-only/);
  });
});
