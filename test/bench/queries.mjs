// The in-process part of the benchmark: the use cases a technician runs all day, through the desk
// (as the CLI calls them) against the big database. Medians of repeated runs after a warm-up.
import { visibilityScope } from '../../dist/core/access.js';
import { loadActiveActor } from '../../dist/desk/actor.js';
import { buildReport } from '../../dist/desk/report.js';
import { searchTickets } from '../../dist/desk/tickets/search.js';
import { slaStatus } from '../../dist/desk/sla/status.js';
import { listTickets } from '../../dist/desk/tickets/list.js';
import { showTicket } from '../../dist/desk/tickets/show.js';
import { openSqliteStore } from '../../dist/store/sqlite.js';

const RUNS = 15;

async function measure(fn, runs = RUNS) {
  for (let i = 0; i < 2; i++) await fn();
  const times = [];
  const cpu = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const used = process.cpuUsage();
    last = await fn();
    times.push(performance.now() - start);
    const d = process.cpuUsage(used);
    cpu.push((d.user + d.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  // The CPU time this process used (median): on a machine shared with other jobs the wall time
  // also holds the time spent waiting for a core.
  return { ms: times[times.length >> 1], min: times[0], max: times[times.length - 1], cpuMs: cpu[cpu.length >> 1], last };
}

/**
 * Every in-process measurement: [name, target ms or null, what it returned]. `open` opens the store
 * and `retarget(name, target)` gives its own targets (the PostgreSQL section, test/bench/pg.mjs).
 */
export async function inProcess(file, now, open = openSqliteStore, retarget = (_name, target) => target) {
  const store = open(file);
  const desk = { store, now: new Date(now) };
  try {
    const { dept, agent, number } = await store.read(async (tx) => {
      const depts = await tx.org.departments();
      const agents = (await tx.org.agents()).filter((a) => !a.is_admin && a.active);
      return { dept: depts.find((d) => d.name === 'Networking')?.name ?? depts[0].name, agent: agents[0].username, number: String(100000 + Math.floor((await tx.tickets.maxTicketId()) / 2)) };
    });
    const overdueFilter = await store.read(async (tx) => ({
      scope: visibilityScope(await loadActiveActor(tx, 'admin')), queue: 'overdue', meAgentId: null, sort: 'due', limit: null, now,
    }));
    const rows = [];
    const add = async (name, target, fn, describe, runs) => {
      const m = await measure(fn, runs);
      target = retarget(name, target);
      rows.push({ name, ms: m.ms, min: m.min, max: m.max, cpuMs: m.cpuMs, target, detail: describe(m.last) });
    };
    const page = (r) => `${r.tickets.length} rows${r.total === null ? '' : ` of ${r.estimated ? '~' : ''}${r.total}`}`;
    await add(`open queue of one department (${dept}) by due, first 50`, 5, () => listTickets(desk, { actor: 'admin', dept, withTotal: false }), page);
    await add('  the same with its total (on a terminal)', null, () => listTickets(desk, { actor: 'admin', dept }), page);
    await add('open queue of every department, first 50 + total', null, () => listTickets(desk, { actor: 'admin' }), page);
    await add(`open queue as an agent (${agent}: own, team and department tickets)`, null, () => listTickets(desk, { actor: agent, withTotal: false }), page);
    await add('overdue count', 20, () => store.read((tx) => tx.tickets.countTickets(overdueFilter)), (n) => `${n} overdue`);
    await add(`ticket + thread by number (#${number})`, 1, () => showTicket(desk, 'admin', number), (t) => `${t.thread.length} entries, ${t.events.length} events`);
    for (const [q, label] of [['printer', 'a common word'], ['printer error', 'two words'], ['the', 'the most common word']]) {
      await add(`search top 20: ${label} ("${q}")`, 50, () => searchTickets(desk, { actor: 'admin', query: q, limit: 20 }), (r) => `${r.hits.length} hits of ${r.ranked}${r.capped ? ' newest' : ''} ranked`);
    }
    for (const q of ['printer', 'the']) {
      await add(`ticket list --search "${q}", first 50`, 50, () => listTickets(desk, { actor: 'admin', search: q, withTotal: false }), page);
    }
    await add('sla status, first page (most urgent first, every department)', 5, () => slaStatus(desk, { actor: 'admin' }), (r) => `${r.length} rows`);
    // A report is bounded by its window, for every grouping (--by dept walked whole departments).
    const report = (r) => `${r.created} created, ${r.resolved} resolved${r.by ? `, ${r.groups.length} groups` : ''}`;
    for (const by of [undefined, 'dept', 'agent', 'sla', 'topic']) {
      await add(`report over the last 30 days${by ? ` --by ${by}` : ''}`, 150, () => buildReport(desk, { actor: 'admin', since: '30d', by }), report);
    }
    for (const by of [undefined, 'dept']) {
      await add(`report over the last 365 days${by ? ` --by ${by}` : ''} (median of 5)`, 1500, () => buildReport(desk, { actor: 'admin', since: '365d', by }), report, 5);
    }
    return rows;
  } finally {
    await (store.end ? store.end() : store.close());
  }
}
