/**
 * Organisation admin through the built binary: every verb's success path, its JSON, its human and
 * piped output, and what the change does to the desk (visibility, defaults for new tickets).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../helpers/cli.js';

let s: Sandbox;
const NOW = '2026-03-02T09:00:00.000Z';
const at = (iso: string) => ({ env: { HELPDESK_NOW: iso } });

beforeAll(async () => {
  s = sandbox();
  expect((await s.run(['init', '--sample', 'lab'], at(NOW))).code).toBe(0); // logged in as admin
});
afterAll(async () => s.cleanup());

const labAgent = (username: string, extra: object) => ({
  username, email: `${username}@helpdesk.example.com`, admin: false, active: true, access: [], teams: [], created_at: NOW, ...extra,
});

describe('role list', () => {
  it('lists the four roles with their permissions (JSON)', async () => {
    expect(await s.runJson(['role', 'list'])).toEqual([
      { name: 'All Access', permissions: ['view', 'create', 'edit', 'assign', 'transfer', 'reply', 'note', 'close', 'delete'] },
      { name: 'Expanded Access', permissions: ['view', 'create', 'edit', 'assign', 'transfer', 'reply', 'note', 'close'] },
      { name: 'Limited Access', permissions: ['view', 'create', 'assign', 'transfer', 'reply', 'note', 'close'] },
      { name: 'View Only', permissions: ['view'] },
    ]);
  });
  it('piped: name and comma-separated permissions', async () => {
    expect((await s.run(['role', 'list'])).stdout.split('\n')[3]).toBe('View Only\tview');
  });
});

describe('agents', () => {
  it('agent list shows the training organisation (JSON)', async () => {
    expect(await s.runJson(['agent', 'list'])).toEqual([
      labAgent('admin', { name: 'Admin', department: 'Support', role: 'All Access', admin: true }),
      labAgent('jane', { name: 'Jane', department: 'Online Banking', role: 'All Access', teams: ['Online Banking Team'] }),
      labAgent('john', { name: 'John', department: 'Support', role: 'Expanded Access' }),
    ]);
  });

  it('agent list piped: one tab-separated row per agent', async () => {
    const r = await s.run(['agent', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe([
      'admin\tAdmin\tadmin@helpdesk.example.com\tSupport\tAll Access\tadmin\tactive\t\t',
      'jane\tJane\tjane@helpdesk.example.com\tOnline Banking\tAll Access\t\tactive\t\tOnline Banking Team',
      'john\tJohn\tjohn@helpdesk.example.com\tSupport\tExpanded Access\t\tactive\t\t',
      '',
    ].join('\n'));
  });

  it('agent add with every flag', async () => {
    const r = await s.run(['agent', 'add', 'Sam', '--name', 'Sam Sysop', '--email', 'Sam@Example.com', '--dept', 'sysadmins',
      '--role', 'all access', '--admin', '--json'], at('2026-03-02T10:00:00Z'));
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      username: 'sam', name: 'Sam Sysop', email: 'sam@example.com', department: 'SysAdmins', role: 'All Access',
      admin: true, active: true, access: [], teams: [], created_at: '2026-03-02T10:00:00.000Z',
    });
    expect(r.stderr).toBe('✓ Added agent sam (Sam Sysop) — SysAdmins, All Access, admin\n');
  });

  it('agent add with defaults: the default department, Expanded Access, no email, not an admin', async () => {
    const r = await s.run(['agent', 'add', 'pat', '--name', 'Pat Lee']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('✓ Added agent pat (Pat Lee) — Support, Expanded Access\n');
    expect((await s.runJson(['agent', 'list'])).find((a: { username: string }) => a.username === 'pat')).toMatchObject({
      email: null, department: 'Support', role: 'Expanded Access', admin: false, active: true,
    });
    // The new agent can log in and work the Support queue.
    expect((await s.run(['--as', 'pat', 'whoami'])).stdout).toBe('Pat Lee (pat) — agent, Support\n');
  });

  it('agent access grants, changes and removes extra department access', async () => {
    const granted = await s.runJson(['agent', 'access', 'pat', '--dept', 'accounting', '--role', 'view only']);
    expect(granted.access).toEqual([{ department: 'Accounting', role: 'View Only' }]);
    const changed = await s.runJson(['agent', 'access', 'pat', '--dept', 'Accounting', '--role', 'Limited Access']);
    expect(changed.access).toEqual([{ department: 'Accounting', role: 'Limited Access' }]);
    const two = await s.runJson(['agent', 'access', 'pat', '--dept', 'Online Banking', '--role', 'View Only']);
    expect(two.access).toEqual([{ department: 'Accounting', role: 'Limited Access' }, { department: 'Online Banking', role: 'View Only' }]);
    const removed = await s.run(['agent', 'access', 'pat', '--dept', 'Online Banking', '--remove', '--json']);
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.stdout).access).toEqual([{ department: 'Accounting', role: 'Limited Access' }]);
    expect(removed.stderr).toBe('✓ pat no longer has extra access to Online Banking\n');
  });

  it('granting what is already granted, or removing what is not, is a warning and exit 0', async () => {
    const same = await s.run(['agent', 'access', 'pat', '--dept', 'Accounting', '--role', 'Limited Access']);
    expect(same).toEqual({ code: 0, stdout: '', stderr: 'helpdesk: warning: pat already has Limited Access on Accounting\n' });
    const none = await s.run(['agent', 'access', 'pat', '--dept', 'SysAdmins', '--remove']);
    expect(none).toEqual({ code: 0, stdout: '', stderr: 'helpdesk: warning: pat has no extra access to SysAdmins\n' });
  });

  it('agent edit changes name, email, role and admin rights', async () => {
    const edited = await s.runJson(['agent', 'edit', 'pat', '--name', 'Patricia Lee', '--email', 'pat@helpdesk.example.com', '--role', 'Limited Access', '--admin']);
    expect(edited).toMatchObject({ username: 'pat', name: 'Patricia Lee', email: 'pat@helpdesk.example.com', role: 'Limited Access', admin: true });
    expect((await s.runJson(['agent', 'edit', 'pat', '--no-admin'])).admin).toBe(false);
    expect((await s.runJson(['agent', 'edit', 'pat', '--email', ''])).email).toBe(null);
    const same = await s.run(['agent', 'edit', 'pat', '--role', 'limited access']);
    expect(same).toEqual({ code: 0, stdout: '', stderr: 'helpdesk: warning: pat already has those values\n' });
  });

  it('moving an agent into a department they had extra access to drops that grant', async () => {
    const r = await s.run(['agent', 'edit', 'pat', '--dept', 'Accounting', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ department: 'Accounting', access: [] });
    expect(r.stderr).toContain("warning: removed pat's extra access to Accounting: it is now the primary department");
  });

  it('an admin may edit their own name', async () => {
    expect((await s.runJson(['agent', 'edit', 'admin', '--name', 'Ada Admin'])).name).toBe('Ada Admin');
  });
});

describe('deactivating an agent keeps their history but stops them', () => {
  let n: string;
  it('an agent with work is deactivated; the warning says how many open tickets remain theirs', async () => {
    n = (await s.run(['--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'Monitor flickers', '--body', 'x',
      '--assign', 'john'], at('2026-03-02T11:00:00Z'))).stdout.trim();
    await s.run(['--as', 'john', 'ticket', 'note', n, '--body', 'Checked the cable.'], at('2026-03-02T11:05:00Z'));
    const r = await s.run(['agent', 'deactivate', 'john', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ username: 'john', active: false });
    expect(r.stderr).toBe('helpdesk: warning: john still has 1 open ticket assigned; reassign them (helpdesk ticket list --assignee john)\n' +
      '✓ Deactivated john; reactivate with: helpdesk agent activate john\n');
  });

  it('the deactivated agent cannot act, and cannot be assigned', async () => {
    expect(await s.run(['--as', 'john', 'ticket', 'list'])).toEqual({
      code: 4, stdout: '', stderr: "helpdesk: agent 'john' is deactivated\nhint: ask an admin to reactivate the account\n",
    });
    const assign = await s.run(['ticket', 'assign', n, '--to', 'john']);
    expect(assign.code).toBe(2);
    expect(assign.stderr).toMatch(/^helpdesk: agent 'john' is deactivated\nhint: assign an active agent\n$/);
    const create = await s.run(['ticket', 'create', '--user', 'ken@example.com', '--subject', 's', '--body', 'b', '--assign', 'john']);
    expect(create.code).toBe(2);
  });

  it('their history stays: tickets, notes and events still name them', async () => {
    const t = await s.runJson(['ticket', 'show', n]);
    expect(t.assignee).toBe('john');
    expect(t.thread.at(-1)).toMatchObject({ kind: 'note', author: 'john', author_name: 'John' });
    expect(t.events[0]).toMatchObject({ type: 'created', actor: 'john' });
    expect((await s.runJson(['ticket', 'list', '--assignee', 'john'])).map((x: { number: string }) => x.number)).toEqual([n]);
    expect((await s.runJson(['agent', 'list'])).find((a: { username: string }) => a.username === 'john').active).toBe(false);
    expect((await s.run(['agent', 'list'])).stdout).toContain('john\tJohn\tjohn@helpdesk.example.com\tSupport\tExpanded Access\t\tinactive\t\t\n');
  });

  it('deactivating again is a warning; activate brings them back', async () => {
    expect((await s.run(['agent', 'deactivate', 'john'])).stderr).toContain('warning: john is already deactivated');
    const r = await s.run(['agent', 'activate', 'john', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).active).toBe(true);
    expect(r.stderr).toBe('✓ Reactivated john\n');
    expect((await s.run(['--as', 'john', 'ticket', 'show', n])).code).toBe(0);
    expect((await s.run(['agent', 'activate', 'john'])).stderr).toBe('helpdesk: warning: john is already active\n');
  });
});

describe('end users', () => {
  it('user add (JSON), then user list', async () => {
    const r = await s.run(['user', 'add', 'Dana@Example.com', '--name', 'Dana Scully', '--json'], at('2026-03-02T12:00:00Z'));
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ email: 'dana@example.com', name: 'Dana Scully', created_at: '2026-03-02T12:00:00.000Z', tickets: 0 });
    expect(r.stderr).toBe('✓ Added end user Dana Scully <dana@example.com>\n');
    const list = await s.runJson(['user', 'list']);
    expect(list.map((u: { email: string }) => u.email)).toEqual([
      'alex@example.com', 'cliff@example.com', 'dana@example.com', 'karen@example.com', 'ken@example.com',
    ]);
    expect(list.find((u: { email: string }) => u.email === 'ken@example.com').tickets).toBe(1);
    expect((await s.run(['user', 'list'])).stdout.split('\n')[2]).toBe('dana@example.com\tDana Scully\t0\t2026-03-02T12:00:00.000Z');
  });

  it('the new end user can be acted as and open tickets', async () => {
    expect((await s.run(['--as', 'dana@example.com', 'ticket', 'create', '--subject', 'Printer', '--body', 'jammed'])).code).toBe(0);
  });

  it('user edit corrects the name and the address; their tickets follow', async () => {
    const r = await s.runJson(['user', 'edit', 'dana@example.com', '--name', 'Dana K. Scully', '--email', 'dscully@example.com']);
    expect(r).toMatchObject({ email: 'dscully@example.com', name: 'Dana K. Scully', tickets: 1 });
    const mine = await s.runJson(['--as', 'dscully@example.com', 'ticket', 'list']);
    expect(mine).toHaveLength(1);
    expect(mine[0].user).toEqual({ name: 'Dana K. Scully', email: 'dscully@example.com' });
  });
});

/** Automatic assignment is off unless a department asks for it. */
const NO_AUTO = { auto_assign: null, auto_assign_team: null };

describe('departments', () => {
  it('dept list (JSON and piped)', async () => {
    expect(await s.runJson(['dept', 'list'])).toEqual([
      { name: 'Accounting', sla: null, default: false, agents: ['pat'], ...NO_AUTO },
      { name: 'Online Banking', sla: null, default: false, agents: ['jane'], ...NO_AUTO },
      { name: 'Support', sla: 'Default SLA', default: true, agents: ['admin', 'john'], ...NO_AUTO },
      { name: 'SysAdmins', sla: null, default: false, agents: ['sam'], ...NO_AUTO },
    ]);
    expect((await s.run(['dept', 'list'])).stdout).toBe('Accounting\t\t\tpat\nOnline Banking\t\t\tjane\nSupport\tDefault SLA\tdefault\tadmin, john\nSysAdmins\t\t\tsam\n');
  });

  it('dept add with a default SLA: new tickets there get it', async () => {
    const r = await s.run(['dept', 'add', 'Facilities', '--sla', 'sev-b', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ name: 'Facilities', sla: 'Sev-B', default: false, agents: [], ...NO_AUTO });
    expect(r.stderr).toBe('✓ Added department Facilities (default SLA Sev-B)\n');
    const t = await s.runJson(['ticket', 'create', '--user', 'ken@example.com', '--subject', 'Heating', '--body', 'cold', '--dept', 'Facilities'],
      at('2026-03-02T12:00:00Z'));
    expect(t).toMatchObject({ department: 'Facilities', sla: 'Sev-B', due_at: '2026-03-02T16:00:00.000Z' });
  });

  it('dept edit renames and changes or clears the default SLA; tickets follow the rename', async () => {
    const renamed = await s.runJson(['dept', 'edit', 'facilities', '--name', 'Buildings', '--sla', 'Sev-C']);
    expect(renamed).toEqual({ name: 'Buildings', sla: 'Sev-C', default: false, agents: [], ...NO_AUTO });
    expect((await s.runJson(['ticket', 'list', '--dept', 'Buildings'])).map((t: { department: string }) => t.department)).toEqual(['Buildings']);
    expect((await s.runJson(['dept', 'edit', 'Buildings', '--no-sla'])).sla).toBe(null);
  });

  it('renaming the default department keeps it the default', async () => {
    const r = await s.runJson(['dept', 'edit', 'Support', '--name', 'Service Desk']);
    expect(r).toMatchObject({ name: 'Service Desk', default: true });
    const t = await s.runJson(['ticket', 'create', '--user', 'ken@example.com', '--subject', 'Mouse', '--body', 'broken']);
    expect(t.department).toBe('Service Desk');
    expect((await s.runJson(['agent', 'add', 'newbie', '--name', 'New Bie'])).department).toBe('Service Desk');
    await s.run(['dept', 'edit', 'Service Desk', '--name', 'Support']);
  });

  it('dept remove: a department nothing refers to', async () => {
    await s.run(['dept', 'add', 'Temp']);
    await s.run(['agent', 'access', 'jane', '--dept', 'Temp', '--role', 'View Only']);
    const r = await s.run(['dept', 'remove', 'temp', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ name: 'Temp', sla: null, default: false, agents: [], ...NO_AUTO });
    expect(r.stderr).toBe('✓ Removed department Temp\n');
    expect((await s.runJson(['dept', 'list'])).map((d: { name: string }) => d.name)).not.toContain('Temp');
    // The grant on it went with it.
    expect((await s.runJson(['agent', 'list'])).find((a: { username: string }) => a.username === 'jane').access).toEqual([]);
  });
});

describe('teams', () => {
  it('team add with members (JSON), team list', async () => {
    const r = await s.run(['team', 'add', 'Network Team', '--members', 'sam, JOHN', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ name: 'Network Team', members: ['john', 'sam'] });
    expect(r.stderr).toBe('✓ Added team Network Team (john, sam)\n');
    expect(await s.runJson(['team', 'list'])).toEqual([
      { name: 'Network Team', members: ['john', 'sam'] },
      { name: 'Online Banking Team', members: ['jane'] },
    ]);
    expect((await s.run(['team', 'list'])).stdout).toBe('Network Team\tjohn, sam\nOnline Banking Team\tjane\n');
  });

  it('team join gives a member sight of the team\'s tickets; team leave takes it away', async () => {
    const n = (await s.run(['ticket', 'create', '--user', 'ken@example.com', '--subject', 'Wifi', '--body', 'slow', '--dept', 'Accounting',
      '--team', 'Online Banking Team'])).stdout.trim();
    expect((await s.run(['--as', 'john', 'ticket', 'show', n])).code).toBe(4);
    const joined = await s.run(['team', 'join', 'online banking team', 'john', '--json']);
    expect(joined.code).toBe(0);
    expect(JSON.parse(joined.stdout)).toEqual({ name: 'Online Banking Team', members: ['jane', 'john'] });
    expect(joined.stderr).toBe('✓ john joined Online Banking Team\n');
    expect((await s.run(['--as', 'john', 'ticket', 'show', n])).code).toBe(0);
    expect((await s.runJson(['--as', 'john', 'agent', 'list'])).find((a: { username: string }) => a.username === 'john').teams)
      .toEqual(['Network Team', 'Online Banking Team']);
    expect((await s.run(['team', 'join', 'Online Banking Team', 'john'])).stderr).toBe('helpdesk: warning: john is already on Online Banking Team\n');
    const left = await s.runJson(['team', 'leave', 'Online Banking Team', 'john']);
    expect(left.members).toEqual(['jane']);
    expect((await s.run(['--as', 'john', 'ticket', 'show', n])).code).toBe(4);
    expect((await s.run(['team', 'leave', 'Online Banking Team', 'john'])).stderr).toBe('helpdesk: warning: john is not on Online Banking Team\n');
  });
});

describe('help topics', () => {
  it('topic list (JSON and piped)', async () => {
    expect(await s.runJson(['topic', 'list'])).toEqual([
      { name: 'Business Critical Outage', department: 'Support', priority: 'emergency', sla: 'Sev-A' },
      { name: 'General Inquiry', department: 'Support', priority: null, sla: null },
      { name: 'Password Reset', department: 'Support', priority: null, sla: null },
      { name: 'Report a Problem', department: 'Support', priority: null, sla: null },
    ]);
    expect((await s.run(['topic', 'list'])).stdout.split('\n')[0]).toBe('Business Critical Outage\tSupport\temergency\tSev-A');
  });

  it('topic add: new tickets on it get its department, priority and SLA', async () => {
    const r = await s.run(['topic', 'add', 'Server Down', '--dept', 'SysAdmins', '--priority', 'high', '--sla', 'Sev-B', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ name: 'Server Down', department: 'SysAdmins', priority: 'high', sla: 'Sev-B' });
    expect(r.stderr).toBe('✓ Added help topic Server Down\n');
    const t = await s.runJson(['ticket', 'create', '--user', 'ken@example.com', '--subject', 'Mail server', '--body', 'down', '--topic', 'server down']);
    expect(t).toMatchObject({ topic: 'Server Down', department: 'SysAdmins', priority: 'high', sla: 'Sev-B' });
  });

  it('topic add with only a name', async () => {
    expect(await s.runJson(['topic', 'add', 'Other'])).toEqual({ name: 'Other', department: null, priority: null, sla: null });
  });

  it('topic edit renames and changes its defaults', async () => {
    expect(await s.runJson(['topic', 'edit', 'server down', '--name', 'Server Outage', '--priority', 'emergency', '--sla', 'Sev-A', '--dept', 'Online Banking']))
      .toEqual({ name: 'Server Outage', department: 'Online Banking', priority: 'emergency', sla: 'Sev-A' });
  });
});

describe('who may use the organisation verbs', () => {
  it.each([['agent', 'list'], ['dept', 'list'], ['team', 'list'], ['topic', 'list'], ['role', 'list']])(
    'every agent may run %s %s',
    async (noun, verb) => {
      const r = await s.run(['--as', 'jane', noun, verb, '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(Array.isArray(JSON.parse(r.stdout))).toBe(true);
    },
  );
});
