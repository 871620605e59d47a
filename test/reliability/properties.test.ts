/**
 * Property-based tests: across the command-line argument space and arbitrary mail, no
 * input makes helpdesk crash — never exit 1, never a stack trace; every rejection is exit 2, 3, 4
 * or 5 (mail ingest: 65) with one `helpdesk:` line and at most a hint. Commands run in this process
 * (src/cli/main.ts run) against a real temporary database, so hundreds of inputs take seconds.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IO } from '../../src/cli/io.js';
import { run } from '../../src/cli/main.js';
import type { Prompter } from '../../src/cli/prompter.js';

/** A fixed seed keeps CI repeatable; set HELPDESK_PROPERTY_SEED to explore other inputs. */
const SEED = Number(process.env.HELPDESK_PROPERTY_SEED ?? 20261123);

let dir: string;
let env: Record<string, string>;

const noPrompts: Prompter = {
  input: () => Promise.reject(new Error('prompted without a terminal')),
  select: () => Promise.reject(new Error('prompted without a terminal')),
  confirm: () => Promise.reject(new Error('prompted without a terminal')),
};

async function helpdesk(argv: string[], stdin: Buffer = Buffer.alloc(0)): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: IO = {
    out: (t) => void (stdout += t), err: (t) => void (stderr += t), stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false, columns: 80,
    readStdin: async () => stdin.toString('utf8'), readFile: async () => { throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' }); },
    readStdinBytes: async () => stdin, outBytes: (b) => void (stdout += b.toString('latin1')),
  };
  const code = await run(argv, io, env, noPrompts);
  return { code, stdout, stderr };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'helpdesk-properties-'));
  env = {
    HOME: dir, XDG_DATA_HOME: join(dir, 'data'), XDG_STATE_HOME: join(dir, 'state'), HELPDESK_DB: join(dir, 'helpdesk.db'),
    HELPDESK_NOW: '2026-03-02T09:15:00Z', NO_COLOR: '1', HELPDESK_AS: 'admin',
  };
  expect((await helpdesk(['init', '--sample', 'lab'])).code).toBe(0);
  for (const [who, user, subject] of [['john', 'ken@example.com', 'Printer jams'], ['jane', 'karen@example.com', 'Login fails']]) {
    const r = await helpdesk(['--as', who!, 'ticket', 'create', '--user', user!, '--subject', subject!, '--body', 'Since this morning.',
      ...(who === 'jane' ? ['--dept', 'Online Banking'] : [])]);
    expect(r.code, r.stderr).toBe(0);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a rejection must look like: one `helpdesk:` line, maybe a hint; or commander's help. */
function expectTidy(r: { code: number; stdout: string; stderr: string }, argv: string[]): void {
  const context = JSON.stringify(argv);
  expect([0, 2, 3, 4, 5], `${context}: ${r.stderr}`).toContain(r.code);
  expect(r.stderr, context).not.toMatch(/\n\s+at |unexpected error|SQLITE_|TypeError|RangeError/);
  if (r.code !== 0 && !r.stderr.startsWith('Usage: ')) {
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0], context).toMatch(/^helpdesk: \S/);
    expect(lines.slice(1).every((l) => l.startsWith('hint: ')), `${context}: ${r.stderr}`).toBe(true);
    expect(lines.length, context).toBeLessThanOrEqual(2);
  }
  if (r.code === 0 && argv.includes('--json') && r.stdout !== '') expect(() => JSON.parse(r.stdout), `${context}: ${r.stdout}`).not.toThrow();
}

// Commands that write files where they are told, or reach the network, stay out of the space.
const COMMANDS: string[][] = [
  ['ticket', 'list'], ['ticket', 'show'], ['ticket', 'create'], ['ticket', 'assign'], ['ticket', 'transfer'], ['ticket', 'edit'],
  ['ticket', 'sla'], ['ticket', 'reply'], ['ticket', 'note'], ['ticket', 'status'], ['ticket', 'reopen'], ['ticket', 'search'],
  ['agent', 'list'], ['agent', 'add'], ['agent', 'access'], ['user', 'add'], ['user', 'list'], ['dept', 'add'], ['dept', 'list'],
  ['team', 'add'], ['team', 'join'], ['topic', 'add'], ['sla', 'add'], ['sla', 'list'], ['sla', 'status'], ['schedule', 'add'],
  ['report'], ['config', 'get'], ['config', 'set'], ['mail', 'outbox'], ['mail', 'show'], ['whoami'], ['role', 'list'],
  ['ticket'], ['tickets'], [],
];
const FLAGS = [
  '--json', '--limit', '--status', '--dept', '--to', '--me', '--team', '--priority', '--sla', '--subject', '--body', '--user',
  '--queue', '--sort', '--search', '--note', '--title', '--as', '--release', '--topic', '--name', '--hours', '--timezone',
  '--since', '--until', '--by', '--source', '--assign', '--resolve', '--no-input', '--newest', '--first-response', '--role',
  '--email', '--admin', '--members', '--remove', '--frobnicate', '-x', '--',
];
const VALUES = [
  '100001', '#100001', '100002', '100003', '999999', '0', '-1', '1e3', 'abc', '', ' ', 'Support', 'support', 'Online Banking',
  'john', 'jane', 'admin', 'JOHN', 'ken@example.com', 'karen@example.com', 'nobody@example.com', 'not-an-email', 'open', 'closed',
  'resolved', 'in-progress', 'awaiting-response', 'high', 'emergency', 'Default SLA', 'Sev-A', '30d', '2026-03-01', '2026-13-01',
  'yesterday', '"quote', 'printer OR', '(vpn', '-laser', '*', 'ünïcödé ✓', 'x'.repeat(300), 'mon-fri 08:00-17:00', 'Mars/Olympus',
  'mail.from', 'mail.autoresponse', 'on', 'timezone', 'dept', 'agent', 'All Access', 'View Only',
  // What every JavaScript object answers to: a lookup keyed by a user's word must not find these.
  'constructor', '__proto__', 'toString', 'hasOwnProperty',
];

const token = fc.oneof(fc.constantFrom(...FLAGS), fc.constantFrom(...VALUES), fc.string({ maxLength: 12 }));
const argvs = fc.tuple(fc.constantFrom(...COMMANDS), fc.array(token, { maxLength: 7 }), fc.option(fc.constantFrom('john', 'jane', 'karen@example.com', 'mallory')))
  .map(([command, rest, as]) => [...(as ? ['--as', as] : []), ...command, ...rest]);

// …and command lines that mostly make sense, to get past parsing into the use cases: access,
// lookups, transitions, conflicts.
const pick = (values: readonly string[]) => fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: fc.constantFrom(...VALUES) });
const N = pick(['100001', '100002', '100003', '#100002', '100099']);
const S = pick(['open', 'in-progress', 'awaiting-response', 'resolved', 'closed', 'finished']);
const D = pick(['Support', 'Online Banking', 'SysAdmins', 'Accounting', 'Nowhere']);
const A = pick(['john', 'jane', 'admin', 'nobody']);
const P = pick(['Default SLA', 'Sev-A', 'Sev-B', 'Sev-C', 'Sev-Z']);
const PR = pick(['low', 'normal', 'high', 'emergency', 'urgent']);
const TEXT = pick(['Printer jams', 'VPN drops every hour', 'x']);
const flag = (name: string, value?: fc.Arbitrary<string>): fc.Arbitrary<string[]> => (value ? value.map((v) => [name, v]) : fc.constant([name]));
const options = (...flags: Array<fc.Arbitrary<string[]>>) => fc.subarray(flags.map((f, i) => i), { maxLength: Math.min(4, flags.length) })
  .chain((chosen) => (chosen.length ? fc.tuple(...chosen.map((i) => flags[i]!)) : fc.constant([] as string[][]))).map((parts) => parts.flat());
const json = flag('--json');
const sensible: fc.Arbitrary<string[]> = fc.oneof(
  fc.tuple(fc.constant(['ticket', 'list']), options(flag('--queue', pick(['open', 'mine', 'unassigned', 'overdue', 'answered', 'closed', 'all'])),
    flag('--status', S), flag('--dept', D), flag('--assignee', A), flag('--sla', P), flag('--priority', PR), flag('--search', pick(['printer', 'vpn OR login', '"jams"', 'x*'])),
    flag('--sort', pick(['due', 'created', 'updated', 'priority'])), flag('--limit', pick(['0', '1', '5'])), json)),
  fc.tuple(N.map((n) => ['ticket', 'show', n]), options(json)),
  fc.tuple(fc.constant(['ticket', 'create']), options(flag('--subject', TEXT), flag('--body', TEXT), flag('--user', pick(['ken@example.com', 'new@example.com'])),
    flag('--dept', D), flag('--priority', PR), flag('--sla', P), flag('--assign', A), flag('--team', pick(['Online Banking Team'])), flag('--resolve', TEXT), json)),
  fc.tuple(N.map((n) => ['ticket', 'assign', n]), options(flag('--to', A), flag('--me'), flag('--team', pick(['Online Banking Team', 'Nobody'])), flag('--release'), json)),
  fc.tuple(fc.tuple(N, D).map(([n, d]) => ['ticket', 'transfer', n, '--dept', d]), options(json)),
  fc.tuple(N.map((n) => ['ticket', 'edit', n]), options(flag('--subject', TEXT), flag('--priority', PR), flag('--topic', pick(['Password Reset', 'Nope'])), json)),
  fc.tuple(fc.tuple(N, P).map(([n, p]) => ['ticket', 'sla', n, p]), options(json)),
  fc.tuple(fc.tuple(fc.constantFrom('reply', 'note'), N, TEXT).map(([v, n, b]) => ['ticket', v, n, '--body', b]), options(flag('--status', S), flag('--title', TEXT), json)),
  fc.tuple(fc.tuple(fc.array(N, { minLength: 1, maxLength: 3 }), S).map(([ns, st]) => ['ticket', 'status', ...ns, st]), options(flag('--note', TEXT), json)),
  fc.tuple(N.map((n) => ['ticket', 'reopen', n]), options(json)),
  fc.tuple(pick(['printer', 'vpn login', '"printer jams"', 'print*', 'a OR']).map((q) => ['ticket', 'search', q]), options(flag('--newest'), flag('--limit', pick(['1', '3'])), flag('--status', S), json)),
  fc.tuple(fc.constant(['report']), options(flag('--since', pick(['30d', '2026-01-01', '1h', 'later'])), flag('--by', pick(['dept', 'agent', 'sla', 'topic', 'colour'])), json)),
  fc.tuple(fc.constantFrom(['sla', 'status'], ['sla', 'list'], ['role', 'list'], ['dept', 'list'], ['agent', 'list'], ['whoami'], ['mail', 'outbox']), options(json)),
  fc.tuple(pick(['Facilities', 'Support', '']).map((d) => ['dept', 'add', d]), options(flag('--sla', P), json)),
  fc.tuple(pick(['pat@example.com', 'ken@example.com', 'nope']).map((e) => ['user', 'add', e]), options(flag('--name', TEXT), json)),
).map(([head, rest]) => [...head, ...rest]);
const identity = fc.option(fc.constantFrom('admin', 'john', 'jane', 'karen@example.com', 'ken@example.com', 'mallory'));

describe('any command line', () => {
  it('is answered tidily: exit 0, 2, 3, 4 or 5, one line and a hint at most, no stack trace', async () => {
    await fc.assert(fc.asyncProperty(argvs, async (argv) => {
      expectTidy(await helpdesk(argv), argv);
    }), { numRuns: 400, seed: SEED });
  }, 120_000);

  it('…including the ones that get past parsing into the use cases', async () => {
    const codes = new Set<number>();
    await fc.assert(fc.asyncProperty(sensible, identity, async (argv, as) => {
      const line = [...(as ? ['--as', as] : []), ...argv];
      const r = await helpdesk(line);
      codes.add(r.code);
      expectTidy(r, line);
    }), { numRuns: 600, seed: SEED });
    // The space really reaches every kind of answer.
    expect([...codes].sort()).toEqual([0, 2, 3, 4, 5]);
  }, 120_000);
});

describe('any mail', () => {
  const header = fc.constantFrom('From: Ken Adams <ken@example.com>', 'From: <>', 'From: nobody', 'Subject: Re: Printer [#100001]',
    'Subject: =?utf-8?B?w7xiZXI=?=', 'Message-ID: <a@b>', 'Message-ID: <>', 'In-Reply-To: <helpdesk.100001.x@helpdesk.local>',
    'Content-Type: multipart/mixed; boundary=x', 'Content-Type: text/html; charset=latin1', 'Content-Transfer-Encoding: base64', 'To: help@example.com');
  const mail = fc.oneof(
    fc.tuple(fc.array(header, { maxLength: 6 }), fc.string({ maxLength: 200 })).map(([h, body]) => Buffer.from(`${h.join('\r\n')}\r\n\r\n${body}`, 'utf8')),
    fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)),
  );
  it('is accepted (0) or refused as malformed (65) in one line, never a crash', async () => {
    await fc.assert(fc.asyncProperty(mail, async (raw) => {
      const r = await helpdesk(['mail', 'ingest', '-'], raw);
      const context = JSON.stringify(raw.toString('latin1'));
      expect([0, 65], `${context}: ${r.stderr}`).toContain(r.code);
      expect(r.stderr, context).not.toMatch(/\n\s+at |unexpected error|SQLITE_/);
      if (r.code === 65) expect(r.stderr.trimEnd().split('\n')[0], context).toMatch(/^helpdesk: \S/);
    }), { numRuns: 150, seed: SEED });
  }, 120_000);
});
