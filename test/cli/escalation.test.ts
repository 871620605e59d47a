/**
 * The lab's escalation behaviour (walkthrough 2), through the built binary: John raises a ticket to
 * Sev-A and transfers it to SysAdmins; it vanishes from his view; the admin grants him View Only on
 * SysAdmins; he sees it again but every attempt to work it is refused with exit 4 and leaves no trace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbDigest, sandbox, type Sandbox } from '../helpers/cli.js';

let s: Sandbox;
let n: string;
const at = (iso: string) => ({ env: { HELPDESK_NOW: iso } });
const numbers = (list: Array<{ number: string }>) => list.map((t) => t.number);

beforeAll(async () => {
  s = sandbox();
  expect((await s.run(['init', '--sample', 'lab'], at('2026-03-02T08:00:00Z'))).code).toBe(0);
});
afterAll(async () => s.cleanup());

describe('escalation: a SysAdmins Sev-A ticket is hidden until View Only access is granted', () => {
  it('Karen reports the outage; John raises it to Sev-A and transfers it to SysAdmins', async () => {
    const created = await s.run(['--as', 'karen@example.com', 'ticket', 'create', '--subject', 'Core switch down in the server room',
      '--body', 'Nothing on floor 2 can reach the network.'], at('2026-03-02T09:00:00Z'));
    expect(created.code, created.stderr).toBe(0);
    n = created.stdout.trim();
    expect(n).toBe('100001');
    expect((await s.run(['login', 'john'])).code).toBe(0);
    expect(await s.runJson(['ticket', 'sla', n, 'Sev-A'], at('2026-03-02T09:05:00Z'))).toMatchObject({ sla: 'Sev-A', due_at: '2026-03-02T10:00:00.000Z' });
    const moved = await s.runJson(['ticket', 'transfer', n, '--dept', 'SysAdmins'], at('2026-03-02T09:06:00Z'));
    expect(moved).toMatchObject({ department: 'SysAdmins', sla: 'Sev-A', assignee: null, team: null });
  });

  it('it vanishes from John: show is exit 4 revealing nothing, and no list of his holds it', async () => {
    const shown = await s.run(['ticket', 'show', n]);
    expect(shown).toEqual({ code: 4, stdout: '', stderr: 'helpdesk: access denied\n' });
    expect((await s.run(['ticket', 'show', n, '--json'])).stdout).toBe('');
    for (const args of [
      ['ticket', 'list'], ['ticket', 'list', '--queue', 'all'], ['ticket', 'list', '--queue', 'overdue'],
      ['ticket', 'list', '--queue', 'unassigned'], ['ticket', 'list', '--dept', 'SysAdmins', '--queue', 'all'],
      ['ticket', 'list', '--sla', 'Sev-A'], ['ticket', 'list', '--search', 'switch', '--queue', 'all'],
    ]) {
      expect(await s.runJson(args, at('2026-03-02T11:00:00Z')), args.join(' ')).toEqual([]);
    }
    expect((await s.run(['ticket', 'list', '--queue', 'all'])).stdout).toBe('');
  });

  it('while hidden, working it is refused the same bare way', async () => {
    const before = dbDigest(s.db);
    const r = await s.run(['ticket', 'note', n, '--body', 'Looking into it']);
    expect(r).toEqual({ code: 4, stdout: '', stderr: 'helpdesk: access denied\n' });
    expect(dbDigest(s.db)).toBe(before);
  });

  it('John cannot grant himself access', async () => {
    const before = dbDigest(s.db);
    const r = await s.run(['agent', 'access', 'john', '--dept', 'SysAdmins', '--role', 'View Only']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^helpdesk: access denied: only admins may change department access\n/);
    expect(dbDigest(s.db)).toBe(before);
  });

  it('the admin grants John View Only on SysAdmins', async () => {
    expect((await s.run(['login', 'admin'])).code).toBe(0);
    const r = await s.run(['agent', 'access', 'john', '--dept', 'SysAdmins', '--role', 'View Only']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('✓ john now has View Only on SysAdmins\n');
    const john = (await s.runJson(['agent', 'list'])).find((a: { username: string }) => a.username === 'john');
    expect(john.access).toEqual([{ department: 'SysAdmins', role: 'View Only' }]);
    expect((await s.run(['login', 'john'])).code).toBe(0);
  });

  it('John sees it again: in ticket show and in his lists', async () => {
    const t = await s.runJson(['ticket', 'show', n], at('2026-03-02T09:30:00Z'));
    expect(t).toMatchObject({ number: n, department: 'SysAdmins', sla: 'Sev-A', status: 'open' });
    expect(t.events.map((e: { type: string }) => e.type)).toEqual(['created', 'sla', 'transferred']);
    expect(numbers(await s.runJson(['ticket', 'list'], at('2026-03-02T09:30:00Z')))).toEqual([n]);
    expect(numbers(await s.runJson(['ticket', 'list', '--dept', 'SysAdmins'], at('2026-03-02T09:30:00Z')))).toEqual([n]);
    expect(numbers(await s.runJson(['ticket', 'list', '--queue', 'overdue'], at('2026-03-02T11:00:00Z')))).toEqual([n]);
    expect((await s.run(['ticket', 'show', n])).stdout).toContain('Core switch down in the server room');
  });

  const attempts: Array<[string, string[], RegExp]> = [
    ['reply', ['ticket', 'reply', '100001', '--body', 'We are on it'], /may not reply to this ticket/],
    ['reply with a status', ['ticket', 'reply', '100001', '--body', 'Fixed', '--status', 'resolved'], /may not reply to this ticket/],
    ['note', ['ticket', 'note', '100001', '--body', 'Escalating'], /may not add notes to this ticket/],
    ['assign to himself', ['ticket', 'assign', '100001', '--me'], /may not assign this ticket/],
    ['assign to Jane', ['ticket', 'assign', '100001', '--to', 'jane'], /may not assign this ticket/],
    ['assign a team', ['ticket', 'assign', '100001', '--team', 'Online Banking Team'], /may not assign this ticket/],
    ['transfer back', ['ticket', 'transfer', '100001', '--dept', 'Support'], /may not transfer this ticket/],
    ['edit the subject', ['ticket', 'edit', '100001', '--subject', 'Switch down'], /may not edit this ticket/],
    ['edit the priority', ['ticket', 'edit', '100001', '--priority', 'emergency'], /may not edit this ticket/],
    ['edit the topic', ['ticket', 'edit', '100001', '--topic', 'Business Critical Outage'], /may not edit this ticket/],
    ['change the SLA', ['ticket', 'sla', '100001', 'Sev-B'], /may not edit this ticket/],
    ['set In Progress', ['ticket', 'status', '100001', 'in-progress'], /may not change the status of this ticket/],
    ['set Awaiting Response', ['ticket', 'status', '100001', 'awaiting-response'], /may not change the status of this ticket/],
    ['set the status it has', ['ticket', 'status', '100001', 'open'], /may not change the status of this ticket/],
    ['resolve', ['ticket', 'status', '100001', 'resolved'], /may not close this ticket/],
    ['resolve with a note', ['ticket', 'status', '100001', 'resolved', '--note', 'done'], /may not close this ticket/],
    ['close', ['ticket', 'status', '100001', 'closed'], /may not close this ticket/],
    ['reopen', ['ticket', 'reopen', '100001'], /may not change the status of this ticket/],
  ];

  it.each(attempts)('%s → exit 4, nothing changed (thread and events too)', async (_name, args, message) => {
    const before = dbDigest(s.db);
    const ticketBefore = await s.runJson(['--as', 'admin', 'ticket', 'show', n]);
    for (const json of [false, true]) {
      const r = await s.run(json ? [...args, '--json'] : args, at('2026-03-02T09:40:00Z'));
      expect(r.code, r.stderr).toBe(4);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^helpdesk: access denied: john /);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    expect(dbDigest(s.db)).toBe(before);
    const ticketAfter = await s.runJson(['--as', 'admin', 'ticket', 'show', n]);
    expect(ticketAfter.thread).toEqual(ticketBefore.thread);
    expect(ticketAfter.events).toEqual(ticketBefore.events);
    expect(ticketAfter.updated_at).toBe(ticketBefore.updated_at);
  });

  it('a better role on SysAdmins lets him work it; removing the grant hides it again', async () => {
    expect((await s.run(['--as', 'admin', 'agent', 'access', 'john', '--dept', 'SysAdmins', '--role', 'Limited Access'])).code).toBe(0);
    const noted = await s.runJson(['ticket', 'note', n, '--body', 'Escalated to SysAdmins.'], at('2026-03-02T09:45:00Z'));
    expect(noted.thread.at(-1)).toMatchObject({ kind: 'note', author: 'john', body: 'Escalated to SysAdmins.' });
    // Limited Access has no edit: the SLA stays.
    expect((await s.run(['ticket', 'sla', n, 'Sev-B'])).code).toBe(4);

    const removed = await s.runJson(['--as', 'admin', 'agent', 'access', 'john', '--dept', 'SysAdmins', '--remove']);
    expect(removed.access).toEqual([]);
    expect((await s.run(['ticket', 'show', n])).code).toBe(4);
    expect(await s.runJson(['ticket', 'list', '--queue', 'all'])).toEqual([]);
  });
});
