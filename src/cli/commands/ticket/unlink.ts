import { Command } from 'commander';
import { ticketUnlink } from '../../../desk/api/ticket-together.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { withDesk } from '../../session.js';
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
  await withDesk(f, o.globals, async (desk) => {
    const result = await desk.run(ticketUnlink, { number: o.number, other: o.other });
    printChange(f, o.globals, result, `Unlinked #${result.ticket.number} and #${o.other.replace(/^#/, '')}`);
  });
}
