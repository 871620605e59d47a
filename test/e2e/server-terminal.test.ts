/**
 * On a terminal: `agent passwd` asks twice without echoing, `login --server` asks for the
 * password, and the saved server login then answers the desk's commands.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../helpers/cli.js';
import { KEY, plain, terminal } from '../helpers/pty.js';
import { serve, type Served } from '../helpers/server.js';
import { T0, labSandbox } from './contract/support.js';

let s: Sandbox;
let srv: Served;
beforeAll(async () => {
  s = labSandbox();
  srv = await serve(s, [], { HELPDESK_NOW: T0 });
});
afterAll(async () => {
  await srv.stop();
  s.cleanup();
});

describe('passwords on a terminal', () => {
  it('agent passwd asks twice, echoes nothing, and refuses two different answers', async () => {
    const env = { ...s.env, HELPDESK_NOW: T0 };
    let t = terminal(['--as', 'admin', 'agent', 'passwd', 'john'], env);
    await t.waitFor('New password');
    t.type(`first-try-1${KEY.enter}`);
    await t.waitForNext('Again');
    t.type(`other-try-2${KEY.enter}`);
    expect(await t.exited).toBe(2);
    expect(plain(t.output)).toMatch(/the two passwords differ/);
    expect(plain(t.output)).not.toContain('first-try-1');

    t = terminal(['--as', 'admin', 'agent', 'passwd', 'john'], env);
    await t.waitFor('New password');
    t.type(`s3cret-pass${KEY.enter}`);
    await t.waitForNext('Again');
    t.type(`s3cret-pass${KEY.enter}`);
    expect(await t.exited).toBe(0);
    expect(plain(t.output)).toMatch(/Password set for john/);
    expect(plain(t.output)).not.toContain('s3cret-pass');
  });

  it('login --server asks for the password; then ticket list is the server\'s', async () => {
    const env = { ...s.env, HELPDESK_DB: '', HELPDESK_NOW: T0 };
    const t = terminal(['login', '--server', srv.url, 'john'], env);
    await t.waitFor('Password');
    t.type(`s3cret-pass${KEY.enter}`);
    expect(await t.exited).toBe(0);
    expect(plain(t.output)).toMatch(/Logged in to http:\/\/127\.0\.0\.1:\d+ as John \(john\)/);
    const me = s.hd(['whoami'], { env: { HELPDESK_DB: '' } });
    expect(me.stdout).toBe('John (john) — agent, Support\n');
    expect(await srv.waitForLog(/POST \/api\/v1\/call\/whoami 200/)).toMatch(/POST \/api\/v1\/call\/whoami 200/);
  });
});
