/**
 * On a terminal, helpdesk asks for what is missing, colors its tables, and lets a trainee pick who to
 * be — tested in a real pseudo-terminal.
 */
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
    expect(t.output).not.toMatch(/\u001b\[3\dm/);
    expect(t.output).toContain('#100001');
  });
});
