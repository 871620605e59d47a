/**
 * The CLI in this process: `run(argv, io, env, prompter)` of src/cli/main.ts with a fake IO and a
 * scripted prompter, giving the stdout, stderr and exit code the binary would give (main.ts maps
 * every outcome to the exit code; this only captures what it writes). No process, no build: a
 * command costs milliseconds instead of a Node start. Spawn the binary (test/helpers/cli.ts) only
 * for what needs a process: exit codes as a shell sees them, pipes, signals, terminals, cold start.
 */
import { expect } from 'vitest';
import { processIO, TooLargeError, type IO } from '../../src/cli/io.js';
import { runToEnd } from '../../src/cli/main.js';
import type { Choice, Prompter } from '../../src/cli/prompter.js';
import { keepColorsOnly } from '../../src/cli/render/sanitize.js';
import type { Result } from './cli.js';

export interface FakeTerminal {
  /** What stdin holds (read by `--body-file -`, import, ingest); empty by default. */
  input?: string | Buffer;
  /** Whether stdin and stdout are terminals: false by default, as for a script. */
  tty?: boolean;
  columns?: number;
  rows?: number;
}

export interface FakeIO {
  io: IO;
  stdout(): string;
  stderr(): string;
}

/** An IO that records what is written, and reads stdin from `input`. */
export function fakeIO(t: FakeTerminal = {}): FakeIO {
  const out: Buffer[] = [];
  const err: string[] = [];
  const stdin = Buffer.from(t.input ?? '');
  const tty = t.tty ?? false;
  const files = processIO();
  const bounded = (data: Buffer, limit = Infinity): Buffer => {
    if (data.length > limit) throw new TooLargeError(limit);
    return data;
  };
  const io: IO = {
    // As processIO: text for a terminal keeps its colors only, piped text goes out as it is, and
    // messages never carry raw control characters.
    out: (text) => void out.push(Buffer.from(tty ? keepColorsOnly(text) : text)),
    err: (text) => void err.push(keepColorsOnly(text)),
    outBytes: (data) => void out.push(Buffer.from(data)),
    stdinIsTTY: tty,
    stdoutIsTTY: tty,
    stderrIsTTY: tty,
    columns: t.columns ?? 80,
    ...(tty ? { rows: t.rows ?? 24 } : {}),
    readStdin: async (limit) => bounded(stdin, limit).toString('utf8'),
    readStdinBytes: async (limit) => bounded(stdin, limit),
    // Files are read as the binary reads them: stopping at the limit (/dev/zero has no end).
    readFile: files.readFile,
    readFileBytes: files.readFileBytes!,
  };
  return { io, stdout: () => Buffer.concat(out).toString('utf8'), stderr: () => err.join('') };
}

/** One expected prompt: its message (a substring or pattern) and the answer to give. */
export interface Answer {
  kind: 'input' | 'select' | 'confirm' | 'password';
  message: string | RegExp;
  answer: unknown;
}

export interface ScriptedPrompter extends Prompter {
  /** The prompts not asked yet (a test that scripted them expects them all). */
  readonly left: readonly Answer[];
}

/**
 * Answers the prompts scripted, in order; any other prompt fails the test (a command that asks a
 * script something would hang the script).
 */
export function scriptedPrompter(answers: readonly Answer[] = []): ScriptedPrompter {
  const queue = [...answers];
  const ask = <T>(kind: Answer['kind'], message: string): T => {
    const next = queue[0];
    const matches = next !== undefined && next.kind === kind && (typeof next.message === 'string' ? message.includes(next.message) : next.message.test(message));
    if (!matches) expect.fail(`unexpected ${kind} prompt: ${JSON.stringify(message)}${next ? ` (expected ${next.kind} ${String(next.message)})` : ''}`);
    queue.shift();
    return next!.answer as T;
  };
  return {
    get left() { return queue; },
    input: async (message) => ask<string>('input', message),
    select: async <T>(message: string, _choices: ReadonlyArray<Choice<T>>) => ask<T>('select', message),
    confirm: async (message) => ask<boolean>('confirm', message),
    password: async (message) => ask<string>('password', message),
  };
}

export interface RunOptions extends FakeTerminal {
  env?: Record<string, string | undefined>;
  prompts?: readonly Answer[];
}

/** Runs one command line in this process with `env` as its whole environment. */
export async function run(argv: string[], opts: RunOptions = {}): Promise<Result> {
  const fake = fakeIO(opts);
  const prompter = scriptedPrompter(opts.prompts);
  const code = await runToEnd(argv, fake.io, opts.env ?? {}, prompter);
  expect(prompter.left, `prompts scripted but not asked by helpdesk ${argv.join(' ')}`).toEqual([]);
  return { code, stdout: fake.stdout(), stderr: fake.stderr() };
}
