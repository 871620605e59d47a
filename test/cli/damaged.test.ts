/**
 * A damaged database, or one that is not a helpdesk database, is never modified: one line that says
 * what is wrong and what to do (exit 1, never "this is a bug"); `doctor` reports the damage. And the
 * doctor is for admins.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, truncateSync, openSync, writeSync, closeSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../helpers/cli.js';

let s: Sandbox;
let good: string;
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
beforeAll(async () => {
  s = sandbox();
  expect((await s.run(['init', '--sample', 'lab'])).code).toBe(0);
  for (let i = 0; i < 40; i++) {
    expect((await s.run(['--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', `t${i}`, '--body', 'x'.repeat(2000)])).code).toBe(0);
  }
  good = join(s.dir, 'good.db');
  expect((await s.run(['--as', 'admin', 'backup', good])).code).toBe(0);
});
afterAll(async () => s.cleanup());

function copyOfGood(name: string): string {
  const path = join(s.dir, name);
  copyFileSync(good, path);
  return path;
}

/** Every command on the file is refused with one line and a hint, and the file stays byte for byte. */
async function untouched(db: string, message: RegExp, commands: string[][]): Promise<void> {
  const before = sha(db);
  for (const args of commands) {
    const r = await s.run(['--db', db, '--as', 'admin', ...args]);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(2);
    expect(r.stderr).not.toMatch(/this is a bug|unexpected/);
  }
  expect(sha(db)).toBe(before);
}

const COMMANDS = [['ticket', 'list'], ['ticket', 'create', '--user', 'a@example.com', '--subject', 's', '--body', 'b'], ['sla', 'check']];

describe('a damaged database', () => {
  it('truncated: refused before SQLite touches it; doctor reports it', async () => {
    const db = copyOfGood('truncated.db');
    truncateSync(db, Math.floor(statSync(db).size / 2 / 4096) * 4096);
    await untouched(db, /^helpdesk: the database .*truncated\.db is damaged \(the file is cut short: \d+ of its \d+ pages\); nothing was changed\nhint: see what is wrong: helpdesk doctor; then restore a backup: helpdesk restore <backup> --force\n$/, COMMANDS);
    const before = sha(db);
    const r = await s.run(['--db', db, 'doctor']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\nIntegrity {4}(?!ok)/);
    expect(r.stderr).toMatch(/integrity check\nhint: restore the latest backup/);
    expect(sha(db)).toBe(before);
  });

  it('cut inside a page: refused the same way', async () => {
    const db = copyOfGood('ragged.db');
    truncateSync(db, statSync(db).size - 100);
    await untouched(db, /is damaged \(the file is cut short: \d+ bytes is not a whole number of 4096-byte pages\)/, COMMANDS);
  });

  it('a malformed page: every command is refused, nothing is written, doctor names the damage', async () => {
    const db = copyOfGood('malformed.db');
    const check = new Database(db, { readonly: true });
    const root = check.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'tickets'").pluck().get() as number;
    check.close();
    const fd = openSync(db, 'r+');
    writeSync(fd, Buffer.alloc(16, 0xff), 0, 16, (root - 1) * 4096);
    closeSync(fd);
    // Damage on one page is found by what reads that page. `sla check` with nothing to record reads
    // only the partial indexes of unrecorded clocks (migration 20), not the tickets table, so it is
    // replaced here by `sla status`, which reads the table; it must still write nothing.
    await untouched(db, /is damaged \(database disk image is malformed\); nothing was changed\nhint: see what is wrong: helpdesk doctor/,
      [...COMMANDS.filter((c) => c[0] !== 'sla'), ['sla', 'status']]);
    const before = sha(db);
    await s.run(['--db', db, '--as', 'admin', 'sla', 'check']);
    expect(sha(db)).toBe(before);
    // Nor left in a write-ahead log beside it (commands leave a small log for the next one).
    expect(existsSync(`${db}-wal`) ? statSync(`${db}-wal`).size : 0).toBe(0);
    const r = await s.run(['--db', db, 'doctor', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, helpdesk: true });
    expect(JSON.parse(r.stdout).integrity.join()).not.toBe('ok');
    expect(sha(db)).toBe(before);
  });
});

describe('another program\'s database', () => {
  it.each([0, 7, 3])('with user_version %i is never written to (not even switched to WAL)', async (version) => {
    const db = join(s.dir, `foreign-${version}.db`);
    const other = new Database(db);
    other.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes(text) VALUES (\'mine\')');
    other.pragma(`user_version = ${version}`);
    other.close();
    await untouched(db, /^helpdesk: .*foreign-\d\.db is not a helpdesk database\nhint: /, [...COMMANDS, ['user', 'list']]);
    expect(readFileSync(db)[18]).toBe(1); // still a rollback-journal database
    for (const args of [['init'], ['lab', 'start', 'escalation']]) {
      const r = await s.run(['--db', db, ...args]);
      expect(r.code, r.stderr).toBe(5);
    }
    const r = await s.run(['--db', db, 'doctor']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/holds no help desk organisation/);
    expect(readFileSync(db)[18]).toBe(1);
  });
});

describe('doctor', () => {
  it('is for admins only', async () => {
    const r = await s.run(['--as', 'john', 'doctor']);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^helpdesk: access denied/);
    expect((await s.run(['--as', 'karen@example.com', 'doctor'])).code).toBe(4);
    expect((await s.run(['--as', 'admin', 'doctor'])).code).toBe(0);
  });
});
