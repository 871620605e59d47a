/**
 * `helpdesk` with no command: the interactive desk, driven in a real terminal.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { labSandbox, type Sandbox } from '../helpers/cli.js';
import { KEY, plain, terminal } from '../helpers/pty.js';

let s: Sandbox;
let env: Record<string, string>;
beforeAll(() => ({ s, env } = labSandbox('banking-outage', '2026-11-23T16:00:00Z')));
afterAll(() => s.cleanup());

it('without a terminal, helpdesk prints help and exits 0', () => {
  const r = s.hd([]);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('Usage: helpdesk');
});

it('shows who you are and the queue, then works a ticket: an internal note', async () => {
  const t = terminal([], env);
  await t.waitFor('What next?');
  const screen = plain(t.output);
  expect(screen).toContain('John (agent, Support)');
  expect(screen).toContain('#100001');
  t.type(KEY.enter); // Work a ticket
  await t.waitFor('Which ticket?');
  t.type(KEY.enter); // #100001
  await t.waitFor('#100001: what now?');
  expect(plain(t.output)).toContain('Entire mobile/online banking system is down');
  t.type(KEY.down + KEY.enter); // Internal note
  await t.waitFor('Internal note:');
  const next = t.waitForNext('#100001: what now?');
  t.type('Checked the load balancer: healthy.' + KEY.enter);
  await t.waitFor('✓ done');
  await next;
  const menu = t.waitForNext('What next?');
  t.type(KEY.up + KEY.enter); // Back to the queue (the last entry)
  await menu;
  t.type(KEY.up + KEY.enter); // Quit (the last entry)
  expect(await t.exited).toBe(0);
  const ticket = s.json(['--as', 'admin', 'ticket', 'show', '100001']);
  expect(ticket.thread.at(-1)).toMatchObject({ kind: 'note', author: 'john', body: 'Checked the load balancer: healthy.' });
});

it('switches user from the menu and offers an end user only what they may do', async () => {
  const t = terminal([], env);
  await t.waitFor('What next?');
  t.type(KEY.down + KEY.down + KEY.down + KEY.enter); // Switch user
  await t.waitFor('Who are you?');
  await t.waitFor('Karen Jones — end user');
  // Admin, Jane, John, Alex, Cliff, Karen
  t.type(KEY.down.repeat(5) + KEY.enter);
  await t.waitFor('Karen Jones (end user)');
  t.type(KEY.enter); // Work a ticket
  await t.waitFor('Which ticket?');
  t.type(KEY.enter);
  await t.waitFor('#100001: what now?');
  const menu = plain(t.output).slice(plain(t.output).lastIndexOf('#100001: what now?'));
  expect(menu).toContain('Reply');
  expect(menu).not.toContain('Internal note');
  expect(menu).not.toContain('Assign to me');
  expect(plain(t.output)).not.toContain('Checked the load balancer'); // notes stay hidden
  t.type(KEY.ctrlC);
  expect(await t.exited).toBe(130);
  expect(s.json(['whoami'])).toMatchObject({ kind: 'user', email: 'karen@example.com' });
});

it('helpdesk --json without a command is a usage error, never help text on stdout', () => {
  const r = s.hd(['--json']);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain('--json needs a command');
});
