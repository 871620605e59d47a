import { Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import { ticketCc } from '../../../desk/api/ticket-together.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { withDesk } from '../../session.js';
import { printChange } from '../shared.js';

export interface CcOptions {
  number: string;
  op: 'add' | 'remove';
  emails: string[];
  globals: Globals;
}

function parseOp(text: string): 'add' | 'remove' {
  const op = text.trim().toLowerCase();
  if (op === 'add' || op === 'remove') return op;
  throw new UsageError(`unknown cc action '${text}'`, 'helpdesk ticket cc <n> add|remove <email>…');
}

export function newCcCommand(f: Factory, run = runCc): Command {
  return new Command('cc')
    .description('add or remove collaborators: end users who get agent replies in Cc and may read and post')
    .usage('<n> add|remove <email...>')
    .argument('<n>', 'ticket number')
    .argument('<action>', 'add or remove')
    .argument('<email...>', "end users' email addresses")
    .action((number: string, action: string, emails: string[], _o: unknown, cmd: Command) =>
      run(f, { number, op: parseOp(action), emails, globals: globalsOf(cmd) }));
}

export async function runCc(f: Factory, o: CcOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const result = await desk.run(ticketCc, { number: o.number, op: o.op, emails: o.emails });
    const list = result.ticket.collaborators.map((c) => c.email).join(', ') || 'none';
    printChange(f, o.globals, result, `Collaborators on #${result.ticket.number}: ${list}`);
  });
}
