/**
 * CONTRACT.md, Tickets: `ticket create` with every flag, as an end user and as an agent.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../helpers/cli.js';
import { KAREN, KEN, T0, at, expectRefused, expectRefusedUnchanged, labSandbox, oneJson } from './support.js';

let s: Sandbox;
beforeAll(() => {
  s = labSandbox();
  expect(s.hd(['--as', 'admin', 'dept', 'add', 'Field Service', '--sla', 'Sev-B']).code).toBe(0);
  expect(s.hd(['--as', 'admin', 'topic', 'add', 'On Site', '--dept', 'Field Service']).code).toBe(0);
  expect(s.hd(['--as', 'admin', 'topic', 'add', 'Hardware', '--dept', 'SysAdmins', '--priority', 'high']).code).toBe(0);
});
afterAll(() => s.cleanup());

const createJson = (as: string, args: string[], when = T0) => s.json(['--as', as, 'ticket', 'create', ...args], at(when));

describe('output', () => {
  it('stdout is the bare number, so n=$(helpdesk ticket create …) works; the sentence is on stderr', () => {
    const r = s.hd(['--as', KAREN, 'ticket', 'create', '--subject', 'VPN drops', '--body', 'Every hour.'], at(T0));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('100001\n');
    expect(r.stderr).toBe('Created ticket #100001 · Default SLA · due in 18h\n');
  });

  it('numbers increase by one from 100001; --json prints the ticket object', () => {
    const t = createJson(KAREN, ['--subject', 'Second', '--body', 'b']);
    expect(t.number).toBe('100002');
    expect(Object.keys(t)).toEqual(expect.arrayContaining(['number', 'thread', 'events', 'user', 'due_at', 'overdue']));
  });

  it('a refused create changes nothing and does not use up a number', () => {
    expectRefusedUnchanged(s, ['--as', 'john', 'ticket', 'create', '--user', KEN, '--subject', 's', '--body', 'b', '--topic', 'Nope'], 3, /no help topic named 'Nope'/);
    expect(createJson('john', ['--user', KEN, '--subject', 'Third', '--body', 'b']).number).toBe('100003');
  });
});

describe('as an end user', () => {
  it('--user is themselves, --source defaults to web, the body is their message', () => {
    const t = createJson(KAREN, ['--subject', 'Printer', '--body', 'Jammed again.']);
    expect(t).toMatchObject({ user: { name: 'Karen Jones', email: KAREN }, source: 'web', status: 'open', priority: 'normal', department: 'Support', sla: 'Default SLA' });
    expect(t.thread).toEqual([{ kind: 'message', author: KAREN, author_name: 'Karen Jones', title: null, body: 'Jammed again.', created_at: '2026-03-02T09:00:00.000Z' }]);
    expect(t.events).toEqual([{ type: 'created', actor: KAREN, at: '2026-03-02T09:00:00.000Z', data: {} }]);
  });

  it('may name themselves (any case), pick a help topic and give the source', () => {
    const t = createJson(KAREN, ['--user', 'KAREN@example.com', '--subject', 'Reset', '--body', 'b', '--topic', 'password reset', '--source', 'chat']);
    expect(t).toMatchObject({ user: { email: KAREN }, topic: 'Password Reset', source: 'chat' });
  });

  it('may not open tickets for others or set what agents set (exit 4)', () => {
    const base = ['--as', KAREN, 'ticket', 'create', '--subject', 's', '--body', 'b'];
    expectRefusedUnchanged(s, [...base, '--user', KEN], 4, /access denied/);
    for (const flag of [['--dept', 'Support'], ['--priority', 'high'], ['--sla', 'Sev-A'], ['--assign', 'john'], ['--team', 'Online Banking Team'], ['--resolve', 'fixed']]) {
      expectRefusedUnchanged(s, [...base, ...flag], 4, new RegExp(`access denied.*${flag[0]}`));
    }
  });
});

describe('as an agent', () => {
  it('must give --user (exit 2 naming it)', () => {
    expectRefusedUnchanged(s, ['--as', 'john', 'ticket', 'create', '--subject', 's', '--body', 'b'], 2, /--user/);
  });

  it('--source defaults to phone; the first message is the end user\'s, the created event is the agent\'s', () => {
    const t = createJson('john', ['--user', KEN, '--subject', 'Monitor', '--body', 'Flickers.']);
    expect(t.source).toBe('phone');
    expect(t.thread).toEqual([expect.objectContaining({ kind: 'message', author: KEN, body: 'Flickers.' })]);
    expect(t.events).toEqual([{ type: 'created', actor: 'john', at: '2026-03-02T09:00:00.000Z', data: {} }]);
    for (const source of ['web', 'email', 'phone', 'chat', 'walk-in', 'api', 'other']) {
      expect(createJson('john', ['--user', KEN, '--subject', 'src', '--body', 'b', '--source', source]).source).toBe(source);
    }
    expectRefusedUnchanged(s, ['--as', 'john', 'ticket', 'create', '--user', KEN, '--subject', 's', '--body', 'b', '--source', 'fax'], 2, /unknown source 'fax'/);
  });

  it('an unknown email creates the end user, named by --name or the email', () => {
    expect(createJson('john', ['--user', 'Pat@Example.com', '--name', 'Pat Doe', '--subject', 's', '--body', 'b']).user)
      .toEqual({ name: 'Pat Doe', email: 'pat@example.com' });
    expect(createJson('john', ['--user', 'sam@example.com', '--subject', 's', '--body', 'b']).user)
      .toEqual({ name: 'sam@example.com', email: 'sam@example.com' });
    expect(s.json(['--as', 'admin', 'user', 'list']).map((u: any) => u.email)).toEqual(expect.arrayContaining(['pat@example.com', 'sam@example.com']));
    // A known email keeps its name.
    expect(createJson('john', ['--user', KEN, '--name', 'Someone Else', '--subject', 's', '--body', 'b']).user.name).toBe('Ken Adams');
  });

  it('the help topic supplies department, priority and SLA where not given', () => {
    expect(createJson('john', ['--user', KEN, '--subject', 's', '--body', 'b', '--topic', 'Business Critical Outage']))
      .toMatchObject({ topic: 'Business Critical Outage', department: 'Support', priority: 'emergency', sla: 'Sev-A', due_at: '2026-03-02T10:00:00.000Z' });
    // (As admin: John has no access to Accounting, so he may not open a ticket there he could not see.)
    expect(createJson('admin', ['--user', KEN, '--subject', 's', '--body', 'b', '--topic', 'Business Critical Outage', '--priority', 'low', '--sla', 'Sev-C', '--dept', 'Accounting']))
      .toMatchObject({ topic: 'Business Critical Outage', department: 'Accounting', priority: 'low', sla: 'Sev-C', due_at: '2026-03-02T17:00:00.000Z' });
  });

  it("then the department's default SLA, then Default SLA", () => {
    expect(createJson('admin', ['--user', KEN, '--subject', 's', '--body', 'b', '--topic', 'On Site']))
      .toMatchObject({ department: 'Field Service', sla: 'Sev-B', priority: 'normal', due_at: '2026-03-02T13:00:00.000Z' });
    expect(createJson('admin', ['--user', KEN, '--subject', 's', '--body', 'b', '--dept', 'field service'])).toMatchObject({ sla: 'Sev-B' });
    expect(createJson('admin', ['--user', KEN, '--subject', 's', '--body', 'b', '--topic', 'Hardware']))
      .toMatchObject({ department: 'SysAdmins', priority: 'high', sla: 'Default SLA', due_at: '2026-03-03T03:00:00.000Z' });
  });

  it('--assign and --team set the assignee and the team', () => {
    const t = createJson('john', ['--user', KEN, '--subject', 's', '--body', 'b', '--assign', 'Jane', '--team', 'online banking team']);
    expect(t).toMatchObject({ assignee: 'jane', team: 'Online Banking Team' });
    expect(t.events.map((e: any) => e.type)).toEqual(['created', 'assigned', 'assigned']);
    expectRefusedUnchanged(s, ['--as', 'john', 'ticket', 'create', '--user', KEN, '--subject', 's', '--body', 'b', '--assign', 'nobody'], 3, /no agent named 'nobody'/);
  });

  it('--resolve: created, the resolution as an internal note, status resolved — in one go', () => {
    const t = createJson('john', ['--user', KEN, '--subject', 'Caps lock', '--body', 'Cannot log in.', '--resolve', 'Caps lock was on.']);
    expect(t).toMatchObject({ status: 'resolved', state: 'closed', resolved_at: '2026-03-02T09:00:00.000Z', closed_at: null, overdue: false });
    expect(t.thread.map((e: any) => [e.kind, e.author, e.body])).toEqual([['message', KEN, 'Cannot log in.'], ['note', 'john', 'Caps lock was on.']]);
    expect(t.events.map((e: any) => [e.type, e.data])).toEqual([['created', {}], ['status', { from: 'open', to: 'resolved' }]]);
    const r = s.hd(['--as', 'john', 'ticket', 'create', '--user', KEN, '--subject', 'x', '--body', 'b', '--resolve', 'Done.'], at(T0));
    expect(r.stdout).toMatch(/^\d{6}\n$/);
    // The end user never sees the note.
    expect(s.json(['--as', KEN, 'ticket', 'show', t.number]).thread.map((e: any) => e.kind)).toEqual(['message']);
    // Not allowed to close → nothing at all is created.
    expect(s.hd(['--as', 'admin', 'agent', 'add', 'vic', '--name', 'Vic', '--role', 'View Only']).code).toBe(0);
    expectRefusedUnchanged(s, ['--as', 'vic', 'ticket', 'create', '--user', KEN, '--subject', 's', '--body', 'b', '--resolve', 'x'], 4, /access denied/);
  });
});

describe('the body', () => {
  it('--body-file <path> and --body-file - (stdin)', () => {
    const file = join(s.dir, 'body.txt');
    writeFileSync(file, 'From a file.\nTwo lines.\n');
    expect(createJson(KAREN, ['--subject', 'file', '--body-file', file]).thread[0].body).toBe('From a file.\nTwo lines.\n');
    const t = s.json(['--as', KAREN, 'ticket', 'create', '--subject', 'stdin', '--body-file', '-'], { env: { HELPDESK_NOW: T0 }, input: 'Piped in.\n' });
    expect(t.thread[0].body).toBe('Piped in.\n');
  });

  it('missing, empty, both, or unreadable: exit 2, nothing created', () => {
    const base = ['--as', KAREN, 'ticket', 'create', '--subject', 's'];
    expectRefusedUnchanged(s, base, 2, /missing --body/);
    expectRefusedUnchanged(s, [...base, '--body', '   '], 2, /body is empty/);
    expectRefusedUnchanged(s, [...base, '--body', 'a', '--body-file', '-'], 2, /either --body or --body-file/);
    expectRefusedUnchanged(s, [...base, '--body-file', join(s.dir, 'missing.txt')], 2, /cannot read --body-file/);
    expectRefusedUnchanged(s, ['--as', KAREN, 'ticket', 'create', '--body', 'b'], 2, /--subject/);
  });
});

describe('odd but valid input', () => {
  it('unicode, long text and emoji survive unchanged', () => {
    const subject = `Ünïcödé ${'✓'.repeat(10)} 😀 — ${'x'.repeat(900)}`;
    const body = `${'Lörem ipsüm '.repeat(5000)}\n\ttabbed\n`;
    const t = createJson('john', ['--user', 'zoë@exämple.com', '--name', 'Zoë Ümlaut', '--subject', subject, '--body', body]);
    expect(t.subject).toBe(subject);
    expect(t.thread[0].body).toBe(body);
    expect(t.user).toEqual({ name: 'Zoë Ümlaut', email: 'zoë@exämple.com' });
    expect(s.json(['--as', 'ZOË@EXÄMPLE.COM', 'whoami']).email).toBe('zoë@exämple.com');
  });

  it('empty values for named things are errors, not ignored', () => {
    const base = ['--as', 'john', 'ticket', 'create', '--user', KEN, '--subject', 's', '--body', 'b'];
    for (const flag of ['--topic', '--dept', '--sla', '--assign', '--team']) {
      expectRefusedUnchanged(s, [...base, flag, ''], 2, /is empty/);
    }
    expectRefusedUnchanged(s, [...base, '--priority', ''], 2, /unknown priority/);
    expectRefusedUnchanged(s, [...base, '--resolve', ''], 2, /empty/);
  });

  it('--json with a no-op-free create still prints one document', () => {
    expect(oneJson(s.hd(['--as', 'john', 'ticket', 'create', '--user', KEN, '--subject', 's', '--body', 'b', '--json'], at(T0))).state).toBe('open');
    expectRefused(s.hd(['--as', 'john', 'ticket', 'create', '--user', KEN, '--subject', 's', '--body', 'b', '--sla', 'Sev-Z', '--json']), 3, /did you mean 'Sev-A'/);
  });
});
