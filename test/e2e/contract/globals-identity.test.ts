/**
 * CONTRACT.md, Global options and environment, and Identity: --db / HELPDESK_DB and the default
 * path, identity precedence, saved logins per database, HELPDESK_NOW, whoami/login/logout.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dbDigest, deskName, sandbox, type Sandbox } from '../../helpers/cli.js';
import { KAREN, T0, at, expectRefused, oneJson } from './support.js';

let s: Sandbox;
afterEach(() => s?.cleanup());

/** The sandbox's env without HELPDESK_DB (and, optionally, without XDG_DATA_HOME). */
function envWithout(...keys: string[]): Record<string, string> {
  const env = { ...s.env };
  for (const k of keys) delete env[k];
  return env;
}

function osUser(): string {
  return userInfo().username.toLowerCase().replace(/[^a-z0-9._-]/g, '').replace(/^[._-]+/, '').slice(0, 32) || 'admin';
}

describe('--db and HELPDESK_DB', () => {
  it('default: $XDG_DATA_HOME/helpdesk/helpdesk.db, created with the default organisation on first use', () => {
    s = sandbox();
    const env = envWithout('HELPDESK_DB');
    const r = s.hd(['whoami', '--json'], { env: { ...env, HELPDESK_DB: '' } });
    expect(oneJson(r)).toEqual({ kind: 'agent', username: osUser(), name: osUser(), department: 'Support', admin: true });
    const file = join(s.dir, 'data', 'helpdesk', 'helpdesk.db');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('without XDG_DATA_HOME: ~/.local/share/helpdesk/helpdesk.db', () => {
    s = sandbox();
    const env = envWithout('HELPDESK_DB', 'XDG_DATA_HOME');
    const spawnEnv = { ...env };
    const r = spawnWith(spawnEnv, ['dept', 'list', '--json']);
    expect(oneJson(r).map((d: any) => d.name)).toEqual(['Support']);
    expect(existsSync(join(s.dir, '.local', 'share', 'helpdesk', 'helpdesk.db'))).toBe(true);
  });

  it('--db beats HELPDESK_DB; both create the file 0600', () => {
    s = sandbox();
    const other = join(s.dir, 'other.db');
    expect(s.hd(['--db', other, 'init', '--admin', 'olga']).code).toBe(0);
    expect(s.json(['--db', other, 'whoami']).username).toBe('olga');
    expect(existsSync(s.db)).toBe(false);
    expect(statSync(other).mode & 0o777).toBe(0o600);
  });
});

/** Runs with exactly this environment (the sandbox's hd() merges into its own env). */
function spawnWith(env: Record<string, string>, args: string[]) {
  const saved = { ...s.env };
  for (const k of Object.keys(s.env)) delete s.env[k];
  Object.assign(s.env, env);
  try {
    return s.hd(args);
  } finally {
    for (const k of Object.keys(s.env)) delete s.env[k];
    Object.assign(s.env, saved);
  }
}

describe('identity precedence: --as > HELPDESK_AS > saved login > exit 2', () => {
  it('each level wins over the next', () => {
    s = sandbox();
    expect(s.hd(['init', '--sample', 'lab']).code).toBe(0); // saves admin
    expect(s.json(['whoami']).username).toBe('admin');
    expect(s.json(['whoami'], { env: { HELPDESK_AS: 'john' } }).username).toBe('john');
    expect(s.json(['--as', 'jane', 'whoami'], { env: { HELPDESK_AS: 'john' } }).username).toBe('jane');
    expect(s.json(['--as', KAREN, 'whoami'])).toEqual({ kind: 'user', email: KAREN, name: 'Karen Jones', department: null, admin: false });
    // An empty HELPDESK_AS is unset, like an empty HELPDESK_DB.
    expect(s.json(['whoami'], { env: { HELPDESK_AS: '' } }).username).toBe('admin');
  });

  it('no identity: exit 2 with the hint helpdesk login; unknown: exit 3', () => {
    s = sandbox();
    expect(s.hd(['init', '--sample', 'lab']).code).toBe(0);
    expect(s.hd(['logout']).code).toBe(0);
    const before = dbDigest(s.db);
    expectRefused(s.hd(['ticket', 'list']), 2, /hint: .*helpdesk login/);
    expectRefused(s.hd(['--as', 'mallory', 'ticket', 'list']), 3, /mallory/);
    expectRefused(s.hd(['ticket', 'list'], { env: { HELPDESK_AS: 'nobody@example.com' } }), 3, /nobody@example\.com/);
    expect(dbDigest(s.db)).toBe(before);
  });

  it('commands that act for the system need no identity', () => {
    s = sandbox();
    expect(s.hd(['init', '--sample', 'lab']).code).toBe(0);
    expect(s.hd(['logout']).code).toBe(0);
    expect(s.hd(['sla', 'check'], at(T0)).code).toBe(0);
    expect(s.hd(['lab', 'list']).code).toBe(0);
    const mail = 'From: Ken Adams <ken@example.com>\r\nSubject: Printer\r\nMessage-ID: <p1@example.com>\r\n\r\nJammed.\r\n';
    const r = s.hd(['mail', 'ingest'], { env: { HELPDESK_NOW: T0 }, input: mail });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('100001\n');
    expect(s.hd(['lab', 'start', 'cfo-laptop', '--db', join(s.dir, 'lab.db')]).code).toBe(0);
    expect(s.hd(['--db', join(s.dir, 'lab.db'), 'lab', 'check']).code).toBe(1);
    expect(s.hd(['--db', join(s.dir, 'lab.db'), 'lab', 'hint']).code).toBe(0);
  });
});

describe('saved logins: outside the database, per absolute database path', () => {
  it('live in $XDG_STATE_HOME/helpdesk/, keyed by the absolute path', () => {
    s = sandbox();
    const a = join(s.dir, 'a.db');
    const b = join(s.dir, 'b.db');
    expect(s.hd(['--db', a, 'init', '--sample', 'lab']).code).toBe(0);
    expect(s.hd(['--db', b, 'init', '--sample', 'lab']).code).toBe(0);
    expect(s.hd(['--db', a, 'login', 'john']).code).toBe(0);
    expect(s.hd(['--db', b, 'login', KAREN]).code).toBe(0);
    expect(s.json(['--db', a, 'whoami']).username).toBe('john');
    expect(s.json(['--db', b, 'whoami']).email).toBe(KAREN);
    const logins = readFileSync(join(s.dir, 'state', 'helpdesk', 'logins.json'), 'utf8');
    expect(logins).toContain(a);
    expect(logins).toContain(b);
    // Another person (another state directory) sharing the file has no login.
    expectRefused(s.hd(['--db', a, 'whoami'], { env: { XDG_STATE_HOME: join(s.dir, 'someone-else') } }), 2, /helpdesk login/);
  });

  it('another spelling of the same path names the same login', () => {
    s = sandbox();
    const abs = join(s.dir, 'rel.db');
    expect(s.hd(['--db', abs, 'init', '--sample', 'lab']).code).toBe(0);
    expect(s.hd(['--db', abs, 'login', 'jane']).code).toBe(0);
    expect(s.json(['--db', join(s.dir, '.', 'x', '..', 'rel.db'), 'whoami']).username).toBe('jane');
  });

  it('without XDG_STATE_HOME: ~/.local/state/helpdesk/', () => {
    s = sandbox();
    expect(s.hd(['init', '--sample', 'lab'], { env: { XDG_STATE_HOME: '' } }).code).toBe(0);
    expect(existsSync(join(s.dir, '.local', 'state', 'helpdesk', 'logins.json'))).toBe(true);
  });
});

describe('login, switch, whoami, logout', () => {
  it('login saves the identity (canonical form); whoami shows it; logout forgets it', () => {
    s = sandbox();
    expect(s.hd(['init', '--sample', 'lab']).code).toBe(0);
    expect(s.hd(['login', 'JOHN']).code).toBe(0);
    expect(s.json(['whoami'])).toEqual({ kind: 'agent', username: 'john', name: 'John', department: 'Support', admin: false });
    expect(s.hd(['whoami']).stdout).toBe('John (john) — agent, Support\n');
    expect(s.hd(['login', 'Karen@Example.com']).code).toBe(0);
    expect(s.json(['whoami']).email).toBe(KAREN);
    expect(oneJson(s.hd(['logout', '--json']))).toEqual({ database: deskName(s.db), logged_out: KAREN });
    expectRefused(s.hd(['whoami']), 2, /helpdesk login/);
  });

  it('login without a terminal needs the identity; an unknown one is exit 3', () => {
    s = sandbox();
    expect(s.hd(['init', '--sample', 'lab']).code).toBe(0);
    expectRefused(s.hd(['login']), 2, /helpdesk login <who>/);
    expectRefused(s.hd(['switch']), 2);
    expectRefused(s.hd(['login', 'zed']), 3, /no agent or end user 'zed'/);
    expect(s.json(['whoami']).username).toBe('admin');
  });
});

describe('HELPDESK_NOW', () => {
  it('freezes every recorded time; without an offset it is UTC', () => {
    s = sandbox();
    expect(s.hd(['init', '--sample', 'lab']).code).toBe(0);
    const t = s.json(['--as', KAREN, 'ticket', 'create', '--subject', 's', '--body', 'b'], at('2026-03-02T09:15:00'));
    expect(t.created_at).toBe('2026-03-02T09:15:00.000Z');
    expect(t.due_at).toBe('2026-03-03T03:15:00.000Z');
    expect(s.json(['--as', 'admin', 'user', 'add', 'u@example.com', '--name', 'U'], at('2026-03-02')).created_at).toBe('2026-03-02T00:00:00.000Z');
  });

  it('anything but an ISO 8601 time is a usage error that changes nothing', () => {
    s = sandbox();
    expect(s.hd(['init', '--sample', 'lab']).code).toBe(0);
    const before = dbDigest(s.db);
    for (const bad of ['yesterday', '1', '2026-02-30T00:00:00Z', '2026-03-02T25:00:00Z', '+275760-09-13T00:00:00Z']) {
      expectRefused(s.hd(['--as', KAREN, 'ticket', 'create', '--subject', 's', '--body', 'b'], at(bad)), 2, /HELPDESK_NOW/);
    }
    expect(dbDigest(s.db)).toBe(before);
  });
});

describe('exit codes', () => {
  it('0 1 2 3 4 5 as listed', () => {
    s = sandbox();
    expect(s.hd(['init', '--sample', 'lab']).code).toBe(0);
    expect(s.hd(['--as', 'john', 'ticket', 'list']).code).toBe(0);
    expect(s.hd(['--as', 'john', 'ticket', 'list', '--sort', 'soon']).code).toBe(2);
    expect(s.hd(['--as', 'john', 'ticket', 'show', '100009']).code).toBe(3);
    expect(s.hd(['--as', 'john', 'dept', 'add', 'Field']).code).toBe(4);
    expect(s.hd(['--as', 'admin', 'dept', 'add', 'support']).code).toBe(5);
    expect(s.hd(['--version']).code).toBe(0);
    expect(s.hd(['--help']).code).toBe(0);
    // A noun without a verb prints help and is a usage error.
    expect(s.hd(['ticket']).code).toBe(2);
  });
});
