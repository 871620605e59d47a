// The benchmark: `npm run bench [-- --tickets N] [-- --json] [-- --record] [-- --only cold,…]`.
// Builds (or reuses) a database of N tickets, then measures against a copy of it: cold starts of
// the CLI as ratios to `node -e 0` measured in the same interleaved runs, in-process queries,
// import throughput, a whole export with its peak memory, bytes per ticket, and four processes
// creating tickets at once. Prints a table (or --json); --record also writes test/bench/RESULTS.md.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SCHEMA_VERSION } from '../../dist/store/migrations.js';
import { BENCH_NOW, cachedDatabase } from './generate.mjs';
import { inProcess } from './queries.mjs';
import { renderMarkdown, renderTable } from './report.mjs';
import { serverBench } from './server.mjs';
import { pgBench, renderPg } from './pg.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const BIN = join(here, '../../bin/helpdesk.js');

const { values: opts } = parseArgs({
  options: {
    tickets: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '41' },
    json: { type: 'boolean', default: false },
    record: { type: 'boolean', default: false },
    only: { type: 'string' },
    'cache-dir': { type: 'string', default: join(tmpdir(), 'helpdesk-bench') },
    'writers-seconds': { type: 'string', default: '60' },
    'server-seconds': { type: 'string', default: '10' },
    'soak-seconds': { type: 'string', default: '60' },
    // The PostgreSQL section: its own desk size (100000 for a quick run) and writers' time.
    'pg-tickets': { type: 'string' },
    'pg-writers-seconds': { type: 'string', default: '20' },
  },
});
const tickets = Number(opts.tickets);
if (!Number.isInteger(tickets) || tickets < 1000) throw new Error('--tickets must be a whole number of at least 1000');
// Each section measures against this run's copy of the database, in this order; "pg" (
// test/bench/pg.mjs) starts a PostgreSQL cluster of its own and measures both stores side by side.
const SECTIONS = ['cold', 'queries', 'backlog', 'automate', 'import', 'export', 'concurrency', 'server', 'pg'];
/** --only cold,queries: measure just these (while working on one of them); --record needs them all. */
const only = opts.only === undefined ? SECTIONS : opts.only.split(',').map((x) => x.trim());
const unknown = only.filter((x) => !SECTIONS.includes(x));
if (unknown.length) throw new Error(`--only: unknown section ${unknown.join(', ')} (sections: ${SECTIONS.join(', ')})`);
if (opts.record && only.length !== SECTIONS.length) throw new Error('--record writes every section: drop --only');
const log = (text) => process.stderr.write(text);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Runs a command to completion; returns milliseconds, or throws with its stderr. */
function timed(args, env) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

/**
 * Cold starts: each round runs the baseline and every command once, in a rotating order, so
 * the machine's ups and downs fall on all of them alike; medians over the rounds after warm-up.
 */
function coldStarts(env, runs) {
  let n = 0;
  const commands = {
    'node -e 0': ['-e', '0'],
    'ticket list': [BIN, 'ticket', 'list'],
    'ticket show': [BIN, 'ticket', 'show', String(100000 + Math.floor(tickets / 2))],
    'ticket create': [BIN, 'ticket', 'create', '--subject', 'Printer on the 3rd floor jams', '--body', 'Every page jams since this morning.', '--user', () => `cold${n++}@example.com`],
  };
  const names = Object.keys(commands);
  const times = Object.fromEntries(names.map((k) => [k, []]));
  let rows = 0;
  for (let round = 0; round < runs + 3; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length];
      const args = commands[name].map((a) => (typeof a === 'function' ? a() : a));
      const r = timed(args, env);
      if (name === 'ticket list') rows = r.stdout.split('\n').filter(Boolean).length;
      if (round >= 3) times[name].push(r.ms);
    }
    log('.');
  }
  log('\n');
  const base = median(times['node -e 0']);
  const cpu = cpuTimes(env, commands, runs);
  return {
    baseMs: base, rows, shown: commands['ticket show'][3], results: names.map((name) => ({ name, ms: median(times[name]), ratio: median(times[name]) / base, runs })),
    cpu: names.map((name) => ({ name, ms: median(cpu[name]), ratio: median(cpu[name]) / median(cpu['node -e 0']) })),
    create: createPhases(env, commands['ticket create'], runs),
    fsyncs: fsyncsPerCreate(env, commands['ticket create']),
  };
}

/**
 * The CPU time (user + system) of each cold-start command, from its own process.cpuUsage() at exit
 * (cpu.cjs, preloaded into every command and into `node -e 0` alike), over rounds in rotating order
 * like the wall times'; medians in milliseconds by command.
 */
function cpuTimes(env, commands, runs) {
  const file = join(tmpdir(), `helpdesk-bench-cpu-${process.pid}`);
  const names = Object.keys(commands);
  const times = Object.fromEntries(names.map((k) => [k, []]));
  try {
    for (let round = 0; round < runs + 3; round++) {
      for (let i = 0; i < names.length; i++) {
        const name = names[(round + i) % names.length];
        const args = commands[name].map((a) => (typeof a === 'function' ? a() : a));
        rmSync(file, { force: true });
        timed(['--require', join(here, 'cpu.cjs'), ...args], { ...env, HELPDESK_BENCH_CPU: file });
        if (round >= 3) times[name].push(Number(readFileSync(file, 'utf8')) / 1000);
      }
    }
  } finally {
    rmSync(file, { force: true });
  }
  return times;
}

/**
 * Where a cold `ticket create` spends its time (HELPDESK_TIMINGS=1, see src/store/timings.ts):
 * medians over runs interleaved with `node -e 0`, in milliseconds.
 */
function createPhases(env, command, runs) {
  const phases = { node: [], started: [], load: [], command: [], open: [], commit: [], close: [], exit: [], total: [] };
  for (let round = 0; round < runs + 3; round++) {
    const node = timed(['-e', '0'], env).ms;
    const r = timed(command.map((a) => (typeof a === 'function' ? a() : a)), { ...env, HELPDESK_TIMINGS: '1' });
    const line = /^helpdesk timings: (.*)$/m.exec(r.stderr);
    if (!line) throw new Error(`no timings from ticket create: ${r.stderr}`);
    const t = JSON.parse(line[1]);
    if (round < 3) continue;
    phases.node.push(node);
    for (const k of ['started', 'load', 'command', 'open', 'commit', 'close']) phases[k].push(t[k] ?? 0);
    phases.exit.push(r.ms - t.end);
    phases.total.push(r.ms);
  }
  return Object.fromEntries(Object.entries(phases).map(([k, xs]) => [k, median(xs)]));
}

/**
 * fsync and fdatasync calls per `ticket create`, counted by strace over 20 creates in a
 * row: most leave their commit in the write-ahead log (one WAL fsync, and the directory's, which
 * SQLite syncs once per process); the one that ends with more than 1 MiB of log checkpoints it.
 * Null when strace is not installed.
 */
function fsyncsPerCreate(env, command) {
  const counts = [];
  for (let i = 0; i < 20; i++) {
    const args = command.map((a) => (typeof a === 'function' ? a() : a));
    const r = spawnSync('strace', ['-f', '-c', '-e', 'trace=fsync,fdatasync', process.execPath, ...args], { env, encoding: 'utf8' });
    if (r.error) return null;
    if (r.status !== 0) throw new Error(`strace ticket create exited ${r.status}: ${r.stderr}`);
    counts.push([...r.stderr.matchAll(/^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(fsync|fdatasync)$/gm)].reduce((n, m) => n + Number(m[1]), 0));
  }
  return { creates: counts.length, median: median(counts), total: counts.reduce((a, b) => a + b, 0), max: Math.max(...counts) };
}

/**
 * `helpdesk import` into a new database of whole help desks of 20,000 and 100,000 tickets (the
 * generator's, so ~3 entries and ~3.7 events a ticket, one end user per 16 tickets), exported by
 * `helpdesk export`: tickets a second (median of 3) and the importing process's peak memory.
 */
async function importThroughput(env, dir, cacheDir) {
  const out = [];
  for (const size of [20_000, 100_000]) {
    const { file: source } = await cachedDatabase(cacheDir, size, SCHEMA_VERSION, log);
    const file = join(dir, 'desk.json');
    timed([BIN, '--db', source, 'export', '--out', file], env);
    out.push(importRuns(env, dir, file, 3));
    rmSync(file, { force: true });
    log('.');
  }
  log('\n');
  return out;
}

/** `runs` imports of an export file, each into a new database: the median rate and the highest peak RSS. */
function importRuns(env, dir, file, runs) {
  const times = [];
  let peak = 0;
  let tickets = 0;
  const rss = join(dir, 'rss');
  for (let i = 0; i < runs; i++) {
    const target = join(dir, `imported-${i}.db`);
    const r = timed(['--import', join(here, 'peak-rss.mjs'), BIN, '--db', target, 'import', file], { ...env, HELPDESK_BENCH_RSS: rss });
    times.push(r.ms);
    tickets = Number(/^Imported ([\d,]+) tickets?/m.exec(r.stderr)[1].replaceAll(',', ''));
    peak = Math.max(peak, Number(readFileSync(rss, 'utf8')) / 1024);
    for (const s of ['', '-wal', '-shm']) rmSync(target + s, { force: true });
  }
  const ms = median(times);
  return { tickets, entries: countInFile(file, '"kind":'), ms, perSecond: tickets / (ms / 1000), runs, peakRssMb: peak, bytes: statSync(file).size };
}

/** How often `key` occurs in a file, read a chunk at a time (a whole desk's export is larger than a string may be). */
function countInFile(file, key) {
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(1 << 22);
  let count = 0;
  let tail = '';
  try {
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0;) {
      const text = tail + buf.toString('latin1', 0, n);
      for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + key.length)) count++;
      tail = text.slice(-(key.length - 1)); // too short to hold a whole key: one cut in two is counted once, in the next chunk
    }
  } finally {
    closeSync(fd);
  }
  return count;
}

/**
 * A whole export to a file, with the exporting process's peak resident memory; then that file
 * imported into a new database (the whole desk: the import's rate and memory at full size).
 */
function exportAll(env, dir) {
  const file = join(dir, 'all.json');
  const rss = join(dir, 'rss');
  try {
    const r = timed(['--import', join(here, 'peak-rss.mjs'), BIN, 'export', '--out', file], { ...env, HELPDESK_BENCH_RSS: rss });
    const bytes = statSync(file).size;
    const exported = { ms: r.ms, bytes, peakRssMb: Number(readFileSync(rss, 'utf8')) / 1024 };
    log('Import of the whole export…\n');
    return { ...exported, imported: importRuns(env, dir, file, 1) };
  } finally {
    rmSync(file, { force: true });
  }
}

/** A command's wall time and peak resident memory (peak-rss.mjs), with its stdout's size. */
function withPeakRss(env, dir, args) {
  const rss = join(dir, 'rss');
  // stdout into a file: a million rows are more than spawnSync's buffer holds.
  const file = join(dir, 'stdout');
  const fd = openSync(file, 'w');
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', join(here, 'peak-rss.mjs'), BIN, ...args], { env: { ...env, HELPDESK_BENCH_RSS: rss }, stdio: ['ignore', fd, 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  closeSync(fd);
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const stdout = readFileSync(file, 'utf8');
  rmSync(file, { force: true });
  return { ms, stdout, peakRssMb: Number(readFileSync(rss, 'utf8')) / 1024 };
}

/**
 * The commands that grow with the desk: every ticket listed into a pipe, and the first
 * `sla check` on the whole backlog (it writes: events and mails in this run's copy).
 */
function backlog(env, dir) {
  const list = withPeakRss(env, dir, ['ticket', 'list', '--queue', 'all', '--limit', '0']);
  const rows = list.stdout.split('\n').filter(Boolean).length;
  const check = withPeakRss(env, dir, ['sla', 'check', '--json']);
  // The JSON lists the earliest breaches only (a backlog's are not all kept): `count` is every one.
  const { count, checked_at: at } = JSON.parse(check.stdout);
  if (!/^[\d:.TZ-]+$/.test(at)) throw new Error(`sla check --json: unexpected checked_at ${at}`);
  const db = join(dir, 'bench.db');
  const recorded = countSql(db, `SELECT count(*) FROM events WHERE type = 'overdue' AND at = '${at}'`);
  if (recorded !== count) throw new Error(`sla check reported ${count} breaches but recorded ${recorded} overdue events`);
  const alerts = countSql(db, `SELECT coalesce(sum(json_array_length(data, '$.alerted')), 0) FROM events WHERE type = 'overdue' AND at = '${at}'`);
  const mails = countSql(db, "SELECT count(*) FROM outbox WHERE kind = 'sla-alert'");
  return {
    list: { ms: list.ms, rows, peakRssMb: list.peakRssMb },
    check: { ms: check.ms, breaches: count, alerts, mails, peakRssMb: check.peakRssMb },
  };
}

/**
 * `automate run` at 1M with nothing to do (< 1 s). The desk must first be caught up: the
 * first run on the bench's backlog closes every resolved ticket older than 7 days (~240,000) and
 * records the breaches; that database is kept in the cache beside the bench's own, so later runs
 * only copy it. The first run's time and peak RSS are reported when it is made (cron
 * jobs on a backlog: < 200 MB).
 */
async function automate(env, dir, cacheDir, source) {
  const caught = source.replace(/\.db$/, '-automated.db');
  let first = null;
  const copy = join(dir, 'automated.db');
  if (existsSync(caught)) {
    copyFileSync(caught, copy);
  } else {
    copyFileSync(source, copy);
    const r = withPeakRss({ ...env, HELPDESK_DB: copy }, dir, ['automate', 'run', '--json']);
    first = { ms: r.ms, peakRssMb: r.peakRssMb, counts: JSON.parse(r.stdout).counts };
    const store = spawnSync(process.execPath, ['-e', `
      const D = require(${JSON.stringify(join(here, '../../node_modules/better-sqlite3'))});
      const db = new D(process.argv[1]); db.pragma('wal_checkpoint(TRUNCATE)'); db.close();`, copy]);
    if (store.status !== 0) throw new Error(`checkpoint of the automated copy failed: ${store.stderr}`);
    copyFileSync(copy, `${caught}.partial`);
    renameSync(`${caught}.partial`, caught);
  }
  const runs = [];
  let counts = null;
  for (let i = 0; i < 5; i++) {
    const r = timed([BIN, 'automate', 'run', '--json'], { ...env, HELPDESK_DB: copy });
    counts = JSON.parse(r.stdout).counts;
    runs.push(r.ms);
  }
  rmSync(copy, { force: true });
  for (const s of ['-wal', '-shm']) rmSync(copy + s, { force: true });
  return { first, idle: { ms: median(runs), runs: runs.length, counts } };
}

function countSql(db, sql) {
  const r = spawnSync(process.execPath, ['-e', `
    const D = require(${JSON.stringify(join(here, '../../node_modules/better-sqlite3'))});
    const db = new D(process.argv[1], { readonly: true });
    console.log(db.prepare(process.argv[2]).pluck().get());`, db, sql], { encoding: 'utf8' });
  return Number(r.stdout);
}

/** Eight processes creating tickets at once for `seconds`, each through its own connection. */
async function concurrency(db, dir, runFor = Number(opts["writers-seconds"])) {
  const before = numbers(db);
  const start = performance.now();
  const results = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((w) => new Promise((done) => {
    const child = spawn(process.execPath, [join(here, 'create-worker.mjs'), db, String(runFor), String(w)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', () => done(JSON.parse(out || '{"created":0,"errors":["no output"]}')));
  })));
  const seconds = (performance.now() - start) / 1000;
  const created = results.reduce((a, r) => a + r.created, 0);
  const errors = results.flatMap((r) => r.errors);
  const waits = results.flatMap((r) => r.waits ?? []).sort((a, b) => a - b);
  const p99 = waits.length ? waits[Math.min(waits.length - 1, Math.floor(waits.length * 0.99))] : null;
  const after = [...numbers(db)].filter((n) => !before.has(n));
  // The numbers are unique by constraint; what could go wrong is a gap or a lost ticket.
  const sorted = after.map(Number).sort((a, b) => a - b);
  const contiguous = sorted.length === created && sorted.every((n, i) => i === 0 || n === sorted[i - 1] + 1);
  return { processes: results.length, created, seconds, perSecond: created / seconds, errors: errors.length, firstError: errors[0] ?? null, duplicates: !contiguous, p99WaitMs: p99 };
}

function numbers(db) {
  const r = spawnSync(process.execPath, ['-e', `
    const D = require(${JSON.stringify(join(here, '../../node_modules/better-sqlite3'))});
    const db = new D(process.argv[1], { readonly: true });
    console.log(JSON.stringify(db.prepare('SELECT number FROM tickets WHERE id > (SELECT max(id) - 200000 FROM tickets)').pluck().all()));`, db], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return new Set(JSON.parse(r.stdout));
}

function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown', cores: cpu.length, ramGb: Math.round(totalmem() / 2 ** 30),
    node: process.version, date: new Date().toISOString().slice(0, 10), load: loadavg().map((l) => l.toFixed(2)).join(' '),
  };
}

async function main() {
  const started = performance.now();
  const cacheDir = opts['cache-dir'];
  mkdirSync(cacheDir, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'helpdesk-bench-run-'));
  if (only.length === 1 && only[0] === 'pg') return pgOnly(cacheDir, dir, started);
  const { file, generated } = await cachedDatabase(cacheDir, tickets, SCHEMA_VERSION, log);
  try {
    log(`Copying the ${tickets.toLocaleString('en-US')}-ticket database to ${dir}…\n`);
    const db = join(dir, 'bench.db');
    copyFileSync(file, db);
    // Written to disk before anything is timed: otherwise the first commands' fsyncs wait for the
    // writeback of a 2 GB copy.
    const fd = openSync(db, 'r+');
    fsyncSync(fd);
    closeSync(fd);
    const env = {
      PATH: process.env.PATH ?? '', HOME: dir, XDG_DATA_HOME: join(dir, 'data'), XDG_STATE_HOME: join(dir, 'state'),
      HELPDESK_DB: db, HELPDESK_AS: 'admin', HELPDESK_NOW: BENCH_NOW, NO_COLOR: '1',
    };
    const result = { machine: machine(), tickets, database: { file, bytes: statSync(file).size, bytesPerTicket: statSync(file).size / tickets, generated } };
    if (only.includes('cold')) {
      log('Cold starts');
      result.cold = coldStarts(env, Number(opts.runs));
    }
    if (only.includes('queries')) {
      log('In-process queries…\n');
      result.queries = await inProcess(db, BENCH_NOW);
    }
    if (only.includes('backlog')) {
      log('Backlog: ticket list --limit 0, sla check…\n');
      result.backlog = backlog(env, dir);
    }
    if (only.includes('automate')) {
      log('automate run with nothing to do…\n');
      result.automate = await automate(env, dir, cacheDir, file);
    }
    if (only.includes('import')) {
      log('Import…\n');
      result.import = await importThroughput(env, dir, cacheDir);
    }
    if (only.includes('export')) {
      log('Export…\n');
      result.export = exportAll(env, dir);
    }
    if (only.includes('concurrency')) {
      log('Eight writers…\n');
      result.concurrency = await concurrency(db, dir);
    }
    if (only.includes('server')) {
      log('helpdesk serve…\n');
      result.server = await serverBench({
        db, seconds: Number(opts['server-seconds']), soakSeconds: Number(opts['soak-seconds']), now: BENCH_NOW, log,
      });
    }
    if (only.includes('pg')) result.pg = await pgSection(cacheDir, dir, env);
    result.seconds = (performance.now() - started) / 1000;
    if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else process.stdout.write(renderTable(result) + (result.pg ? `\n${renderPg(result.pg)}` : ''));
    if (opts.record) {
      writeFileSync(join(here, 'RESULTS.md'), renderMarkdown(result, readPrevious()));
      log('Wrote test/bench/RESULTS.md\n');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Both stores side by side at --pg-tickets (default --tickets). */
function pgSection(cacheDir, dir, env) {
  log('PostgreSQL beside SQLite…\n');
  const pgTickets = Number(opts['pg-tickets'] ?? tickets);
  if (!Number.isInteger(pgTickets) || pgTickets < 1000) throw new Error('--pg-tickets must be a whole number of at least 1000');
  return pgBench({
    bin: BIN, tickets: pgTickets, runs: Number(opts.runs), cacheDir, dir, env, writersSeconds: Number(opts['pg-writers-seconds']),
    sqliteSchema: SCHEMA_VERSION, log,
  });
}

/** --only pg: no copy of the main database, only the PostgreSQL section's own desks. */
async function pgOnly(cacheDir, dir, started) {
  try {
    const env = {
      PATH: process.env.PATH ?? '', HOME: dir, XDG_DATA_HOME: join(dir, 'data'), XDG_STATE_HOME: join(dir, 'state'),
      HELPDESK_AS: 'admin', HELPDESK_NOW: BENCH_NOW, NO_COLOR: '1',
    };
    const pg = await pgSection(cacheDir, dir, env);
    const result = { machine: machine(), pg, seconds: (performance.now() - started) / 1000 };
    if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else process.stdout.write(`${renderPg(pg)}\nload average ${result.machine.load} (${result.machine.cores} cores), ${Math.round(result.seconds)} s in all\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The notes section of the current RESULTS.md (kept when recording new numbers). */
function readPrevious() {
  try {
    const text = readFileSync(join(here, 'RESULTS.md'), 'utf8');
    const at = text.indexOf('## Notes');
    return at < 0 ? '' : text.slice(at);
  } catch {
    return '';
  }
}

await main();
