import { Command } from 'commander';
import { cannedShow } from '../../../desk/api/mail.js';
import { withDesk } from '../../session.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { safeText } from '../../render/sanitize.js';
import { printJson } from '../shared.js';

export interface CannedShowOptions {
  title: string;
  ticket?: string;
  globals: Globals;
}

export function newCannedShowCommand(f: Factory, run = runCannedShow): Command {
  return new Command('show')
    .description('print a canned response; with --ticket, filled in as it would be sent')
    .argument('<title>', 'its title')
    .option('--ticket <n>', 'fill in the variables from this ticket and you')
    .action((title: string, o: { ticket?: string }, cmd: Command) => run(f, { title, ticket: o.ticket, globals: globalsOf(cmd) }));
}

export async function runCannedShow(f: Factory, o: CannedShowOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const canned = await desk.run(cannedShow, { title: o.title, ticket: o.ticket });
    if (o.globals.json) return printJson(f, canned);
    // Piped, the text exactly (to a file, into a reply); on a terminal, its control characters shown.
    const body = f.io.stdoutIsTTY ? safeText(canned.body) : canned.body;
    f.io.out(body.endsWith('\n') ? body : `${body}\n`);
  });
}
