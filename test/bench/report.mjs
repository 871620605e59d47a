// Turns a benchmark result into rows (name, measured, target, met) for the terminal and RESULTS.md.
import { pgRows } from './pg.mjs';

// The cold-start targets: ratios to node -e 0.
const COLD_TARGETS = { 'ticket list': 1.4, 'ticket show': 1.5, 'ticket create': 1.5 };
// Their CPU time's ratio to node -e 0's (issue 14: list and create).
const CPU_TARGETS = { 'ticket list': 1.4, 'ticket create': 1.4 };
const fmt = (n, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Every measured line: [section, name, measured, target, met (true/false/null)]. */
export function rows(r) {
  const out = [];
  if (r.cold) {
    out.push(['cold start', `node -e 0 (baseline, median of ${r.cold.results[0].runs})`, `${fmt(r.cold.baseMs)} ms`, '', null]);
    for (const c of r.cold.results.slice(1)) {
      const target = COLD_TARGETS[c.name];
      const what = c.name === 'ticket list' ? `helpdesk ticket list (${r.cold.rows} rows, piped)` : c.name === 'ticket show' ? `helpdesk ticket show ${r.cold.shown} (piped)` : `helpdesk ${c.name}`;
      out.push(['cold start', what, `${fmt(c.ms)} ms = ${fmt(c.ratio, 2)}×`, `≤ ${target}×`, c.ratio <= target]);
    }
  }
  const cpuBase = r.cold?.cpu?.[0];
  for (const c of r.cold?.cpu?.slice(1) ?? []) {
    const target = CPU_TARGETS[c.name];
    out.push(['cold start, CPU', `helpdesk ${c.name}: user + system CPU vs node -e 0's ${fmt(cpuBase.ms)} ms (its own cpuUsage at exit, median of ${r.cold.results[0].runs})`,
      `${fmt(c.ms)} ms = ${fmt(c.ratio, 2)}×`, target === undefined ? '' : `≤ ${target}×`, target === undefined ? null : c.ratio <= target]);
  }
  const p = r.cold?.create;
  if (p) {
    const ms = (x) => `${fmt(x, 1)} ms`;
    out.push(['create, by phase', 'node -e 0, whole (in the same rounds as the rows below)', ms(p.node), '', null]);
    out.push(['create, by phase', 'helpdesk ticket create with HELPDESK_TIMINGS=1, whole', `${ms(p.total)} = ${fmt(p.total / p.node, 2)}×`, '', null]);
    out.push(['create, by phase', '  Node starting, until the launcher runs (bin/helpdesk.js and the launcher loaded)', ms(p.started), '', null]);
    out.push(['create, by phase', '  loading the ticket-create bundle from its code cache', ms(p.load), '', null]);
    out.push(['create, by phase', '  opening the database (native addon, schema, pragmas)', ms(p.open), '', null]);
    out.push(['create, by phase', '  the command: parsing, lookups, inserts, output', ms(p.command - p.open - p.commit - p.close), '', null]);
    out.push(['create, by phase', '  the commit (WAL written and fsynced: synchronous=FULL)', ms(p.commit), '', null]);
    out.push(['create, by phase', '  closing (only past 1 MiB of WAL: checkpointed into the database, fsyncs, WAL removed)', ms(p.close), '', null]);
    out.push(['create, by phase', '  creating and ending the process (outside Node\'s clock; node -e 0 has it too)', ms(p.total - p.started - p.load - p.command), '', null]);
  }
  const f = r.cold?.fsyncs;
  if (f) {
    out.push(['create, fsyncs', `fsync + fdatasync calls per ticket create (strace -f -c, ${f.creates} creates in a row: median; ${f.total} in all, at most ${f.max})`,
      `${f.median} per create`, '', null]);
  }
  for (const q of r.queries ?? []) {
    out.push(['in-process', `${q.name} — ${q.detail}`, `${fmt(q.ms, 2)} ms${q.cpuMs === undefined ? '' : ` (CPU ${fmt(q.cpuMs, 1)})`}`, q.target === null ? '' : `< ${q.target} ms`, q.target === null ? null : q.ms < q.target]);
  }
  const b = r.backlog;
  if (b) {
    out.push(['backlog', `helpdesk ticket list --queue all --limit 0 into a pipe (${b.list.rows.toLocaleString('en-US')} rows in ${fmt(b.list.ms / 1000)} s)`,
      `peak RSS ${fmt(b.list.peakRssMb, 0)} MB`, '< 150 MB', b.list.peakRssMb < 150]);
    out.push(['backlog', `first helpdesk sla check on the backlog (${b.check.breaches.toLocaleString('en-US')} breaches in ${fmt(b.check.ms / 1000)} s)`,
      `peak RSS ${fmt(b.check.peakRssMb, 0)} MB`, '< 200 MB', b.check.peakRssMb < 200]);
    out.push(['backlog', `  its alert mails: one per person per run (${b.check.alerts.toLocaleString('en-US')} breach × person pairs)`,
      `${b.check.mails.toLocaleString('en-US')} mails`, '', null]);
  }
  const a = r.automate;
  if (a) {
    if (a.first) {
      out.push(['automate', `first helpdesk automate run on the backlog (${a.first.counts.breaches.toLocaleString('en-US')} breaches, ${a.first.counts.closed.toLocaleString('en-US')} tickets closed in ${fmt(a.first.ms / 1000)} s; made once, kept in the cache)`,
        `peak RSS ${fmt(a.first.peakRssMb, 0)} MB`, '< 200 MB', a.first.peakRssMb < 200]);
    }
    const nothing = Object.values(a.idle.counts).every((n) => n === 0);
    out.push(['automate', `helpdesk automate run with nothing to do (median of ${a.idle.runs}${nothing ? '' : '; IT DID SOMETHING'})`,
      `${fmt(a.idle.ms, 0)} ms`, '< 1000 ms', nothing && a.idle.ms < 1000]);
  }
  const imported = (imp, how) => {
    out.push(['import', `helpdesk import of a ${imp.tickets.toLocaleString('en-US')}-ticket help desk into a new database (${fmt(imp.bytes / 2 ** 20, 0)} MiB, ${fmt(imp.entries / imp.tickets)} entries each, search index included; ${how})`,
      `${fmt(imp.perSecond, 0)} tickets/s`, '≥ 10,000/s', imp.perSecond >= 10000]);
    out.push(['import', '  its peak memory', `peak RSS ${fmt(imp.peakRssMb, 0)} MB`, '', null]);
  };
  for (const imp of r.import ?? []) imported(imp, `median of ${imp.runs}`);
  const exp = r.export;
  if (exp) {
    out.push(['export', `helpdesk export of all ${r.tickets.toLocaleString('en-US')} tickets (${fmt(exp.bytes / 2 ** 20, 0)} MiB of JSON in ${fmt(exp.ms / 1000)} s)`,
      `peak RSS ${fmt(exp.peakRssMb, 0)} MB`, '< 150 MB', exp.peakRssMb < 150]);
    if (exp.imported) imported(exp.imported, `the export above, in ${fmt(exp.imported.ms / 1000)} s`);
  }
  out.push(['size', 'database bytes per ticket (≈3 entries, ≈3.7 events, search index)', `${fmt(r.database.bytesPerTicket, 0)} B`, '', null]);
  if (r.database.generated) {
    const g = r.database.generated;
    out.push(['generate', `building the database (through the store's bulk path, then index merge and ANALYZE)`, `${fmt(g.seconds, 0)} s = ${fmt(r.tickets / g.loadSeconds, 0)} tickets/s`, '', null]);
  }
  const c = r.concurrency;
  if (c) {
    out.push(['concurrency', `${c.processes} processes creating tickets for ${fmt(c.seconds, 0)} s: ${c.created.toLocaleString('en-US')} tickets${c.duplicates ? ' (NUMBERS NOT CONTIGUOUS)' : ', numbers contiguous'}`,
      `${fmt(c.perSecond, 0)} tickets/s, ${c.errors} errors`, '0 errors', c.errors === 0 && !c.duplicates]);
    if (c.p99WaitMs !== null && c.p99WaitMs !== undefined) {
      out.push(['concurrency', '  a create\'s time, waiting for the lock included (99th percentile)', `${fmt(c.p99WaitMs, 0)} ms`, '< 500 ms', c.p99WaitMs < 500]);
    }
  }
  const s = r.server;
  if (s) {
    out.push(['server', `POST /api/tickets.json, ${s.create.clients} keep-alive clients for ${s.create.seconds} s (${s.create.errors} errors; the load generator ${fmt(s.create.loadCpuMsPerRequest ?? 0, 2)} ms CPU a request)`,
      `${fmt(s.create.ticketsPerSecond, 0)} tickets/s`, '≥ 1,000/s', s.create.ticketsPerSecond >= 1000 && s.create.errors === 0]);
    out.push(['server', '  its latency, median', `${fmt(s.create.p50Ms, 1)} ms`, '< 5 ms', s.create.p50Ms < 5]);
    out.push(['server', '  its latency, 99th percentile', `${fmt(s.create.p99Ms, 1)} ms`, '< 50 ms', s.create.p99Ms < 50]);
    out.push(['server', `GET /api/v1/tickets, a queue page at ${r.tickets.toLocaleString('en-US')} tickets, median (${s.queuePage.requests.toLocaleString('en-US')} requests, ${s.queuePage.errors} errors)`,
      `${fmt(s.queuePage.p50Ms, 1)} ms`, '< 5 ms', s.queuePage.p50Ms < 5 && s.queuePage.errors === 0]);
    out.push(['server', `${s.soak.clients} connections creating for ${s.soak.seconds} s (${s.soak.requests.toLocaleString('en-US')} requests, ${fmt(s.soak.ticketsPerSecond, 0)} tickets/s; RSS ${s.soak.rssBeforeMb} → ${s.soak.rssAfterMb} MB)`,
      `${s.soak.errors} errors, ${s.lost} lost`, '0 errors, 0 lost', s.soak.errors === 0 && s.lost === 0]);
    out.push(['server', `remote helpdesk ticket list (HELPDESK_URL) vs node -e 0 ${fmt(s.remoteList.baseMs)} ms, median of ${s.remoteList.runs}`,
      `${fmt(s.remoteList.ms)} ms = ${fmt(s.remoteList.ratio, 2)}×`, '≤ 1.8×', s.remoteList.ratio <= 1.8]);
  }
  return out;
}

const mark = (met) => (met === null ? '' : met ? 'yes' : 'NO');

export function renderTable(r) {
  const lines = rows(r).map(([section, name, value, target, met]) => [section, name, value, target, mark(met)]);
  const header = ['', 'measurement', 'result', 'target', 'met'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const m = r.machine;
  return [
    `helpdesk benchmark · ${r.tickets.toLocaleString('en-US')} tickets · ${m.cpu}, ${m.cores} cores, ${m.ramGb} GB · Node ${m.node} · ${m.date} · load ${m.load}`,
    line(header), line(widths.map((w) => '-'.repeat(w))), ...lines.map(line), '',
  ].join('\n');
}

export function renderMarkdown(r, notes) {
  const m = r.machine;
  const table = rows(r).map(([section, name, value, target, met]) => `| ${section} | ${name} | ${value} | ${target} | ${mark(met)} |`);
  return `# Benchmark results

\`npm run bench\` (this file: \`npm run bench -- --record\`). Every cold-start figure is a median
over interleaved runs next to \`node -e 0\` measured in the same rounds; in-process figures are
medians of 15 runs after a warm-up, through the same desk functions the CLI calls.

- Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGb} GB RAM; Node ${m.node}
- Date: ${m.date}; load average at the start: ${m.load}
- Database: ${r.tickets.toLocaleString('en-US')} tickets, ${fmt(r.database.bytes / 2 ** 30, 2)} GiB; whole run ${fmt(r.seconds / 60)} min

| | measurement | result | target | met |
|---|---|---|---|---|
${table.join('\n')}
${r.pg ? `\n${pgMarkdown(r.pg)}` : ''}
${notes || '## Notes\n'}`;
}

/** The PostgreSQL section (test/bench/pg.mjs) as its own table: each figure beside SQLite's from the same run. */
function pgMarkdown(pg) {
  const lines = pgRows(pg).map(([what, sqlite, postgres, target, met]) => `| ${what.trim()} | ${sqlite} | ${postgres} | ${target} | ${mark(met)} |`);
  return `## PostgreSQL beside SQLite

PostgreSQL ${pg.server} at ${pg.tickets.toLocaleString('en-US')} tickets (\`--pg-tickets\`), on a throwaway cluster the bench starts
(fsync on, synchronous_commit on); the SQLite column is the same work on a SQLite desk of the same
tickets, measured in the same run.

| measurement | SQLite | PostgreSQL | target (PostgreSQL) | met |
|---|---|---|---|---|
${lines.join('\n')}
`;
}
