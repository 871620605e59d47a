/**
 * Another writer holding the database lock. While it holds it for 3 s, commands wait and
 * then succeed — no SQLITE_BUSY ever reaches the user. Past the busy timeout
 * (HELPDESK_BUSY_TIMEOUT_MS) they fail with a clear "database is busy", exit 1 (mail ingest: 75,
 * for the MTA to retry), and nothing is half-written.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbDigest, query, sandbox, type Sandbox, spawnHd } from '../helpers/cli.js';
import {health, whole } from './helpers.js';

const SQLITE = resolve(import.meta.dirname, '../../node_modules/better-sqlite3');
const BUSY = 'helpdesk: database is busy (another helpdesk command holds the lock); try again\n';
let s: Sandbox;
const env = (extra: Record<string, string> = {}) => ({ ...s.env, HELPDESK_AS: 'john', HELPDESK_NOW: '2026-03-02T09:15:00Z', ...extra });

beforeAll(async () => {
  s = sandbox();
  expect(s.hd(['init', '--sample', 'lab']).code).toBe(0);
  for (const [key, value] of [['mail.from', 'Help Desk <help@example.com>'], ['mail.smtp', 'smtp://127.0.0.1:9'], ['mail.autoresponse', 'on']]) {
    expect(s.hd(['--as', 'admin', 'config', 'set', key!, value!]).code).toBe(0);
  }
  for (let i = 1; i <= 3; i++) {
    expect(s.hd(['ticket', 'create', '--user', 'ken@example.com', '--subject', `Printer ${i}`, '--body', 'Jams.'], { env: env() }).code).toBe(0);
  }
});
afterAll(() => s.cleanup());

/** A process that takes the write lock (BEGIN IMMEDIATE) and holds it until released. */
async function holdLock(): Promise<{ release(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['-e', `
    const db = new (require(${JSON.stringify(SQLITE)}))(process.argv[1]);
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n');
    const end = () => { db.exec('ROLLBACK'); db.close(); process.exit(0); };
    process.stdin.on('data', end);
    setTimeout(end, 60000);`, s.db], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((done) => child.stdout!.once('data', () => done()));
  return {
    release: () => new Promise<void>((done) => {
      child.on('close', () => done());
      child.stdin!.write('release\n');
    }),
  };
}

const SMALL_EXPORT = () => {
  const file = join(s.dir, 'one.json');
  writeFileSync(file, JSON.stringify({ format: 'helpdesk-export', version: 1, tickets: [] }));
  return file;
};

describe('a writer holding the lock for 3 s', () => {
  it('other commands wait for it and then succeed', async () => {
    const lock = await holdLock();
    const runs = Promise.all([
      spawnHd(['ticket', 'create', '--user', 'karen@example.com', '--subject', 'VPN drops', '--body', 'Every hour.'], env()),
      spawnHd(['ticket', 'status', '100001', '100002', 'in-progress'], env()),
      spawnHd(['ticket', 'reply', '100003', '--body', 'On my way.'], env()),
      spawnHd(['ticket', 'note', '100001', '--body', 'Checked the tray.'], env()),
      spawnHd(['sla', 'check'], env({ HELPDESK_AS: 'admin' })),
      spawnHd(['import', SMALL_EXPORT()], env({ HELPDESK_AS: 'admin' })),
      spawnHd(['ticket', 'list'], env()),
    ]);
    await new Promise((done) => setTimeout(done, 3000));
    await lock.release();
    const results = await runs;
    for (const r of results) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/busy|SQLITE/i);
    }
    expect(results[0]!.stdout).toBe('100004\n');
    expect(query(s.db, 'SELECT number, status FROM tickets ORDER BY id')).toEqual([
      { number: '100001', status: 'in-progress' }, { number: '100002', status: 'in-progress' },
      { number: '100003', status: 'open' }, { number: '100004', status: 'open' },
    ]);
    // (The order the waiting writers got the lock in is up to them.)
    expect(query(s.db, "SELECT t.number, e.kind, e.body FROM thread_entries e JOIN tickets t ON t.id = e.ticket_id WHERE e.kind <> 'message' ORDER BY t.number"))
      .toEqual([{ number: '100001', kind: 'note', body: 'Checked the tray.' }, { number: '100003', kind: 'reply', body: 'On my way.' }]);
    expect(health(s.db)).toMatchObject(whole(4));
  });
});

describe('past the busy timeout', () => {
  const commands: Array<[string, string[], Record<string, string>]> = [
    ['ticket create', ['ticket', 'create', '--user', 'karen@example.com', '--subject', 'Lost', '--body', 'x'], {}],
    ['ticket status over several tickets', ['ticket', 'status', '100001', '100002', '100003', 'resolved', '--note', 'x'], {}],
    ['ticket reply (which queues mail)', ['ticket', 'reply', '100001', '--body', 'x'], {}],
    ['ticket assign', ['ticket', 'assign', '100002', '--me'], {}],
    ['sla check', ['sla', 'check'], { HELPDESK_AS: 'admin' }],
    ['mail send (messages pending)', ['mail', 'send'], { HELPDESK_AS: 'admin' }],
    ['import', ['import', '@export'], { HELPDESK_AS: 'admin' }],
    ['dept add', ['dept', 'add', 'Facilities'], { HELPDESK_AS: 'admin' }],
  ];

  it.each(commands)('%s: exit 1, "database is busy", nothing written', async (_name, args, extra) => {
    const lock = await holdLock();
    try {
      const before = dbDigest(s.db);
      const r = await spawnHd(args.map((a) => (a === '@export' ? SMALL_EXPORT() : a)), env({ HELPDESK_BUSY_TIMEOUT_MS: '300', ...extra }));
      expect([r.code, r.stdout, r.stderr]).toEqual([1, '', BUSY]);
      expect(dbDigest(s.db)).toBe(before);
    } finally {
      await lock.release();
    }
  });

  it('mail ingest: exit 75 so that the MTA retries, nothing stored', async () => {
    const lock = await holdLock();
    try {
      const before = dbDigest(s.db);
      const r = await new Promise<{ code: number | null; stderr: string }>((done) => {
        const child = spawn(process.execPath, [resolve(import.meta.dirname, '../../bin/helpdesk.js'), 'mail', 'ingest', '-'], {
          env: env({ HELPDESK_BUSY_TIMEOUT_MS: '300' }), stdio: ['pipe', 'ignore', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (code) => done({ code, stderr }));
        child.stdin.end('From: Ken Adams <ken@example.com>\r\nSubject: Still broken\r\nMessage-ID: <busy-1@example.com>\r\n\r\nHelp.\r\n');
      });
      expect(r.code).toBe(75);
      expect(r.stderr.split('\n')[0]).toBe(BUSY.trim());
      expect(dbDigest(s.db)).toBe(before);
    } finally {
      await lock.release();
    }
  });

  it('reading needs no lock: ticket list and show answer at once', async () => {
    const lock = await holdLock();
    try {
      const r = await spawnHd(['ticket', 'show', '100001', '--json'], env({ HELPDESK_BUSY_TIMEOUT_MS: '300' }));
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ number: '100001' });
    } finally {
      await lock.release();
    }
  });
});
