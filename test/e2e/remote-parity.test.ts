/**
 * The verbs that used to be refused on a server (attachments, merge, link, cc, config, SLA
 * plans, schedules, the organisation's corrections, the mail queue's details, templates, canned
 * responses) give the same stdout, stderr and exit code through `helpdesk serve` as locally.
 *
 * Two copies of one desk: `local` works on its file, `remote` is served and reached with each
 * agent's own token. Every command runs on both, in the same order, and must answer alike.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandbox, type Result, type Sandbox } from '../helpers/cli.js';
import { api, serve, type Served } from '../helpers/server.js';

const T0 = '2026-03-02T09:00:00Z';
const ICS = join(import.meta.dirname, '../fixtures/ics/us-holidays.ics');
let local: Sandbox;
let remote: Sandbox;
let srv: Served;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  local = sandbox();
  expect(local.hd(['init', '--sample', 'lab'], { env: { HELPDESK_NOW: T0 } }).code).toBe(0);
  for (const who of ['admin', 'john']) {
    const r = local.hd(['--as', 'admin', 'token', 'create', '--agent', who], { env: { HELPDESK_NOW: T0 } });
    expect(r.code, r.stderr).toBe(0);
    tokens[who] = r.stdout.trim();
  }
  const mail = ['From: Karen Jones <karen@example.com>', 'To: help@example.com', 'Subject: Printer on fire', 'Message-ID: <fire@example.com>', '', 'It smokes.'].join('\r\n');
  expect(local.hd(['mail', 'ingest', '-'], { env: { HELPDESK_NOW: T0 }, input: mail }).code).toBe(0);
  // The portal's address is recorded before the copy: serve records its own only where none is.
  expect(local.hd(['--as', 'admin', 'config', 'set', 'portal.url', 'https://desk.example.com'], { env: { HELPDESK_NOW: T0 } }).code).toBe(0);
  remote = sandbox();
  // A copy through SQLite (the write-ahead log a command leaves is part of the database).
  expect(local.hd(['--as', 'admin', 'backup', remote.db], { env: { HELPDESK_NOW: T0 } }).code).toBe(0);
  srv = await serve(remote, [], { HELPDESK_NOW: T0 });
});
afterAll(async () => {
  await srv?.stop();
  local?.cleanup();
  remote?.cleanup();
});

/** Message-IDs are random on each desk (a UUID each): the one thing allowed to differ. */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const masked = (r: Result) => ({ code: r.code, stdout: r.stdout.replace(UUID, '<uuid>'), stderr: r.stderr.replace(UUID, '<uuid>') });

/** The command on both desks; both answers, the remote one checked equal to the local one. */
function both(who: string, args: string[], o: { input?: string; now?: string } = {}): Result {
  const now = o.now ?? T0;
  const here = local.hd(['--as', who, ...args], { env: { HELPDESK_NOW: now }, input: o.input });
  const there = remote.hd(args, { env: { HELPDESK_DB: '', HELPDESK_URL: srv.url, HELPDESK_TOKEN: tokens[who]!, HELPDESK_NOW: now }, input: o.input });
  expect(masked(there), `helpdesk ${args.join(' ')}`).toEqual(masked(here));
  return here;
}

const ok = (who: string, args: string[], o?: { input?: string; now?: string }) => {
  const r = both(who, args, o);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
};

describe('tickets: attachments, merge, link, cc, the SLA ledger', () => {
  let n1: string;
  let n2: string;
  it('--attach on create, reply and note; ticket attachment gives the bytes back', () => {
    const file = join(local.dir, 'notes.txt');
    writeFileSync(file, 'line one\nline two\n');
    copyFileSync(file, join(remote.dir, 'notes.txt'));
    // The same relative path on both sides: each run reads its own copy.
    const rel = (s: Sandbox) => join(s.dir, 'notes.txt');
    const here = local.hd(['--as', 'john', 'ticket', 'create', '--user', 'karen@example.com', '--subject', 'Logs', '--body', 'see file', '--attach', rel(local), '--json'], { env: { HELPDESK_NOW: T0 } });
    const there = remote.hd(['ticket', 'create', '--user', 'karen@example.com', '--subject', 'Logs', '--body', 'see file', '--attach', rel(remote), '--json'],
      { env: { HELPDESK_DB: '', HELPDESK_URL: srv.url, HELPDESK_TOKEN: tokens.john!, HELPDESK_NOW: T0 } });
    expect(there.code, there.stderr).toBe(0);
    expect(there.stdout).toBe(here.stdout);
    n1 = JSON.parse(here.stdout).number as string;
    expect(here.stdout).toContain('"notes.txt"');
    expect(ok('john', ['ticket', 'attachment', n1, 'notes.txt'])).toBe('line one\nline two\n');
    for (const s of [local, remote]) writeFileSync(join(s.dir, 'shot.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]));
    const reply = (s: Sandbox) => ['ticket', 'reply', n1, '--body', 'a picture', '--attach', join(s.dir, 'shot.png'), '--json'];
    const a = local.hd(['--as', 'john', ...reply(local)], { env: { HELPDESK_NOW: T0 } });
    const b = remote.hd(reply(remote), { env: { HELPDESK_DB: '', HELPDESK_URL: srv.url, HELPDESK_TOKEN: tokens.john!, HELPDESK_NOW: T0 } });
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    // Binary bytes survive the trip exactly (piped: the raw bytes).
    const bytes = remote.hd(['ticket', 'attachment', n1, 'shot.png'], { env: { HELPDESK_DB: '', HELPDESK_URL: srv.url, HELPDESK_TOKEN: tokens.john!, HELPDESK_NOW: T0 } });
    expect(bytes.code, bytes.stderr).toBe(0);
    expect(Buffer.from(bytes.stdout, 'latin1').length).toBeGreaterThan(0);
    const out = join(remote.dir, 'got.png');
    expect(remote.hd(['ticket', 'attachment', n1, 'shot.png', '--out', out], { env: { HELPDESK_DB: '', HELPDESK_URL: srv.url, HELPDESK_TOKEN: tokens.john!, HELPDESK_NOW: T0 } }).code).toBe(0);
    expect(readFileSync(out)).toEqual(readFileSync(join(remote.dir, 'shot.png')));
    both('john', ['ticket', 'note', n1, '--body', 'missing file', '--attach', '/nonexistent/file.log']);
    both('john', ['ticket', 'attachment', n1, 'nothing.bin']);
  });

  it('an attachment over mail.attachment_limit is refused alike, before it is sent', () => {
    ok('admin', ['config', 'set', 'mail.attachment_limit', '1K']);
    for (const s of [local, remote]) writeFileSync(join(s.dir, 'big.log'), 'x'.repeat(4096));
    const args = (s: Sandbox) => ['ticket', 'note', n1, '--body', 'big', '--attach', join(s.dir, 'big.log')];
    const a = local.hd(['--as', 'john', ...args(local)], { env: { HELPDESK_NOW: T0 } });
    const b = remote.hd(args(remote), { env: { HELPDESK_DB: '', HELPDESK_URL: srv.url, HELPDESK_TOKEN: tokens.john!, HELPDESK_NOW: T0 } });
    expect(a.code).toBe(2);
    expect(b.code).toBe(2);
    expect(b.stderr.replace(remote.dir, 'DIR')).toBe(a.stderr.replace(local.dir, 'DIR'));
    ok('admin', ['config', 'unset', 'mail.attachment_limit']);
  });

  it('an admin acting as an end user (--as) is told what the end user is told locally', () => {
    const env = { HELPDESK_NOW: T0 };
    const args = ['--as', 'karen@example.com', 'ticket', 'reply', n1, '--body', 'Any news?'];
    const here = local.hd(args, { env });
    const there = remote.hd(args, { env: { ...env, HELPDESK_DB: '', HELPDESK_URL: srv.url, HELPDESK_TOKEN: tokens.admin! } });
    expect(here.code, here.stderr).toBe(0);
    expect(there).toEqual(here);
    expect(here.stderr).not.toMatch(/due in|Default SLA/);
  });

  // reply --send runs on the server now (the server delivers at once): test/e2e/remote-mail.test.ts.

  it('link, unlink, cc, merge and sla-explain', () => {
    n2 = ok('john', ['ticket', 'create', '--user', 'karen@example.com', '--subject', 'Also logs', '--body', 'same']).trim();
    ok('john', ['ticket', 'link', n1, n2, '--type', 'duplicates']);
    ok('john', ['ticket', 'show', n1, '--json']);
    ok('john', ['ticket', 'unlink', n1, n2]);
    both('john', ['ticket', 'link', n1, '999999']);
    ok('john', ['ticket', 'cc', n1, 'add', 'ken@example.com', '--json']);
    ok('john', ['ticket', 'cc', n1, 'remove', 'ken@example.com']);
    ok('john', ['ticket', 'sla-explain', n1]);
    ok('john', ['ticket', 'sla-explain', n1, '--json']);
    ok('john', ['ticket', 'merge', n1, n2, '--json']);
    both('john', ['ticket', 'merge', n1, n2]);
  });
});

describe('settings, SLA plans and schedules', () => {
  it('config list/get/set/unset; a non-admin is refused alike', () => {
    ok('admin', ['config', 'set', 'mail.from', 'Help <help@example.com>']);
    ok('john', ['config', 'get', 'mail.from']);
    ok('john', ['config', 'get', 'mail.from', '--json']);
    ok('john', ['config', 'list']);
    expect(both('john', ['config', 'set', 'mail.from', 'x@example.com']).code).toBe(4);
    expect(both('admin', ['config', 'get', 'no.such.key']).code).toBe(2);
    ok('admin', ['config', 'unset', 'mail.from', '--json']);
  });

  it('sla add/edit/simulate and schedule add/list/edit/holiday/remove', () => {
    ok('admin', ['schedule', 'add', 'Evenings', '--hours', 'mon-fri 18:00-22:00', '--timezone', 'Europe/Paris']);
    ok('admin', ['schedule', 'holiday', 'add', 'Evenings', '2026-12-25', '12-31']);
    ok('admin', ['schedule', 'holiday', 'remove', 'Evenings', '12-31']);
    ok('admin', ['schedule', 'holiday', 'import', 'Evenings', ICS]);
    ok('admin', ['schedule', 'holiday', 'import', 'Evenings', '-', '--json'], { input: readFileSync(ICS, 'utf8') });
    ok('admin', ['sla', 'add', 'Night-Owl', '--hours', '4', '--first-response', '1', '--schedule', 'Evenings', '--pause-awaiting']);
    ok('admin', ['sla', 'edit', 'Night-Owl', '--hours', '6', '--json']);
    expect(both('john', ['sla', 'add', 'Mine', '--hours', '2']).code).toBe(4);
    expect(both('admin', ['sla', 'add', 'Night-Owl', '--hours', '2']).code).toBe(5);
    ok('john', ['sla', 'simulate', '--plan', 'Night-Owl', '--since', '30d']);
    ok('john', ['sla', 'simulate', '--plan', 'Night-Owl', '--json']);
    ok('john', ['schedule', 'list']);
    ok('admin', ['schedule', 'edit', 'Evenings', '--hours', 'mon-fri 17:00-22:00']);
    expect(both('admin', ['schedule', 'remove', 'Evenings']).code).toBe(5);
    ok('admin', ['schedule', 'add', 'Spare', '--hours', 'sat 10:00-12:00']);
    ok('admin', ['schedule', 'remove', 'Spare', '--json']);
  });

  it('sla check and automate run: on the server for an admin token; an agent is refused there', () => {
    const later = '2026-03-09T09:00:00Z';
    ok('admin', ['automate', 'run', '--dry-run'], { now: later });
    ok('admin', ['sla', 'check', '--json'], { now: later });
    ok('admin', ['sla', 'check'], { now: later });
    ok('admin', ['automate', 'run', '--json'], { now: later });
    const r = remote.hd(['sla', 'check'], { env: { HELPDESK_DB: '', HELPDESK_URL: srv.url, HELPDESK_TOKEN: tokens.john!, HELPDESK_NOW: later } });
    expect(r.code).toBe(4);
    expect(r.stderr).toBe('helpdesk: access denied: only admins may run the SLA check\nhint: ask an admin, or act as one with --as <admin>\n');
  });
});

describe('the organisation and the mail queue', () => {
  it('user edit, dept edit/remove, topic edit, agent access', () => {
    ok('admin', ['user', 'edit', 'karen@example.com', '--name', 'Karen J. Jones']);
    ok('admin', ['dept', 'add', 'Lab']);
    ok('admin', ['dept', 'edit', 'Lab', '--sla', 'Night-Owl', '--auto-assign', 'round-robin', '--json']);
    ok('admin', ['dept', 'edit', 'Lab', '--no-sla', '--auto-assign', 'off']);
    ok('admin', ['agent', 'access', 'john', '--dept', 'Lab', '--role', 'View Only']);
    ok('admin', ['agent', 'access', 'john', '--dept', 'Lab', '--remove', '--json']);
    expect(both('john', ['agent', 'access', 'jane', '--dept', 'Lab', '--role', 'View Only']).code).toBe(4);
    ok('admin', ['dept', 'remove', 'Lab']);
    const topic = JSON.parse(ok('john', ['topic', 'list', '--json']))[0].name as string;
    ok('admin', ['topic', 'edit', topic, '--priority', 'high']);
    expect(both('john', ['user', 'edit', 'karen@example.com', '--name', 'K']).code).toBe(4);
  });

  it('mail show/retry/inbound/original, templates and canned responses', () => {
    ok('admin', ['config', 'set', 'mail.from', 'help@example.com']);
    const n = ok('john', ['ticket', 'create', '--user', 'karen@example.com', '--subject', 'Mail me', '--body', 'please']).trim();
    ok('john', ['ticket', 'reply', n, '--body', 'Here you are.']);
    ok('admin', ['mail', 'outbox']);
    const first = JSON.parse(ok('admin', ['mail', 'outbox', '--json']))[0].id as number;
    ok('admin', ['mail', 'show', String(first)]);
    ok('admin', ['mail', 'show', String(first), '--json']);
    expect(both('john', ['mail', 'show', '99999']).code).toBe(3);
    ok('admin', ['mail', 'retry', '--failed', '--json']);
    ok('admin', ['mail', 'inbound']);
    const inbound = JSON.parse(ok('admin', ['mail', 'inbound', '--json']))[0].id as number;
    expect(ok('admin', ['mail', 'original', String(inbound)])).toContain('Subject: Printer on fire');
    ok('john', ['mail', 'template', 'list']);
    ok('john', ['mail', 'template', 'show', 'reply']);
    ok('admin', ['mail', 'template', 'set', 'reply', '--body', 'Hello %{user.name},\n%{message}\n']);
    ok('admin', ['mail', 'template', 'reset', 'reply', '--json']);
    ok('admin', ['canned', 'add', 'Thanks', '--body', 'Thank you, %{user.name}.']);
    ok('john', ['canned', 'list']);
    ok('john', ['canned', 'show', 'Thanks']);
    ok('admin', ['canned', 'add', 'Thanks', '--body-file', '-', '--replace', '--json'], { input: 'Many thanks.\n' });
    expect(both('john', ['canned', 'remove', 'Thanks']).code).toBe(4);
    ok('admin', ['canned', 'remove', 'Thanks']);
  });

  it('the two desks end alike (what the server wrote is what the local desk wrote)', () => {
    expect(ok('admin', ['ticket', 'list', '--queue', 'all', '--json'])).toBe(local.hd(['--as', 'admin', 'ticket', 'list', '--queue', 'all', '--json'], { env: { HELPDESK_NOW: T0 } }).stdout);
  });
});

describe('over HTTP', () => {
  it('attachments travel as base64 in JSON: POST /api/v1/tickets with files, GET an attachment back', async () => {
    const content = Buffer.from('hello over http\n');
    const made = await api(srv.url, '/api/v1/tickets', { token: tokens.john, body: { subject: 'Via API', body: 'b', user: 'karen@example.com', files: [{ filename: 'a.txt', contentType: 'text/plain', content: content.toString('base64') }] } });
    expect(made.status, made.text).toBe(201);
    const got = await api(srv.url, `/api/v1/tickets/${made.json.number}/attachments/a.txt`, { token: tokens.john });
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject({ name: 'a.txt', type: 'text/plain', content: content.toString('base64') });
    const bad = await api(srv.url, '/api/v1/tickets', { token: tokens.john, body: { subject: 's', body: 'b', user: 'karen@example.com', files: [{ filename: 'a', contentType: 'text/plain', content: 'not base64!' }] } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toBe("invalid request: 'content' must be base64");
  });

  it('admin-only verbs check the token: an agent is 403 however the request is phrased', async () => {
    const r = await api(srv.url, '/api/v1/config/mail.from', { token: tokens.john, body: { value: 'x@example.com' } });
    expect(r.status).toBe(403);
    const as = await api(srv.url, '/api/v1/call/config.set', { token: tokens.john, body: { key: 'mail.from', value: 'x@example.com' }, headers: { 'x-helpdesk-as': 'admin' } });
    expect(as.status).toBe(403);
  });
});
