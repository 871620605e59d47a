/**
 * Canned responses and mail templates: variables filled in from the ticket and the agent; an unknown
 * variable is refused before anything is saved or queued.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbDigest, sandbox, type Sandbox } from '../helpers/cli.js';

let s: Sandbox;
const NOW = { env: { HELPDESK_NOW: '2026-03-02T09:00:00Z' } };

beforeAll(async () => {
  s = sandbox();
  expect((await s.run(['init', '--sample', 'lab'], NOW)).code).toBe(0);
  expect((await s.run(['--as', 'admin', 'config', 'set', 'mail.from', 'IT Help <help@example.com>'])).code).toBe(0);
  expect((await s.run(['--as', 'karen@example.com', 'ticket', 'create', '--subject', 'Forgot my password', '--body', 'Locked out.'], NOW)).stdout).toBe('100001\n');
});
afterAll(async () => s.cleanup());

/** The command is refused with this exit code and message, and the database is untouched. */
async function refusedUnchanged(args: string[], code: number, message: RegExp): Promise<void> {
  const before = dbDigest(s.db);
  const r = await s.run(args, NOW);
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr).toMatch(message);
  expect(dbDigest(s.db)).toBe(before);
}

describe('canned responses', () => {
  it('admins add them; the variables are checked', async () => {
    const body = 'Hi %{user.first_name},\n\nI reset the password on ticket #%{ticket.number} (%{ticket.subject}).\n\n%{agent.name}, %{desk.name}';
    const added = await s.runJson(['--as', 'admin', 'canned', 'add', 'Password reset', '--body', body], NOW);
    expect(added).toEqual({ title: 'Password reset', body, created_at: '2026-03-02T09:00:00.000Z', updated_at: '2026-03-02T09:00:00.000Z' });
    expect((await s.run(['--as', 'john', 'canned', 'list'])).stdout).toBe('Password reset\tHi %{user.first_name},\n');
  });

  it.each([
    [['--as', 'admin', 'canned', 'add', 'Typo', '--body', 'Ticket %{ticket.nubmer}'], 2, /unknown variable %\{ticket.nubmer\}\nhint: did you mean %\{ticket.number\}\?/],
    [['--as', 'admin', 'canned', 'add', 'Open', '--body', 'Hi %{user.name'], 2, /unterminated %\{/],
    [['--as', 'admin', 'canned', 'add', 'password RESET', '--body', 'dup'], 5, /canned response 'password RESET' already exists/],
    [['--as', 'john', 'canned', 'add', 'Mine', '--body', 'x'], 4, /only admins may manage canned responses/],
    [['--as', 'john', 'canned', 'show', 'Pasword reset'], 3, /no canned response titled 'Pasword reset'\nhint: did you mean 'Password reset'/],
    [['--as', 'john', 'ticket', 'reply', '100001', '--canned', 'Nope'], 3, /no canned response titled 'Nope'/],
    [['--as', 'john', 'ticket', 'reply', '100001', '--canned', 'Password reset', '--body', 'x'], 2, /either the reply text or --canned/],
    [['--as', 'karen@example.com', 'ticket', 'reply', '100001', '--canned', 'Password reset'], 4, /only agents may use canned responses/],
  ])('%j → exit %i, nothing changed', refusedUnchanged);

  it('canned show --ticket previews the filled-in text', async () => {
    expect((await s.run(['--as', 'john', 'canned', 'show', 'password reset', '--ticket', '100001'])).stdout)
      .toBe('Hi Karen,\n\nI reset the password on ticket #100001 (Forgot my password).\n\nJohn, IT Help\n');
  });

  it('ticket reply --canned posts the filled-in text and mails it', async () => {
    const t = await s.runJson(['--as', 'john', 'ticket', 'reply', '#100001', '--canned', 'Password reset', '--status', 'resolved'], { env: { HELPDESK_NOW: '2026-03-02T09:10:00Z' } });
    const text = 'Hi Karen,\n\nI reset the password on ticket #100001 (Forgot my password).\n\nJohn, IT Help';
    expect(t.thread.at(-1)).toMatchObject({ kind: 'reply', author: 'john', body: text });
    expect(t.status).toBe('resolved');
    // One message for the end user: the reply (which carries the resolution), not a second notice.
    const mail = await s.runJson(['--as', 'admin', 'mail', 'outbox']);
    expect(mail.map((m: { kind: string }) => m.kind)).toEqual(['reply']);
    expect((await s.run(['--as', 'admin', 'mail', 'show', String(mail[0].id)])).stdout).toContain(`\n${text}\n\n--\nJohn\nIT Help\n\nTicket #100001 · Resolved\n`);
  });

  it('a canned response with an unknown variable fails before anything is saved or queued', async () => {
    // Written behind the CLI's back (an older version, a hand edit): the reply must still refuse it.
    const db = new Database(s.db);
    db.prepare("INSERT INTO canned_responses(title, body, created_at, updated_at) VALUES ('Broken', 'Dear %{user.nickname}', 'x', 'x')").run();
    db.close();
    const before = dbDigest(s.db);
    const r = await s.run(['--as', 'john', 'ticket', 'reply', '100001', '--canned', 'broken'], NOW);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^helpdesk: unknown variable %\{user.nickname\}/);
    expect(dbDigest(s.db)).toBe(before);
  });

  it('admins remove them', async () => {
    expect((await s.run(['--as', 'admin', 'canned', 'remove', 'broken'])).code).toBe(0);
    expect((await s.runJson(['--as', 'john', 'canned', 'list'])).map((c: { title: string }) => c.title)).toEqual(['Password reset']);
  });
});

describe('mail templates', () => {
  it('admins edit a template; the next mail uses it; reset brings the default back', async () => {
    expect((await s.run(['--as', 'admin', 'mail', 'template', 'list'])).stdout).toContain('resolved\tdefault\t');
    const r = await s.run(['--as', 'admin', 'mail', 'template', 'set', 'resolved', '--body', 'Closed #%{ticket.number} for %{user.name}. Reply to reopen.'], NOW);
    expect(r.code, r.stderr).toBe(0);
    await s.run(['--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'Monitor', '--body', 'Flicker', '--resolve', 'Swapped cable'], NOW);
    const [m] = await s.runJson(['--as', 'admin', 'mail', 'outbox', '--ticket', '100002']);
    expect(m).toMatchObject({ kind: 'resolved', to: 'ken@example.com', subject: 'Re: Monitor [#100002]' });
    expect((await s.run(['--as', 'admin', 'mail', 'show', String(m.id)])).stdout).toContain('\nClosed #100002 for Ken Adams. Reply to reopen.\n');
    expect((await s.run(['--as', 'admin', 'mail', 'template', 'reset', 'resolved'])).code).toBe(0);
    expect((await s.run(['--as', 'john', 'mail', 'template', 'show', 'resolved'])).stdout).toContain('has been resolved.');
  });

  it.each([
    [['--as', 'admin', 'mail', 'template', 'set', 'autoresponse', '--body', '%{message}'], 2, /unknown variable %\{message\}/],
    [['--as', 'admin', 'mail', 'template', 'set', 'goodbye', '--body', 'x'], 2, /unknown mail template 'goodbye'/],
    [['--as', 'john', 'mail', 'template', 'set', 'reply', '--body', 'x'], 4, /only admins may edit mail templates/],
  ])('%j → exit %i, nothing changed', refusedUnchanged);
});
