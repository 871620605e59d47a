/**
 * A PostgreSQL desk through the binary: its faults (a wrong password, a server that is
 * not there, sslmode), the admin commands that differ (doctor, backup, restore, init --force), the
 * schema version, and a SQLite command that never loads any of it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, type Result } from '../helpers/cli.js';
import { freePort, pgUnavailable, startPgServer, type PgServer } from '../helpers/pg-server.mjs';
import { SCHEMA_VERSION } from '../../src/store/migrations.js';

const skip = pgUnavailable();
const TRACE = resolve(import.meta.dirname, '../helpers/trace-imports.mjs');
let server: PgServer;
let dir: string;

function hd(args: string[], extra: Record<string, string> = {}, node: string[] = []): Result {
  const r = spawnSync(process.execPath, [...node, BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: dir, XDG_STATE_HOME: join(dir, 'state'), XDG_DATA_HOME: join(dir, 'data'), NO_COLOR: '1', HELPDESK_NOW: '2026-03-02T09:00:00Z', ...extra },
    encoding: 'utf8', input: '',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** One `helpdesk: …` line and at most one hint, nothing on stdout. */
function refused(r: Result, code: number, message: RegExp): void {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines[0]).toMatch(message);
  expect(lines.length).toBeLessThanOrEqual(2);
  if (lines[1]) expect(lines[1]).toMatch(/^hint: /);
}

const psql = (url: string, sql: string) => execFileSync('psql', [url, '-Atqc', sql], { encoding: 'utf8' }).trim();

describe.skipIf(skip !== null)('a PostgreSQL desk through the binary', () => {
  let url: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'helpdesk-pg-desk-'));
    // A cluster of its own: this file turns TLS on.
    server = await startPgServer();
    url = server.createDatabase();
    expect(hd(['--db', url, 'init', '--sample', 'lab']).code).toBe(0);
    expect(hd(['--db', url, '--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'Printer', '--body', 'Jams.']).stdout).toBe('100001\n');
  }, 120_000);
  afterAll(() => {
    server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a wrong password: exit 1, the hint to check the URL, the password never shown', () => {
    const r = hd(['--db', url.replace(server.password, 'not-the-password'), '--as', 'john', 'ticket', 'list']);
    refused(r, 1, new RegExp(`^helpdesk: the PostgreSQL server at 127\\.0\\.0\\.1:${server.port} refused the password of user 'helpdesk'`));
    expect(r.stderr).toMatch(/hint: check the database URL/);
    expect(r.stderr).not.toContain('not-the-password');
  });

  it('no server there: exit 1 naming host:port; a missing database names createdb', async () => {
    const port = await freePort();
    refused(hd(['--db', `postgres://helpdesk:x@127.0.0.1:${port}/helpdesk`, '--as', 'john', 'ticket', 'list']), 1,
      new RegExp(`^helpdesk: cannot reach the PostgreSQL server at 127\\.0\\.0\\.1:${port} \\(connection refused\\)`));
    const r = hd(['--db', server.url('no_such_db'), '--as', 'john', 'ticket', 'list']);
    refused(r, 1, /^helpdesk: database 'no_such_db' does not exist on the PostgreSQL server/);
    expect(r.stderr).toMatch(/createdb -h 127\.0\.0\.1/);
  });

  it('a malformed URL is a usage error', () => {
    refused(hd(['--db', 'postgres://u@h:99999/x', '--as', 'john', 'ticket', 'list']), 2, /^helpdesk: the database URL is not a valid URL/);
    refused(hd(['--db', 'postgres://u@h/x?port=0', '--as', 'john', 'ticket', 'list']), 2, /^helpdesk: the database URL's port '0' is not a port number/);
    refused(hd(['--db', `${url}?sslmode=sometimes`, '--as', 'john', 'ticket', 'list']), 2, /^helpdesk: sslmode 'sometimes' is not one of/);
  });

  it('doctor: server version, schema version, counts, index health — and names an invalid index', () => {
    const report = JSON.parse(hd(['--db', url, '--as', 'admin', 'doctor', '--json']).stdout);
    expect(report).toMatchObject({
      server: 'postgresql', schema_version: SCHEMA_VERSION, supported_schema_version: SCHEMA_VERSION, helpdesk: true, ok: true, integrity: ['ok'],
      counts: { tickets: 1, open_tickets: 1, departments: 4, agents: 3, users: 4 }, last_ticket_number: '100001',
    });
    expect(report.server_version).toMatch(/^\d+\.\d+/);
    expect(report.indexes.total).toBeGreaterThan(30);
    expect(report.indexes.invalid).toEqual([]);
    refused(hd(['--db', url, '--as', 'john', 'doctor']), 4, /^helpdesk: access denied/);
    psql(url, "UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'tickets_created'::regclass");
    try {
      const r = hd(['--db', url, '--as', 'admin', 'doctor']);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/Indexes\s+1 of \d+ invalid: tickets_created/);
      expect(r.stderr).toMatch(/REINDEX/);
    } finally {
      psql(url, "UPDATE pg_index SET indisvalid = true WHERE indexrelid = 'tickets_created'::regclass");
    }
  });

  it('backup and restore answer exit 2 naming pg_dump and pg_restore, and write nothing', () => {
    const file = join(dir, 'backup.db');
    const b = hd(['--db', url, '--as', 'admin', 'backup', file]);
    refused(b, 2, /^helpdesk: backup copies a SQLite database file; a PostgreSQL desk is backed up with pg_dump/);
    expect(b.stderr).toMatch(/hint: pg_dump /);
    expect(b.stderr).not.toContain(server.password);
    writeFileSync(file, '');
    refused(hd(['--db', url, '--as', 'admin', 'restore', file, '--force']), 2, /^helpdesk: restore replaces a SQLite database file.*pg_restore/);
    expect(readFileSync(file, 'utf8')).toBe('');
  });

  it('a database made by a newer helpdesk is refused, and doctor still reports it', () => {
    const other = server.createDatabase();
    expect(hd(['--db', other, 'init']).code).toBe(0);
    psql(other, 'UPDATE helpdesk_schema SET version = 99');
    refused(hd(['--db', other, '--as', 'root', 'ticket', 'list']), 1, new RegExp(`has schema version 99, newer than this helpdesk understands \\(${SCHEMA_VERSION}\\)`));
    const r = hd(['--db', other, 'doctor', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ schema_version: 99, ok: false });
  });

  it('init refuses a desk (exit 5); --force keeps it in a schema of its own; another program\'s tables are never written', () => {
    const other = server.createDatabase();
    expect(hd(['--db', other, 'init', '--sample', 'lab']).code).toBe(0);
    refused(hd(['--db', other, 'init', '--sample', 'lab']), 5, /already holds an organisation/);
    const forced = hd(['--db', other, 'init', '--force', '--admin', 'boss', '--json']);
    expect(forced.code, forced.stderr).toBe(0);
    const kept = JSON.parse(forced.stdout).replaced as string;
    expect(kept).toMatch(/^schema helpdesk_replaced_20260302t090000z of postgres:\/\/helpdesk@/);
    expect(psql(other, 'SELECT count(*) FROM helpdesk_replaced_20260302t090000z.agents')).toBe('3');
    expect(psql(other, 'SELECT username FROM agents')).toBe('boss');
    const foreign = server.createDatabase();
    psql(foreign, 'CREATE TABLE invoices (id int)');
    refused(hd(['--db', foreign, 'init']), 5, /holds tables of another application/);
    refused(hd(['--db', foreign, '--as', 'x', 'ticket', 'list']), 1, /is not a helpdesk database/);
    expect(psql(foreign, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).toBe('1');
  });

  it('sslmode is honoured: require and verify-ca over TLS, verify-full checks the name, disable goes plain', () => {
    const pem = join(server.dataDir, 'server.crt');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=desk.invalid',
      '-keyout', join(server.dataDir, 'server.key'), '-out', pem], { stdio: 'ignore' });
    if (process.getuid?.() === 0) for (const f of ['server.key', 'server.crt']) chownSync(join(server.dataDir, f), 65534, 65534);
    execFileSync('chmod', ['600', join(server.dataDir, 'server.key')]);
    psql(url, 'ALTER SYSTEM SET ssl = on');
    psql(url, 'SELECT pg_reload_conf()');
    const tlsOf = (u: string) => {
      const r = hd(['--db', u, '--as', 'john', 'ticket', 'list']);
      return r.code === 0 ? 'ok' : r.stderr.split('\n')[0];
    };
    expect(tlsOf(`${url}?sslmode=require`)).toBe('ok');
    expect(tlsOf(`${url}?sslmode=verify-ca&sslrootcert=${encodeURIComponent(pem)}`)).toBe('ok');
    expect(tlsOf(`${url}?sslmode=verify-full&sslrootcert=${encodeURIComponent(pem)}`)).toMatch(/^helpdesk: the TLS certificate of the PostgreSQL server at .* is not trusted/);
    expect(tlsOf(`${url}?sslmode=verify-ca`)).toMatch(/not trusted/);
    expect(tlsOf(`${url}?sslmode=disable`)).toBe('ok');
    psql(url, 'ALTER SYSTEM SET ssl = off');
    psql(url, 'SELECT pg_reload_conf()');
    expect(tlsOf(`${url}?sslmode=require`)).toMatch(/does not offer TLS, but the URL says sslmode=require/);
    expect(tlsOf(url)).toBe('ok'); // prefer: plain when the server has no TLS
  });

  it('a login is saved for the database, however its URL is spelled, and never holds the password', () => {
    expect(hd(['--db', url, 'login', 'jane']).code).toBe(0);
    const spelled = `postgresql://helpdesk@127.0.0.1:${server.port}/${new URL(url).pathname.slice(1)}?sslmode=disable`;
    const who = hd(['--db', spelled, 'whoami', '--json'], { PGPASSWORD: server.password });
    expect(who.code, who.stderr).toBe(0);
    expect(JSON.parse(who.stdout).username).toBe('jane');
    const state = spawnSync('grep', ['-r', server.password, join(dir, 'state')], { encoding: 'utf8' });
    expect(state.stdout).toBe('');
  });

  it('a SQLite command loads nothing of PostgreSQL; a PostgreSQL one does (so the check can fail)', () => {
    const file = join(dir, 'plain.db');
    expect(hd(['--db', file, 'init', '--sample', 'lab']).code).toBe(0);
    const loaded = (db: string) => {
      const trace = join(dir, `trace-${Date.now()}`);
      const r = hd(['--db', db, '--as', 'john', 'ticket', 'list'], { HELPDESK_TRACE_IMPORTS: trace }, ['--import', TRACE]);
      expect(r.code, r.stderr).toBe(0);
      return readFileSync(trace, 'utf8').split('\n').filter((u) => /pg-store\.cjs|\/node_modules\/pg(-cursor)?\//.test(u));
    };
    expect(loaded(file)).toEqual([]);
    expect(loaded(url).length).toBeGreaterThan(0);
  });
});
