import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { TICKET_VERBS } from '../../manifest.js';
import { addVerbs } from '../../verbs.js';

export function newTicketCommand(f: Factory, argv: readonly string[]): Promise<Command> {
  return addVerbs(new Command('ticket').description('create, list, show and work tickets'), f, TICKET_VERBS, argv);
}
