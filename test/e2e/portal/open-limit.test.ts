/**
 * "open a ticket" is rate-limited per client address like "check a ticket" (the same
 * throttle), through a real `helpdesk serve`: the eleventh form from one address in 15 minutes is
 * answered 429 with a readable page that keeps what was typed, and creates nothing; another address
 * (behind --trust-proxy, the one the proxy recorded) is not affected, and a forged X-Forwarded-For
 * does not get around the limit of a server that does not trust a proxy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../helpers/cli.js';
import { Visitor } from '../../helpers/portal.js';
import { serve, type Served } from '../../helpers/server.js';
import { T0, at, labSandbox } from '../contract/support.js';

let s: Sandbox;
let plain: Served;
let proxied: Served;

const count = () => (s.json(['--as', 'admin', 'ticket', 'list', '--queue', 'all'], at(T0)) as unknown[]).length;

async function open(srv: Served, now: string, headers: Record<string, string> = {}, subject = 'Printer jammed') {
  const v = new Visitor(srv.url, { 'x-helpdesk-now': now, ...headers });
  return v.postMultipart('/new', { name: 'Karen Jones', email: 'karen@example.com', topic: '', subject, message: 'Paper everywhere' }, [], await v.csrf('/new'));
}

beforeAll(async () => {
  s = labSandbox();
  plain = await serve(s, [], { HELPDESK_NOW: T0 });
  proxied = await serve(s, ['--trust-proxy'], { HELPDESK_NOW: T0 });
});
afterAll(async () => {
  await plain?.stop();
  await proxied?.stop();
  s?.cleanup();
});

describe('"open a ticket" is rate-limited per address', () => {
  it('ten in 15 minutes are taken; the eleventh is 429 with the form kept, and nothing is created', async () => {
    const now = '2026-03-02T10:00:00Z';
    const before = count();
    for (let i = 0; i < 10; i++) expect((await open(plain, now)).status).toBe(201);
    expect(count()).toBe(before + 10);
    const refused = await open(plain, now, {}, 'Eleventh <b>try</b>');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('900');
    expect(refused.headers.get('content-type')).toMatch(/^text\/html/);
    expect(refused.text).toContain('Too many new tickets from your address: wait a few minutes and try again.');
    // The form is there again, with what was typed (escaped), so nothing is lost.
    expect(refused.text).toContain('value="Eleventh &lt;b&gt;try&lt;/b&gt;"');
    expect(refused.text).toMatch(/name="csrf" value="[^"]+"/);
    expect(count()).toBe(before + 10);
    // A forged X-Forwarded-For means nothing to a server that does not trust a proxy.
    expect((await open(plain, now, { 'x-forwarded-for': '203.0.113.9' })).status).toBe(429);
    // The window passes: taken again.
    expect((await open(plain, '2026-03-02T10:16:00Z')).status).toBe(201);
    expect(count()).toBe(before + 11);
  });

  it('behind --trust-proxy each client address has its own limit', async () => {
    const now = '2026-03-02T12:00:00Z';
    const a = { 'x-forwarded-for': '198.51.100.7' };
    for (let i = 0; i < 10; i++) expect((await open(proxied, now, a)).status).toBe(201);
    expect((await open(proxied, now, a)).status).toBe(429);
    expect((await open(proxied, now, { 'x-forwarded-for': '198.51.100.8' })).status).toBe(201);
  });
});
