/**
 * Shared pieces of the contract tests: they drive the built binary exactly as an acceptance test
 * outside the repository would (CONTRACT.md, flags as spelled there, a frozen clock).
 */
import { expect } from 'vitest';
import { dbDigest, sandbox, spawnHd, type Result, type Sandbox } from '../../helpers/cli.js';
import { remoteMode, remoteSandbox } from '../../helpers/remote.js';

export const KAREN = 'karen@example.com';
export const KEN = 'ken@example.com';
export const T0 = '2026-03-02T09:00:00Z';
export const at = (iso: string, more: Record<string, string> = {}) => ({ env: { HELPDESK_NOW: iso, ...more } });

/** ISO 8601 UTC with milliseconds and Z, as every JSON time must be. */
export const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * A sandbox holding the training organisation (`init --sample lab`). With HELPDESK_TEST_REMOTE=1 the
 * server's commands run through `helpdesk serve` on it (test/helpers/remote.ts).
 */
export function labSandbox(): Sandbox {
  const s = sandbox();
  const r = s.hd(['init', '--sample', 'lab'], at(T0));
  expect(r.code, r.stderr).toBe(0);
  return remoteMode() ? remoteSandbox(s) : s;
}

/** Runs `ticket create` and returns the bare number it prints. */
export function create(s: Sandbox, as: string, args: string[], when = T0): string {
  const r = s.hd(['--as', as, 'ticket', 'create', ...args], at(when));
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/^\d{6}\n$/);
  return r.stdout.trim();
}

/**
 * A user's mistake: the contract's exit code, nothing on stdout, one `helpdesk: ` line (plus an
 * optional hint line) on stderr, no stack trace.
 */
export function expectRefused(r: Result, code: number, message?: RegExp): void {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^helpdesk: /);
  if (lines.length > 1) expect(lines.slice(1).every((l) => l.startsWith('hint: ')), r.stderr).toBe(true);
  expect(lines.length).toBeLessThanOrEqual(2);
  if (message) expect(r.stderr).toMatch(message);
}

/** The same, and the database is byte-for-byte what it was. */
export function expectRefusedUnchanged(s: Sandbox, args: string[], code: number, message?: RegExp, env: Record<string, string> = {}): Result {
  const before = dbDigest(s.db);
  const r = s.hd(args, { env: { HELPDESK_NOW: T0, ...env } });
  expectRefused(r, code, message);
  expect(dbDigest(s.db)).toBe(before);
  return r;
}

/** stdout is exactly one JSON document (object or array) and nothing else. */
export function oneJson(r: Result): any {
  expect(r.code, r.stderr).toBe(0);
  const text = r.stdout.trim();
  expect(text[0] === '{' || text[0] === '[', r.stdout).toBe(true);
  return JSON.parse(text);
}

/**
 * Runs helpdesk with stdin left open (a pipe nobody writes to or closes), the way a script under cron
 * or a CI step may run it. Resolves with the result, or with code -2 if it had to be killed.
 */
export function withOpenStdin(s: Sandbox, args: string[], env: Record<string, string> = {}, ms = 8000): Promise<Result> {
  return spawnHd(args, { ...s.env, HELPDESK_NOW: T0, ...env }, { stdin: 'open', killAfterMs: ms });
}
