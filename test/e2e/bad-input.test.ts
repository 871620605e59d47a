/**
 * Bad input: one clear line, the contract's exit code, and an unchanged database.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, dbDigest, sandbox, type Sandbox } from '../helpers/cli.js';

let s: Sandbox;
const NOW = { HELPDESK_NOW: '2026-03-02T09:00:00Z' };

beforeAll(() => {
  s = sandbox();
  expect(s.hd(['init', '--sample', 'lab']).code).toBe(0);
  const r = s.hd(['--as', 'karen@example.com', 'ticket', 'create', '--subject', 'VPN drops', '--body', 'Every hour.'], { env: NOW });
  expect(r.stdout).toBe('100001\n');
  // A closed ticket to conflict with.
  s.hd(['--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'Old', '--body', 'x', '--resolve', 'done'], { env: NOW });
  expect(s.hd(['--as', 'john', 'ticket', 'status', '100002', 'closed']).code).toBe(0);
});
afterAll(() => s.cleanup());

const cases: Array<[string, string[], number, RegExp]> = [
  ['unknown flag', ['--as', 'john', 'ticket', 'list', '--frobnicate'], 2, /unknown option '--frobnicate'/],
  ['unknown subcommand', ['--as', 'john', 'ticket', 'lst'], 2, /unknown command 'lst'/],
  ['unknown top-level command', ['tickets'], 2, /unknown command 'tickets'/],
  ['unknown status', ['--as', 'john', 'ticket', 'status', '100001', 'finished'], 2, /unknown status 'finished'/],
  ['unknown priority', ['--as', 'john', 'ticket', 'edit', '100001', '--priority', 'urgent'], 2, /unknown priority 'urgent'/],
  ['unknown source', ['--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 's', '--body', 'b', '--source', 'fax'], 2, /unknown source 'fax'/],
  ['unknown queue', ['--as', 'john', 'ticket', 'list', '--queue', 'urgent'], 2, /unknown queue 'urgent'/],
  ['malformed ticket number', ['--as', 'john', 'ticket', 'show', '10x'], 2, /'10x' is not a ticket number/],
  ['bad email', ['--as', 'john', 'ticket', 'create', '--user', 'karen-at-example', '--subject', 's', '--body', 'b'], 2, /not an email address/],
  ['empty subject', ['--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', '  ', '--body', 'b'], 2, /subject is empty/],
  ['empty body', ['--as', 'john', 'ticket', 'reply', '100001', '--body', ''], 2, /body is empty/],
  ['missing body without a terminal', ['--as', 'john', 'ticket', 'note', '100001'], 2, /missing --body/],
  ['missing --user for an agent', ['--as', 'john', 'ticket', 'create', '--subject', 's', '--body', 'b'], 2, /missing --user/],
  ['both --body and --body-file', ['--as', 'john', 'ticket', 'note', '100001', '--body', 'a', '--body-file', '-'], 2, /either --body or --body-file/],
  ['bad --limit', ['--as', 'john', 'ticket', 'list', '--limit', 'ten'], 2, /--limit 'ten' is not a number/],
  ['bad HELPDESK_NOW', ['--as', 'john', 'ticket', 'list'], 2, /HELPDESK_NOW/],
  ['unknown department', ['--as', 'john', 'ticket', 'transfer', '100001', '--dept', 'Sysadmin'], 3, /no department named 'Sysadmin'/],
  ['unknown topic', ['--as', 'john', 'ticket', 'edit', '100001', '--topic', 'Outage'], 3, /no help topic named 'Outage'/],
  ['unknown plan', ['--as', 'john', 'ticket', 'sla', '100001', 'Sev-D'], 3, /no SLA plan named 'Sev-D'/],
  ['unknown agent', ['--as', 'john', 'ticket', 'assign', '100001', '--to', 'jnae'], 3, /no agent named 'jnae'/],
  ['unknown team', ['--as', 'john', 'ticket', 'assign', '100001', '--team', 'Banking'], 3, /no team named 'Banking'/],
  ['unknown end user filter', ['--as', 'john', 'ticket', 'list', '--user', 'nobody@example.com'], 3, /no end user with email/],
  ['unknown ticket', ['--as', 'john', 'ticket', 'show', '199999'], 3, /ticket #199999 not found/],
  ['unknown identity', ['--as', 'mallory', 'ticket', 'list'], 3, /no agent or end user 'mallory'/],
  ['end user adding a note', ['--as', 'karen@example.com', 'ticket', 'note', '100001', '--body', 'x'], 4, /access denied/],
  ["another end user's ticket", ['--as', 'ken@example.com', 'ticket', 'show', '100001'], 4, /^helpdesk: access denied$/m],
  ['end user assigning', ['--as', 'karen@example.com', 'ticket', 'assign', '100001', '--to', 'john'], 4, /access denied/],
  ['agent replying to a closed ticket', ['--as', 'john', 'ticket', 'reply', '100002', '--body', 'hi'], 5, /closed/],
  ['closed back to resolved', ['--as', 'john', 'ticket', 'status', '100002', 'resolved', '--note', 'n'], 5, /cannot become resolved/],
  ['init over an existing database', ['init'], 5, /already holds an organisation/],
];

describe('bad input', () => {
  it.each(cases)('%s: %j → exit %i, nothing changed', (_name, args, code, message) => {
    const before = dbDigest(s.db);
    const env = _name === 'bad HELPDESK_NOW' ? { HELPDESK_NOW: 'yesterday' } : NOW;
    const r = s.hd(args, { env });
    expect(r.code, r.stderr).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^helpdesk: /);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(2);
    expect(dbDigest(s.db)).toBe(before);
  });

  it('offers the valid choices and a did-you-mean', () => {
    expect(s.hd(['--as', 'john', 'ticket', 'status', '100001', 'resolvd']).stderr).toContain("did you mean 'resolved'?");
    expect(s.hd(['--as', 'john', 'ticket', 'transfer', '100001', '--dept', 'Sysadmin']).stderr).toContain("did you mean 'SysAdmins'?");
    expect(s.hd(['--as', 'john', 'ticket', 'edit', '100001', '--priority', 'urgent']).stderr).toContain('valid: low, normal, high, emergency');
    expect(s.hd(['--as', 'john', 'ticket', 'lst']).stderr).toContain('list');
  });

  it('no identity → exit 2 with the command to run', () => {
    expect(s.hd(['logout']).code).toBe(0);
    const r = s.hd(['ticket', 'list']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('helpdesk: who are you? no identity is set for this database\nhint: run: helpdesk login <username|email>, or pass --as <who>\n');
  });

  it('setting the status a ticket already has is a warning and exit 0', () => {
    const before = dbDigest(s.db);
    const r = s.hd(['--as', 'john', 'ticket', 'status', '100001', 'open']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: #100001 is already Open');
    expect(dbDigest(s.db)).toBe(before);
  });

  it('never waits for stdin unless --body-file - is given', async () => {
    // stdin is a pipe that is never closed: a command that read it would hang.
    const child = spawn(process.execPath, [BIN, '--as', 'john', 'ticket', 'note', '100001'], { env: { ...s.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(code).toBe(2);
    expect(stderr).toContain('missing --body');
  });
});

describe('hostile text is stored and shown verbatim', () => {
  const texts = [
    `Robert'); DROP TABLE tickets;--`,
    `"quoted" 'single' \`back\` $(rm -rf /) && echo pwned; | > < *`,
    'emoji 🔥🚀 and ünïcödé, RTL שלום, zero\u200bwidth',
    'tabs\tand\nnewlines\r\nand \\backslashes\\',
  ];
  it.each(texts)('%s', (text) => {
    // A subject is one line of text (control characters are refused at the door); a body may hold anything.
    const subject = text.replace(/[\r\n\t]+/g, ' ');
    const created = s.json(['--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', subject, '--body', text]);
    const shown = s.json(['--as', 'john', 'ticket', 'show', created.number]);
    expect(shown.subject).toBe(subject.trim());
    expect(shown.thread[0].body).toBe(text);
    const human = s.hd(['--as', 'john', 'ticket', 'show', created.number]);
    expect(human.stdout).toContain(text.split('\n')[0]);
  });

  it('a 1 MiB body read from stdin', () => {
    // Exactly ticket.max_body (1 MiB of UTF-8): the emoji is 4 bytes.
    const big = 'x'.repeat(1024 * 1024 - 13) + ' the end 🔚';
    const n = s.hd(['--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'big', '--body-file', '-'], { input: big });
    expect(n.code, n.stderr).toBe(0);
    const shown = s.json(['--as', 'john', 'ticket', 'show', n.stdout.trim()]);
    expect(shown.thread[0].body).toBe(big);
  });

  it('escapes tabs and newlines in piped rows so each ticket stays one line', () => {
    const r = s.hd(['--as', 'john', 'ticket', 'list', '--search', 'backslashes', '--queue', 'all']);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stdout).toContain('tabs and newlines and \\\\backslashes\\\\');
  });
});

describe('the database file', () => {
  it('is created with mode 0600', () => {
    expect(statSync(s.db).mode & 0o777).toBe(0o600);
  });

  it('refuses a database newer than the binary', () => {
    const t = sandbox();
    try {
      expect(t.hd(['init']).code).toBe(0);
      const db = new Database(t.db);
      db.pragma('user_version = 999');
      db.close();
      const r = t.hd(['ticket', 'list']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/schema version 999, newer than this helpdesk understands/);
    } finally {
      t.cleanup();
    }
  });

  it('is created with the default organisation on first use', () => {
    const t = sandbox();
    try {
      const r = t.hd(['whoami', '--json']);
      expect(r.code, r.stderr).toBe(0);
      const me = JSON.parse(r.stdout);
      expect(me).toMatchObject({ kind: 'agent', department: 'Support', admin: true });
      const n = t.hd(['ticket', 'create', '--user', 'a@example.com', '--subject', 'first', '--body', 'b', '--json']);
      expect(JSON.parse(n.stdout)).toMatchObject({ number: '100001', department: 'Support', sla: 'Default SLA', source: 'phone' });
    } finally {
      t.cleanup();
    }
  });
});
