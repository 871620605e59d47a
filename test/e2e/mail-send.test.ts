/**
 * Outbound mail end to end: ticket changes queue mail in the outbox; `mail send` delivers it to a
 * real SMTP server on 127.0.0.1; a server that is down leaves it pending with the error, and it goes
 * out once when the server is back, with the same Message-ID.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, dbDigest, query, sandbox, type Sandbox } from '../helpers/cli.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';

let s: Sandbox;
let smtp: TestSmtp;
const at = (iso: string) => ({ env: { HELPDESK_NOW: iso } });
const T0 = '2026-03-02T09:00:00Z';
const KAREN = 'karen@example.com';

beforeAll(async () => {
  // STARTTLS on: the password goes only over TLS (smtp-server's self-signed certificate).
  smtp = await startSmtp(0, { tls: true });
  s = sandbox();
  expect(s.hd(['init', '--sample', 'lab'], at(T0)).code).toBe(0);
});
afterAll(async () => {
  await smtp.close();
  s.cleanup();
});

/** Commands that talk to the SMTP server must not block this process: the server runs in it. */
const hda = (args: string[], iso: string) => s.hdAsync(args, { env: { HELPDESK_NOW: iso } });
const outbox = (...args: string[]) => s.json(['--as', 'admin', 'mail', 'outbox', ...args]);

describe('without mail configured', () => {
  it('queues nothing and mail send says what to set', () => {
    const n = s.hd(['--as', KAREN, 'ticket', 'create', '--subject', 'Printer jam', '--body', 'Tray 2.'], at(T0));
    expect(n.stdout).toBe('100001\n');
    expect(s.hd(['--as', 'john', 'ticket', 'reply', '100001', '--body', 'On my way.'], at(T0)).code).toBe(0);
    expect(outbox()).toEqual([]);
    const before = dbDigest(s.db);
    const r = s.hd(['mail', 'send'], at(T0));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('helpdesk: mail.smtp is not set: there is no server to send through\nhint: an admin sets it: helpdesk config set mail.smtp smtp://user:pass@host:587\n');
    expect(dbDigest(s.db)).toBe(before);
  });
});

describe('config', () => {
  it('admins set mail settings; the password never shows', () => {
    expect(s.hd(['--as', 'admin', 'config', 'set', 'mail.from', 'Help Desk <help@example.com>']).code).toBe(0);
    expect(s.hd(['--as', 'admin', 'config', 'set', 'mail.smtp', `smtp://desk:s3cret@127.0.0.1:${smtp.port}?tls.rejectUnauthorized=false`]).code).toBe(0);
    expect(s.hd(['--as', 'admin', 'config', 'set', 'mail.autoresponse', 'on']).code).toBe(0);
    expect(s.hd(['--as', 'john', 'config', 'get', 'mail.smtp']).stdout).toBe(`smtp://desk:****@127.0.0.1:${smtp.port}?tls.rejectUnauthorized=false\n`);
    const list = s.hd(['--as', 'john', 'config', 'list']);
    expect(list.stdout).not.toContain('s3cret');
    expect(list.stdout).toContain('mail.autoresponse\ton\tset\n');
    expect(s.json(['--as', 'john', 'config', 'list']).map((e: { key: string }) => e.key))
      .toEqual(['mail.from', 'mail.smtp', 'mail.autoresponse', 'mail.attachment_limit', 'mail.smtp_allow_plain', 'ticket.claim_on_response', 'mail.max_message', 'ticket.max_body', 'server.max_body', 'portal.url', 'timezone',
        'ticket.autoclose_after', 'ticket.remind_after', 'ticket.close_awaiting_after', 'sla.warn_before']);
  });

  it.each([
    [['--as', 'john', 'config', 'set', 'timezone', 'UTC'], 4, /only admins may change settings/],
    [['--as', 'admin', 'config', 'set', 'timezone', 'Mars/Olympus'], 2, /unknown time zone 'Mars\/Olympus'/],
    [['--as', 'admin', 'config', 'set', 'mail.smtp', 'http://example.com'], 2, /must start with smtp:\/\/ or smtps:\/\//],
    [['--as', 'admin', 'config', 'set', 'mail.from', 'not an address'], 2, /is not a mail address/],
    [['--as', 'admin', 'config', 'set', 'mail.autoresponse', 'sometimes'], 2, /must be on or off/],
    [['--as', 'admin', 'config', 'set', 'mail.fro', 'x@example.com'], 2, /unknown setting 'mail.fro'\nhint: did you mean 'mail.from'/],
    [['--as', KAREN, 'config', 'list'], 4, /only agents may read settings/],
  ])('%j → exit %i, nothing changed', (args, code, message) => {
    const before = dbDigest(s.db);
    const r = s.hd(args);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(dbDigest(s.db)).toBe(before);
  });
});

describe('outbound mail', () => {
  it('queues the auto-response, the reply and the resolution notice, threaded', () => {
    const n = s.hd(['--as', KAREN, 'ticket', 'create', '--subject', 'VPN drops', '--body', 'Every hour.'], at('2026-03-02T10:00:00Z'));
    expect(n.stdout).toBe('100002\n');
    expect(s.hd(['--as', 'john', 'ticket', 'reply', '100002', '--body', 'Please update the client to 5.2.'], at('2026-03-02T10:05:00Z')).code).toBe(0);
    expect(s.hd(['--as', 'john', 'ticket', 'note', '100002', '--body', 'internal only'], at('2026-03-02T10:06:00Z')).code).toBe(0);
    expect(s.hd(['--as', 'john', 'ticket', 'status', '100002', 'resolved'], at('2026-03-02T10:10:00Z')).code).toBe(0);
    const queued = outbox('--ticket', '100002');
    expect(queued).toHaveLength(3);
    expect(queued.map((m: { kind: string }) => m.kind)).toEqual(['autoresponse', 'reply', 'resolved']);
    const ids = queued.map((m: { message_id: string }) => m.message_id);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(/^<helpdesk\.100002\.[0-9a-f-]{36}@example\.com>$/);
    expect(queued[1]).toEqual({
      id: queued[1].id, ticket: '100002', to: KAREN, subject: 'Re: VPN drops [#100002]', message_id: ids[1],
      status: 'pending', attempts: 0, last_error: null, created_at: '2026-03-02T10:05:00.000Z', sent_at: null,
      kind: 'reply', next_attempt_at: '2026-03-02T10:05:00.000Z', cc: [],
    });
  });

  it('mail send delivers them over SMTP with threading headers', async () => {
    const r = await hda(['mail', 'send'], '2026-03-02T10:11:00Z');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Sent 3 · deferred 0 · failed 0 · bounced 0');
    const queued = outbox('--ticket', '100002');
    expect(queued.map((m: { status: string }) => m.status)).toEqual(['sent', 'sent', 'sent']);
    expect(queued[0].sent_at).toBe('2026-03-02T10:11:00.000Z');
    expect(smtp.received).toHaveLength(3);
    const [auto, reply, resolved] = smtp.received;
    expect(reply!.user).toBe('desk');
    expect(reply!.from).toBe('help@example.com');
    expect(reply!.to).toEqual([KAREN]);
    expect(reply!.mail.subject).toBe('Re: VPN drops [#100002]');
    expect(reply!.mail.messageId).toBe(queued[1].message_id);
    expect(reply!.mail.inReplyTo).toBe(queued[0].message_id);
    expect(reply!.mail.to).toMatchObject({ value: [{ address: KAREN, name: 'Karen Jones' }] });
    expect(reply!.mail.text).toContain('Please update the client to 5.2.\n\n--\nJohn\nHelp Desk');
    expect(reply!.mail.text).not.toContain('internal only');
    expect(reply!.mail.headers.get('auto-submitted')).toBeUndefined();
    expect(auto!.mail.headers.get('auto-submitted')).toBe('auto-replied');
    expect(auto!.mail.text).toContain('We received your request and opened ticket #100002: "VPN drops"');
    expect(resolved!.mail.inReplyTo).toBe(queued[1].message_id);
    expect(resolved!.mail.references).toEqual([queued[0].message_id, queued[1].message_id]);
    expect(resolved!.mail.text).toContain('Your ticket #100002 "VPN drops" has been resolved.');
    // Nothing left: a second run sends nothing.
    expect((await hda(['mail', 'send'], '2026-03-02T10:12:00Z')).code).toBe(0);
    expect(smtp.received).toHaveLength(3);
  });

  it('a server that is down: pending with the error, retried with backoff, delivered once', async () => {
    const port = smtp.port;
    await smtp.close();
    expect(s.hd(['--as', 'john', 'ticket', 'reopen', '100002'], at('2026-03-02T11:00:00Z')).code).toBe(0);
    expect(s.hd(['--as', 'john', 'ticket', 'reply', '100002', '--body', 'Reopened: try 5.3.'], at('2026-03-02T11:00:00Z')).code).toBe(0);
    const down = (await hda(['mail', 'send'], '2026-03-02T11:01:00Z'));
    // It ran: exit 0, the message deferred (cron must not alarm on a server that is down for a while).
    expect(down.code, down.stderr).toBe(0);
    expect(down.stderr).toMatch(/^deferred <helpdesk\.100002\.[^>]+> to karen@example\.com: the SMTP session failed: .*ECONNREFUSED/m);
    expect(down.stderr).toContain('Sent 0 · deferred 1 · failed 0 · bounced 0');
    let [m] = outbox('--status', 'pending');
    expect(m).toMatchObject({ status: 'pending', attempts: 1, next_attempt_at: '2026-03-02T11:06:00.000Z', sent_at: null });
    expect(m.last_error).toMatch(/ECONNREFUSED/);
    const id = m.message_id;

    // Not due yet: nothing is tried.
    expect((await hda(['mail', 'send'], '2026-03-02T11:03:00Z')).code).toBe(0);
    expect(outbox('--status', 'pending')[0].attempts).toBe(1);
    // Due again, still down: the second wait is twice as long.
    expect((await hda(['mail', 'send'], '2026-03-02T11:06:00Z')).code).toBe(0);
    [m] = outbox('--status', 'pending');
    expect(m).toMatchObject({ attempts: 2, next_attempt_at: '2026-03-02T11:16:00.000Z', message_id: id });

    smtp = await startSmtp(port, { tls: true });
    const up = (await hda(['mail', 'send', '--json'], '2026-03-02T11:16:00Z'));
    expect(up.code, up.stderr).toBe(0);
    expect(JSON.parse(up.stdout)).toMatchObject({ sent: 1, deferred: 0, failed: 0, bounced: 0, stopped: null });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.mail.messageId).toBe(id);
    expect(smtp.received[0]!.mail.text).toContain('Reopened: try 5.3.');
    expect(outbox('--status', 'pending')).toEqual([]);
    expect(outbox('--status', 'sent').at(-1)).toMatchObject({ message_id: id, attempts: 3, last_error: null, sent_at: '2026-03-02T11:16:00.000Z' });
  });

  it('a recipient the server refuses for good is marked failed at once', async () => {
    smtp.reject.add('ken@example.com');
    s.hd(['--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'Badge', '--body', 'Lost it.'], at('2026-03-02T12:00:00Z'));
    const r = (await hda(['mail', 'send', '--json'], '2026-03-02T12:00:00Z'));
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ sent: 0, deferred: 0, failed: 1, bounced: 0, stopped: null });
    const [m] = outbox('--status', 'failed');
    expect(m).toMatchObject({ ticket: '100003', to: 'ken@example.com', attempts: 1, status: 'failed' });
    expect(m.last_error).toMatch(/550/);
    smtp.reject.clear();
    expect(s.hd(['--as', 'admin', 'mail', 'retry', '--failed'], at('2026-03-02T12:30:00Z')).code).toBe(0);
    expect((await hda(['mail', 'send'], '2026-03-02T12:30:00Z')).code).toBe(0);
    expect(outbox('--ticket', '100003')[0]).toMatchObject({ status: 'sent' });
  });

  it('a run killed mid-send leaves the message pending; it goes again later with the same Message-ID', async () => {
    smtp.received.length = 0;
    smtp.hang = true;
    s.hd(['--as', 'john', 'ticket', 'reply', '100002', '--body', 'One more thing.'], at('2026-03-02T13:00:00Z'));
    const child = spawn(process.execPath, [BIN, 'mail', 'send'], { env: { ...s.env, HELPDESK_NOW: '2026-03-02T13:00:00Z' }, stdio: 'ignore' });
    const exited = new Promise((done) => child.on('exit', done));
    await smtp.nextData();
    child.kill('SIGKILL');
    await exited;
    const [m] = outbox('--status', 'pending');
    expect(m).toMatchObject({ attempts: 1, next_attempt_at: '2026-03-02T13:05:00.000Z', sent_at: null });
    smtp.hang = false;
    expect((await hda(['mail', 'send'], '2026-03-02T13:05:00Z')).code).toBe(0);
    expect(smtp.received.map((r) => r.mail.messageId)).toEqual([m.message_id, m.message_id]);
    expect(outbox('--ticket', '100002').at(-1)).toMatchObject({ message_id: m.message_id, status: 'sent', attempts: 2 });
  });

  it('ticket reply --send delivers right after saving', async () => {
    smtp.received.length = 0;
    const r = await hda(['--as', 'john', 'ticket', 'reply', '100002', '--body', 'Sent at once.', '--send'], '2026-03-02T14:00:00Z');
    expect(r.code, r.stderr).toBe(0);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.mail.text).toContain('Sent at once.');
    expect(query(s.db, "SELECT count(*) AS n FROM outbox WHERE status = 'pending'")[0].n).toBe(0);
  });

  it('non-admin agents see only the mail of tickets they may see; end users none', () => {
    const jane = s.json(['--as', 'jane', 'mail', 'outbox']);
    expect(jane).toEqual([]);
    expect(s.json(['--as', 'john', 'mail', 'outbox']).length).toBe(outbox().length);
    expect(s.hd(['--as', KAREN, 'mail', 'outbox']).code).toBe(4);
  });
});
