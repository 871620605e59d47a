/**
 * The contract tests, run remotely: HELPDESK_TEST_REMOTE=1 makes a lab sandbox start
 * `helpdesk serve` on its database and run every command the server offers (ticket, whoami, report,
 * sla, schedule, config, canned, the mail queue, the organisation's lists and changes) through HELPDESK_URL + HELPDESK_TOKEN
 * instead of HELPDESK_DB — with the same assertions on stdout, stderr, JSON and exit codes.
 *
 * Who acts: `--as <agent>` (or HELPDESK_AS, or the login saved for the database, as a person who
 * logged in to the server with their own password would be) becomes that agent's own token; an end user, or an
 * agent made after the start, is the admin's token with --as (which the server records in events
 * as data.acting_admin). That field is the harness's doing (a person acting for themselves has no
 * admin in between), so it is taken out of the JSON of every remote command before the test sees it;
 * test/e2e/server.test.ts checks that it is recorded. Everything else (init, admin changes, labs)
 * still runs locally.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, type Result, type Sandbox } from './cli.js';

const REMOTE_NOUNS = new Set(['whoami', 'report', 'config', 'canned', 'automate']);
const REMOTE_VERBS: Record<string, readonly string[]> = {
  ticket: ['create', 'list', 'ls', 'show', 'view', 'assign', 'transfer', 'edit', 'sla', 'reply', 'note', 'status', 'reopen', 'search',
    'merge', 'link', 'unlink', 'cc', 'sla-explain', 'attachment'],
  sla: ['status', 'list', 'ls', 'add', 'edit', 'simulate', 'check'], schedule: ['list', 'ls', 'add', 'edit', 'remove', 'holiday'],
  mail: ['outbox', 'show', 'retry', 'inbound', 'original', 'template'],
  agent: ['list', 'ls', 'add', 'edit', 'deactivate', 'activate', 'access'],
  dept: ['list', 'ls', 'add', 'edit', 'remove', 'rm'], team: ['list', 'ls', 'add', 'join', 'leave'], topic: ['list', 'ls', 'add', 'edit'], role: ['list', 'ls'],
  user: ['list', 'ls', 'add', 'edit'],
};
const WITH_VALUE = new Set(['--db', '--as']);

export const remoteMode = (): boolean => process.env.HELPDESK_TEST_REMOTE === '1';

function words(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (WITH_VALUE.has(a)) i++;
    else if (!a.startsWith('-')) out.push(a);
  }
  return out;
}

function isRemote(args: readonly string[]): boolean {
  if (args.includes('--db') || args.some((a) => a.startsWith('--db='))) return false;
  const [noun, verb] = words(args);
  if (noun === undefined) return false;
  return REMOTE_NOUNS.has(noun) || (verb !== undefined && (REMOTE_VERBS[noun]?.includes(verb) ?? false));
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Starts the server synchronously (the contract tests build sandboxes in synchronous hooks). */
function startServer(s: Sandbox): { url: string; child: ChildProcess } {
  const logFile = join(s.dir, 'serve.log');
  const fd = openSync(logFile, 'w');
  const child = spawn(process.execPath, [BIN, 'serve', '--listen', '127.0.0.1:0'], {
    env: { ...s.env, HELPDESK_NOW: '2026-03-02T09:00:00Z' }, stdio: ['ignore', 'ignore', fd],
  });
  closeSync(fd);
  process.on('exit', () => child.kill('SIGKILL'));
  for (let i = 0; i < 300; i++) {
    const m = /Listening on (\S+)/.exec(readFileSync(logFile, 'utf8'));
    if (m) return { url: m[1]!, child };
    sleep(50);
  }
  throw new Error(`serve did not start: ${readFileSync(logFile, 'utf8')}`);
}

/** The sandbox, with the server's commands sent to a `helpdesk serve` on its database. */
export function remoteSandbox(s: Sandbox): Sandbox {
  const local = { hd: s.hd, hdAsync: s.hdAsync };
  const tokens = new Map<string, string>();
  const agents = JSON.parse(local.hd(['--as', 'admin', 'agent', 'list', '--json']).stdout) as Array<{ username: string }>;
  for (const a of agents) {
    const r = local.hd(['--as', 'admin', 'token', 'create', '--agent', a.username, '--name', 'contract tests']);
    if (r.code === 0) tokens.set(a.username.toLowerCase(), r.stdout.trim());
  }
  const { url, child } = startServer(s);
  const remoteArgs = (args: string[], env: Record<string, string>): { args: string[]; env: Record<string, string>; remote?: boolean } => {
    if (!isRemote(args)) return { args, env };
    const at = args.indexOf('--as');
    // The jobs (sla check, automate run) need no identity on a local file: cron runs them as the
    // machine. On a server that is the admin's token, whoever the local run happened to name.
    const [noun, verb] = words(args);
    const job = noun === 'automate' || (noun === 'sla' && verb === 'check');
    const who = job ? 'admin' : at >= 0 ? args[at + 1] : (env.HELPDESK_AS || s.env.HELPDESK_AS || savedLogin(s));
    const own = who === undefined ? undefined : tokens.get(who.trim().toLowerCase());
    const rest = own !== undefined && at >= 0 ? [...args.slice(0, at), ...args.slice(at + 2)] : args;
    const extra = { HELPDESK_DB: '', HELPDESK_URL: url, HELPDESK_TOKEN: own ?? tokens.get('admin')!, ...(own !== undefined ? { HELPDESK_AS: '' } : {}) };
    return { args: rest, env: { ...env, ...extra }, remote: true };
  };
  const hd: Sandbox['hd'] = (args, opts = {}) => {
    const r = remoteArgs(args, opts.env ?? {});
    const result = local.hd(r.args, { ...opts, env: r.env });
    return r.remote ? withoutActingAdmin(result) : result;
  };
  return {
    ...s,
    hd,
    hdAsync: (args, opts = {}) => {
      const r = remoteArgs(args, opts.env ?? {});
      return local.hdAsync(r.args, { ...opts, env: r.env }).then((result) => (r.remote ? withoutActingAdmin(result) : result));
    },
    json(args, opts) {
      const r: Result = hd([...args, '--json'], opts);
      if (r.code !== 0) throw new Error(`helpdesk ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
      return JSON.parse(r.stdout);
    },
    cleanup() {
      if (process.env.HELPDESK_TEST_REMOTE_LOG) console.log(readFileSync(join(s.dir, 'serve.log'), 'utf8').split('\n').length, 'server log lines');
      child.kill('SIGTERM');
      spawnSync('sleep', ['0.2']);
      s.cleanup();
    },
  };
}

/** The JSON on stdout without events' data.acting_admin, printed as the CLI prints JSON. */
function withoutActingAdmin(r: Result): Result {
  if (!r.stdout.includes('"acting_admin"')) return r;
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') {
      const o = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, strip(x)]));
      delete (o as Record<string, unknown>).acting_admin;
      return o;
    }
    return v;
  };
  return { ...r, stdout: `${JSON.stringify(strip(JSON.parse(r.stdout)), null, 2)}\n` };
}

/** The identity `helpdesk login` saved for the sandbox's database, if any. */
function savedLogin(s: Sandbox): string | undefined {
  try {
    const all = JSON.parse(readFileSync(join(s.env.XDG_STATE_HOME!, 'helpdesk', 'logins.json'), 'utf8')) as Record<string, string>;
    return all[s.db];
  } catch {
    return undefined;
  }
}
