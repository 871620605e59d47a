// Builds the benchmark database: a realistic help desk with N tickets (default 1,000,000) over the two
// years before the bench's "now", ~3 thread entries each, 20 departments, 200 agents, teams, help
// topics, SLA plans on 24/7 and business-hours schedules, mixed statuses (recent tickets open, old
// ones resolved or closed). Everything goes through the store: the organisation through its Tx
// methods, the tickets through the same bulk path as `helpdesk import` (insertTicketsBulk with the
// search index deferred to one pass per batch), finished with the index merge and ANALYZE.
//
//   node test/bench/generate.mjs --tickets 20000 --out /tmp/bench.db
import { existsSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openSqliteStore } from '../../dist/store/sqlite.js';
import { initOrganisation } from '../../dist/desk/init.js';
import { loadPlan } from '../../dist/desk/lookup.js';
import { dueFor } from '../../dist/core/sla.js';
import { parseHours } from '../../dist/core/schedule.js';
import { progressBar } from '../../dist/cli/transfer/progress.js';
import { random, textMaker } from './text.mjs';

/** The bench's "now": every generated time is before it, and the bench runs with HELPDESK_NOW set to it. */
export const BENCH_NOW = '2026-03-02T09:15:00.000Z';
const DAY = 86_400_000;
const SPAN = 730 * DAY;
const BATCH = 5000;

const DEPARTMENTS = [
  'Support', 'Online Banking', 'SysAdmins', 'Accounting', 'Networking', 'Email and Messaging', 'Desktop Support',
  'Printing', 'HR Systems', 'Payroll', 'Facilities', 'Security', 'Database Team', 'ERP', 'Web Services',
  'Mobile Devices', 'Telephony', 'Procurement', 'Field Services', 'Training',
];
const FIRST = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'nina', 'oscar', 'peggy', 'quinn', 'rupert', 'sybil', 'trent', 'ursula', 'victor', 'wendy', 'xavier', 'yara', 'zoe', 'john', 'jane', 'omar', 'li', 'sven', 'ines'];
const LAST = ['smith', 'jones', 'brown', 'garcia', 'miller', 'davis', 'martin', 'lopez', 'wilson', 'clark', 'lewis', 'walker', 'young', 'king', 'wright', 'scott', 'green', 'baker', 'adams', 'nelson', 'hill', 'campbell', 'mitchell', 'roberts', 'carter', 'phillips', 'evans', 'turner', 'torres', 'parker'];
const DOMAINS = ['example.com', 'example.org', 'acme.test', 'contoso.test', 'globex.test', 'initech.test'];
const TOPICS = ['General Inquiry', 'Report a Problem', 'Password Reset', 'Business Critical Outage', 'New Hardware', 'Software Install', 'Access Request', 'Email Problem', 'Printer Problem', 'Network Outage', 'Phone Problem', 'Payroll Question', 'Security Incident', 'Account Locked', 'Other'];
const SOURCES = ['web', 'email', 'phone', 'chat', 'walk-in', 'api', 'other'];
const SOURCE_WEIGHTS = [35, 35, 15, 8, 3, 3, 1];
const PRIORITIES = ['low', 'normal', 'high', 'emergency'];
const PRIORITY_WEIGHTS = [20, 60, 15, 5];

const title = (s) => s.charAt(0).toUpperCase() + s.slice(1);

/** The organisation: schedules, plans, departments, agents (with grants), teams, topics, end users. */
async function buildOrganisation(tx, r, userCount, now) {
  const business = await tx.sla.insertSchedule({ name: 'Business Hours', timezone: 'UTC', ranges: JSON.stringify(parseHours('mon-fri 08:00-17:00')), holidays: '[]' });
  const eu = await tx.sla.insertSchedule({
    name: 'EU Office', timezone: 'Europe/Berlin', ranges: JSON.stringify(parseHours('mon-fri 08:00-18:00')),
    holidays: JSON.stringify(['2024-12-25', '2024-12-26', '2025-01-01', '2025-12-25', '2025-12-26', '2026-01-01']),
  });
  const plan = (name, hours, fr, scheduleId, pause = false) =>
    tx.sla.insertSla({ name, minutes: hours * 60, firstResponseMinutes: fr === null ? null : fr * 60, pauseAwaiting: pause, scheduleId });
  const plans = [
    Number(await tx.settings.getSetting('default.sla')), await plan('Sev-A', 1, null, null), await plan('Sev-B', 4, 1, null),
    await plan('Sev-C', 8, 2, business), await plan('Gold', 2, 1, null), await plan('Standard', 24, 4, business, true),
    await plan('Low Touch', 72, 8, eu, true),
  ];
  const depts = [(await tx.org.deptByName('Support')).id];
  for (const name of DEPARTMENTS.slice(1)) depts.push(await tx.org.insertDept(name, plans[1 + r.int(plans.length - 1)]));
  const roles = await tx.org.roles();
  const agentsByDept = depts.map(() => []);
  const agents = [{ id: (await tx.org.agentByUsername('admin')).id, username: 'admin', name: 'Admin' }];
  agentsByDept[0].push(agents[0]);
  const usernames = new Set(['admin']);
  while (agents.length < 200) {
    const first = r.pick(FIRST);
    const last = r.pick(LAST);
    const username = `${first}.${last}`;
    if (usernames.has(username)) continue;
    usernames.add(username);
    const d = r.zipf(depts.length);
    const role = roles[r.weighted([2, 5, 4, 1])];
    const id = await tx.org.insertAgent({ username, name: `${title(first)} ${title(last)}`, email: `${username}@helpdesk.example.com`, deptId: depts[d], roleId: role.id, isAdmin: r.next() < 0.02, createdAt: now });
    if (r.next() < 0.2) await tx.org.setGrant(id, depts[r.int(depts.length)], roles[1 + r.int(2)].id);
    const agent = { id, username, name: `${title(first)} ${title(last)}` };
    agents.push(agent);
    agentsByDept[d].push(agent);
  }
  const teams = [];
  for (let i = 0; i < 12; i++) {
    const id = await tx.org.insertTeam(`${DEPARTMENTS[i]} Team`);
    for (let k = 0; k < 4 + r.int(6); k++) await tx.org.addTeamMember(id, agents[1 + r.int(agents.length - 1)].id);
    teams.push(id);
  }
  const topics = [];
  for (const [i, name] of TOPICS.entries()) {
    topics.push({ id: await tx.org.insertTopic({ name, deptId: i < 4 ? depts[0] : depts[r.int(depts.length)], priority: i === 3 ? 'emergency' : null, slaId: i === 3 ? plans[1] : null }), sla: i === 3 ? plans[1] : null });
  }
  const users = [];
  const emails = new Set();
  while (users.length < userCount) {
    const first = r.pick(FIRST);
    const last = r.pick(LAST);
    const email = `${first}.${last}${r.int(1000)}@${r.pick(DOMAINS)}`;
    if (emails.has(email)) continue;
    emails.add(email);
    users.push({ id: await tx.org.insertUser({ email, name: `${title(first)} ${title(last)}`, createdAt: now }), first: title(first), name: `${title(first)} ${title(last)}` });
  }
  const deptSla = new Map((await tx.org.departments()).map((d) => [d.id, d.sla_id]));
  const planById = new Map();
  for (const id of plans) planById.set(id, await loadPlan(tx, id));
  return { depts, agents, agentsByDept, teams, topics, users, deptSla, planById, defaultSla: plans[0] };
}

/** One ticket's life: thread, status, clocks and events, all before `now`. */
function makeTicket(r, text, org, number, createdMs, nowMs) {
  const iso = (ms) => new Date(ms).toISOString();
  const d = r.zipf(org.depts.length);
  const topic = r.next() < 0.7 ? org.topics[r.int(org.topics.length)] : null;
  const slaId = topic?.sla ?? org.deptSla.get(org.depts[d]) ?? org.defaultSla;
  const user = org.users[r.zipf(org.users.length)];
  const source = SOURCES[r.weighted(SOURCE_WEIGHTS)];
  const pool = org.agentsByDept[d].length ? org.agentsByDept[d] : org.agents;
  const agent = pool[r.int(pool.length)];
  const age = nowMs - createdMs;
  // Old tickets are nearly all finished; the last month holds the open backlog.
  const closedChance = age > 30 * DAY ? 0.985 : 0.15 + 0.8 * (age / (30 * DAY));
  const finished = r.next() < closedChance;
  const life = finished ? Math.min(age * 0.9, 3_600_000 + r.next() * 5 * DAY) : age;
  const assigned = finished || r.next() < 0.7;
  const team = r.next() < 0.15 ? org.teams[r.int(org.teams.length)] : null;

  const created = iso(createdMs);
  const userRef = { agentId: null, userId: user.id };
  const agentRef = { agentId: agent.id, userId: null };
  const entries = [{ kind: 'message', author: userRef, title: null, body: text.message(user.name), createdAt: created }];
  const more = r.weighted([17, 26, 25, 15, 9, 5, 3]);
  const times = Array.from({ length: more }, () => createdMs + Math.floor(r.next() * life)).sort((a, b) => a - b);
  let firstReply = null;
  let lastPublic = 'message';
  for (const at of times) {
    const kind = !assigned ? (r.next() < 0.7 ? 'note' : 'message') : ['reply', 'message', 'note'][r.weighted([55, 25, 20])];
    const author = kind === 'message' ? userRef : agentRef;
    const body = kind === 'reply' ? text.reply(user.first, agent.name) : kind === 'note' ? text.note() : text.followUp(user.first);
    if (kind === 'reply' && firstReply === null) firstReply = at;
    if (kind !== 'note') lastPublic = kind;
    entries.push({ kind, author, title: kind === 'note' && r.next() < 0.3 ? 'Investigation' : null, body, createdAt: iso(at) });
  }
  const lastAt = times.length ? times[times.length - 1] : createdMs;
  const events = [{ type: 'created', actor: source === 'web' || source === 'email' ? userRef : agentRef, at: created, data: '{}' }];
  if (assigned) events.push({ type: 'assigned', actor: agentRef, at: iso(createdMs + 60_000), data: JSON.stringify({ field: 'agent', from: null, to: agent.username }) });

  let status = 'open';
  let resolvedAt = null;
  let closedAt = null;
  if (finished) {
    const resolvedMs = Math.max(lastAt, createdMs + life);
    resolvedAt = iso(resolvedMs);
    events.push({ type: 'status', actor: agentRef, at: resolvedAt, data: '{"from":"in-progress","to":"resolved"}' });
    status = 'resolved';
    const closeMs = resolvedMs + Math.floor(r.next() * 4 * DAY);
    if (closeMs < nowMs && r.next() < 0.75) {
      status = 'closed';
      closedAt = iso(closeMs);
      events.push({ type: 'status', actor: agentRef, at: closedAt, data: '{"from":"resolved","to":"closed"}' });
    }
  } else if (assigned && firstReply !== null) {
    status = lastPublic === 'reply' && r.next() < 0.5 ? 'awaiting-response' : 'in-progress';
    events.push({ type: 'status', actor: agentRef, at: iso(firstReply), data: `{"from":"open","to":"${status}"}` });
  }
  const plan = org.planById.get(slaId);
  const due = dueFor(plan, { createdAt: created, clockStartAt: created, pausedMinutes: 0 });
  const updatedMs = Math.max(lastAt, closedAt ? Date.parse(closedAt) : resolvedAt ? Date.parse(resolvedAt) : createdMs);
  return {
    ticket: {
      number: String(number), subject: text.subject(), status, priority: topic?.sla ? 'emergency' : PRIORITIES[r.weighted(PRIORITY_WEIGHTS)],
      dept_id: org.depts[d], topic_id: topic?.id ?? null, sla_id: slaId, assignee_id: assigned ? agent.id : null, team_id: team,
      user_id: user.id, source, created_at: created, updated_at: iso(updatedMs), due_at: due.dueAt, first_response_due_at: due.firstResponseDueAt,
      first_response_at: firstReply === null ? null : iso(firstReply), resolved_at: resolvedAt, closed_at: closedAt, reopened_count: 0,
      clock_start_at: created, paused_minutes: 0,
      paused_at: status === 'awaiting-response' && plan?.pauseAwaiting ? iso(lastAt) : null,
      answered: !finished && lastPublic === 'reply' ? 1 : 0,
    },
    entries,
    events,
  };
}

/**
 * Generates the database at `file` (replacing it). `progress(done, total)` is called as tickets land.
 * Returns counts and timings.
 */
export async function generate({ file, tickets, seed = 8, now = BENCH_NOW, progress = () => {} }) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  const store = openSqliteStore(file);
  try {
    const result = await generateInto(store, { tickets, seed, now, progress });
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    return result;
  } finally {
    store.close();
  }
}

/**
 * Fills an empty store (SQLite or PostgreSQL) with the same desk: the same seed gives the
 * same tickets on both. Returns counts and timings (`loadSeconds` - `orgSeconds`: the tickets through the bulk path).
 */
export async function generateInto(store, { tickets, seed = 8, now = BENCH_NOW, progress = () => {} }) {
  const started = performance.now();
  const r = random(seed);
  const text = textMaker(r);
  const nowMs = Date.parse(now);
  const startMs = nowMs - SPAN;
  await initOrganisation({ store, now: new Date(startMs) }, { admin: 'admin', adminName: 'Admin' });
  const org = await store.write((tx) => buildOrganisation(tx, r, Math.max(200, Math.round(tickets / 16)), new Date(startMs).toISOString()));
  const orgSeconds = (performance.now() - started) / 1000;
  let done = 0;
  while (done < tickets) {
    const n = Math.min(BATCH, tickets - done);
    const batch = [];
    for (let i = 0; i < n; i++) {
      const k = done + i;
      batch.push(makeTicket(r, text, org, 100001 + k, startMs + Math.floor(((k + r.next()) * SPAN) / tickets), nowMs));
    }
    await store.write(async (tx) => {
      const sinceId = await tx.tickets.maxTicketId();
      await tx.search.deferSearchIndex();
      await tx.transfer.insertTicketsBulk(batch);
      await tx.search.resumeSearchIndex(sinceId, false);
      await tx.tickets.raiseTicketCounter(String(100000 + done + n));
    });
    done += n;
    progress(done, tickets);
  }
  const loaded = performance.now();
  await store.write((tx) => tx.transfer.optimizeAfterLoad());
  return {
    tickets, seconds: (performance.now() - started) / 1000, loadSeconds: (loaded - started) / 1000, orgSeconds,
    optimizeSeconds: (performance.now() - loaded) / 1000,
  };
}

/** The database for N tickets, built once and kept under `dir` (keyed by N, schema and generator version). */
export async function cachedDatabase(dir, tickets, schemaVersion, log = () => {}) {
  const file = `${dir}/bench-${tickets}-v${schemaVersion}-g${GENERATOR_VERSION}.db`;
  if (existsSync(file)) return { file, generated: null };
  const bar = progressBar({ err: (s) => process.stderr.write(s), stderrIsTTY: process.stderr.isTTY === true }, 'Generating', 'tickets');
  log(`Generating ${tickets.toLocaleString('en-US')} tickets into ${file} (cached for the next run)…\n`);
  const tmp = `${file}.partial`;
  const generated = await generate({ file: tmp, tickets, progress: (d, t) => bar.update(d, t) });
  bar.done();
  const { renameSync } = await import('node:fs');
  renameSync(tmp, file);
  return { file, generated };
}

/** Bump when the generated data changes, so cached databases are rebuilt. */
export const GENERATOR_VERSION = 2;

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { tickets: { type: 'string', default: '20000' }, out: { type: 'string' } } });
  if (!values.out) throw new Error('pass --out <file>');
  const bar = progressBar({ err: (s) => process.stderr.write(s), stderrIsTTY: process.stderr.isTTY === true }, 'Generating', 'tickets');
  const result = await generate({ file: values.out, tickets: Number(values.tickets), progress: (d, t) => bar.update(d, t) });
  bar.done();
  console.log(JSON.stringify(result));
}
