/**
 * Crashes on a PostgreSQL desk:
 * - kill -9 of a bulk status change at random moments: every ticket changes or none, with its note
 *   and its resolution notice; numbering carries on.
 * - the server stopped mid-run (pg_ctl stop -m immediate, as a crash) under four writing processes,
 *   then started again: each failed command said so in one line naming host:port (exit 1); every
 *   ticket a command reported is there, whole; the numbers have no gap and carry on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTicket } from '../../src/desk/tickets/create.js';
import { openPgStore } from '../../src/store/pg/store.js';
import { freshPgStore } from '../helpers/pg-desk.js';
import { pgUnavailable, startPgServer, type PgServer } from '../helpers/pg-server.mjs';
import { KILL_SEED, random } from './helpers.js';
import { spawnHd, type Spawned } from '../helpers/cli.js';
import { pgHealth, pgWhole } from './pg-health.js';

const skip = pgUnavailable();
const envFor = (as: string) => ({ PATH: process.env.PATH ?? '', HOME: '/nonexistent', NO_COLOR: '1', HELPDESK_AS: as, HELPDESK_NOW: '2026-03-02T09:15:00Z' });
const dbName = (url: string) => new URL(url).pathname.slice(1);

async function countOf(url: string, sql: string): Promise<number> {
  const store = openPgStore(url);
  try {
    return await store.withConn(false, async (c) => Number((await c.one<{ n: number }>(sql))!.n));
  } finally {
    await store.end();
  }
}

describe.skipIf(skip !== null)('kill -9 of a bulk status change on PostgreSQL', () => {
  const TICKETS = 120;
  const REPETITIONS = 8;
  const numbers = Array.from({ length: TICKETS }, (_, i) => String(100001 + i));
  let base: string;
  let server: PgServer;

  beforeAll(async () => {
    const fresh = await freshPgStore();
    base = fresh.url;
    server = fresh.server;
    expect((await spawnHd(['--db', base, 'init', '--sample', 'lab'], envFor('admin'))).code).toBe(0);
    expect((await spawnHd(['--db', base, 'config', 'set', 'mail.from', 'Help Desk <help@example.com>'], envFor('admin'))).code).toBe(0);
    for (let i = 0; i < TICKETS; i++) {
      await createTicket({ store: fresh.store, now: new Date(Date.parse('2026-03-01T08:00:00Z') + i * 60_000) }, {
        actor: 'john', user: ['ken@example.com', 'karen@example.com'][i % 2]!, subject: `Printer ${i} jams`, body: 'Every page.',
      });
    }
    // A template must have no connection open when it is copied.
    await fresh.store.end();
  }, 180_000);

  const resolutions = async (url: string) => ({
    resolved: await countOf(url, "SELECT count(*) AS n FROM tickets WHERE status = 'resolved'"),
    notes: await countOf(url, "SELECT count(*) AS n FROM thread_entries WHERE kind = 'note' AND body = 'Fixed the tray.'"),
    notices: await countOf(url, "SELECT count(*) AS n FROM outbox WHERE kind = 'resolved'"),
  });
  const args = (url: string) => ['--db', url, 'ticket', 'status', ...numbers, 'resolved', '--note', 'Fixed the tray.'];

  it(`killed at ${REPETITIONS} random moments, it changes every ticket or none`, async () => {
    const first = server.createDatabase(undefined, dbName(base));
    const full = await spawnHd(args(first), envFor('john'));
    expect(full.code, full.stderr).toBe(0);
    expect(await resolutions(first)).toEqual({ resolved: TICKETS, notes: TICKETS, notices: TICKETS });
    const seed = KILL_SEED;
    const next = random(seed);
    let scale = full.ms;
    let killed = 0;
    for (let i = 1; i <= REPETITIONS; i++) {
      const url = server.createDatabase(undefined, dbName(base));
      const delay = Math.round(scale * (0.05 + 0.95 * next()));
      const run = await spawnHd(args(url), envFor('john'), { killAfterMs: delay });
      const context = `seed ${seed}, repetition ${i}, killed after ${delay} ms: ${run.signal ?? `exit ${run.code}`}`;
      if (run.signal === null) scale = Math.min(scale, run.ms);
      const r = await resolutions(url);
      const all = r.resolved === TICKETS;
      if (!all) killed++;
      expect(r, context).toEqual(all ? { resolved: TICKETS, notes: TICKETS, notices: TICKETS } : { resolved: 0, notes: 0, notices: 0 });
      expect(await pgHealth(url), context).toMatchObject({ ...pgWhole(TICKETS), maxNumber: 100000 + TICKETS, counter: 100000 + TICKETS });
      const created = await spawnHd(['--db', url, 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'After the crash', '--body', 'x'], envFor('john'));
      expect(created.stdout, `${context}: ${created.stderr}`).toBe(`${100001 + TICKETS}\n`);
    }
    expect(killed, 'most runs must really have been cut short').toBeGreaterThanOrEqual(REPETITIONS / 2);
  }, 400_000);
});

describe.skipIf(skip !== null)('the PostgreSQL server stopped mid-run', () => {
  let server: PgServer;
  beforeAll(async () => {
    // A cluster of its own: stopping it must not stop the other test files' server.
    server = await startPgServer();
  }, 60_000);
  afterAll(() => server?.stop());

  it('every reported ticket survives whole, failures are one line naming host:port, numbers carry on', async () => {
    const url = server.createDatabase();
    const env = envFor('john');
    expect((await spawnHd(['--db', url, 'init', '--sample', 'lab'], env)).code).toBe(0);
    const results: Spawned[] = [];
    let stopped = false;
    const writer = async (w: number) => {
      // Each writer keeps creating until it has seen the server gone for a few commands.
      for (let i = 0, failures = 0; failures < 3 && i < 200; i++) {
        const r = await spawnHd(['--db', url, 'ticket', 'create', '--user', `w${w}@example.com`, '--subject', `w${w} #${i}`, '--body', 'b'], env);
        results.push(r);
        if (r.code !== 0 && stopped) failures++;
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    // Let some tickets land, then crash the server while the writers are at it.
    while (results.filter((r) => r.code === 0).length < 12) await new Promise((done) => setTimeout(done, 50));
    server.stopServer('immediate');
    stopped = true;
    await Promise.all(writers);
    server.startServer();

    const failed = results.filter((r) => r.code !== 0);
    expect(failed.length).toBeGreaterThan(0);
    const where = `127.0.0.1:${server.port}`;
    for (const r of failed) {
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines[0], r.stderr).toMatch(new RegExp(`^helpdesk: (cannot reach|lost the connection to) the PostgreSQL server at ${where.replace(/\./g, '\\.')}`));
      expect(lines.slice(1).every((l) => l.startsWith('hint: ')), r.stderr).toBe(true);
    }
    const reported = results.filter((r) => r.code === 0).map((r) => Number(r.stdout.trim()));
    const health = await pgHealth(url);
    // Whole tickets, no gap; a create whose commit the crash cut off may have landed unreported.
    expect(health).toMatchObject({ ...pgWhole(health.tickets), counter: health.maxNumber });
    expect(health.tickets).toBeGreaterThanOrEqual(reported.length);
    const present = await countOf(url, `SELECT count(*) AS n FROM tickets WHERE number::bigint = ANY('{${reported.join(',')}}'::bigint[])`);
    expect(present).toBe(reported.length);
    const after = await spawnHd(['--db', url, 'ticket', 'create', '--user', 'k@example.com', '--subject', 'after', '--body', 'b'], env);
    expect(after.stdout, after.stderr).toBe(`${health.maxNumber + 1}\n`);
  }, 300_000);
});
