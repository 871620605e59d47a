import { Command } from 'commander';
import { ticketEdit } from '../../../desk/api/ticket-actions.js';
import { parsePriority } from '../../../core/lifecycle.js';
import { PRIORITIES, type Priority } from '../../../core/model.js';
import { topicList } from '../../../desk/api/org.js';
import { canPrompt, globalsOf, type Factory, type Globals } from '../../factory.js';
import { withDesk, type DeskSession } from '../../session.js';
import { printChange, required } from '../shared.js';

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
    const nothing = o.subject === undefined && o.priority === undefined && o.topic === undefined && o.parent === undefined;
    if (nothing && canPrompt(f, o.globals)) o = { ...o, ...(await pickChange(f, o.globals, desk)) };
    const result = await desk.run(ticketEdit, { ...o, parent: o.parent === false ? undefined : o.parent, clearParent: o.parent === false });
    printChange(f, o.globals, result, `#${result.ticket.number} updated`);
  });
}

/** On a terminal without a flag: what to change, then its value (a list where it is a name). */
async function pickChange(f: Factory, g: Globals, desk: DeskSession): Promise<Partial<EditOptions>> {
  const field = await f.prompter.select<'subject' | 'priority' | 'topic' | 'parent'>('Change', [
    { name: 'Subject', value: 'subject' }, { name: 'Priority', value: 'priority' },
    { name: 'Help topic', value: 'topic' }, { name: 'Parent ticket', value: 'parent' },
  ]);
  if (field === 'subject') return { subject: await required(f, g, undefined, '--subject', 'New subject') };
  if (field === 'priority') return { priority: await f.prompter.select<Priority>('Priority', PRIORITIES.map((p) => ({ name: p, value: p }))) };
  if (field === 'topic') {
    const topics = await desk.run(topicList, {});
    return { topic: await f.prompter.select('Help topic', topics.map((t) => ({ name: t.name, value: t.name }))) };
  }
  return { parent: await required(f, g, undefined, '--parent', 'Parent ticket number') };
}
