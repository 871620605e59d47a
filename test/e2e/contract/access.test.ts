/**
 * CONTRACT.md, Organisation (who may see and do what) and Tickets ("a ticket the actor may not see
 * answers exit 4 and reveals nothing of it").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbDigest, type Sandbox } from '../../helpers/cli.js';
import { KAREN, KEN, T0, at, create, expectRefused, labSandbox, oneJson } from './support.js';

let s: Sandbox;
let sysadmins: string; // a SysAdmins ticket nobody but admin may see at first
let karens: string;
const SECRET = 'Quarterly payroll export is failing';

beforeAll(() => {
  s = labSandbox();
  expect(s.hd(['--as', 'admin', 'agent', 'add', 'vera', '--name', 'Vera', '--dept', 'Accounting', '--role', 'View Only']).code).toBe(0);
  expect(s.hd(['--as', 'admin', 'agent', 'add', 'lim', '--name', 'Lim', '--dept', 'Accounting', '--role', 'Limited Access']).code).toBe(0);
  sysadmins = create(s, 'admin', ['--user', 'cliff@example.com', '--subject', SECRET, '--body', 'Payroll details.', '--dept', 'SysAdmins']);
  karens = create(s, KAREN, ['--subject', 'My laptop', '--body', 'b']);
});
afterAll(() => s.cleanup());

describe('an invisible ticket: exit 4, "access denied", nothing revealed', () => {
  const verbs: string[][] = [
    ['show'], ['assign', '--me'], ['assign', '--to', 'nobody'], ['assign', '--team', 'No Such Team'],
    ['transfer', '--dept', 'Support'], ['transfer', '--dept', 'No Such Dept'], ['edit', '--subject', 'x'], ['edit', '--topic', 'Nope'],
    ['sla', 'Sev-A'], ['sla', 'Sev-Z'], ['reply', '--body', 'x'], ['note', '--body', 'x'], ['status', 'closed'], ['status', 'open'],
    ['status', 'in-progress', '--note', 'x'], ['reopen'],
  ];
  it.each(verbs.map((v) => [v.join(' '), v]))('ticket %s', (_name, v) => {
    const [verb, ...rest] = v as string[];
    for (const who of ['john', 'jane', KEN]) {
      const before = dbDigest(s.db);
      for (const json of [[], ['--json']]) {
        const r = s.hd(['--as', who, 'ticket', verb!, sysadmins, ...rest, ...json], at(T0));
        expectRefused(r, 4);
        expect(r.stderr).toBe('helpdesk: access denied\n');
      }
      expect(dbDigest(s.db)).toBe(before);
    }
  });

  it('not in lists, searches, SLA status or reports of those who may not see it', () => {
    for (const who of ['john', 'jane', KEN]) {
      expect(s.json(['--as', who, 'ticket', 'list', '--queue', 'all'], at(T0)).map((t: any) => t.number)).not.toContain(sysadmins);
      expect(s.json(['--as', who, 'ticket', 'search', 'payroll'], at(T0))).toEqual([]);
      expect(JSON.stringify(s.json(['--as', who, 'sla', 'status'], at(T0)))).not.toContain(SECRET);
    }
    expect(s.json(['--as', 'john', 'report'], at(T0)).created).toBe(1);
    expect(s.json(['--as', 'admin', 'report'], at(T0)).created).toBe(2);
  });

  it("an end user cannot see another end user's ticket", () => {
    expectRefused(s.hd(['--as', KEN, 'ticket', 'show', karens]), 4, /^helpdesk: access denied$/m);
    expect(s.json(['--as', KAREN, 'ticket', 'show', karens]).number).toBe(karens);
  });
});

describe('what an agent may see and do', () => {
  it('an extra grant shows the department and allows what its role allows', () => {
    expect(s.hd(['--as', 'admin', 'agent', 'access', 'john', '--dept', 'SysAdmins', '--role', 'View Only']).code).toBe(0);
    expect(s.json(['--as', 'john', 'ticket', 'show', sysadmins]).subject).toBe(SECRET);
    expect(s.json(['--as', 'john', 'ticket', 'list', '--dept', 'SysAdmins']).map((t: any) => t.number)).toEqual([sysadmins]);
    expectRefused(s.hd(['--as', 'john', 'ticket', 'reply', sysadmins, '--body', 'x']), 4, /access denied: john may not reply/);
    expectRefused(s.hd(['--as', 'john', 'ticket', 'note', sysadmins, '--body', 'x']), 4);
    expectRefused(s.hd(['--as', 'john', 'ticket', 'status', sysadmins, 'closed']), 4);
    expect(s.hd(['--as', 'admin', 'agent', 'access', 'john', '--dept', 'SysAdmins', '--role', 'Limited Access']).code).toBe(0);
    expect(s.json(['--as', 'john', 'ticket', 'note', sysadmins, '--body', 'Looking.'], at(T0)).thread.at(-1).kind).toBe('note');
    expectRefused(s.hd(['--as', 'john', 'ticket', 'edit', sysadmins, '--priority', 'high']), 4, /may not edit/);
    expect(s.hd(['--as', 'admin', 'agent', 'access', 'john', '--dept', 'SysAdmins', '--remove']).code).toBe(0);
    expectRefused(s.hd(['--as', 'john', 'ticket', 'show', sysadmins]), 4, /^helpdesk: access denied$/m);
  });

  it("a ticket assigned to the agent's team is visible, worked with the primary role", () => {
    expect(s.hd(['--as', 'admin', 'ticket', 'assign', sysadmins, '--team', 'Online Banking Team']).code).toBe(0);
    expect(s.json(['--as', 'jane', 'ticket', 'reply', sysadmins, '--body', 'On it.'], at(T0)).thread.at(-1).author).toBe('jane');
    expectRefused(s.hd(['--as', 'john', 'ticket', 'show', sysadmins]), 4);
  });

  it("an agent's own assigned ticket uses the primary role, wherever it is", () => {
    expect(s.hd(['--as', 'admin', 'ticket', 'assign', sysadmins, '--to', 'john']).code).toBe(0);
    expect(s.json(['--as', 'john', 'ticket', 'edit', sysadmins, '--priority', 'high'], at(T0)).priority).toBe('high');
    expect(s.json(['--as', 'john', 'ticket', 'list', '--queue', 'mine']).map((t: any) => t.number)).toEqual([sysadmins]);
  });

  it('View Only sees its department and may do nothing else; Limited Access may not edit', () => {
    const acct = create(s, 'admin', ['--user', KEN, '--subject', 'Invoice', '--body', 'b', '--dept', 'Accounting']);
    expect(s.json(['--as', 'vera', 'ticket', 'show', acct]).number).toBe(acct);
    for (const args of [['reply', acct, '--body', 'x'], ['note', acct, '--body', 'x'], ['assign', acct, '--me'], ['status', acct, 'closed'], ['edit', acct, '--subject', 'x'], ['transfer', acct, '--dept', 'Support']]) {
      expectRefused(s.hd(['--as', 'vera', 'ticket', ...args]), 4, /access denied: vera may not/);
    }
    expectRefused(s.hd(['--as', 'vera', 'ticket', 'create', '--user', KEN, '--subject', 's', '--body', 'b']), 4);
    expectRefused(s.hd(['--as', 'lim', 'ticket', 'edit', acct, '--subject', 'x']), 4, /lim may not edit/);
    expectRefused(s.hd(['--as', 'lim', 'ticket', 'sla', acct, 'Sev-A']), 4);
    expect(s.json(['--as', 'lim', 'ticket', 'assign', acct, '--me'], at(T0)).assignee).toBe('lim');
    expect(s.json(['--as', 'lim', 'ticket', 'status', acct, 'resolved'], at(T0)).status).toBe('resolved');
    expect(s.json(['--as', 'lim', 'ticket', 'reopen', acct], at(T0)).status).toBe('open');
    expect(s.json(['--as', 'lim', 'ticket', 'transfer', acct, '--dept', 'Support'], at(T0)).department).toBe('Support');
  });

  it('admins may do everything', () => {
    const n = create(s, KAREN, ['--subject', 'Admin', '--body', 'b']);
    for (const args of [['edit', n, '--priority', 'low'], ['transfer', n, '--dept', 'Accounting'], ['assign', n, '--to', 'vera'], ['status', n, 'closed'], ['reopen', n]]) {
      expect(oneJson(s.hd(['--as', 'admin', 'ticket', ...args, '--json'], at(T0))).number).toBe(n);
    }
  });

  it('a deactivated agent may not act (exit 4)', () => {
    expect(s.hd(['--as', 'admin', 'agent', 'deactivate', 'lim']).code).toBe(0);
    expectRefused(s.hd(['--as', 'lim', 'ticket', 'list']), 4, /deactivated/);
  });
});
