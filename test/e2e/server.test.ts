/**
 * `helpdesk serve` as the trust boundary — tokens, the attacks it must refuse, the /api/v1
 * routes and their errors, osTicket-compatible intake, the access log, and SIGTERM.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../helpers/cli.js';
import { api, serve, type Served } from '../helpers/server.js';
import { KAREN, T0, at, create, expectRefused, labSandbox } from './contract/support.js';

let s: Sandbox;
let srv: Served;
const tokens: Record<string, string> = {};
let n: string;
let apiKey: string;
let boundKey: string;

const token = (agent: string, extra: string[] = []) => {
  const r = s.hd(['--as', 'admin', 'token', 'create', '--agent', agent, ...extra], at(T0));
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.trim();
};

beforeAll(async () => {
  s = labSandbox();
  for (const a of ['admin', 'john', 'jane']) tokens[a] = token(a);
  apiKey = s.hd(['--as', 'admin', 'apikey', 'add', '--name', 'form'], at(T0)).stdout.trim();
  boundKey = s.hd(['--as', 'admin', 'apikey', 'add', '--name', 'far', '--ip', '10.0.0.0/8'], at(T0)).stdout.trim();
  expect(s.hd(['--as', 'admin', 'config', 'set', 'server.max_body', '64KB'], at(T0)).code).toBe(0);
  n = create(s, KAREN, ['--subject', 'Secret subject', '--body', 'Secret body']);
  expect(s.hd(['--as', 'john', 'ticket', 'note', n, '--body', 'INTERNAL-ONLY'], at(T0)).code).toBe(0);
  srv = await serve(s, [], { HELPDESK_NOW: T0 });
});
afterAll(async () => {
  await srv?.stop();
  s.cleanup();
});

describe('authentication: every request, the actor is the token', () => {
  it('no token, a wrong one, a revoked one, an expired one, a deactivated agent\'s: 401', async () => {
    expect((await api(srv.url, '/api/v1/whoami')).status).toBe(401);
    expect((await api(srv.url, '/api/v1/whoami', { token: 'hdt_nope' })).status).toBe(401);
    expect((await api(srv.url, '/api/v1/whoami', { headers: { authorization: `Basic ${tokens.john}` } })).status).toBe(401);
    const revoked = token('john');
    const id = (s.json(['--as', 'admin', 'token', 'list']) as any[])[0].id;
    expect((await api(srv.url, '/api/v1/whoami', { token: revoked })).status).toBe(200);
    expect(s.hd(['--as', 'admin', 'token', 'revoke', String(id)], at(T0)).code).toBe(0);
    const r = await api(srv.url, '/api/v1/whoami', { token: revoked });
    expect(r.status).toBe(401);
    expect(r.json.error).toMatchObject({ code: 'unauthenticated' });
    const short = token('john', ['--expires', '30m']);
    expect((await api(srv.url, '/api/v1/whoami', { token: short, headers: { 'x-helpdesk-now': '2026-03-02T09:20:00Z' } })).status).toBe(200);
    expect((await api(srv.url, '/api/v1/whoami', { token: short, headers: { 'x-helpdesk-now': '2026-03-02T09:31:00Z' } })).status).toBe(401);
  });

  it("a deactivated agent's tokens stop at once, and work again when reactivated", async () => {
    const t = token('jane');
    expect((await api(srv.url, '/api/v1/whoami', { token: t })).json.username).toBe('jane');
    expect(s.hd(['--as', 'admin', 'agent', 'deactivate', 'jane'], at(T0)).code).toBe(0);
    expect((await api(srv.url, '/api/v1/whoami', { token: t })).status).toBe(401);
    expect(s.hd(['--as', 'admin', 'agent', 'activate', 'jane'], at(T0)).code).toBe(0);
    expect((await api(srv.url, '/api/v1/whoami', { token: t })).status).toBe(200);
  });

  it('tokens are stored hashed: the database never holds the token text', () => {
    const dump = s.hd(['--as', 'admin', 'export', '--out', '-'], at(T0)).stdout + readFileSync(s.db).toString('latin1');
    expect(dump).not.toContain(tokens.john);
    expect(dump).not.toContain(apiKey);
  });

  it('an agent may not make tokens for another, nor list theirs; admins may', () => {
    expectRefused(s.hd(['--as', 'john', 'token', 'create', '--agent', 'jane'], at(T0)), 4);
    const mine = s.json(['--as', 'john', 'token', 'list']) as any[];
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((t) => t.agent === 'john')).toBe(true);
    expectRefused(s.hd(['--as', 'john', 'token', 'create', '--expires', 'soon'], at(T0)), 2, /--expires/);
  });
});

describe('access: what the token may see', () => {
  it('another department: 403, and nothing of the ticket in the body', async () => {
    const r = await api(srv.url, `/api/v1/tickets/${n}`, { token: tokens.jane });
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe('denied');
    expect(r.text).not.toMatch(/Secret|karen|INTERNAL/);
    const list = await api(srv.url, '/api/v1/tickets?queue=all', { token: tokens.jane });
    expect(list.status).toBe(200);
    expect(list.json.map((t: any) => t.number)).not.toContain(n);
  });

  it('never internal notes to end users (an admin acting as one)', async () => {
    const asKaren = await api(srv.url, `/api/v1/tickets/${n}`, { token: tokens.admin, headers: { 'x-helpdesk-as': KAREN } });
    expect(asKaren.status).toBe(200);
    expect(asKaren.json.subject).toBe('Secret subject');
    expect(asKaren.text).not.toContain('INTERNAL-ONLY');
    const asJohn = await api(srv.url, `/api/v1/tickets/${n}`, { token: tokens.john });
    expect(asJohn.text).toContain('INTERNAL-ONLY');
  });

  it('--as is for admins only, and the event records the admin', async () => {
    const denied = await api(srv.url, '/api/v1/whoami', { token: tokens.john, headers: { 'x-helpdesk-as': 'admin' } });
    expect(denied.status).toBe(403);
    const r = await api(srv.url, `/api/v1/tickets/${n}/assign`, { token: tokens.admin, headers: { 'x-helpdesk-as': 'john' }, body: { me: true } });
    expect(r.status).toBe(200);
    expect(r.json.events.at(-1)).toMatchObject({ type: 'assigned', actor: 'john', data: { to: 'john', acting_admin: 'admin' } });
    // Without --as nothing is added.
    const own = await api(srv.url, `/api/v1/tickets/${n}/assign`, { token: tokens.john, body: { release: true } });
    expect(own.json.events.at(-1).data).not.toHaveProperty('acting_admin');
  });
});

describe('bad input: the JSON errors of the contract', () => {
  it('malformed JSON is 400; a wrong field is 400 naming it', async () => {
    const bad = await api(srv.url, '/api/v1/tickets', { token: tokens.john, raw: '{"subject": "x",' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: 'usage', message: expect.stringMatching(/malformed JSON/) });
    const typed = await api(srv.url, '/api/v1/tickets', { token: tokens.john, body: { subject: 5, body: 'b', user: KAREN } });
    expect(typed.status).toBe(400);
    expect(typed.json.error.message).toMatch(/'subject' must be a string/);
    const unknown = await api(srv.url, '/api/v1/tickets', { token: tokens.john, body: { subject: 's', body: 'b', actor: 'admin' } });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.message).toMatch(/unknown field 'actor'/);
  });

  it("the desk's refusals name the JSON field, not the command line's flag", async () => {
    const r = await api(srv.url, '/api/v1/tickets', { token: tokens.john, body: { subject: 's', body: 'b' } });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({
      code: 'usage', message: 'missing user: whose problem is it?', exit: 2, fields: ['user', 'name'],
      hint: 'pass user <email> (an unknown email creates the end user; name it with name)',
    });
  });

  it('injection in ticket numbers and filters is refused, never run', async () => {
    for (const path of [`/api/v1/tickets/${n}%27%20OR%201=1--`, '/api/v1/tickets/1%3B%20DROP%20TABLE%20tickets', '/api/v1/tickets/%E0%A4%A']) {
      const r = await api(srv.url, path, { token: tokens.john });
      expect(r.status, path).toBe(400);
    }
    expect((await api(srv.url, '/api/v1/tickets/..%2F..%2Fetc%2Fpasswd', { token: tokens.john })).status).toBe(400);
    expect((await api(srv.url, "/api/v1/tickets?status=open'--", { token: tokens.john })).status).toBe(400);
    expect((await api(srv.url, '/api/v1/tickets?limit=1;DELETE', { token: tokens.john })).status).toBe(400);
    const dept = await api(srv.url, `/api/v1/tickets?dept=${encodeURIComponent("Support' OR '1'='1")}`, { token: tokens.john });
    expect(dept.status).toBe(404);
    expect((await api(srv.url, `/api/v1/tickets/${n}`, { token: tokens.john })).status).toBe(200);
  });

  it('a body over server.max_body is 413', async () => {
    const r = await api(srv.url, '/api/v1/tickets', { token: tokens.john, body: { subject: 's', body: 'x'.repeat(70_000), user: KAREN } });
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe('too_large');
  });

  it('unknown route 404, wrong method 405, and no CORS headers', async () => {
    expect((await api(srv.url, '/api/v1/nothing', { token: tokens.john })).status).toBe(404);
    expect((await api(srv.url, '/api/v1/tickets', { method: 'DELETE', token: tokens.john })).status).toBe(405);
    const r = await api(srv.url, '/api/v1/whoami', { token: tokens.john, headers: { origin: 'https://evil.example' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('the /api/v1 routes', () => {
  it('create 201 with the object; reply, note, status, assign 200 with the ticket', async () => {
    const c = await api(srv.url, '/api/v1/tickets', { token: tokens.john, body: { subject: 'From the API', body: 'hello', user: KAREN, priority: 'high' } });
    expect(c.status).toBe(201);
    expect(c.json).toMatchObject({ subject: 'From the API', priority: 'high', user: { email: KAREN } });
    const num = c.json.number;
    const a = await api(srv.url, `/api/v1/tickets/${num}/assign`, { token: tokens.john, body: { me: true } });
    expect([a.status, a.json.assignee]).toEqual([200, 'john']);
    const rep = await api(srv.url, `/api/v1/tickets/${num}/replies`, { token: tokens.john, body: { body: 'On it', status: 'awaiting-response' } });
    expect([rep.status, rep.json.status]).toEqual([200, 'awaiting-response']);
    const st = await api(srv.url, `/api/v1/tickets/${num}/status`, { token: tokens.john, body: { status: 'closed', note: 'fixed' } });
    expect([st.status, st.json.status]).toEqual([200, 'closed']);
    const again = await api(srv.url, `/api/v1/tickets/${num}/replies`, { token: tokens.john, body: { body: 'more' } });
    expect(again.status).toBe(409);
    const list = await api(srv.url, '/api/v1/tickets?queue=all&status=resolved,closed&limit=5', { token: tokens.john });
    expect(list.json.map((t: any) => t.number)).toContain(num);
  });

  it('GET /api/v1/openapi.json is OpenAPI 3.1 with every route of the contract', async () => {
    const r = await api(srv.url, '/api/v1/openapi.json');
    expect(r.json.openapi).toBe('3.1.0');
    const paths = r.json.paths;
    for (const [p, m] of [['/api/v1/whoami', 'get'], ['/api/v1/tickets', 'get'], ['/api/v1/tickets', 'post'], ['/api/v1/tickets/{number}', 'get'],
      ['/api/v1/tickets/{number}/replies', 'post'], ['/api/v1/tickets/{number}/notes', 'post'], ['/api/v1/tickets/{number}/status', 'post'],
      ['/api/v1/tickets/{number}/assign', 'post'], ['/api/tickets.json', 'post'], ['/api/v1/openapi.json', 'get']] as const) {
      expect(paths[p]?.[m], `${m} ${p}`).toBeDefined();
    }
    expect(paths['/api/v1/tickets'].post.requestBody.content['application/json'].schema.required).toEqual(['subject', 'body']);
  });
});

describe('osTicket-compatible intake', () => {
  const payload = { name: 'Ana Lee', email: 'ana@example.com', subject: 'Form ticket', message: 'data:text/plain,Hello%20there', alert: true };

  it('201 with the bare number as text/plain; the ticket is the end user\'s, source api', async () => {
    const r = await api(srv.url, '/api/tickets.json', { body: payload, headers: { 'x-api-key': apiKey } });
    expect(r.status).toBe(201);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(r.text).toMatch(/^\d{6}$/);
    const t = s.json(['--as', 'admin', 'ticket', 'show', r.text], at(T0));
    expect(t).toMatchObject({ subject: 'Form ticket', source: 'api', user: { email: 'ana@example.com', name: 'Ana Lee' } });
  });

  it('a wrong key, a revoked one, or one from outside its address range: 401; a bad payload 400', async () => {
    expect((await api(srv.url, '/api/tickets.json', { body: payload })).status).toBe(401);
    expect((await api(srv.url, '/api/tickets.json', { body: payload, headers: { 'x-api-key': 'hdk_wrong' } })).status).toBe(401);
    expect((await api(srv.url, '/api/tickets.json', { body: payload, headers: { 'x-api-key': boundKey } })).status).toBe(401);
    const bad = await api(srv.url, '/api/tickets.json', { body: { ...payload, email: 'not-an-email' }, headers: { 'x-api-key': apiKey } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/email/);
    const spare = s.hd(['--as', 'admin', 'apikey', 'add'], at(T0)).stdout.trim();
    const id = (s.json(['--as', 'admin', 'apikey', 'list']) as any[]).at(-1).id;
    expect((await api(srv.url, '/api/tickets.json', { body: payload, headers: { 'x-api-key': spare } })).status).toBe(201);
    expect(s.hd(['--as', 'admin', 'apikey', 'revoke', String(id)], at(T0)).code).toBe(0);
    expect((await api(srv.url, '/api/tickets.json', { body: payload, headers: { 'x-api-key': spare } })).status).toBe(401);
    expectRefused(s.hd(['--as', 'john', 'apikey', 'list'], at(T0)), 4);
    expectRefused(s.hd(['--as', 'admin', 'apikey', 'add', '--ip', '10.0.0.0/33'], at(T0)), 2, /--ip/);
  });
});

describe('passwords and logins', () => {
  it('passwords are hashed with scrypt; login gives a token; 20 failures from one address are 429', async () => {
    expect(s.hd(['--as', 'admin', 'agent', 'passwd', 'jane', '--password-file', '-'], { input: 'correct horse\n', env: { HELPDESK_NOW: T0 } }).code).toBe(0);
    expectRefused(s.hd(['--as', 'john', 'agent', 'passwd', 'jane', '--password-file', '-'], { input: 'x'.repeat(10), env: { HELPDESK_NOW: T0 } }), 4);
    expectRefused(s.hd(['--as', 'jane', 'agent', 'passwd', 'jane', '--password-file', '-'], { input: 'short', env: { HELPDESK_NOW: T0 } }), 2, /too short/);
    const ok = await api(srv.url, '/api/v1/login', { body: { username: 'jane', password: 'correct horse' } });
    expect(ok.status).toBe(201);
    expect((await api(srv.url, '/api/v1/whoami', { token: ok.json.token })).json.username).toBe('jane');
    for (let i = 0; i < 20; i++) {
      expect((await api(srv.url, '/api/v1/login', { body: { username: 'jane', password: `wrong ${i}` } })).status).toBe(401);
    }
    const limited = await api(srv.url, '/api/v1/login', { body: { username: 'jane', password: 'correct horse' } });
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe('too_many_requests');
  });

  it('login --server with --token-file saves the server (mode 0600); commands then run there; logout forgets it', () => {
    const env = { HELPDESK_DB: '', HELPDESK_NOW: T0 };
    const r = s.hd(['login', '--server', srv.url, '--token-file', '-'], { input: `${tokens.john}\n`, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Logged in to .* as John \(john\)/);
    expect(statSync(join(s.env.XDG_STATE_HOME!, 'helpdesk', 'server.json')).mode & 0o777).toBe(0o600);
    const me = s.hd(['whoami', '--json'], { env });
    expect(JSON.parse(me.stdout).username).toBe('john');
    expect(s.hd(['logout'], { env }).code).toBe(0);
    // Back to the local default database (a new one, made by the first command).
    expect(s.hd(['whoami', '--json'], { env }).stdout).not.toContain('"john"');
    expectRefused(s.hd(['login', '--server', srv.url, '--token-file', '-'], { input: 'hdt_bad\n', env }), 4, /login --server/);
  });
});

describe('operations', () => {
  it('one access-log line per request: method path status ms (no query string)', async () => {
    await srv.waitForLog(/^POST \/api\/tickets\.json 201 /m);
    expect(srv.log()).toMatch(/^GET \/api\/v1\/whoami 401 \d+\.\d$/m);
    expect(srv.log()).toMatch(/^POST \/api\/tickets\.json 201 \d+\.\d$/m);
    expect(srv.log()).not.toMatch(/status=open/);
  });

  it('SIGTERM finishes what is in flight and exits 0', async () => {
    const other = await serve(s, [], { HELPDESK_NOW: T0 });
    const pending = api(other.url, '/api/v1/tickets?queue=all&limit=0', { token: tokens.admin });
    await new Promise((r) => setTimeout(r, 5));
    const code = other.stop();
    expect((await pending).status).toBe(200);
    expect(await code).toBe(0);
    expect(other.log()).toMatch(/Stopped/);
  });

  it('bad --listen, or --tls-cert without --tls-key: exit 2', () => {
    expectRefused(s.hd(['serve', '--listen', 'nowhere'], at(T0)), 2, /--listen/);
    expectRefused(s.hd(['serve', '--listen', '127.0.0.1:0', '--tls-cert', 'x.pem'], at(T0)), 2, /--tls-key/);
  });
});
