/**
 * CONTRACT.md, Mail: config, outbound queueing, the outbox, mail send, and mail ingest with its
 * sysexits codes.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { dbDigest, pgMode, type Sandbox } from '../../helpers/cli.js';
import { startSmtp, type TestSmtp } from '../../helpers/smtp.js';
import { ISO_Z, KAREN, KEN, T0, at, create, expectRefused, expectRefusedUnchanged, labSandbox, oneJson } from './support.js';

let s: Sandbox;
let smtp: TestSmtp;
beforeAll(async () => {
  s = labSandbox();
  smtp = await startSmtp(0, { tls: true });
});
afterAll(async () => {
  await smtp.close();
  s.cleanup();
});

const outbox = (...args: string[]) => s.json(['--as', 'admin', 'mail', 'outbox', ...args]);
const eml = (headers: Record<string, string>, body: string) =>
  `${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${body}\r\n`;

describe('config', () => {
  it('defaults: mail.autoresponse off, timezone UTC; mail not configured queues nothing', () => {
    expect(s.json(['--as', 'john', 'config', 'get', 'mail.autoresponse']).value).toBe('off');
    expect(s.json(['--as', 'john', 'config', 'get', 'timezone']).value).toBe('UTC');
    const keys = s.json(['--as', 'john', 'config', 'list']).map((e: any) => e.key);
    expect(keys).toEqual(expect.arrayContaining(['mail.from', 'mail.smtp', 'mail.autoresponse', 'timezone']));
    const n = create(s, KAREN, ['--subject', 'Before mail', '--body', 'b']);
    expect(s.hd(['--as', 'john', 'ticket', 'reply', n, '--body', 'Hi'], at(T0)).code).toBe(0);
    expect(outbox()).toEqual([]);
  });

  it('admins set; values are checked (exit 2); others get exit 4', () => {
    expectRefusedUnchanged(s, ['--as', 'john', 'config', 'set', 'mail.autoresponse', 'on'], 4, /access denied/);
    expectRefusedUnchanged(s, ['--as', 'admin', 'config', 'set', 'mail.autoresponse', 'maybe'], 2, /on or off/);
    expectRefusedUnchanged(s, ['--as', 'admin', 'config', 'set', 'mail.smtp', 'http://example.com'], 2, /smtp:\/\//);
    expectRefusedUnchanged(s, ['--as', 'admin', 'config', 'set', 'timezone', 'Mars/Olympus'], 2, /time zone/);
    expectRefusedUnchanged(s, ['--as', 'admin', 'config', 'set', 'colour', 'blue'], 2, /unknown setting 'colour'/);
    // Names every JavaScript object has are unknown settings too, whatever the verb.
    for (const key of ['constructor', '__proto__', 'hasOwnProperty']) {
      expectRefusedUnchanged(s, ['--as', 'admin', 'config', 'set', key, 'x'], 2, new RegExp(`unknown setting '${key}'`));
      expectRefusedUnchanged(s, ['--as', 'admin', 'config', 'unset', key], 2, new RegExp(`unknown setting '${key}'`));
      expectRefusedUnchanged(s, ['--as', 'admin', 'config', 'get', key], 2, new RegExp(`unknown setting '${key}'`));
    }
    for (const [key, value] of [['mail.from', 'Help Desk <help@example.com>'], ['mail.smtp', `smtp://desk:secret@127.0.0.1:${smtp.port}?tls.rejectUnauthorized=false`], ['mail.autoresponse', 'on'], ['timezone', 'Europe/Berlin']]) {
      expect(s.hd(['--as', 'admin', 'config', 'set', key!, value!]).code).toBe(0);
      // The SMTP password is never printed back.
      expect(s.hd(['--as', 'admin', 'config', 'get', key!]).stdout).toBe(`${value!.replace(':secret@', ':****@')}\n`);
    }
    expect(s.hd(['--as', 'admin', 'config', 'set', 'timezone', 'UTC']).code).toBe(0);
  });
});

describe('outbound', () => {
  let n: string;
  it('the auto-response, an agent reply and the change to resolved each queue one message', () => {
    n = create(s, KAREN, ['--subject', 'Printer on fire', '--body', 'Smoke.'], '2026-03-02T10:00:00Z');
    expect(outbox().map((m: any) => [m.ticket, m.to, m.subject])).toEqual([[n, KAREN, `Re: Printer on fire [#${n}]`]]);
    s.hd(['--as', 'john', 'ticket', 'note', n, '--body', 'internal'], at('2026-03-02T10:01:00Z'));
    s.hd(['--as', KAREN, 'ticket', 'reply', n, '--body', 'More smoke.'], at('2026-03-02T10:02:00Z'));
    expect(outbox()).toHaveLength(1); // notes and the user's own messages are not mailed to the user
    s.hd(['--as', 'john', 'ticket', 'reply', n, '--body', 'Unplug it.'], at('2026-03-02T10:05:00Z'));
    s.hd(['--as', 'john', 'ticket', 'status', n, 'resolved'], at('2026-03-02T10:10:00Z'));
    const list = outbox('--json');
    expect(list).toHaveLength(3);
    expect(list.every((m: any) => m.subject === `Re: Printer on fire [#${n}]` && m.to === KAREN && m.ticket === n)).toBe(true);
    expect(new Set(list.map((m: any) => m.message_id)).size).toBe(3);
  });

  it('outbox JSON: the contract fields, typed', () => {
    for (const m of outbox()) {
      expect(Object.keys(m)).toEqual(expect.arrayContaining(['id', 'ticket', 'to', 'subject', 'message_id', 'status', 'attempts', 'last_error', 'created_at', 'sent_at']));
      expect(typeof m.id).toBe('number');
      expect(m.message_id).toMatch(/^<[^<>@\s]+@[^<>@\s]+>$/);
      expect(m).toMatchObject({ status: 'pending', attempts: 0, last_error: null, sent_at: null });
      expect(m.created_at).toMatch(ISO_Z);
    }
    expect(outbox('--status', 'sent')).toEqual([]);
    expectRefused(s.hd(['--as', 'admin', 'mail', 'outbox', '--status', 'lost']), 2, /pending, sent, failed/);
  });

  it('a refused change queues nothing', () => {
    const before = outbox().length;
    expectRefused(s.hd(['--as', 'vera', 'ticket', 'reply', n, '--body', 'x']), 3); // unknown identity
    expectRefused(s.hd(['--as', 'john', 'ticket', 'reply', n, '--body', 'x', '--status', 'sideways']), 2);
    expect(outbox()).toHaveLength(before);
  });

  it('mail send delivers through mail.smtp; sent messages are marked, with the same Message-ID', async () => {
    const pending = outbox();
    // Asynchronously: the test SMTP server runs in this process and must be free to answer.
    const r = await s.hdAsync(['mail', 'send', '--json'], at('2026-03-02T10:15:00Z'));
    expect(oneJson(r)).toBeTypeOf('object');
    expect(smtp.received).toHaveLength(pending.length);
    expect(smtp.received.map((m) => m.mail.messageId).sort()).toEqual(pending.map((m: any) => m.message_id).sort());
    expect(smtp.received[0]!.mail.subject).toBe(`Re: Printer on fire [#${n}]`);
    const sent = outbox('--status', 'sent');
    expect(sent).toHaveLength(pending.length);
    expect(sent.every((m: any) => m.sent_at === '2026-03-02T10:15:00.000Z' && m.attempts === 1)).toBe(true);
    expect(oneJson(await s.hdAsync(['mail', 'send', '--json'], at('2026-03-02T10:16:00Z')))).toBeTypeOf('object');
    expect(smtp.received).toHaveLength(pending.length);
  });

  it('a server that is down loses nothing: the message stays queued with the error, and goes later', async () => {
    s.hd(['--as', 'john', 'ticket', 'reply', n, '--body', 'One more thing.'], at('2026-03-02T11:00:00Z'));
    s.hd(['--as', 'admin', 'config', 'set', 'mail.smtp', 'smtp://127.0.0.1:9']);
    // It ran, so exit 0: the counts say the message was deferred (CONTRACT.md, Mail, made robust).
    const down = await s.hdAsync(['mail', 'send', '--json'], at('2026-03-02T11:01:00Z'));
    expect(down.code, down.stderr).toBe(0);
    expect(JSON.parse(down.stdout)).toMatchObject({ sent: 0, deferred: 1, failed: 0, bounced: 0 });
    const [m] = outbox('--status', 'pending');
    expect(m).toMatchObject({ attempts: 1, sent_at: null });
    expect(m.last_error).toEqual(expect.any(String));
    s.hd(['--as', 'admin', 'config', 'set', 'mail.smtp', `smtp://127.0.0.1:${smtp.port}?tls.rejectUnauthorized=false`]);
    expect((await s.hdAsync(['mail', 'send'], at('2026-03-02T13:00:00Z'))).code).toBe(0);
    expect(outbox('--status', 'pending')).toEqual([]);
    expect(smtp.received.at(-1)!.mail.messageId).toBe(m.message_id);
  });
});

describe('mail ingest', () => {
  const ingest = (raw: string, when = '2026-03-02T12:00:00Z') => s.hd(['mail', 'ingest'], { env: { HELPDESK_NOW: when }, input: raw });

  it("a stranger's mail opens a ticket with source email, creating the end user from From", () => {
    const r = ingest(eml({ From: 'Wendy Woo <wendy@example.org>', To: 'help@example.com', Subject: 'Cannot print', 'Message-ID': '<w1@example.org>' }, 'Nothing prints.'));
    expect(r.code, r.stderr).toBe(0);
    const n = r.stdout.trim();
    expect(n).toMatch(/^\d{6}$/);
    expect(s.json(['--as', 'admin', 'ticket', 'show', n])).toMatchObject({ subject: 'Cannot print', source: 'email', user: { name: 'Wendy Woo', email: 'wendy@example.org' } });
    expect(s.json(['--as', 'admin', 'ticket', 'show', n]).thread[0]).toMatchObject({ kind: 'message', author: 'wendy@example.org' });
  });

  it('an answer threads by In-Reply-To/References, or by [#number] from the end user, reopening a resolved ticket', () => {
    const n = create(s, KAREN, ['--subject', 'Threaded', '--body', 'b'], '2026-03-02T12:00:00Z');
    s.hd(['--as', 'john', 'ticket', 'reply', n, '--body', 'Try this.', '--status', 'resolved'], at('2026-03-02T12:05:00Z'));
    const ours = outbox('--ticket', n).at(-1).message_id;
    let r = ingest(eml({ From: KAREN, Subject: 'Re: whatever', 'Message-ID': '<k1@example.com>', 'In-Reply-To': ours }, 'Did not help.'), '2026-03-02T12:10:00Z');
    expect([r.code, r.stdout]).toEqual([0, `${n}\n`]);
    let t = s.json(['--as', 'admin', 'ticket', 'show', n]);
    expect(t).toMatchObject({ status: 'open', reopened_count: 1 });
    expect(t.thread.at(-1)).toMatchObject({ kind: 'message', author: KAREN });
    r = ingest(eml({ From: KAREN, Subject: `Re: Threaded [#${n}]`, 'Message-ID': '<k2@example.com>' }, 'Any news?'), '2026-03-02T12:20:00Z');
    expect([r.code, r.stdout]).toEqual([0, `${n}\n`]);
    // [#number] from someone else is not enough: a new ticket.
    r = ingest(eml({ From: KEN, Subject: `Re: Threaded [#${n}]`, 'Message-ID': '<k3@example.com>' }, 'Me too.'), '2026-03-02T12:30:00Z');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).not.toBe(n);
    // From an agent's address: an internal note.
    r = ingest(eml({ From: 'john@helpdesk.example.com', Subject: `Re: Threaded [#${n}]`, 'Message-ID': '<j1@example.com>', References: ours }, 'Vendor says next week.'), '2026-03-02T12:40:00Z');
    expect([r.code, r.stdout]).toEqual([0, `${n}\n`]);
    t = s.json(['--as', 'admin', 'ticket', 'show', n]);
    expect(t.thread.at(-1)).toMatchObject({ kind: 'note', author: 'john' });
    expect(s.json(['--as', KAREN, 'ticket', 'show', n]).thread.map((e: any) => e.kind)).not.toContain('note');
  });

  it('a Message-ID already ingested is ignored (exit 0, nothing changed)', () => {
    const raw = eml({ From: 'Wendy Woo <wendy@example.org>', Subject: 'Cannot print', 'Message-ID': '<w1@example.org>' }, 'Nothing prints.');
    const before = dbDigest(s.db);
    const r = ingest(raw);
    expect(r.code).toBe(0);
    expect(dbDigest(s.db)).toBe(before);
  });

  it('a malformed message: 65, nothing stored', () => {
    const before = dbDigest(s.db);
    for (const raw of ['', 'just some words, no headers at all', 'Subject: no sender\r\n\r\nbody\r\n']) {
      const r = ingest(raw);
      expect(r.code, `${JSON.stringify(raw)}: ${r.stderr}`).toBe(65);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^helpdesk: /);
    }
    expect(dbDigest(s.db)).toBe(before);
  });

  it('a busy database: 75 so that the MTA retries, nothing stored', () => {
    if (pgMode()) return busyOnPostgres();
    const lock = new Database(s.db);
    lock.exec('BEGIN IMMEDIATE');
    try {
      const r = s.hd(['mail', 'ingest', '-'], { env: { HELPDESK_NOW: T0, HELPDESK_BUSY_TIMEOUT_MS: '200' }, input: eml({ From: 'x@example.org', Subject: 'busy', 'Message-ID': '<b1@example.org>' }, 'b') });
      expect(r.code, r.stderr).toBe(75);
      expect(r.stderr).toMatch(/^helpdesk: .*busy/);
    } finally {
      lock.exec('ROLLBACK');
      lock.close();
    }
  });
});

/**
 * On PostgreSQL "busy" is another machine holding the writers' lock (src/store/pg/schema.ts,
 * WRITE_LOCK_KEY) past the busy timeout: a psql session holds it while mail ingest runs.
 */
async function busyOnPostgres(): Promise<void> {
  const before = dbDigest(s.db);
  const holder = spawn('psql', [s.db, '-Atqc', 'SELECT pg_advisory_lock(448360969067); SELECT pg_sleep(20)'], { stdio: 'ignore' });
  try {
    // Wait until the lock is held (a second session sees it in pg_locks).
    for (let i = 0; i < 100; i++) {
      const held = spawnSyncPsql(`SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted`);
      if (held !== '0') break;
      await new Promise((done) => setTimeout(done, 100));
    }
    const r = s.hd(['mail', 'ingest', '-'], { env: { HELPDESK_NOW: T0, HELPDESK_BUSY_TIMEOUT_MS: '200' }, input: eml({ From: 'x@example.org', Subject: 'busy', 'Message-ID': '<b1@example.org>' }, 'b') });
    expect(r.code, r.stderr).toBe(75);
    expect(r.stderr).toMatch(/^helpdesk: .*(busy|locked)/);
  } finally {
    holder.kill('SIGKILL');
  }
  await new Promise((done) => setTimeout(done, 300));
  expect(dbDigest(s.db)).toBe(before);
}

function spawnSyncPsql(sql: string): string {
  return execFileSync('psql', [s.db, '-Atqc', sql], { encoding: 'utf8' }).trim();
}
