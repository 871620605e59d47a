import { Command } from 'commander';
import { removeCanned } from '../../../desk/canned.js';
import { globalsOf, withSession, type Factory, type Globals } from '../../factory.js';
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
  await withSession(f, o.globals, async (desk, actor) => {
    const canned = await removeCanned(desk, actor, o.title);
    if (o.globals.json) return printJson(f, canned);
    confirm(f, o.globals, `Removed canned response '${canned.title}'`);
  });
}
