/**
 * The write group's kept reference reads (src/store/pg/group-cache.ts), over a fake connection
 * that answers from a little table and records what reached it: what is kept, what forgets it.
 * The same rules against a real server: test/store/pg-group-commit.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { PgConn, PgParam } from '../../src/store/pg/conn.js';
import { cachedConn, GroupCache } from '../../src/store/pg/group-cache.js';
import { related } from '../../src/store/pg/related.js';
import { GET_SETTING_SQL } from '../../src/store/pg/settings.js';
import { TAKE_NUMBER_SQL } from '../../src/store/pg/counter.js';

function fake() {
  const sent: string[] = [];
  let version = 0;
  const answer = async <T>(sql: string, params: readonly PgParam[] = []): Promise<T[]> => {
    sent.push(sql);
    return [{ sql, params, version: ++version }] as unknown as T[];
  };
  const inner: PgConn = {
    writing: true,
    all: answer,
    one: async <T>(sql: string, params?: readonly PgParam[]) => (await answer<T>(sql, params))[0] ?? null,
    run: async (sql) => { sent.push(sql); return 1; },
    insert: async (sql) => { sent.push(sql); return 1; },
    each: async (sql) => { sent.push(sql); },
    guarded: async (fn) => fn(),
    related: async <T>(read: { sql: string }, id: number) => answer<T>(read.sql, [id]),
    rowWithRelated: async <T>(_group: unknown, sql: string, params: readonly PgParam[]) => (await answer<T>(sql, params))[0] ?? null,
    keepNewTicket: () => {},
    newTicket: () => null,
  };
  const cache = new GroupCache();
  return { sent, cache, c: cachedConn(inner, cache) };
}

const DEPT = 'SELECT d.*, s.name AS sla FROM departments d LEFT JOIN sla_plans s ON s.id = d.sla_id WHERE d.id = $1';
const reads = (sent: string[], sql: string) => sent.filter((s) => s === sql).length;

describe('PostgreSQL write group: kept reference reads', () => {
  it('answers a repeated reference read once, as a copy', async () => {
    const { c, sent, cache } = fake();
    const a = await c.one<{ version: number; x?: number }>(DEPT, [1]);
    a!.x = 99; // a caller's change to its row is not kept
    const b = await c.one<{ version: number; x?: number }>(DEPT, [1]);
    expect(b).toEqual({ sql: DEPT, params: [1], version: 1 });
    expect(reads(sent, DEPT)).toBe(1);
    expect(cache.hits).toBe(1);
    await c.one(DEPT, [2]); // another id is another answer
    expect(reads(sent, DEPT)).toBe(2);
  });

  it('keeps answers across ticket writes, forgets them on a write to a table they read', async () => {
    const { c, sent } = fake();
    await c.one(DEPT, [1]);
    await c.one(GET_SETTING_SQL, ['default.sla']);
    await c.insert('INSERT INTO tickets(number, subject) VALUES ($1, $2) RETURNING id', ['100001', 's']);
    await c.run('INSERT INTO events(ticket_id, type) VALUES ($1, $2)', [1, 'created']);
    await c.one('WITH e AS (INSERT INTO thread_entries(ticket_id) VALUES ($1) RETURNING id) SELECT id FROM e', [1]);
    await c.one(DEPT, [1]);
    await c.one(GET_SETTING_SQL, ['default.sla']);
    expect(reads(sent, DEPT)).toBe(1);
    expect(reads(sent, GET_SETTING_SQL)).toBe(1);
    // The SLA plan a department names changes: the department read joins sla_plans.
    await c.run('UPDATE sla_plans SET name = $1 WHERE id = $2', ['Gold', 1]);
    await c.one(DEPT, [1]);
    await c.one(GET_SETTING_SQL, ['default.sla']);
    expect(reads(sent, DEPT)).toBe(2);
    expect(reads(sent, GET_SETTING_SQL)).toBe(1);
    // An upsert's DO UPDATE SET names the table it writes.
    await c.run('INSERT INTO settings(key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', ['default.sla', '2']);
    await c.one(GET_SETTING_SQL, ['default.sla']);
    expect(reads(sent, GET_SETTING_SQL)).toBe(2);
    // A data-modifying WITH names the table it deletes from.
    await c.one('WITH gone AS (DELETE FROM departments WHERE id = $1 RETURNING id) SELECT count(*) FROM gone', [9]);
    await c.one(DEPT, [1]);
    expect(reads(sent, DEPT)).toBe(3);
  });

  it('the ticket counter forgets only the settings reads that may include it', async () => {
    const { c, sent } = fake();
    await c.one(GET_SETTING_SQL, ['default.department']);
    await c.one(GET_SETTING_SQL, ['ticket.last_number']);
    await c.all('SELECT key, value FROM settings ORDER BY key');
    await c.one(DEPT, [1]);
    await c.one(TAKE_NUMBER_SQL, ['100001']);
    await c.one(GET_SETTING_SQL, ['default.department']);
    await c.one(GET_SETTING_SQL, ['ticket.last_number']);
    await c.all('SELECT key, value FROM settings ORDER BY key');
    await c.one(DEPT, [1]);
    expect(reads(sent, GET_SETTING_SQL)).toBe(3);
    expect(reads(sent, 'SELECT key, value FROM settings ORDER BY key')).toBe(2);
    expect(reads(sent, DEPT)).toBe(1);
  });

  it('answers settings from what the group\'s BEGIN read, until the settings may have changed', async () => {
    const { c, sent, cache } = fake();
    cache.seedSettings([{ key: 'default.department', value: 'Support' }, { key: 'ticket.last_number', value: '100041' }, { key: 'mail.template', value: null }]);
    expect(await c.one(GET_SETTING_SQL, ['default.department'])).toEqual({ value: 'Support' });
    expect(await c.one(GET_SETTING_SQL, ['default.sla'])).toBeNull(); // not there: no such setting
    expect(await c.one(GET_SETTING_SQL, ['ticket.last_number'])).toEqual({ value: '100041' });
    expect(reads(sent, GET_SETTING_SQL)).toBe(0);
    // A long value was not read with the BEGIN: asked for.
    await c.one(GET_SETTING_SQL, ['mail.template']);
    expect(reads(sent, GET_SETTING_SQL)).toBe(1);
    // Taking a number changes the counter's row only: the counter is asked for, the others are not.
    await c.one(TAKE_NUMBER_SQL, ['100001']);
    await c.one(GET_SETTING_SQL, ['ticket.last_number']);
    expect(await c.one(GET_SETTING_SQL, ['default.department'])).toEqual({ value: 'Support' });
    expect(reads(sent, GET_SETTING_SQL)).toBe(2);
    // Any other write to the settings: every setting is asked for again.
    await c.run("UPDATE settings SET value = 'Billing' WHERE key = 'default.department'");
    await c.one(GET_SETTING_SQL, ['default.department']);
    await c.one(GET_SETTING_SQL, ['default.sla']);
    expect(reads(sent, GET_SETTING_SQL)).toBe(4);
  });

  it('forgets the settings the BEGIN read when the group rolls back to a savepoint', async () => {
    const { c, sent, cache } = fake();
    cache.seedSettings([{ key: 'default.department', value: 'Support' }]);
    cache.rollback(cache.mark());
    await c.one(GET_SETTING_SQL, ['default.department']);
    expect(reads(sent, GET_SETTING_SQL)).toBe(1);
  });

  it('never keeps what a ticket write may change, a locking read, or a volatile one', async () => {
    const { c, sent } = fake();
    const notKept = [
      'SELECT * FROM users WHERE email = $1',
      'SELECT t.id FROM tickets t JOIN departments d ON d.id = t.dept_id WHERE d.id = $1',
      `${DEPT} FOR NO KEY UPDATE OF d`,
      'SELECT now() AS at FROM settings WHERE key = $1',
      'SELECT 1 AS n WHERE $1::int > 0',
    ];
    for (const sql of notKept) {
      await c.one(sql, [1]);
      await c.one(sql, [1]);
      expect(reads(sent, sql)).toBe(2);
    }
  });

  it('forgets everything on a statement it cannot read, and on a rolled-back guarded statement', async () => {
    const { c, sent, cache } = fake();
    await c.one(DEPT, [1]);
    await c.run('ALTER TABLE departments ADD COLUMN x int');
    await c.one(DEPT, [1]);
    expect(reads(sent, DEPT)).toBe(2);
    await c.run('SELECT 1; DELETE FROM departments');
    await c.one(DEPT, [1]);
    expect(reads(sent, DEPT)).toBe(3);
    await expect(c.guarded(async () => {
      await c.one(DEPT, [1]); // kept, and may show what the guarded statements did
      throw new Error('duplicate');
    })).rejects.toThrow('duplicate');
    await c.one(DEPT, [1]);
    expect(reads(sent, DEPT)).toBe(4);
    cache.forgetAll();
    await c.one(DEPT, [1]);
    expect(reads(sent, DEPT)).toBe(5);
  });

  it('keeps an agent\'s related reads until its tables change; never a ticket\'s', async () => {
    const { c, sent } = fake();
    const grants = related('agent', 'test-grants', 'SELECT g.dept_id FROM agent_access g JOIN roles r ON r.id = g.role_id WHERE g.agent_id = $1');
    const thread = related('ticket', 'test-thread', 'SELECT e.id FROM thread_entries e WHERE e.ticket_id = $1');
    await c.related(grants, 1);
    await c.related(grants, 1);
    await c.related(thread, 1);
    await c.related(thread, 1);
    expect(reads(sent, grants.sql)).toBe(1);
    expect(reads(sent, thread.sql)).toBe(2);
    await c.run('INSERT INTO agent_access(agent_id, dept_id, role_id) VALUES ($1, $2, $3)', [1, 2, 3]);
    await c.related(grants, 1);
    expect(reads(sent, grants.sql)).toBe(2);
  });

  it('sends a ticket read with its related rows each time (never kept)', async () => {
    const { c, sent } = fake();
    const sql = 'SELECT t.* FROM tickets t WHERE t.number = $1';
    await c.rowWithRelated('ticket', sql, ['100001']);
    await c.rowWithRelated('ticket', sql, ['100001']);
    expect(reads(sent, sql)).toBe(2);
  });
});
