/**
 * Every top-level command, loaded only when used. `helpdesk ticket list` should not pay for the mail,
 * report or lab code (cold start is most of a command's time), so each noun is a dynamic import and
 * the program loads just the one on the command line — or all of them for help and suggestions.
 */
import type { Command } from 'commander';
import type { Factory } from './factory.js';
import { NOUNS, type Make } from './manifest.js';
import { nounOf } from './noun-of.js';

/** Completion needs the whole tree (every command and flag), and is hidden from help. */
const COMPLETE = '__complete';
const loadComplete = async (): Promise<Make> => {
  const m = await import('./commands/data/completion.js');
  return (f, program) => [m.newCompleteCommand(f, () => program)];
};

/**
 * Registers the commands for this command line: its noun's, or every one (help, suggestions, and
 * completion, which also gets its hidden helper).
 */
export async function addCommandsFor(program: Command, f: Factory, argv: readonly string[]): Promise<void> {
  const noun = nounOf(argv);
  const wanted = NOUNS.filter(({ names }) => noun !== undefined && names.includes(noun));
  const load = wanted.length ? wanted : NOUNS;
  for (const make of await Promise.all(load.map((entry) => entry.load()))) {
    for (const command of await make(f, program, argv)) program.addCommand(command);
  }
  if (noun === COMPLETE) for (const command of await (await loadComplete())(f, program, argv)) program.addCommand(command, { hidden: true });
}
