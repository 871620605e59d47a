/**
 * On a terminal, helpdesk asks for what is missing, colors its tables, and lets a trainee pick who to
 * be — tested in a real pseudo-terminal.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbDigest, sandbox, type Sandbox } from '../helpers/cli.js';
import { KEY, plain, terminal } from '../helpers/pty.js';

let s: Sandbox;
let env: Record<string, string>;
beforeAll(() => {
  s = sandbox();
  expect(s.hd(['init', '--sample', 'lab']).code).toBe(0);
  env = { ...s.env, HELPDESK_NOW: '2026-03-02T09:00:00Z' };
  delete (env as Record<string, string | undefined>).NO_COLOR;
});
afterAll(() => s.cleanup());

describe('in a terminal', () => {
  it('ticket create asks for the subject, the description and the end user', async () => {
    const t = terminal(['--as', 'john', 'ticket', 'create'], env);
    await t.waitFor('Subject:');
    t.type('Outlook keeps crashing' + KEY.enter);
    await t.waitFor('Description:');
    t.type('It crashes when I open the calendar.' + KEY.enter);
    await t.waitFor("End user's email:");
    t.type('ken@example.com' + KEY.enter);
    expect(await t.exited).toBe(0);
    expect(plain(t.output)).toMatch(/Created ticket #100001 · Default SLA · due in 18h/);
    const created = s.json(['--as', 'john', 'ticket', 'show', '100001']);
    expect(created).toMatchObject({ subject: 'Outlook keeps crashing', user: { email: 'ken@example.com' }, source: 'phone' });
    expect(created.thread[0].body).toBe('It crashes when I open the calendar.');
  });

  it('ticket status without a status offers the statuses to pick from', async () => {
    const t = terminal(['--as', 'john', 'ticket', 'status', '100001'], env);
    await t.waitFor('New status');
    t.type(KEY.down + KEY.enter); // Open → In Progress
    expect(await t.exited).toBe(0);
    expect(plain(t.output)).toContain('#100001 is now In Progress');
    expect(s.json(['--as', 'john', 'ticket', 'show', '100001']).status).toBe('in-progress');
  });

  it('Ctrl-C at a prompt exits 130 and changes nothing', async () => {
    const before = dbDigest(s.db);
    const t = terminal(['--as', 'john', 'ticket', 'create'], env);
    await t.waitFor('Subject:');
    t.type('half a subj');
    t.type(KEY.ctrlC);
    expect(await t.exited).toBe(130);
    expect(dbDigest(s.db)).toBe(before);
  });

  it('helpdesk switch lists agents and end users and saves the choice', async () => {
    const t = terminal(['switch'], env);
    await t.waitFor('Karen Jones — end user');
    expect(plain(t.output)).toContain('John — agent, Support (john)');
    expect(plain(t.output)).toContain('Jane — agent, Online Banking (jane)');
    t.type(KEY.down + KEY.down + KEY.enter); // Admin → Jane → John
    expect(await t.exited).toBe(0);
    expect(plain(t.output)).toContain('Logged in as John (john)');
    expect(s.json(['whoami'])).toEqual({ kind: 'agent', username: 'john', name: 'John', department: 'Support', admin: false });
  });

  it('ticket list draws a colored table with the SLA clock', async () => {
    const t = terminal(['--as', 'john', 'ticket', 'list'], { ...env, HELPDESK_NOW: '2026-03-03T04:00:00Z' });
    expect(await t.exited).toBe(0);
    // eslint-disable-next-line no-control-regex -- a foreground color escape sequence
    expect(t.output).toMatch(/\u001b\[3\dm/); // color
    const screen = plain(t.output);
    expect(screen).toMatch(/Ticket\s+│?\s*Subject/);
    expect(screen).toContain('#100001');
    expect(screen).toContain('In Progress');
    expect(screen).toContain('overdue by 1h');
  });

  it('--no-color turns color off on a terminal', async () => {
    const t = terminal(['--as', 'john', '--no-color', 'ticket', 'list'], env);
    expect(await t.exited).toBe(0);
    // eslint-disable-next-line no-control-regex -- a foreground color escape sequence
    expect(t.output).not.toMatch(/\u001b\[3\dm/);
    expect(t.output).toContain('#100001');
  });
});

describe('the identity picker (helpdesk login / helpdesk switch)', () => {
  let p: Sandbox;
  let penv: Record<string, string>;
  const logins = () => readFileSync(join(p.env.XDG_STATE_HOME!, 'helpdesk', 'logins.json'), 'utf8');
  beforeAll(() => {
    p = sandbox();
    expect(p.hd(['init', '--sample', 'lab']).code).toBe(0); // logged in as admin
    expect(p.hd(['agent', 'add', 'bob', '--name', 'Bob Gone']).code).toBe(0);
    expect(p.hd(['agent', 'deactivate', 'bob']).code).toBe(0);
    penv = { ...p.env, HELPDESK_NOW: '2026-03-02T09:00:00Z' };
  });
  afterAll(() => p.cleanup());

  it('lists the active agents with department and admin, then the end users; arrows + Enter pick Karen', async () => {
    const t = terminal(['login'], penv);
    await t.waitFor('Ken Adams — end user (ken@example.com)');
    const screen = plain(t.output);
    expect(screen).toContain('Admin — agent, Support, admin (admin)');
    expect(screen).toContain('Jane — agent, Online Banking (jane)');
    expect(screen).toContain('John — agent, Support (john)');
    expect(screen).toContain('Karen Jones — end user (karen@example.com)');
    expect(screen).not.toContain('Bob Gone'); // deactivated agents cannot act, so they are not offered
    // admin, jane, john, then Alex Kamal, Cliff Tucker, Karen Jones: five down from the current login.
    t.type(KEY.down.repeat(5) + KEY.enter);
    expect(await t.exited).toBe(0);
    expect(plain(t.output)).toContain('Logged in as Karen Jones (karen@example.com) — end user');
    expect(p.json(['whoami'])).toEqual({ kind: 'user', email: 'karen@example.com', name: 'Karen Jones', department: null, admin: false });
  });

  it('switch starts on the current identity; Up + Enter picks the one above (Cliff)', async () => {
    const t = terminal(['switch'], penv);
    await t.waitFor('Ken Adams — end user');
    t.type(KEY.up + KEY.enter);
    expect(await t.exited).toBe(0);
    expect(p.json(['whoami'])).toMatchObject({ kind: 'user', email: 'cliff@example.com' });
  });

  it('switch to Jane, and carry on as Jane', async () => {
    const t = terminal(['switch'], penv);
    await t.waitFor('Ken Adams — end user');
    t.type(KEY.up.repeat(3) + KEY.enter); // Cliff → Alex → john → jane
    expect(await t.exited).toBe(0);
    expect(plain(t.output)).toContain('Logged in as Jane (jane) — agent, Online Banking');
    expect(p.hd(['whoami']).stdout).toBe('Jane (jane) — agent, Online Banking\n');
    expect(p.hd(['ticket', 'list']).code).toBe(0);
  });

  it('Ctrl-C in the picker exits 130 and changes nothing: same login, same database', async () => {
    const before = dbDigest(p.db);
    const saved = logins();
    const t = terminal(['switch'], penv);
    await t.waitFor('Karen Jones — end user');
    t.type(KEY.down);
    t.type(KEY.ctrlC);
    expect(await t.exited).toBe(130);
    expect(logins()).toBe(saved);
    expect(dbDigest(p.db)).toBe(before);
    expect(p.json(['whoami'])).toMatchObject({ kind: 'agent', username: 'jane' });
  });

  it('a non-admin asked for a missing value of an admin verb is refused before typing anything', async () => {
    const t = terminal(['--as', 'john', 'agent', 'add', 'newbie'], penv);
    expect(await t.exited).toBe(4);
    expect(plain(t.output)).toContain('helpdesk: access denied: only admins may add agents');
  });

  it('an admin is asked for a missing name', async () => {
    const t = terminal(['--as', 'admin', 'agent', 'add', 'newbie'], penv);
    await t.waitFor('Full name:');
    t.type('New Bie' + KEY.enter);
    expect(await t.exited).toBe(0);
    expect(plain(t.output)).toContain('✓ Added agent newbie (New Bie) — Support, Expanded Access');
  });

  it('agent access without --role offers the roles to pick from', async () => {
    const t = terminal(['--as', 'admin', 'agent', 'access', 'newbie', '--dept', 'SysAdmins'], penv);
    await t.waitFor('View Only');
    t.type(KEY.down.repeat(3) + KEY.enter); // All Access → Expanded → Limited → View Only
    expect(await t.exited).toBe(0);
    expect(plain(t.output)).toContain('✓ newbie now has View Only on SysAdmins');
    const newbie = p.json(['--as', 'admin', 'agent', 'list']).find((a: { username: string }) => a.username === 'newbie');
    expect(newbie.access).toEqual([{ department: 'SysAdmins', role: 'View Only' }]);
  });

  it('agent list draws a table on a terminal', async () => {
    const t = terminal(['--as', 'admin', 'agent', 'list'], penv);
    expect(await t.exited).toBe(0);
    const screen = plain(t.output);
    expect(screen).toMatch(/Username\s+│?\s*Name/);
    expect(screen).toContain('SysAdmins (View Only)');
    expect(screen).toContain('deactivated');
  });
});
