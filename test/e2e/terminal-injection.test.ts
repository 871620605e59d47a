/**
 * A ticket cannot attack the agent's terminal: escape sequences an email sender put in a subject, a
 * display name (MIME-encoded) and a body are shown visibly by every human renderer on a real terminal
 * (node-pty), kept exactly by --json, and escaped in tab-separated output.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../helpers/cli.js';
import { KEY, plain, terminal } from '../helpers/pty.js';

const ESC = '\u001b';
// Clear the screen, retitle the window, write the clipboard (OSC 52), plant a link (OSC 8), an 8-bit CSI.
const SUBJECT = `Invoice ${ESC}[2J${ESC}]0;pwned\u0007 due`;
const NAME = `Eve ${ESC}]52;c;cm0gLXJmIH4=\u0007Evil`;
const BODY = `Hello\n${ESC}]8;;http://evil.example/\u0007click${ESC}]8;;\u0007 \u009b31m red\rOVERWRITE`;
const b64 = (t: string) => `=?utf-8?b?${Buffer.from(t).toString('base64')}?=`;
const MAIL = [
  `From: ${b64(NAME)} <eve@example.net>`, 'To: help@example.com', `Subject: ${b64(SUBJECT)}`,
  'Message-ID: <evil-1@example.net>', 'Date: Mon, 2 Mar 2026 09:00:00 +0000', 'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', Buffer.from(BODY).toString('base64'),
].join('\r\n');

let s: Sandbox;
let env: Record<string, string>;
beforeAll(() => {
  s = sandbox();
  const now = { env: { HELPDESK_NOW: '2026-03-02T09:00:00Z' } };
  expect(s.hd(['init', '--sample', 'lab'], now).code).toBe(0);
  expect(s.hd(['--as', 'admin', 'config', 'set', 'mail.from', 'Help Desk <help@example.com>']).code).toBe(0);
  const r = s.hd(['mail', 'ingest', '-'], { ...now, input: MAIL });
  expect(r.code, r.stderr).toBe(0);
  expect(s.hd(['--as', 'john', 'ticket', 'reply', '100001', '--body', `Thanks ${ESC}[5m\rgone`], now).code).toBe(0);
  env = { ...s.env, HELPDESK_NOW: '2026-03-02T10:00:00Z', FORCE_COLOR: '1' };
  delete (env as Record<string, string | undefined>).NO_COLOR;
});
afterAll(() => s.cleanup());

/** Everything written, minus our own colors and the pty's line ends, must hold no control character. */
function rawControls(output: string): string[] {
  // eslint-disable-next-line no-control-regex
  const rest = output.replace(/\u001b\[[0-9;]*m/g, '').replace(/\r\n/g, '\n');
  // eslint-disable-next-line no-control-regex
  return [...rest.matchAll(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g)].map((m) => JSON.stringify(m[0]));
}

async function onTerminal(args: string[]): Promise<string> {
  const t = terminal(args, env);
  const code = await t.exited;
  expect(code, plain(t.output)).toBe(0);
  return t.output;
}

describe('hostile text on a terminal', () => {
  it.each([
    ['ticket list', ['--as', 'admin', 'ticket', 'list'], '^[[2J'],
    ['ticket show', ['--as', 'admin', 'ticket', 'show', '100001'], '^[]52;c;'],
    ['ticket search', ['--as', 'admin', 'ticket', 'search', 'invoice'], '^[]0;pwned^G'],
    ['sla status', ['--as', 'admin', 'sla', 'status'], '^[[2J'],
    ['user list', ['--as', 'admin', 'user', 'list'], '^[]52;c;'],
    ['mail outbox', ['--as', 'admin', 'mail', 'outbox'], '^[[2J'],
    ['mail show', ['--as', 'admin', 'mail', 'show', '1'], '^[[2J'],
    ['mail inbound', ['--as', 'admin', 'mail', 'inbound'], '^[[2J'],
    ['mail original', ['--as', 'admin', 'mail', 'original', '1'], 'Subject: =?utf-8?b?'],
    ['report', ['--as', 'admin', 'report', '--by', 'agent'], 'Report'],
  ])('%s shows control characters visibly', async (_name, args, visible) => {
    const out = await onTerminal(args);
    expect(plain(out)).toContain(visible);
    expect(rawControls(out)).toEqual([]);
  });

  it('ticket show shows the body line by line, a lone CR and the 8-bit CSI visibly', async () => {
    const out = plain(await onTerminal(['--as', 'admin', 'ticket', 'show', '100001']));
    // (Mail turns a lone CR into a line break; the reply typed on the command line keeps it.)
    expect(out).toContain('^[]8;;http://evil.example/^Gclick^[]8;;^G \\x9b31m red');
    expect(out).toContain('Thanks ^[[5m^Mgone');
  });

  it('the interactive desk shows the queue and the picker without obeying them', async () => {
    const t = terminal(['--as', 'admin'], env);
    await t.waitFor('What next?');
    t.type(KEY.enter);
    await t.waitFor('Which ticket?');
    t.type(KEY.enter);
    await t.waitFor('what now?');
    t.type(KEY.ctrlC);
    await t.exited;
    expect(plain(t.output)).toContain('Invoice ^[[2J^[]0;pwned^G due');
    expect(plain(t.output)).toContain('^[]52;c;');
    // The prompt library draws with its own CSI sequences; none of the hostile ones may appear raw.
    for (const raw of [`${ESC}[2J`, `${ESC}]`, '\u0007', '\u009b', `${ESC}[5m`]) expect(t.output).not.toContain(raw);
  });
});

describe('the exact text where it is data', () => {
  it('--json keeps the stored text exactly', () => {
    const t = s.json(['--as', 'admin', 'ticket', 'show', '100001']);
    expect(t.subject).toBe(SUBJECT);
    expect(t.user.name).toBe(NAME);
    expect(t.thread[0].body).toBe(BODY.replace(/\r/g, '\n'));
  });

  it('tab-separated output escapes them on one line', () => {
    const r = s.hd(['--as', 'admin', 'ticket', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toContain('Invoice ^[[2J^[]0;pwned^G due');
    expect(rawControls(r.stdout.replace(/\t/g, ' '))).toEqual([]);
  });

  it('an error quoting what someone typed shows it visibly on one line', () => {
    const r = s.hd(['--as', 'admin', 'ticket', 'list', '--dept', `x${ESC}]0;t\u0007`]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('x^[]0;t^G');
    expect(rawControls(r.stderr)).toEqual([]);
  });
});
