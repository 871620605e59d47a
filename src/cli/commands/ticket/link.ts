import { Command } from 'commander';
import { parseLinkType, type LinkType } from '../../../core/together.js';
import { ticketLink } from '../../../desk/api/ticket-together.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { withDesk } from '../../session.js';
import { printChange } from '../shared.js';

export interface LinkOptions {
  number: string;
  other: string;
  type?: LinkType;
  globals: Globals;
}

export function newLinkCommand(f: Factory, run = runLink): Command {
  return new Command('link')
    .description('link two tickets: relates (default), duplicates or blocks')
    .argument('<n>', 'ticket number')
    .argument('<m>', 'the other ticket')
    .option('--type <t>', 'relates, duplicates or blocks (<n> duplicates/blocks <m>)', parseLinkType)
    .action((number: string, other: string, o: { type?: LinkType }, cmd: Command) => run(f, { number, other, type: o.type, globals: globalsOf(cmd) }));
}

export async function runLink(f: Factory, o: LinkOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const type = o.type ?? 'relates';
    const result = await desk.run(ticketLink, { number: o.number, other: o.other, type });
    printChange(f, o.globals, result, `Linked #${result.ticket.number} ${type} #${o.other.replace(/^#/, '')}`);
  });
}
