/**
 * CONTRACT.md, Organisation: init (default and training organisations), roles, admin commands.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbDigest, sandbox, type Sandbox } from '../../helpers/cli.js';
import { KAREN, T0, at, expectRefused, expectRefusedUnchanged, labSandbox, oneJson } from './support.js';

describe('init', () => {
  let s: Sandbox;
  beforeAll(() => (s = sandbox()));
  afterAll(() => s.cleanup());

  it('the default organisation: Support, Default SLA 18 h 24/7, four roles, one admin who is logged in', () => {
    const init = s.hd(['init', '--admin', 'Root.Admin'], at(T0));
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toBe('');
    expect(s.json(['whoami'])).toEqual({ kind: 'agent', username: 'root.admin', name: 'root.admin', department: 'Support', admin: true });
    expect(s.json(['dept', 'list']).map((d: any) => [d.name, d.sla])).toEqual([['Support', 'Default SLA']]);
    expect(s.json(['sla', 'list'])).toEqual([
      expect.objectContaining({ name: 'Default SLA', hours: 18, schedule: null, first_response_hours: null, pause_awaiting: false }),
    ]);
    expect(s.json(['role', 'list']).map((r: any) => r.name)).toEqual(['All Access', 'Expanded Access', 'Limited Access', 'View Only']);
    expect(s.json(['agent', 'list']).map((a: any) => [a.username, a.role, a.admin])).toEqual([['root.admin', 'All Access', true]]);
    expect(s.json(['team', 'list'])).toEqual([]);
    expect(s.json(['topic', 'list'])).toEqual([]);
    expect(s.json(['--as', 'root.admin', 'user', 'list'])).toEqual([]);
    const t = s.json(['ticket', 'create', '--user', 'a@example.com', '--subject', 's', '--body', 'b', '--priority', 'emergency'], at(T0));
    expect(t).toMatchObject({ number: '100001', priority: 'emergency', sla: 'Default SLA', due_at: '2026-03-03T03:00:00.000Z' });
  });

  it('refuses an existing non-empty database (exit 5) unless --force', () => {
    const before = dbDigest(s.db);
    expectRefused(s.hd(['init']), 5, /already holds an organisation/);
    expectRefused(s.hd(['init', '--sample', 'lab']), 5);
    expect(dbDigest(s.db)).toBe(before);
    expect(s.hd(['init', '--force', '--sample', 'lab']).code).toBe(0);
    expect(s.json(['whoami']).username).toBe('admin');
    expect(s.json(['--as', 'admin', 'ticket', 'list', '--queue', 'all'])).toEqual([]);
  });

  it("refuses another program's database or a file that is not SQLite, and never writes into it", () => {
    const foreign = join(s.dir, 'foreign.db');
    const db = new Database(foreign);
    db.exec('CREATE TABLE notes(body TEXT); INSERT INTO notes VALUES (\'keep me\')');
    db.close();
    const before = dbDigest(foreign);
    expectRefused(s.hd(['--db', foreign, 'init']), 5, /not a helpdesk database\nhint: .*--force/);
    expectRefused(s.hd(['--db', foreign, 'ticket', 'list']), 1, /not a helpdesk database/);
    expectRefused(s.hd(['--db', foreign, 'lab', 'start', 'cfo-laptop']), 5, /--force/);
    expect(dbDigest(foreign)).toBe(before);
    const text = join(s.dir, 'notes.txt');
    writeFileSync(text, 'not a database\n');
    expectRefused(s.hd(['--db', text, 'init']), 5, /not a helpdesk database/);
    expect(s.hd(['--db', text, 'init', '--force', '--admin', 'ann']).code).toBe(0);
    expect(s.json(['--db', text, 'whoami']).username).toBe('ann');
  });

  it('an empty file is not a non-empty database', () => {
    const empty = join(s.dir, 'empty.db');
    writeFileSync(empty, '');
    expect(s.hd(['--db', empty, 'init', '--admin', 'eve']).code).toBe(0);
    expect(s.json(['--db', empty, 'whoami']).username).toBe('eve');
  });

  it('bad options change nothing', () => {
    const fresh = join(s.dir, 'fresh.db');
    expectRefused(s.hd(['--db', fresh, 'init', '--sample', 'demo']), 2, /unknown sample 'demo'/);
    expectRefused(s.hd(['--db', fresh, 'init', '--admin', 'not valid!']), 2, /not a valid username/);
    expect(existsSync(fresh)).toBe(false);
  });
});

describe('the training organisation, exactly as listed', () => {
  let s: Sandbox;
  beforeAll(() => (s = labSandbox()));
  afterAll(() => s.cleanup());

  it('departments, their default SLA', () => {
    const depts = s.json(['--as', 'admin', 'dept', 'list']);
    expect(depts.map((d: any) => d.name).sort()).toEqual(['Accounting', 'Online Banking', 'Support', 'SysAdmins']);
    expect(depts.find((d: any) => d.name === 'Support').sla).toBe('Default SLA');
  });

  it('agents, their departments, roles and admin flag; the team', () => {
    const agents = s.json(['--as', 'admin', 'agent', 'list']).map((a: any) => [a.username, a.name, a.department, a.role, a.admin]);
    expect(agents).toEqual([
      ['admin', 'Admin', 'Support', 'All Access', true],
      ['jane', 'Jane', 'Online Banking', 'All Access', false],
      ['john', 'John', 'Support', 'Expanded Access', false],
    ]);
    expect(s.json(['--as', 'john', 'team', 'list'])).toEqual([{ name: 'Online Banking Team', members: ['jane'] }]);
  });

  it('SLA plans and the Business Hours schedule', () => {
    const plans = s.json(['--as', 'john', 'sla', 'list']).map((p: any) => [p.name, p.hours, p.schedule]);
    expect(plans.sort()).toEqual([['Default SLA', 18, null], ['Sev-A', 1, null], ['Sev-B', 4, null], ['Sev-C', 8, 'Business Hours']].sort());
    expect(s.json(['--as', 'admin', 'schedule', 'list'])).toEqual([
      expect.objectContaining({ name: 'Business Hours', hours: 'mon-fri 08:00-17:00', timezone: 'UTC', holidays: [] }),
    ]);
  });

  it('help topics with what they give new tickets', () => {
    expect(s.json(['--as', 'john', 'topic', 'list'])).toEqual([
      { name: 'Business Critical Outage', department: 'Support', priority: 'emergency', sla: 'Sev-A' },
      { name: 'General Inquiry', department: 'Support', priority: null, sla: null },
      { name: 'Password Reset', department: 'Support', priority: null, sla: null },
      { name: 'Report a Problem', department: 'Support', priority: null, sla: null },
    ]);
  });

  it('end users, and the help desk time zone', () => {
    expect(s.json(['--as', 'admin', 'user', 'list']).map((u: any) => `${u.name} <${u.email}>`).sort()).toEqual([
      'Alex Kamal <alex@example.com>', 'Cliff Tucker <cliff@example.com>', 'Karen Jones <karen@example.com>', 'Ken Adams <ken@example.com>',
    ]);
    expect(s.json(['--as', 'admin', 'config', 'get', 'timezone']).value).toBe('UTC');
  });

  it('role list: the four roles and their permissions, exactly', () => {
    expect(s.json(['--as', 'john', 'role', 'list'])).toEqual([
      { name: 'All Access', permissions: ['view', 'create', 'edit', 'assign', 'transfer', 'reply', 'note', 'close', 'delete'] },
      { name: 'Expanded Access', permissions: ['view', 'create', 'edit', 'assign', 'transfer', 'reply', 'note', 'close'] },
      { name: 'Limited Access', permissions: ['view', 'create', 'assign', 'transfer', 'reply', 'note', 'close'] },
      { name: 'View Only', permissions: ['view'] },
    ]);
  });
});

describe('admin commands: admins only (exit 4), lists open to every agent', () => {
  let s: Sandbox;
  beforeAll(() => (s = labSandbox()));
  afterAll(() => s.cleanup());

  const changes: string[][] = [
    ['agent', 'add', 'zoe', '--name', 'Zoe'],
    ['agent', 'access', 'john', '--dept', 'SysAdmins', '--role', 'View Only'],
    ['agent', 'access', 'jane', '--dept', 'Support', '--remove'],
    ['user', 'add', 'zed@example.com', '--name', 'Zed'],
    ['user', 'list'],
    ['dept', 'add', 'Field'],
    ['team', 'add', 'Night', '--members', 'john'],
    ['team', 'join', 'Online Banking Team', 'john'],
    ['topic', 'add', 'VPN'],
    ['sla', 'add', 'Gold', '--hours', '2'],
    ['schedule', 'add', 'Weekends', '--hours', 'sat-sun 10:00-14:00'],
  ];
  it.each(changes.map((c) => [c.join(' '), c]))('%s: refused for an agent and an end user, nothing changed', (_n, args) => {
    expectRefusedUnchanged(s, ['--as', 'john', ...(args as string[])], 4, /access denied/);
    expectRefusedUnchanged(s, ['--as', KAREN, ...(args as string[])], 4, /access denied/);
  });

  it.each(['agent', 'dept', 'team', 'topic', 'sla', 'role'])('%s list: open to every agent, not to end users', (noun) => {
    expect(Array.isArray(oneJson(s.hd(['--as', 'john', noun, 'list', '--json'])))).toBe(true);
    expectRefused(s.hd(['--as', KAREN, noun, 'list']), 4);
  });
});

describe('admin commands do what they say', () => {
  let s: Sandbox;
  beforeAll(() => (s = labSandbox()));
  afterAll(() => s.cleanup());
  const admin = (...args: string[]) => s.json(['--as', 'admin', ...args], at(T0));

  it('agent add with every option; duplicate → 5; unknown dept/role → 3', () => {
    expect(admin('agent', 'add', 'tom', '--name', 'Tom T', '--email', 'tom@example.com', '--dept', 'SysAdmins', '--role', 'Limited Access'))
      .toMatchObject({ username: 'tom', name: 'Tom T', email: 'tom@example.com', department: 'SysAdmins', role: 'Limited Access', admin: false });
    expect(admin('agent', 'add', 'ada', '--name', 'Ada', '--admin').admin).toBe(true);
    expectRefusedUnchanged(s, ['--as', 'admin', 'agent', 'add', 'TOM', '--name', 'Again'], 5, /already exists/);
    expectRefusedUnchanged(s, ['--as', 'admin', 'agent', 'add', 'x1', '--name', 'X', '--dept', 'Nowhere'], 3, /no department named 'Nowhere'/);
    expectRefusedUnchanged(s, ['--as', 'admin', 'agent', 'add', 'x2', '--name', 'X', '--role', 'Boss'], 3, /no role named 'Boss'/);
    expectRefusedUnchanged(s, ['--as', 'admin', 'agent', 'add', 'x3'], 2, /--name/);
  });

  it('agent access grants, changes and removes extra department access', () => {
    expect(admin('agent', 'access', 'john', '--dept', 'sysadmins', '--role', 'view only').access)
      .toEqual([{ department: 'SysAdmins', role: 'View Only' }]);
    expect(admin('agent', 'access', 'john', '--dept', 'SysAdmins', '--role', 'Limited Access').access)
      .toEqual([{ department: 'SysAdmins', role: 'Limited Access' }]);
    expect(admin('agent', 'access', 'john', '--dept', 'SysAdmins', '--remove').access).toEqual([]);
    expectRefusedUnchanged(s, ['--as', 'admin', 'agent', 'access', 'john', '--dept', 'SysAdmins'], 2, /--role/);
    expectRefusedUnchanged(s, ['--as', 'admin', 'agent', 'access', 'nobody', '--dept', 'SysAdmins', '--role', 'View Only'], 3);
  });

  it('user add; duplicate email (any case) → 5', () => {
    expect(admin('user', 'add', 'Nina@Example.com', '--name', 'Nina Ng')).toMatchObject({ email: 'nina@example.com', name: 'Nina Ng' });
    expectRefusedUnchanged(s, ['--as', 'admin', 'user', 'add', 'NINA@example.com', '--name', 'N'], 5, /already exists/);
    expectRefusedUnchanged(s, ['--as', 'admin', 'user', 'add', 'not-an-email', '--name', 'N'], 2, /not an email address/);
  });

  it('dept add --sla gives new tickets there that plan', () => {
    expect(admin('dept', 'add', 'Field Service', '--sla', 'sev-b')).toMatchObject({ name: 'Field Service', sla: 'Sev-B' });
    const t = s.json(['--as', 'admin', 'ticket', 'create', '--user', KAREN, '--subject', 's', '--body', 'b', '--dept', 'field service'], at(T0));
    expect(t).toMatchObject({ department: 'Field Service', sla: 'Sev-B', due_at: '2026-03-02T13:00:00.000Z' });
    expectRefusedUnchanged(s, ['--as', 'admin', 'dept', 'add', 'FIELD SERVICE'], 5, /already exists/);
  });

  it('team add --members a,b and team join', () => {
    expect(admin('team', 'add', 'Night Shift', '--members', 'john,Jane')).toEqual({ name: 'Night Shift', members: ['jane', 'john'] });
    expect(admin('team', 'join', 'night shift', 'admin')).toEqual({ name: 'Night Shift', members: ['admin', 'jane', 'john'] });
    expectRefusedUnchanged(s, ['--as', 'admin', 'team', 'add', 'Day', '--members', 'john,ghost'], 3, /ghost/);
  });

  it('topic add --dept --priority --sla', () => {
    expect(admin('topic', 'add', 'Payments Down', '--dept', 'online banking', '--priority', 'HIGH', '--sla', 'sev-b'))
      .toEqual({ name: 'Payments Down', department: 'Online Banking', priority: 'high', sla: 'Sev-B' });
    expectRefusedUnchanged(s, ['--as', 'admin', 'topic', 'add', 'X', '--priority', 'urgent'], 2, /unknown priority/);
  });

  it('sla add --hours --first-response --schedule; schedule add --hours --holiday… --timezone', () => {
    expect(admin('schedule', 'add', 'EU Hours', '--hours', 'mon-fri 09:00-17:00', '--holiday', '2026-12-25', '--holiday', '2026-12-26', '--timezone', 'Europe/Berlin'))
      .toMatchObject({ name: 'EU Hours', hours: 'mon-fri 09:00-17:00', timezone: 'Europe/Berlin', holidays: ['2026-12-25', '2026-12-26'] });
    expect(admin('sla', 'add', 'Gold', '--hours', '8', '--first-response', '2', '--schedule', 'eu hours'))
      .toMatchObject({ name: 'Gold', hours: 8, first_response_hours: 2, schedule: 'EU Hours', pause_awaiting: false });
    expectRefusedUnchanged(s, ['--as', 'admin', 'sla', 'add', 'gold', '--hours', '1'], 5, /already exists/);
    expectRefusedUnchanged(s, ['--as', 'admin', 'sla', 'add', 'Tin', '--hours', 'soon'], 2, /--hours/);
    expectRefusedUnchanged(s, ['--as', 'admin', 'sla', 'add', 'Tin', '--hours', '1', '--schedule', 'Moon'], 3, /no schedule named 'Moon'/);
    expectRefusedUnchanged(s, ['--as', 'admin', 'schedule', 'add', 'Bad', '--hours', 'mon-fri 09:00-17:00', '--timezone', 'Mars/Base'], 2, /time zone/);
    expectRefusedUnchanged(s, ['--as', 'admin', 'schedule', 'add', 'Bad', '--hours', 'mon-fri 09:00-17:00', '--holiday', '2026-02-30'], 2, /holiday/);
  });
});
