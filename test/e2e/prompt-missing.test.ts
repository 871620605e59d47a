/**
 * On a terminal every verb with a missing required value asks for it (a list where the value
 * is a name) — `ticket edit`, `sla add`, `schedule add`, `sla simulate` — and the pickers work on a
 * server too (`ticket transfer`, `ticket sla`, `ticket edit` list the server's names).
 * Without a terminal the same verbs still name the flag (exit 2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../helpers/cli.js';
import { KEY, plain, terminal } from '../helpers/pty.js';
import { serve, type Served } from '../helpers/server.js';
import { KAREN, T0, create, labSandbox } from './contract/support.js';

let s: Sandbox;
let env: Record<string, string>;
let n: string;
let srv: Served;
let remoteEnv: Record<string, string>;

beforeAll(async () => {
  s = labSandbox();
  env = { ...s.env, HELPDESK_NOW: T0 };
  n = create(s, KAREN, ['--subject', 'Printer jams', '--body', 'Again.']);
  const token = s.hd(['--as', 'admin', 'token', 'create', '--agent', 'admin'], { env: { HELPDESK_NOW: T0 } }).stdout.trim();
  srv = await serve(s, [], { HELPDESK_NOW: T0 });
  remoteEnv = { ...env, HELPDESK_DB: '', HELPDESK_URL: srv.url, HELPDESK_TOKEN: token };
});
afterAll(async () => {
  await srv?.stop();
  s.cleanup();
});

const show = () => s.json(['--as', 'admin', 'ticket', 'show', n]);

describe('a missing value is asked for on a terminal', () => {
  it('ticket edit: what to change, then the value (priority from a list)', async () => {
    const t = terminal(['--as', 'admin', 'ticket', 'edit', n], env);
    await t.waitFor('Change');
    await t.waitFor('Help topic');
    t.type(KEY.down + KEY.enter);
    await t.waitForNext('emergency');
    t.type(KEY.down + KEY.down + KEY.enter);
    expect(await t.exited).toBe(0);
    expect(show().priority).toBe('high');
  });

  it('ticket edit on a server: the subject typed, the help topic picked from the server\'s list', async () => {
    let t = terminal(['ticket', 'edit', n], remoteEnv);
    await t.waitFor('Parent ticket');
    t.type(KEY.enter);
    await t.waitForNext('New subject:');
    t.type(`Printer jams daily${KEY.enter}`);
    expect(await t.exited).toBe(0);
    expect(show().subject).toBe('Printer jams daily');
    const topics = s.json(['--as', 'admin', 'topic', 'list']) as Array<{ name: string }>;
    t = terminal(['ticket', 'edit', n], remoteEnv);
    await t.waitFor('Parent ticket');
    t.type(KEY.down + KEY.down + KEY.enter);
    await t.waitForNext(topics[0]!.name);
    t.type(KEY.enter);
    expect(await t.exited).toBe(0);
    expect(show().topic).toBe(topics[0]!.name);
  });

  it('sla add asks for --hours; schedule add asks for --hours; sla simulate offers the plans', async () => {
    let t = terminal(['--as', 'admin', 'sla', 'add', 'Sev-Q'], env);
    await t.waitFor('Resolution target in hours:');
    t.type(`6${KEY.enter}`);
    expect(await t.exited).toBe(0);
    expect((s.json(['--as', 'admin', 'sla', 'list']) as Array<{ name: string; hours: number }>).find((p) => p.name === 'Sev-Q')?.hours).toBe(6);

    t = terminal(['--as', 'admin', 'schedule', 'add', 'Mornings'], env);
    await t.waitFor('Weekly hours');
    t.type(`mon-fri 08:00-12:00${KEY.enter}`);
    expect(await t.exited).toBe(0);
    expect((s.json(['--as', 'admin', 'schedule', 'list']) as Array<{ name: string }>).map((x) => x.name)).toContain('Mornings');

    t = terminal(['--as', 'admin', 'sla', 'simulate'], remoteEnv);
    await t.waitFor('Plan to try');
    await t.waitFor('Sev-Q — 6 h');
    t.type(KEY.enter);
    expect(await t.exited).toBe(0);
    expect(plain(t.output)).toMatch(/their own plans/);
  });

  it('the admins\' edit verbs given nothing: what to change, then the value (names from lists, also on a server)', async () => {
    let t = terminal(['--as', 'admin', 'user', 'edit', KAREN], env);
    await t.waitFor('New email address');
    t.type(KEY.enter);
    await t.waitForNext('Full name:');
    t.type(`Karen Q. Jones${KEY.enter}`);
    expect(await t.exited).toBe(0);
    expect((s.json(['--as', 'admin', 'user', 'list']) as Array<{ email: string; name: string }>).find((u) => u.email === KAREN)?.name).toBe('Karen Q. Jones');

    const topic = (s.json(['--as', 'admin', 'topic', 'list']) as Array<{ name: string }>)[0]!.name;
    t = terminal(['topic', 'edit', topic], remoteEnv);
    await t.waitFor('SLA plan');
    t.type(KEY.down.repeat(2) + KEY.enter); // Priority
    await t.waitForNext('emergency');
    t.type(KEY.down.repeat(3) + KEY.enter);
    expect(await t.exited).toBe(0);
    expect((s.json(['--as', 'admin', 'topic', 'list']) as Array<{ name: string; priority: string }>).find((x) => x.name === topic)?.priority).toBe('emergency');

    t = terminal(['--as', 'admin', 'sla', 'edit', 'Sev-Q'], env);
    await t.waitFor('Schedule');
    t.type(KEY.down.repeat(2) + KEY.enter); // Schedule
    await t.waitForNext('Mornings');
    const names = [...(s.json(['--as', 'admin', 'schedule', 'list']) as Array<{ name: string }>).map((x) => x.name), 'none'];
    t.type(KEY.down.repeat(names.indexOf('Mornings')) + KEY.enter);
    expect(await t.exited).toBe(0);
    expect((s.json(['--as', 'admin', 'sla', 'list']) as Array<{ name: string; schedule: string }>).find((p) => p.name === 'Sev-Q')?.schedule).toBe('Mornings');
  });

  it('a non-admin is refused before typing anything', async () => {
    const t = terminal(['--as', 'john', 'sla', 'add', 'Sev-R'], env);
    expect(await t.exited).toBe(4);
    expect(plain(t.output)).toMatch(/only admins may define SLA plans/);
    expect(plain(t.output)).not.toMatch(/Resolution target/);
  });

  it('on a server, ticket transfer and ticket sla pick from the server\'s lists', async () => {
    let t = terminal(['ticket', 'transfer', n], remoteEnv);
    await t.waitFor('Transfer to');
    const depts = s.json(['--as', 'admin', 'dept', 'list']) as Array<{ name: string }>;
    await t.waitFor(depts.at(-1)!.name);
    t.type(KEY.down.repeat(depts.length - 1) + KEY.enter);
    expect(await t.exited).toBe(0);
    expect(show().department).toBe(depts.at(-1)!.name);
    const plans = s.json(['--as', 'admin', 'sla', 'list']) as Array<{ name: string }>;
    t = terminal(['ticket', 'sla', n], remoteEnv);
    await t.waitFor('Sev-Q — 6 h');
    t.type(KEY.down.repeat(plans.findIndex((p) => p.name === 'Sev-Q')) + KEY.enter);
    expect(await t.exited).toBe(0);
    expect(show().sla).toBe('Sev-Q');
  });
});

describe('the interactive desk and a server', () => {
  it('is refused while a server is configured, instead of opening a local file', async () => {
    const t = terminal([], remoteEnv);
    expect(await t.exited).toBe(2);
    expect(plain(t.output)).toMatch(/does not run on a server/);
  });
});

describe('without a terminal the flag is named', () => {
  it.each([
    [['sla', 'add', 'Sev-S'], /missing --hours/],
    [['schedule', 'add', 'Nights'], /missing --hours/],
    [['sla', 'simulate'], /missing --plan/],
    [['ticket', 'edit', '100001'], /nothing to edit/],
    [['user', 'edit', KAREN], /nothing to change/],
    [['sla', 'edit', 'Sev-A'], /nothing to edit/],
  ])('%j', (args, message) => {
    const r = s.hd(['--as', 'admin', ...args], { env: { HELPDESK_NOW: T0 } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('a remote ticket create names every missing flag at once, as a local one does', () => {
    const local = s.hd(['--as', 'admin', 'ticket', 'create'], { env: { HELPDESK_NOW: T0 } });
    const remote = s.hd(['ticket', 'create'], { env: { HELPDESK_DB: '', HELPDESK_URL: srv.url, HELPDESK_TOKEN: remoteEnv.HELPDESK_TOKEN!, HELPDESK_NOW: T0 } });
    expect(local.stderr).toMatch(/missing --subject, --body, --user/);
    expect(remote).toEqual(local);
  });
});
