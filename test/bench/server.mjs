// The server's benchmark, part of `npm run bench` (section `server`) and runnable alone:
//   node test/bench/server.mjs [--db <file>] [--seconds 10] [--clients 8] [--soak-seconds 60] [--soak-clients 200]
// after `npm run build`. `helpdesk serve` on 127.0.0.1 over the given database (the bench's copy of
// its 1M-ticket desk; without --db a fresh lab desk). test/bench/load.mjs is the load generator
// (raw sockets, no extra dependency): `clients` keep-alive connections POST osTicket payloads to
// /api/tickets.json for `seconds`; then GET /api/v1/tickets queue pages; then `soak-clients`
// connections for `soak-seconds` (errors, tickets lost, the server's RSS before and after); then a
// remote `helpdesk ticket list` against `node -e 0`, interleaved. Every 201 must be a ticket in the
// database afterwards (lost tickets).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { requestBytes, runLoad } from './load.mjs';

const BIN = fileURLToPath(new URL('../../bin/helpdesk.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? 0; };
const median = (xs) => pct(xs, 0.5);
const round = (n) => Math.round(n * 100) / 100;

function countTickets(db) {
  return Number(spawnSync(process.execPath, ['-e', `const D=require('better-sqlite3');console.log(new D(process.argv[1],{readonly:true}).prepare('select count(*) n from tickets').get().n)`, db], { encoding: 'utf8', cwd: ROOT }).stdout);
}

/** Runs the server benchmark; returns its figures. `log` gets progress lines. */
export async function serverBench({ db = null, seconds = 10, clients = 8, soakSeconds = 60, soakClients = 200, coldRuns = 21, now = null, log = () => {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'helpdesk-bench-server-'));
  const file = db ?? join(dir, 'desk.db');
  const env = {
    PATH: process.env.PATH ?? '', HOME: dir, XDG_STATE_HOME: join(dir, 's'), XDG_DATA_HOME: join(dir, 'd'), XDG_CACHE_HOME: join(dir, 'c'),
    HELPDESK_DB: file, NO_COLOR: '1', ...(now ? { HELPDESK_NOW: now } : {}),
  };
  const hd = (...args) => {
    const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`helpdesk ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return r.stdout.trim();
  };
  if (db === null) hd('init', '--sample', 'lab');
  const key = hd('--as', 'admin', 'apikey', 'add');
  const token = hd('--as', 'admin', 'token', 'create');
  const server = spawn(process.execPath, [BIN, 'serve', '--listen', '127.0.0.1:0'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    let text = '';
    const url = await new Promise((done, fail) => {
      server.on('exit', (code) => fail(new Error(`helpdesk serve exited ${code}: ${text}`)));
      server.stderr.on('data', (d) => { text += d; const m = /Listening on (\S+)/.exec(text); if (m) done(m[1]); });
    });
    server.stderr.removeAllListeners('data');
    server.stderr.resume();
    const { port } = new URL(url);
    const rss = () => Number(spawnSync('ps', ['-o', 'rss=', '-p', String(server.pid)], { encoding: 'utf8' }).stdout.trim()) / 1024;

    // The load generator runs in this process on raw keep-alive sockets (test/bench/load.mjs): it
    // shares the two cores with the server, so its own CPU time per request is reported too.
    const load = async (secs, conns, make) => {
      const { results, cpuMs } = await runLoad({ port: Number(port), seconds: secs, conns, make });
      results.cpuMsPerRequest = results.length ? cpuMs / results.length : 0;
      return results;
    };
    let n = 0;
    const create = () => {
      const body = JSON.stringify({ name: 'Bench User', email: `bench${n++ % 500}@example.com`, subject: `Bench ${n}`, message: 'The printer is on fire again.' });
      return requestBytes('POST', '/api/tickets.json', { 'content-type': 'application/json', 'x-api-key': key }, body);
    };
    const page = requestBytes('GET', '/api/v1/tickets?queue=open&limit=50', { authorization: `Bearer ${token}` });
    const before = countTickets(file);

    log(`  POST /api/tickets.json, ${clients} clients, ${seconds} s…\n`);
    const created = await load(seconds, clients, create);
    const ok = created.filter((r) => r.status === 201);
    log(`  GET /api/v1/tickets, ${clients} clients…\n`);
    const pages = await load(Math.max(2, seconds / 2), clients, () => page);
    log(`  ${soakClients} connections creating for ${soakSeconds} s…\n`);
    const rssBefore = rss();
    const soak = soakSeconds > 0 ? await load(soakSeconds, soakClients, create) : [];
    const rssAfter = rss();
    const soakOk = soak.filter((r) => r.status === 201);

    log(`  remote ticket list, ${coldRuns} rounds…\n`);
    const remoteEnv = { PATH: env.PATH, HOME: dir, XDG_STATE_HOME: env.XDG_STATE_HOME, XDG_DATA_HOME: env.XDG_DATA_HOME, XDG_CACHE_HOME: env.XDG_CACHE_HOME, HELPDESK_URL: url, HELPDESK_TOKEN: token, NO_COLOR: '1' };
    const cold = { node: [], list: [] };
    for (let round = 0; round < coldRuns + 3; round++) {
      for (const [name, args] of round % 2 ? [['node', ['-e', '0']], ['list', [BIN, 'ticket', 'list']]] : [['list', [BIN, 'ticket', 'list']], ['node', ['-e', '0']]]) {
        const started = process.hrtime.bigint();
        const r = spawnSync(process.execPath, args, { env: remoteEnv, stdio: ['ignore', 'pipe', 'pipe'] });
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
        if (round >= 3) cold[name].push(ms);
      }
    }

    server.kill('SIGTERM');
    await new Promise((done) => (server.exitCode !== null ? done() : server.on('close', done)));
    const after = countTickets(file);
    const lost = ok.length + soakOk.length - (after - before);
    return {
      create: {
        clients, seconds, ticketsPerSecond: ok.length / seconds, p50Ms: round(median(ok.map((r) => r.ms))), p99Ms: round(pct(ok.map((r) => r.ms), 0.99)),
        errors: created.length - ok.length, loadCpuMsPerRequest: round(created.cpuMsPerRequest),
      },
      queuePage: { requests: pages.length, p50Ms: round(median(pages.map((r) => r.ms))), p99Ms: round(pct(pages.map((r) => r.ms), 0.99)), errors: pages.filter((r) => r.status !== 200).length },
      soak: {
        clients: soakClients, seconds: soakSeconds, requests: soak.length, ticketsPerSecond: soakOk.length / Math.max(1, soakSeconds),
        errors: soak.length - soakOk.length, firstError: soak.find((r) => r.status !== 201)?.text?.slice(0, 200) ?? null,
        rssBeforeMb: Math.round(rssBefore), rssAfterMb: Math.round(rssAfter),
      },
      lost,
      remoteList: { baseMs: median(cold.node), ms: median(cold.list), ratio: median(cold.list) / median(cold.node), runs: coldRuns },
      tickets: { before, after },
    };
  } finally {
    if (server.exitCode === null) server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values: o } = parseArgs({
    options: {
      db: { type: 'string' }, seconds: { type: 'string', default: '10' }, clients: { type: 'string', default: '8' },
      'soak-seconds': { type: 'string', default: '60' }, 'soak-clients': { type: 'string', default: '200' }, 'cold-runs': { type: 'string', default: '21' },
    },
  });
  const result = await serverBench({
    db: o.db ?? null, seconds: Number(o.seconds), clients: Number(o.clients), soakSeconds: Number(o['soak-seconds']),
    soakClients: Number(o['soak-clients']), coldRuns: Number(o['cold-runs']), log: (t) => process.stderr.write(t),
  });
  console.log(JSON.stringify(result, null, 2));
}
