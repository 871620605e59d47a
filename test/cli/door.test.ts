/**
 * Validation at the door: subjects and names with CR, LF or other control characters, and email
 * addresses with invisible characters, are refused (exit 2, a hint, the database unchanged) wherever
 * they come in; addresses on single-label domains are valid everywhere.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbDigest, sandbox, type Sandbox } from '../helpers/cli.js';

let s: Sandbox;
const NOW = { env: { HELPDESK_NOW: '2026-03-02T09:00:00Z' } };
beforeAll(async () => {
  s = sandbox();
  expect((await s.run(['init', '--sample', 'lab'], NOW)).code).toBe(0);
  expect((await s.run(['--as', 'karen@example.com', 'ticket', 'create', '--subject', 'VPN', '--body', 'x'], NOW)).code).toBe(0);
});
afterAll(async () => s.cleanup());

async function refused(args: string[], code: number, message: RegExp): Promise<void> {
  const before = dbDigest(s.db);
  const r = await s.run(args, NOW);
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).toMatch(/\nhint: /);
  expect(r.stderr).not.toMatch(/this is a bug/);
  expect(dbDigest(s.db)).toBe(before);
}

const create = (extra: string[]) => ['--as', 'john', 'ticket', 'create', '--body', 'b', '--user', 'ken@example.com', ...extra];

describe('refused at the door (exit 2, nothing written)', () => {
  it.each([
    ['a CR in a subject', create(['--subject', 'Hello\rBcc: all@example.com']), /subject contains a tab, newline or control/],
    ['an LF in a subject', create(['--subject', 'Hello\nthere']), /subject contains/],
    ['an escape in a subject', create(['--subject', 'Hi \u001b]0;x\u0007']), /subject contains/],
    ['a C1 control in a subject', create(['--subject', 'Hi \u009b2J']), /subject contains/],
    ['an LF in --name of a new end user', ['--as', 'john', 'ticket', 'create', '--subject', 's', '--body', 'b', '--user', 'new@example.com', '--name', 'Eve\nAdmin'], /end user name contains/],
    ['an edited subject with a newline', ['--as', 'john', 'ticket', 'edit', '100001', '--subject', 'a\nb'], /subject contains/],
    ['user add with an escape in the name', ['--as', 'admin', 'user', 'add', 'x@example.com', '--name', 'X\u001b[2J'], /end user name contains/],
    ['agent add with a CR in the name', ['--as', 'admin', 'agent', 'add', 'bob', '--name', 'Bob\rAlice'], /agent name contains/],
    ['a plan named with a tab', ['--as', 'admin', 'sla', 'add', 'Gold\tPlan', '--hours', '4'], /SLA plan name contains/],
    ['a zero-width space in an address', ['--as', 'admin', 'user', 'add', 'ka\u200bren@example.com', '--name', 'K'], /invisible character \(U\+200B\)/],
    ['a bidi override in an address', create(['--subject', 's', '--user', 'moc.elpmaxe@\u202eeve']), /invisible character \(U\+202E\)/],
    ['a BOM in an address', ['--as', 'admin', 'agent', 'add', 'bob', '--name', 'Bob', '--email', '\ufeffbob@example.com'], /invisible character \(U\+FEFF\)/],
    ['a control character in an address', ['--as', 'admin', 'user', 'add', 'a\u0007@example.com', '--name', 'A'], /control character/],
  ])('%s', async (_what, args, message) => await refused(args as string[], 2, message));

  it('an osTicket payload with a newline in the name or subject', async () => {
    for (const [field, value] of [['name', 'A\nB'], ['subject', 'S\r\nBcc: x']]) {
      const file = join(s.dir, `os-${field}.json`);
      writeFileSync(file, JSON.stringify({ name: 'A', email: 'a@example.com', subject: 'S', message: 'm', [field!]: value }));
      await refused(['--as', 'admin', 'import', file], 2, new RegExp(`bad osTicket payload: '${field}'.*control character`));
    }
  });

  it('mail from an address with an invisible character is malformed (65)', async () => {
    const mail = ['From: Karen <karen\u200b@example.com>', 'To: help@example.com', 'Subject: hi', 'Message-ID: <zw@x>', '', 'body'].join('\r\n');
    const before = dbDigest(s.db);
    const r = await s.run(['mail', 'ingest', '-'], { ...NOW, input: mail });
    expect(r.code, r.stderr).toBe(65);
    expect(r.stderr).toMatch(/invisible character/);
    expect(dbDigest(s.db)).toBe(before);
  });
});

describe('single-label domains are valid addresses', () => {
  it('user add, ticket create --user, agent --email and mail ingest accept them', async () => {
    expect((await s.run(['--as', 'admin', 'user', 'add', 'helpdesk@localhost', '--name', 'Local'], NOW)).code).toBe(0);
    const n = await s.run(['--as', 'john', 'ticket', 'create', '--subject', 's', '--body', 'b', '--user', 'root@mailhost'], NOW);
    expect(n.code, n.stderr).toBe(0);
    expect((await s.runJson(['--as', 'admin', 'ticket', 'show', n.stdout.trim()], NOW)).user.email).toBe('root@mailhost');
    expect((await s.run(['--as', 'admin', 'agent', 'add', 'ops', '--name', 'Ops', '--email', 'ops@intranet'], NOW)).code).toBe(0);
    const mail = ['From: Cron <cron@localhost>', 'To: help@example.com', 'Subject: disk full', 'Message-ID: <cron-1@localhost>', '', 'df says 100%'].join('\r\n');
    const r = await s.run(['mail', 'ingest', '-'], { ...NOW, input: mail });
    expect(r.code, r.stderr).toBe(0);
    expect((await s.runJson(['--as', 'admin', 'ticket', 'show', r.stdout.trim()], NOW)).user.email).toBe('cron@localhost');
  });

  it('an address still needs a domain', async () => {
    await refused(['--as', 'admin', 'user', 'add', 'nobody@', '--name', 'N'], 2, /is not an email address/);
    await refused(['--as', 'admin', 'user', 'add', 'a@b..c', '--name', 'N'], 2, /is not an email address/);
  });
});
