/**
 * `export` and `import -` go through the command's IO, not process.stdout/stdin: run in this process
 * with a fake IO, the export asks it whether stdout can take more, and the import reads the fake's
 * standard input — the only input this test gives it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { IO } from '../../src/cli/io.js';
import { run } from '../../src/cli/main.js';
import type { Prompter } from '../../src/cli/prompter.js';

const noPrompts: Prompter = {
  input: () => Promise.reject(new Error('unexpected prompt')),
  select: () => Promise.reject(new Error('unexpected prompt')),
  confirm: () => Promise.reject(new Error('unexpected prompt')),
};

let dir: string;
const envFor = (db: string): Record<string, string> => ({
  HOME: dir, XDG_DATA_HOME: join(dir, 'data'), XDG_STATE_HOME: join(dir, 'state'), HELPDESK_DB: join(dir, db),
  HELPDESK_NOW: '2026-03-02T09:15:00Z', NO_COLOR: '1', HELPDESK_AS: 'admin', HELPDESK_CODE_CACHE: '0',
});

interface Ran { code: number; stdout: string; stderr: string; readyCalls: number }

async function helpdesk(argv: string[], db: string, stdin?: string[]): Promise<Ran> {
  const r: Ran = { code: 0, stdout: '', stderr: '', readyCalls: 0 };
  const io: IO = {
    out: (t) => void (r.stdout += t), err: (t) => void (r.stderr += t), stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false, columns: 80,
    readStdin: () => Promise.reject(new Error('read standard input whole instead of streaming it')),
    readFile: () => Promise.reject(Object.assign(new Error('ENOENT'), { code: 'ENOENT' })),
    outReady: () => { r.readyCalls++; return undefined; },
    ...(stdin ? { stdinStream: async function* () { for (const chunk of stdin) yield Buffer.from(chunk, 'utf8'); } } : {}),
  };
  r.code = await run(argv, io, envFor(db), noPrompts);
  return r;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'helpdesk-transfer-io-'));
  const init = await helpdesk(['init', '--sample', 'lab'], 'a.db');
  expect(init.code, init.stderr).toBe(0);
  const created = await helpdesk(['--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'Printer jams', '--body', 'Since this morning.'], 'a.db');
  expect(created.code, created.stderr).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('export writes through the IO and waits on its outReady; import - reads the IO\'s standard input stream', async () => {
  const exported = await helpdesk(['export'], 'a.db');
  expect(exported.code, exported.stderr).toBe(0);
  expect(exported.stdout).toMatch(/^\{\s*"format"/);
  expect(exported.readyCalls).toBeGreaterThan(0);

  // In pieces that split the JSON anywhere, as a pipe would.
  const text = exported.stdout;
  const pieces = [text.slice(0, 7), text.slice(7, 100), text.slice(100)];
  const imported = await helpdesk(['import', '-'], 'b.db', pieces);
  expect(imported.code, imported.stderr).toBe(0);

  const listed = await helpdesk(['ticket', 'list', '--json'], 'b.db');
  expect(listed.code, listed.stderr).toBe(0);
  expect((JSON.parse(listed.stdout) as Array<{ subject: string }>).map((t) => t.subject)).toContain('Printer jams');
});
