import { Command } from 'commander';
import { COMMON_VARIABLES } from '../../../core/template.js';
import { cannedAdd } from '../../../desk/api/mail.js';
import { withDesk } from '../../session.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { confirm, printJson, readBody } from '../shared.js';

export interface CannedAddOptions {
  title: string;
  body?: string;
  bodyFile?: string;
  replace?: boolean;
  globals: Globals;
}

export function newCannedAddCommand(f: Factory, run = runCannedAdd): Command {
  return new Command('add')
    .description('add a canned response (admins)')
    .argument('<title>', 'what agents pick it by, e.g. "Password reset"')
    .option('--body <text>', 'the text; may use variables')
    .option('--body-file <path|->', 'read the text from a file, or - for standard input')
    .option('--replace', 'change the text of an existing one')
    .addHelpText('after', `\nVariables: ${COMMON_VARIABLES.map((v) => `%{${v}}`).join(' ')}\nWrite %%{ for a literal %{.`)
    .action((title: string, o: Omit<CannedAddOptions, 'globals' | 'title'>, cmd: Command) => run(f, { ...o, title, globals: globalsOf(cmd) }));
}

export async function runCannedAdd(f: Factory, o: CannedAddOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const body = await readBody(f, o.globals, o, 'Text', desk);
    const canned = await desk.run(cannedAdd, { title: o.title, body, replace: o.replace });
    if (o.globals.json) return printJson(f, canned);
    confirm(f, o.globals, `Saved canned response '${canned.title}'`);
    if (f.io.stdoutIsTTY && !o.globals.quiet) f.io.err(`Next: helpdesk ticket reply <n> --canned "${canned.title}"\n`);
  });
}
