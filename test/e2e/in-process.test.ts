/**
 * The in-process runner gives what the binary gives: the same stdout, stderr and exit code for a
 * success, a usage error, a refusal and a bug-free not-found, and it fails a test on a prompt
 * nobody scripted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../helpers/cli.js';
import { run, scriptedPrompter } from '../helpers/run.js';

const NOW = { HELPDESK_NOW: '2026-03-02T09:00:00Z' };

describe('run (in-process) against the binary', () => {
  let s: Sandbox;
  beforeAll(() => {
    s = sandbox();
    expect(s.hd(['init', '--sample', 'lab'], { env: NOW }).code).toBe(0);
  });
  afterAll(() => s.cleanup());

  const lines = [
    ['--as', 'admin', 'ticket', 'list'],
    ['--as', 'admin', 'ticket', 'show', '999999'],
    ['--as', 'admin', 'ticket', 'create', '--subject', 'x'],
    ['ticket', 'lst'],
    ['--as', 'nobody', 'whoami'],
    ['--version'],
    ['ticket'],
    ['--as', 'admin', 'ticket', 'create', '--user', 'karen@example.com', '--subject', 'Printer', '--body-file', '-'],
  ];
  it.each(lines.map((argv) => [argv.join(' '), argv] as const))('helpdesk %s', async (_, argv) => {
    // Each command line once per side, on its own copy of the same database (create changes it).
    const spawned = s.hd(argv, { env: NOW, input: 'It jams.\n' });
    const t = sandbox();
    try {
      expect(t.hd(['init', '--sample', 'lab'], { env: NOW }).code).toBe(0);
      const inProcess = await t.run(argv, { env: NOW, input: 'It jams.\n' });
      expect(inProcess).toEqual(spawned);
    } finally {
      t.cleanup();
    }
  });

  it('fails the test on a prompt nobody scripted, and answers the scripted ones', async () => {
    const p = scriptedPrompter([{ kind: 'confirm', message: 'Sure?', answer: true }]);
    expect(await p.confirm('Sure? [y/N]')).toBe(true);
    await expect(p.input('Subject:')).rejects.toThrow(/unexpected input prompt: "Subject:"/);
  });

  it('fails the test when a scripted prompt was not asked', async () => {
    await expect(run(['--version'], { prompts: [{ kind: 'input', message: 'x', answer: '' }] })).rejects.toThrow(/scripted but not asked/);
  });
});
