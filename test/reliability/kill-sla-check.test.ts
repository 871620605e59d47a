/**
 * kill -9 of `sla check` on a backlog at random moments: its batches commit one by one,
 * so a killed run leaves some breaches recorded; the next run records exactly the rest, and in the
 * end every person has had one mail for the run, whatever moment the first one died.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bigDesk } from '../helpers/big-desk.js';
import Database from 'better-sqlite3';
import {copyDatabase, random, KILL_SEED } from './helpers.js';
import { spawnHd } from '../helpers/cli.js';

const COUNT = 3000;
const REPETITIONS = 8;
let dir: string;
let env: Record<string, string>;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'helpdesk-kill-sla-'));
  env = { PATH: process.env.PATH ?? '', HOME: dir, XDG_STATE_HOME: join(dir, 'state'), NO_COLOR: '1', HELPDESK_NOW: '2026-03-02T09:00:00Z' };
  const d = await bigDesk({ count: COUNT, start: '2026-02-01T00:00:00Z', stepSeconds: 60, status: "'open'", dueMinutes: 60 });
  base = join(dir, 'base.db');
  d.store.close();
  copyDatabase(d.path, base);
  d.cleanup();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function state(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    const one = (sql: string) => db.prepare(sql).pluck().get() as number;
    return {
      events: one("SELECT count(*) FROM events WHERE type = 'overdue'"),
      tickets: one("SELECT count(DISTINCT ticket_id) FROM events WHERE type = 'overdue'"),
      mails: db.prepare("SELECT to_addr, count(*) AS n FROM outbox WHERE kind = 'sla-alert' GROUP BY to_addr ORDER BY to_addr").all() as Array<{ to_addr: string; n: number }>,
      pending: one('SELECT count(*) FROM sla_alert_pending'),
      integrity: db.pragma('integrity_check', { simple: true }),
    };
  } finally {
    db.close();
  }
}

it(`sla check killed at ${REPETITIONS} random moments, then run again: every breach once, one mail per person`, async () => {
  const first = join(dir, 'work-0.db');
  copyDatabase(base, first);
  const full = await spawnHd(['--db', first, 'sla', 'check', '--json'], env);
  expect(full.code, full.stderr).toBe(0);
  const expected = state(first);
  expect(expected.events).toBe(COUNT);
  expect(expected.mails.length).toBeGreaterThan(1);
  expect(expected.mails.every((m) => m.n === 1)).toBe(true);

  const seed = KILL_SEED;
  const next = random(seed);
  let scale = full.ms;
  let cut = 0;
  for (let i = 1; i <= REPETITIONS; i++) {
    const db = join(dir, `work-${i}.db`);
    copyDatabase(base, db);
    const delay = Math.round(scale * (0.1 + 0.9 * next()));
    const run = await spawnHd(['--db', db, 'sla', 'check', '--json'], env, { killAfterMs: delay });
    const context = `seed ${seed}, repetition ${i}, killed after ${delay} ms: ${run.signal ?? `exit ${run.code}`}`;
    if (run.signal === null) scale = Math.min(scale, run.ms);
    const between = state(db);
    if (between.events < COUNT || between.pending > 0) cut++;
    const again = await spawnHd(['--db', db, 'sla', 'check', '--json'], env);
    expect(again.code, `${context}: ${again.stderr}`).toBe(0);
    const out = JSON.parse(again.stdout) as { breaches: unknown[]; count: number };
    expect(out.count, context).toBe(COUNT - between.events);
    expect(out.breaches, context).toHaveLength(Math.min(1000, COUNT - between.events));
    expect(state(db), context).toEqual(expected);
    for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
  }
  expect(cut, 'some runs must really have been cut short').toBeGreaterThanOrEqual(1);
}, 300_000);
