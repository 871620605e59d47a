/**
 * CONTRACT.md, Conventions: ticket arguments, case-insensitive names, stdout vs stderr, one JSON
 * document, errors on one line, stdin read only when asked, ISO times.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../helpers/cli.js';
import { ISO_Z, KAREN, KEN, T0, at, create, expectRefused, labSandbox, oneJson, withOpenStdin } from './support.js';

let s: Sandbox;
beforeAll(() => {
  s = labSandbox();
  create(s, KAREN, ['--subject', 'VPN drops', '--body', 'Every hour.']);
});
afterAll(() => s.cleanup());

describe('arguments that name a ticket accept 100001 and #100001', () => {
  const verbs: Array<[string, string[]]> = [
    ['show', []], ['assign', ['--me']], ['transfer', ['--dept', 'Support']], ['edit', ['--priority', 'high']],
    ['sla', ['Sev-B']], ['reply', ['--body', 'On it.']], ['note', ['--body', 'Checked the logs.']],
    ['status', ['in-progress']], ['reopen', []],
  ];
  it.each(verbs)('ticket %s', (verb, rest) => {
    for (const n of ['100001', '#100001']) {
      const t = oneJson(s.hd(['--as', 'john', 'ticket', verb, n, ...rest, '--json'], at(T0)));
      expect(t.number).toBe('100001');
    }
  });

  it('a malformed number is a usage error, an unknown one is not found', () => {
    expectRefused(s.hd(['--as', 'john', 'ticket', 'show', '#10001x']), 2, /not a ticket number/);
    expectRefused(s.hd(['--as', 'john', 'ticket', 'show', '#199999']), 3, /#199999 not found/);
  });
});

describe('names match case-insensitively', () => {
  it('departments, teams, SLA plans, help topics, statuses', () => {
    const n = create(s, 'john', ['--user', KEN, '--subject', 'Case', '--body', 'x', '--topic', 'password RESET', '--dept', 'SUPPORT', '--sla', 'sev-c']);
    const t = s.json(['--as', 'admin', 'ticket', 'show', n]);
    expect(t).toMatchObject({ topic: 'Password Reset', department: 'Support', sla: 'Sev-C' });
    expect(s.json(['--as', 'admin', 'ticket', 'transfer', n, '--dept', 'online banking']).department).toBe('Online Banking');
    expect(s.json(['--as', 'admin', 'ticket', 'assign', n, '--team', 'ONLINE BANKING TEAM']).team).toBe('Online Banking Team');
    expect(s.json(['--as', 'admin', 'ticket', 'sla', n, 'DEFAULT sla']).sla).toBe('Default SLA');
    expect(s.json(['--as', 'admin', 'ticket', 'status', n, 'In Progress']).status).toBe('in-progress');
    expect(s.json(['--as', 'admin', 'ticket', 'status', n, 'AWAITING-RESPONSE']).status).toBe('awaiting-response');
    expect(s.json(['--as', 'admin', 'ticket', 'list', '--dept', 'online BANKING', '--sla', 'default sla']).map((x: any) => x.number)).toEqual([n]);
  });

  it('roles, agents by username and end users by email', () => {
    expect(s.json(['--as', 'ADMIN', 'agent', 'add', 'tess', '--name', 'Tess', '--dept', 'sysadmins', '--role', 'view ONLY']))
      .toMatchObject({ username: 'tess', department: 'SysAdmins', role: 'View Only' });
    expect(s.json(['--as', 'Karen@Example.COM', 'whoami'])).toMatchObject({ kind: 'user', email: KAREN });
    expect(s.json(['--as', 'JOHN', 'ticket', 'list', '--user', 'KAREN@example.com', '--assignee', 'John']).map((x: any) => x.number)).toEqual(['100001']);
  });

  it('beyond ASCII: Ärger is ärger, and a second one is a duplicate', () => {
    expect(s.json(['--as', 'admin', 'dept', 'add', 'Ärger & Ökonomie']).name).toBe('Ärger & Ökonomie');
    expectRefused(s.hd(['--as', 'admin', 'dept', 'add', 'ärger & ökonomie']), 5, /already exists/);
    expect(s.json(['--as', 'admin', 'team', 'add', 'Équipe Nuit']).name).toBe('Équipe Nuit');
    expect(s.json(['--as', 'admin', 'topic', 'add', 'Straße', '--dept', 'ÄRGER & ÖKONOMIE']).department).toBe('Ärger & Ökonomie');
    const n = create(s, 'admin', ['--user', KEN, '--subject', 'Unicode', '--body', 'x', '--topic', 'STRAßE', '--team', 'équipe nuit']);
    expect(s.json(['--as', 'admin', 'ticket', 'show', n])).toMatchObject({ department: 'Ärger & Ökonomie', topic: 'Straße', team: 'Équipe Nuit' });
    expectRefused(s.hd(['--as', 'admin', 'team', 'add', 'ÉQUIPE NUIT']), 5, /already exists/);
  });
});

describe('stdout carries the result, stderr the rest', () => {
  it('ticket create: the bare number on stdout, a sentence on stderr', () => {
    const r = s.hd(['--as', 'john', 'ticket', 'create', '--user', KEN, '--subject', 'Outage', '--body', 'Down.', '--topic', 'Business Critical Outage'], at(T0));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d{6}\n$/);
    expect(r.stderr).toBe(`Created ticket #${r.stdout.trim()} · Sev-A · due in 1h\n`);
  });

  it('piped lists are tab-separated rows without a header or color', () => {
    const r = s.hd(['--as', 'john', 'ticket', 'list'], at(T0));
    expect(r.code).toBe(0);
    const rows = r.stdout.trimEnd().split('\n');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/^\d{6}\t/);
    // eslint-disable-next-line no-control-regex -- no escape sequence in piped output
    expect(r.stdout).not.toMatch(/\u001b\[/);
    expect(r.stderr).toBe('');
  });

  it('a no-op warns on stderr and still prints the result', () => {
    s.hd(['--as', 'john', 'ticket', 'status', '100001', 'in-progress'], at(T0));
    const r = s.hd(['--as', 'john', 'ticket', 'status', '100001', 'in-progress', '--json'], at(T0));
    expect(oneJson(r).status).toBe('in-progress');
    expect(r.stderr).toMatch(/^helpdesk: warning: .*already In Progress\n$/);
  });
});

describe('--json: exactly one JSON document on stdout', () => {
  const commands: string[][] = [
    ['whoami'], ['login', 'john'], ['logout'], ['login', 'john'],
    ['ticket', 'list'], ['ticket', 'show', '100001'], ['ticket', 'search', 'VPN'],
    ['agent', 'list'], ['dept', 'list'], ['team', 'list'], ['topic', 'list'], ['sla', 'list'], ['role', 'list'],
    ['sla', 'status'], ['sla', 'check'], ['report'], ['lab', 'list'], ['mail', 'outbox'], ['config', 'list'], ['config', 'get', 'timezone'],
    ['--as', 'admin', 'user', 'list'], ['--as', 'admin', 'export'], ['--as', 'admin', 'schedule', 'list'],
  ];
  it.each(commands.map((c) => [c.join(' '), c]))('%s', (_name, args) => {
    const r = s.hd([...(args as string[]), '--json'], at(T0));
    const doc = oneJson(r);
    expect(typeof doc).toBe('object');
  });

  it('also with --json before the command', () => {
    expect(oneJson(s.hd(['--json', '--as', 'john', 'ticket', 'show', '100001'], at(T0))).number).toBe('100001');
  });
});

describe('errors', () => {
  it('one line, a hint, no stack trace; the stack only with HELPDESK_DEBUG=1', () => {
    const r = s.hd(['--as', 'john', 'ticket', 'transfer', '100001', '--dept', 'Sysadmin']);
    expectRefused(r, 3, /^helpdesk: no department named 'Sysadmin'\nhint: .*did you mean 'SysAdmins'/);
    const debug = s.hd(['--as', 'john', 'ticket', 'transfer', '100001', '--dept', 'Sysadmin'], { env: { HELPDESK_DEBUG: '1' } });
    expect(debug.code).toBe(3);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it('unknown flags and commands are usage errors', () => {
    expectRefused(s.hd(['--as', 'john', 'ticket', 'list', '--colour']), 2, /unknown option '--colour'/);
    expectRefused(s.hd(['tickets', 'list']), 2, /unknown command 'tickets'/);
  });

  it('a message with a line break in it is still one line', () => {
    const r = s.hd(['--as', 'john', 'ticket', 'transfer', '100001', '--dept', 'Sys\nAdmins']);
    expectRefused(r, 3, /no department named/);
  });
});

describe('stdin is read only for --body-file -', () => {
  it('commands never wait on an open stdin', async () => {
    for (const args of [
      ['--as', 'john', 'ticket', 'list'],
      ['--as', 'john', 'ticket', 'reply', '100001', '--body', 'Inline.'],
      ['--as', 'john', 'ticket', 'note', '100001'],
      ['--as', 'john', 'ticket', 'create', '--user', KEN, '--subject', 'No body'],
      ['--as', 'john', 'ticket', 'status', '100001'],
      ['login'],
    ]) {
      const r = await withOpenStdin(s, args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).not.toBe(-2);
    }
  });

  it('a missing body without a terminal names the flags to pass', async () => {
    const r = await withOpenStdin(s, ['--as', 'john', 'ticket', 'note', '100001']);
    expectRefused(r, 2, /missing --body\nhint: .*--body-file/);
  });

  it('--body-file - reads stdin, byte for byte', () => {
    const body = 'Line one\nLíne twø\n';
    const t = s.json(['--as', 'john', 'ticket', 'note', '#100001', '--body-file', '-'], { env: { HELPDESK_NOW: T0 }, input: body });
    expect(t.thread.at(-1)).toMatchObject({ kind: 'note', body });
  });
});

describe('times in JSON are ISO 8601 UTC with Z', () => {
  it('every time field of the ticket object, its thread and events', () => {
    const t = s.json(['--as', 'john', 'ticket', 'show', '100001'], at('2026-03-02T10:15:30.250+01:00'));
    for (const key of ['created_at', 'updated_at', 'due_at']) expect(t[key]).toMatch(ISO_Z);
    for (const e of t.thread) expect(e.created_at).toMatch(ISO_Z);
    for (const e of t.events) expect(e.at).toMatch(ISO_Z);
    expect(t.created_at).toBe('2026-03-02T09:00:00.000Z');
  });

  it('HELPDESK_NOW with an offset is recorded in UTC', () => {
    const t = s.json(['--as', 'john', 'ticket', 'note', '100001', '--body', 'Offset.'], at('2026-03-02T10:15:30.250+01:00'));
    expect(t.updated_at).toBe('2026-03-02T09:15:30.250Z');
    expect(t.thread.at(-1).created_at).toBe('2026-03-02T09:15:30.250Z');
  });
});
