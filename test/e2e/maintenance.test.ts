/**
 * Never losing the help desk: backups taken while others write, restores, the doctor's check-up,
 * and shell completion that knows the help desk's tickets and names.
 */
import { SCHEMA_VERSION } from '../../src/store/migrations.js';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, dbDigest, query, sandbox, type Sandbox } from '../helpers/cli.js';
import { plain, terminal } from '../helpers/pty.js';

let s: Sandbox;
const NOW = { env: { HELPDESK_NOW: '2026-03-02T09:00:00Z' } };
beforeAll(() => {
  s = sandbox();
  expect(s.hd(['init', '--sample', 'lab']).code).toBe(0);
  for (const subject of ['Printer jam', 'VPN drops', 'Outlook crashes']) {
    expect(s.hd(['--as', 'karen@example.com', 'ticket', 'create', '--subject', subject, '--body', 'help'], NOW).code).toBe(0);
  }
});
afterAll(() => s.cleanup());

const ticketCount = (db: string) => query<{ n: number }>(db, 'SELECT count(*) AS n FROM tickets')[0]!.n;

describe('backup', () => {
  it('taken while four processes write, is a consistent database that opens', async () => {
    const before = ticketCount(s.db);
    const writer = async (w: number) => {
      for (let i = 0; i < 12; i++) {
        const r = await s.hdAsync(['--as', 'john', 'ticket', 'create', '--user', `w${w}@example.com`, '--subject', `load ${w}-${i}`, '--body', 'x', '--resolve', 'done']);
        if (r.code !== 0) throw new Error(r.stderr);
      }
    };
    const writers = Promise.all([0, 1, 2, 3].map(writer));
    // Let the writers get going, then back up in the middle of their work.
    await new Promise((done) => setTimeout(done, 1500));
    const file = join(s.dir, 'during.db');
    const backup = await s.hdAsync(['--as', 'admin', 'backup', file, '--json']);
    await writers;
    const after = ticketCount(s.db);
    expect(after).toBe(before + 48);
    expect(backup.code).toBe(0);
    const report = JSON.parse(backup.stdout);
    expect(report).toMatchObject({ file, integrity: 'ok', schema_version: SCHEMA_VERSION });
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      const n = db.prepare('SELECT count(*) AS n FROM tickets').pluck().get() as number;
      expect(n).toBeGreaterThanOrEqual(before);
      expect(n).toBeLessThanOrEqual(after);
      expect(report.tickets).toBe(n);
      // Consistent: every ticket has its first message and its resolution note, never half a ticket.
      expect(db.prepare('SELECT count(*) FROM thread_entries').pluck().get()).toBe(before + 2 * (n - before));
    } finally {
      db.close();
    }
    // The search index came along in step with the tickets.
    const rw = new Database(file);
    try {
      rw.exec("INSERT INTO ticket_fts(ticket_fts, rank) VALUES ('integrity-check', 1)");
    } finally {
      rw.close();
    }
    expect(statSync(file).mode & 0o777).toBe(0o600);
  }, 120_000);

  it('refuses a file that exists (exit 5) unless --force', () => {
    const file = join(s.dir, 'exists.db');
    writeFileSync(file, 'precious');
    const r = s.hd(['--as', 'admin', 'backup', file]);
    expect(r).toEqual({ code: 5, stdout: '', stderr: `helpdesk: ${file} already exists\nhint: pass --force to replace it, or pick another file\n` });
    expect(s.hd(['--as', 'admin', 'backup', file, '--force']).code).toBe(0);
    expect(ticketCount(file)).toBe(ticketCount(s.db));
  });

  it('names a missing directory (exit 2)', () => {
    const r = s.hd(['--as', 'admin', 'backup', join(s.dir, 'nope', 'b.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^helpdesk: no such directory: /);
  });
});

describe('restore', () => {
  it('refuses to overwrite a database without --force, then restores with it', () => {
    const backup = join(s.dir, 'snapshot.db');
    expect(s.hd(['--as', 'admin', 'backup', backup]).code).toBe(0);
    const count = ticketCount(backup);
    expect(s.hd(['--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'after', '--body', 'x']).code).toBe(0);
    const before = dbDigest(s.db);
    const refused = s.hd(['restore', backup]);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toBe(`helpdesk: refusing to overwrite the database ${s.db}\nhint: pass --force to replace it with the backup (the current one is kept beside it as <file>.replaced-<time>)\n`);
    expect(dbDigest(s.db)).toBe(before);
    // Only an admin may throw the live database away.
    expect(s.hd(['--as', 'john', 'restore', backup, '--force']).code).toBe(4);
    expect(dbDigest(s.db)).toBe(before);
    const r = s.hd(['--as', 'admin', 'restore', backup, '--force', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      database: s.db, from: backup, schema_version: SCHEMA_VERSION, tickets: count, replaced: expect.stringMatching(/helpdesk\.db\.replaced-\d{8}T\d{6}Z$/),
    });
    expect(ticketCount(s.db)).toBe(count);
    expect(s.hd(['--as', 'john', 'ticket', 'search', 'printer'], NOW).stdout).toMatch(/^100001\t/);
  });

  it('into a new path needs no --force', () => {
    const backup = join(s.dir, 'snapshot.db');
    const fresh = join(s.dir, 'restored', 'helpdesk.db');
    const r = s.hd(['--db', fresh, 'restore', backup]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`Restored ${fresh} from ${backup} (${ticketCount(backup)} tickets)\n`);
    expect(statSync(fresh).mode & 0o777).toBe(0o600);
  });

  it('checks that the file is a help desk database (exit 2), changing nothing', () => {
    const junk = join(s.dir, 'junk.db');
    writeFileSync(junk, 'this is not a database at all, just text '.repeat(200));
    const plain = join(s.dir, 'plain.db');
    new Database(plain).exec('CREATE TABLE x(a)');
    const before = dbDigest(s.db);
    for (const [file, message] of [[junk, /is not a helpdesk database/], [plain, /is an SQLite database but not a help desk/]] as const) {
      const r = s.hd(['--as', 'admin', 'restore', file, '--force']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(s.hd(['restore', join(s.dir, 'missing.db')]).code).toBe(3);
    expect(dbDigest(s.db)).toBe(before);
  });
});

describe('doctor', () => {
  it('reports path, schema, integrity, size and counts', () => {
    const r = s.json(['doctor']);
    expect(r).toMatchObject({
      path: s.db, schema_version: SCHEMA_VERSION, supported_schema_version: SCHEMA_VERSION, journal_mode: 'wal', integrity: ['ok'], search_index: 'ok', helpdesk: true, ok: true,
      counts: { departments: 4, agents: 3, users: 4 + 4, teams: 1, topics: 4, sla_plans: 4, outbox_pending: 0 },
    });
    expect(r.counts.tickets).toBe(ticketCount(s.db));
    expect(r.bytes).toBe(statSync(s.db).size);
    const text = s.hd(['doctor']).stdout;
    expect(text).toMatch(new RegExp(`^Database     ${s.db}\nSchema       version ${SCHEMA_VERSION} \\(this helpdesk: ${SCHEMA_VERSION}\\)\n`));
    expect(text).toMatch(/\nIntegrity {4}ok\n/);
  });

  it('finds a search index out of step (exit 1) and --reindex rebuilds it', () => {
    const file = join(s.dir, 'drift.db');
    expect(s.hd(['--as', 'admin', 'backup', file]).code).toBe(0);
    const db = new Database(file);
    // Take one ticket out of the index behind the triggers' back.
    db.exec("INSERT INTO ticket_fts(ticket_fts, rowid, subject, public, internal) SELECT 'delete', id, subject, public, internal FROM ticket_fts_source WHERE id = 1");
    db.close();
    const r = s.hd(['--db', file, '--as', 'admin', 'doctor']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\nSearch index out of step with the tickets/);
    expect(r.stderr).toBe('helpdesk: the search index is out of step with the tickets\nhint: rebuild it: helpdesk doctor --reindex\n');
    const fixed = s.hd(['--db', file, '--as', 'admin', 'doctor', '--reindex']);
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toMatch(/\nSearch index ok\n/);
    expect(s.hd(['--db', file, '--as', 'admin', 'ticket', 'search', 'printer'], NOW).stdout).toMatch(/^100001\t/);
  });

  it('a missing database is exit 3 and is not created', () => {
    const missing = join(s.dir, 'nothing-here.db');
    const r = s.hd(['--db', missing, 'doctor']);
    expect(r).toEqual({ code: 3, stdout: '', stderr: `helpdesk: no database at ${missing}\nhint: create one with: helpdesk init\n` });
    expect(existsSync(missing)).toBe(false);
  });
});

describe('shell completion', () => {
  let bin: string;
  beforeAll(() => {
    bin = join(s.dir, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'helpdesk'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(join(bin, 'helpdesk'), 0o755);
  });
  const bash = (script: string) => spawnSync('bash', ['-c', script], {
    env: { ...s.env, PATH: `${bin}:${s.env.PATH}` }, encoding: 'utf8',
  });
  const complete = (words: string[]) => bash(
    `source <(helpdesk completion bash) && COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}) && COMP_CWORD=${words.length - 1} && _helpdesk && { (( \${#COMPREPLY[@]} == 0 )) || printf '%s\\n' "\${COMPREPLY[@]}"; }`,
  ).stdout;

  it('the bash script loads and registers helpdesk', () => {
    const r = bash('source <(helpdesk completion bash) && complete -p helpdesk');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('complete -F _helpdesk helpdesk\n');
  });

  it('completes ticket numbers the identity may see', () => {
    expect(complete(['helpdesk', '--as', 'karen@example.com', 'ticket', 'show', '10000'])).toBe('100003\n100002\n100001\n');
    expect(complete(['helpdesk', '--as', 'ken@example.com', 'ticket', 'show', ''])).toBe('');
  });

  it('completes commands, flags, departments, agents and statuses', () => {
    expect(complete(['helpdesk', 'ba'])).toBe('backup\n');
    expect(complete(['helpdesk', 'ticket', 'se'])).toBe('search\n');
    expect(complete(['helpdesk', 'ticket', 'assign', '100001', '--t'])).toBe('--to\n--team\n');
    expect(complete(['helpdesk', 'ticket', 'assign', '100001', '--to', 'j'])).toBe('jane\njohn\n');
    expect(complete(['helpdesk', 'ticket', 'transfer', '100001', '--dept', 'On'])).toBe('Online\\ Banking\n');
    expect(complete(['helpdesk', 'ticket', 'status', '100001', 're'])).toBe('resolved\n');
  });

  it('completes the desk\'s custom statuses beside the built-in ones, and the built-in ones without a desk', () => {
    expect(s.hd(['--as', 'admin', 'status', 'add', 'On Hold', '--state', 'open', '--pause']).code).toBe(0);
    try {
      expect(complete(['helpdesk', 'ticket', 'status', '100001', 'o'])).toBe('open\non-hold\n');
      expect(complete(['helpdesk', 'ticket', 'list', '--status', 'on'])).toBe('on-hold\n');
      expect(complete(['helpdesk', 'ticket', 'reply', '100001', '--status', 'on'])).toBe('on-hold\n');
      expect(complete(['helpdesk', '--db', join(s.dir, 'none.db'), 'ticket', 'status', '100001', 'o'])).toBe('open\n');
      expect(existsSync(join(s.dir, 'none.db'))).toBe(false);
    } finally {
      expect(s.hd(['--as', 'admin', 'status', 'remove', 'On Hold']).code).toBe(0);
    }
  });

  it('completes lab scenario names', () => {
    expect(complete(['helpdesk', 'lab', 'start', 'ba'])).toBe('banking-outage\n');
    expect(complete(['helpdesk', 'lab', 'demo', 'c'])).toBe('cfo-laptop\ncamera-driver\n');
  });

  const has = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;
  const inShell = (shell: string, script: string) => spawnSync(shell, ['-c', script], {
    env: { ...s.env, PATH: `${bin}:${s.env.PATH}` }, encoding: 'utf8',
  });

  it.skipIf(!has('zsh'))('the zsh script offers ticket numbers with their subjects', () => {
    // _describe is zsh's; stand it in to print what the script hands over.
    const r = inShell('zsh', 'source <(helpdesk completion zsh); _describe() { local name=${@[-1]}; print -rl -- "${(@P)name}"; }; ' +
      'words=(helpdesk --as karen@example.com ticket show 10000); CURRENT=6; _helpdesk');
    expect(r.stdout).toBe('100003:Outlook crashes (open)\n100002:VPN drops (open)\n100001:Printer jam (open)\n');
  });

  it.skipIf(!has('fish'))('the fish script completes ticket numbers and department names', () => {
    const r = inShell('fish', 'helpdesk completion fish | source; complete -C "helpdesk --as karen@example.com ticket show 10000"; complete -C "helpdesk ticket transfer 100001 --dept On"');
    expect(r.stdout).toBe('100001\tPrinter jam (open)\n100002\tVPN drops (open)\n100003\tOutlook crashes (open)\nOnline Banking\n');
  });

  it('zsh and fish scripts are printed; an unknown shell is exit 2', () => {
    expect(s.hd(['completion', 'zsh']).stdout).toMatch(/^#compdef helpdesk\n/);
    expect(s.hd(['completion', 'fish']).stdout).toMatch(/complete -c helpdesk -f -a '\(__helpdesk_complete\)'/);
    expect(s.hd(['completion', 'tcsh'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^helpdesk: unsupported shell 'tcsh'\nhint: /) });
  });

  it('completion never creates a database', () => {
    const missing = join(s.dir, 'no.db');
    expect(s.hd(['--db', missing, '__complete', '--', 'ticket', 'show', '']).stdout).toBe('words\n');
    expect(existsSync(missing)).toBe(false);
  });
});

describe('on a terminal', () => {
  it('export and import draw a progress bar on stderr and erase it', async () => {
    const env = { ...s.env, HELPDESK_NOW: '2026-03-02T09:00:00Z' };
    const file = join(s.dir, 'tty-export.json');
    const out = terminal(['--as', 'admin', 'export', '--out', file], env);
    expect(await out.exited).toBe(0);
    expect(out.output).toMatch(/\rExporting \[[█░]{24}\] +\d+% \d+\/\d+ tickets/);
    expect(plain(out.output)).toMatch(/Exported \d+ tickets and \d+ end users to /);
    const fresh = join(s.dir, 'tty-import.db');
    // A dry run only checks; an import checks and writes in one pass, under one bar.
    const dry = terminal(['--db', fresh, 'import', file, '--dry-run'], env);
    expect(await dry.exited).toBe(0);
    expect(dry.output).toMatch(/\rChecking \[[█░]{24}\]/);
    expect(plain(dry.output)).toMatch(/Would import \d+ tickets/);
    const imp = terminal(['--db', fresh, 'import', file], env);
    expect(await imp.exited).toBe(0);
    expect(imp.output).toMatch(/\rImporting \[[█░]{24}\]/);
    expect(imp.output).not.toMatch(/Checking/);
    expect(plain(imp.output)).toMatch(/Imported \d+ tickets/);
  });
});
