/**
 * The command tree: global options, nouns and verbs. Building it is cheap; each verb loads what it
 * needs when it runs.
 */
import { Command } from 'commander';
import { createRequire } from 'node:module';
import { UsageError, choicesHint } from '../core/errors.js';
import type { Factory } from './factory.js';
import { newInitCommand } from './commands/init.js';
import { newLoginCommand, newSwitchCommand } from './commands/identity/login.js';
import { newLogoutCommand } from './commands/identity/logout.js';
import { newWhoamiCommand } from './commands/identity/whoami.js';
import { newTicketCommand } from './commands/ticket/index.js';
import { addDataCommands } from './commands/data/index.js';

const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };

export function buildProgram(f: Factory): Command {
  const program = new Command('helpdesk')
    .usage('[options] [command]')
    .description('A command-line help desk: intake, assignment, working the issue, resolution.')
    .version(pkg.version, '-V, --version')
    .option('--db <path>', 'the SQLite database file (env HELPDESK_DB)')
    .option('--as <who>', 'act as this agent username or end-user email for one command (env HELPDESK_AS)')
    .option('--json', 'machine-readable output: exactly one JSON document on stdout')
    .option('--no-input', 'never prompt')
    .option('--no-color', 'plain output (also NO_COLOR)')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .addHelpText('after', `
Environment: HELPDESK_DB, HELPDESK_AS, HELPDESK_NOW (freeze "now", ISO 8601), NO_COLOR, HELPDESK_DEBUG=1.
Exit codes: 0 ok · 1 failure · 2 usage · 3 not found · 4 access denied · 5 conflict · 130 interrupted.`);

  program.addCommand(newInitCommand(f));
  program.addCommand(newLoginCommand(f));
  program.addCommand(newSwitchCommand(f));
  program.addCommand(newWhoamiCommand(f));
  program.addCommand(newLogoutCommand(f));
  program.addCommand(newTicketCommand(f));
  addDataCommands(program, f);

  program.argument('[command]').action((name: string | undefined) => {
    if (name !== undefined) {
      throw new UsageError(`unknown command '${name}'`, choicesHint(name, program.commands.map((c) => c.name())));
    }
    // No command: help on stdout (the interactive desk takes this over on a terminal).
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
