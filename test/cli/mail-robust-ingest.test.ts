/**
 * Mail that real mail clients and servers can't break (CONTRACT.md, Mail, made robust), through the
 * built binary: answers keep every word the sender wrote, HTML-only mail is readable, lenient MIME is
 * read as Python's email package reads it, and robots (bounces, auto-replies) never open, reopen or
 * get answered — they become notes, and a bounce of our own message marks it `bounced`. Every test
 * checks the stored thread, the ticket's state, the outbox and the exit code. The fixtures in
 * test/fixtures/mail/robust are written for these tests.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { dbDigest, query, sandbox, type Sandbox } from '../helpers/cli.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/mail/robust');
let s: Sandbox;
let clock = Date.parse('2026-03-02T09:00:00Z');
const next = () => ({ env: { HELPDESK_NOW: new Date((clock += 60_000)).toISOString() } });
const FROZEN = { env: { HELPDESK_NOW: '2026-03-10T00:00:00Z' } };
const show = async (n: string) => await s.runJson(['--as', 'admin', 'ticket', 'show', n], FROZEN);
const outbox = async (...args: string[]) => await s.runJson(['--as', 'admin', 'mail', 'outbox', ...args]);
const ingest = async (text: string) => await s.run(['mail', 'ingest', '-'], { ...next(), input: text });
const fixture = (name: string, vars: Record<string, string> = {}) =>
  Object.entries(vars).reduce((t, [k, v]) => t.replaceAll(`{{${k}}}`, v), readFileSync(join(FIXTURES, name), 'utf8'));
/** The newest outbox message of a ticket, of one kind. */
const ours = (n: string, kind: string) =>
  query<{ message_id: string; id: number }>(s.db, 'SELECT o.id, message_id FROM outbox o JOIN tickets t ON t.id = o.ticket_id WHERE t.number = ? AND kind = ? ORDER BY o.id DESC', n, kind)[0]!;

function mail(o: { from?: string; id: string; subject: string; text: string; headers?: string[]; inReplyTo?: string }): string {
  return [
    `From: ${o.from ?? 'Karen Jones <karen@example.com>'}`, 'To: Help Desk <help@example.com>', `Subject: ${o.subject}`,
    'Date: Mon, 2 Mar 2026 11:00:00 +0000', `Message-ID: ${o.id}`, ...(o.inReplyTo ? [`In-Reply-To: ${o.inReplyTo}`] : []),
    ...(o.headers ?? []), 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', o.text,
  ].join('\r\n');
}

/** A ticket from the web for `user`, answered by John, so that there is mail of ours to answer. */
async function answeredTicket(user: string, subject: string, question: string): Promise<string> {
  const n = (await s.run(['--as', 'john', 'ticket', 'create', '--user', user, '--subject', subject, '--body', 'x'], next())).stdout.trim();
  expect((await s.run(['--as', 'john', 'ticket', 'reply', n, '--body', question], next())).code).toBe(0);
  return n;
}

beforeAll(async () => {
  s = sandbox();
  expect((await s.run(['init', '--sample', 'lab'], next())).code).toBe(0);
  expect((await s.run(['--as', 'admin', 'config', 'set', 'mail.from', 'Help Desk <help@example.com>'])).code).toBe(0);
  expect((await s.run(['--as', 'admin', 'config', 'set', 'mail.autoresponse', 'on'])).code).toBe(0);
});
afterAll(async () => s.cleanup());

describe("the sender's words are never lost", () => {
  it('a bottom-posted answer to our question keeps the answer', async () => {
    const n = await answeredTicket('karen@example.com', 'VPN drops', 'Which client version do you run?');
    const before = await show(n);
    const queued = await outbox('--ticket', n);
    const r = await ingest(mail({
      id: '<karen.bottom.1@example.com>', inReplyTo: ours(n, 'reply').message_id, subject: `Re: VPN drops [#${n}]`,
      text: 'Hi John,\r\n\r\nOn Mon, 2 Mar 2026 at 09:02, Help Desk <help@example.com> wrote:\r\n> Which client version do you run?\r\n>\r\n> --\r\n> John\r\n\r\nVersion 5.1.4, on Windows 11.\r\n\r\nKaren',
    }));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${n}\n`);
    const t = await show(n);
    expect(t.thread).toHaveLength(before.thread.length + 1);
    expect(t.thread.at(-1)).toMatchObject({ kind: 'message', author: 'karen@example.com', body: 'Hi John,\n\nVersion 5.1.4, on Windows 11.\n\nKaren' });
    expect(t.status).toBe(before.status);
    expect(await outbox('--ticket', n)).toEqual(queued);
  });

  it('an inline-answered question list keeps every answer with its question', async () => {
    const n = await answeredTicket('ken@example.com', 'Printer', 'Could you tell us:\n1. Which floor?\n2. Which printer?');
    const r = await ingest(mail({
      from: 'Ken Ito <ken@example.com>', id: '<ken.inline.1@example.com>', inReplyTo: ours(n, 'reply').message_id, subject: `Re: Printer [#${n}]`,
      text: 'El lun, 2 mar 2026 a las 9:04, Help Desk (<help@example.com>) escribió:\r\n> Could you tell us:\r\n> 1. Which floor?\r\nThe 3rd.\r\n> 2. Which printer?\r\nHP-3F by the window.\r\n',
    }));
    expect(r.code, r.stderr).toBe(0);
    expect((await show(n)).thread.at(-1)).toMatchObject({
      kind: 'message', author: 'ken@example.com',
      body: '> Could you tell us:\n> 1. Which floor?\nThe 3rd.\n> 2. Which printer?\nHP-3F by the window.',
    });
  });

  it.each([
    ['Outlook (French) header block', 'Toujours en panne.\r\n\r\n________________________________\r\nDe : Help Desk <help@example.com>\r\nEnvoyé : lundi 2 mars 2026 09:30\r\nÀ : Karen Jones\r\nObjet : RE: VPN\r\n\r\nQuelle version ?', 'Toujours en panne.'],
    ['Outlook bold header block', 'Still broken.\r\n\r\n*From:* Help Desk <help@example.com>\r\n*Sent:* Monday, March 2, 2026 9:30 AM\r\n*To:* Karen Jones\r\n*Subject:* RE: VPN\r\n\r\nWhich version?', 'Still broken.'],
    ['-----Original Message-----', 'See the log below.\r\n\r\n-----Original Message-----\r\nFrom: Help Desk\r\nWhich version?', 'See the log below.'],
    ['Polish attribution (ends in ł)', 'Działa, dzięki.\r\n\r\nW dniu 2.03.2026 o 09:30, Help Desk napisał:\r\n> Która wersja?', 'Działa, dzięki.'],
    ['"Sent from my …" in a sentence stays', 'Sent from my desk, is much easier than from home.\r\nThanks', 'Sent from my desk, is much easier than from home.\nThanks'],
    ['"Sent from my iPhone" as the last line goes', 'Rebooted, fine now.\r\n\r\nSent from my iPhone', 'Rebooted, fine now.'],
  ])('%s', async (_name, text, body) => {
    const n = await answeredTicket('karen@example.com', 'VPN', 'Which version?');
    const r = await ingest(mail({ id: `<karen.${clock}@example.com>`, inReplyTo: ours(n, 'reply').message_id, subject: 'RE: VPN', text }));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${n}\n`);
    expect((await show(n)).thread.at(-1)).toMatchObject({ kind: 'message', body });
  });
});

describe('HTML-only and lenient MIME', () => {
  it('HTML inside multipart/related with an inline image is readable; the image is kept', async () => {
    const r = await s.run(['mail', 'ingest', join(FIXTURES, 'html-related.eml')], next());
    expect(r.code, r.stderr).toBe(0);
    const t = await show(r.stdout.trim());
    expect(t).toMatchObject({ subject: 'Error on the second monitor', source: 'email', status: 'open', user: { email: 'dana.reyes@example.com' } });
    expect(t.thread).toEqual([expect.objectContaining({
      kind: 'message',
      body: 'Hello,\n\nSince this morning the second monitor shows the error below and then goes black:\n\nIt is the Dell P2422H on desk 14 & it worked on Friday.\n\nThanks,\nDana',
    })]);
    expect(t.attachments).toEqual([expect.objectContaining({ name: 'screenshot.png', type: 'image/png' })]);
    expect((await outbox('--ticket', t.number)).map((m: { kind: string }) => m.kind)).toEqual(['autoresponse']);
  });

  it.each([
    ['a missing blank line after the headers', 'no-blank-line.eml', 'Phone on desk 7 is dead', 'The phone on desk 7 shows no dial tone since the power cut.\nSam'],
    // As Python's email package: the line that is not a header starts the body (the rest is kept there).
    ['a broken header continuation', 'broken-continuation.eml', 'Shared drive S: is read-only for the finance',
      'team since Friday\nMessage-ID: <broken-cont.0052@example.com>\nContent-Type: text/plain; charset=utf-8\n\nNobody in finance can save to S: anymore.\nLea'],
    ['a missing closing MIME boundary', 'unclosed-boundary.eml', 'Scanner log', 'The scanner on floor 2 jams; the log is attached.\nOmar'],
  ])('%s is read, not refused', async (_name, file, subject, body) => {
    const r = await s.run(['mail', 'ingest', join(FIXTURES, file)], next());
    expect(r.code, r.stderr).toBe(0);
    const t = await show(r.stdout.trim());
    expect(t).toMatchObject({ subject, status: 'open', source: 'email' });
    expect(t.thread.map((e: { body: string }) => e.body)).toEqual([body]);
    expect(await outbox('--ticket', t.number)).toHaveLength(1);
    // The original is kept byte for byte.
    const [m] = await s.runJson(['--as', 'admin', 'mail', 'inbound', '--ticket', t.number]);
    expect((await s.run(['--as', 'admin', 'mail', 'original', String(m.id)])).stdout).toBe(readFileSync(join(FIXTURES, file), 'utf8'));
  });

  it('the closing boundary missing keeps the last part too', async () => {
    const n = query<{ number: string }>(s.db, "SELECT number FROM tickets WHERE subject = 'Scanner log'")[0]!.number;
    expect((await show(n)).attachments).toEqual([expect.objectContaining({ name: 'scan.log', size: 'E042 paper jam at tray 2\n'.length })]);
  });

  it('ticket attachment --out onto an existing file is a conflict (exit 5) unless --force', async () => {
    const n = query<{ number: string }>(s.db, "SELECT number FROM tickets WHERE subject = 'Scanner log'")[0]!.number;
    const out = join(s.dir, 'scan.log');
    writeFileSync(out, 'mine\n');
    const r = await s.run(['--as', 'john', 'ticket', 'attachment', n, 'scan.log', '--out', out]);
    expect(r.code).toBe(5);
    expect(r.stderr).toBe(`helpdesk: ${out} already exists\nhint: pass --force to replace it, or pick another file\n`);
    expect(readFileSync(out, 'utf8')).toBe('mine\n');
    const forced = await s.run(['--as', 'john', 'ticket', 'attachment', n, 'scan.log', '--out', out, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('E042 paper jam at tray 2\n');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readdirSync(s.dir).filter((f) => f.includes('.helpdesk-'))).toEqual([]);
  });
});

/** Headers that mark a robot, each alone on an otherwise ordinary message. */
const ROBOTS: Array<[string, string[], string?]> = [
  ['Auto-Submitted: auto-replied', ['Auto-Submitted: auto-replied']],
  ['Auto-Submitted: auto-generated', ['Auto-Submitted: auto-generated']],
  ['X-Autoreply', ['X-Autoreply: yes']],
  ['X-Autorespond', ['X-Autorespond: Vacation']],
  ['X-Auto-Response-Suppress', ['X-Auto-Response-Suppress: All']],
  ['X-Auto-Response-Suppress: OOF', ['X-Auto-Response-Suppress: DR, OOF, AutoReply']],
  ['X-Autoresponse', ['X-Autoresponse: yes']],
  ['X-AutoReply-From', ['X-AutoReply-From: karen@example.com']],
  ['X-Autogenerated: Reply', ['X-Autogenerated: Reply']],
  ['X-AMAZON-MAIL-RELAY-TYPE: notification', ['X-AMAZON-MAIL-RELAY-TYPE: notification']],
  ['X-Mail-Autoreply', ['X-Mail-Autoreply: yes']],
  ['Precedence: bulk', ['Precedence: bulk']],
  ['Precedence: junk', ['Precedence: junk']],
  ['Precedence: list', ['Precedence: list']],
  ['Precedence: auto_reply', ['Precedence: auto_reply']],
  ['X-Precedence: bulk', ['X-Precedence: bulk']],
  ['X-Failed-Recipients', ['X-Failed-Recipients: ken@example.com']],
  ['Return-Path: <>', ['Return-Path: <>']],
  ['From MAILER-DAEMON', [], 'Mail Delivery Subsystem <MAILER-DAEMON@mx.example.net>'],
  ['From postmaster', [], 'postmaster@mx.example.net'],
  ['a DSN content type', ['Content-Type: multipart/report; report-type=delivery-status; boundary="r"']],
];
/** The body of a minimal delivery status notification, for the DSN content type alone. */
const DSN_BODY = '--r\r\nContent-Type: text/plain\r\n\r\nI am away.\r\n--r\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.net\r\n\r\nFinal-Recipient: rfc822; nobody@example.net\r\nAction: failed\r\nStatus: 5.1.1\r\n--r--';

describe('robots never open, reopen or get answered', () => {
  it.each(ROBOTS)('%s answering no ticket: exit 0, nothing stored, nothing queued', async (name, headers, from) => {
    const before = dbDigest(s.db);
    const type = headers.find((h) => h.startsWith('Content-Type'));
    const text = mail({ from, id: `<robot.new.${clock}@example.net>`, subject: 'Out of the office', text: type ? DSN_BODY : 'I am away.', headers: headers.filter((h) => h !== type) });
    const r = await ingest(type ? text.replace('Content-Type: text/plain; charset=utf-8', type) : text);
    expect(r.code, `${name}: ${r.stderr}`).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Ignored: an? (automatic reply|bounce|delivery notice).* that answers no ticket: no ticket opened\n$/);
    expect(dbDigest(s.db)).toBe(before);
  });

  it.each(ROBOTS.filter(([name]) => name !== 'a DSN content type'))('%s answering a resolved ticket: a note, still resolved, no mail', async (name, headers, from) => {
    const n = await answeredTicket('karen@example.com', `Robot ${name}`, 'Fixed, please check.');
    expect((await s.run(['--as', 'john', 'ticket', 'status', n, 'resolved'], next())).code).toBe(0);
    const before = await show(n);
    const queued = (await outbox('--ticket', n)).length;
    const r = await ingest(mail({ from, id: `<robot.${clock}@example.net>`, inReplyTo: ours(n, 'resolved').message_id, subject: `Re: Robot [#${n}]`, text: 'I am away.', headers }));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${n}\n`);
    const t = await show(n);
    expect(t).toMatchObject({ status: 'resolved', reopened_count: before.reopened_count, resolved_at: before.resolved_at });
    expect(t.thread).toHaveLength(before.thread.length + 1);
    expect(t.thread.at(-1)).toMatchObject({ kind: 'note' });
    expect(t.thread.at(-1).body).toMatch(/(^|\n\n)I am away\.$/);
    expect(t.events.filter((e: { type: string }) => e.type === 'reopened')).toEqual([]);
    expect(await outbox('--ticket', n)).toHaveLength(queued);
    // X-Failed-Recipients on an answer to our notice says that notice bounced.
    const status = (await outbox('--ticket', n)).find((m: { id: number }) => m.id === ours(n, 'resolved').id).status;
    expect(status).toBe(name === 'X-Failed-Recipients' ? 'bounced' : 'pending');
  });

  it('an out-of-office known only by its subject answering our mail: a note', async () => {
    const n = await answeredTicket('karen@example.com', 'Subject robot', 'Fixed, please check.');
    const r = await ingest(mail({ id: `<robot.subject.${clock}@example.com>`, inReplyTo: ours(n, 'reply').message_id, subject: `Automatic reply: Re: Subject robot [#${n}]`, text: 'Away today.' }));
    expect(r.code, r.stderr).toBe(0);
    expect((await show(n)).thread.at(-1)).toMatchObject({ kind: 'note', title: 'Automatic reply', body: 'Away today.' });
  });

  it("a person's mail with Auto-Submitted: no, Precedence: normal and X-Auto-Response-Suppress: RN, NRN is a person's", async () => {
    const r = await ingest(mail({
      from: 'Tom Berg <tom@example.com>', id: '<tom.1@example.com>', subject: 'Laptop fan is loud', text: 'Since the update.',
      headers: ['Auto-Submitted: no', 'Precedence: normal', 'X-Auto-Response-Suppress: RN, NRN'],
    }));
    expect(r.code, r.stderr).toBe(0);
    const t = await show(r.stdout.trim());
    expect(t).toMatchObject({ subject: 'Laptop fan is loud', status: 'open', source: 'email' });
    expect(t.thread.map((e: { kind: string }) => e.kind)).toEqual(['message']);
    expect((await outbox('--ticket', t.number)).map((m: { kind: string }) => m.kind)).toEqual(['autoresponse']);
  });

  it("an Exchange out-of-office to our resolution notice: a note on the ticket, which stays resolved", async () => {
    const n = await answeredTicket('karen@example.com', 'VPN drops', 'Please update the client.');
    expect((await s.run(['--as', 'john', 'ticket', 'status', n, 'resolved'], next())).code).toBe(0);
    const before = await show(n);
    const queued = await outbox('--ticket', n);
    const r = await ingest(fixture('out-of-office-exchange.eml', { TICKET: n, OUR_ID: ours(n, 'resolved').message_id }));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(`Added to #${n} as an internal note: an automatic reply (Auto-Submitted: auto-generated): the ticket left as it was\n`);
    const t = await show(n);
    expect(t).toMatchObject({ status: 'resolved', resolved_at: before.resolved_at, reopened_count: before.reopened_count });
    expect(t.thread.at(-1)).toMatchObject({
      kind: 'note', title: 'Automatic reply', author: 'karen@example.com',
      body: 'Thank you for your message. I am out of the office until Monday 9 March with no access to e-mail.\n\nFor urgent matters please contact the front desk on extension 2200.\n\nKaren',
    });
    // End users never see notes; no auto-response went back to the robot.
    expect((await s.runJson(['--as', 'karen@example.com', 'ticket', 'show', n], FROZEN)).thread).toHaveLength(before.thread.length);
    expect(await outbox('--ticket', n)).toEqual(queued);
  });

  it('a DSN of our own message marks it bounced with the reason and notes the ticket', async () => {
    const n = await answeredTicket('ken@partner.example.org', 'Badge reader at door 3', 'Does your badge work at door 2?');
    const reply = ours(n, 'reply');
    const before = await show(n);
    const queued = await outbox('--ticket', n);
    const r = await s.run(['mail', 'ingest', '-', '--json'], { ...next(), input: fixture('dsn-postfix.eml', { TICKET: n, OUR_ID: reply.message_id }) });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: 'note', ticket: n, reopened: false });
    const m = (await outbox('--status', 'bounced')).find((x: { id: number }) => x.id === reply.id);
    expect(m).toMatchObject({ id: reply.id, ticket: n, status: 'bounced', to: 'ken@partner.example.org' });
    expect(m.last_error).toBe('bounced: ken@partner.example.org: 550 5.1.1 <ken@partner.example.org>: Recipient address rejected: User unknown in virtual mailbox table');
    expect((await s.run(['--as', 'admin', 'mail', 'outbox', '--status', 'bounced'])).stdout).toMatch(/\tbounced\t\d+\t.*\tbounced: ken@partner\.example\.org: 550 5\.1\.1/);
    const t = await show(n);
    expect(t.status).toBe(before.status);
    expect(t.thread.at(-1)).toMatchObject({ kind: 'note', title: 'Bounce' });
    expect(t.thread.at(-1).body).toMatch(new RegExp(`^Our mail to ken@partner\\.example\\.org \\("Re: Badge reader at door 3 \\[#${n}\\]", ${reply.message_id.replace(/[.+]/g, '\\$&')}\\) bounced: ken@partner\\.example\\.org: 550 5\\.1\\.1`));
    expect(t.thread.at(-1).body).toContain('I\'m sorry to have to inform you that your message could not');
    // The bounce is never answered, and a bounced message is not sent again.
    expect(await outbox('--ticket', n)).toEqual(queued.map((x: { id: number }) => (x.id === reply.id ? m : x)));
    expect(query(s.db, "SELECT count(*) AS n FROM users WHERE email = 'mailer-daemon@mx1.partner.example.org'")[0].n).toBe(1);
  });

  it('a bounce with no sender address at all is still filed on the ticket it names, never refused', async () => {
    const n = await answeredTicket('alex@example.com', 'Docking station', 'Which model is it?');
    const reply = ours(n, 'reply');
    const dsn = [
      'From: Mail Delivery System <>', 'Return-Path: <>', 'To: help@example.com', 'Subject: Delivery Status Notification (Failure)',
      'Message-ID: <dsn.nosender.1@mx.example.net>', 'MIME-Version: 1.0', 'Content-Type: multipart/report; report-type=delivery-status; boundary="b"', '',
      '--b', 'Content-Type: text/plain', '', 'Your message could not be delivered.', '--b', 'Content-Type: message/delivery-status', '',
      'Reporting-MTA: dns; mx.example.net', '', 'Final-Recipient: rfc822; alex@example.com', 'Action: failed', 'Status: 5.2.2',
      'Diagnostic-Code: smtp; 552 5.2.2 mailbox full', '--b', 'Content-Type: text/rfc822-headers', '', `Message-ID: ${reply.message_id}`, 'Subject: Re: Docking station', '--b--', '',
    ].join('\r\n');
    const before = await show(n);
    const r = await ingest(dsn);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${n}\n`);
    const m = (await outbox('--ticket', n)).find((x: { id: number }) => x.id === reply.id);
    expect(m).toMatchObject({ status: 'bounced', last_error: 'bounced: alex@example.com: 552 5.2.2 mailbox full' });
    const t = await show(n);
    expect(t.status).toBe(before.status);
    expect(t.thread.at(-1)).toMatchObject({ kind: 'note', title: 'Bounce', author: 'alex@example.com' });
  });
});
