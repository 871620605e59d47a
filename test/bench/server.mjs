// The server's benchmark (issue 18): `node test/bench/server.mjs [--seconds 10] [--clients 8]` after
// `npm run build`. A fresh lab desk behind `helpdesk serve` on 127.0.0.1; `clients` keep-alive
// connections POST osTicket payloads to /api/tickets.json for `seconds`, then GET /api/v1/tickets
// pages. Prints tickets/s, p50/p99 latencies, errors, and whether every 201 is a ticket in the
// database (lost tickets). Node's own http client as the load generator (no extra dependency).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const BIN = fileURLToPath(new URL('../../bin/helpdesk.js', import.meta.url));
const { values: o } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, clients: { type: 'string', default: '8' } } });
const dir = mkdtempSync(join(tmpdir(), 'helpdesk-bench-server-'));
const env = { ...process.env, HOME: dir, XDG_STATE_HOME: join(dir, 's'), XDG_DATA_HOME: join(dir, 'd'), XDG_CACHE_HOME: join(dir, 'c'), HELPDESK_DB: join(dir, 'desk.db') };
const hd = (...args) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
hd('init', '--sample', 'lab');
const key = hd('--as', 'admin', 'apikey', 'add').stdout.trim();
const token = hd('--as', 'admin', 'token', 'create').stdout.trim();

const server = spawn(process.execPath, [BIN, 'serve', '--listen', '127.0.0.1:0'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
let log = '';
const url = await new Promise((done) => server.stderr.on('data', (d) => { log += d; const m = /Listening on (\S+)/.exec(log); if (m) done(m[1]); }));
const { port } = new URL(url);
const agent = new Agent({ keepAlive: true, maxSockets: Number(o.clients) });

function send(method, path, headers, body) {
  return new Promise((done) => {
    const started = process.hrtime.bigint();
    const req = request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => done({ status: res.statusCode, text, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    });
    req.on('error', (err) => done({ status: 0, text: err.message, ms: 0 }));
    req.end(body);
  });
}

async function load(seconds, make) {
  const until = Date.now() + seconds * 1000;
  const results = [];
  await Promise.all(Array.from({ length: Number(o.clients) }, async () => {
    while (Date.now() < until) results.push(await make());
  }));
  return results;
}

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? 0; };
const rss = () => Number(spawnSync('ps', ['-o', 'rss=', '-p', String(server.pid)], { encoding: 'utf8' }).stdout.trim()) * 1024;

const seconds = Number(o.seconds);
const rssBefore = rss();
let n = 0;
const created = await load(seconds, () => {
  const body = JSON.stringify({ name: 'Bench User', email: `bench${n++ % 500}@example.com`, subject: `Bench ${n}`, message: 'The printer is on fire again.' });
  return send('POST', '/api/tickets.json', { 'content-type': 'application/json', 'x-api-key': key, 'content-length': Buffer.byteLength(body) }, body);
});
const rssAfter = rss();
const ok = created.filter((r) => r.status === 201);
const pages = await load(Math.max(2, seconds / 2), () => send('GET', '/api/v1/tickets?queue=open&limit=50', { authorization: `Bearer ${token}` }));
server.kill('SIGTERM');
await new Promise((done) => server.on('close', done));
const count = Number(spawnSync(process.execPath, ['-e', `const D=require('better-sqlite3');console.log(new D(process.argv[1],{readonly:true}).prepare('select count(*) n from tickets').get().n)`, env.HELPDESK_DB], { encoding: 'utf8', cwd: fileURLToPath(new URL('../..', import.meta.url)) }).stdout);
const report = {
  create: { clients: Number(o.clients), seconds, tickets_per_s: Math.round(ok.length / seconds), p50_ms: +pct(ok.map((r) => r.ms), 0.5).toFixed(2), p99_ms: +pct(ok.map((r) => r.ms), 0.99).toFixed(2), errors: created.length - ok.length, lost: ok.length - count, rss_before_mb: Math.round(rssBefore / 2 ** 20), rss_after_mb: Math.round(rssAfter / 2 ** 20) },
  queue_page: { requests: pages.length, p50_ms: +pct(pages.map((r) => r.ms), 0.5).toFixed(2), p99_ms: +pct(pages.map((r) => r.ms), 0.99).toFixed(2), errors: pages.filter((r) => r.status !== 200).length },
};
console.log(JSON.stringify(report, null, 2));
rmSync(dir, { recursive: true, force: true });
