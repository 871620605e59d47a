/**
 * kill -9 of `helpdesk import` at random moments: the import lands whole or not at all,
 * the database stays sound (integrity, search index and its triggers, no bulk-load marker), and
 * ticket numbering carries on after whatever is there.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
// The benchmark's generator: a realistic help desk through the store's bulk path.
import { exportedDesk } from '../helpers/exported-desk.js';
import {copyDatabase, health, random, whole, KILL_SEED } from './helpers.js';
import { spawnHd } from '../helpers/cli.js';

const TICKETS = 1000;
const REPETITIONS = 20;
let dir: string;
let env: Record<string, string>;
let exportFile: string;
let base: string;

beforeAll(async () => {
  ({ dir, env, file: exportFile } = await exportedDesk('helpdesk-kill-import-', TICKETS));
  base = join(dir, 'base.db');
  expect((await spawnHd(['--db', base, 'init', '--sample', 'lab'], env)).code).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it(`an import killed at ${REPETITIONS} random moments lands whole or not at all`, async () => {
  const work = (i: number) => join(dir, `work-${i}.db`);
  copyDatabase(base, work(0));
  const full = await spawnHd(['--db', work(0), 'import', exportFile], env);
  expect(full.code, full.stderr).toBe(0);
  expect(health(work(0))).toMatchObject({ ...whole(TICKETS), maxNumber: 100000 + TICKETS, counter: 100000 + TICKETS });

  const seed = KILL_SEED;
  const next = random(seed);
  // Kill within the time a whole run takes; a run that finished first shows the machine got faster.
  let scale = full.ms;
  const outcomes: string[] = [];
  for (let i = 1; i <= REPETITIONS; i++) {
    const db = work(i);
    copyDatabase(base, db);
    const delay = Math.round(scale * (0.05 + 0.95 * next()));
    const run = await spawnHd(['--db', db, 'import', exportFile], env, { killAfterMs: delay });
    const h = health(db);
    const landed = h.tickets === TICKETS;
    const context = `seed ${seed}, repetition ${i}, killed after ${delay} ms: ${run.signal ?? `exit ${run.code}`}`;
    if (run.signal === null) scale = Math.min(scale, run.ms);
    expect(h, context).toMatchObject(whole(landed ? TICKETS : 0));
    expect(h.counter, context).toBe(h.maxNumber);
    // Numbering carries on after whatever is there.
    const created = await spawnHd(['--db', db, 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'After the crash', '--body', 'Still here?'], env);
    expect(created.stdout, `${context}: ${created.stderr}`).toBe(`${h.maxNumber + 1}\n`);
    expect(health(db), context).toMatchObject({ ...whole(h.tickets + 1), maxNumber: h.maxNumber + 1 });
    outcomes.push(run.signal === 'SIGKILL' ? (landed ? 'killed after commit' : 'killed') : 'finished');
    rmSync(db, { force: true });
    rmSync(`${db}-wal`, { force: true });
    rmSync(`${db}-shm`, { force: true });
  }
  // Most runs must really have been cut short, or the test proves nothing.
  expect(outcomes.filter((o) => o === 'killed').length, outcomes.join(', ')).toBeGreaterThanOrEqual(REPETITIONS / 2);
}, 300_000);
