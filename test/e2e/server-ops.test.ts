/**
 * HTTPS with --tls-cert/--tls-key, --trust-proxy for client addresses,
 * `serve --jobs`, and the remote command line's own refusals (--as, an unreachable server).
 */
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbDigest, type Sandbox } from '../helpers/cli.js';
import { api, selfSignedCert, serve, type Served } from '../helpers/server.js';
import { KAREN, T0, at, create, expectRefused, labSandbox } from './contract/support.js';

let s: Sandbox;
let admin: string;
let john: string;
beforeAll(() => {
  s = labSandbox();
  admin = s.hd(['--as', 'admin', 'token', 'create'], at(T0)).stdout.trim();
  john = s.hd(['--as', 'john', 'token', 'create'], at(T0)).stdout.trim();
});
afterAll(() => s.cleanup());

describe('HTTPS', () => {
  it('--tls-cert and --tls-key serve the API over TLS', async () => {
    const { cert, key } = selfSignedCert(s.dir, 'tls');
    const srv = await serve(s, ['--tls-cert', cert, '--tls-key', key]);
    try {
      expect(srv.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const body = await new Promise<string>((done, fail) => {
        const req = request(`${srv.url}/api/v1/whoami`, { ca: readFileSync(cert), headers: { authorization: `Bearer ${john}` } }, (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => done(text));
        });
        req.on('error', fail);
        req.end();
      });
      expect(JSON.parse(body).username).toBe('john');
    } finally {
      expect(await srv.stop()).toBe(0);
    }
  });
});

describe('--trust-proxy', () => {
  it('client addresses come from X-Forwarded-For only when the proxy is trusted', async () => {
    const key = s.hd(['--as', 'admin', 'apikey', 'add', '--ip', '203.0.113.0/24'], at(T0)).stdout.trim();
    const payload = { name: 'N', email: 'n@example.com', subject: 'Via proxy', message: 'hello' };
    const headers = { 'x-api-key': key, 'x-forwarded-for': '198.51.100.1, 203.0.113.9' };
    const direct = await serve(s);
    const proxied = await serve(s, ['--trust-proxy']);
    try {
      expect((await api(direct.url, '/api/tickets.json', { body: payload, headers })).status).toBe(401);
      expect((await api(proxied.url, '/api/tickets.json', { body: payload, headers })).status).toBe(201);
      // Only the hop the proxy recorded counts, not what the client wrote before it.
      expect((await api(proxied.url, '/api/tickets.json', { body: payload, headers: { ...headers, 'x-forwarded-for': '203.0.113.9, 198.51.100.1' } })).status).toBe(401);
    } finally {
      await direct.stop();
      await proxied.stop();
    }
  });
});

describe('serve --jobs', () => {
  const runs = (log: string) => log.split('\n').filter((l) => l.startsWith('jobs: '));
  const waitFor = async (srv: Served, n: number) => {
    for (let i = 0; i < 200 && runs(srv.log()).length < n; i++) await new Promise((r) => setTimeout(r, 100));
    return runs(srv.log());
  };

  it('runs automate run and mail send on its timer: a resolved ticket past ticket.autoclose_after closes once; SIGTERM stops it', async () => {
    const n = create(s, KAREN, ['--subject', 'Fixed long ago', '--body', 'b']);
    expect(s.hd(['--as', 'john', 'ticket', 'status', n, 'resolved'], at(T0)).code).toBe(0);
    // Frozen 8 days later: past the default 7d. A breach of another ticket shows sla check runs too.
    const srv = await serve(s, ['--jobs', '--jobs-every', '1s'], { HELPDESK_NOW: '2026-03-10T09:00:00Z' });
    let lines: string[];
    try {
      lines = await waitFor(srv, 3);
    } finally {
      expect(await srv.stop()).toBe(0);
    }
    expect(lines[0]).toMatch(/^jobs: automate run: \d+ new breaches, 1 closed, 0 reminded, 0 warnings; mail send: not run \(mail\.smtp is not set/);
    expect(lines[1]).toMatch(/^jobs: automate run: 0 new breaches, 0 closed, 0 reminded, 0 warnings; mail send: not run/);
    expect(srv.log()).toMatch(/\nStopped\n$/);
    const t = s.json(['--as', 'admin', 'ticket', 'show', n], at('2026-03-10T09:00:00Z'));
    expect(t.status).toBe('closed');
    const closes = t.events.filter((e: any) => e.type === 'status' && e.data.to === 'closed');
    expect(closes).toHaveLength(1);
    expect(closes[0].data.rule).toBe('ticket.autoclose_after');
    // Nothing runs after the stop: the run count stays.
    const after = runs(srv.log()).length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(runs(srv.log()).length).toBe(after);
  });

  it('records breaches through sla check, once', async () => {
    const n = create(s, KAREN, ['--subject', 'Will breach', '--body', 'b']);
    const srv = await serve(s, ['--jobs', '--jobs-every', '1s'], { HELPDESK_NOW: '2026-03-05T09:00:00Z' });
    try {
      await waitFor(srv, 2);
    } finally {
      await srv.stop();
    }
    const t = s.json(['--as', 'admin', 'ticket', 'show', n], at('2026-03-05T09:00:00Z'));
    expect(t.events.filter((e: any) => e.type === 'overdue')).toHaveLength(1);
  });

  it('--jobs-every takes 1s to 24h and goes with --jobs (exit 2, one line)', () => {
    for (const args of [['--jobs', '--jobs-every', '0s'], ['--jobs', '--jobs-every', 'soon'], ['--jobs', '--jobs-every', '2d'], ['--jobs-every', '5m']]) {
      const r = s.hd(['serve', '--listen', '127.0.0.1:0', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^helpdesk: --jobs-every [^\n]*\nhint: [^\n]*\n$/);
    }
  });
});

describe('the remote command line refuses like the local one', () => {
  it('--as needs an admin token (exit 4); with one it works', async () => {
    const srv = await serve(s, [], { HELPDESK_NOW: T0 });
    try {
      const env = { HELPDESK_DB: '', HELPDESK_URL: srv.url, HELPDESK_NOW: T0 };
      expectRefused(s.hd(['--as', 'admin', 'whoami'], { env: { ...env, HELPDESK_TOKEN: john } }), 4, /only admins may act as someone else/);
      expectRefused(s.hd(['whoami'], { env: { ...env, HELPDESK_AS: 'admin', HELPDESK_TOKEN: john } }), 4);
      const r = s.hd(['--as', 'john', 'whoami', '--json'], { env: { ...env, HELPDESK_TOKEN: admin } });
      expect(JSON.parse(r.stdout).username).toBe('john');
      const none = s.hd(['ticket', 'list'], { env: { ...env, HELPDESK_TOKEN: '' } });
      expectRefused(none, 4, new RegExp(`hint: helpdesk login --server ${srv.url.replace(/[.:/]/g, '\\$&')}`));
      // An explicit --db works locally even with a server configured.
      expect(JSON.parse(s.hd(['--db', s.db, '--as', 'jane', 'whoami', '--json'], { env: { ...env, HELPDESK_TOKEN: john } }).stdout).username).toBe('jane');
    } finally {
      await srv.stop();
    }
  });

  it('a command the server does not offer is refused instead of working on a local database', () => {
    const env = { HELPDESK_DB: '', HELPDESK_URL: 'http://127.0.0.1:9', HELPDESK_TOKEN: john };
    const before = dbDigest(s.db);
    for (const args of [['--as', 'admin', 'token', 'revoke', '1'], ['--as', 'admin', 'webhook', 'list']]) {
      expectRefused(s.hd(args, { env }), 2, /does not run on a server \(http:\/\/127\.0\.0\.1:9\)/);
    }
    // mail ingest used to file the message into a local desk (creating one) that the server never reads.
    const mail = 'From: karen@example.com\r\nSubject: lost?\r\nMessage-ID: <lost@example.com>\r\n\r\nHello\r\n';
    const ingest = s.hd(['mail', 'ingest', '-'], { env: { ...env, XDG_DATA_HOME: join(s.dir, 'elsewhere') }, input: mail });
    expectRefused(ingest, 2, /does not run on a server \(http:\/\/127\.0\.0\.1:9\)/);
    expect(existsSync(join(s.dir, 'elsewhere'))).toBe(false);
    expect(dbDigest(s.db)).toBe(before);
  });

  it('an unreachable server is exit 1 naming the URL', () => {
    const r = s.hd(['ticket', 'list'], { env: { HELPDESK_DB: '', HELPDESK_URL: 'http://127.0.0.1:9', HELPDESK_TOKEN: john } });
    expectRefused(r, 1, /cannot reach the server http:\/\/127\.0\.0\.1:9/);
  });
});
