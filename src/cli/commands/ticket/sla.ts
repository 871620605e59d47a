import { Command } from 'commander';
import { ticketSla } from '../../../desk/api/ticket-actions.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { withDesk } from '../../session.js';
import { printChange } from '../shared.js';

export interface SlaOptions {
  number: string;
  plan: string;
  globals: Globals;
}

export function newSlaCommand(f: Factory, run = runSla): Command {
  return new Command('sla')
    .description('put the ticket on another SLA plan; the due time is recomputed')
    .argument('<n>', 'ticket number')
    .argument('<plan>', 'SLA plan, e.g. Sev-A')
    .action((number: string, plan: string, _o: object, cmd: Command) => run(f, { number, plan, globals: globalsOf(cmd) }));
}

export async function runSla(f: Factory, o: SlaOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const result = await desk.run(ticketSla, { number: o.number, plan: o.plan });
    printChange(f, o.globals, result, `#${result.ticket.number} is on ${result.ticket.sla}`);
  });
}
