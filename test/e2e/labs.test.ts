/**
 * Every lab scenario, played three ways through the built binary: by following `lab hint` (each
 * printed command run by a real shell exactly as printed), by a different but equally correct path,
 * and with a wrong action that must leave its step unchecked.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, sandbox, type Sandbox } from '../helpers/cli.js';

let s: Sandbox;
let shimPath: string;
beforeEach(async () => {
  s = sandbox();
  const bin = join(s.dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'helpdesk'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(bin, 'helpdesk'), 0o755);
  shimPath = `${bin}:${s.env.PATH}`;
});
afterEach(async () => s.cleanup());

/** Runs a command line in bash, as a trainee pasting it would. */
function shell(line: string) {
  const r = spawnSync('bash', ['-c', line], { env: { ...s.env, PATH: shimPath }, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const check = () => s.run(['lab', 'check', '--json']);
const steps = async () => JSON.parse((await check()).stdout).steps as Array<{ n: number; done: boolean }>;

const SCENARIOS = ['banking-outage', 'adobe-upgrade', 'cfo-laptop', 'escalation', 'password-reset', 'erp-outage', 'camera-driver'];

describe('lab list', () => {
  it('lists the seven scenarios', async () => {
    expect((await s.runJson(['lab', 'list'])).map((x: { id: string }) => x.id)).toEqual(SCENARIOS);
  });
});

describe.each(SCENARIOS)('%s', (id) => {
  it('following lab hint, command by command, completes it', async () => {
    const start = await s.run(['lab', 'start', id]);
    expect(start.code, start.stderr).toBe(0);
    expect(start.stdout).toContain('Ticket #100001 is waiting');
    const total = (await steps()).length;
    expect((await check()).code).toBe(1);
    for (let i = 0; i < total; i++) {
      const hint = await s.run(['lab', 'hint']);
      expect(hint.code, hint.stderr).toBe(0);
      const line = hint.stdout.trimEnd().split('\n').at(-1)!;
      expect(line).toMatch(/^helpdesk /);
      const r = shell(line);
      expect(r.code, `${line}\n${r.stderr}`).toBe(0);
      expect((await steps()).filter((x) => x.done).length, `after: ${line}`).toBeGreaterThanOrEqual(i + 1);
      if ((await check()).code === 0) break;
    }
    const done = await check();
    expect(done.code).toBe(0);
    const report = JSON.parse(done.stdout);
    expect(report.complete).toBe(true);
    expect(report.steps.every((x: { done: boolean }) => x.done)).toBe(true);
    expect((await s.run(['lab', 'check'])).stdout).toContain('Lab complete!');
    expect((await s.run(['lab', 'hint'])).stdout).toContain('Every step is done');
  });
});

/** A second path per scenario: different commands, other identities, other order — equally correct. */
const ALTERNATIVES: Record<string, string[]> = {
  'banking-outage': [
    'helpdesk --as admin ticket edit 100001 --topic "business critical outage"',
    'helpdesk --as admin ticket sla "#100001" sev-a',
    'helpdesk --as admin ticket status 100001 open --note "Escalated: platform-wide outage."',
    'helpdesk --as admin ticket assign 100001 --team "Online Banking Team" --to jane',
    'helpdesk --as admin ticket transfer 100001 --dept "online banking"',
    'helpdesk --as jane ticket reply 100001 --status in-progress --body "Working on it."',
    'helpdesk --as jane ticket note 100001 --title Resolution --body "Rolled back the release."',
    'helpdesk --as jane ticket status 100001 resolved',
  ],
  'adobe-upgrade': [
    'helpdesk --as john ticket sla 100001 "Sev-C"',
    'helpdesk --as admin ticket assign 100001 --to john',
    'echo "Looking into it." | helpdesk --as john ticket reply 100001 --body-file -',
    'helpdesk --as john ticket reply 100001 --status resolved --body "Fixed: reinstalled Acrobat."',
  ],
  'cfo-laptop': [
    'helpdesk --as admin ticket assign 100001 --to john',
    'helpdesk --as john ticket sla 100001 sev-b',
    'helpdesk --as john ticket reply 100001 --status resolved --body "New charger; it boots."',
  ],
  escalation: [
    'helpdesk --as admin ticket sla 100001 Sev-A',
    'helpdesk --as admin ticket transfer 100001 --dept sysadmins',
    'helpdesk --as admin agent access john --dept SysAdmins --role "view only"',
  ],
  'password-reset': [
    'helpdesk --as admin ticket assign 100001 --to john',
    'helpdesk --as john ticket reply 100001 --body "Please confirm your employee ID."',
    'helpdesk --as john ticket status 100001 awaiting-response',
    'helpdesk --as karen@example.com ticket reply 100001 --body "40721"',
    'helpdesk --as john ticket reply 100001 --body "Done: temporary password sent."',
    'helpdesk --as john ticket status 100001 resolved --note "Verified by employee ID; password reset."',
    'helpdesk --as john ticket status 100001 closed',
  ],
  'erp-outage': [
    'helpdesk --as john ticket assign 100001 --me',
    'helpdesk --as john ticket edit 100001 --priority emergency',
    'helpdesk --as john ticket sla 100001 Sev-A',
    'helpdesk --as john ticket reply 100001 --body "Which offices?"',
    'helpdesk --as cliff@example.com ticket reply 100001 --body "Both."',
    'helpdesk --as john ticket status 100001 closed --note "Root cause: switch ACL. Reverted."',
  ],
  'camera-driver': [
    'helpdesk --as admin ticket assign 100001 --to john',
    'helpdesk --as john ticket note 100001 --body "Driver outdated; installed vendor driver."',
    'helpdesk --as john ticket reply 100001 --body "Please test the camera."',
    'helpdesk --as john ticket status 100001 awaiting-response',
    'helpdesk --as alex@example.com ticket reply 100001 --body "Camera works."',
    'helpdesk --as john ticket status 100001 resolved',
  ],
};

describe.each(SCENARIOS)('%s by another correct path', (id) => {
  it('completes', async () => {
    expect((await s.run(['lab', 'start', id])).code).toBe(0);
    for (const line of ALTERNATIVES[id]!) {
      const r = shell(line);
      expect(r.code, `${line}\n${r.stderr}`).toBe(0);
    }
    const r = await check();
    expect(JSON.parse(r.stdout).steps.filter((x: { done: boolean }) => !x.done)).toEqual([]);
    expect(r.code).toBe(0);
  });
});

/** A wrong action, and the step it must leave unchecked. */
const WRONG: Array<[string, string, number]> = [
  ['banking-outage', 'helpdesk --as john ticket reply 100001 --body "Raised to Sev-A (meant as a note)"', 3],
  ['banking-outage', 'helpdesk --as john ticket sla 100001 Sev-B', 1],
  ['adobe-upgrade', 'helpdesk --as john ticket sla 100001 Sev-A', 2],
  ['cfo-laptop', 'helpdesk --as admin ticket transfer 100001 --dept Accounting && helpdesk --as admin ticket status 100001 resolved', 4],
  ['escalation', 'helpdesk --as john ticket transfer 100001 --dept SysAdmins && helpdesk --as admin agent access john --dept SysAdmins --role "All Access"', 4],
  ['password-reset', 'helpdesk --as john ticket assign 100001 --me && helpdesk --as john ticket status 100001 closed', 2],
  ['erp-outage', 'helpdesk --as john ticket reply 100001 --body "Root cause: ACL (meant as a note)"', 5],
  ['camera-driver', 'helpdesk --as john ticket assign 100001 --me && helpdesk --as john ticket status 100001 closed', 5],
];

describe('a wrong action leaves its step unchecked', () => {
  it.each(WRONG)('%s: %s', async (id, line, step) => {
    expect((await s.run(['lab', 'start', id])).code).toBe(0);
    const r = shell(line);
    expect(r.code, r.stderr).toBe(0);
    expect((await steps()).find((x) => x.n === step)!.done).toBe(false);
    expect((await check()).code).toBe(1);
  });
});

describe('lab start', () => {
  it('logs in as the first role, and hints use --as for other roles and --db when given', async () => {
    const db = join(s.dir, 'my lab.db');
    expect((await s.run(['--db', db, 'lab', 'start', 'banking-outage'])).code).toBe(0);
    expect(await s.runJson(['--db', db, 'whoami'])).toMatchObject({ username: 'john' });
    expect((await s.run(['--db', db, 'lab', 'hint'])).stdout).toContain(`helpdesk --db '${db}' ticket sla 100001 Sev-A`);
    for (const cmd of ['ticket sla 100001 Sev-A', 'ticket edit 100001 --topic "Business Critical Outage"',
      'ticket note 100001 --body "why"', 'ticket assign 100001 --team "Online Banking Team"', 'ticket transfer 100001 --dept "Online Banking"']) {
      expect(shell(`helpdesk --db '${db}' ${cmd}`).code).toBe(0);
    }
    const hint = (await s.run(['--db', db, 'lab', 'hint'])).stdout;
    expect(hint).toContain(`helpdesk --db '${db}' --as jane ticket assign 100001 --me`);
  });

  it('refuses to replace a database holding a real help desk, unless --force', async () => {
    expect((await s.run(['init'])).code).toBe(0);
    const r = await s.run(['lab', 'start', 'banking-outage']);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('not a lab');
    expect((await s.run(['lab', 'start', 'banking-outage', '--force'])).code).toBe(0);
    // An earlier lab is replaced without asking.
    expect((await s.run(['lab', 'start', 'escalation'])).code).toBe(0);
  });

  it('an unknown scenario is a usage error with the valid names', async () => {
    const r = await s.run(['lab', 'start', 'banking']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("did you mean 'banking-outage'?");
  });

  it('lab check without a lab says how to start one', async () => {
    expect((await s.run(['init'])).code).toBe(0);
    const r = await s.run(['lab', 'check']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('helpdesk lab start');
  });
});

describe('lab demo', () => {
  it('narrates every stage and ends with what the end user sees', async () => {
    const r = await s.run(['lab', 'demo', 'banking-outage']);
    expect(r.code, r.stderr).toBe(0);
    for (let i = 1; i <= 9; i++) expect(r.stdout).toContain(`Stage ${i} · `);
    expect(r.stdout).toContain('$ helpdesk ticket sla 100001 Sev-A');
    expect(r.stdout).toContain('SLA: Default SLA → Sev-A');
    expect(r.stdout).toContain('What Karen Jones sees');
    const karen = r.stdout.slice(r.stdout.indexOf('What Karen Jones sees'));
    expect(karen).not.toContain('INTERNAL NOTE');
    expect(karen).toContain('Status    Resolved');
  });
});
