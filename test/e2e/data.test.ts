/**
 * Export and import through the binary: a round trip into an empty database gives back the same
 * help desk; bad files change nothing; osTicket payloads become tickets; only admins move data.
 */
import { readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { BIN, dbDigest, query, sandbox, type Sandbox } from '../helpers/cli.js';

let s: Sandbox;
const at = (iso: string) => ({ env: { HELPDESK_NOW: iso } });
const NOW = at('2026-03-10T12:00:00Z');
let exportFile: string;

/** A help desk with a bit of everything: assignments, teams, notes, SLA changes, reopens, closes. */
function buildHistory(): void {
  const ok = (args: string[], when: string) => {
    const r = s.hd(args, at(when));
    if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };
  ok(['init', '--sample', 'lab'], '2026-03-01T08:00:00Z');
  const a = ok(['--as', 'karen@example.com', 'ticket', 'create', '--subject', 'Printer jam on 3rd floor', '--body', 'Paper stuck, error 50.\nSecond line, "quoted", comma.'], '2026-03-02T09:00:00Z');
  ok(['--as', 'john', 'ticket', 'assign', a, '--me'], '2026-03-02T09:05:00Z');
  ok(['--as', 'john', 'ticket', 'reply', a, '--body', 'Which tray?', '--status', 'in-progress'], '2026-03-02T09:10:00Z');
  ok(['--as', 'karen@example.com', 'ticket', 'reply', a, '--body', 'Tray 2.'], '2026-03-02T10:00:00Z');
  ok(['--as', 'john', 'ticket', 'note', a, '--body', 'Fuser worn; ordered part.', '--title', 'Diagnosis'], '2026-03-02T10:30:00Z');
  ok(['--as', 'john', 'ticket', 'status', a, 'resolved', '--note', 'Replaced fuser'], '2026-03-03T08:00:00Z');
  ok(['--as', 'karen@example.com', 'ticket', 'reply', a, '--body', 'It jams again!'], '2026-03-04T08:00:00Z');
  const b = ok(['--as', 'admin', 'ticket', 'create', '--user', 'newbie@example.com', '--name', 'New Bie', '--subject', '=HYPERLINK("x") VPN', '--body', 'vpn down', '--dept', 'Online Banking', '--team', 'Online Banking Team', '--priority', 'high'], '2026-03-05T09:00:00Z');
  ok(['--as', 'jane', 'ticket', 'sla', b, 'Sev-C'], '2026-03-05T09:30:00Z');
  ok(['--as', 'jane', 'ticket', 'edit', b, '--subject', 'VPN down for branch'], '2026-03-05T09:40:00Z');
  ok(['--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'Password reset', '--body', 'locked out', '--topic', 'Password Reset', '--resolve', 'Reset via AD'], '2026-03-06T11:00:00Z');
  ok(['--as', 'john', 'ticket', 'status', '100003', 'closed'], '2026-03-07T11:00:00Z');
}

beforeAll(() => {
  s = sandbox();
  buildHistory();
  exportFile = join(s.dir, 'export.json');
  const r = s.hd(['--as', 'admin', 'export', '--out', exportFile], NOW);
  expect(r).toMatchObject({ code: 0, stdout: '', stderr: `Exported 3 tickets and 5 end users to ${exportFile}\n` });
});
afterAll(() => s.cleanup());

const showAll = (db: string, who: string) =>
  ['100001', '100002', '100003'].map((n) => s.json(['--db', db, '--as', who, 'ticket', 'show', n], NOW));

describe('round trip', () => {
  it('export → import into an empty database → export gives the same file and the same tickets', () => {
    const copy = join(s.dir, 'copy.db');
    const r = s.hd(['--db', copy, 'import', exportFile], NOW);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe([
      'Imported 3 tickets and 5 end users (5 new).',
      'Organisation: roles 4 new; schedules 1 new; sla plans 4 new; departments 4 new; agents 3 new; teams 1 new; topics 4 new.',
      "The help desk was empty: it now has the file's organisation; logged in as admin.",
      '',
    ].join('\n'));
    const again = join(s.dir, 'again.json');
    expect(s.hd(['--db', copy, 'export', '--out', again], NOW).code).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(exportFile, 'utf8'));
    expect(showAll(copy, 'admin')).toEqual(showAll(s.db, 'admin'));
    const karens = (db: string) => s.json(['--db', db, '--as', 'karen@example.com', 'ticket', 'show', '100001'], NOW);
    expect(karens(copy)).toEqual(karens(s.db));
    expect(karens(copy).thread.map((e: { kind: string }) => e.kind)).toEqual(['message', 'reply', 'message', 'message']);
    // The import's first admin is the login of the new database.
    expect(s.json(['--db', copy, 'whoami'])).toMatchObject({ kind: 'agent', username: 'admin', admin: true });
    // Search works on what was imported, notes included for agents.
    expect(s.hd(['--db', copy, '--as', 'john', 'ticket', 'search', 'fuser'], NOW).stdout).toMatch(/^100001\t/);
    // The ticket counter moved past the imported numbers.
    const next = s.hd(['--db', copy, '--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'x', '--body', 'y'], NOW);
    expect(next.stdout).toBe('100004\n');
  });

  it('export --out - writes to standard output, never to a file named "-"', () => {
    const r = spawnSync(process.execPath, [BIN, '--db', s.db, '--as', 'admin', 'export', '--out', '-'], { cwd: s.dir, env: { ...process.env, HELPDESK_NOW: '2026-03-10T12:00:00Z' }, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync(exportFile, 'utf8'));
    expect(existsSync(join(s.dir, '-'))).toBe(false);
  });

  it('the export file is one JSON document with one record per line, and private', () => {
    const text = readFileSync(exportFile, 'utf8');
    const doc = JSON.parse(text);
    expect(Object.keys(doc)).toEqual(['format', 'version', 'exported_at', 'filters', 'organisation', 'users', 'tickets', 'attachments', 'mail_outbox', 'mail_inbound', 'webhook_deliveries']);
    expect(doc).toMatchObject({ format: 'helpdesk-export', version: 3, attachments: [], mail_outbox: [], mail_inbound: [], webhook_deliveries: [] });
    expect(Object.keys(doc.organisation)).toEqual([
      'settings', 'roles', 'schedules', 'sla_plans', 'departments', 'agents', 'teams', 'topics', 'canned_responses', 'mail_templates', 'statuses', 'webhooks',
    ]);
    expect(doc.tickets.map((t: { collaborators: string[] }) => t.collaborators)).toEqual([[], [], []]);
    expect(doc.organisation.settings).toEqual({ 'default.department': 'Support', 'default.sla': 'Default SLA', timezone: 'UTC' });
    expect(doc.tickets).toHaveLength(3);
    expect(doc.tickets[0].thread.map((e: { kind: string }) => e.kind)).toEqual(['message', 'reply', 'message', 'note', 'note', 'message']);
    expect(doc.tickets[0].events.map((e: { type: string }) => e.type)).toEqual(['created', 'assigned', 'status', 'status', 'reopened']);
    expect(text.split('\n').filter((l) => l.startsWith('{"number":'))).toHaveLength(3);
    expect(statSync(exportFile).mode & 0o777).toBe(0o600);
  });

  it('into an existing help desk, organisation records merge by name', () => {
    const other = join(s.dir, 'other.db');
    expect(s.hd(['--db', other, 'init', '--sample', 'lab'], NOW).code).toBe(0);
    const r = s.json(['--db', other, '--as', 'admin', 'import', exportFile], NOW);
    expect(r.organisation).toEqual({
      roles: { created: 0, existing: 4 }, schedules: { created: 0, existing: 1 }, sla_plans: { created: 0, existing: 4 },
      departments: { created: 0, existing: 4 }, agents: { created: 0, existing: 3 }, teams: { created: 0, existing: 1 },
      topics: { created: 0, existing: 4 }, canned_responses: { created: 0, existing: 0 }, mail_templates: { created: 0, existing: 0 },
      statuses: { created: 0, existing: 0 }, webhooks: { created: 0, existing: 0 },
    });
    expect(r.users).toEqual({ created: 1, existing: 4 });
    expect(r.tickets).toBe(3);
    expect(query(other, 'SELECT count(*) AS n FROM departments')[0].n).toBe(4);
    expect(showAll(other, 'admin')).toEqual(showAll(s.db, 'admin'));
  });

  it('--dry-run checks everything and changes nothing', () => {
    const fresh = join(s.dir, 'dry.db');
    expect(s.hd(['--db', fresh, 'init', '--sample', 'lab'], NOW).code).toBe(0);
    const before = dbDigest(fresh);
    const r = s.json(['--db', fresh, '--as', 'admin', 'import', exportFile, '--dry-run'], NOW);
    expect(r).toMatchObject({ dry_run: true, tickets: 3, users: { created: 1, existing: 4 } });
    expect(dbDigest(fresh)).toBe(before);
  });
});

/** Changes one record (one line) of an export. */
function editRecord(text: string, start: string, change: (record: Record<string, unknown>) => void): string {
  return text.split('\n').map((line) => {
    if (!line.startsWith(start)) return line;
    const comma = line.endsWith(',');
    const record = JSON.parse(comma ? line.slice(0, -1) : line) as Record<string, unknown>;
    change(record);
    return JSON.stringify(record) + (comma ? ',' : '');
  }).join('\n');
}

describe('bad files change nothing', () => {
  let target: string;
  beforeAll(() => {
    target = join(s.dir, 'target.db');
    expect(s.hd(['--db', target, 'init', '--sample', 'lab'], NOW).code).toBe(0);
  });

  const variants: Array<[string, (text: string) => string, number, RegExp]> = [
    ['a bad status', (t) => t.replace('"status":"open"', '"status":"pending"'), 2,
      // Not a built-in, so the key of a custom status that neither the file nor the desk has.
      /^helpdesk: bad record tickets \(#100001\): 'status' names status 'pending', which is neither in the file nor in this help desk\nhint: nothing was imported/],
    ['a bad time', (t) => editRecord(t, '{"number":"100003"', (r) => { r.due_at = 'tomorrow'; }), 2,
      /^helpdesk: bad record tickets\[2\] \(line \d+\) \(#100003\): 'due_at' must be an ISO 8601 time such as 2026-03-02T09:15:00.000Z \(got 'tomorrow'\)/],
    ['a bad end user', (t) => t.replace('"email":"newbie@example.com","name":"New Bie","created_at":"2026-03-05T09:00:00.000Z"', '"email":"newbie@example.com","name":"New Bie","created_at":"yesterday"'), 2,
      /^helpdesk: bad record users\[4\] \(line \d+\): 'created_at' must be an ISO 8601 time/],
    ['an unknown department', (t) => t.replace('"department":"Online Banking","topic"', '"department":"Treasury","topic"'), 2,
      /^helpdesk: bad record tickets \(#100002\): 'department' names department 'Treasury', which is neither in the file nor in this help desk/],
    ['a duplicate number', (t) => t.replace('"number":"100003"', '"number":"100001"'), 2,
      /^helpdesk: bad record tickets \(#100001\): ticket number 100001 appears twice in the file/],
    ['a truncated file', (t) => t.slice(0, t.lastIndexOf('"events"')), 2,
      /^helpdesk: the file ends early in tickets\[2\] \(line \d+\): it looks truncated\nhint: nothing was imported/],
    ['not JSON at all', () => 'hello', 2, /neither a helpdesk export nor an osTicket|not valid JSON/],
  ];
  it.each(variants)('%s is refused naming the record', (_name, change, code, message) => {
    const file = join(s.dir, 'bad.json');
    writeFileSync(file, change(readFileSync(exportFile, 'utf8')));
    const before = dbDigest(target);
    const r = s.hd(['--db', target, '--as', 'admin', 'import', file], NOW);
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(dbDigest(target)).toBe(before);
  });

  it('a ticket number that already exists → exit 5, nothing imported', () => {
    expect(s.hd(['--db', target, '--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 's', '--body', 'b']).stdout).toBe('100001\n');
    const before = dbDigest(target);
    const r = s.hd(['--db', target, '--as', 'admin', 'import', exportFile], NOW);
    expect(r.code).toBe(5);
    expect(r.stderr).toBe('helpdesk: ticket #100001 already exists in this help desk; nothing was imported\n' +
      'hint: an export can be imported once; import it into another database, or remove those tickets from the file\n');
    expect(dbDigest(target)).toBe(before);
  });

  it('a refused file leaves no new database behind', () => {
    const file = join(s.dir, 'bad.json');
    writeFileSync(file, readFileSync(exportFile, 'utf8').replace('"status":"open"', '"status":"pending"'));
    const fresh = join(s.dir, 'never.db');
    expect(s.hd(['--db', fresh, 'import', file], NOW).code).toBe(2);
    expect(existsSync(fresh)).toBe(false);
  });
});

/**
 * The export with `count` copies of ticket #100002 appended after its tickets, numbered from 200001:
 * a file longer than one batch of the import's writes (500 tickets), to change at any position.
 */
function longExport(count: number, change: (number: number) => string = (n) => String(n)): string {
  const lines = readFileSync(exportFile, 'utf8').split('\n');
  const model = lines.find((l) => l.startsWith('{"number":"100002"'))!.replace(/,$/, '');
  const last = lines.indexOf('],', lines.indexOf('"tickets":[')) - 1;
  const copies = Array.from({ length: count }, (_, i) => model.replace('"number":"100002"', `"number":"${change(200001 + i)}"`));
  lines.splice(last, 1, `${lines[last]!},`, ...copies.map((c, i) => (i < count - 1 ? `${c},` : c)));
  return lines.join('\n');
}

describe('files longer than one batch of writes', () => {
  const file = () => join(s.dir, 'long.json');
  const into = (name: string) => {
    const db = join(s.dir, name);
    expect(s.hd(['--db', db, 'init', '--sample', 'lab'], NOW).code).toBe(0);
    return db;
  };

  it('a number repeated 900 tickets later is refused, by import and dry run alike, and changes nothing', () => {
    writeFileSync(file(), longExport(1200, (n) => String(n === 201100 ? 200050 : n)));
    const target = into('long-twice.db');
    const before = dbDigest(target);
    for (const extra of [[], ['--dry-run']]) {
      const r = s.hd(['--db', target, '--as', 'admin', 'import', file(), ...extra], NOW);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^helpdesk: bad record tickets \(#200050\): ticket number 200050 appears twice in the file\n/);
    }
    expect(dbDigest(target)).toBe(before);
  });

  it('a number the desk holds, late in the file, is a conflict (exit 5); a repeat before it comes first', () => {
    const target = into('long-taken.db');
    const made = s.hd(['--db', target, '--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 's', '--body', 'b']);
    expect(made.code, made.stderr).toBe(0);
    const sql = new Database(target);
    sql.prepare("UPDATE tickets SET number = '200950' WHERE number = ?").run(made.stdout.trim());
    sql.close();
    writeFileSync(file(), longExport(1200));
    const before = dbDigest(target);
    const r = s.hd(['--db', target, '--as', 'admin', 'import', file()], NOW);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/^helpdesk: ticket #200950 already exists in this help desk; nothing was imported\n/);
    // The first problem in file order is the one named: a repeat at the 900th copy, before a bad time and the taken number.
    const twice = longExport(1200, (n) => String(n === 200900 ? 200010 : n));
    writeFileSync(file(), editRecord(twice, '{"number":"200901"', (rec) => { rec.due_at = 'never'; }));
    const r2 = s.hd(['--db', target, '--as', 'admin', 'import', file()], NOW);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/^helpdesk: bad record tickets \(#200010\): ticket number 200010 appears twice in the file\n/);
    expect(dbDigest(target)).toBe(before);
  });

  it('into an empty database: every index is built again as a new desk has it, and the tickets are found by them', () => {
    writeFileSync(file(), longExport(1200));
    const fresh = join(s.dir, 'long-fresh.db');
    const r = s.hd(['--db', fresh, 'import', file()], NOW);
    expect(r.code, r.stderr).toBe(0);
    const made = into('long-schema.db');
    const schema = (db: string) => query<{ name: string; sql: string }>(db, "SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name");
    expect(schema(fresh)).toEqual(schema(made));
    expect(query<{ integrity_check: string }>(fresh, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(query<{ n: number }>(fresh, "SELECT count(*) AS n FROM tickets INDEXED BY tickets_created WHERE created_at > ''")).toEqual([{ n: 1203 }]);
    const found = s.json(['--db', fresh, '--as', 'admin', 'ticket', 'list', '--queue', 'all', '--limit', '0'], NOW) as unknown[];
    expect(found).toHaveLength(1203);
  });
});

describe('osTicket payloads', () => {
  it("a payload as osTicket's POST /api/tickets.json accepts becomes a new ticket with source api", () => {
    const file = join(s.dir, 'osticket.json');
    writeFileSync(file, JSON.stringify({
      alert: true, autorespond: true, source: 'API', name: 'Angry User', email: 'api@example.com', phone: '3185558634X123',
      subject: 'Testing API', ip: '123.211.233.122', message: 'data:text/html,<p>MESSAGE <b>HERE</b></p>', priorityId: 3,
    }));
    const r = s.hd(['--as', 'admin', 'import', file], NOW);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('100004\n');
    expect(r.stderr).toBe("helpdesk: warning: ignored 'phone' (helpdesk has no place for it)\n" +
      "helpdesk: warning: ignored 'ip' (helpdesk has no place for it)\n" +
      'Created ticket #100004 from the osTicket payload (source api)\n');
    const t = s.json(['--as', 'admin', 'ticket', 'show', '100004'], NOW);
    expect(t).toMatchObject({
      subject: 'Testing API', source: 'api', priority: 'high', department: 'Support', user: { name: 'Angry User', email: 'api@example.com' },
    });
    expect(t.thread).toEqual([{ kind: 'message', author: 'api@example.com', author_name: 'Angry User', title: null, body: 'MESSAGE HERE', created_at: '2026-03-10T12:00:00.000Z' }]);
    expect(t.events[0]).toMatchObject({ type: 'created', actor: 'admin' });
  });

  it('a payload without a message is exit 2 and changes nothing', () => {
    const file = join(s.dir, 'osticket-bad.json');
    writeFileSync(file, JSON.stringify({ name: 'A', email: 'a@example.com', subject: 'S', message: '  ' }));
    const before = dbDigest(s.db);
    const r = s.hd(['--as', 'admin', 'import', file], NOW);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^helpdesk: bad osTicket payload: 'message' must be a non-empty string\n/);
    expect(dbDigest(s.db)).toBe(before);
  });
});

describe('CSV and filters', () => {
  it('one row per ticket with a header; quoting and formula guard', () => {
    const r = s.hd(['--as', 'admin', 'export', '--format', 'csv', '--status', 'open,resolved,closed'], NOW);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\r\n');
    expect(lines[0]).toBe('number,subject,status,state,priority,department,topic,sla,assignee,team,user_name,user_email,source,created_at,updated_at,due_at,overdue,first_response_due_at,first_response_at,resolved_at,closed_at,reopened_count');
    expect(lines.slice(1, -1).map((l) => l.split(',')[0])).toEqual(['100001', '100002', '100003', '100004']);
    expect(lines[1]).toMatch(/^100001,Printer jam on 3rd floor,open,open,normal,Support,,Default SLA,john,,Karen Jones,karen@example.com,web,2026-03-02T09:00:00.000Z,/);
    expect(lines[3]).toMatch(/^100003,Password reset,closed,closed,normal,Support,Password Reset,Default SLA,,,Ken Adams,ken@example.com,phone,/);
  });

  it('filters choose the tickets; the organisation is always whole', () => {
    const doc = JSON.parse(s.hd(['--as', 'admin', 'export', '--dept', 'Online Banking'], NOW).stdout);
    expect(doc.filters).toEqual({ dept: 'Online Banking' });
    expect(doc.tickets.map((t: { number: string }) => t.number)).toEqual(['100002']);
    expect(doc.organisation.departments).toHaveLength(4);
    const since = JSON.parse(s.hd(['--as', 'admin', 'export', '--since', '2026-03-05', '--until', '2026-03-05'], NOW).stdout);
    expect(since.tickets.map((t: { number: string }) => t.number)).toEqual(['100002']);
    expect(s.hd(['--as', 'admin', 'export', '--since', 'last week'], NOW)).toMatchObject({ code: 2, stderr: expect.stringMatching(/--since 'last week' is not a date/) });
    // As for ticket list: an empty name is a mistake to report, not a filter to drop.
    expect(s.hd(['--as', 'admin', 'export', '--dept', ''], NOW)).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/department name is empty/) });
    expect(s.hd(['--as', 'admin', 'export', '--team', 'Nobody'], NOW)).toMatchObject({ code: 3, stdout: '', stderr: expect.stringMatching(/no team named 'Nobody'/) });
  });
});

describe('a reader that goes away', () => {
  it('`helpdesk export | head` stops quietly', () => {
    const big = join(s.dir, 'big.db');
    expect(s.hd(['--db', big, 'init', '--sample', 'lab'], NOW).code).toBe(0);
    const db = new Database(big);
    const ticket = db.prepare(`INSERT INTO tickets(number, subject, status, priority, dept_id, user_id, source, created_at, updated_at, clock_start_at)
      VALUES (?, ?, 'open', 'normal', 1, 1, 'web', '2026-03-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z')`);
    const entry = db.prepare(`INSERT INTO thread_entries(ticket_id, kind, author_user_id, body, created_at) VALUES (?, 'message', 1, ?, '2026-03-01T00:00:00.000Z')`);
    db.transaction(() => {
      for (let i = 1; i <= 3000; i++) entry.run(ticket.run(String(100000 + i), `Ticket ${i}`).lastInsertRowid, 'words '.repeat(200));
    })();
    db.close();
    const r = spawnSync('bash', ['-o', 'pipefail', '-c', `"${process.execPath}" "${BIN}" --db "${big}" --as admin export | head -c 100 > /dev/null`], { env: s.env, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('admins only', () => {
  it.each([
    [['export']], [['import', 'export.json']], [['backup', 'b.db']],
  ])('%j as an agent or an end user → exit 4', (args) => {
    for (const who of ['john', 'karen@example.com']) {
      const r = s.hd(['--as', who, ...args.map((a) => (a.endsWith('.json') ? exportFile : a.endsWith('.db') ? join(s.dir, a) : a))], NOW);
      expect(r.code).toBe(4);
      expect(r.stderr).toMatch(/^helpdesk: access denied: only admins may /);
    }
    expect(existsSync(join(s.dir, 'b.db'))).toBe(false);
  });
});

describe('a lab database exported and imported', () => {
  it('does not turn the target into a lab that lab start would replace', () => {
    const lab = sandbox();
    const real = sandbox();
    try {
      expect(lab.hd(['lab', 'start', 'banking-outage']).code).toBe(0);
      const file = join(lab.dir, 'lab.json');
      expect(lab.hd(['--as', 'admin', 'export', '--out', file]).code).toBe(0);
      expect(readFileSync(file, 'utf8')).not.toContain('"lab.scenario"');
      // An older export that still carries the lab's bookkeeping: skipped on import.
      const old = readFileSync(file, 'utf8').replace('"settings":{', '"settings":{"lab.scenario":"banking-outage","lab.ticket":"100001","lab.started_at":"2026-01-01T00:00:00.000Z",');
      writeFileSync(file, old);
      expect(real.hd(['init', '--admin', 'boss']).code).toBe(0);
      expect(real.hd(['dept', 'add', 'Real Dept']).code).toBe(0);
      const imported = real.hd(['import', file]);
      expect(imported.code, imported.stderr).toBe(0);
      const start = real.hd(['lab', 'start', 'escalation']);
      expect(start.code).toBe(5);
      expect(real.json(['dept', 'list']).map((d: { name: string }) => d.name)).toContain('Real Dept');
    } finally {
      lab.cleanup();
      real.cleanup();
    }
  });
});
