import { Command } from 'commander';
import { unlinkTickets } from '../../../desk/tickets/link.js';
import { globalsOf, withSession, type Factory, type Globals } from '../../factory.js';
import { printChange } from '../shared.js';

export interface UnlinkOptions {
  number: string;
  other: string;
  globals: Globals;
}

export function newUnlinkCommand(f: Factory, run = runUnlink): Command {
  return new Command('unlink')
    .description('remove the link between two tickets')
    .argument('<n>', 'ticket number')
    .argument('<m>', 'the other ticket')
    .action((number: string, other: string, _o: unknown, cmd: Command) => run(f, { number, other, globals: globalsOf(cmd) }));
}

export async function runUnlink(f: Factory, o: UnlinkOptions): Promise<void> {
  await withSession(f, o.globals, async (desk, actor) => {
    const result = await unlinkTickets(desk, actor, o.number, o.other);
    printChange(f, o.globals, result, `Unlinked #${result.ticket.number} and #${o.other.replace(/^#/, '')}`);
  });
}
