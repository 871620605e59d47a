/**
 * Inbound mail end to end through the built binary: real-looking messages (test/fixtures/mail and
 * replies written here with the Message-IDs the desk really sent) become tickets, messages and notes;
 * bad input is refused with the sysexits code and leaves the database unchanged.
 */
import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbDigest, query, sandbox, type Sandbox } from '../helpers/cli.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/mail');
const fixture = (name: string) => join(FIXTURES, name);
let s: Sandbox;
const NOW = { env: { HELPDESK_NOW: '2026-03-02T10:00:00Z' } };
const at = (iso: string) => ({ env: { HELPDESK_NOW: iso } });
// A frozen clock: the ticket object's SLA clock section depends on "now", and two shows must compare equal.
const show = async (n: string, as = 'admin') => await s.runJson(['--as', as, 'ticket', 'show', n], NOW);
const ingest = async (file: string, opts = NOW) => await s.run(['mail', 'ingest', file], opts);
const ingestText = async (text: string | Buffer, opts: { env: Record<string, string> } = NOW) =>
  await s.run(['mail', 'ingest', '-'], { ...opts, input: text as string });

/** A reply as a mail program writes it: our Message-ID in In-Reply-To, the history quoted below. */
function reply(o: { from: string; id: string; inReplyTo?: string; references?: string; subject: string; text: string }): string {
  return [
    `From: ${o.from}`, 'To: Help Desk <help@example.com>', `Subject: ${o.subject}`, 'Date: Mon, 2 Mar 2026 11:00:00 +0000',
    `Message-ID: ${o.id}`, ...(o.inReplyTo ? [`In-Reply-To: ${o.inReplyTo}`] : []), ...(o.references ? [`References: ${o.references}`] : []),
    'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', o.text,
  ].join('\r\n');
}

beforeAll(async () => {
  s = sandbox();
  expect((await s.run(['init', '--sample', 'lab'], at('2026-03-02T08:00:00Z'))).code).toBe(0);
  expect((await s.run(['--as', 'admin', 'config', 'set', 'mail.from', 'Help Desk <help@example.com>'])).code).toBe(0);
  expect((await s.run(['--as', 'admin', 'config', 'set', 'mail.autoresponse', 'on'])).code).toBe(0);
  // #100001: Karen's ticket from the web, answered by John (so there is mail of ours to answer).
  expect((await s.run(['--as', 'karen@example.com', 'ticket', 'create', '--subject', 'VPN drops', '--body', 'Every hour.'], at('2026-03-02T09:00:00Z'))).stdout).toBe('100001\n');
  expect((await s.run(['--as', 'john', 'ticket', 'reply', '100001', '--body', 'Please update the VPN client.'], at('2026-03-02T09:30:00Z'))).code).toBe(0);
});
afterAll(async () => s.cleanup());

const ourReplyId = (n: string) =>
  query<{ message_id: string }>(s.db, "SELECT message_id FROM outbox o JOIN tickets t ON t.id = o.ticket_id WHERE t.number = ? AND kind = 'reply' ORDER BY o.id DESC", n)[0]!.message_id;

describe('new tickets from mail', () => {
  it('plain text: a ticket with source email, the sender created, signature stripped, Cc as collaborator', async () => {
    const r = await ingest(fixture('plain.eml'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('100002\n');
    expect(r.stderr).toBe('Created ticket #100002\n');
    const t = await show('100002');
    expect(t).toMatchObject({
      subject: 'Cannot print to the 3rd floor printer', source: 'email', status: 'open', department: 'Support', sla: 'Default SLA',
      user: { name: 'Alice Martin', email: 'alice@partner.example.org' },
    });
    expect(t.thread).toEqual([{
      kind: 'message', author: 'alice@partner.example.org', author_name: 'Alice Martin', title: null, created_at: '2026-03-02T10:00:00.000Z',
      body: 'Hello,\n\nSince this morning nothing prints on the 3rd floor printer (HP-3F).\nThe queue shows "error - printing".\n\nThanks,\nAlice',
    }]);
    expect(t.attachments).toBeUndefined();
    // Bob was copied: he may see the ticket; the help desk's own address is not a collaborator.
    expect((await show('100002', 'bob@partner.example.org')).number).toBe('100002');
    expect(query(s.db, "SELECT count(*) AS n FROM users WHERE email = 'help@example.com'")[0].n).toBe(0);
    // The auto-response is queued, threaded to Alice's message.
    const [auto] = await s.runJson(['--as', 'admin', 'mail', 'outbox', '--ticket', '100002']);
    expect(auto).toMatchObject({ kind: 'autoresponse', to: 'alice@partner.example.org', subject: 'Re: Cannot print to the 3rd floor printer [#100002]' });
    expect(query(s.db, 'SELECT in_reply_to FROM outbox WHERE id = ?', auto.id)[0].in_reply_to).toBe('<CAF3x9+plain.0001@mail.partner.example.org>');
  });

  it('HTML-only mail becomes plain text', async () => {
    const r = await ingest(fixture('html-only.eml'));
    expect(r.code, r.stderr).toBe(0);
    expect((await show(r.stdout.trim())).thread[0].body).toBe('Hi team,\n\nOutlook asks for my password every 5 minutes since the update.\n\nCliff');
  });

  it('a non-UTF-8 charset is decoded', async () => {
    const t = await show((await ingest(fixture('latin1.eml'))).stdout.trim());
    expect(t.subject).toBe('Drücker funktioniert nicht');
    expect(t.user).toEqual({ name: 'Jörg Müller', email: 'joerg@example.de' });
    expect(t.thread[0].body).toBe('Der Drucker im Büro druckt nur noch weiße Seiten.\nGrüße, Jörg');
  });

  it('attachments are kept, listed in ticket show, and can be saved byte for byte', async () => {
    const n = (await ingest(fixture('multipart-attachment.eml'))).stdout.trim();
    const t = await show(n);
    expect(t.thread[0].body).toBe('The scanner fails with the attached log.');
    expect(t.attachments).toEqual([
      { id: expect.any(Number), name: 'scanner.log', type: 'text/plain', size: 45, thread_index: 0, created_at: '2026-03-02T10:00:00.000Z' },
      { id: expect.any(Number), name: 'report.pdf', type: 'application/pdf', size: 51, thread_index: 0, created_at: '2026-03-02T10:00:00.000Z' },
    ]);
    const human = (await s.run(['--as', 'john', 'ticket', 'show', n])).stdout;
    expect(human).toMatch(/Attachments\n\s+\d+ {2}scanner\.log {2}text\/plain · 45 B/);
    expect(human).toContain('report.pdf  application/pdf · 51 B');
    expect((await s.run(['--as', 'ken@example.com', 'ticket', 'attachment', n, 'scanner.log'])).stdout).toBe('E042 paper jam at tray 2\nE017 sensor timeout\n');
    const out = join(s.dir, 'report.pdf');
    expect((await s.run(['--as', 'john', 'ticket', 'attachment', n, String(t.attachments[1].id), '--out', out])).code).toBe(0);
    expect(readFileSync(out)).toEqual(Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1'));
  });

  it("a forged [#number] from a stranger opens a new ticket and leaves the other untouched", async () => {
    const before = await show('100001');
    const r = await ingest(fixture('forged-subject.eml'));
    expect(r.code).toBe(0);
    expect(r.stdout).not.toBe('100001\n');
    const t = await show(r.stdout.trim());
    expect(t.user.email).toBe('mallory@evil.example.net');
    expect(await show('100001')).toEqual(before);
    expect((await s.run(['--as', 'mallory@evil.example.net', 'ticket', 'show', '100001'])).code).toBe(4);
  });
});

describe('answers thread onto their ticket', () => {
  it("the end user's reply (In-Reply-To our Message-ID): a message, quoted history stripped, original kept", async () => {
    const mail = reply({
      from: 'Karen Jones <karen@example.com>', id: '<karen.reply.1@example.com>', inReplyTo: ourReplyId('100001'),
      subject: 'Re: VPN drops [#100001]',
      text: 'Updated it, still drops.\r\n\r\nOn Mon, 2 Mar 2026 at 09:30, Help Desk <help@example.com> wrote:\r\n> Please update the VPN client.\r\n>\r\n> --\r\n> John',
    });
    const r = await ingestText(mail, at('2026-03-02T11:00:00Z'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('100001\n');
    const t = await show('100001');
    expect(t.thread.at(-1)).toEqual({
      kind: 'message', author: 'karen@example.com', author_name: 'Karen Jones', title: null, body: 'Updated it, still drops.', created_at: '2026-03-02T11:00:00.000Z',
    });
    const [m] = await s.runJson(['--as', 'john', 'mail', 'inbound', '--ticket', '100001']);
    expect(m).toMatchObject({ ticket: '100001', message_id: '<karen.reply.1@example.com>', from: 'karen@example.com', outcome: 'message' });
    expect((await s.run(['--as', 'john', 'mail', 'original', String(m.id)])).stdout).toBe(mail);
  });

  it('the same message again is a duplicate: exit 0 and nothing changes', async () => {
    const before = dbDigest(s.db);
    const r = await ingestText(reply({ from: 'karen@example.com', id: '<karen.reply.1@example.com>', subject: 'whatever', text: 'again' }), at('2026-03-02T11:05:00Z'));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('100001\n');
    expect(r.stderr).toBe('Already ingested (<karen.reply.1@example.com>): #100001; ignored\n');
    expect(dbDigest(s.db)).toBe(before);
  });

  it('[#number] in the subject from the ticket\'s end user threads too, and reopens a resolved ticket', async () => {
    expect((await s.run(['--as', 'john', 'ticket', 'status', '100001', 'resolved'], at('2026-03-02T12:00:00Z'))).code).toBe(0);
    const r = await ingestText(reply({ from: 'karen@example.com', id: '<karen.new.2@example.com>', subject: 'Still broken [#100001]', text: 'It is back.' }), at('2026-03-02T13:00:00Z'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('Added the message to #100001 (reopened)\n');
    const t = await show('100001');
    expect(t).toMatchObject({ status: 'open', reopened_count: 1, resolved_at: null });
    expect(t.thread.at(-1).body).toBe('It is back.');
    expect(t.events.at(-1)).toMatchObject({ type: 'reopened', actor: 'karen@example.com', data: { from: 'resolved', to: 'open' } });
  });

  it("mail from an agent's address becomes an internal note that end users never see", async () => {
    const r = await ingestText(reply({
      from: 'John <john@helpdesk.example.com>', id: '<john.note.3@helpdesk.example.com>', inReplyTo: ourReplyId('100001'),
      subject: 'Re: VPN drops [#100001]', text: 'Checked the concentrator logs: fine.',
    }), at('2026-03-02T13:10:00Z'));
    expect(r.code, r.stderr).toBe(0);
    expect((await show('100001')).thread.at(-1)).toMatchObject({ kind: 'note', author: 'john', title: 'Email', body: 'Checked the concentrator logs: fine.' });
    expect((await show('100001', 'karen@example.com')).thread.map((e: { kind: string }) => e.kind)).not.toContain('note');
  });

  it('a reply to a copied collaborator thread by References; the tag from a non-participant is ignored', async () => {
    const r = await ingestText(reply({
      from: 'Bob Stone <bob@partner.example.org>', id: '<bob.1@partner.example.org>', subject: 'Re: printer',
      references: '<CAF3x9+plain.0001@mail.partner.example.org>', text: 'Same here on HP-3F.',
    }), at('2026-03-02T13:20:00Z'));
    expect(r.stdout).toBe('100002\n');
    expect((await show('100002')).thread.at(-1)).toMatchObject({ kind: 'message', author: 'bob@partner.example.org', body: 'Same here on HP-3F.' });
    const stranger = await ingestText(reply({ from: 'ken@example.com', id: '<ken.9@example.com>', subject: 'Re: [#100002] printer', text: 'me too' }), at('2026-03-02T13:30:00Z'));
    expect(stranger.stdout).not.toBe('100002\n');
    expect(stranger.stderr).toMatch(/^Created ticket #\d+\n$/);
  });
});

describe('bad input: the sysexits code and nothing stored', () => {
  const bad: Array<[string, () => ReturnType<typeof ingest>, RegExp]> = [
    ['binary junk', () => ingest(fixture('junk.eml')), /not an RFC 822 message/],
    ['no headers', () => ingest(fixture('no-headers.eml')), /not an RFC 822 message/],
    ['no From', () => ingest(fixture('no-from.eml')), /no sender/],
    ['multipart without parts', () => ingest(fixture('broken-mime.eml')), /broken MIME: no part uses the boundary/],
    ['empty input', () => ingestText(''), /the message is empty/],
    ['an invalid sender address', () => ingestText('From: someone@\r\nSubject: x\r\n\r\nhi'), /not an email address/],
    ['a 20 MiB attachment', () => ingestText(bigAttachment(20 * 1024 * 1024)), /attachment 'big\.bin' is 20 MiB, over the 10 MiB limit/],
  ];
  it.each(bad)('%s → 65', async (_name, run, message) => {
    const before = dbDigest(s.db);
    const r = await run();
    expect(r.code, r.stderr).toBe(65);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^helpdesk: /);
    expect(r.stderr).toMatch(message);
    expect(dbDigest(s.db)).toBe(before);
  });

  it('a busy database → 75 so that the MTA retries', async () => {
    const lock = new Database(s.db);
    lock.exec('BEGIN IMMEDIATE');
    try {
      const r = await s.run(['mail', 'ingest', fixture('html-only.eml')], { env: { HELPDESK_NOW: '2026-03-02T14:00:00Z', HELPDESK_BUSY_TIMEOUT_MS: '200' } });
      expect(r.code, r.stderr).toBe(75);
      expect(r.stderr).toMatch(/^helpdesk: database is busy/);
      expect(r.stderr).toContain('hint: temporary failure: nothing was stored; the MTA will retry the message');
    } finally {
      lock.exec('ROLLBACK');
      lock.close();
    }
  });

  it('a missing file is a usage error', async () => {
    const r = await ingest(join(s.dir, 'nope.eml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read .*nope\.eml \(ENOENT\)/);
  });
});

describe('Maildir', () => {
  it('files new/ into cur/: good ones seen, refused ones flagged; exit 65 when any was refused', async () => {
    const dir = join(s.dir, 'Maildir');
    for (const sub of ['new', 'cur', 'tmp']) mkdirSync(join(dir, sub), { recursive: true });
    writeFileSync(join(dir, 'new', '1772445600.M1P1.host'), reply({ from: 'alex@example.com', id: '<alex.1@example.com>', subject: 'Mouse dead', text: 'Left button.' }));
    writeFileSync(join(dir, 'new', '1772445601.M2P1.host'), readFileSync(fixture('no-headers.eml')));
    writeFileSync(join(dir, 'new', '1772445602.M3P1.host'), reply({ from: 'karen@example.com', id: '<karen.reply.1@example.com>', subject: 'dup', text: 'dup' }));
    const r = await s.run(['mail', 'ingest', '--maildir', dir, '--json'], NOW);
    expect(r.code).toBe(65);
    const out = JSON.parse(r.stdout);
    expect(out.map((o: { file: string; code: number; result: { outcome: string } | null }) => [o.file, o.code, o.result?.outcome ?? null])).toEqual([
      ['1772445600.M1P1.host', 0, 'created'], ['1772445601.M2P1.host', 65, null], ['1772445602.M3P1.host', 0, 'duplicate'],
    ]);
    expect(readdirSync(join(dir, 'new'))).toEqual([]);
    expect(readdirSync(join(dir, 'cur')).sort()).toEqual(['1772445600.M1P1.host:2,S', '1772445601.M2P1.host:2,F', '1772445602.M3P1.host:2,S']);
    // Running again finds nothing to do.
    expect((await s.run(['mail', 'ingest', '--maildir', dir], NOW)).code).toBe(0);
  });
});

function bigAttachment(bytes: number): string {
  const b64 = Buffer.alloc(bytes, 0x41).toString('base64').replace(/.{76}/g, '$&\r\n');
  return [
    'From: karen@example.com', 'Subject: huge', 'Message-ID: <huge.1@example.com>', 'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="B"', '', '--B', 'Content-Type: text/plain', '', 'see attached', '--B',
    'Content-Type: application/octet-stream; name="big.bin"', 'Content-Disposition: attachment; filename="big.bin"',
    'Content-Transfer-Encoding: base64', '', b64, '--B--', '',
  ].join('\r\n');
}
