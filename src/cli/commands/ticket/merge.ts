import { Command } from 'commander';
import { ticketMerge } from '../../../desk/api/ticket-together.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { withDesk } from '../../session.js';
import { printChange } from '../shared.js';

export interface MergeOptions {
  target: string;
  sources: string[];
  globals: Globals;
}

export function newMergeCommand(f: Factory, run = runMerge): Command {
  return new Command('merge')
    .description('merge tickets into the first one: threads, attachments and collaborators move; the others close')
    .argument('<target>', 'the ticket that stays')
    .argument('<n...>', 'the tickets merged into it')
    .addHelpText('after', `
One transaction: every ticket merges, or none does. Later mail and replies to a merged ticket land on the target.
  helpdesk ticket merge 100001 100002 100003`)
    .action((target: string, sources: string[], _o: unknown, cmd: Command) => run(f, { target, sources, globals: globalsOf(cmd) }));
}

export async function runMerge(f: Factory, o: MergeOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const result = await desk.run(ticketMerge, { number: o.target, sources: o.sources });
    const merged = o.sources.map((n) => `#${n.replace(/^#/, '')}`).join(', ');
    printChange(f, o.globals, result, `Merged ${merged} into #${result.ticket.number}`);
  });
}
