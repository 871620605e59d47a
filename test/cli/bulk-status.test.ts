/**
 * `ticket status` over several tickets: one transaction, all of them or none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbDigest, query, sandbox, type Sandbox } from '../helpers/cli.js';

let s: Sandbox;
const NOW = { HELPDESK_NOW: '2026-03-02T09:00:00Z' };

beforeAll(async () => {
  s = sandbox();
  expect((await s.run(['init', '--sample', 'lab'])).code).toBe(0);
  // 100001-100004 in Support; 100005 in Online Banking (john may not see it).
  for (let i = 1; i <= 4; i++) {
    expect((await s.run(['--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', `Printer ${i}`, '--body', 'Jams.'], { env: NOW })).code).toBe(0);
  }
  expect((await s.run(['--as', 'jane', 'ticket', 'create', '--user', 'karen@example.com', '--subject', 'Login', '--body', 'x', '--dept', 'Online Banking'], { env: NOW })).code).toBe(0);
});
afterAll(async () => s.cleanup());

const statuses = () => query<{ number: string; status: string }>(s.db, 'SELECT number, status FROM tickets ORDER BY id');

describe('several tickets at once', () => {
  it('changes every one, each with its event; --json is the array of ticket objects in the order given', async () => {
    const r = await s.run(['--as', 'john', 'ticket', 'status', '100002', '#100001', '100002', 'in-progress', '--json'], { env: NOW });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const tickets = JSON.parse(r.stdout) as Array<{ number: string; status: string; events: Array<{ type: string; data: object }> }>;
    expect(tickets.map((t) => [t.number, t.status])).toEqual([['100002', 'in-progress'], ['100001', 'in-progress']]);
    for (const t of tickets) expect(t.events.at(-1)).toMatchObject({ type: 'status', data: { from: 'open', to: 'in-progress' } });
  });

  it('takes the status first too (for xargs), warns for a ticket already there, and confirms on stderr when piped', async () => {
    const r = await s.run(['--as', 'john', 'ticket', 'status', 'in-progress', '100001', '100003'], { env: NOW });
    expect(r).toEqual({ code: 0, stdout: '', stderr: 'helpdesk: warning: #100001 is already In Progress\n✓ 1 tickets are now In Progress: #100003\n' });
    expect(statuses().slice(0, 4).map((t) => t.status)).toEqual(['in-progress', 'in-progress', 'in-progress', 'open']);
  });

  it('a single number still answers with the ticket object', async () => {
    const r = await s.runJson(['--as', 'john', 'ticket', 'status', '100004', 'awaiting-response'], { env: NOW });
    expect(r).toMatchObject({ number: '100004', status: 'awaiting-response' });
  });

  it.each([
    ['one ticket not found', ['100001', '100099', 'resolved'], 3, 'helpdesk: ticket #100099 not found\n'],
    ['one ticket the agent may not see', ['100001', '100005', 'resolved'], 4, 'helpdesk: access denied\n'],
    ['a word that is no ticket number', ['100001', 'ten', 'resolved'], 2, "helpdesk: 'ten' is not a ticket number\n"],
    ['no ticket number at all', ['closed'], 2, "helpdesk: 'closed' is not a ticket number\n"],
    ['an unknown status', ['100001', '100002', 'finished'], 2, "helpdesk: unknown status 'finished'\n"],
  ] as Array<[string, string[], number, string]>)('%s: exit %i and nothing changes', async (_name, args, code, firstLine) => {
    const before = dbDigest(s.db);
    const r = await s.run(['--as', 'john', 'ticket', 'status', ...args], { env: NOW });
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0] + '\n').toBe(firstLine);
    expect(dbDigest(s.db)).toBe(before);
  });

  it('a change refused for one ticket names it', async () => {
    const r = await s.run(['--as', 'john', 'ticket', 'status', '100001', '100005', 'resolved'], { env: NOW });
    expect(r.code).toBe(4);
    expect(r.stderr).toBe('helpdesk: access denied\nhint: refused for #100005; none of the 2 tickets was changed\n');
  });

  it('a conflict on the last ticket undoes the changes already made to the first ones', async () => {
    expect((await s.run(['--as', 'john', 'ticket', 'status', '100003', 'closed'], { env: NOW })).code).toBe(0);
    const before = dbDigest(s.db);
    const r = await s.run(['--as', 'john', 'ticket', 'status', '100001', '100002', '100003', 'resolved'], { env: NOW });
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/^helpdesk: a closed ticket cannot become resolved\n/);
    expect(dbDigest(s.db)).toBe(before);
  });

  it('--help shows both forms', async () => {
    const r = await s.run(['ticket', 'status', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: helpdesk ticket status [options] <n>... [status]');
    expect(r.stdout).toContain('helpdesk ticket status 100001 100002 100003 closed');
  });
});
