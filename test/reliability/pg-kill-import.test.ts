/**
 * kill -9 of `helpdesk import` into a PostgreSQL desk at random moments: the import lands
 * whole or not at all — whole tickets (row, first message, created event, status as its events say,
 * search document), contiguous numbers, the counter at the highest — and numbering carries on.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportedDesk } from '../helpers/exported-desk.js';
import { openPgStore } from '../../src/store/pg/store.js';
import { freshPgStore } from '../helpers/pg-desk.js';
import { pgUnavailable } from '../helpers/pg-server.mjs';
import { KILL_SEED, random } from './helpers.js';
import { spawnHd } from '../helpers/cli.js';

const skip = pgUnavailable();
const TICKETS = 600;
const REPETITIONS = 8;
let dir: string;
let env: Record<string, string>;
let exportFile: string;

interface PgHealth {
  tickets: number; without_first_message: number; without_created_event: number; status_not_as_events: number;
  without_search_document: number; numbers_not_contiguous: number; max_number: number; counter: number;
}

async function pgHealth(url: string): Promise<PgHealth> {
  const store = openPgStore(url);
  try {
    return (await store.withConn(false, (c) => c.one<PgHealth>(`SELECT
      (SELECT count(*) FROM tickets) AS tickets,
      (SELECT count(*) FROM tickets t WHERE coalesce((SELECT e.kind FROM thread_entries e WHERE e.ticket_id = t.id ORDER BY e.id LIMIT 1), '') <> 'message') AS without_first_message,
      (SELECT count(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = t.id AND e.type = 'created')) AS without_created_event,
      (SELECT count(*) FROM tickets t WHERE t.status <> coalesce((SELECT e.data::jsonb->>'to' FROM events e
        WHERE e.ticket_id = t.id AND e.type IN ('status', 'reopened') ORDER BY e.id DESC LIMIT 1), 'open')) AS status_not_as_events,
      (SELECT count(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM ticket_search s WHERE s.ticket_id = t.id AND s.length > 0)) AS without_search_document,
      (SELECT coalesce(max(number::int), 100000) - 100000 - count(*) FROM tickets) AS numbers_not_contiguous,
      (SELECT coalesce(max(number::int), 100000) FROM tickets) AS max_number,
      coalesce((SELECT value::int FROM settings WHERE key = 'ticket.last_number'), 100000) AS counter`)))!;
  } finally {
    store.close();
  }
}

const whole = (tickets: number) => ({
  tickets, without_first_message: 0, without_created_event: 0, status_not_as_events: 0, without_search_document: 0, numbers_not_contiguous: 0,
});

async function labDesk(): Promise<string> {
  const { url } = await freshPgStore();
  expect((await spawnHd(['--db', url, 'init', '--sample', 'lab'], env)).code).toBe(0);
  return url;
}

describe.skipIf(skip !== null)('kill -9 of an import into PostgreSQL', () => {
  beforeAll(async () => {
    ({ dir, env, file: exportFile } = await exportedDesk('helpdesk-pg-kill-import-', TICKETS));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`an import killed at ${REPETITIONS} random moments leaves whole tickets or none`, async () => {
    const first = await labDesk();
    const full = await spawnHd(['--db', first, 'import', exportFile], env);
    expect(full.code, full.stderr).toBe(0);
    expect(await pgHealth(first)).toMatchObject({ ...whole(TICKETS), max_number: 100000 + TICKETS, counter: 100000 + TICKETS });

    const seed = KILL_SEED;
    const next = random(seed);
    let scale = full.ms;
    const outcomes: string[] = [];
    for (let i = 1; i <= REPETITIONS; i++) {
      const url = await labDesk();
      const delay = Math.round(scale * (0.05 + 0.95 * next()));
      const run = await spawnHd(['--db', url, 'import', exportFile], env, { killAfterMs: delay });
      const context = `seed ${seed}, repetition ${i}, killed after ${delay} ms: ${run.signal ?? `exit ${run.code}`}`;
      if (run.signal === null) scale = Math.min(scale, run.ms);
      const h = await pgHealth(url);
      const landed = h.tickets === TICKETS;
      expect(h, context).toMatchObject(whole(landed ? TICKETS : 0));
      expect(h.counter, context).toBe(h.max_number);
      const created = await spawnHd(['--db', url, 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'After the crash', '--body', 'Still here?'], env);
      expect(created.stdout, `${context}: ${created.stderr}`).toBe(`${h.max_number + 1}\n`);
      expect(await pgHealth(url), context).toMatchObject({ ...whole(h.tickets + 1), max_number: h.max_number + 1 });
      outcomes.push(run.signal === 'SIGKILL' ? (landed ? 'killed after commit' : 'killed') : 'finished');
    }
    expect(outcomes.filter((o) => o === 'killed').length, outcomes.join(', ')).toBeGreaterThanOrEqual(REPETITIONS / 2);
  }, 300_000);
});
