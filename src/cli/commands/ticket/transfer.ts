import { Command } from 'commander';
import { ticketTransfer } from '../../../desk/api/ticket-actions.js';
import { deptList } from '../../../desk/api/org.js';
import { canPrompt, globalsOf, type Factory, type Globals } from '../../factory.js';
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
    // On a terminal the department is picked from the list (a name, not typed); otherwise the flag is named.
    const dept = o.dept !== undefined || !canPrompt(f, o.globals)
      ? await required(f, o.globals, o.dept, '--dept', 'Department')
      : await f.prompter.select('Transfer to', (await desk.run(deptList, {})).map((d) => ({ name: d.name, value: d.name })));
    const result = await desk.run(ticketTransfer, { number: o.number, dept });
    printChange(f, o.globals, result, `#${result.ticket.number} transferred to ${result.ticket.department}`);
  });
}
