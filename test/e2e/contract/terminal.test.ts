/**
 * CONTRACT.md, Conventions on a terminal: color only on a TTY without NO_COLOR/--no-color; prompts
 * only when both ends are a TTY and --no-input is not given; the identity picker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../helpers/cli.js';
import { KEY, plain, terminal } from '../../helpers/pty.js';
import { KAREN, T0, create, labSandbox } from './support.js';

let s: Sandbox;
let env: Record<string, string>;
// eslint-disable-next-line no-control-regex
const COLOR = /\u001b\[\d+(;\d+)*m/;

beforeAll(() => {
  s = labSandbox();
  create(s, KAREN, ['--subject', 'VPN drops', '--body', 'Every hour.']);
  env = { ...s.env, HELPDESK_NOW: T0 };
  delete (env as Record<string, string | undefined>).NO_COLOR;
});
afterAll(() => s.cleanup());

async function run(args: string[], extra: Record<string, string> = {}): Promise<{ code: number; output: string }> {
  const t = terminal(args, { ...env, ...extra });
  const code = await t.exited;
  return { code, output: t.output };
}

describe('color', () => {
  const views = [['ticket', 'list'], ['ticket', 'show', '100001'], ['agent', 'list'], ['sla', 'status'], ['report']];

  it.each(views.map((v) => [v.join(' '), v]))('%s: colored on a terminal', async (_n, args) => {
    const r = await run(['--as', 'admin', ...(args as string[])]);
    expect(r.code).toBe(0);
    expect(r.output).toMatch(COLOR);
  });

  it.each(views.map((v) => [v.join(' '), v]))('%s: plain with NO_COLOR or --no-color', async (_n, args) => {
    const a = await run(['--as', 'admin', ...(args as string[])], { NO_COLOR: '1' });
    expect(a.code).toBe(0);
    expect(a.output).not.toMatch(COLOR);
    const b = await run(['--as', 'admin', '--no-color', ...(args as string[])]);
    expect(b.code).toBe(0);
    expect(b.output).not.toMatch(COLOR);
    expect(plain(b.output)).toBe(plain(a.output));
  });
});

describe('prompts', () => {
  it('--no-input on a terminal: no prompt, a usage error naming the flag', async () => {
    const r = await run(['--as', 'john', '--no-input', 'ticket', 'create', '--user', 'ken@example.com']);
    expect(r.code).toBe(2);
    expect(plain(r.output)).toMatch(/helpdesk: missing --subject/);
    expect(plain(r.output)).not.toMatch(/Subject:/);
  });

  it('--json on a terminal never prompts either', async () => {
    const r = await run(['--as', 'john', 'ticket', 'status', '100001', '--json']);
    expect(r.code).toBe(2);
    expect(plain(r.output)).toMatch(/missing the new status/);
  });

  it('a missing value is asked for on a terminal', async () => {
    const t = terminal(['--as', 'john', 'ticket', 'note', '100001'], env);
    await t.waitFor('Internal note:');
    t.type('Asked for it.' + KEY.enter);
    expect(await t.exited).toBe(0);
    expect(s.json(['--as', 'john', 'ticket', 'show', '100001']).thread.at(-1)).toMatchObject({ kind: 'note', body: 'Asked for it.' });
  });

  it('login with no argument offers agents and end users, and saves the pick', async () => {
    const t = terminal(['login'], env);
    await t.waitFor('John — agent, Support');
    await t.waitFor('Karen Jones — end user');
    t.type(KEY.down + KEY.down + KEY.enter);
    expect(await t.exited).toBe(0);
    expect(s.json(['whoami']).username).toBe('john');
  });
});
