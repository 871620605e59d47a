// The PostgreSQL section of the benchmark: `npm run bench -- --only pg [--pg-tickets N]`.
// Starts a throwaway cluster of its own (test/helpers/pg-server.mjs, as the tests do; stopped on
// every exit), loads N tickets (default 1,000,000: the generator's desk, through the store's bulk
// path) or restores them from a pg_dump kept in the bench cache, and measures each figure of the
// issue next to SQLite's for the same work in the same run: the in-process queries, import, eight
// concurrent in-process writers, and the cold `ticket list` as a ratio to `node -e 0`.
//
// The cluster is durable (fsync on, as a real server), with a modest server's memory.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createTicket } from '../../dist/desk/tickets/create.js';
import { PG_SCHEMA_VERSION } from '../../dist/store/pg/schema.js';
import { openPgStore } from '../../dist/store/pg/store.js';
import { openSqliteStore } from '../../dist/store/sqlite.js';
import { queuedStore } from '../../dist/server/desk-access.js';
import { progressBar } from '../../dist/cli/transfer/progress.js';
import { pgBinDir, startPgServer } from '../helpers/pg-server.mjs';
import { BENCH_NOW, cachedDatabase, GENERATOR_VERSION, generateInto } from './generate.mjs';
import { inProcess } from './queries.mjs';

const CONF = [
  'fsync = on', 'full_page_writes = on', 'synchronous_commit = on', 'shared_buffers = 512MB', 'work_mem = 16MB',
  'maintenance_work_mem = 256MB', 'max_wal_size = 4GB', 'checkpoint_timeout = 30min', 'effective_cache_size = 4GB',
];
/** The targets for PostgreSQL (ms), by the start of the in-process row's name; the rest are shown, not judged. */
const QUERY_TARGETS = [['open queue of one department', 5], ['ticket + thread', 2], ['search top 20', 50], ['report over the last 30 days', 1000]];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function timed(bin, args, env) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [bin, ...args].filter(Boolean), { env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

function pgTool(server, tool, args) {
  const r = spawnSync(join(pgBinDir(), tool), ['-h', server.host, '-p', String(server.port), '-U', server.user, ...args], {
    env: { ...process.env, PGPASSWORD: server.password }, encoding: 'utf8', maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** The N-ticket PostgreSQL desk: restored from the cache's dump, or generated (and dumped for the next run). */
async function loadDesk(server, cacheDir, tickets, log) {
  const dump = join(cacheDir, `bench-pg-${tickets}-v${PG_SCHEMA_VERSION}-g${GENERATOR_VERSION}.dump`);
  const url = server.createDatabase('bench');
  if (existsSync(dump)) {
    log(`Restoring ${tickets.toLocaleString('en-US')} tickets from ${dump}…\n`);
    const start = performance.now();
    pgTool(server, 'pg_restore', ['-d', 'bench', '-j', '2', '--no-owner', dump]);
    pgTool(server, 'psql', ['-d', 'bench', '-q', '-c', 'ANALYZE']);
    return { url, generated: null, restoreSeconds: (performance.now() - start) / 1000, dumpBytes: statSync(dump).size };
  }
  log(`Generating ${tickets.toLocaleString('en-US')} tickets into PostgreSQL (dumped to ${dump} for the next run)…\n`);
  const bar = progressBar({ err: (s) => process.stderr.write(s), stderrIsTTY: process.stderr.isTTY === true }, 'Generating', 'tickets');
  const store = openPgStore(url);
  let generated;
  try {
    generated = await generateInto(store, { tickets, progress: (d, t) => bar.update(d, t) });
  } finally {
    bar.done();
    await store.end();
  }
  pgTool(server, 'pg_dump', ['-d', 'bench', '-Fc', '-Z', '1', '-f', `${dump}.partial`]);
  renameSync(`${dump}.partial`, dump);
  return { url, generated, restoreSeconds: null, dumpBytes: statSync(dump).size };
}

/** The same in-process queries on both stores; PostgreSQL judged by the targets. */
async function queries(sqliteFile, pgUrl) {
  const sqlite = await inProcess(sqliteFile, BENCH_NOW);
  const pg = await inProcess(pgUrl, BENCH_NOW, (url) => openPgStore(url), (name) => {
    const hit = QUERY_TARGETS.find(([start]) => name.startsWith(start));
    return hit ? hit[1] : null;
  });
  return pg.map((row, i) => ({ name: row.name, detail: row.detail, target: row.target, pgMs: row.ms, pgCpuMs: row.cpuMs, sqliteMs: sqlite[i]?.ms, sqliteDetail: sqlite[i]?.detail }));
}

/** `helpdesk import` of the generator's 20,000-ticket desk (exported once), into a new desk on each store, interleaved. */
async function importBoth(ctx) {
  const { bin, env, dir, cacheDir, server, log } = ctx;
  const { file: source } = await cachedDatabase(cacheDir, 20_000, ctx.sqliteSchema, log);
  const file = join(dir, 'desk.json');
  timed(bin, ['--db', source, 'export', '--out', file], env);
  const count = (readFileSync(file, 'utf8').match(/"number":/g) ?? []).length;
  const runs = { sqlite: [], pg: [] };
  for (let i = 0; i < 3; i++) {
    const target = join(dir, `imported-${i}.db`);
    runs.sqlite.push(timed(bin, ['--db', target, 'import', file], env).ms);
    for (const s of ['', '-wal', '-shm']) rmSync(target + s, { force: true });
    const url = server.createDatabase(`imported_${i}`);
    runs.pg.push(timed(bin, ['--db', url, 'import', file], env).ms);
    pgTool(server, 'dropdb', [`imported_${i}`]);
    log('.');
  }
  log('\n');
  rmSync(file, { force: true });
  const per = (xs) => count / (median(xs) / 1000);
  return { tickets: count, sqlite: { ms: median(runs.sqlite), perSecond: per(runs.sqlite) }, pg: { ms: median(runs.pg), perSecond: per(runs.pg) } };
}

/** Eight writers in one process, each creating tickets in a loop for `seconds`, on one store. */
async function writers(store, seconds) {
  const desk = { store, now: new Date(BENCH_NOW) };
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  const numbers = [];
  const errors = [];
  await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(async (w) => {
    for (let i = 0; performance.now() < end; i++) {
      try {
        const t = await createTicket(desk, { actor: 'admin', user: `writer${w}-${i}@example.com`, subject: `Concurrent ticket ${w}/${i}`, body: 'Created by one of eight writers at once.' });
        numbers.push(Number(t.number));
      } catch (err) {
        errors.push(String(err?.message ?? err));
      }
    }
  }));
  const elapsed = (performance.now() - start) / 1000;
  numbers.sort((a, b) => a - b);
  const contiguous = numbers.every((n, i) => i === 0 || n === numbers[i - 1] + 1);
  return { created: numbers.length, seconds: elapsed, perSecond: numbers.length / elapsed, errors: errors.length, firstError: errors[0] ?? null, contiguous };
}

/**
 * SQLite's writers share one connection through the server's write queue (group commit):
 * a SQLite connection holds one transaction at a time. PostgreSQL's store is used as it is.
 */
async function writersBoth(sqliteFile, pgUrl, seconds) {
  const sqlite = openSqliteStore(sqliteFile);
  let s;
  try {
    s = await writers(queuedStore(sqlite), seconds);
  } finally {
    sqlite.close();
  }
  const pg = openPgStore(pgUrl);
  try {
    return { sqlite: s, pg: await writers(pg, seconds) };
  } finally {
    await pg.end();
  }
}

/** Cold `ticket list` on both stores and `node -e 0`, interleaved in rotating order; then PostgreSQL's phases. */
function cold(bin, env, pgUrl, sqliteFile, runs, log) {
  const commands = {
    'node -e 0': [null, '-e', '0'],
    'ticket list (SQLite)': [bin, '--db', sqliteFile, 'ticket', 'list'],
    'ticket list (PostgreSQL)': [bin, '--db', pgUrl, 'ticket', 'list'],
  };
  const names = Object.keys(commands);
  const times = Object.fromEntries(names.map((k) => [k, []]));
  const phases = [];
  for (let round = 0; round < runs + 3; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length];
      const [b, ...args] = commands[name];
      const r = timed(b, args, env);
      if (round >= 3) times[name].push(r.ms);
    }
    const t = timed(bin, ['--db', pgUrl, 'ticket', 'list'], { ...env, HELPDESK_TIMINGS: '1' });
    const line = /^helpdesk timings: (.*)$/m.exec(t.stderr);
    if (line && round >= 3) phases.push({ ...JSON.parse(line[1]), total: t.ms });
    log('.');
  }
  log('\n');
  const base = median(times['node -e 0']);
  const phase = (k) => median(phases.map((p) => p[k] ?? 0));
  return {
    baseMs: base, runs,
    results: names.map((name) => ({ name, ms: median(times[name]), ratio: median(times[name]) / base })),
    pgPhases: { started: phase('started'), load: phase('load'), open: phase('open'), command: phase('command'), total: phase('total') },
  };
}

/**
 * The whole section. ctx: { bin, tickets, runs, cacheDir, dir, env, writersSeconds, sqliteSchema, log }.
 * The SQLite side works on a copy of the cached SQLite desk of the same size.
 */
export async function pgBench(ctx) {
  const { tickets, cacheDir, dir, log } = ctx;
  const { file } = await cachedDatabase(cacheDir, tickets, ctx.sqliteSchema, log);
  const sqliteFile = join(dir, 'sqlite-side.db');
  copyFileSync(file, sqliteFile);
  log('Starting a PostgreSQL cluster…\n');
  const server = await startPgServer({ conf: CONF });
  try {
    const desk = await loadDesk(server, cacheDir, tickets, log);
    const version = pgTool(server, 'psql', ['-d', 'bench', '-Atc', 'SHOW server_version']).trim();
    const size = Number(pgTool(server, 'psql', ['-d', 'bench', '-Atc', "SELECT pg_database_size('bench')"]).trim());
    const out = { tickets, server: version, database: { ...desk, url: undefined, bytes: size, bytesPerTicket: size / tickets } };
    const env = { ...ctx.env, HELPDESK_DB: desk.url };
    log('PostgreSQL: cold ticket list');
    out.cold = cold(ctx.bin, env, desk.url, sqliteFile, ctx.runs, log);
    log('PostgreSQL: in-process queries (SQLite, then PostgreSQL)…\n');
    out.queries = await queries(sqliteFile, desk.url);
    log('PostgreSQL: import');
    out.import = await importBoth({ ...ctx, env, server });
    log('PostgreSQL: eight in-process writers (SQLite, then PostgreSQL)…\n');
    out.writers = await writersBoth(sqliteFile, desk.url, ctx.writersSeconds);
    return out;
  } finally {
    server.stop();
    for (const s of ['', '-wal', '-shm']) rmSync(sqliteFile + s, { force: true });
  }
}

const fmt = (n, digits = 1) => (n === undefined || n === null ? '–' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

/** The section's rows for the terminal: [what, SQLite, PostgreSQL, PostgreSQL's target, met]. */
export function pgRows(r) {
  const rows = [];
  const gen = r.database.generated;
  if (gen) rows.push(['generated through the bulk path', '', `${fmt(gen.loadSeconds - gen.orgSeconds, 0)} s = ${fmt(r.tickets / (gen.loadSeconds - gen.orgSeconds), 0)} tickets/s`, '', null]);
  else rows.push([`restored from the cached dump (${fmt(r.database.dumpBytes / 2 ** 20, 0)} MiB)`, '', `${fmt(r.database.restoreSeconds, 0)} s`, '', null]);
  rows.push(['database size', '', `${fmt(r.database.bytes / 2 ** 20, 0)} MiB = ${fmt(r.database.bytesPerTicket, 0)} B/ticket`, '', null]);
  const c = r.cold;
  const [, s, p] = c.results;
  rows.push([`cold: node -e 0 (median of ${c.runs})`, `${fmt(c.baseMs)} ms`, `${fmt(c.baseMs)} ms`, '', null]);
  rows.push(['cold: helpdesk ticket list', `${fmt(s.ms)} ms = ${fmt(s.ratio, 2)}×`, `${fmt(p.ms)} ms = ${fmt(p.ratio, 2)}×`, '≤ 2.0×', p.ratio <= 2]);
  const ph = c.pgPhases;
  rows.push(['  PostgreSQL phases (HELPDESK_TIMINGS): started / load / open / command / whole', '', `${fmt(ph.started)} / ${fmt(ph.load)} / ${fmt(ph.open)} / ${fmt(ph.command)} / ${fmt(ph.total)} ms`, '', null]);
  for (const q of r.queries) {
    rows.push([`${q.name} — ${q.detail}`, `${fmt(q.sqliteMs, 2)} ms`, `${fmt(q.pgMs, 2)} ms`, q.target === null ? '' : `< ${q.target} ms`, q.target === null ? null : q.pgMs < q.target]);
  }
  const i = r.import;
  rows.push([`helpdesk import of ${i.tickets.toLocaleString('en-US')} tickets (median of 3)`, `${fmt(i.sqlite.perSecond, 0)}/s`, `${fmt(i.pg.perSecond, 0)}/s`, '≥ 10,000/s', i.pg.perSecond >= 10_000]);
  const w = r.writers;
  const wr = (x) => `${fmt(x.perSecond, 0)}/s (${x.created} in ${fmt(x.seconds)} s, ${x.errors} errors${x.contiguous ? '' : ', NOT contiguous'})`;
  rows.push(['8 concurrent in-process writers', wr(w.sqlite), wr(w.pg), '≥ 2,000/s', w.pg.perSecond >= 2000 && w.pg.errors === 0 && w.pg.contiguous]);
  return rows;
}

export function renderPg(r) {
  const rows = pgRows(r);
  const width = Math.max(...rows.map((x) => x[0].length));
  const lines = [`PostgreSQL ${r.server} at ${r.tickets.toLocaleString('en-US')} tickets, beside SQLite (same run)`, ''];
  lines.push(`${'what'.padEnd(width)}  ${'SQLite'.padEnd(24)}  ${'PostgreSQL'.padEnd(40)}  target`);
  for (const [what, s, p, target, met] of rows) {
    lines.push(`${what.padEnd(width)}  ${s.padEnd(24)}  ${p.padEnd(40)}  ${target}${met === null ? '' : met ? '  ✓' : '  MISSED'}`);
  }
  return `${lines.join('\n')}\n`;
}
