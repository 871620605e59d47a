/**
 * One bad SMTP session never fails the queue (CONTRACT.md, Mail, made robust): against a real
 * smtp-server on 127.0.0.1 that refuses the password (535), wants authentication (530), closes at the
 * greeting (421) or offers no TLS to a client with a password, every message stays pending with the
 * error, the run stops after that one session error, and `mail send` exits 0 with the counts. Only a
 * recipient refused for good (550 to RCPT) fails that one message.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../helpers/cli.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';

let s: Sandbox;
let tls: TestSmtp;
let plain: TestSmtp;
const KAREN = 'karen@example.com';
let clock = Date.parse('2026-03-02T09:00:00Z');
/** Every run a day later than the last: whatever is pending is due again. */
const tick = () => new Date((clock += 86_400_000)).toISOString();
const outbox = () => s.json(['--as', 'admin', 'mail', 'outbox']) as Array<{ id: number; status: string; attempts: number; last_error: string | null; to: string }>;
const send = async () => {
  const r = await s.hdAsync(['mail', 'send', '--json'], { env: { HELPDESK_NOW: tick() } });
  return { ...r, report: r.stdout ? JSON.parse(r.stdout) : null };
};
const setSmtp = (url: string) => expect(s.hd(['--as', 'admin', 'config', 'set', 'mail.smtp', url]).code).toBe(0);
const ticket = (user: string, subject: string) =>
  expect(s.hd(['--as', 'john', 'ticket', 'create', '--user', user, '--subject', subject, '--body', 'x'], { env: { HELPDESK_NOW: tick() } }).code).toBe(0);

beforeAll(async () => {
  tls = await startSmtp(0, { tls: true });
  plain = await startSmtp();
  s = sandbox();
  expect(s.hd(['init', '--sample', 'lab'], { env: { HELPDESK_NOW: tick() } }).code).toBe(0);
  expect(s.hd(['--as', 'admin', 'config', 'set', 'mail.from', 'Help Desk <help@example.com>']).code).toBe(0);
  expect(s.hd(['--as', 'admin', 'config', 'set', 'mail.autoresponse', 'on']).code).toBe(0);
  for (const [user, subject] of [[KAREN, 'VPN'], ['ken@example.com', 'Badge'], ['alex@example.com', 'Mouse']] as const) ticket(user, subject);
});
afterAll(async () => {
  await tls.close();
  await plain.close();
  s.cleanup();
});
beforeEach(() => {
  tls.session = 'ok';
  plain.session = 'ok';
  tls.received.length = 0;
  plain.received.length = 0;
});

const tlsUrl = (user = 'desk:s3cret') => `smtp://${user ? `${user}@` : ''}127.0.0.1:${tls.port}?tls.rejectUnauthorized=false`;

describe('a failed session leaves every message pending and stops the run', () => {
  it.each([
    ['535 password refused', 'refuse-auth', 'desk:s3cret', /535/],
    ['530 authentication required', 'require-auth', '', /530/],
    ['421 at the greeting', '421', 'desk:s3cret', /421/],
  ] as const)('%s', async (_name, session, user, error) => {
    setSmtp(tlsUrl(user));
    tls.session = session;
    const before = outbox();
    expect(before.filter((m) => m.status === 'pending')).toHaveLength(3);
    const connections = tls.connections;
    const r = await send();
    expect(r.code, r.stderr).toBe(0);
    expect(r.report, JSON.stringify(r.report)).toMatchObject({ sent: 0, deferred: 1, failed: 0, bounced: 0 });
    expect(r.report.stopped).toMatch(error);
    expect(r.report.messages).toHaveLength(1); // stopped after the first session error
    // One session tried, not one per message (nodemailer may reconnect once within it).
    expect(tls.connections - connections).toBeLessThanOrEqual(2);
    expect(tls.received).toEqual([]);
    const after = outbox();
    expect(after.map((m) => m.status)).toEqual(['pending', 'pending', 'pending']);
    for (const m of after) expect(m.last_error).toMatch(error);
    // Only the message that was tried counts an attempt.
    expect(after.map((m) => m.attempts).reduce((a, b) => a + b, 0) - before.map((m) => m.attempts).reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('a password is never given to a server without TLS: nothing sent, all pending with that error', async () => {
    setSmtp(`smtp://desk:s3cret@127.0.0.1:${plain.port}`);
    const auths = plain.auths;
    const r = await send();
    expect(r.code, r.stderr).toBe(0);
    expect(r.report).toMatchObject({ sent: 0, deferred: 1, failed: 0 });
    expect(plain.auths).toBe(auths);
    expect(plain.received).toEqual([]);
    for (const m of outbox()) {
      expect(m.status).toBe('pending');
      expect(m.last_error).toMatch(/^the SMTP session failed: ETLS: .*\(STARTTLS was refused or is not offered: credentials are sent only over TLS unless an admin sets mail\.smtp_allow_plain on\)$/);
    }
    const human = await s.hdAsync(['mail', 'send'], { env: { HELPDESK_NOW: tick() } });
    expect(human.code).toBe(0);
    expect(human.stderr).toMatch(/^Stopped: the SMTP session failed: .*; every message stays pending$/m);
  });

  it('with mail.smtp_allow_plain on, the admin lets it through', async () => {
    expect(s.hd(['--as', 'admin', 'config', 'set', 'mail.smtp_allow_plain', 'on']).code).toBe(0);
    try {
      const r = await send();
      expect(r.code, r.stderr).toBe(0);
      expect(r.report).toMatchObject({ sent: 3, deferred: 0, failed: 0, bounced: 0, stopped: null });
      expect(plain.received.map((m) => m.user)).toEqual(['desk', 'desk', 'desk']);
      expect(outbox().map((m) => [m.status, m.last_error])).toEqual([['sent', null], ['sent', null], ['sent', null]]);
    } finally {
      expect(s.hd(['--as', 'admin', 'config', 'set', 'mail.smtp_allow_plain', 'off']).code).toBe(0);
    }
  });
});

describe('outbound headers', () => {
  it('no display name that only repeats the address', async () => {
    setSmtp(tlsUrl());
    // A user created from a bare address is named by it.
    const r = s.hd(['mail', 'ingest', '-'], { env: { HELPDESK_NOW: tick() }, input: 'From: zoe@example.com\r\nSubject: Dock\r\nMessage-ID: <zoe.1@example.com>\r\n\r\nThe dock is dead.\r\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(s.json(['--as', 'admin', 'ticket', 'show', r.stdout.trim()]).user).toEqual({ name: 'zoe@example.com', email: 'zoe@example.com' });
    const sent = await send();
    expect(sent.report.sent).toBeGreaterThan(0);
    const zoe = tls.received.find((m) => m.to[0] === 'zoe@example.com')!;
    expect(zoe.raw).toMatch(/^To: zoe@example\.com\r$/m);
    expect(zoe.raw).toMatch(/^From: Help Desk <help@example\.com>\r$/m);
  });
});

describe('a recipient refused for good fails only that message', () => {
  it('550 to one RCPT: that one failed, the others sent, exit 0', async () => {
    setSmtp(tlsUrl());
    for (const [user, subject] of [[KAREN, 'Printer'], ['ken@example.com', 'Desk'], ['alex@example.com', 'Chair']] as const) ticket(user, subject);
    tls.reject.add('ken@example.com');
    try {
      const r = await send();
      expect(r.code, r.stderr).toBe(0);
      expect(r.report).toMatchObject({ sent: 2, deferred: 0, failed: 1, bounced: 0, stopped: null });
      const latest = outbox().slice(-3);
      expect(latest.map((m) => [m.to, m.status])).toEqual([[KAREN, 'sent'], ['ken@example.com', 'failed'], ['alex@example.com', 'sent']]);
      expect(latest[1]!.last_error).toMatch(/550/);
      expect(tls.received.map((m) => m.to)).toEqual([[KAREN], ['alex@example.com']]);
    } finally {
      tls.reject.clear();
    }
  });

  it('450 to one RCPT defers only that message; the run goes on', async () => {
    ticket(KAREN, 'Monitor');
    ticket('alex@example.com', 'Keyboard');
    tls.busy.add(KAREN);
    try {
      const r = await send();
      expect(r.code, r.stderr).toBe(0);
      expect(r.report).toMatchObject({ sent: 1, deferred: 1, failed: 0, stopped: null });
      const latest = outbox().slice(-2);
      expect(latest.map((m) => [m.to, m.status])).toEqual([[KAREN, 'pending'], ['alex@example.com', 'sent']]);
      expect(latest[0]!.last_error).toMatch(/450/);
    } finally {
      tls.busy.clear();
    }
  });
});

