/**
 * The remote command line's HTTP client (a remote `ticket list` took 6.5× `node -e 0`):
 * node:http, not fetch — undici and its WebAssembly parser are never loaded — node:https only for
 * an https server, the same output as locally, and a `request` phase in HELPDESK_TIMINGS.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, type Sandbox } from '../helpers/cli.js';
import { selfSignedCert, serve, type Served } from '../helpers/server.js';
import { T0, at, create, labSandbox } from './contract/support.js';

const HOOK = resolve(import.meta.dirname, '../helpers/builtins-hook.cjs');
let s: Sandbox;
let srv: Served;
let john: string;
beforeAll(async () => {
  s = labSandbox();
  create(s, 'john', ['--user', 'ken@example.com', '--subject', 'Printer on fire', '--body', 'Smoke.']);
  john = s.hd(['--as', 'john', 'token', 'create'], at(T0)).stdout.trim();
  srv = await serve(s, [], { HELPDESK_NOW: T0 });
});
afterAll(async () => {
  await srv?.stop();
  s.cleanup();
});

function remote(args: string[], env: Record<string, string> = {}) {
  const trace = join(s.dir, 'remote-builtins.txt');
  const r = spawnSync(process.execPath, ['--require', HOOK, BIN, ...args], {
    env: { ...s.env, HELPDESK_DB: '', HELPDESK_URL: srv.url, HELPDESK_TOKEN: john, HELPDESK_NOW: T0, HELPDESK_TRACE_BUILTINS: trace, ...env },
    encoding: 'utf8',
  });
  return { ...r, builtins: readFileSync(trace, 'utf8').split('\n') };
}

describe('a remote ticket list', () => {
  it('prints what the local one prints, over node:http: no undici (fetch), no TLS for an http server', () => {
    const local = s.hd(['--as', 'john', 'ticket', 'list'], at(T0));
    const r = remote(['ticket', 'list']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(local.stdout);
    expect(r.stdout).toContain('Printer on fire');
    expect(r.builtins).toContain('http');
    expect(r.builtins.filter((m) => /undici/.test(m))).toEqual([]);
    expect(r.builtins).not.toContain('tls');
    expect(r.builtins).not.toContain('https');
  });

  it('HELPDESK_TIMINGS=1 shows the time spent on the request', () => {
    const r = remote(['ticket', 'list'], { HELPDESK_TIMINGS: '1' });
    expect(r.status, r.stderr).toBe(0);
    const line = /helpdesk timings: (\{.*\})/.exec(r.stderr)?.[1];
    const timings = JSON.parse(line ?? '{}') as Record<string, number>;
    expect(timings.request).toBeGreaterThan(0);
    expect(timings.request).toBeLessThanOrEqual(timings.command!);
  });
});

describe('over HTTPS', () => {
  it('the remote command line talks to serve --tls-cert (node:https, loaded for it)', async () => {
    const { cert, key } = selfSignedCert(s.dir, 'remote');
    const tls = await serve(s, ['--tls-cert', cert, '--tls-key', key], { HELPDESK_NOW: T0 });
    try {
      const r = remote(['whoami'], { HELPDESK_URL: tls.url, NODE_EXTRA_CA_CERTS: cert });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe('John (john) — agent, Support\n');
      expect(r.builtins).toContain('https');
      // Without the certificate's authority the connection is refused: exit 1, naming the server.
      const refused = remote(['whoami'], { HELPDESK_URL: tls.url });
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/cannot reach the server https:\/\/127\.0\.0\.1:\d+/);
    } finally {
      expect(await tls.stop()).toBe(0);
    }
  });
});
