/**
 * `helpdesk serve` for tests: the built binary on 127.0.0.1, a free port (port 0), the
 * sandbox's database; stopped with SIGTERM by stop(), and killed on exit if a test forgot.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { BIN, type Sandbox } from './cli.js';

export interface Served {
  url: string;
  child: ChildProcess;
  /** Everything the server wrote on stderr so far (the access log). */
  log(): string;
  /**
   * The access log once it matches `pattern`: the server writes its log lines once per event-loop
   * turn, so a line may follow the response it describes by a moment. Fails after `ms`.
   */
  waitForLog(pattern: RegExp, ms?: number): Promise<string>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => { for (const c of running) c.kill('SIGKILL'); });

export function serve(s: Sandbox, args: string[] = [], env: Record<string, string> = {}): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'serve', '--listen', '127.0.0.1:0', ...args], { env: { ...s.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stderr = '';
  const exited = new Promise<number>((done) => child.on('close', (code) => { running.delete(child); done(code ?? -1); }));
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not start: ${stderr}`)), 15_000);
    child.stderr!.on('data', (d) => {
      stderr += d;
      const m = /Listening on (\S+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        done({
          url: m[1]!, child, log: () => stderr,
          waitForLog: async (pattern, ms = 5000) => {
            for (const until = Date.now() + ms; !pattern.test(stderr) && Date.now() < until;) await new Promise((r) => setTimeout(r, 20));
            return stderr;
          },
          stop: () => { child.kill('SIGTERM'); return exited; },
        });
      }
    });
    void exited.then((code) => { clearTimeout(timer); fail(new Error(`serve exited ${code}: ${stderr}`)); });
  });
}

/** A JSON request; the status, the parsed body (or text) and the headers. */
export async function api(url: string, path: string, init: { method?: string; token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined || init.raw !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(url + path, {
    method: init.method ?? (init.body !== undefined || init.raw !== undefined ? 'POST' : 'GET'),
    headers, body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  const text = await res.text();
  let json: any = null;
  try { json = JSON.parse(text); } catch { json = null; }
  return { status: res.status, json, text, headers: res.headers };
}

/** A self-signed certificate for 127.0.0.1 (serve --tls-cert/--tls-key), made by openssl in `dir`. */
export function selfSignedCert(dir: string, name: string): { cert: string; key: string } {
  const cert = join(dir, `${name}-cert.pem`);
  const key = join(dir, `${name}-key.pem`);
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`openssl could not make a certificate: ${made.stderr}`);
  return { cert, key };
}
