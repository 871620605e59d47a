/**
 * The README works as printed: its quick start and its tour are read from README.md and run
 * in order through bash, with `helpdesk` on PATH the way the quick start puts it there (`npm link`,
 * into a temporary npm prefix instead of the machine's), in a temporary home.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The commands of the first ```sh block after a heading: continuation lines joined, comments dropped. */
function commandsUnder(heading: string): string[] {
  const at = README.indexOf(`\n## ${heading}`);
  if (at === -1) throw new Error(`README.md has no section '${heading}'`);
  const block = /```sh\n([\s\S]*?)```/.exec(README.slice(at))![1]!;
  return block.replace(/\\\n\s*/g, '').split('\n')
    .map((line) => line.replace(/\s+#\s.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

let dir: string;
let env: Record<string, string>;

/** Runs the commands in one bash, in order, stopping at the first that fails; says which. */
function runInBash(commands: string[]): { code: number; stdout: string; stderr: string } {
  const script = ['set -eo pipefail', ...commands.map((c, i) => `${c}\necho "::done ${i}" >&2`)].join('\n');
  const r = spawnSync('bash', ['-c', script], { env, cwd: dir, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function failedAt(commands: string[], stderr: string): string {
  const done = [...stderr.matchAll(/::done (\d+)/g)].map((m) => Number(m[1]));
  return commands[done.length ? done[done.length - 1]! + 1 : 0] ?? '(none)';
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'helpdesk-readme-'));
  env = {
    HOME: dir, XDG_DATA_HOME: join(dir, 'data'), XDG_STATE_HOME: join(dir, 'state'), XDG_CACHE_HOME: join(dir, 'cache'),
    NO_COLOR: '1', PATH: `${join(dir, 'npm', 'bin')}:${process.env.PATH ?? ''}`,
  };
  // The quick start's `npm link`, into a prefix of the test's own (npm is already installed and built).
  const link = spawnSync('npm', ['link', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, npm_config_prefix: join(dir, 'npm') },
  });
  expect(link.status, link.stderr).toBe(0);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm install', () => {
  it('leaves no invalid peer dependency (npm install would warn about it)', () => {
    // The esbuild pin must satisfy vite's peer range (vitest → vite → esbuild).
    const r = spawnSync('npm', ['ls', 'esbuild', '--all'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).not.toContain('invalid');
  });
});

describe('README', () => {
  it('the quick start installs with npm link and then runs as printed', () => {
    const commands = commandsUnder('Quick start');
    expect(commands[0]).toBe('npm install && npm link');
    const helpdesk = commands.filter((c) => c.startsWith('helpdesk '));
    expect(helpdesk.length).toBeGreaterThanOrEqual(2);
    expect(existsSync(join(dir, 'npm', 'bin', 'helpdesk'))).toBe(true);
    const r = runInBash(helpdesk);
    expect(r.code, `failed at: ${failedAt(helpdesk, r.stderr)}\n${r.stderr}`).toBe(0);
    // First use says where the database is and who you are.
    const db = join(dir, 'data', 'helpdesk', 'helpdesk.db');
    expect(r.stderr).toContain(`created a new help desk at ${db}`);
    expect(r.stderr).toMatch(/with you as its admin '[a-z0-9._-]+'/);
    expect(r.stdout).toMatch(/^100001\n100001\topen\t/);
    // Only the first command says so.
    expect(r.stderr.match(/created a new help desk/g)).toHaveLength(1);
  });

  it('the tour runs as printed, in order, against its own database', () => {
    const commands = commandsUnder('A short tour');
    const r = runInBash(commands);
    expect(r.code, `failed at: ${failedAt(commands, r.stderr)}\n${r.stderr}`).toBe(0);
    expect(existsSync(join(dir, 'helpdesk-tour.db'))).toBe(true);
    // Karen's view, the last command: the reply and the resolution, never the internal notes.
    const show = r.stdout.slice(r.stdout.lastIndexOf('#100001'));
    expect(show).toContain('We are on it; a recent update is the likely cause.');
    expect(show).toContain('Resolved');
    expect(show).not.toContain('Raised to Sev-A');
    expect(show).not.toContain('Rolled back the update');
  });

  it('running the tour again warns that --force replaces the earlier tour desk', () => {
    const commands = commandsUnder('A short tour').slice(0, 2);
    const r = runInBash(commands);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`helpdesk: warning: --force replaced the help desk that was at ${join(dir, 'helpdesk-tour.db')}`);
    // The quick start's desk is untouched.
    const list = spawnSync('helpdesk', ['ticket', 'list', '--queue', 'all'], { env, encoding: 'utf8' });
    expect(list.stdout).toContain('VPN drops every hour');
  });
});

/** The raw lines of the first ```sh block after a ### heading (comments kept: they say the exit codes). */
function linesUnder(heading: string): string[] {
  const at = README.indexOf(`\n### ${heading}`);
  if (at === -1) throw new Error(`README.md has no section '${heading}'`);
  return /```sh\n([\s\S]*?)```/.exec(README.slice(at))![1]!.split('\n').filter((l) => l.trim() !== '');
}

describe("README's SLA section", () => {
  it('shows the cron line, a holiday import and a simulation, and each runs as printed', () => {
    const runs = linesUnder('The desk that runs itself');
    const plans = linesUnder('Changing plans and calendars');
    const whatIf = linesUnder('What if');
    expect(runs[0]).toMatch(/^\*\/5 \* \* \* \* helpdesk automate run\b/);
    expect(plans.some((l) => l.startsWith('helpdesk schedule holiday import '))).toBe(true);
    expect(whatIf.some((l) => l.startsWith('helpdesk sla simulate --plan '))).toBe(true);
    // What the section takes as given: the schedules and plans it names, a ticket, an .ics file.
    const ics = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', 'BEGIN:VEVENT', 'UID:ind@test', 'DTSTART;VALUE=DATE:20260704',
      'RRULE:FREQ=YEARLY', 'SUMMARY:Independence Day', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
    const prelude = [
      'export HELPDESK_DB="$PWD/sla-section.db" HELPDESK_AS=admin',
      'helpdesk init --sample lab --force >/dev/null',
      'helpdesk schedule add "NY Office" --hours "mon-fri 09:00-17:00" --timezone America/New_York >/dev/null',
      'helpdesk schedule add "Old Hours" --hours "mon-fri 07:00-15:00" >/dev/null',
      'helpdesk sla add Gold --hours 4 --first-response 1 >/dev/null',
      'helpdesk sla add Early --hours 8 --schedule "Old Hours" >/dev/null',
      'helpdesk --as john ticket create --user karen@example.com --subject "VPN drops" --body "Every hour." >/dev/null',
      `printf '%s' '${ics}' > us-holidays.ics`,
    ];
    // Each line as printed: the crontab line's command without its schedule; a line whose comment
    // gives an exit code must exit with it.
    const commands = [...runs, ...plans, ...whatIf].map((line) => {
      const command = line.replace(/^(\S+ ){5}(?=helpdesk )/, '').replace(/\s+#\s.*$/, '').trim();
      const exit = /\(exit (\d)\)/.exec(line)?.[1];
      return exit === undefined ? `${command} >/dev/null` : `{ ${command} 2>/dev/null; code=$?; } || true; [ "$code" = ${exit} ]`;
    });
    const r = runInBash([...prelude, ...commands]);
    expect(r.code, `failed at: ${failedAt([...prelude, ...commands], r.stderr)}\n${r.stderr}`).toBe(0);
  });
});
