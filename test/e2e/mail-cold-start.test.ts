/**
 * Cold start: the mail libraries load only in the verbs that need them.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BIN, sandbox, type Sandbox } from '../helpers/cli.js';

const HOOK = resolve(import.meta.dirname, '../helpers/trace-imports.mjs');
let s: Sandbox;

beforeAll(() => {
  s = sandbox();
  expect(s.hd(['init', '--sample', 'lab']).code).toBe(0);
});
afterAll(() => s.cleanup());

function loaded(name: string, args: string[], input = ''): string[] {
  const trace = join(s.dir, `${name}.trace`);
  const r = spawnSync(process.execPath, ['--import', HOOK, BIN, ...args], { env: { ...s.env, HELPDESK_TRACE_IMPORTS: trace }, input, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const urls = readFileSync(trace, 'utf8').split('\n');
  return ['nodemailer', 'mailparser'].filter((pkg) => urls.some((u) => u.includes(`/node_modules/${pkg}/`)));
}

it('ticket list loads neither nodemailer nor mailparser', () => {
  expect(loaded('list', ['--as', 'john', 'ticket', 'list'])).toEqual([]);
});

it('mail ingest loads mailparser (so the check above can fail)', () => {
  expect(loaded('ingest', ['mail', 'ingest', '-'], 'From: a@example.com\r\nSubject: hi\r\nMessage-ID: <c1@example.com>\r\n\r\nhello\r\n')).toContain('mailparser');
});
