/**
 * Errors teach the next command, and scripts get confirmations too: each hint with its
 * exit code and an unchanged database; `helpdesk help <noun>`; `--help` after an unknown verb; the
 * "✓ …" line on stderr when piped (and --quiet); TSV --header; FORCE_COLOR=0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbDigest, sandbox, type Sandbox } from '../helpers/cli.js';
import { plain, terminal } from '../helpers/pty.js';

let s: Sandbox;

beforeAll(() => {
  s = sandbox();
  expect(s.hd(['init', '--sample', 'lab']).code).toBe(0);
  expect(s.hd(['--as', 'karen@example.com', 'ticket', 'create', '--subject', 'VPN drops', '--body', 'Every hour.']).code).toBe(0);
});
afterAll(() => s.cleanup());

const HINTS: Array<[string, string[], number, RegExp, RegExp]> = [
  ['a positional assignee', ['ticket', 'assign', '100001', 'john'], 2, /too many arguments for 'assign'/, /^hint: did you mean: helpdesk ticket assign 100001 --to john$/m],
  ['a positional reply', ['ticket', 'reply', '100001', 'text'], 2, /too many arguments/, /^hint: did you mean: helpdesk ticket reply 100001 --body "text"$/m],
  ['a positional reply of several words', ['ticket', 'reply', '#100001', 'on', 'it'], 2, /too many arguments/, /--body "on it"$/m],
  ['a positional note', ['ticket', 'note', '100001', 'internal'], 2, /too many arguments/, /helpdesk ticket note 100001 --body "internal"$/m],
  ['a positional department', ['ticket', 'transfer', '100001', 'SysAdmins'], 2, /too many arguments/, /helpdesk ticket transfer 100001 --dept SysAdmins$/m],
  ['ticket resolve', ['ticket', 'resolve', '100001'], 2, /unknown command 'resolve'/, /^hint: to change the status: helpdesk ticket status 100001 resolved$/m],
  ['ticket close', ['ticket', 'close', '100001'], 2, /unknown command 'close'/, /^hint: to change the status: helpdesk ticket status 100001 closed$/m],
  ['ticket sla without a plan', ['ticket', 'sla', '100001'], 2, /missing the SLA plan for #100001/, /^hint: plans: .*Sev-A.*Sev-B.*Default SLA.*\(e\.g\. helpdesk ticket sla 100001 /m],
  ['a misspelt verb names the noun\'s help', ['ticket', 'lst'], 2, /unknown command 'lst'/, /did you mean 'list'\?.*; see helpdesk ticket --help$/m],
  ['a missing argument names the verb\'s help', ['ticket', 'show'], 2, /missing required argument 'n'/, /^hint: see helpdesk ticket show --help$/m],
  ['an unknown option names the verb\'s help', ['ticket', 'list', '--bogus'], 2, /unknown option '--bogus'/, /see helpdesk ticket list --help$/m],
  ['--help after an unknown verb', ['ticket', 'frobnicate', '--help'], 2, /unknown command 'frobnicate'/, /see helpdesk ticket --help$/m],
  ['help of an unknown noun', ['help', 'frob'], 2, /unknown command 'frob'/, /see helpdesk --help$/m],
  ['create without a terminal names every missing flag', ['ticket', 'create'], 2, /^helpdesk: missing --subject, --body, --user$/m, /^hint: pass --subject "…" --body "…" \(or --body-file <path\|->\) --user <email>$/m],
  ['create with a subject names the other two', ['ticket', 'create', '--subject', 'x'], 2, /^helpdesk: missing --body, --user$/m, /--user <email>$/m],
];

describe('errors teach the next command', () => {
  it.each(HINTS)('%s', (_name, args, code, message, hint) => {
    const before = dbDigest(s.db);
    const r = s.hd(['--as', 'john', ...args]);
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(hint);
    expect(r.stderr).not.toContain('<command>');
    expect(dbDigest(s.db)).toBe(before);
  });

  it('helpdesk help <noun> [<verb>] is --help', () => {
    const noun = s.hd(['help', 'ticket']);
    expect(noun.code).toBe(0);
    expect(noun.stdout).toBe(s.hd(['ticket', '--help']).stdout);
    const verb = s.hd(['help', 'ticket', 'assign']);
    expect(verb.code).toBe(0);
    expect(verb.stdout).toContain('Usage: helpdesk ticket assign');
    expect(s.hd(['help']).stdout).toContain('Usage: helpdesk');
  });
});

describe('confirmations for scripts too', () => {
  it('a change prints its ✓ line on stderr when piped; stdout stays empty; --quiet silences it', () => {
    const r = s.hd(['--as', 'john', 'ticket', 'assign', '100001', '--me']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^✓ #100001 .*john/m);
    expect(r.stderr).not.toContain('Next:');
    const q = s.hd(['--as', 'john', '--quiet', 'ticket', 'status', '100001', 'in-progress']);
    expect(q.code).toBe(0);
    expect(q.stderr).toBe('');
    const created = s.hd(['--as', 'karen@example.com', '-q', 'ticket', 'create', '--subject', 'Quiet', '--body', 'b']);
    expect(created.stdout).toBe('100002\n');
    expect(created.stderr).toBe('');
  });

  it('admin changes confirm when piped too', () => {
    const r = s.hd(['--as', 'admin', 'config', 'set', 'timezone', 'UTC']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('✓ timezone = UTC\n');
  });
});

describe('for scripts', () => {
  it('TSV gets a header row with --header', () => {
    const r = s.hd(['--as', 'john', '--header', 'ticket', 'list']);
    expect(r.stdout.split('\n')[0]).toBe('number\tstatus\tpriority\tdepartment\tassignee\tteam\tuser\tdue_at\toverdue\tsubject');
    expect(r.stdout.split('\n')[1]).toMatch(/^100001\t/);
    expect(s.hd(['--as', 'john', 'ticket', 'list']).stdout).toMatch(/^100001\t/);
    expect(s.hd(['--as', 'john', 'agent', 'list', '--header']).stdout.split('\n')[0]).toBe('username\tname\temail\tdepartment\trole\tadmin\tactive\taccess\tteams');
    expect(s.hd(['--as', 'john', 'sla', 'status', '--header']).stdout.split('\n')[0]).toBe('number\tclock\tdue_at\tstate\tbusiness_minutes_left\tsla\tassignee\tsubject');
    expect(s.hd(['--as', 'admin', 'report', '--by', 'agent', '--header']).stdout.split('\n')[0]).toMatch(/^agent\tcreated\tresolved\tbacklog\t/);
    expect(s.hd(['--header', 'lab', 'list']).stdout.split('\n')[0]).toBe('scenario\tsteps\ttitle');
  });

  it('Next: names only a command the actor may run', async () => {
    const user = terminal(['--as', 'karen@example.com', 'ticket', 'create', '--subject', 'Mouse', '--body', 'broken'], s.env);
    expect(await user.exited).toBe(0);
    expect(plain(user.output)).toContain('Created ticket');
    expect(plain(user.output)).not.toContain('Next:');
    const agent = terminal(['--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'Keyboard', '--body', 'broken'], s.env);
    expect(await agent.exited).toBe(0);
    expect(plain(agent.output)).toMatch(/Next: helpdesk ticket assign \d{6} --me/);
  });

  it('FORCE_COLOR=0 turns color off on a terminal', async () => {
    const env = { ...s.env };
    delete (env as Record<string, string | undefined>).NO_COLOR;
    const colored = terminal(['--as', 'john', 'ticket', 'list'], env);
    expect(await colored.exited).toBe(0);
    // eslint-disable-next-line no-control-regex -- a color escape sequence
    expect(colored.output).toMatch(/\u001b\[[0-9;]*m/);
    const plain = terminal(['--as', 'john', 'ticket', 'list'], { ...env, FORCE_COLOR: '0' });
    expect(await plain.exited).toBe(0);
    expect(plain.output).toContain('#100001');
    // eslint-disable-next-line no-control-regex -- a color escape sequence
    expect(plain.output).not.toMatch(/\u001b\[[0-9;]*m/);
  });
});
