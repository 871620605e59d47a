/**
 * Webhooks against a receiver on 127.0.0.1 that checks signatures — queued with each change,
 * retried with backoff after failures, never lost when the sender is killed mid-delivery.
 */
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, type Sandbox } from '../helpers/cli.js';
import { api, serve } from '../helpers/server.js';
import { KAREN, T0, at, create, expectRefused, labSandbox } from './contract/support.js';

const SECRET = 'hook-secret';
interface Got { body: string; event: string; delivery: string; signed: boolean }

/** A receiver that answers each request with the next status of `plan` (200 once the plan runs out; 'hang' never answers). */
async function receiver(plan: Array<number | 'hang'>): Promise<{ url: string; got: Got[]; server: Server; hanging: ServerResponse[] }> {
  const got: Got[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const want = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
      got.push({ body, event: String(req.headers['x-helpdesk-event']), delivery: String(req.headers['x-helpdesk-delivery']), signed: req.headers['x-helpdesk-signature'] === want });
      const next = plan.shift() ?? 200;
      if (next === 'hang') { hanging.push(res); return; }
      res.writeHead(req.headers['x-helpdesk-signature'] === want ? next : 401).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/hook`, got, server, hanging };
}

const minutes = (m: number) => new Date(Date.parse(T0) + m * 60_000).toISOString();
let s: Sandbox;
const servers: Server[] = [];

beforeAll(() => {
  s = labSandbox();
});
afterEach(() => {
  for (const srv of servers.splice(0)) {
    srv.closeAllConnections();
    srv.close();
  }
  for (const h of (s.json(['--as', 'admin', 'webhook', 'list', '--json'], at(T0)) as any[])) s.hd(['--as', 'admin', 'webhook', 'remove', String(h.id)], at(T0));
});
afterAll(() => s?.cleanup());

/** `webhook send` as a child process: the receiver lives in this process, which a synchronous spawn would block. */
async function send(when: string): Promise<any> {
  const r = await s.hdAsync(['webhook', 'send', '--json'], at(when));
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}
const hooks = () => s.json(['--as', 'admin', 'webhook', 'list', '--json'], at(T0)) as any[];

describe('webhook add, list, remove', () => {
  it('refuses bad URLs and unknown events (exit 2), non-admins (exit 4); list --json has the contract fields', () => {
    expectRefused(s.hd(['--as', 'admin', 'webhook', 'add', 'ftp://x.example.com'], at(T0)), 2);
    expectRefused(s.hd(['--as', 'admin', 'webhook', 'add', 'not a url'], at(T0)), 2);
    expectRefused(s.hd(['--as', 'admin', 'webhook', 'add', 'https://h.example.com', '--events', 'ticket.deleted'], at(T0)), 2, /unknown event 'ticket.deleted'/);
    expectRefused(s.hd(['--as', 'john', 'webhook', 'add', 'https://h.example.com'], at(T0)), 4);
    expectRefused(s.hd(['--as', 'admin', 'webhook', 'remove', '99'], at(T0)), 3);
    const add = s.hd(['--as', 'admin', 'webhook', 'add', 'https://h.example.com/x', '--events', 'ticket.created,ticket.overdue', '--secret', 's'], at(T0));
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toMatch(/^\d+\n$/);
    expect(hooks()).toEqual([{ id: Number(add.stdout), url: 'https://h.example.com/x', events: ['ticket.created', 'ticket.overdue'], pending: 0, last_error: null, secret_set: true }]);
  });
});

describe('delivery', () => {
  it('each change queues its event in its own transaction; signed POSTs; two failures, then delivered after backoff', async () => {
    const r = await receiver([500, 503]);
    servers.push(r.server);
    expect(s.hd(['--as', 'admin', 'webhook', 'add', r.url, '--secret', SECRET], at(T0)).code).toBe(0);
    const n = create(s, KAREN, ['--subject', 'Banking is down', '--body', 'Customers cannot log in', '--topic', 'Business Critical Outage']);
    expect(hooks()[0].pending).toBe(1);
    // A refused change queues nothing.
    expectRefused(s.hd(['--as', 'john', 'ticket', 'status', n, 'closed-ish'], at(T0)), 2);
    expect(hooks()[0].pending).toBe(1);

    expect(await send(T0)).toMatchObject({ delivered: 0, deferred: 1 });
    expect(await send(T0)).toMatchObject({ delivered: 0, deferred: 0 }); // not due again yet
    expect(hooks()[0]).toMatchObject({ pending: 1, last_error: 'HTTP 500 Internal Server Error' });
    expect(await send(minutes(5))).toMatchObject({ deferred: 1 });
    expect(await send(minutes(14))).toMatchObject({ deferred: 0, delivered: 0 }); // the second wait is 10 minutes
    expect(await send(minutes(15))).toMatchObject({ delivered: 1 });
    expect(hooks()[0]).toMatchObject({ pending: 0 });
    expect(r.got).toHaveLength(3);
    expect(r.got.every((g) => g.signed && g.body === r.got[0]!.body && g.delivery === r.got[0]!.delivery)).toBe(true);
    const payload = JSON.parse(r.got[0]!.body);
    expect(Object.keys(payload)).toEqual(['event', 'at', 'actor', 'ticket']);
    expect(payload).toMatchObject({ event: 'ticket.created', at: '2026-03-02T09:00:00.000Z', actor: KAREN, ticket: { number: n, sla: 'Sev-A', status: 'open' } });
    expect(payload.ticket.thread).toBeUndefined();

    const steps: Array<[string[], string, string]> = [
      [['--as', 'john', 'ticket', 'note', n, '--body', 'escalating'], 'ticket.noted', 'john'],
      [['--as', 'john', 'ticket', 'assign', n, '--team', 'Online Banking Team'], 'ticket.assigned', 'john'],
      [['--as', 'admin', 'ticket', 'reply', n, '--body', 'We are on it'], 'ticket.replied', 'admin'],
      [['--as', 'admin', 'ticket', 'status', n, 'in-progress'], 'ticket.status', 'admin'],
    ];
    for (const [args] of steps) expect(s.hd(args, at(minutes(20))).code).toBe(0);
    expect(s.hd(['sla', 'check'], at(minutes(90))).code).toBe(0);
    const report = await send(minutes(90));
    const events = r.got.slice(3).map((g) => JSON.parse(g.body));
    expect(events.map((e) => e.event)).toEqual(['ticket.noted', 'ticket.assigned', 'ticket.assigned', 'ticket.replied', 'ticket.status', 'ticket.overdue']);
    // The admin's reply claimed the ticket first (claim on response): the same transaction queued both.
    expect(events.filter((e) => e.event !== 'ticket.overdue').map((e) => e.actor)).toEqual(['john', 'john', 'admin', 'admin', 'admin']);
    expect(events.at(-1)).toMatchObject({ actor: 'system', ticket: { number: n, overdue: true } });
    expect(report.delivered).toBe(6);
    expect(r.got.every((g) => g.signed)).toBe(true);
  });

  it('only the events a hook asked for', async () => {
    const r = await receiver([]);
    servers.push(r.server);
    expect(s.hd(['--as', 'admin', 'webhook', 'add', r.url, '--events', 'ticket.status', '--secret', SECRET], at(T0)).code).toBe(0);
    const n = create(s, KAREN, ['--subject', 'Only status', '--body', 'b']);
    expect(s.hd(['--as', 'admin', 'ticket', 'note', n, '--body', 'quiet'], at(T0)).code).toBe(0);
    expect(s.hd(['--as', 'admin', 'ticket', 'status', n, 'resolved'], at(T0)).code).toBe(0);
    expect(await send(T0)).toMatchObject({ delivered: 1 });
    expect(JSON.parse(r.got[0]!.body)).toMatchObject({ event: 'ticket.status', ticket: { number: n, status: 'resolved' } });
  });

  it('kill -9 of the sender mid-delivery: the delivery stays pending and goes out on a later run, never lost', async () => {
    const r = await receiver(['hang']);
    servers.push(r.server);
    expect(s.hd(['--as', 'admin', 'webhook', 'add', r.url, '--events', 'ticket.created', '--secret', SECRET], at(T0)).code).toBe(0);
    const n = create(s, KAREN, ['--subject', 'Killed mid-delivery', '--body', 'b']);
    const child = spawn(process.execPath, [BIN, 'webhook', 'send'], { env: { ...s.env, HELPDESK_NOW: T0 }, stdio: 'ignore' });
    const exited = new Promise((done) => child.on('close', done));
    for (let i = 0; i < 200 && r.got.length === 0; i++) await new Promise((d) => setTimeout(d, 50));
    expect(r.got).toHaveLength(1); // the request is in flight, unanswered
    child.kill('SIGKILL');
    await exited;
    expect(hooks()[0]).toMatchObject({ pending: 1 });
    expect(await send(minutes(1))).toMatchObject({ delivered: 0 }); // the claim moved its next try on
    expect(await send(minutes(5))).toMatchObject({ delivered: 1 });
    expect(r.got).toHaveLength(2);
    expect(r.got[1]!.body).toBe(r.got[0]!.body);
    expect(JSON.parse(r.got[1]!.body).ticket.number).toBe(n);
    expect(hooks()[0]).toMatchObject({ pending: 0 });
  });

  it('changes made through the HTTP API queue their events too (the server commits writes in groups)', async () => {
    const r = await receiver([]);
    servers.push(r.server);
    expect(s.hd(['--as', 'admin', 'webhook', 'add', r.url, '--events', 'ticket.created,ticket.noted', '--secret', SECRET], at(T0)).code).toBe(0);
    const token = s.hd(['--as', 'admin', 'token', 'create', '--agent', 'john'], at(T0)).stdout.trim();
    const srv = await serve(s, [], { HELPDESK_NOW: T0 });
    let number = '';
    try {
      // Several at once, so some share a group commit.
      const made = await Promise.all([1, 2, 3].map((i) => api(srv.url, '/api/v1/tickets', { token, body: { subject: `Through the API ${i}`, body: 'b', user: KAREN } })));
      expect(made.map((m) => m.status)).toEqual([201, 201, 201]);
      number = made[0]!.json.number;
      expect((await api(srv.url, `/api/v1/tickets/${number}/notes`, { token, body: { body: 'looked at it' } })).status).toBe(200);
    } finally {
      await srv.stop();
    }
    expect(hooks()[0]).toMatchObject({ pending: 4 });
    expect(await send(T0)).toMatchObject({ delivered: 4 });
    const events = r.got.map((g) => JSON.parse(g.body));
    expect(events.filter((e) => e.event === 'ticket.created')).toHaveLength(3);
    expect(events.find((e) => e.event === 'ticket.noted')).toMatchObject({ actor: 'john', ticket: { number } });
  });

  it('serve --jobs delivers them too', async () => {
    const r = await receiver([]);
    servers.push(r.server);
    expect(s.hd(['--as', 'admin', 'webhook', 'add', r.url, '--events', 'ticket.created', '--secret', SECRET], at(T0)).code).toBe(0);
    const n = create(s, KAREN, ['--subject', 'Through the server jobs', '--body', 'b']);
    const srv = await serve(s, ['--jobs'], { HELPDESK_NOW: T0 });
    try {
      for (let i = 0; i < 200 && r.got.length === 0; i++) await new Promise((d) => setTimeout(d, 50));
      expect(r.got).toHaveLength(1);
      expect(JSON.parse(r.got[0]!.body).ticket.number).toBe(n);
    } finally {
      await srv.stop();
    }
    expect(hooks()[0]).toMatchObject({ pending: 0 });
  });
});
