/**
 * A command leaves a small write-ahead log beside the database instead of folding it back
 * at exit (the checkpoint's fsyncs). Every commit is still durable and seen by the next command, a
 * backup holds it, a large log is still folded back, and a log never meets a database it does not
 * belong to. (Crash safety with the log left: test/reliability, which kill -9 commands mid-way.)
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../helpers/cli.js';

let s: Sandbox;
const ADMIN = { env: { HELPDESK_AS: 'admin', HELPDESK_NOW: '2026-03-02T09:00:00Z' } };
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const walBytes = (db: string) => (existsSync(`${db}-wal`) ? statSync(`${db}-wal`).size : 0);
const create = (subject: string, body = 'b', db = s.db) =>
  s.hd(['--db', db, 'ticket', 'create', '--user', 'ken@example.com', '--subject', subject, '--body-file', '-'], { ...ADMIN, input: body });

beforeEach(() => {
  s = sandbox();
  expect(s.hd(['init', '--sample', 'lab'], ADMIN).code).toBe(0);
});
afterEach(() => s.cleanup());

describe('the write-ahead log at exit', () => {
  it('a create leaves its commit in the log, the database file untouched, and the next command sees it', () => {
    const before = sha(s.db);
    const r = create('left in the log');
    expect(r.code, r.stderr).toBe(0);
    expect(walBytes(s.db)).toBeGreaterThan(0);
    expect(sha(s.db)).toBe(before);
    const shown = s.json(['ticket', 'show', r.stdout.trim()], ADMIN);
    expect(shown.subject).toBe('left in the log');
  });

  it('a backup holds what is only in the log', () => {
    expect(create('only in the log').code).toBe(0);
    const copy = join(s.dir, 'copy.db');
    expect(s.hd(['backup', copy], ADMIN).code).toBe(0);
    expect(walBytes(copy)).toBe(0);
    const listed = s.json(['--db', copy, 'ticket', 'list', '--queue', 'all'], ADMIN);
    expect(listed.map((t: { subject: string }) => t.subject)).toEqual(['only in the log']);
  });

  it('a log grown past 1 MiB is folded back into the database and removed', () => {
    expect(create('small').code).toBe(0);
    const before = sha(s.db);
    // A body of ~1.5 MiB makes the log larger than 1 MiB.
    expect(s.hd(['config', 'set', 'ticket.max_body', '4M'], ADMIN).code).toBe(0);
    const r = create('large', 'x'.repeat(1_500_000));
    expect(r.code, r.stderr).toBe(0);
    expect(walBytes(s.db)).toBe(0);
    expect(sha(s.db)).not.toBe(before);
    expect(s.json(['ticket', 'list', '--queue', 'all'], ADMIN).map((t: { subject: string }) => t.subject).sort()).toEqual(['large', 'small']);
  });

  it('a backup onto a file whose old log was left beside it does not replay that log into the copy', () => {
    const dest = join(s.dir, 'nightly.db');
    // nightly.db was once a desk of its own, and its last command left its log.
    expect(s.hd(['--db', dest, 'init', '--sample', 'lab'], ADMIN).code).toBe(0);
    for (let i = 0; i < 3; i++) expect(create(`other desk ${i}`, 'b', dest).code).toBe(0);
    expect(walBytes(dest)).toBeGreaterThan(0);
    expect(create('this desk').code).toBe(0);
    const r = s.hd(['backup', dest, '--force'], ADMIN);
    expect(r.code, r.stderr).toBe(0);
    const listed = s.json(['--db', dest, 'ticket', 'list', '--queue', 'all'], ADMIN);
    expect(listed.map((t: { subject: string }) => t.subject)).toEqual(['this desk']);
    const doctor = s.json(['--db', dest, 'doctor'], ADMIN);
    expect(JSON.stringify(doctor)).toContain('"integrity":["ok"]');
  });
});
