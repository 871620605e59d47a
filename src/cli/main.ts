/**
 * The entry point: build the program, run it, and turn every outcome into the contract's exit code.
 * The only place that sets process.exitCode.
 */
import { CommanderError, type Command } from 'commander';
import { HelpdeskError } from '../core/errors.js';
import { machineFault } from '../core/faults.js';
import { closeAllStores, endProcessWithCommand } from '../store/sqlite.js';
import { clockFrom, type Env, type Factory } from './factory.js';
import { commanderHint, helpArgv, rejectHelpOfUnknown } from './hints.js';
import { processIO, type IO } from './io.js';
import { inquirerPrompter, type Prompter } from './prompter.js';
import { buildProgram } from './program.js';
import { safeLine } from './render/sanitize.js';

/** Runs one command line; resolves to the exit code. */
export async function run(given: string[], io: IO, env: Env, prompter = inquirerPrompter()): Promise<number> {
  const argv = helpArgv(given);
  let program: Command | undefined;
  try {
    const f: Factory = { io, env, now: clockFrom(env), prompter };
    program = await buildProgram(f, argv);
    rejectHelpOfUnknown(program, argv);
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    return report(io, env, err, program === undefined ? undefined : (e) => commanderHint(program!, argv, e));
  }
}

/**
 * Runs one command line and closes the databases it opened: what a process does before it ends
 * (main below), and what a test running the CLI in its own process does (test/helpers/run.ts).
 */
export async function runToEnd(argv: string[], io: IO, env: Env, prompter?: Prompter): Promise<number> {
  try {
    return await run(argv, io, env, prompter);
  } finally {
    // Closing is when SQLite folds the write-ahead log back into the database file, and the
    // process.exit() in main would not close anything by itself.
    closeAllStores();
  }
}

type Hinter = (err: CommanderError) => { message: string; hint: string };

function report(io: IO, env: Env, err: unknown, hinter?: Hinter): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
    // A noun without a verb: commander has printed the help; that is a usage error.
    if (err.code === 'commander.help') return err.exitCode === 0 ? 0 : 2;
    const [first, ...rest] = err.message.replace(/^error: /, '').split('\n');
    const { message, hint } = hinter?.(err) ?? { message: first!, hint: rest.join(' ').trim() || 'see helpdesk --help' };
    io.err(`helpdesk: ${oneLine(message)}\n`);
    io.err(`hint: ${oneLine(hint)}\n`);
    return 2;
  }
  if (err instanceof HelpdeskError) {
    if (err.message === '') return err.code;
    io.err(`helpdesk: ${oneLine(err.message)}\n`);
    if (err.hint) io.err(`hint: ${oneLine(err.hint)}\n`);
    if (env.HELPDESK_DEBUG === '1' && err.stack) io.err(`${err.stack}\n`);
    return err.code;
  }
  const e = err as NodeJS.ErrnoException;
  const fault = machineFault(e?.code, e?.path, e?.syscall);
  if (fault) return report(io, env, fault);
  const message = err instanceof Error ? err.message : String(err);
  io.err(`helpdesk: unexpected error: ${oneLine(message)}\n`);
  if (env.HELPDESK_DEBUG === '1' && err instanceof Error && err.stack) io.err(`${err.stack}\n`);
  else io.err('hint: this is a bug; run again with HELPDESK_DEBUG=1 for details and report it\n');
  return 1;
}

/**
 * Errors are one line (CONTRACT.md): a value the user typed or a parser's message may hold line
 * breaks, which are shown escaped instead of splitting the message.
 */
function oneLine(text: string): string {
  // The message may quote what someone typed or sent: no control character reaches the terminal raw.
  return safeLine(text.replace(/\r/g, '\\r').replace(/\n/g, '\\n'));
}

/**
 * Runs this process's command line and sets its exit code. `done` runs once the command has finished
 * and its databases are closed (the bundled launcher writes its code cache and timings then).
 */
export async function main(done: () => void = () => {}): Promise<void> {
  // The reader went away (`helpdesk export | head`): stop quietly, as `git log | head` does,
  // instead of dying with a stack trace — and instead of writing the rest into nothing.
  const io = processIO(() => process.exit(0));
  if (io.stdoutIsTTY) {
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      process.exit(0);
    });
  }
  // This process ends with its command: a small write-ahead log is left for the next command
  // instead of being folded back into the database at every command (its fsyncs).
  endProcessWithCommand();
  process.exitCode = await runToEnd(process.argv.slice(2), io, process.env);
  done();
  // Nothing is left to wait for (no timer, socket, file request or child process; a terminal is
  // written synchronously): exit now instead of turning the event loop once more, where V8 would
  // collect garbage for a process that is about to end (~1 ms of a piped ticket list).
  if (process.platform !== 'win32' && process.getActiveResourcesInfo().every((r) => r === 'TTYWrap')) process.exit();
  // Something is still pending (standard input read from a pipe, a write to a slow reader): let it
  // finish, then end as process.exit() does, so that a database left open for the process's end is
  // not closed (and checkpointed) by better-sqlite3 at the natural exit after all.
  process.once('beforeExit', () => process.exit());
}
