/**
 * The banking-outage walkthrough (lab walkthroughs 1 and 2) played through the built binary, the way
 * a trainee types it, with the JSON checked field by field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../helpers/cli.js';

let s: Sandbox;
const at = (iso: string) => ({ env: { HELPDESK_NOW: iso } });
const KAREN = 'karen@example.com';

beforeAll(async () => {
  s = sandbox();
  const init = await s.run(['init', '--sample', 'lab'], at('2026-03-02T08:00:00Z'));
  expect(init.code, init.stderr).toBe(0);
});
afterAll(async () => s.cleanup());

describe('banking outage: Karen → John → Jane', () => {
  it('Karen reports the outage from the web', async () => {
    const t = await s.runJson(['--as', KAREN, 'ticket', 'create', '--subject', 'Entire mobile/online banking system is down',
      '--body', 'Customers cannot access the mobile or online banking platform. Please investigate urgently.'],
    at('2026-03-02T09:00:00Z'));
    expect(t).toEqual({
      number: '100001',
      subject: 'Entire mobile/online banking system is down',
      status: 'open', status_name: 'Open', state: 'open', priority: 'normal', department: 'Support', topic: null, sla: 'Default SLA',
      assignee: null, team: null, user: { name: 'Karen Jones', email: KAREN }, source: 'web',
      created_at: '2026-03-02T09:00:00.000Z', updated_at: '2026-03-02T09:00:00.000Z',
      due_at: '2026-03-03T03:00:00.000Z', overdue: false,
      first_response_due_at: null, first_response_at: null, resolved_at: null, closed_at: null, reopened_count: 0,
      thread: [{
        kind: 'message', author: KAREN, author_name: 'Karen Jones', title: null,
        body: 'Customers cannot access the mobile or online banking platform. Please investigate urgently.',
        created_at: '2026-03-02T09:00:00.000Z',
      }],
      events: [{ type: 'created', actor: KAREN, at: '2026-03-02T09:00:00.000Z', data: {} }],
      links: [], parent: null, children: [], collaborators: [], time_spent_minutes: null, merged_into: null, csat: null,
    });
  });

  it('John sees it in his open queue with its default properties', async () => {
    await s.run(['login', 'john']);
    const list = await s.runJson(['ticket', 'list'], at('2026-03-02T09:05:00Z'));
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ number: '100001', priority: 'normal', sla: 'Default SLA', assignee: null, department: 'Support' });
    expect(list[0].thread).toBeUndefined();
    expect(list[0].events).toBeUndefined();
    const unassigned = await s.runJson(['ticket', 'list', '--queue', 'unassigned'], at('2026-03-02T09:05:00Z'));
    expect(unassigned.map((t: { number: string }) => t.number)).toEqual(['100001']);
  });

  it('John raises it to Sev-A: the due time is recomputed from creation', async () => {
    const t = await s.runJson(['ticket', 'sla', '100001', 'sev-a'], at('2026-03-02T09:10:00Z'));
    expect(t.sla).toBe('Sev-A');
    expect(t.due_at).toBe('2026-03-02T10:00:00.000Z');
    expect(t.events.at(-1)).toEqual({
      type: 'sla', actor: 'john', at: '2026-03-02T09:10:00.000Z',
      data: { from: 'Default SLA', to: 'Sev-A', due_at: '2026-03-02T10:00:00.000Z' },
    });
  });

  it('John changes the help topic and explains why in an internal note', async () => {
    const edited = await s.runJson(['ticket', 'edit', '#100001', '--topic', 'Business Critical Outage'], at('2026-03-02T09:11:00Z'));
    expect(edited.topic).toBe('Business Critical Outage');
    expect(edited.events.at(-1)).toMatchObject({ type: 'edited', actor: 'john', data: { field: 'topic', from: null, to: 'Business Critical Outage' } });
    const noted = await s.runJson(['ticket', 'note', '100001', '--body',
      'Ticket updated to Sev-A due to the critical nature of the outage. Assigned to Online Banking for resolution.'],
    at('2026-03-02T09:12:00Z'));
    expect(noted.thread.at(-1)).toMatchObject({ kind: 'note', author: 'john', author_name: 'John' });
  });

  it('John assigns the Online Banking Team and transfers the ticket to Online Banking', async () => {
    const assigned = await s.runJson(['ticket', 'assign', '100001', '--team', 'online banking team'], at('2026-03-02T09:13:00Z'));
    expect(assigned).toMatchObject({ team: 'Online Banking Team', assignee: null });
    expect(assigned.events.at(-1)).toMatchObject({ type: 'assigned', actor: 'john', data: { field: 'team', from: null, to: 'Online Banking Team' } });
    const moved = await s.runJson(['ticket', 'transfer', '100001', '--dept', 'Online Banking'], at('2026-03-02T09:14:00Z'));
    expect(moved.department).toBe('Online Banking');
    expect(moved.events.at(-1)).toMatchObject({ type: 'transferred', data: { from: 'Support', to: 'Online Banking' } });
    // It left John's department and he is not on the team: it is gone from his view.
    expect((await s.run(['ticket', 'show', '100001'])).code).toBe(4);
    expect(await s.runJson(['ticket', 'list', '--queue', 'all'])).toEqual([]);
  });

  it('Jane claims it, replies to Karen and sets In Progress', async () => {
    await s.run(['login', 'jane']);
    const queue = await s.runJson(['ticket', 'list'], at('2026-03-02T09:20:00Z'));
    expect(queue.map((t: { number: string }) => t.number)).toEqual(['100001']);
    const claimed = await s.runJson(['ticket', 'assign', '100001', '--me'], at('2026-03-02T09:20:00Z'));
    expect(claimed).toMatchObject({ assignee: 'jane', team: 'Online Banking Team' });
    const replied = await s.runJson(['ticket', 'reply', '100001', '--body', 'We are investigating the outage now.'], at('2026-03-02T09:25:00Z'));
    expect(replied.first_response_at).toBe('2026-03-02T09:25:00.000Z');
    expect(replied.thread.at(-1)).toMatchObject({ kind: 'reply', author: 'jane', body: 'We are investigating the outage now.' });
    const working = await s.runJson(['ticket', 'status', '100001', 'In Progress'], at('2026-03-02T09:26:00Z'));
    expect(working).toMatchObject({ status: 'in-progress', state: 'open' });
    expect(working.events.at(-1)).toMatchObject({ type: 'status', actor: 'jane', data: { from: 'open', to: 'in-progress' } });
    expect((await s.runJson(['ticket', 'list', '--queue', 'answered'])).map((t: { number: string }) => t.number)).toEqual(['100001']);
  });

  it('Jane resolves it with a resolution note, inside the Sev-A hour', async () => {
    await s.run(['ticket', 'reply', '100001', '--body', 'A recent update caused the outage; we rolled it back. Please confirm.'], at('2026-03-02T09:50:00Z'));
    const done = await s.runJson(['ticket', 'status', '100001', 'resolved', '--note',
      'Identified that a recent update caused the outage. Rolled back the update, tested, platforms operational.'],
    at('2026-03-02T09:55:00Z'));
    expect(done).toMatchObject({ status: 'resolved', state: 'closed', resolved_at: '2026-03-02T09:55:00.000Z', closed_at: null, overdue: false });
    expect(done.thread.map((e: { kind: string }) => e.kind)).toEqual(['message', 'note', 'reply', 'reply', 'note']);
    expect(done.events.map((e: { type: string }) => e.type)).toEqual(['created', 'sla', 'edited', 'assigned', 'transferred', 'assigned', 'status', 'status']);
    // Resolved tickets never go overdue.
    expect((await s.runJson(['ticket', 'show', '100001'], at('2026-03-02T12:00:00Z'))).overdue).toBe(false);
  });

  it('Karen sees the replies and the status, never the notes', async () => {
    const t = await s.runJson(['--as', KAREN, 'ticket', 'show', '100001'], at('2026-03-02T10:00:00Z'));
    expect(t.status).toBe('resolved');
    expect(t.thread.map((e: { kind: string }) => e.kind)).toEqual(['message', 'reply', 'reply']);
    expect(JSON.stringify(t)).not.toContain('Rolled back the update, tested');
    const human = await s.run(['--as', KAREN, 'ticket', 'show', '100001']);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('We are investigating the outage now.');
    expect(human.stdout).not.toContain('INTERNAL NOTE');
    expect(human.stdout).not.toContain('critical nature');
  });
});

describe('a shell script logs an on-the-spot fix', () => {
  it('creates an already-resolved ticket in one command, body on stdin, bare number on stdout', async () => {
    const r = await s.run(['--as', 'john', 'ticket', 'create', '--user', 'pat@example.com', '--name', 'Pat Lee',
      '--subject', 'Printer jam on 3rd floor', '--body-file', '-', '--source', 'walk-in', '--resolve', 'Cleared the jam and ran a test page.'],
    { input: 'Paper stuck in tray 2.\n', env: { HELPDESK_NOW: '2026-03-02T11:00:00Z' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('100002\n');
    expect(r.stderr).toContain('Created ticket #100002');
    const t = await s.runJson(['--as', 'admin', 'ticket', 'show', r.stdout.trim()]);
    expect(t).toMatchObject({
      status: 'resolved', state: 'closed', source: 'walk-in', user: { name: 'Pat Lee', email: 'pat@example.com' },
      resolved_at: '2026-03-02T11:00:00.000Z', department: 'Support', sla: 'Default SLA',
    });
    expect(t.thread).toEqual([
      expect.objectContaining({ kind: 'message', author: 'pat@example.com', body: 'Paper stuck in tray 2.\n' }),
      expect.objectContaining({ kind: 'note', author: 'john', title: 'Resolution', body: 'Cleared the jam and ran a test page.' }),
    ]);
    expect(t.events).toEqual([
      { type: 'created', actor: 'john', at: '2026-03-02T11:00:00.000Z', data: {} },
      { type: 'status', actor: 'john', at: '2026-03-02T11:00:00.000Z', data: { from: 'open', to: 'resolved' } },
    ]);
  });

  it('prints tab-separated rows without color or header when piped', async () => {
    const r = await s.run(['--as', 'admin', 'ticket', 'list', '--queue', 'closed', '--sort', 'created'], { env: { NO_COLOR: '' } });
    expect(r.code).toBe(0);
    // eslint-disable-next-line no-control-regex -- no escape sequence in piped output
    expect(r.stdout).not.toMatch(/\u001b\[/);
    const rows = r.stdout.trimEnd().split('\n').map((l) => l.split('\t'));
    expect(rows.map((c) => c[0])).toEqual(['100002', '100001']);
    expect(rows[0]).toEqual(['100002', 'resolved', 'normal', 'Support', '', '', 'pat@example.com',
      '2026-03-03T05:00:00.000Z', '', 'Printer jam on 3rd floor']);
  });
});

describe('the end user answers', () => {
  it('a reply to an awaiting-response ticket sets it back to open; a reply to a resolved one reopens it', async () => {
    const n = (await s.runJson(['--as', 'john', 'ticket', 'create', '--user', 'alex@example.com', '--subject', 'Camera', '--body', 'No camera'])).number;
    await s.run(['--as', 'john', 'ticket', 'reply', n, '--status', 'awaiting-response', '--body', 'Please test']);
    const answered = await s.runJson(['--as', 'alex@example.com', 'ticket', 'reply', n, '--body', 'Works now']);
    expect(answered.status).toBe('open');
    expect(answered.events.at(-1)).toMatchObject({ type: 'status', actor: 'alex@example.com', data: { from: 'awaiting-response', to: 'open' } });
    await s.run(['--as', 'john', 'ticket', 'status', n, 'resolved']);
    const reopened = await s.runJson(['--as', 'alex@example.com', 'ticket', 'reply', n, '--body', 'It broke again']);
    expect(reopened).toMatchObject({ status: 'open', reopened_count: 1, resolved_at: null });
    expect(reopened.events.at(-1)).toMatchObject({ type: 'reopened', actor: 'alex@example.com', data: { from: 'resolved', to: 'open' } });
    // But an end user may not set a status directly.
    expect((await s.run(['--as', 'alex@example.com', 'ticket', 'status', n, 'in-progress'])).code).toBe(4);
  });
});
