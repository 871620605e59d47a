/**
 * A throwaway PostgreSQL cluster for tests: initdb in a temp dir, owned by an unprivileged
 * user when we are root (PostgreSQL refuses to run as root), started on 127.0.0.1 on a free port, one
 * fresh database per test, and stopped on every exit — the process ending, a signal, vitest's
 * teardown, and even a kill -9 of the test process (a watchdog process stops the cluster then).
 *
 * Several test files (and the e2e contract run under HELPDESK_TEST_PG=1) share one cluster when the
 * global setup (pg-global-setup.ts) started it: it hands the address over in HELPDESK_TEST_PG_SERVER.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The PgServer it returns is described in pg-server.d.mts (shared with the benchmark, test/bench/pg.mjs).

const PASSWORD = 'hd-test-secret';
const USER = 'helpdesk';

/** The directory of initdb/pg_ctl/postgres, or null when PostgreSQL is not installed. */
export function pgBinDir() {
  const root = '/usr/lib/postgresql';
  if (process.env.HELPDESK_PG_BIN) return process.env.HELPDESK_PG_BIN;
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : null;
}

/** Why PostgreSQL tests cannot run here, or null when they can. */
export function pgUnavailable() {
  return pgBinDir() === null && !process.env.HELPDESK_TEST_PG_SERVER ? 'PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)' : null;
}

/** A free TCP port on 127.0.0.1 (the kernel picks it; we release it for postgres to take). */
export async function freePort() {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = s.address().port;
      s.close(() => done(port));
    });
  });
}

/** Runs a PostgreSQL binary as the unprivileged owner of the cluster (ourselves when not root). */
function asOwner(bin, args, opts = {}) {
  const root = process.getuid?.() === 0;
  const [cmd, argv] = root ? ['runuser', ['-u', 'nobody', '--', bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8', input: opts.input ?? '', cwd: '/' });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

let counter = 0;

/** Address of a cluster someone else runs (global setup), as JSON in HELPDESK_TEST_PG_SERVER: { host, port, user, password, dataDir, bin }. */

function handle(s, stop) {
  const url = (name) => `postgres://${s.user}:${encodeURIComponent(s.password)}@${s.host}:${s.port}/${name}`;
  const ctl = (args) => asOwner(join(s.bin, 'pg_ctl'), ['-D', s.dataDir, '-w', '-t', '60', ...args]);
  return {
    ...s,
    url,
    createDatabase(name, template = 'template0') {
      const db = name ?? `hd_${process.pid}_${Date.now().toString(36)}_${++counter}`;
      // createdb talks to the server over TCP with the password, like any client.
      execFileSync(join(s.bin, 'createdb'), ['-h', s.host, '-p', String(s.port), '-U', s.user, '-T', template, db], {
        env: { ...process.env, PGPASSWORD: s.password }, stdio: ['ignore', 'ignore', 'pipe'],
      });
      return url(db);
    },
    stopServer(mode = 'fast') { ctl(['stop', '-m', mode]); },
    startServer() { ctl(['start', '-l', join(s.dataDir, '..', 'server.log'), '-o', `-p ${s.port}`]); },
    stop,
  };
}

/**
 * Starts a new cluster. It is stopped and removed when stop() is called, when this process exits or
 * is signalled, and — by a detached watchdog — when this process dies without running any handler.
 */
export async function startPgServer(options = {}) {
  const bin = pgBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed: no /usr/lib/postgresql/*/bin/initdb');
  const base = mkdtempSync(join(tmpdir(), 'helpdesk-pg-'));
  const dataDir = join(base, 'data');
  if (process.getuid?.() === 0) chownSync(base, 65534, 65534);
  const pwfile = join(base, 'pw');
  writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o644 });
  if (process.getuid?.() === 0) chownSync(pwfile, 65534, 65534);
  asOwner(join(bin, 'initdb'), ['-D', dataDir, '-U', USER, '--pwfile', pwfile, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8', '-N']);
  rmSync(pwfile);
  // A test cluster: no fsync (a crash of postgres itself still loses nothing committed, which is
  // what the fault tests exercise), no Unix socket, TCP on 127.0.0.1 only, enough connections for
  // 16 concurrent writers and the suites running two files at a time.
  // options.conf: more lines (the benchmark's cluster is durable and has a server's memory); later
  // lines win.
  writeFileSync(join(dataDir, 'postgresql.auto.conf'), [
    "listen_addresses = '127.0.0.1'", "unix_socket_directories = ''", 'fsync = off', 'full_page_writes = off',
    'max_connections = 200', "log_min_messages = 'warning'", 'shared_buffers = 32MB', ...(options.conf ?? []),
  ].join('\n') + '\n');
  const port = await freePort();
  const shared = { host: '127.0.0.1', port, user: USER, password: PASSWORD, dataDir, bin };
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try { asOwner(join(bin, 'pg_ctl'), ['-D', dataDir, 'stop', '-m', 'immediate']); } catch { /* not running */ }
    rmSync(base, { recursive: true, force: true });
  };
  const server = handle(shared, stop);
  server.startServer();
  watchdog(bin, dataDir, base);
  process.once('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => { stop(); process.kill(process.pid, signal); });
  }
  return server;
}

/** A detached shell that stops the cluster and removes its files once this process is gone. */
function watchdog(bin, dataDir, base) {
  const ctl = process.getuid?.() === 0 ? `runuser -u nobody -- ${join(bin, 'pg_ctl')}` : join(bin, 'pg_ctl');
  const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ${ctl} -D '${dataDir}' stop -m immediate >/dev/null 2>&1; rm -rf '${base}'`;
  spawn('sh', ['-c', script], { detached: true, stdio: 'ignore', cwd: '/' }).unref();
}

let mine = null;

/**
 * The cluster for this test process: the global setup's when it started one, else one started here
 * on first use (and stopped when this process ends).
 */
export function sharedPgServer() {
  const given = process.env.HELPDESK_TEST_PG_SERVER;
  if (given) {
    const s = JSON.parse(given);
    return Promise.resolve(handle(s, () => {}));
  }
  return (mine ??= startPgServer());
}

/** For the synchronous sandbox helper: the global setup's cluster (HELPDESK_TEST_PG=1 runs). */
export function globalPgServer() {
  const given = process.env.HELPDESK_TEST_PG_SERVER;
  return given ? handle(JSON.parse(given), () => {}) : null;
}

/** The global setup's database holding the schema and nothing else, which sandboxes copy. */
export const PG_TEMPLATE = 'hd_template';
