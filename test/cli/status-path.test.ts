/**
 * One status path: `ticket reply --status` and `ticket create --resolve` make the change `ticket
 * status` makes (desk/tickets/status.ts changeStatus) — the same status, custom name, clock, events
 * and refusals — and differ only in the mail: a reply is the one message that tells the end user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbDigest, query, sandbox, type Sandbox } from '../helpers/cli.js';

let s: Sandbox;
const T0 = { HELPDESK_NOW: '2026-03-02T09:00:00Z' };
const T1 = { HELPDESK_NOW: '2026-03-02T10:30:00Z' };

async function ok(args: string[], env = T0): Promise<void> {
  const r = await s.run(args, { env });
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
}
async function newTicket(subject: string, extra: string[] = []): Promise<string> {
  const t = await s.runJson(['--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', subject, '--body', 'Jams.', '--sla', 'Flat', ...extra], { env: T0 });
  return t.number as string;
}

/** What a status change leaves on the ticket, without what differs between two tickets by nature. */
async function statusState(n: string): Promise<object> {
  const t = await s.runJson(['--as', 'john', 'ticket', 'show', n], { env: T1 });
  const [row] = query(s.db, 'SELECT status, custom_status, resolved_at, closed_at, clock_start_at, paused_at, paused_minutes, due_at, first_response_due_at, reopened_count FROM tickets WHERE number = ?', n);
  const events = (t.events as Array<{ type: string; data: object }>).filter((e) => e.type === 'status' || e.type === 'reopened');
  return { row, status: t.status, status_name: t.status_name, state: t.state, events: events.map((e) => [e.type, e.data]) };
}
const mailKinds = (n: string) => query<{ kind: string }>(s.db, 'SELECT o.kind FROM outbox o JOIN tickets t ON t.id = o.ticket_id WHERE t.number = ? ORDER BY o.id', n).map((m) => m.kind);

beforeAll(async () => {
  s = sandbox();
  await ok(['init', '--sample', 'lab']);
  await ok(['--as', 'admin', 'config', 'set', 'mail.from', 'IT Help <help@example.com>']);
  await ok(['--as', 'admin', 'sla', 'add', 'Flat', '--hours', '8', '--first-response', '2']);
  await ok(['--as', 'admin', 'status', 'add', 'On Hold', '--state', 'open', '--pause']);
  await ok(['--as', 'admin', 'status', 'add', 'Cancelled', '--state', 'closed']);
});
afterAll(async () => s.cleanup());

describe('reply --status is the change ticket status makes', () => {
  it.each([['On Hold'], ['cancelled'], ['awaiting-response'], ['resolved']])('%s: same status, name, clock and events', async (to) => {
    const [a, b] = [await newTicket(`A ${to}`), await newTicket(`B ${to}`)];
    await ok(['--as', 'john', 'ticket', 'status', a, to], T1);
    await ok(['--as', 'john', 'ticket', 'reply', b, '--body', 'Done.', '--status', to], T1);
    expect(await statusState(b)).toEqual(await statusState(a));
  });

  it('a custom status with a pause stops the clock in both, and leaving it resumes it the same way', async () => {
    const [a, b] = [await newTicket('A hold'), await newTicket('B hold')];
    await ok(['--as', 'john', 'ticket', 'status', a, 'On Hold'], T1);
    await ok(['--as', 'john', 'ticket', 'reply', b, '--body', 'Waiting on the vendor.', '--status', 'On Hold'], T1);
    const later = { HELPDESK_NOW: '2026-03-02T12:30:00Z' };
    await ok(['--as', 'john', 'ticket', 'status', a, 'in-progress'], later);
    await ok(['--as', 'john', 'ticket', 'reply', b, '--body', 'Back on it.', '--status', 'in-progress'], later);
    const [state] = query(s.db, 'SELECT paused_minutes, paused_at FROM tickets WHERE number = ?', b);
    expect(state).toEqual({ paused_minutes: 120, paused_at: null });
    expect(await statusState(b)).toEqual(await statusState(a));
  });

  it.each([
    ['an unknown status', 'someday'],
    ['a closed-state custom status', 'Cancelled'],
  ])('refused the same way (%s): same message, same exit code, nothing written', async (_what, to) => {
    const n = await newTicket(`Refused ${to}`);
    // A closed ticket: `status` refuses the custom closed-state status, reply refuses the post itself.
    if (to === 'Cancelled') await ok(['--as', 'john', 'ticket', 'status', n, 'closed'], T1);
    const before = dbDigest(s.db);
    const viaStatus = await s.run(['--as', 'john', 'ticket', 'status', n, to], { env: T1 });
    const viaReply = await s.run(['--as', 'john', 'ticket', 'reply', n, '--body', 'x', '--status', to], { env: T1 });
    expect(viaStatus.code).not.toBe(0);
    if (to === 'someday') {
      expect(viaReply).toEqual(viaStatus);
      expect(viaReply).toEqual({ code: 2, stdout: '', stderr: expect.stringMatching(/^helpdesk: unknown status 'someday'\n/) });
    } else {
      expect(viaStatus.code).toBe(5);
      expect(viaReply.code).toBe(5);
    }
    expect(dbDigest(s.db)).toBe(before);
  });

  it('an end user may not pass --status to a reply, and nothing is written', async () => {
    const n = await newTicket('User status');
    const before = dbDigest(s.db);
    const r = await s.run(['--as', 'ken@example.com', 'ticket', 'reply', n, '--body', 'x', '--status', 'resolved'], { env: T1 });
    expect(r).toEqual({ code: 4, stdout: '', stderr: 'helpdesk: access denied: only agents may use --status\n' });
    expect(dbDigest(s.db)).toBe(before);
  });

  it('the mail differs only as it should: ticket status sends the resolved notice, a resolving reply sends the reply alone', async () => {
    const [a, b] = [await newTicket('A mail'), await newTicket('B mail')];
    await ok(['--as', 'john', 'ticket', 'status', a, 'resolved'], T1);
    await ok(['--as', 'john', 'ticket', 'reply', b, '--body', 'Fixed.', '--status', 'resolved'], T1);
    expect(mailKinds(a)).toEqual(['resolved']);
    expect(mailKinds(b)).toEqual(['reply']);
  });
});

describe('create --resolve is create then ticket status resolved', () => {
  it('the same status, timestamps, clock and status event, and one mail: the resolved notice', async () => {
    const a = await newTicket('A fixed');
    await ok(['--as', 'john', 'ticket', 'status', a, 'resolved'], T0);
    const b = await newTicket('B fixed', ['--resolve', 'Reseated the cable.']);
    const t = await s.runJson(['--as', 'john', 'ticket', 'show', b], { env: T1 });
    expect(t.thread.at(-1)).toMatchObject({ kind: 'note', title: 'Resolution', body: 'Reseated the cable.' });
    const [sa, sb] = [await statusState(a), await statusState(b)];
    expect(sb).toEqual(sa);
    expect(mailKinds(b)).toEqual(['resolved']);
  });
});

describe('one place decides who may change a status', () => {
  it('the desk enforces a status change in changeStatus only (a second check could drift from it)', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const root = join(import.meta.dirname, '../../src/desk');
    const users = (readdirSync(root, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts') && readFileSync(join(root, f), 'utf8').includes('require(statusChangeAction('))
      .map((f) => [f, readFileSync(join(root, f), 'utf8').split('require(statusChangeAction(').length - 1]);
    expect(users).toEqual([[join('tickets', 'status.ts'), 1]]);
  });
});
