/**
 * The portal under attack, through a real `helpdesk serve` — markup in what people wrote,
 * forged forms, expired and altered links, another user's ticket through a valid session, and
 * enumerating "check a ticket".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../helpers/cli.js';
import { Visitor, mailedLink } from '../../helpers/portal.js';
import { serve, type Served } from '../../helpers/server.js';
import { KAREN, KEN, T0, at, create, labSandbox } from '../contract/support.js';

const SCRIPT = '<script>alert("x")</script>';
const IMG = '"><img src=x onerror=alert(1)>';
let s: Sandbox;
let srv: Served;
let kens: string;

/** A visitor whose requests happen at `now` (the server runs on a frozen clock). */
const visitor = (now = T0) => new Visitor(srv.url, { 'x-helpdesk-now': now });

async function openTicket(v: Visitor, fields: Record<string, string>) {
  const csrf = await v.csrf('/new');
  return v.postMultipart('/new', { name: 'Karen Jones', email: KAREN, topic: '', subject: 's', message: 'm', ...fields }, [], csrf);
}

async function signIn(v: Visitor, email: string, number: string): Promise<void> {
  const r = await v.post('/check', { email, number }, await v.csrf('/check'));
  expect(r.status).toBe(200);
  const link = new URL(mailedLink(s, email, 'access', { HELPDESK_NOW: v.headers['x-helpdesk-now']! }));
  const a = await v.get(link.pathname + link.search);
  expect(a.status).toBe(303);
  expect(a.location).toBe('/tickets');
}

beforeAll(async () => {
  s = labSandbox();
  kens = create(s, KEN, ['--subject', 'KEN-PRIVATE-SUBJECT', '--body', 'KEN-PRIVATE-BODY']);
  srv = await serve(s, [], { HELPDESK_NOW: T0 });
});
afterAll(async () => {
  await srv?.stop();
  s?.cleanup();
});

describe('what people wrote is never markup', () => {
  it('a subject and body of <script> and "><img onerror> are shown as text, and no page carries a script', async () => {
    const v = visitor();
    const made = await openTicket(v, { subject: SCRIPT, message: IMG, name: `Karen ${IMG}` });
    expect(made.status).toBe(201);
    const number = /Ticket #(\d{6}) created/.exec(made.text)![1]!;
    await signIn(v, KAREN, number);
    for (const path of ['/tickets', `/tickets/${number}`]) {
      const page = await v.get(path);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('<script');
      expect(page.text).not.toContain('<img');
      expect(page.text).not.toMatch(/<[^>]*\sonerror\s*=/i);
      expect(page.headers.get('content-security-policy')).toMatch(/script-src 'none'/);
      expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    }
    const page = await v.get(`/tickets/${number}`);
    expect(page.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(page.text).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('forms need their CSRF token', () => {
  it('a forged form without the token, or with another visitor\'s token, is 403 and changes nothing', async () => {
    const before = s.json(['--as', 'admin', 'ticket', 'list', '--queue', 'all', '--json'], at(T0)).length;
    const forger = visitor();
    expect((await forger.postMultipart('/new', { name: 'X', email: 'x@example.com', subject: 'forged', message: 'forged' }, [], null)).status).toBe(403);
    const other = visitor();
    const theirs = await other.csrf('/new');
    await forger.get('/new'); // the forger has a CSRF cookie of their own, but not the token that goes with it
    expect((await forger.post('/check', { email: KAREN, number: kens }, theirs)).status).toBe(403);
    expect((await forger.post('/check', { email: KAREN, number: kens }, 'x'.repeat(43))).status).toBe(403);
    expect(s.json(['--as', 'admin', 'ticket', 'list', '--queue', 'all', '--json'], at(T0)).length).toBe(before);
  });

  it('cookies are HttpOnly and SameSite=Lax (Secure is covered with an https public URL)', async () => {
    const page = await visitor().get('/new');
    const set = page.headers.getSetCookie().join('\n');
    expect(set).toMatch(/hd_csrf=[\w-]+; Path=\/; HttpOnly; SameSite=Lax/);
    expect(set).not.toMatch(/Secure/);
  });
});

describe('attachments', () => {
  it('a file over mail.attachment_limit is refused with the limit named, and nothing is created', async () => {
    expect(s.hd(['--as', 'admin', 'config', 'set', 'mail.attachment_limit', '1K'], at(T0)).code).toBe(0);
    try {
      const before = (s.json(['--as', 'admin', 'ticket', 'list', '--queue', 'all', '--json'], at(T0)) as any[]).length;
      const v = visitor('2026-03-02T14:00:00Z');
      const r = await v.postMultipart('/new', { name: 'Karen Jones', email: KAREN, subject: 'big file', message: 'see attached' },
        [{ name: 'big.bin', content: Buffer.alloc(2048, 1) }], await v.csrf('/new'));
      expect(r.status).toBe(400);
      expect(r.text).toContain('big.bin is over the 1 KiB attachment limit; nothing was saved');
      expect(r.text).toContain('value="big file"'); // the form keeps what was typed
      expect((s.json(['--as', 'admin', 'ticket', 'list', '--queue', 'all', '--json'], at(T0)) as any[]).length).toBe(before);
      const ok = await v.postMultipart('/new', { name: 'Karen Jones', email: KAREN, subject: 'small file', message: 'see attached' },
        [{ name: 'small.txt', content: Buffer.from('hello'), type: 'text/plain' }], await v.csrf('/new'));
      expect(ok.status).toBe(201);
      const n = /Ticket #(\d{6}) created/.exec(ok.text)![1]!;
      expect(s.json(['--as', 'admin', 'ticket', 'show', n, '--json'], at(T0)).attachments).toMatchObject([{ name: 'small.txt', size: 5, thread_index: 0 }]);
    } finally {
      s.hd(['--as', 'admin', 'config', 'unset', 'mail.attachment_limit'], at(T0));
    }
  });
});

describe('links', () => {
  it('an altered link, and an access link past its 24 hours, are refused (403) and give no session', async () => {
    const v = visitor('2026-03-02T10:00:00Z');
    expect((await openTicket(v, { subject: 'linked' })).status).toBe(201);
    const n = (s.json(['--as', 'admin', 'ticket', 'list', '--user', KAREN, '--queue', 'all', '--json'], at(T0)) as any[])[0].number;
    await v.post('/check', { email: KAREN, number: n }, await v.csrf('/check'));
    const link = new URL(mailedLink(s, KAREN, 'access', { HELPDESK_NOW: T0 }));
    const token = link.searchParams.get('token')!;
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    const tampered = await visitor().get(`/access?token=${flipped}`);
    expect(tampered.status).toBe(403);
    expect(tampered.headers.getSetCookie().join()).not.toContain('hd_session');
    const late = await visitor('2026-03-03T10:00:01Z').get(`/access?token=${token}`);
    expect(late.status).toBe(403);
    expect(late.headers.getSetCookie().join()).not.toContain('hd_session');
    expect((await visitor('2026-03-03T09:59:00Z').get(`/access?token=${token}`)).status).toBe(303);
  });

  it('a session ends after 12 hours, and a made-up session cookie is nobody', async () => {
    const v = visitor('2026-03-02T11:00:00Z');
    const n = (s.json(['--as', 'admin', 'ticket', 'list', '--user', KAREN, '--queue', 'all', '--json'], at(T0)) as any[])[0].number;
    await signIn(v, KAREN, n);
    expect((await v.get('/tickets')).status).toBe(200);
    const later = new Visitor(srv.url, { 'x-helpdesk-now': '2026-03-02T23:00:01Z' });
    for (const [k, val] of v.jar) later.jar.set(k, val);
    expect((await later.get('/tickets')).status).toBe(401);
    const fake = visitor();
    fake.jar.set('hd_session', 'A'.repeat(43));
    expect((await fake.get('/tickets')).status).toBe(401);
  });
});

describe("another user's ticket through a valid session", () => {
  it('reading, replying, resolving, rating and files of it are 404, and nothing of it shows', async () => {
    const v = visitor('2026-03-02T12:00:00Z');
    const n = (s.json(['--as', 'admin', 'ticket', 'list', '--user', KAREN, '--queue', 'all', '--json'], at(T0)) as any[])[0].number;
    await signIn(v, KAREN, n);
    const csrf = await v.csrf(`/tickets/${n}`);
    const answers = [
      await v.get(`/tickets/${kens}`),
      await v.get('/tickets/999999'),
      await v.postMultipart(`/tickets/${kens}/reply`, { message: 'mine now' }, [], csrf),
      await v.post(`/tickets/${kens}/status`, { status: 'resolved' }, csrf),
      await v.post(`/tickets/${kens}/rate`, { rating: '1' }, csrf),
      await v.get(`/tickets/${kens}/files/1`),
    ];
    for (const a of answers) {
      expect(a.status).toBe(404);
      expect(a.text).not.toContain('KEN-PRIVATE');
    }
    // The page for someone else's ticket is the page for no ticket at all.
    expect(answers[0]!.text).toBe(answers[1]!.text);
    const ken = s.json(['--as', 'admin', 'ticket', 'show', kens, '--json'], at(T0));
    expect(ken.status).toBe('open');
    expect(ken.thread).toHaveLength(1);
  });
});

describe('"check a ticket" tells a stranger nothing', () => {
  it('the same answer whether or not the pair exists; only the owner gets mail; then 429', async () => {
    const probe = (email: string, number: string) => async (v: Visitor) => v.post('/check', { email, number }, await v.csrf('/check'));
    const outbox = () => (s.json(['--as', 'admin', 'mail', 'outbox', '--json'], at(T0)) as any[]).length;
    const start = outbox();
    const v = visitor('2026-03-02T13:00:00Z');
    const right = await probe(KEN, kens)(v);
    const wrongOwner = await probe(KAREN, kens)(v);
    const noTicket = await probe('nobody@example.com', '100999')(v);
    const garbage = await probe('not an address', 'abc')(v);
    for (const a of [wrongOwner, noTicket, garbage]) {
      expect(a.status).toBe(right.status);
      expect(a.text.replace(/value="[^"]+"/g, '')).toBe(right.text.replace(/value="[^"]+"/g, ''));
    }
    expect(outbox()).toBe(start + 1);
    // The fifth request from this address in 15 minutes is the last; the sixth is refused.
    const fifth = await probe(KEN, kens)(v);
    expect(fifth.status).toBe(200);
    const sixth = await probe('someone@example.com', '100001')(v);
    expect(sixth.status).toBe(429);
    expect(sixth.text).toContain('Too many requests');
    expect(outbox()).toBe(start + 2);
  });
});

describe('behind TLS: --public-url https://…', () => {
  it('cookies are Secure, and mailed links (access and rating) use the public address', async () => {
    const t = labSandbox();
    const tls = await serve(t, ['--public-url', 'https://desk.example.com/'], { HELPDESK_NOW: T0 });
    try {
      expect(t.hd(['--as', 'admin', 'config', 'get', 'portal.url'], at(T0)).stdout.trim()).toBe('https://desk.example.com');
      const v = new Visitor(tls.url, { 'x-helpdesk-now': T0 });
      const page = await v.get('/check');
      expect(page.headers.getSetCookie().join()).toMatch(/hd_csrf=[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Secure/);
      const n = create(t, KAREN, ['--subject', 'Behind a proxy', '--body', 'b']);
      expect((await v.post('/check', { email: KAREN, number: n }, await v.csrf('/check'))).status).toBe(200);
      expect(mailedLink(t, KAREN, 'access', { HELPDESK_NOW: T0 })).toMatch(/^https:\/\/desk\.example\.com\/access\?token=/);
      expect(t.hd(['--as', 'admin', 'config', 'set', 'mail.from', 'Help Desk <help@example.com>'], at(T0)).code).toBe(0);
      expect(t.hd(['--as', 'admin', 'ticket', 'status', n, 'resolved'], at(T0)).code).toBe(0);
      expect(mailedLink(t, KAREN, 'rate', { HELPDESK_NOW: T0 })).toMatch(/^https:\/\/desk\.example\.com\/rate\?token=/);
    } finally {
      await tls.stop();
      t.cleanup();
    }
  });
});
