/**
 * Destructive commands keep what they replace: `lab start` refuses a desk with work unless --force;
 * `lab start --force`, `init --force` and `restore --force` keep the old database, whole (with its write-ahead log), as
 * `<file>.replaced-<UTC timestamp>` and name it; a killed backup leaves no partial copy for long.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dbDigest, sandbox, type Sandbox } from '../helpers/cli.js';

let s: Sandbox;
const NOW = { env: { HELPDESK_NOW: '2026-03-02T09:00:00Z' } };
const KEPT = `helpdesk.db.replaced-20260302T090000Z`;
// A kept database's write-ahead log goes with it (commands leave a small one): not a file of its own.
const leftovers = () => readdirSync(s.dir).filter((n) => (n.includes('.replaced-') || n.includes('.partial')) && !/-(wal|shm)$/.test(n));

beforeEach(() => {
  s = sandbox();
  // A desk made from the training organisation that then took real work.
  expect(s.hd(['init', '--sample', 'lab'], NOW).code).toBe(0);
  expect(s.hd(['--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'real work', '--body', 'b'], NOW).code).toBe(0);
});
afterEach(() => s.cleanup());

function keptIdentical(stderr: string, before: string): void {
  expect(stderr).toContain(`Kept the replaced database as ${join(s.dir, KEPT)}\n`);
  // The same database, its write-ahead log included (a command may have folded the log in first).
  expect(dbDigest(join(s.dir, KEPT))).toBe(before);
  expect(statSync(join(s.dir, KEPT)).mode & 0o777).toBe(0o600);
}

describe('lab start', () => {
  it('refuses a desk holding a ticket no lab created (exit 5, unchanged), and no file is kept', () => {
    const before = dbDigest(s.db);
    const r = s.hd(['lab', 'start', 'banking-outage'], NOW);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/holds tickets that no lab created[^\n]*\nhint: .*--force/);
    expect(dbDigest(s.db)).toBe(before);
    expect(leftovers()).toEqual([]);
  });

  it('with --force keeps the old database whole and names it', () => {
    const before = dbDigest(s.db);
    const r = s.hd(['lab', 'start', 'banking-outage', '--force', '--json'], NOW);
    expect(r.code, r.stderr).toBe(0);
    keptIdentical(r.stderr, before);
    expect(JSON.parse(r.stdout).replaced).toBe(join(s.dir, KEPT));
    // The kept file is the old desk, whole: its ticket is there.
    expect(s.json(['--db', join(s.dir, KEPT), '--as', 'admin', 'ticket', 'list', '--queue', 'all']).map((t: any) => t.subject)).toEqual(['real work']);
  });

  it('replaces an earlier lab without asking and keeps nothing', () => {
    expect(s.hd(['lab', 'start', 'banking-outage', '--force'], NOW).code).toBe(0);
    const r = s.hd(['lab', 'start', 'escalation'], { env: { HELPDESK_NOW: '2026-03-02T10:00:00Z' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('Kept');
    expect(leftovers()).toEqual([KEPT]);
  });

  it('a ticket created in a running lab is work too', () => {
    expect(s.hd(['lab', 'start', 'banking-outage', '--force'], NOW).code).toBe(0);
    expect(s.hd(['--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'x', '--body', 'b'], NOW).code).toBe(0);
    expect(s.hd(['lab', 'start', 'escalation'], NOW).code).toBe(5);
  });
});

describe('init --force and restore --force', () => {
  it('init --force keeps the old file and names it', () => {
    const before = dbDigest(s.db);
    const r = s.hd(['init', '--force'], NOW);
    expect(r.code, r.stderr).toBe(0);
    keptIdentical(r.stderr, before);
    expect(s.json(['ticket', 'list', '--queue', 'all'])).toEqual([]);
  });

  it('init --force twice in the same second keeps both', () => {
    expect(s.hd(['init', '--force'], NOW).code).toBe(0);
    expect(s.hd(['init', '--force'], NOW).code).toBe(0);
    expect(leftovers().sort()).toEqual([KEPT, `${KEPT}-2`]);
  });

  it('restore --force keeps the database it replaces', () => {
    const backup = join(s.dir, 'before.db');
    expect(s.hd(['--as', 'admin', 'backup', backup], NOW).code).toBe(0);
    expect(s.hd(['--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'after the backup', '--body', 'b'], NOW).code).toBe(0);
    const before = dbDigest(s.db);
    const r = s.hd(['--as', 'admin', 'restore', backup, '--force'], NOW);
    expect(r.code, r.stderr).toBe(0);
    keptIdentical(r.stderr, before);
    expect(s.json(['--db', join(s.dir, KEPT), '--as', 'admin', 'ticket', 'list', '--queue', 'all']).map((t: any) => t.subject).sort())
      .toEqual(['after the backup', 'real work']);
  });

  it('restore without --force is refused and keeps nothing', () => {
    const backup = join(s.dir, 'b.db');
    expect(s.hd(['--as', 'admin', 'backup', backup], NOW).code).toBe(0);
    expect(s.hd(['--as', 'admin', 'restore', backup], NOW).code).toBe(5);
    expect(leftovers()).toEqual([]);
  });
});

describe('backup', () => {
  it('removes the partial copy a killed backup left behind', () => {
    // The pid of a process that has certainly ended.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const stale = join(s.dir, `.b.db.${dead}.partial`);
    writeFileSync(stale, 'half a copy');
    writeFileSync(`${stale}-journal`, 'x');
    const r = s.hd(['--as', 'admin', 'backup', join(s.dir, 'b.db')], NOW);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(`${stale}-journal`)).toBe(false);
    expect(leftovers()).toEqual([]);
  });
});
