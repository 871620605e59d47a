/**
 * kill -9 of a bulk status change at random moments: all the tickets change or none; each
 * ticket's status is where its events say; every resolution notice queued with its change, none
 * without; numbering carries on.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTicket } from '../../src/desk/tickets/create.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import {copyDatabase, health, random, whole, KILL_SEED } from './helpers.js';
import { spawnHd } from '../helpers/cli.js';

const TICKETS = 300;
const REPETITIONS = 20;
let dir: string;
let env: Record<string, string>;
let base: string;
const numbers = Array.from({ length: TICKETS }, (_, i) => String(100001 + i));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'helpdesk-kill-status-'));
  env = { PATH: process.env.PATH ?? '', HOME: dir, XDG_STATE_HOME: join(dir, 'state'), NO_COLOR: '1', HELPDESK_AS: 'john', HELPDESK_NOW: '2026-03-02T09:15:00Z' };
  base = join(dir, 'base.db');
  expect((await spawnHd(['--db', base, 'init', '--sample', 'lab'], env)).code).toBe(0);
  // Mail configured: each resolution queues a notice for the end user in the same transaction.
  expect((await spawnHd(['--db', base, '--as', 'admin', 'config', 'set', 'mail.from', 'Help Desk <help@example.com>'], env)).code).toBe(0);
  const store = openSqliteStore(base);
  try {
    for (let i = 0; i < TICKETS; i++) {
      await createTicket({ store, now: new Date(Date.parse('2026-03-01T08:00:00Z') + i * 60_000) }, {
        actor: 'john', user: ['ken@example.com', 'karen@example.com'][i % 2], subject: `Printer ${i} jams`, body: 'Every page.',
      });
    }
  } finally {
    store.close();
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function resolutions(path: string): { resolved: number; notes: number; notices: number } {
  const db = new Database(path, { readonly: true });
  try {
    const one = (sql: string) => db.prepare(sql).pluck().get() as number;
    return {
      resolved: one("SELECT count(*) FROM tickets WHERE status = 'resolved'"),
      notes: one("SELECT count(*) FROM thread_entries WHERE kind = 'note' AND body = 'Fixed the tray.'"),
      notices: one("SELECT count(*) FROM outbox WHERE kind = 'resolved'"),
    };
  } finally {
    db.close();
  }
}

it(`a bulk status change killed at ${REPETITIONS} random moments changes every ticket or none`, async () => {
  const args = (db: string) => ['--db', db, 'ticket', 'status', ...numbers, 'resolved', '--note', 'Fixed the tray.'];
  const first = join(dir, 'work-0.db');
  copyDatabase(base, first);
  const full = await spawnHd(args(first), env);
  expect(full.code, full.stderr).toBe(0);
  expect(resolutions(first)).toEqual({ resolved: TICKETS, notes: TICKETS, notices: TICKETS });

  const seed = KILL_SEED;
  const next = random(seed);
  // Kill within the time a whole run takes; a run that finished first shows the machine got faster.
  let scale = full.ms;
  let killed = 0;
  for (let i = 1; i <= REPETITIONS; i++) {
    const db = join(dir, `work-${i}.db`);
    copyDatabase(base, db);
    const delay = Math.round(scale * (0.05 + 0.95 * next()));
    const run = await spawnHd(args(db), env, { killAfterMs: delay });
    const context = `seed ${seed}, repetition ${i}, killed after ${delay} ms: ${run.signal ?? `exit ${run.code}`}`;
    if (run.signal === null) scale = Math.min(scale, run.ms);
    const r = resolutions(db);
    const all = r.resolved === TICKETS;
    if (!all) killed++;
    expect(r, context).toEqual(all ? { resolved: TICKETS, notes: TICKETS, notices: TICKETS } : { resolved: 0, notes: 0, notices: 0 });
    expect(health(db), context).toMatchObject({ ...whole(TICKETS), maxNumber: 100000 + TICKETS, counter: 100000 + TICKETS });
    const created = await spawnHd(['--db', db, 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'After the crash', '--body', 'x'], env);
    expect(created.stdout, `${context}: ${created.stderr}`).toBe(`${100001 + TICKETS}\n`);
    for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
  }
  expect(killed, 'most runs must really have been cut short').toBeGreaterThanOrEqual(REPETITIONS / 2);
}, 300_000);
