/**
 * Cold start: what a scripted `ticket list` loads, and the V8 code cache of the bundled CLI.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, sandbox, type Sandbox } from '../helpers/cli.js';

const HOOK = resolve(import.meta.dirname, '../helpers/builtins-hook.cjs');
let s: Sandbox;
const env = () => ({ ...s.env, HELPDESK_AS: 'john', XDG_CACHE_HOME: join(s.dir, 'cache') });

beforeAll(() => {
  s = sandbox();
  expect(s.hd(['init', '--sample', 'lab']).code).toBe(0);
  expect(s.hd(['--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'Printer', '--body', 'Jams.']).code).toBe(0);
});
afterAll(() => s.cleanup());

const caches = () => readdirSync(join(s.dir, 'cache', 'helpdesk')).sort();

/** The Node built-ins a command loads beyond a bare `node` start. */
function builtinsLoadedBy(args: string[], stdout: 'pipe' | number = 'pipe'): string[] {
  const trace = join(s.dir, 'builtins.txt');
  const r = spawnSync(process.execPath, ['--require', HOOK, BIN, ...args], {
    env: { ...env(), HELPDESK_TRACE_BUILTINS: trace }, encoding: 'utf8', stdio: ['ignore', stdout, 'pipe'],
  });
  expect(r.status, r.stderr).toBe(0);
  if (stdout === 'pipe') expect(r.stdout).not.toBe('');
  return readFileSync(trace, 'utf8').split('\n');
}

const HEAVY = ['net', 'tty', 'stream', 'child_process', 'fs/promises', 'crypto', 'readline', 'os'];

describe('a scripted command', () => {
  it('piped, loads no streams, sockets, terminals, child processes, crypto or os', () => {
    const loaded = builtinsLoadedBy(['ticket', 'list']);
    for (const heavy of HEAVY) expect(loaded).not.toContain(heavy);
    // The hook does see what the command loads: the launcher's vm, for one.
    expect(loaded).toContain('vm');
  });

  it('with its output sent to /dev/null (a character device, but no terminal), loads none of them either', () => {
    const devNull = openSync('/dev/null', 'w');
    try {
      const loaded = builtinsLoadedBy(['ticket', 'create', '--user', 'ken@example.com', '--subject', 'Quiet', '--body', 'x'], devNull);
      for (const heavy of HEAVY) expect(loaded).not.toContain(heavy);
    } finally {
      closeSync(devNull);
    }
  });
});

describe('the code cache', () => {
  it('is written after the first run of a verb, used by the next, and rewritten when damaged', () => {
    const first = spawnSync(process.execPath, [BIN, 'ticket', 'list'], { env: env(), encoding: 'utf8' });
    expect(first.status).toBe(0);
    const [file] = caches().filter((f) => f.startsWith('ticket.list-'));
    expect(file).toMatch(/^ticket\.list-[0-9a-f]{16}-v\d+\.\d+\.\d+-\w+\.v8cache$/);
    const path = join(s.dir, 'cache', 'helpdesk', file!);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const again = spawnSync(process.execPath, [BIN, 'ticket', 'list'], { env: env(), encoding: 'utf8' });
    expect(again.stdout).toBe(first.stdout);
    writeFileSync(path, 'not a code cache');
    const damaged = spawnSync(process.execPath, [BIN, 'ticket', 'list'], { env: env(), encoding: 'utf8' });
    expect([damaged.status, damaged.stdout, damaged.stderr]).toEqual([0, first.stdout, '']);
    expect(statSync(path).size).toBeGreaterThan(1000);
  });

  it('is written only after a command that succeeded: a misspelt verb leaves none', () => {
    for (const args of [['ticket', 'crate'], ['agent', 'lsit'], ['ticket', 'search', '"unclosed']]) {
      const r = spawnSync(process.execPath, [BIN, ...args], { env: env(), encoding: 'utf8' });
      expect(r.status, args.join(' ')).not.toBe(0);
    }
    expect(caches().filter((f) => /^(ticket\.crate|agent\.lsit|ticket\.search)-/.test(f))).toEqual([]);
    expect(spawnSync(process.execPath, [BIN, 'ticket', 'search', 'Printer'], { env: env(), encoding: 'utf8' }).status).toBe(0);
    expect(caches().filter((f) => f.startsWith('ticket.search-'))).toHaveLength(1);
  });

  it('HELPDESK_CODE_CACHE=0 neither reads nor writes one', () => {
    const r = spawnSync(process.execPath, [BIN, 'ticket', 'show', '100001'], { env: { ...env(), HELPDESK_CODE_CACHE: '0' }, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(caches().filter((f) => f.startsWith('ticket.show-'))).toEqual([]);
  });
});

describe('HELPDESK_TIMINGS=1', () => {
  it('writes where a command spent its time as one JSON line on stderr, and changes nothing else', () => {
    const args = [BIN, 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'Timed', '--body', 'x'];
    const r = spawnSync(process.execPath, args, { env: { ...env(), HELPDESK_TIMINGS: '1' }, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\d+\n$/);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^Created ticket #\d+/);
    const t = JSON.parse(lines[1]!.replace(/^helpdesk timings: /, '')) as Record<string, number>;
    expect(Object.keys(t).sort()).toEqual(['close', 'command', 'commit', 'end', 'load', 'open', 'started']);
    // Closing may be nothing at all: a small write-ahead log is left for the process's end.
    for (const [k, v] of Object.entries(t)) expect(v, k).toBeGreaterThanOrEqual(k === 'close' ? 0 : Number.MIN_VALUE);
    // The store's phases are part of the command, which ends before the process's clock stops.
    expect(t.open! + t.commit! + t.close!).toBeLessThan(t.command!);
    expect(t.started! + t.load! + t.command!).toBeLessThanOrEqual(t.end! + 0.001);

    const plain = spawnSync(process.execPath, [...args.slice(0, -1), 'y'], { env: env(), encoding: 'utf8' });
    expect(plain.stderr).not.toMatch(/timings/);
  });
});

describe('the launcher', () => {
  it('takes the names of Object.prototype for the unknown commands they are', () => {
    for (const word of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      for (const args of [[word], ['ticket', word]]) {
        const r = spawnSync(process.execPath, [BIN, ...args], { env: env(), encoding: 'utf8' });
        expect([r.status, r.stdout], args.join(' ')).toEqual([2, '']);
        expect(r.stderr.split('\n')[0]).toBe(`helpdesk: unknown command '${word}'`);
      }
    }
  });
});
