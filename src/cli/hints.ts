/**
 * Errors that teach the next command: commander's parse errors get a hint that names the
 * command the user meant — `ticket assign 100001 john` → `--to john`, `ticket resolve 100001` →
 * `ticket status 100001 resolved` — and "see … --help" names the real command instead of a literal
 * `<command>`. Also `helpdesk help <noun> [<verb>]`, and `--help` after a verb that does not exist.
 */
import type { Command, CommanderError } from 'commander';
import { UsageError, choicesHint } from '../core/errors.js';

interface Walked {
  /** The deepest command the words name. */
  cmd: Command;
  /** Its names from the top (`['ticket', 'assign']`). */
  path: string[];
  /** The words after it that are not options. */
  positionals: string[];
  /** A word where a subcommand was expected and none has that name. */
  unknown?: string;
}

function findOption(cmd: Command, flag: string) {
  for (let c: Command | null = cmd; c; c = c.parent) {
    const found = c.options.find((o) => o.long === flag || o.short === flag);
    if (found) return found;
  }
  return undefined;
}

/** Follows the command line down the command tree, as commander will. */
export function walk(program: Command, argv: readonly string[]): Walked {
  let cmd = program;
  const path: string[] = [];
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') {
      for (const a of argv.slice(i + 1)) positionals.push(a);
      break;
    }
    if (word.startsWith('-') && word !== '-') {
      const option = findOption(cmd, word.split('=')[0]!);
      if (option && option.required && !word.includes('=')) i++;
      continue;
    }
    if (positionals.length === 0 && cmd.commands.length > 0) {
      const sub = cmd.commands.find((c) => c.name() === word || c.aliases().includes(word));
      if (!sub) return { cmd, path, positionals, unknown: word };
      cmd = sub;
      path.push(sub.name());
      continue;
    }
    positionals.push(word);
  }
  return { cmd, path, positionals };
}

const VALUE_OPTIONS = new Set(['--db', '--as']);

/** `helpdesk help ticket list` is `helpdesk ticket list --help` (as git and gh do). */
export function helpArgv(argv: readonly string[]): string[] {
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (VALUE_OPTIONS.has(word)) { i++; continue; }
    if (word.startsWith('-')) continue;
    return word === 'help' ? [...argv.slice(0, i), ...argv.slice(i + 1), '--help'] : [...argv];
  }
  return [...argv];
}

/** `--help` after a word that names no command is a usage error (exit 2), not the parent's help. */
export function rejectHelpOfUnknown(program: Command, argv: readonly string[]): void {
  const dashes = argv.indexOf('--');
  const words = dashes === -1 ? argv : argv.slice(0, dashes);
  if (!words.includes('--help') && !words.includes('-h')) return;
  const w = walk(program, words);
  if (w.unknown === undefined) return;
  throw unknownCommand(w, w.unknown, words.slice(words.indexOf(w.unknown) + 1).filter((x) => !x.startsWith('-')));
}

const command = (path: readonly string[]) => ['helpdesk', ...path].join(' ');
/** Shell-quoted for a hint: bare when safe; always in double quotes for text (`--body "…"`). */
const quote = (text: string, always = false) =>
  (!always && /^[\w@.#:/-]+$/.test(text) ? text : `"${text.replace(/(["\\$`])/g, '\\$1')}"`);

/** Status words typed as verbs: `ticket resolve 100001` means `ticket status 100001 resolved`. */
const STATUS_VERBS: Record<string, string> = {
  resolve: 'resolved', resolved: 'resolved', close: 'closed', closed: 'closed', open: 'open',
  start: 'in-progress', 'in-progress': 'in-progress', wait: 'awaiting-response', 'awaiting-response': 'awaiting-response',
};

function unknownCommand(w: Walked, word: string, rest: readonly string[]): UsageError {
  if (w.path.join(' ') === 'ticket' && Object.hasOwn(STATUS_VERBS, word)) {
    const n = rest[0] ?? '<n>';
    return new UsageError(`unknown command '${word}'`, `to change the status: ${command(['ticket', 'status', n, STATUS_VERBS[word]!])}`);
  }
  const names = w.cmd.commands.map((c) => c.name()).filter((n) => !n.startsWith('_'));
  return new UsageError(`unknown command '${word}'`, `${choicesHint(word, names)}; see ${command(w.path)} --help`);
}

/** What to pass instead of extra words, per verb: `ticket assign 100001 john` → `--to john`. */
const EXTRA_AS_FLAG: Record<string, (extra: string) => string> = {
  'ticket assign': (x) => `--to ${quote(x)}`,
  'ticket transfer': (x) => `--dept ${quote(x)}`,
  'ticket reply': (x) => `--body ${quote(x, true)}`,
  'ticket note': (x) => `--body ${quote(x, true)}`,
  'ticket edit': (x) => `--subject ${quote(x, true)}`,
};

/** The message and hint for one of commander's parse errors on this command line. */
export function commanderHint(program: Command, argv: readonly string[], err: CommanderError): { message: string; hint: string } {
  const [first, ...rest] = err.message.replace(/^error: /, '').split('\n');
  const w = walk(program, argv);
  const help = `see ${command(w.path)} --help`;
  if (err.code === 'commander.unknownCommand' && w.unknown !== undefined) {
    const e = unknownCommand(w, w.unknown, argv.slice(argv.indexOf(w.unknown) + 1).filter((x) => !x.startsWith('-')));
    return { message: e.message, hint: e.hint! };
  }
  if (err.code === 'commander.excessArguments') {
    const flag = EXTRA_AS_FLAG[w.path.join(' ')];
    const expected = w.cmd.registeredArguments.length;
    if (flag && w.positionals.length > expected) {
      const extra = w.positionals.slice(expected).join(' ');
      const fixed = [...w.positionals.slice(0, expected), flag(extra)];
      return { message: first!, hint: `did you mean: ${command([...w.path, ...fixed])}` };
    }
    return { message: first!, hint: `usage: ${command(w.path)} ${w.cmd.usage()}; ${help}` };
  }
  const given = rest.join(' ').trim();
  return { message: first!, hint: given ? `${given}; ${help}` : help };
}
