/**
 * Least privilege: end users' addresses (completion, "did you mean" hints) only for admins; every
 * file helpdesk writes is 0600 even under umask 000, and an existing database found 0644 is tightened;
 * an agent cannot open a ticket in a department they could then not see.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, dbDigest, sandbox, type Sandbox } from '../helpers/cli.js';

let s: Sandbox;
beforeAll(() => {
  s = sandbox();
  expect(s.hd(['init', '--sample', 'lab']).code).toBe(0);
});
afterAll(() => s.cleanup());

const complete = (words: string[]) => s.hd(['__complete', '--', ...words]).stdout.split('\n').filter(Boolean).slice(1);

describe('end users are listed to admins only', () => {
  it('completion of --user and --as', () => {
    expect(complete(['--as', 'admin', 'ticket', 'list', '--user', 'k'])).toEqual(['karen@example.com\tKaren Jones', 'ken@example.com\tKen Adams']);
    expect(complete(['--as', 'john', 'ticket', 'list', '--user', 'k'])).toEqual([]);
    expect(complete(['--as', 'karen@example.com', 'ticket', 'list', '--user', 'k'])).toEqual([]);
    expect(complete(['--as', 'j'])).toEqual(['jane\tJane — agent', 'john\tJohn — agent']);
    expect(complete(['--as', 'john', '--as', 'k'])).toEqual([]);
    expect(complete(['--as', 'admin', '--as', 'k']).map((c) => c.split('\t')[0])).toEqual(['karen@example.com', 'ken@example.com']);
  });

  it('"did you mean" hints', () => {
    const unknownActor = s.hd(['--as', 'karen@exampel.com', 'ticket', 'list']);
    expect(unknownActor.code).toBe(3);
    expect(unknownActor.stderr).not.toContain('karen@example.com');
    const asJohn = s.hd(['--as', 'john', 'ticket', 'list', '--user', 'karen@exampel.com']);
    expect(asJohn.code).toBe(3);
    expect(asJohn.stderr).not.toContain('karen@example.com');
    const asAdmin = s.hd(['--as', 'admin', 'ticket', 'list', '--user', 'karen@exampel.com']);
    expect(asAdmin.code).toBe(3);
    expect(asAdmin.stderr).toContain("did you mean 'karen@example.com'?");
  });
});

describe('John cannot open a ticket he could then not see', () => {
  it('in Accounting: exit 4, nothing created; assigned to himself it is his to see', () => {
    const before = dbDigest(s.db);
    const args = ['--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 's', '--body', 'b', '--dept', 'Accounting'];
    const r = s.hd(args);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^helpdesk: access denied: you have no access to Accounting, so you could not see the ticket\nhint: /);
    expect(dbDigest(s.db)).toBe(before);
    const mine = s.hd([...args, '--assign', 'john']);
    expect(mine.code, mine.stderr).toBe(0);
    expect(s.hd(['--as', 'john', 'ticket', 'show', mine.stdout.trim()]).code).toBe(0);
  });
});

describe('file modes', () => {
  /** Runs helpdesk under umask 000, as a careless service account would. */
  const open = (args: string[], input = '') => {
    const r = spawnSync('sh', ['-c', `umask 000; exec "${process.execPath}" "${BIN}" "$@"`, 'sh', ...args], {
      env: { ...s.env, XDG_CACHE_HOME: join(s.dir, 'cache') }, encoding: 'utf8', input,
    });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout;
  };
  const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

  it('everything written under umask 000 is 0600 (folders 0700)', () => {
    const db = join(s.dir, 'fresh', 'h.db');
    open(['--db', db, 'init', '--sample', 'lab']);
    const mail = ['From: Ann <ann@example.com>', 'To: help@example.com', 'Subject: scan', 'Message-ID: <m1@x>', 'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary=b', '', '--b', 'Content-Type: text/plain', '', 'see attached', '--b',
      'Content-Type: application/pdf; name=scan.pdf', 'Content-Disposition: attachment; filename=scan.pdf', 'Content-Transfer-Encoding: base64', '',
      Buffer.from('%PDF-1.4 fake').toString('base64'), '--b--', ''].join('\r\n');
    const n = open(['--db', db, 'mail', 'ingest', '-'], mail).trim();
    const out = (name: string) => join(s.dir, 'fresh', name);
    open(['--db', db, '--as', 'admin', 'backup', out('b.db')]);
    open(['--db', db, '--as', 'admin', 'export', '--out', out('e.json')]);
    open(['--db', db, '--as', 'admin', 'export', '--format', 'csv', '--out', out('e.csv')]);
    open(['--db', db, '--as', 'admin', 'ticket', 'attachment', n, '1', '--out', out('scan.pdf')]);
    open(['--db', db, 'init', '--force', '--admin', 'admin']); // keeps the old file, saves the login
    const files = readdirSync(join(s.dir, 'fresh'));
    expect(files.some((f) => f.includes('.replaced-'))).toBe(true);
    for (const f of files) expect([f, mode(join(s.dir, 'fresh', f))]).toEqual([f, '600']);
    expect(mode(join(s.dir, 'fresh'))).toBe('700');
    const state = join(s.dir, 'state', 'helpdesk');
    for (const f of readdirSync(state)) expect([f, mode(join(state, f))]).toEqual([f, '600']);
    const cache = join(s.dir, 'cache', 'helpdesk');
    for (const f of readdirSync(cache)) expect([f, mode(join(cache, f))]).toEqual([f, '600']);
  });

  it('an existing database found 0644 is tightened to 0600', () => {
    chmodSync(s.db, 0o644);
    expect(s.hd(['--as', 'admin', 'ticket', 'list']).code).toBe(0);
    expect(mode(s.db)).toBe('600');
  });

  it('a foreign file is not tightened (it is not ours to change)', () => {
    const other = join(s.dir, 'other.txt');
    writeFileSync(other, 'not a database at all, just text that is long enough to be read as a header by SQLite....', { mode: 0o644 });
    chmodSync(other, 0o644);
    expect(s.hd(['--db', other, 'ticket', 'list']).code).toBe(1);
    expect(mode(other)).toBe('644');
  });
});
