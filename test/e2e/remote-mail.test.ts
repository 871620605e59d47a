/**
 * `mail send` and `ticket reply --send` with a server configured run on the server (they
 * were refused, exit 2), with the same stdout, stderr, JSON and exit codes as on the desk's own file.
 * Two copies of one desk — `local` on its file, `remote` served by a real `helpdesk serve` — both
 * delivering to one SMTP sink on 127.0.0.1; every command runs on both and must answer alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandbox, type Result, type Sandbox } from '../helpers/cli.js';
import { serve, type Served } from '../helpers/server.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';

const T0 = '2026-03-02T09:00:00Z';
let local: Sandbox;
let remote: Sandbox;
let srv: Served;
let smtp: TestSmtp;
let number: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  smtp = await startSmtp();
  local = sandbox();
  const env = { env: { HELPDESK_NOW: T0 } };
  expect(local.hd(['init', '--sample', 'lab'], env).code).toBe(0);
  for (const who of ['admin', 'john']) tokens[who] = local.hd(['--as', 'admin', 'token', 'create', '--agent', who], env).stdout.trim();
  expect(local.hd(['--as', 'admin', 'config', 'set', 'mail.from', 'Help Desk <help@example.com>'], env).code).toBe(0);
  expect(local.hd(['--as', 'admin', 'config', 'set', 'mail.smtp', `smtp://127.0.0.1:${smtp.port}`], env).code).toBe(0);
  number = local.hd(['--as', 'john', 'ticket', 'create', '--user', 'karen@example.com', '--subject', 'Printer on fire', '--body', 'It smokes.'], env).stdout.trim();
  remote = sandbox();
  expect(local.hd(['--as', 'admin', 'backup', remote.db], env).code).toBe(0);
  srv = await serve(remote, [], { HELPDESK_NOW: T0 });
});
afterAll(async () => {
  await srv?.stop();
  await smtp?.close();
  local?.cleanup();
  remote?.cleanup();
});

/** Message-IDs are random on each desk (a UUID each): the one thing allowed to differ. */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const masked = (r: Result) => ({ code: r.code, stdout: r.stdout.replace(UUID, '<uuid>'), stderr: r.stderr.replace(UUID, '<uuid>') });
const remoteEnv = (who: string, now: string) => ({ env: { HELPDESK_DB: '', HELPDESK_URL: srv.url, HELPDESK_TOKEN: tokens[who]!, HELPDESK_NOW: now } });

/** The command on both desks, concurrently with the SMTP sink (so not spawnSync); the remote answer must equal the local one. */
async function both(who: string, args: string[], now = T0): Promise<Result> {
  const here = await local.hdAsync(['--as', who, ...args], { env: { HELPDESK_NOW: now } });
  const there = await remote.hdAsync(args, remoteEnv(who, now));
  expect(masked(there), `helpdesk ${args.join(' ')}`).toEqual(masked(here));
  return here;
}

const subjects = () => smtp.received.map((m) => `${m.to.join(',')} ${m.mail.subject}`);

describe('mail send on a server', () => {
  it('an admin token: the server delivers its outbox, the answer is the local one (human and --json)', async () => {
    await both('john', ['ticket', 'reply', number, '--body', 'We are on our way.']);
    const before = smtp.received.length;
    const sent = await both('admin', ['mail', 'send', '--json']);
    expect(sent.code, sent.stderr).toBe(0);
    expect(JSON.parse(sent.stdout)).toMatchObject({ sent: 1, deferred: 0, failed: 0, bounced: 0, stopped: null });
    // One from each desk: the remote one really went through the server's SMTP session.
    expect(subjects().slice(before)).toEqual([`karen@example.com Re: Printer on fire [#${number}]`, `karen@example.com Re: Printer on fire [#${number}]`]);
    await both('john', ['ticket', 'reply', number, '--body', 'Fixed.']);
    const human = await both('admin', ['mail', 'send', '--ticket', number, '--limit', '5']);
    expect(human.stderr).toMatch(/^sent <[^>]+> to karen@example\.com\nSent 1 · deferred 0 · failed 0 · bounced 0\n$/);
    // Nothing left: quiet on both.
    expect((await both('admin', ['mail', 'send'])).stderr).toBe('');
  });

  it('an agent\'s token is refused there as sla check is (exit 4), and nothing is sent', async () => {
    await both('john', ['ticket', 'reply', number, '--body', 'One more thing.']);
    const before = smtp.received.length;
    const r = await remote.hdAsync(['mail', 'send'], remoteEnv('john', T0));
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 4, stdout: '', stderr: 'helpdesk: access denied: only admins may send the queued mail\nhint: ask an admin, or act as one with --as <admin>\n' });
    expect(smtp.received.length).toBe(before);
    expect(JSON.parse((await remote.hdAsync(['mail', 'outbox', '--json'], remoteEnv('admin', T0))).stdout)
      .filter((m: { status: string }) => m.status === 'pending')).toHaveLength(1);
    await both('admin', ['mail', 'send']);
  });
});

describe('ticket reply --send on a server', () => {
  it('the server saves the reply and delivers its mail at once; the same output as locally', async () => {
    const before = smtp.received.length;
    const r = await both('john', ['ticket', 'reply', number, '--body', 'Sent right away.', '--send']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(`✓ Replied on #${number} · Default SLA · due in 18h\n`);
    expect(smtp.received.slice(before).map((m) => m.mail.text?.includes('Sent right away.'))).toEqual([true, true]);
    const json = await both('john', ['ticket', 'reply', number, '--body', 'And as JSON.', '--send', '--json']);
    expect(JSON.parse(json.stdout).thread.at(-1)).toMatchObject({ kind: 'reply', body: 'And as JSON.' });
    expect(smtp.received.length).toBe(before + 4);
    expect(JSON.parse((await remote.hdAsync(['mail', 'outbox', '--json'], remoteEnv('admin', T0))).stdout)
      .filter((m: { status: string }) => m.status === 'pending')).toHaveLength(0);
  });

  it('when delivery fails the reply is saved with the same warning, and its mail stays queued', async () => {
    await both('admin', ['config', 'set', 'mail.smtp', 'smtp://127.0.0.1:1']);
    const r = await both('john', ['ticket', 'reply', number, '--body', 'Cannot be mailed now.', '--send']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^✓ Replied on #\d+ [^\n]*\nhelpdesk: warning: the reply is saved, but its mail was not delivered: .+; it stays queued for helpdesk mail send\n$/);
    await both('admin', ['config', 'unset', 'mail.smtp']);
    const none = await both('john', ['ticket', 'reply', number, '--body', 'No SMTP at all.', '--send']);
    expect(none.stderr).toMatch(/^✓ Replied on #\d+ [^\n]*\nhelpdesk: warning: the reply is saved, but mail was not sent: .+\n/);
  });
});
