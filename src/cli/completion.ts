/**
 * Shell completion: where on the command line the cursor is, worked out from the commander tree
 * (commands, options, arguments), and what may go there — static choices, file names, or values
 * from the database (ticket numbers, agents, departments …). The shell scripts only relay words.
 */
import type { Command, Option } from 'commander';
import { PRIORITIES, QUEUES, SORTS, SOURCES, STATUSES } from '../core/model.js';
import type { Candidate, CompletionKind } from '../desk/complete.js';
import { SCENARIOS } from '../lab/index.js';

export type Completion =
  | { kind: 'words'; values: Candidate[] }
  | { kind: 'files' }
  | { kind: 'dynamic'; source: CompletionKind; without?: Candidate[] };

/** What an option's value is, by its long name (the command's name disambiguates --format). */
function optionValues(cmd: Command, long: string): Completion {
  const words = (values: readonly string[]): Completion => ({ kind: 'words', values: values.map((value) => ({ value })) });
  switch (long) {
    case '--dept': return { kind: 'dynamic', source: 'departments' };
    case '--to': case '--assignee': case '--assign': case '--members': return { kind: 'dynamic', source: 'agents' };
    case '--team': return { kind: 'dynamic', source: 'teams' };
    case '--sla': return { kind: 'dynamic', source: 'sla' };
    case '--topic': return { kind: 'dynamic', source: 'topics' };
    case '--role': return { kind: 'dynamic', source: 'roles' };
    case '--user': return { kind: 'dynamic', source: 'users' };
    case '--as': return { kind: 'dynamic', source: 'identities' };
    case '--status': return statuses();
    case '--priority': return words(PRIORITIES);
    case '--queue': return words(QUEUES);
    case '--source': return words(SOURCES);
    case '--sort': return words(SORTS);
    case '--sample': return words(['lab']);
    case '--format': return words(cmd.name() === 'import' ? ['helpdesk', 'osticket'] : ['json', 'csv']);
    case '--db': case '--out': case '--body-file': return { kind: 'files' };
    default: return { kind: 'words', values: [] };
  }
}

/** Built-in and custom statuses from the desk; the built-in ones alone where there is no desk yet. */
function statuses(): Completion {
  return { kind: 'dynamic', source: 'statuses', without: STATUSES.map((value) => ({ value })) };
}

/** What a positional argument is, by its name in the command's usage. */
function argumentValues(cmd: Command, name: string): Completion {
  switch (name) {
    case 'n': return { kind: 'dynamic', source: 'tickets' };
    case 'status': return statuses();
    case 'plan': return { kind: 'dynamic', source: 'sla' };
    case 'file': return { kind: 'files' };
    case 'who': return { kind: 'dynamic', source: 'identities' };
    case 'username': return { kind: 'dynamic', source: 'agents' };
    case 'team': return { kind: 'dynamic', source: 'teams' };
    case 'scenario': return { kind: 'words', values: SCENARIOS.map((sc) => ({ value: sc.id, description: sc.title })) };
    case 'shell': return { kind: 'words', values: ['bash', 'zsh', 'fish'].map((value) => ({ value })) };
    default: return cmd.commands.length ? subcommands(cmd) : { kind: 'words', values: [] };
  }
}

const visible = (c: Command) => !(c as unknown as { _hidden?: boolean })._hidden;

function subcommands(cmd: Command): Completion {
  return { kind: 'words', values: cmd.commands.filter(visible).map((c) => ({ value: c.name(), description: c.description() })) };
}

function options(chain: Command[]): Option[] {
  return chain.flatMap((c) => c.options.filter((o) => !o.hidden));
}

/** The global options and identity given on the line, for reading the right database as the right person. */
export interface LineGlobals { db?: string; as?: string }

/** Works out what may complete the last word of `words` (the words after the program name). */
export function completeLine(program: Command, words: string[]): { completion: Completion; globals: LineGlobals; current: string } {
  const globals: LineGlobals = {};
  const chain: Command[] = [program];
  let cmd = program;
  let positional = 0;
  const current = words[words.length - 1] ?? '';
  const findOption = (flag: string) => options(chain).find((o) => o.long === flag || o.short === flag);
  let pending: Option | null = null;
  for (const word of words.slice(0, -1)) {
    if (pending) {
      if (pending.long === '--db') globals.db = word;
      if (pending.long === '--as') globals.as = word;
      pending = null;
    } else if (word.startsWith('-') && word !== '-') {
      const [flag, value] = word.split('=', 2) as [string, string | undefined];
      const opt = findOption(flag);
      if (opt && (opt.required || opt.optional) && value === undefined) pending = opt;
      if (opt?.long === '--db' && value !== undefined) globals.db = value;
      if (opt?.long === '--as' && value !== undefined) globals.as = value;
    } else {
      const sub = cmd.commands.find((c) => c.name() === word || c.aliases().includes(word));
      if (sub) { cmd = sub; chain.push(sub); positional = 0; } else positional++;
    }
  }
  if (pending) return { completion: optionValues(cmd, pending.long ?? ''), globals, current };
  if (current.startsWith('-')) {
    const values = options([...chain].reverse()).flatMap((o) => [o.long, o.short].filter((f): f is string => !!f).map((value) => ({ value, description: o.description })));
    return { completion: { kind: 'words', values }, globals, current };
  }
  const args = cmd.registeredArguments;
  if (cmd.commands.length && (cmd === program || positional === 0)) return { completion: subcommands(cmd), globals, current };
  const arg = args[Math.min(positional, args.length - 1)];
  // `ticket status <n>... [status]`: after a number, the status is what usually comes next.
  if (arg?.variadic && arg.name() === 'n' && positional > 0 && cmd.name() === 'status') {
    return { completion: argumentValues(cmd, 'status'), globals, current };
  }
  if (!arg || (positional >= args.length && !arg.variadic)) return { completion: { kind: 'words', values: [] }, globals, current };
  return { completion: argumentValues(cmd, arg.name()), globals, current };
}

/** Keeps the candidates the word typed so far could become ('#' before a ticket number is fine). */
export function filterCandidates(values: Candidate[], current: string): Candidate[] {
  const typed = current.replace(/^#/, '').toLowerCase();
  return values.filter((c) => c.value.toLowerCase().startsWith(typed));
}
