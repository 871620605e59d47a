/**
 * A cold command on a PostgreSQL desk, through the binary: how it connects and how it lets go.
 * (Its speed is measured by the benchmark, test/bench/pg.mjs, never here.)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, type Result } from '../helpers/cli.js';
import { pgUnavailable, sharedPgServer, type PgServer } from '../helpers/pg-server.mjs';

const skip = pgUnavailable();
let dir: string;

function hd(args: string[], extra: Record<string, string> = {}): Result {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: dir, XDG_STATE_HOME: join(dir, 'state'), XDG_DATA_HOME: join(dir, 'data'), NO_COLOR: '1', HELPDESK_NOW: '2026-03-02T09:00:00Z', ...extra },
    encoding: 'utf8', input: '',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(skip !== null)('a cold command on a PostgreSQL desk', () => {
  let server: PgServer;
  let url: string;
  const psql = (sql: string) => execFileSync('psql', [url, '-Atqc', sql], { encoding: 'utf8' }).trim();
  const database = () => new URL(url).pathname.slice(1);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'helpdesk-pg-cold-'));
    server = await sharedPgServer();
    url = server.createDatabase();
    expect(hd(['--db', url, 'init', '--sample', 'lab']).code).toBe(0);
    expect(hd(['--db', url, '--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'Printer', '--body', 'Jams.']).stdout).toBe('100001\n');
  }, 120_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('a read command that has exited leaves no session behind on the server', async () => {
    const r = hd(['--db', url, '--as', 'john', 'ticket', 'list']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Printer');
    // The process does not wait for the server to close the connection, but it did say goodbye:
    // the session ends (it would otherwise stay until the server noticed the socket gone).
    const sessions = () => Number(psql(`SELECT count(*) FROM pg_stat_activity WHERE datname = '${database()}' AND application_name = 'helpdesk'`));
    for (let i = 0; i < 100 && sessions() > 0; i++) await new Promise((done) => setTimeout(done, 50));
    expect(sessions()).toBe(0);
  });
});
