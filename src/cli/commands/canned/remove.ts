import { Command } from 'commander';
import { cannedRemove } from '../../../desk/api/mail.js';
import { withDesk } from '../../session.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { confirm, printJson } from '../shared.js';

export interface CannedRemoveOptions {
  title: string;
  globals: Globals;
}

export function newCannedRemoveCommand(f: Factory, run = runCannedRemove): Command {
  return new Command('remove')
    .alias('rm')
    .description('delete a canned response (admins)')
    .argument('<title>', 'its title')
    .action((title: string, _o: object, cmd: Command) => run(f, { title, globals: globalsOf(cmd) }));
}

export async function runCannedRemove(f: Factory, o: CannedRemoveOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const canned = await desk.run(cannedRemove, { title: o.title });
    if (o.globals.json) return printJson(f, canned);
    confirm(f, o.globals, `Removed canned response '${canned.title}'`);
  });
}
