/**
 * kill -9 of `mail send` at random moments, against a real SMTP server: no message is
 * lost — one marked sent was delivered, every other one is still queued and goes out on the next
 * run — and at most the one in flight at the kill is delivered twice (with the same Message-ID).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTicket } from '../../src/desk/tickets/create.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';
import {copyDatabase, health, random, whole, KILL_SEED } from './helpers.js';
import { spawnHd } from '../helpers/cli.js';

const MESSAGES = 40;
const REPETITIONS = 20;
let dir: string;
let env: Record<string, string>;
let base: string;
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startSmtp();
  dir = mkdtempSync(join(tmpdir(), 'helpdesk-kill-mail-'));
  env = { PATH: process.env.PATH ?? '', HOME: dir, XDG_STATE_HOME: join(dir, 'state'), NO_COLOR: '1', HELPDESK_AS: 'admin', HELPDESK_NOW: '2026-03-02T09:15:00Z' };
  base = join(dir, 'base.db');
  expect((await spawnHd(['--db', base, 'init', '--sample', 'lab'], env)).code).toBe(0);
  for (const [key, value] of [['mail.from', 'Help Desk <help@example.com>'], ['mail.smtp', `smtp://127.0.0.1:${smtp.port}`], ['mail.autoresponse', 'on']]) {
    expect((await spawnHd(['--db', base, 'config', 'set', key!, value!], env)).code).toBe(0);
  }
  const store = openSqliteStore(base);
  try {
    for (let i = 0; i < MESSAGES; i++) {
      await createTicket({ store, now: new Date(Date.parse('2026-03-02T08:00:00Z') + i * 60_000) }, {
        actor: 'john', user: `user${i}@example.com`, subject: `VPN drops ${i}`, body: 'Every hour.',
      });
    }
  } finally {
    store.close();
  }
}, 120_000);
afterAll(async () => {
  await smtp.close();
  rmSync(dir, { recursive: true, force: true });
});

function outbox(path: string): Array<{ message_id: string; status: string; attempts: number }> {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT message_id, status, attempts FROM outbox ORDER BY id').all() as Array<{ message_id: string; status: string; attempts: number }>;
  } finally {
    db.close();
  }
}

const receivedSince = (from: number) => smtp.received.slice(from).map((r) => r.mail.messageId ?? '');

it(`mail send killed at ${REPETITIONS} random moments loses no message`, async () => {
  const first = join(dir, 'work-0.db');
  copyDatabase(base, first);
  const mark = smtp.received.length;
  const full = await spawnHd(['--db', first, 'mail', 'send'], env);
  expect(full.code, full.stderr).toBe(0);
  expect(outbox(first).map((m) => m.status)).toEqual(Array(MESSAGES).fill('sent'));
  expect(receivedSince(mark).sort()).toEqual(outbox(first).map((m) => m.message_id).sort());

  const seed = KILL_SEED;
  const next = random(seed);
  // Kill within the time a whole run takes; a run that finished first shows the machine got faster.
  let scale = full.ms;
  let cut = 0;
  for (let i = 1; i <= REPETITIONS; i++) {
    const db = join(dir, `work-${i}.db`);
    copyDatabase(base, db);
    const before = smtp.received.length;
    const delay = Math.round(scale * (0.05 + 0.95 * next()));
    const run = await spawnHd(['--db', db, 'mail', 'send'], env, { killAfterMs: delay });
    const context = `seed ${seed}, repetition ${i}, killed after ${delay} ms: ${run.signal ?? `exit ${run.code}`}`;
    if (run.signal === null) scale = Math.min(scale, run.ms);
    const delivered = new Set(receivedSince(before));
    const after = outbox(db);
    expect(after.length, context).toBe(MESSAGES);
    for (const m of after) {
      expect(m.status, context).not.toBe('failed');
      // Marked sent only once the server took it.
      if (m.status === 'sent') expect(delivered.has(m.message_id), `${context}: ${m.message_id}`).toBe(true);
    }
    if (after.some((m) => m.status === 'pending')) cut++;
    expect(health(db), context).toMatchObject(whole(MESSAGES));

    // The next run (a day later, when every claimed message is due again) sends the rest.
    const rest = await spawnHd(['--db', db, 'mail', 'send'], { ...env, HELPDESK_NOW: '2026-03-03T09:15:00Z' });
    expect(rest.code, `${context}: ${rest.stderr}`).toBe(0);
    const final = outbox(db);
    expect(final.map((m) => m.status), context).toEqual(Array(MESSAGES).fill('sent'));
    const all = receivedSince(before);
    expect(new Set(all), context).toEqual(new Set(final.map((m) => m.message_id)));
    expect(all.length - MESSAGES, `${context}: at most the message in flight goes twice`).toBeLessThanOrEqual(1);
    for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
  }
  expect(cut, 'most runs must really have been cut short').toBeGreaterThanOrEqual(REPETITIONS / 2);
}, 300_000);
