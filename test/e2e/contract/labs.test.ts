/**
 * CONTRACT.md, Training labs: list, start, check (exit 0/1, judged from the database) and hint (a
 * runnable `helpdesk …` line) — every scenario played to the end by running its hints as printed.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, sandbox, type Sandbox } from '../../helpers/cli.js';
import { T0, at, expectRefused, oneJson } from './support.js';

const SCENARIOS = ['banking-outage', 'adobe-upgrade', 'cfo-laptop', 'escalation', 'password-reset', 'erp-outage', 'camera-driver'];

let s: Sandbox;
let binDir: string;
beforeAll(() => {
  s = sandbox();
  // `helpdesk` on PATH, as after npm install -g, so hints run exactly as printed.
  binDir = join(s.dir, 'bin');
  mkdirSync(binDir);
  writeFileSync(join(binDir, 'helpdesk'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(binDir, 'helpdesk'), 0o755);
});
afterAll(() => s.cleanup());

/** Runs a printed command line through the shell, as a trainee pastes it. */
function shell(line: string, env: Record<string, string>) {
  const r = spawnSync('/bin/sh', ['-c', line], {
    env: { ...s.env, ...env, PATH: `${binDir}:${s.env.PATH}` }, encoding: 'utf8', input: '',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('lab list', () => {
  it('the seven scenarios, in order, with and without --json', () => {
    const list = oneJson(s.hd(['lab', 'list', '--json']));
    expect(list.map((l: any) => l.id)).toEqual(SCENARIOS);
    expect(s.hd(['lab', 'list']).stdout.trimEnd().split('\n').map((l) => l.split('\t')[0])).toEqual(SCENARIOS);
  });
});

describe('lab start, check and hint', () => {
  it('start: a fresh training database with the scenario, the first role logged in, the first step printed', () => {
    const db = join(s.dir, 'start.db');
    const r = s.hd(['lab', 'start', 'banking-outage', '--db', db], at(T0));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^helpdesk .*ticket sla 100001 Sev-A$/m);
    expect(s.json(['--db', db, 'whoami']).username).toBe('john');
    expect(s.json(['--db', db, 'ticket', 'show', '100001']).user.email).toBe('karen@example.com');
    expect(s.json(['--db', db, '--as', 'admin', 'dept', 'list']).map((d: any) => d.name).sort()).toEqual(['Accounting', 'Online Banking', 'Support', 'SysAdmins']);
    // Starting again gives a fresh database.
    expect(s.hd(['--db', db, 'ticket', 'note', '100001', '--body', 'x']).code).toBe(0);
    expect(s.hd(['lab', 'start', 'banking-outage', '--db', db], at(T0)).code).toBe(0);
    expect(s.json(['--db', db, 'ticket', 'show', '100001']).thread.map((e: any) => e.kind)).not.toContain('note');
  });

  it('check: exit 1 while steps are left, every step listed with done true/false', () => {
    const db = join(s.dir, 'check.db');
    expect(s.hd(['lab', 'start', 'cfo-laptop', '--db', db], at(T0)).code).toBe(0);
    const r = s.hd(['--db', db, 'lab', 'check', '--json'], at(T0));
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.steps.length).toBeGreaterThan(0);
    expect(doc.steps.every((st: any) => st.done === false)).toBe(true);
    expect(s.hd(['--db', db, 'lab', 'check'], at(T0)).code).toBe(1);
  });

  it('an unknown scenario is a usage error; check/hint without a lab are not found', () => {
    expectRefused(s.hd(['lab', 'start', 'fire-drill', '--db', join(s.dir, 'x.db')]), 2, /did you mean|valid: banking-outage/);
    const plain = join(s.dir, 'plain.db');
    expect(s.hd(['--db', plain, 'init', '--sample', 'lab']).code).toBe(0);
    expectRefused(s.hd(['--db', plain, 'lab', 'check']), 3, /no lab/);
    expectRefused(s.hd(['--db', plain, 'lab', 'hint']), 3, /no lab/);
  });

  it('starting a lab over a real help desk asks for --force; a ticket no lab created asks for it too', () => {
    const real = join(s.dir, 'real.db');
    expect(s.hd(['--db', real, 'init']).code).toBe(0);
    expectRefused(s.hd(['lab', 'start', 'cfo-laptop', '--db', real]), 5, /--force/);
    expect(s.hd(['lab', 'start', 'cfo-laptop', '--db', real, '--force']).code).toBe(0);
    const training = join(s.dir, 'training.db');
    expect(s.hd(['--db', training, 'init', '--sample', 'lab']).code).toBe(0);
    expect(s.hd(['--as', 'admin', '--db', training, 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'practice', '--body', 'b']).code).toBe(0);
    // The training organisation alone is replaced freely; a practice ticket in it is work to keep.
    expectRefused(s.hd(['lab', 'start', 'cfo-laptop', '--db', training], at(T0)), 5, /tickets that no lab created/);
    expect(s.hd(['lab', 'start', 'cfo-laptop', '--db', training, '--force'], at(T0)).code).toBe(0);
    const check = s.hd(['--db', training, 'lab', 'check', '--json']);
    expect([check.code, JSON.parse(check.stdout).scenario]).toEqual([1, 'cfo-laptop']);
  });
});

describe.each(SCENARIOS)('%s, played by running each hint as printed', (scenario) => {
  it('ends with lab check exit 0, judged from the database', () => {
    const db = join(s.dir, `${scenario}.db`);
    const env = { HELPDESK_NOW: T0, HELPDESK_DB: db };
    expect(shell(`helpdesk lab start ${scenario}`, env).code).toBe(0);
    let steps = 0;
    for (; steps < 20; steps++) {
      if (shell('helpdesk lab check', env).code === 0) break;
      const hint = shell('helpdesk lab hint', env);
      expect(hint.code, hint.stderr).toBe(0);
      const line = hint.stdout.split('\n').find((l) => l.startsWith('helpdesk '));
      expect(line, hint.stdout).toBeDefined();
      const ran = shell(line!, env);
      expect(ran.code, `${line}\n${ran.stderr}`).toBe(0);
    }
    const done = oneJson(shell('helpdesk lab check --json', env));
    expect(done.steps.every((st: any) => st.done === true)).toBe(true);
  });
});
