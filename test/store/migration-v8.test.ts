/**
 * Migration 8 rebuilds the outbox so that its status may be 'bounced': a database of version 6 with
 * mail in its outbox upgrades with every row and column intact.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openSqliteStore } from '../../src/store/sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'helpdesk-v8-'));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('keeps the outbox rows and accepts bounced afterwards', () => {
  const file = join(dir, 'old.db');
  const old = new Database(file);
  for (const step of MIGRATIONS.filter((m) => m.version <= 6)) old.exec(step.sql);
  old.pragma('user_version = 6');
  old.prepare(`INSERT INTO outbox (id, ticket_id, kind, to_addr, subject, body, message_id, in_reply_to, status, attempts, last_error,
    next_attempt_at, created_at, sent_at, references_hdr) VALUES (7, NULL, 'sla-alert', 'john@example.com', 'Overdue', 'body', '<a@x>', '<b@x>',
    'failed', 3, '550 no', NULL, '2026-03-02T09:00:00.000Z', NULL, '<c@x> <b@x>')`).run();
  expect(() => old.prepare("UPDATE outbox SET status = 'bounced'").run()).toThrow(/CHECK/);
  const before = old.prepare('SELECT * FROM outbox').all();
  old.close();

  openSqliteStore(file).close();

  const db = new Database(file);
  try {
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(8);
    // Later migrations may add columns: every row keeps every column it had.
    expect(db.prepare('SELECT * FROM outbox').all().map((r: any) => Object.fromEntries(Object.keys((before as any[])[0]).map((k) => [k, r[k]])))).toEqual(before);
    db.prepare("UPDATE outbox SET status = 'bounced' WHERE id = 7").run();
    expect(() => db.prepare("UPDATE outbox SET status = 'lost' WHERE id = 7").run()).toThrow(/CHECK/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox' ORDER BY name").all().map((r: any) => r.name))
      .toEqual(['outbox_status', 'outbox_ticket', 'sqlite_autoindex_outbox_1']);
  } finally {
    db.close();
  }
});
