/**
 * CONTRACT.md, Data (admins only): export (JSON and CSV), import (all or nothing), backup, file mode.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbDigest, pgMode, sandbox, type Sandbox } from '../../helpers/cli.js';
import { KAREN, KEN, T0, at, create, expectRefused, expectRefusedUnchanged, labSandbox } from './support.js';

let s: Sandbox;
let exported: string;
beforeAll(() => {
  s = labSandbox();
  create(s, KAREN, ['--subject', 'VPN, "quoted", drops', '--body', 'Line one\nLine two']);
  create(s, 'john', ['--user', 'new@example.com', '--name', 'New Person', '--subject', 'Fixed', '--body', 'b', '--resolve', 'Done.']);
  expect(s.hd(['--as', 'john', 'ticket', 'reply', '100001', '--body', 'Looking.'], at('2026-03-02T09:30:00Z')).code).toBe(0);
  exported = join(s.dir, 'export.json');
});
afterAll(() => s.cleanup());

describe('export', () => {
  it('admins only (exit 4)', () => {
    expectRefusedUnchanged(s, ['--as', 'john', 'export'], 4, /access denied/);
    expectRefusedUnchanged(s, ['--as', KAREN, 'export', '--format', 'csv'], 4, /access denied/);
  });

  it('JSON: every ticket with thread and events, and the organisation', () => {
    const r = s.hd(['--as', 'admin', 'export', '--out', exported], at(T0));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    const doc = JSON.parse(readFileSync(exported, 'utf8'));
    expect(doc.tickets.map((t: any) => t.number)).toEqual(['100001', '100002']);
    const t1 = doc.tickets[0];
    expect(t1.thread.map((e: any) => e.kind)).toEqual(['message', 'reply']);
    expect(t1.events[0]).toMatchObject({ type: 'created', actor: KAREN, at: '2026-03-02T09:00:00.000Z' });
    expect(doc.tickets[1].thread.map((e: any) => e.kind)).toEqual(['message', 'note']);
    const org = JSON.stringify(doc.organisation);
    for (const name of ['Online Banking', 'Sev-C', 'Business Hours', 'Online Banking Team', 'Password Reset', 'Expanded Access', 'jane']) expect(org).toContain(name);
    // Without --out the same document goes to stdout.
    const out = s.hd(['--as', 'admin', 'export'], at(T0));
    expect(JSON.parse(out.stdout).tickets).toHaveLength(2);
  });

  it('CSV: a header row, then one row per ticket', () => {
    const r = s.hd(['--as', 'admin', 'export', '--format', 'csv'], at(T0));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^number,subject,status,/);
    const rows = r.stdout.trimEnd().split(/\r?\n/).filter((l) => /^\d{6},/.test(l));
    expect(rows.map((l) => l.slice(0, 6))).toEqual(['100001', '100002']);
    expect(r.stdout).toContain('"VPN, ""quoted"", drops"');
    expectRefused(s.hd(['--as', 'admin', 'export', '--format', 'xml']), 2, /unknown format 'xml'/);
  });
});

describe('import', () => {
  it('into another help desk: organisation merged by name, tickets keep numbers, threads, events and times', () => {
    const other = join(s.dir, 'other.db');
    expect(s.hd(['--db', other, 'init', '--admin', 'boss'], at(T0)).code).toBe(0);
    const r = s.hd(['--db', other, 'import', exported], at('2026-04-01T00:00:00Z'));
    expect(r.code, r.stderr).toBe(0);
    const a = s.json(['--as', 'admin', 'ticket', 'show', '100001']);
    const b = s.json(['--db', other, '--as', 'boss', 'ticket', 'show', '100001']);
    for (const key of ['number', 'subject', 'status', 'department', 'sla', 'user', 'created_at', 'updated_at', 'due_at', 'first_response_at']) {
      expect(b[key], key).toEqual(a[key]);
    }
    expect(b.thread.map((e: any) => [e.kind, e.author, e.body, e.created_at])).toEqual(a.thread.map((e: any) => [e.kind, e.author, e.body, e.created_at]));
    expect(b.events.map((e: any) => [e.type, e.actor, e.at])).toEqual(a.events.map((e: any) => [e.type, e.actor, e.at]));
    expect(s.json(['--db', other, '--as', 'boss', 'dept', 'list']).map((d: any) => d.name).sort()).toEqual(['Accounting', 'Online Banking', 'Support', 'SysAdmins']);
    // Numbering continues after the imported tickets.
    expect(s.hd(['--db', other, '--as', 'boss', 'ticket', 'create', '--user', KEN, '--subject', 's', '--body', 'b'], at(T0)).stdout).toBe('100003\n');
  });

  it('a ticket number that already exists rejects the whole file (exit 5), nothing imported', () => {
    expectRefusedUnchanged(s, ['--as', 'admin', 'import', exported], 5, /100001/);
  });

  it('any malformed record rejects the whole file (exit 2), nothing imported', () => {
    const fresh = join(s.dir, 'fresh.db');
    expect(s.hd(['--db', fresh, 'init', '--admin', 'boss']).code).toBe(0);
    const doc = JSON.parse(readFileSync(exported, 'utf8'));
    doc.tickets[1].status = 'finished';
    const bad = join(s.dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(doc));
    const before = dbDigest(fresh);
    expectRefused(s.hd(['--db', fresh, 'import', bad]), 2);
    expect(dbDigest(fresh)).toBe(before);
    writeFileSync(bad, '{"format": "helpdesk-export", "tickets": [');
    expectRefused(s.hd(['--db', fresh, 'import', bad]), 2);
    expect(dbDigest(fresh)).toBe(before);
  });

  it('admins only', () => {
    expectRefusedUnchanged(s, ['--as', 'john', 'import', exported], 4, /access denied/);
  });
});

// Backup copies a SQLite file; on a PostgreSQL desk it answers exit 2 naming pg_dump (CONTRACT.md).
describe.runIf(pgMode())('backup on PostgreSQL', () => {
  it('exit 2 with a hint naming pg_dump, nothing written, the database unchanged', () => {
    const file = join(s.dir, 'backup.db');
    const r = expectRefusedUnchanged(s, ['--as', 'admin', 'backup', file], 2, /pg_dump/);
    expect(r.stderr).toMatch(/^hint: pg_dump /m);
    expect(existsSync(file)).toBe(false);
  });
});

describe.skipIf(pgMode())('backup', () => {
  it('a consistent copy; refuses an existing file (exit 5) unless --force; admins only', () => {
    const file = join(s.dir, 'backup.db');
    expect(s.hd(['--as', 'admin', 'backup', file]).code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(s.json(['--db', file, '--as', 'admin', 'ticket', 'list', '--queue', 'all']).map((t: any) => t.number).sort()).toEqual(['100001', '100002']);
    const before = readFileSync(file);
    expectRefused(s.hd(['--as', 'admin', 'backup', file]), 5, /exists/);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(s.hd(['--as', 'admin', 'backup', file, '--force']).code).toBe(0);
    expectRefusedUnchanged(s, ['--as', 'john', 'backup', join(s.dir, 'mine.db')], 4, /access denied/);
    expect(existsSync(join(s.dir, 'mine.db'))).toBe(false);
  });

  it('safe while others write', async () => {
    const file = join(s.dir, 'busy-backup.db');
    const writers = Array.from({ length: 4 }, (_, i) =>
      s.hdAsync(['--as', 'john', 'ticket', 'note', '100001', '--body', `note ${i}`], { env: { HELPDESK_NOW: T0 } }));
    const backup = s.hdAsync(['--as', 'admin', 'backup', file]);
    const results = await Promise.all([...writers, backup]);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const copied = s.json(['--db', file, '--as', 'admin', 'ticket', 'show', '100001']);
    expect(copied.thread.length).toBeGreaterThanOrEqual(2);
  });
});

// A PostgreSQL desk is no file: the server keeps it.
describe.skipIf(pgMode())('the database file', () => {
  it('is created with mode 0600', () => {
    const t = sandbox();
    try {
      expect(t.hd(['init']).code).toBe(0);
      expect(statSync(t.db).mode & 0o777).toBe(0o600);
    } finally {
      t.cleanup();
    }
  });
});
