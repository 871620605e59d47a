import { Command } from 'commander';
import { ticketStatus } from '../../../desk/api/ticket-actions.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { localActor, withDesk } from '../../session.js';
import { printChange } from '../shared.js';

export interface ReopenOptions {
  number: string;
  note?: string;
  globals: Globals;
}

export function newReopenCommand(f: Factory, run = runReopen): Command {
  return new Command('reopen')
    .description('reopen a resolved or closed ticket (same as: status <n> open)')
    .argument('<n>', 'ticket number')
    .option('--note <text>', 'add an internal note saying why')
    .action((number: string, o: { note?: string }, cmd: Command) => run(f, { number, note: o.note, globals: globalsOf(cmd) }));
}

export async function runReopen(f: Factory, o: ReopenOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const result = await desk.run(ticketStatus, { number: o.number, status: 'open', note: o.note });
    printChange(f, o.globals, result, `#${result.ticket.number} reopened`, undefined, localActor(f, o.globals, desk));
  });
}
