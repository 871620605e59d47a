import { Command } from 'commander';
import { ticketEdit } from '../../../desk/api/ticket-actions.js';
import { parsePriority } from '../../../core/lifecycle.js';
import type { Priority } from '../../../core/model.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { withDesk } from '../../session.js';
import { printChange } from '../shared.js';

export interface EditOptions {
  number: string;
  subject?: string;
  priority?: Priority;
  topic?: string;
  /** A number, or false with --no-parent. */
  parent?: string | false;
  globals: Globals;
}

export function newEditCommand(f: Factory, run = runEdit): Command {
  return new Command('edit')
    .description("change the ticket's subject, priority or help topic")
    .argument('<n>', 'ticket number')
    .option('--subject <s>', 'new subject')
    .option('--priority <p>', 'low, normal, high or emergency', parsePriority)
    .option('--topic <t>', 'help topic')
    .option('--parent <m>', 'make it a child of ticket <m>')
    .option('--no-parent', 'it is nobody\'s child any more')
    .action((number: string, o: Omit<EditOptions, 'globals' | 'number'>, cmd: Command) => run(f, { ...o, number, globals: globalsOf(cmd) }));
}

export async function runEdit(f: Factory, o: EditOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const result = await desk.run(ticketEdit, { ...o, parent: o.parent === false ? undefined : o.parent, clearParent: o.parent === false });
    printChange(f, o.globals, result, `#${result.ticket.number} updated`);
  });
}
