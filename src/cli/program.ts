/**
 * The command tree: global options, nouns and verbs. Only the noun on the command line is loaded (see
 * nouns.ts); help and suggestions load them all.
 */
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { UsageError, choicesHint } from '../core/errors.js';
import { canPrompt, globalsOf, type Factory } from './factory.js';
import { addCommandsFor } from './nouns.js';

/** Set by the bundler (src/build/build.mjs); the unbundled CLI reads package.json. */
declare const HELPDESK_VERSION: string | undefined;

function version(): string {
  if (typeof HELPDESK_VERSION === 'string') return HELPDESK_VERSION;
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** Builds the program for one command line (only the noun it names is loaded). */
export async function buildProgram(f: Factory, argv: readonly string[]): Promise<Command> {
  const program = new Command('helpdesk')
    .usage('[options] [command]')
    .description('A command-line help desk: intake, assignment, working the issue, resolution.')
    .version(version(), '-V, --version')
    .option('--db <path>', 'the SQLite database file (env HELPDESK_DB)')
    .option('--as <who>', 'act as this agent username or end-user email for one command (env HELPDESK_AS)')
    .option('--json', 'machine-readable output: exactly one JSON document on stdout')
    .option('--no-input', 'never prompt')
    .option('--no-color', 'plain output (also NO_COLOR, FORCE_COLOR=0)')
    .option('-q, --quiet', 'no "✓ …" confirmation on stderr (errors and warnings still print)')
    .option('--no-pager', 'never page long output on a terminal (default: $PAGER, else less -FRX)')
    .option('--header', 'tab-separated output starts with a row of field names')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .addHelpText('after', `
Environment: HELPDESK_DB, HELPDESK_AS, HELPDESK_NOW (freeze "now", ISO 8601), NO_COLOR, FORCE_COLOR=0, PAGER, HELPDESK_DEBUG=1.
Exit codes: 0 ok · 1 failure · 2 usage · 3 not found · 4 access denied · 5 conflict · 130 interrupted.`);

  await addCommandsFor(program, f, argv);

  // Variadic, so that `helpdesk tickets list` names the unknown command instead of counting arguments.
  program.argument('[command...]').action((words: string[]) => {
    const name = words[0];
    if (name !== undefined) {
      throw new UsageError(`unknown command '${name}'`, choicesHint(name, program.commands.map((c) => c.name())));
    }
    // No command: the interactive desk on a terminal, help otherwise.
    const globals = globalsOf(program);
    // --json promises one JSON document on stdout, and help is not one.
    if (globals.json) throw new UsageError('--json needs a command', 'e.g. helpdesk ticket list --json (see helpdesk --help)');
    if (canPrompt(f, globals)) return import('./commands/menu/menu.js').then((m) => m.runDesk(f, globals));
    f.io.out(program.helpInformation());
  });
  return configureTree(program, f);
}

/** Every command reports errors through main.ts instead of printing and exiting by itself. */
function configureTree(cmd: Command, f: Factory): Command {
  cmd.exitOverride();
  cmd.configureOutput({
    writeOut: (text) => f.io.out(text),
    writeErr: (text) => f.io.err(text),
    outputError: () => {},
  });
  cmd.showSuggestionAfterError(true);
  for (const sub of cmd.commands) configureTree(sub, f);
  return cmd;
}
