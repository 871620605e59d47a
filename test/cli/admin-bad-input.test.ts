/**
 * Bad input to the organisation verbs: one clear line (plus a hint where one helps), the contract's
 * exit code, nothing on stdout, and an unchanged database.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbDigest, sandbox, type Sandbox } from '../helpers/cli.js';

let s: Sandbox;
const NOW = { HELPDESK_NOW: '2026-03-02T09:00:00Z' };

beforeAll(async () => {
  s = sandbox();
  expect((await s.run(['init', '--sample', 'lab'])).code).toBe(0); // logged in as admin
  const setup = [
    ['--as', 'karen@example.com', 'ticket', 'create', '--subject', 'VPN drops', '--body', 'Every hour.'], // in Support
    ['--as', 'admin', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'Ledger', '--body', 'x', '--dept', 'SysAdmins'],
    ['--as', 'admin', 'topic', 'add', 'Payroll', '--dept', 'Accounting'],
    ['--as', 'admin', 'agent', 'add', 'old', '--name', 'Old Timer', '--dept', 'Online Banking'],
    ['--as', 'admin', 'agent', 'deactivate', 'old'],
    ['--as', 'admin', 'dept', 'add', 'Empty'],
  ];
  for (const args of setup) expect((await s.run(args, { env: NOW })).code, args.join(' ')).toBe(0);
});
afterAll(async () => s.cleanup());

const VALID_ROLES = 'valid: All Access, Expanded Access, Limited Access, View Only';
const cases: Array<[string, string[], number, RegExp]> = [
  // Non-admins (exit 4), before anything else is looked at.
  ['non-admin: agent add', ['--as', 'john', 'agent', 'add', 'bob', '--name', 'Bob'], 4, /^helpdesk: access denied: only admins may add agents\nhint: /],
  ['non-admin: agent access', ['--as', 'john', 'agent', 'access', 'jane', '--dept', 'Support', '--role', 'View Only'], 4, /only admins may change department access/],
  ['non-admin: agent access, unknown names', ['--as', 'john', 'agent', 'access', 'nobody', '--dept', 'Nowhere', '--role', 'Boss'], 4, /only admins/],
  ['non-admin: agent edit', ['--as', 'jane', 'agent', 'edit', 'john', '--role', 'View Only'], 4, /only admins may edit agents/],
  ['non-admin: agent deactivate', ['--as', 'jane', 'agent', 'deactivate', 'john'], 4, /only admins may deactivate agents/],
  ['non-admin: agent activate', ['--as', 'jane', 'agent', 'activate', 'old'], 4, /only admins may activate agents/],
  ['non-admin: user add', ['--as', 'john', 'user', 'add', 'x@example.com', '--name', 'X'], 4, /only admins may add end users/],
  ['non-admin: user list', ['--as', 'john', 'user', 'list'], 4, /only admins may list end users/],
  ['non-admin: user edit', ['--as', 'john', 'user', 'edit', 'karen@example.com', '--name', 'K'], 4, /only admins may edit end users/],
  ['non-admin: dept add', ['--as', 'john', 'dept', 'add', 'HR'], 4, /only admins may add departments/],
  ['non-admin: dept edit', ['--as', 'john', 'dept', 'edit', 'Support', '--name', 'HD'], 4, /only admins may edit departments/],
  ['non-admin: dept remove', ['--as', 'john', 'dept', 'remove', 'Empty'], 4, /only admins may remove departments/],
  ['non-admin: team add', ['--as', 'john', 'team', 'add', 'T'], 4, /only admins may add teams/],
  ['non-admin: team join (himself)', ['--as', 'john', 'team', 'join', 'Online Banking Team', 'john'], 4, /only admins may change team membership/],
  ['non-admin: team leave', ['--as', 'jane', 'team', 'leave', 'Online Banking Team', 'jane'], 4, /only admins/],
  ['non-admin: topic add', ['--as', 'john', 'topic', 'add', 'T'], 4, /only admins may add help topics/],
  ['non-admin: topic edit', ['--as', 'john', 'topic', 'edit', 'Payroll', '--priority', 'high'], 4, /only admins may edit help topics/],
  ['end user: agent list', ['--as', 'karen@example.com', 'agent', 'list'], 4, /^helpdesk: access denied: only agents may list agents\n$/],
  ['end user: dept list', ['--as', 'karen@example.com', 'dept', 'list'], 4, /only agents may list departments/],
  ['end user: team list', ['--as', 'karen@example.com', 'team', 'list'], 4, /only agents may list teams/],
  ['end user: topic list', ['--as', 'karen@example.com', 'topic', 'list'], 4, /only agents may list help topics/],
  ['end user: role list', ['--as', 'karen@example.com', 'role', 'list'], 4, /only agents may list roles/],
  ['end user: agent add', ['--as', 'karen@example.com', 'agent', 'add', 'k', '--name', 'K'], 4, /only admins/],
  ['deactivated agent: agent list', ['--as', 'old', 'agent', 'list'], 4, /agent 'old' is deactivated/],
  // Nobody changes their own access (exit 4), admins included.
  ['john granting himself access', ['--as', 'john', 'agent', 'access', 'john', '--dept', 'SysAdmins', '--role', 'All Access'], 4, /access denied/],
  ['admin granting themselves access', ['agent', 'access', 'admin', '--dept', 'SysAdmins', '--role', 'View Only'], 4, /^helpdesk: access denied: you cannot change your own access\nhint: ask another admin to do it\n$/],
  ['admin removing their own access', ['agent', 'access', 'admin', '--dept', 'SysAdmins', '--remove'], 4, /cannot change your own access/],
  ['admin changing their own role', ['agent', 'edit', 'admin', '--role', 'View Only'], 4, /cannot change your own department or role/],
  ['admin moving themselves', ['agent', 'edit', 'admin', '--dept', 'SysAdmins'], 4, /cannot change your own department or role/],
  ['admin dropping their own admin rights', ['agent', 'edit', 'admin', '--no-admin'], 4, /cannot change your own admin rights/],
  ['admin deactivating themselves', ['agent', 'deactivate', 'admin'], 4, /cannot change your own account status/],
  // Unknown names (exit 3) with the valid ones.
  ['unknown role on agent add', ['agent', 'add', 'bob', '--name', 'Bob', '--role', 'Viewer'], 3, /^helpdesk: no role named 'Viewer'\nhint: .*valid: All Access/],
  ['unknown role on agent access', ['agent', 'access', 'john', '--dept', 'SysAdmins', '--role', 'view-only'], 3, /no role named 'view-only'\nhint: did you mean 'View Only'\?/],
  ['unknown role on agent edit', ['agent', 'edit', 'john', '--role', 'Boss'], 3, new RegExp(`no role named 'Boss'\\nhint: ${VALID_ROLES}`)],
  ['unknown department on agent add', ['agent', 'add', 'bob', '--name', 'Bob', '--dept', 'HR'], 3, /no department named 'HR'\nhint: valid: Accounting, Empty, Online Banking, Support, SysAdmins/],
  ['unknown department on agent access', ['agent', 'access', 'john', '--dept', 'Sysadmin', '--role', 'View Only'], 3, /did you mean 'SysAdmins'/],
  ['unknown department on agent edit', ['agent', 'edit', 'john', '--dept', 'Nowhere'], 3, /no department named 'Nowhere'/],
  ['unknown department on dept edit', ['dept', 'edit', 'Nowhere', '--name', 'X'], 3, /no department named 'Nowhere'/],
  ['unknown department on dept remove', ['dept', 'remove', 'Nowhere'], 3, /no department named 'Nowhere'\nhint: valid:/],
  ['unknown department on topic add', ['topic', 'add', 'X', '--dept', 'Nowhere'], 3, /no department named 'Nowhere'/],
  ['unknown agent on agent access', ['agent', 'access', 'jhon', '--dept', 'SysAdmins', '--role', 'View Only'], 3, /no agent named 'jhon'\nhint: did you mean 'john'\?/],
  ['unknown agent on agent edit', ['agent', 'edit', 'nobody', '--name', 'N'], 3, /no agent named 'nobody'\nhint: valid: admin, jane, john, old/],
  ['unknown agent on agent deactivate', ['agent', 'deactivate', 'nobody'], 3, /no agent named 'nobody'/],
  ['unknown agent on agent activate', ['agent', 'activate', 'nobody'], 3, /no agent named 'nobody'/],
  ['unknown agent on team add', ['team', 'add', 'New Team', '--members', 'jane,nobody'], 3, /no agent named 'nobody'/],
  ['unknown agent on team join', ['team', 'join', 'Online Banking Team', 'nobody'], 3, /no agent named 'nobody'/],
  ['unknown team on team join', ['team', 'join', 'Banking', 'john'], 3, /no team named 'Banking'\nhint: valid: Online Banking Team/],
  ['unknown team on team leave', ['team', 'leave', 'Banking', 'jane'], 3, /no team named 'Banking'/],
  ['unknown topic on topic edit', ['topic', 'edit', 'Payrol', '--priority', 'high'], 3, /no help topic named 'Payrol'\nhint: did you mean 'Payroll'\?/],
  ['unknown SLA plan on dept add', ['dept', 'add', 'HR', '--sla', 'Sev-D'], 3, /no SLA plan named 'Sev-D'/],
  ['unknown SLA plan on dept edit', ['dept', 'edit', 'Empty', '--sla', 'Gold'], 3, /no SLA plan named 'Gold'/],
  ['unknown SLA plan on topic add', ['topic', 'add', 'X', '--sla', 'Gold'], 3, /no SLA plan named 'Gold'/],
  ['unknown end user on user edit', ['user', 'edit', 'kren@example.com', '--name', 'K'], 3, /no end user with email 'kren@example.com'\nhint: did you mean 'karen@example.com'\?/],
  // Duplicates and conflicts (exit 5).
  ['duplicate agent', ['agent', 'add', 'john', '--name', 'John Two'], 5, /^helpdesk: agent 'john' already exists\n/],
  ['duplicate agent, other case', ['agent', 'add', 'JOHN', '--name', 'John Two'], 5, /agent 'john' already exists/],
  ['agent email already an agent\'s', ['agent', 'add', 'bob', '--name', 'Bob', '--email', 'JANE@helpdesk.example.com'], 5, /already belongs to agent 'jane'/],
  ['agent email already an end user\'s', ['agent', 'add', 'bob', '--name', 'Bob', '--email', 'karen@example.com'], 5, /already belongs to an end user/],
  ['duplicate department', ['dept', 'add', 'support'], 5, /^helpdesk: department 'Support' already exists\nhint: see them with: helpdesk dept list\n$/],
  ['department renamed onto another', ['dept', 'edit', 'Empty', '--name', 'Accounting'], 5, /department 'Accounting' already exists/],
  ['duplicate team', ['team', 'add', 'online banking team'], 5, /team 'Online Banking Team' already exists/],
  ['duplicate help topic', ['topic', 'add', 'password reset'], 5, /help topic 'Password Reset' already exists/],
  ['help topic renamed onto another', ['topic', 'edit', 'Payroll', '--name', 'General Inquiry'], 5, /help topic 'General Inquiry' already exists/],
  ['duplicate end user', ['user', 'add', 'Karen@Example.com', '--name', 'Karen'], 5, /end user karen@example.com already exists/],
  ['end user with an agent\'s email', ['user', 'add', 'john@helpdesk.example.com', '--name', 'John'], 5, /already belongs to agent 'john'/],
  ['end user email changed onto another', ['user', 'edit', 'ken@example.com', '--email', 'karen@example.com'], 5, /already exists/],
  ['extra access to the primary department', ['agent', 'access', 'john', '--dept', 'Support', '--role', 'View Only'], 5, /^helpdesk: Support is john's primary department\nhint: change the role there with: helpdesk agent edit john --role <role>\n$/],
  ['removing a department that holds tickets', ['dept', 'remove', 'SysAdmins'], 5, /^helpdesk: SysAdmins still holds 1 ticket \(1 open\)\nhint: transfer them first: helpdesk ticket list --dept "SysAdmins" --queue all, then helpdesk ticket transfer <n> --dept <other>\n$/],
  ['removing the default department', ['dept', 'remove', 'Support'], 5, /Support is the default department and cannot be removed/],
  ['removing a department with agents', ['dept', 'remove', 'Online Banking'], 5, /Online Banking is still the primary department of 2 agents \(jane, old\)\nhint: move them first: helpdesk agent edit jane --dept <other>/],
  ['removing a department with a help topic', ['dept', 'remove', 'Accounting'], 5, /Accounting is still the department of 1 help topic \(Payroll\)\nhint: move them first: helpdesk topic edit "Payroll" --dept <other>/],
  // Usage (exit 2).
  ['assigning a deactivated agent', ['ticket', 'assign', '100001', '--to', 'old'], 2, /agent 'old' is deactivated\nhint: assign an active agent/],
  ['invalid username', ['agent', 'add', 'Bob Smith', '--name', 'Bob'], 2, /'Bob Smith' is not a valid username/],
  ['username with @', ['agent', 'add', 'bob@example.com', '--name', 'Bob'], 2, /not a valid username/],
  ['missing --name on agent add', ['agent', 'add', 'bob'], 2, /^helpdesk: missing --name\nhint: pass --name <value>\n$/],
  ['empty --name on agent add', ['agent', 'add', 'bob', '--name', '  '], 2, /the agent name is empty/],
  ['bad agent email', ['agent', 'add', 'bob', '--name', 'Bob', '--email', 'bob-at-example'], 2, /not an email address/],
  ['agent access without --role or --remove', ['agent', 'access', 'john', '--dept', 'SysAdmins'], 2, /pass either --role <role> or --remove/],
  ['agent access with both', ['agent', 'access', 'john', '--dept', 'SysAdmins', '--role', 'View Only', '--remove'], 2, /pass either --role <role> or --remove/],
  ['agent access without --dept', ['agent', 'access', 'john', '--role', 'View Only'], 2, /missing --dept/],
  ['agent edit without changes', ['agent', 'edit', 'john'], 2, /nothing to change/],
  ['bad end-user email', ['user', 'add', 'karen-at-example', '--name', 'K'], 2, /not an email address/],
  ['missing --name on user add', ['user', 'add', 'new@example.com'], 2, /missing --name/],
  ['user edit without changes', ['user', 'edit', 'karen@example.com'], 2, /nothing to change/],
  ['empty department name', ['dept', 'add', ''], 2, /the department name is empty/],
  ['department name with a newline', ['dept', 'add', 'Two\nLines'], 2, /control character/],
  ['dept edit without changes', ['dept', 'edit', 'Empty'], 2, /nothing to change/],
  ['blank team name', ['team', 'add', '   '], 2, /the team name is empty/],
  ['unknown priority on topic add', ['topic', 'add', 'X', '--priority', 'urgent'], 2, /unknown priority 'urgent'/],
  ['topic edit without changes', ['topic', 'edit', 'Payroll'], 2, /nothing to change/],
  ['missing argument', ['agent', 'access'], 2, /missing required argument 'username'/],
  ['unknown verb', ['agent', 'remove', 'john'], 2, /unknown command 'remove'/],
  ['login without a name and without a terminal', ['login'], 2, /^helpdesk: who should I log in as\?\nhint: pass a username or email: helpdesk login <who>\n$/],
  ['switch without a terminal', ['switch'], 2, /who should I log in as/],
];

describe('bad input to the organisation verbs', () => {
  it.each(cases)('%s: %j → exit %i, nothing changed', async (_name, args, code, message) => {
    const logins = join(s.env.XDG_STATE_HOME!, 'helpdesk', 'logins.json');
    const before = dbDigest(s.db);
    const loginsBefore = readFileSync(logins, 'utf8');
    for (const json of [false, true]) {
      const r = await s.run(json ? [...args, '--json'] : args, { env: NOW });
      expect(r.code, r.stderr).toBe(code);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^helpdesk: /);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(2);
    }
    expect(dbDigest(s.db)).toBe(before);
    expect(readFileSync(logins, 'utf8')).toBe(loginsBefore);
  });
});
