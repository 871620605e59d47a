import { Command } from 'commander';
import { ticketTransfer } from '../../../desk/api/ticket-actions.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { withDesk } from '../../session.js';
import { printChange, required } from '../shared.js';

export interface TransferOptions {
  number: string;
  dept?: string;
  globals: Globals;
}

export function newTransferCommand(f: Factory, run = runTransfer): Command {
  return new Command('transfer')
    .description('move the ticket to another department')
    .argument('<n>', 'ticket number')
    .option('--dept <d>', 'the department to move it to')
    .action((number: string, o: { dept?: string }, cmd: Command) => run(f, { ...o, number, globals: globalsOf(cmd) }));
}

export async function runTransfer(f: Factory, o: TransferOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const dept = await required(f, o.globals, o.dept, '--dept', 'Department');
    const result = await desk.run(ticketTransfer, { number: o.number, dept });
    printChange(f, o.globals, result, `#${result.ticket.number} transferred to ${result.ticket.department}`);
  });
}
