import { Command } from 'commander';
import { parseTimeSpent } from '../../../core/together.js';
import { ticketNote } from '../../../desk/api/ticket-actions.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { localActor, localFiles, withDesk } from '../../session.js';
import { collectPaths } from '../attach.js';
import { printChange, readBody } from '../shared.js';

export interface NoteOptions {
  number: string;
  body?: string;
  bodyFile?: string;
  title?: string;
  time?: number;
  attach?: string[];
  globals: Globals;
}

export function newNoteCommand(f: Factory, run = runNote): Command {
  return new Command('note')
    .description('add an internal note (never shown to the end user)')
    .argument('<n>', 'ticket number')
    .option('--body <text>', 'the note')
    .option('--body-file <path|->', 'read the note from a file, or - for standard input')
    .option('--title <t>', 'a short title for the note')
    .option('--time <duration>', 'time spent on it: 15m, 1h30m', parseTimeSpent)
    .option('--attach <file>', 'attach a file (repeatable); never shown or mailed to the end user', collectPaths)
    .action((number: string, o: Omit<NoteOptions, 'globals' | 'number'>, cmd: Command) => run(f, { ...o, number, globals: globalsOf(cmd) }));
}

export async function runNote(f: Factory, o: NoteOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const body = await readBody(f, o.globals, o, 'Internal note', desk);
    const result = await desk.run(ticketNote, { number: o.number, body, title: o.title, time: o.time, files: await localFiles(f, desk, o.attach) });
    printChange(f, o.globals, result, `Internal note added to #${result.ticket.number}`, undefined, localActor(f, o.globals, desk));
  });
}
